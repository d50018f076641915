"""Every write of waves: a wave and all its assignments, in one transaction, once per key."""

from __future__ import annotations

import dataclasses
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from api.errors import ConflictError, DomainError, DomainValidationError, NotFoundError
from api.idempotency import IdempotencyConflict, payload_hash
from audits.constants import AssignmentStatus
from audits.models import Assignment
from audits.services import assignment_successor
from organizations.models import Client
from waves import scheduler, selectors
from waves.models import Brief, Wave
from waves.scheduler import Constraint
from waves.translation import BRIEF_TEXTS


def unplaced_rows(plan: scheduler.Plan) -> list[dict]:
    return [
        {
            "location": visit.location,
            "checklist": visit.scenario.checklist,
            "persona": visit.persona.key if visit.persona else None,
            "window_start": visit.window_start.isoformat(),
            "pair": visit.pair,
            "constraint": str(visit.constraint),
        }
        for visit in plan.unplaced
    ]


def wave_plan(*, spec: dict) -> tuple[selectors.WaveInputs, scheduler.Plan]:
    """The plan a wave would be made of now: nothing is written."""
    inputs = selectors.wave_inputs(spec)
    return inputs, scheduler.plan(inputs.demand, inputs.shoppers, inputs.past)


def wave_create(*, user, key: uuid.UUID, spec: dict) -> tuple[Wave, bool]:
    """Plan and create a wave: the wave and every placed visit's assignment (offered to its
    auditor), in one transaction. The same key with the same plan request returns the wave made
    the first time (False); with another request it is refused (409)."""
    digest = payload_hash(spec)
    try:
        with transaction.atomic():
            # One wave of a client at a time: the next one's rotation and loads see this one.
            Client.objects.select_for_update().filter(pk=spec["client"]).first()
            existing = Wave.objects.filter(key=key).first()
            if existing is not None:
                return _replayed(existing, digest), False
            inputs, plan = wave_plan(spec=spec)
            wave = Wave.objects.create(
                key=key,
                client=inputs.client,
                name=spec["name"],
                period_start=spec["period_start"],
                period_end=spec["period_end"],
                spec=_jsonable(spec),
                payload_hash=digest,
                created_by=user,
                coverage=dataclasses.asdict(scheduler.coverage(plan.visits)),
                unplaced=unplaced_rows(plan),
            )
            Assignment.objects.bulk_create(
                [
                    Assignment(
                        client_id=inputs.client.pk,
                        location_id=visit.location,
                        checklist_version_id=visit.scenario.version_id,
                        persona_id=visit.persona.id if visit.persona else None,
                        auditor_id=visit.auditor,
                        window_start=visit.window_start,
                        window_end=visit.window_end,
                        status=AssignmentStatus.OFFERED,
                        wave=wave,
                        pair=visit.pair,
                    )
                    for visit in plan.placed
                ],
                batch_size=1000,
            )
            return wave, True
    except IntegrityError:
        # The same key raced in from another request (or was used for another client's wave).
        existing = Wave.objects.filter(key=key).first()
        if existing is None:
            raise
        return _replayed(existing, digest), False


def _replayed(wave: Wave, digest: str) -> Wave:
    if wave.payload_hash != digest:
        raise IdempotencyConflict(
            _("This key was used for another wave. Send the same plan to retry, or a new key."),
            attr="key",
        )
    return wave


def _jsonable(spec: dict) -> dict:
    return {
        name: value.isoformat() if hasattr(value, "isoformat") else value
        for name, value in spec.items()
    }


# The scheduler's rules (``scheduler.Constraint``) in words, for the people who read a refusal.
RULES = {
    Constraint.NO_AUDITOR: gettext_lazy("no auditor works for the client"),
    Constraint.PERSONA: gettext_lazy("the auditor does not play the visit's persona"),
    Constraint.LANGUAGE: gettext_lazy("the auditor does not speak the persona's language"),
    Constraint.DISTANCE: gettext_lazy("the location is farther than the auditor travels"),
    Constraint.ROTATION: gettext_lazy(
        "the auditor visited the location within the client's rotation months"
    ),
    Constraint.SAME_FACE: gettext_lazy(
        "the location's staff would meet the same auditor twice in the wave"
    ),
    Constraint.CAPACITY: gettext_lazy("the auditor has no room left that week"),
}


