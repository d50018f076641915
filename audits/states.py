"""The audit state machine, in one place.

    (new) ──submit──▶ awaiting_photos ──last photo──▶ submitted ──approve──▶ approved
      └──submit (no photos needed)──────────────────▶ submitted ──return───▶ returned
                                                                  returned ──submit──▶ …
    awaiting_photos, submitted or returned ──reject──▶ rejected
    (new) or returned ──submit, the assignment cancelled meanwhile──▶ held
    held ──release──▶ awaiting_photos or submitted;  held ──reject──▶ rejected
    submitted or approved ──amend (a reviewer's edit, a new revision)──▶ the same state

An approved audit is final: only a reviewer's amendment (an upheld appeal) changes it, as a new
revision that is scored again; a rejected one never counts and is final too (its
assignment can be reissued).
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext as _

from api.errors import ConflictError
from audits.constants import AuditStatus


class Event(StrEnum):
    SUBMIT = "submit"
    PHOTOS_COMPLETE = "photos_complete"
    APPROVE = "approve"
    RETURN = "return"
    UPLOAD_PHOTO = "upload_photo"
    CLEAR_FLAG = "clear_flag"
    REJECT = "reject"
    RELEASE = "release"
    AMEND = "amend"
    APPEAL = "appeal"
    DISMISS_APPEAL = "dismiss_appeal"


NEW = None

TRANSITIONS: dict[tuple[str | None, Event], frozenset[str]] = {
    (NEW, Event.SUBMIT): frozenset(
        {AuditStatus.AWAITING_PHOTOS, AuditStatus.SUBMITTED, AuditStatus.HELD}
    ),
    (AuditStatus.RETURNED, Event.SUBMIT): frozenset(
        {AuditStatus.AWAITING_PHOTOS, AuditStatus.SUBMITTED, AuditStatus.HELD}
    ),
    # A visit captured offline for an assignment cancelled meanwhile is kept, held for a
    # reviewer: its photos still arrive, and the reviewer releases it into review or rejects it.
    (AuditStatus.HELD, Event.UPLOAD_PHOTO): frozenset({AuditStatus.HELD}),
    (AuditStatus.HELD, Event.RELEASE): frozenset(
        {AuditStatus.AWAITING_PHOTOS, AuditStatus.SUBMITTED}
    ),
    (AuditStatus.AWAITING_PHOTOS, Event.PHOTOS_COMPLETE): frozenset({AuditStatus.SUBMITTED}),
    (AuditStatus.AWAITING_PHOTOS, Event.UPLOAD_PHOTO): frozenset({AuditStatus.AWAITING_PHOTOS}),
    (AuditStatus.SUBMITTED, Event.UPLOAD_PHOTO): frozenset({AuditStatus.SUBMITTED}),
    (AuditStatus.SUBMITTED, Event.APPROVE): frozenset({AuditStatus.APPROVED}),
    (AuditStatus.SUBMITTED, Event.RETURN): frozenset({AuditStatus.RETURNED}),
    **{
        (status, Event.REJECT): frozenset({AuditStatus.REJECTED})
        for status in (
            AuditStatus.AWAITING_PHOTOS,
            AuditStatus.SUBMITTED,
            AuditStatus.RETURNED,
            AuditStatus.HELD,
        )
    },
    # A reviewer's edit is a new revision with a reason, never a change in place: under review,
    # or after approval (an upheld appeal), when the audit is scored again.
    (AuditStatus.SUBMITTED, Event.AMEND): frozenset({AuditStatus.SUBMITTED}),
    (AuditStatus.APPROVED, Event.AMEND): frozenset({AuditStatus.APPROVED}),
    # A reviewer clears a flag while the audit is under review; an approved audit is final.
    **{
        (status, Event.CLEAR_FLAG): frozenset({status})
        for status in (
            AuditStatus.AWAITING_PHOTOS,
            AuditStatus.SUBMITTED,
            AuditStatus.RETURNED,
            AuditStatus.HELD,
        )
    },
}


class IllegalTransition(ConflictError):
    code = "illegal_transition"


def transition(current: str | None, event: Event, target: str | None = None) -> str:
    """The state after ``event``; 409 with the current state when it is not allowed here."""
    allowed = TRANSITIONS.get((current, event))
    if not allowed:
        raise IllegalTransition(
            _("The audit's state (%(state)s) does not allow this.")
            % {"state": current or _("not started")},
            current_state=current,
        )
    if target is None:
        if len(allowed) != 1:
            raise ValueError(f"{event} from {current} needs an explicit target")
        return next(iter(allowed))
    if target not in allowed:
        raise IllegalTransition(
            _("The audit cannot move from %(current)s to %(target)s.")
            % {"current": current, "target": target},
            current_state=current,
        )
    return target
