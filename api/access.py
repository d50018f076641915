"""Who may see which client's data. Every scoped queryset's ``visible_to`` builds on this."""

from __future__ import annotations

from collections.abc import Iterable

from accounts.constants import AGENCY_ROLES, CLIENT_ROLES, Role


def client_ids_visible_to(user) -> Iterable[int] | None:
    """The ids of the clients whose data ``user`` may see; ``None`` means every client.

    For an auditor it is a subquery, so the scoped query stays a single round trip.

    Agency staff see every client; an auditor sees the clients they work for; client-side people
    see their own client; anyone else sees nothing.
    """
    if not user or not user.is_authenticated or not user.is_active:
        return []
    if user.role in AGENCY_ROLES:
        return None
    if user.role == Role.AUDITOR:
        return user.works_for.values("id")
    if user.role in CLIENT_ROLES and user.client_id:
        return [user.client_id]
    return []