@transaction.atomic
def assignment_reassign(
    *, assignment_id: int, auditor, user, reason: str, override: bool = False
) -> Assignment:
    """Give a visit to another auditor: the assignment is cancelled (its auditor's phone is
    told at its next sync; a visit it captured offline meanwhile is held for a reviewer) and a
    new one, offered to ``auditor``, replaces it. The scheduler's rules apply unless
    ``override`` says the agency knows better (the reason is kept on the new assignment)."""
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("client", "location", "persona", "checklist_version__checklist")
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None:
        raise NotFoundError(_("There is no such assignment."), attr=None)
    if assignment.status == AssignmentStatus.CANCELLED or hasattr(assignment, "audit"):
        raise ConflictError(
            _("The assignment is %(status)s or visited already; it cannot be reassigned.")
            % {"status": assignment.status},
            code="not_reassignable",
            current_state=assignment.status,
        )
    if (
        auditor.pk == assignment.auditor_id
        or not auditor.works_for.filter(pk=assignment.client_id).exists()
    ):
        raise DomainError(
            _("Choose another auditor who works for the client."),
            code="not_this_clients_auditor",
            attr="auditor",
        )
    broken = selectors.rule_for(assignment, auditor)
    if broken is not None and not override:
        raise DomainError(
            _(
                "This would break a rule of the scheduler: %(rule)s. Send override with a reason "
                "to give it anyway."
            )
            % {"rule": RULES[broken]},
            code=f"rule_{broken}",
            attr="auditor",
        )
    note = _("Reassigned by %(user)s: %(reason)s") % {"user": user.username, "reason": reason}
    if broken is not None:
        note += " " + _("(rule overridden: %(rule)s)") % {"rule": RULES[broken]}
    Assignment.objects.filter(pk=assignment.pk).update(
        status=AssignmentStatus.CANCELLED, updated_at=timezone.now()
    )
    return assignment_successor(assignment, auditor=auditor, note=note[:500])


@transaction.atomic
def brief_save(*, wave: Wave, situation_key: str, data: dict) -> tuple[Brief, bool]:
    """Write the wave's brief for one situation (a new one, or the one there replaced), and
    mark the wave's assignments in that situation changed, so phones fetch it at their next
    sync."""
    from codex.constants import Direction, VersionStatus
    from codex.models import Situation

    situation = (
        Situation.objects.filter(
            codex_version__client_id=wave.client_id,
            codex_version__status=VersionStatus.PUBLISHED,
            key=situation_key,
        )
        .order_by("-codex_version__number")
        .first()
    )
    if situation is None:
        raise DomainError(
            _("The client's codex has no situation %(key)s.") % {"key": situation_key},
            code="unknown_situation",
            attr="situation_key",
        )
    problems = []
    if situation.direction == Direction.OUTBOUND and not data.get("outbound_trigger", {}).get("en"):
        problems.append(
            {
                "code": "required",
                "detail": _("Say how the auditor brings about the staff's contact."),
                "attr": "outbound_trigger",
            }
        )
    if data.get("complaint", {}).get("en") and data.get("complaint_justified") is None:
        problems.append(
            {
                "code": "required",
                "detail": _("Say whether the complaint is justified."),
                "attr": "complaint_justified",
            }
        )
    if problems:
        raise DomainValidationError(problems, _("The brief is not complete."))
    values = {
        "purchase": data["purchase"],
        "spending_limit": data.get("spending_limit"),
        "currency": data.get("currency", ""),
        "complaint_justified": data.get("complaint_justified"),
    }
    for name in BRIEF_TEXTS:
        texts = data.get(name) or {}
        for language, _name in settings.LANGUAGES:
            values[f"{name}_{language}"] = texts.get(language, "")
    brief, created = Brief.objects.update_or_create(
        wave=wave, situation_key=situation_key, defaults=values
    )
    Assignment.objects.filter(wave=wave, checklist_version__situation__key=situation_key).update(
        updated_at=timezone.now()
    )
    return brief, created
