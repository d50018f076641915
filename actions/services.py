"""Every write of action plans."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action, ActionStatus
from api.errors import DomainError, NotFoundError
from codex.models import Norm
from organizations.models import Location


@transaction.atomic
def action_open(
    *, user, location_id: int, norm: str, what: str, owner: str, due_on: date
) -> Action:
    """A manager or client admin opens an action on a norm at a location they see."""
    location = Location.objects.visible_to(user).filter(pk=location_id).first()
    if location is None:
        raise NotFoundError(_("There is no such location."), attr="location")
    if not Norm.objects.filter(codex_version__client_id=location.client_id, key=norm).exists():
        raise DomainError(
            _("The client's codex has no norm %(key)s.") % {"key": norm},
            code="unknown_norm",
            attr="norm",
        )
    return Action.objects.create(
        client_id=location.client_id,
        location=location,
        norm=norm,
        what=what,
        owner=owner,
        due_on=due_on,
        opened_by=user,
    )


@transaction.atomic
def action_update(*, action: Action, **changes) -> Action:
    """Change what, owner, due date or status; closing it (done, dropped) stamps the time."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    for name, value in changes.items():
        setattr(action, name, value)
    if "status" in changes:
        action.closed_at = None if action.status == ActionStatus.OPEN else timezone.now()
    action.save()
    return action
