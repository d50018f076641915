from tests.audits.conftest import field, media_root  # noqa: F401 - shared fixtures
from tests.scoring.conftest import scored  # noqa: F401 - the fixed scoring data set
