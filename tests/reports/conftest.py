from tests.audits.conftest import field  # noqa: F401 - a shared fixture
from tests.scoring.conftest import scored  # noqa: F401 - the fixed scoring data set
