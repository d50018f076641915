"""Who may see what, resolved once per reader: every scoped queryset's ``visible_to`` builds on
``reader_scope``, so each role's rule (the regional manager's above all) is written here alone.

- Agency staff (reviewers, agency admins) see every client.
- An auditor sees the clients they work for (checklists) and their own assignments and audits.
- A client admin sees their client; a regional manager the regions they manage of it.
- Anyone else, or anyone signed out or deactivated, sees nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from accounts.constants import AGENCY_ROLES, CLIENT_ROLES, Role


@dataclass(frozen=True)
class Scope:
    """A reader's reach. ``clients`` None: every client; ``regions`` None: every region of
    those clients (a subquery when limited, so a scoped query stays one round trip)."""

    role: str | None
    user_id: int | None
    clients: Iterable[int] | None
    regions: Iterable[int] | None = None

    @property
    def agency(self) -> bool:
        return self.role in AGENCY_ROLES

    @property
    def client_side(self) -> bool:
        return self.role in CLIENT_ROLES

    def own(self, auditor: str) -> Q:
        """Rows of the field work (assignments, submissions) this reader may see, given the
        lookup of the row's auditor: the agency all, an auditor their own, nobody else any."""
        if self.agency:
            return Q()
        if self.role == Role.AUDITOR:
            return Q(**{auditor: self.user_id})
        return Q(pk__in=[])

    def results(self, *, client: str = "client", region: str = "region") -> Q:
        """Rows of a client's results (locations, regions, scores, approved audits) this reader
        may see, given the lookups of the row's client and region."""
        if self.agency:
            return Q()
        if not self.client_side or not self.clients:
            return Q(pk__in=[])
        condition = Q(**{f"{client}__in": self.clients})
        if self.regions is not None:
            condition &= Q(**{f"{region}__in": self.regions})
        return condition


NOBODY = Scope(role=None, user_id=None, clients=[])


def reader_scope(user) -> Scope:
    if not user or not user.is_authenticated or not user.is_active:
        return NOBODY
    if user.role in AGENCY_ROLES:
        return Scope(user.role, user.pk, None)
    if user.role == Role.AUDITOR:
        return Scope(user.role, user.pk, user.works_for.values("id"))
    if user.role in CLIENT_ROLES and user.client_id:
        regions = user.regions.values("id") if user.role == Role.REGIONAL_MANAGER else None
        return Scope(user.role, user.pk, [user.client_id], regions)
    return NOBODY


def client_ids_visible_to(user) -> Iterable[int] | None:
    """The ids of the clients whose data ``user`` may see; ``None`` means every client."""
    return reader_scope(user).clients
