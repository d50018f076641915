from django.db import models


class Role(models.TextChoices):
    """What a person does in the system (DOMAIN.md, "Who uses the system")."""

    AUDITOR = "auditor", "Auditor"
    REVIEWER = "reviewer", "Reviewer"
    REGIONAL_MANAGER = "regional_manager", "Regional manager"
    CLIENT_ADMIN = "client_admin", "Client admin"
    AGENCY_ADMIN = "agency_admin", "Agency admin"


AGENCY_ROLES = frozenset({Role.REVIEWER, Role.AGENCY_ADMIN})
# A tuple, not a set: migrations serialise it, and its order must not change between runs.
CLIENT_ROLES = (Role.CLIENT_ADMIN, Role.REGIONAL_MANAGER)
