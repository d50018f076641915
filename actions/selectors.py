from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from actions.models import Action, ActionStatus
from scoring.figures import norm_since
from scoring.models import NormResult


def actions_visible(*, user) -> QuerySet[Action]:
    return Action.objects.visible_to(user).select_related("location__region", "opened_by")


def overdue(queryset: QuerySet[Action], today: date | None = None) -> QuerySet[Action]:
    return queryset.filter(status=ActionStatus.OPEN, due_on__lt=today or timezone.localdate())


def norm_results(actions: list[Action]) -> dict[tuple[int, str], list[tuple[date, bool]]]:
    """The norm's results at each action's location (visit date, met), in one statement."""
    if not actions:
        return {}
    locations = {action.location_id for action in actions}
    norms = {action.norm for action in actions}
    rows = NormResult.objects.filter(
        audit_score__location_id__in=locations,
        norm__in=norms,
        met__isnull=False,
        audit_score__total__isnull=False,
    ).values_list("audit_score__location_id", "norm", "audit_score__visited_on", "met")
    results: dict[tuple[int, str], list[tuple[date, bool]]] = {}
    for location, norm, visited_on, met in rows:
        results.setdefault((location, norm), []).append((visited_on, met))
    return results


def with_figures(actions) -> list:
    """Each action with whether it is overdue and its norm's rate before and since."""
    actions = list(actions)
    results = norm_results(actions)
    today = timezone.localdate()
    for action in actions:
        action.overdue = action.status == ActionStatus.OPEN and action.due_on < today
        before, since = norm_since(
            results.get((action.location_id, action.norm), []), action.opened_at.date()
        )
        action.before, action.since = (
            {"audits": e.n, "rate": e.mean, "low": e.low, "high": e.high} for e in (before, since)
        )
    return actions
