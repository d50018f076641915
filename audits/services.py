"""Every write to field audits. Submissions and photos are idempotent by the phone's UUID: the
database's primary key is what stops duplicates, not a check before the insert."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import uuid
import zoneinfo
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from api.errors import ConflictError, DomainError, DomainValidationError, NotFoundError
from api.idempotency import IdempotencyConflict
from api.idempotency import payload_hash as _payload_hash
from audits import durations, plausibility
from audits.answers import AnswerInput, answer_problems, required_photos
from audits.constants import AppealStatus, AssignmentStatus, AuditStatus, FlagCode
from audits.models import (
    Answer,
    Appeal,
    Assignment,
    Audit,
    Flag,
    Photo,
    ReviewComment,
    ReviewEvent,
    Submission,
)
from audits.photos import PhotoLimits, process_photo
from audits.selectors import checklist_rules, missing_photos
from audits.states import Event, IllegalTransition, transition
from checklists.constants import ItemType
from checklists.models import ChecklistVersion
from organizations.models import BusinessHours, Location
from scoring.services import audit_score_store, follow_up_outcome_store

logger = logging.getLogger(__name__)


# --- assignments -----------------------------------------------------------------------------


@transaction.atomic
def assignment_respond(
    *, assignment: Assignment, user, accept: bool, reason: str = ""
) -> Assignment:
    """The auditor accepts or declines an assignment. Repeating the same answer is harmless
    (phones retry); changing it once an audit exists is not allowed."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.auditor_id != user.pk:
        raise NotFoundError(_("Not found."))
    target = AssignmentStatus.ACCEPTED if accept else AssignmentStatus.DECLINED
    if assignment.status == target:
        return assignment
    allowed_from = {AssignmentStatus.OFFERED}
    if not accept:
        allowed_from.add(AssignmentStatus.ACCEPTED)
    if (
        assignment.status not in allowed_from
        or Audit.objects.filter(assignment=assignment).exists()
    ):
        raise ConflictError(
            _("The assignment is %(status)s and cannot be %(target)s now.")
            % {"status": assignment.status, "target": target},
            code="illegal_transition",
            current_state=assignment.status,
        )
    assignment.status = target
    assignment.decline_reason = reason if not accept else ""
    assignment.save(update_fields=["status", "decline_reason", "updated_at"])
    return assignment


@transaction.atomic
def follow_up_no_contact(*, assignment: Assignment, user) -> Assignment:
    """The auditor reports that staff never got back: a follow-up contact's window has passed
    with no contact. Final, like a decline; reporting it again is harmless (phones retry). The
    first visit's score then counts it as never followed up (``follow_up_outcome_store``)."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.auditor_id != user.pk:
        raise NotFoundError(_("Not found."))
    if assignment.status == AssignmentStatus.NO_CONTACT:
        return assignment
    if assignment.first_visit_id is None:
        raise ConflictError(
            _("Only a follow-up contact can be reported as never made."),
            code="not_a_follow_up",
            current_state=assignment.status,
        )
    if (
        assignment.status not in (AssignmentStatus.OFFERED, AssignmentStatus.ACCEPTED)
        or Audit.objects.filter(assignment=assignment).exists()
    ):
        raise ConflictError(
            _(
                "This assignment cannot be reported as without contact: it has a visit, or "
                "it was declined or cancelled."
            ),
            code="illegal_transition",
            current_state=assignment.status,
        )
    if timezone.now() < assignment.window_end:
        raise ConflictError(
            _("Staff may still get back until the window ends; report it after that."),
            code="window_still_open",
            current_state=assignment.status,
        )
    assignment.status = AssignmentStatus.NO_CONTACT
    assignment.save(update_fields=["status", "updated_at"])
    follow_up_outcome_store(assignment.first_visit_id)
    return assignment


# --- submissions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SubmissionInput:
    """A submission as the phone sends it, after its shape has been checked."""

    id: uuid.UUID
    assignment_id: int
    started_at: datetime
    ended_at: datetime
    device_time: datetime
    answers: dict[str, AnswerInput]
    check_in_latitude: Any = None
    check_in_longitude: Any = None
    check_in_accuracy_m: float | None = None
    comment: str = ""
    raw: dict[str, Any] | None = None


# Phone-generated ids are unique per auditor. A row takes the phone's id as its own id while no
# row has it; when another auditor's row already does, the row's id is derived from the auditor
# and the phone's id instead. Either way the phone sees its own id, and nobody can learn from
# any answer that someone else used an id.
ROW_ID_NAMESPACE = uuid.UUID("6f1c2d0e-8a59-4c1e-9d7b-2f3a4b5c6d7e")


def row_id(*, key: uuid.UUID, auditor_id: int, taken: bool = False) -> uuid.UUID:
    """The id a new row gets for the phone's ``key``: the key itself, tried first (nothing is
    looked up: the insert fails if another auditor's row has it), or, once ``taken``, one
    derived from the auditor and the key."""
    return uuid.uuid5(ROW_ID_NAMESPACE, f"{auditor_id}:{key}") if taken else key


_KEY = Submission._meta.get_field("key")

# A new submission's first statement (which almost never finds anything) and all a resend reads
# before its photos: your row with this id and what its answer shows of its audit. Written out:
# composing it through the ORM cost a millisecond of CPU on every new submission.
REPLAY_SQL = """
SELECT s.id, s.key, s.audit_id, s.revision, s.received_at, s.required_photos, s.payload_hash,
       a.status AS audit_status, a.current_submission_id AS audit_current
  FROM audits_submission s JOIN audits_audit a ON a.id = s.audit_id
 WHERE s.auditor_id = %s AND s.key = %s
"""


def _replay(submission_id: uuid.UUID, user, payload_hash: str) -> Submission | None:
    """Your stored submission with this id when the request repeats it; 409 when you used the
    id for something else. Other auditors' ids are not looked at. The submission carries the
    columns its answer shows, and its audit the status and current revision (other fields are
    read when asked for)."""
    rows = Submission.objects.raw(
        REPLAY_SQL, [user.pk, _KEY.get_db_prep_value(submission_id, connection)]
    )
    existing = next(iter(rows), None)
    if existing is None:
        return None
    if existing.payload_hash != payload_hash:
        raise IdempotencyConflict(
            _(
                "This submission id was already used with different content. Send the same "
                "content to retry, or a new id for a new submission."
            ),
            attr="id",
        )
    existing.audit = Audit(
        id=existing.audit_id,
        status=existing.audit_status,
        current_submission_id=_KEY.to_python(existing.audit_current),
    )
    return existing


def submission_create(*, user, data: SubmissionInput) -> tuple[Submission, bool]:
    """Store a submission (a new revision of the assignment's audit) or return the one this id
    already made. Returns the submission and whether it was created now.

    A resend is answered from one indexed read of your (auditor, id) before anything else. A new
    submission locks its assignment (reading its checklist, location and audit in the same
    statement), checks the answers, then inserts the audit, the submission and its answers; the
    unique (auditor, id) constraint, not a second look, is what stops a concurrent twin, which
    then gets the first one's row back."""
    payload_hash = _payload_hash(data.raw or {})
    existing = _replay(data.id, user, payload_hash)
    if existing is not None:
        return existing, False
    for taken in (False, True):
        try:
            with transaction.atomic():
                assignment = _locked_assignment(data.assignment_id, user)
                checklist = checklist_rules(assignment.checklist_version)
                _check_fits(checklist, data)
                data = _with_computed_durations(data, checklist, assignment.id)
                needs_photos = required_photos(checklist.rules, checklist.min_photos, data.answers)
                row = row_id(key=data.id, auditor_id=user.pk, taken=taken)
                submission = _store_submission(
                    assignment, checklist, needs_photos, data, payload_hash, row
                )
                return submission, True
        except (IntegrityError, IllegalTransition) as error:
            # A concurrent twin got the lock first: its row is now there (the audit's state
            # refused this one, or the unique id did). Answer with it, as a resend is answered.
            existing = _replay(data.id, user, payload_hash)
            if existing is not None:
                return existing, False
            if isinstance(error, DomainError):
                raise
            # Another auditor's row has this id: go on under a derived one.
    raise ConflictError(_("The submission could not be stored; retry."), code="retry")


class LockedAssignment(NamedTuple):
    """What storing a submission needs of its assignment, read under the assignment's lock."""

    id: int
    auditor_id: int
    window_start: datetime
    window_end: datetime
    checklist_version: ChecklistVersion  # unsaved: its id, status and content hash only
    channel: str
    latitude: float | None
    longitude: float | None
    radius_m: int
    audit_id: int | None
    # Cancelled or declined while the phone was offline: the visit is kept, held for review.
    held: bool = False


# An assignment in these states still takes the visit its phone captured before it heard of the
# change, held for a reviewer to decide (never refused, so the phone never drops it). An offered
# one is still refused: the phone accepts it first.
HELD_WHEN = (AssignmentStatus.CANCELLED, AssignmentStatus.DECLINED)


# One statement, written out: it runs for every new submission, and composing it through the
# ORM (four joins, model instances for each) cost more CPU than everything the database does
# for it. FOR UPDATE OF the assignment alone, since the audit is on the outer side of a join.
LOCKED_ASSIGNMENT_SQL = """
SELECT a.id, a.auditor_id, a.status, a.window_start, a.window_end,
       v.id, v.status, v.content_hash, c.channel,
       l.latitude, l.longitude, l.check_in_radius_m, au.id
  FROM audits_assignment a
  JOIN checklists_checklistversion v ON v.id = a.checklist_version_id
  JOIN checklists_checklist c ON c.id = v.checklist_id
  JOIN organizations_location l ON l.id = a.location_id
  LEFT JOIN audits_audit au ON au.assignment_id = a.id
 WHERE a.id = %s AND a.auditor_id = %s
   FOR UPDATE OF a
"""


def _locked_assignment(assignment_id: int, user) -> LockedAssignment:
    """Your accepted assignment, locked: one submitter at a time per assignment, so a
    concurrent twin waits here. Its checklist, location and audit come in the same statement."""
    sql = LOCKED_ASSIGNMENT_SQL
    if not connection.features.has_select_for_update:
        sql = sql.replace("FOR UPDATE OF a", "")  # SQLite: the write lock serialises anyway
    with connection.cursor() as cursor:
        cursor.execute(sql, [assignment_id, user.pk])
        row = cursor.fetchone()
    if row is None:
        raise NotFoundError(_("No such assignment of yours."), attr="assignment")
    (
        pk,
        auditor_id,
        status,
        start,
        end,
        version_id,
        version_status,
        content_hash,
        channel,
        latitude,
        longitude,
        radius_m,
        audit_id,
    ) = row
    if status not in (AssignmentStatus.ACCEPTED, *HELD_WHEN):
        raise ConflictError(
            _("The assignment is %(status)s; accept it before submitting.") % {"status": status},
            code="assignment_not_accepted",
            attr="assignment",
            current_state=status,
        )
    return LockedAssignment(
        id=pk,
        auditor_id=auditor_id,
        held=status in HELD_WHEN,
        window_start=_aware(start),
        window_end=_aware(end),
        checklist_version=ChecklistVersion(
            id=version_id, status=version_status, content_hash=content_hash
        ),
        channel=channel,
        latitude=_float(latitude),
        longitude=_float(longitude),
        radius_m=radius_m,
        audit_id=audit_id,
    )


def _check_fits(checklist, data: SubmissionInput) -> None:
    """400 naming every answer that does not fit the pinned checklist version."""
    problems = answer_problems(checklist.rules, data.answers)
    if data.ended_at < data.started_at:
        problems.append(
            {
                "code": "ends_before_start",
                "detail": _("The visit ends before it starts."),
                "attr": "ended_at",
            }
        )
    if problems:
        raise DomainValidationError(problems, _("The submission does not fit its checklist."))


def _with_computed_durations(data: SubmissionInput, checklist, assignment_id: int):
    """The submission with each duration answered as two moments given its value: the time
    between them, in the client's business hours where the item says so (read only then)."""
    timed = [key for key, answer in data.answers.items() if answer.timed]
    if not timed:
        return data
    zone, hours = None, []
    rules = {rule.key: rule for rule in checklist.rules}
    if any(rules[key].business_hours for key in timed):
        zone, hours = _business_calendar(assignment_id)
    answers = dict(data.answers)
    for key in timed:
        answer = answers[key]
        seconds = (
            durations.business_elapsed(answer.started_at, answer.ended_at, zone, hours)
            if rules[key].business_hours
            else durations.elapsed(answer.started_at, answer.ended_at)
        )
        answers[key] = replace(answer, value=durations.as_value(seconds))
    return replace(data, answers=answers)


def _business_calendar(assignment_id: int) -> tuple[zoneinfo.ZoneInfo, list]:
    """The assignment's location's time zone and its client's opening hours."""
    zone, client_id = Location.objects.filter(assignments=assignment_id).values_list(
        "time_zone", "client_id"
    )[0]
    hours = list(
        BusinessHours.objects.filter(client_id=client_id).values_list("weekday", "opens", "closes")
    )
    return zoneinfo.ZoneInfo(zone), hours


def _store_submission(assignment, checklist, needs_photos, data, payload_hash, row) -> Submission:
    # The assignment is locked; an existing audit (a revision) is locked too, as review
    # changes it.
    audit = None
    if assignment.audit_id is not None:
        audit = Audit.objects.select_for_update().get(pk=assignment.audit_id)
    now = timezone.now()
    submission = Submission(
        id=row,
        key=data.id,
        auditor_id=assignment.auditor_id,
        revision=1,
        payload_hash=payload_hash,
        started_at=data.started_at,
        ended_at=data.ended_at,
        device_time=data.device_time,
        received_at=now,
        check_in_latitude=data.check_in_latitude,
        check_in_longitude=data.check_in_longitude,
        check_in_accuracy_m=data.check_in_accuracy_m,
        comment=data.comment,
        required_photos=needs_photos,
    )
    if audit is None:
        # The first submission: no photo can exist yet, so every required one is missing. The
        # audit is written whole, pointing at the submission inserted next (the foreign key is
        # checked at commit).
        missing = [
            {"item": key, "required": needed, "received": 0} for key, needed in needs_photos.items()
        ]
        status = AuditStatus.AWAITING_PHOTOS if missing else AuditStatus.SUBMITTED
        if assignment.held:
            status = AuditStatus.HELD
        transition(None, Event.SUBMIT, status)
        audit = Audit.objects.create(
            assignment_id=assignment.id,
            status=status,
            current_submission_id=row,
            submitted_at=None if missing or assignment.held else now,
        )
        submission.audit = audit
        submission.save(force_insert=True)
    else:
        transition(
            audit.status,
            Event.SUBMIT,
            AuditStatus.HELD if assignment.held else AuditStatus.SUBMITTED,
        )
        submission.revision = audit.submissions.count() + 1
        submission.audit = audit
        submission.save(force_insert=True)
        audit.current_submission = submission
        # Photos already uploaded for the audit still count for the new revision.
        missing = missing_photos(audit)
        audit.status = AuditStatus.AWAITING_PHOTOS if missing else AuditStatus.SUBMITTED
        if assignment.held:
            audit.status = AuditStatus.HELD
        elif not missing:
            audit.submitted_at = now
        audit.save(update_fields=["status", "current_submission", "submitted_at", "updated_at"])
    audit.current_submission = submission
    # Kept for the answer to the phone: the revision is new, so nothing else can change it.
    submission.missing_photos = missing
    _insert_answers(submission.pk, _answer_rows(checklist, data.answers))
    facts = plausibility.VisitFacts(
        channel=assignment.channel,
        started_at=data.started_at,
        ended_at=data.ended_at,
        device_time=data.device_time,
        received_at=now,
        window_start=assignment.window_start,
        window_end=assignment.window_end,
        location_lat=assignment.latitude,
        location_lon=assignment.longitude,
        radius_m=assignment.radius_m,
        check_in_lat=_float(data.check_in_latitude),
        check_in_lon=_float(data.check_in_longitude),
        check_in_accuracy_m=data.check_in_accuracy_m,
        durations={
            key: float(answer.value)
            for key, answer in data.answers.items()
            if checklist.item_types[key] == ItemType.DURATION
            and not answer.is_na
            and answer.value is not None
        },
    )
    findings = plausibility.submission_findings(facts)
    if findings:
        Flag.objects.bulk_create(
            Flag(audit=audit, submission=submission, code=f.code, detail=f.detail, data=f.data)
            for f in findings
        )
    return submission


def _answer_rows(checklist, answers: dict[str, AnswerInput]) -> list[tuple]:
    """A revision's answers as ``_insert_answers`` takes them."""
    return [
        (
            checklist.item_ids[key],
            None if answer.is_na or answer.never else answer.value,
            answer.is_na,
            answer.comment,
            answer.never,
            answer.started_at,
            answer.ended_at,
        )
        for key, answer in answers.items()
    ]


def _insert_answers(
    submission_id, rows: list[tuple[int, Any, bool, str, bool, datetime | None, datetime | None]]
) -> None:
    """Insert a revision's answers, each ``(item id, value, is N/A, comment, did not happen,
    started, ended)``. On PostgreSQL in one statement: the rows travel as one JSON document
    that the database unpacks, where a bulk insert through the ORM spent more CPU building sixty
    model instances and quoting three hundred parameters than the database spent storing them.
    A JSON null value is stored as SQL NULL, as the ORM stores None."""
    if connection.vendor != "postgresql":
        Answer.objects.bulk_create(
            Answer(
                submission_id=submission_id,
                item_id=item,
                value=value,
                is_na=na,
                comment=text,
                never=never,
                started_at=started,
                ended_at=ended,
            )
            for item, value, na, text, never, started, ended in rows
        )
        return
    column = {name: Answer._meta.get_field(name).column for name in _ANSWER_FIELDS}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(Answer._meta.db_table)} "
            f"({', '.join(quote(column[name]) for name in _ANSWER_FIELDS)}) "
            "SELECT %s, (r->>0)::bigint, NULLIF(r->1, 'null'::jsonb), (r->>2)::boolean, r->>3, "
            "(r->>4)::boolean, (r->>5)::timestamptz, (r->>6)::timestamptz "
            "FROM jsonb_array_elements(%s::jsonb) AS r",
            [submission_id, json.dumps(rows, default=datetime.isoformat)],
        )


_ANSWER_FIELDS = (
    "submission",
    "item",
    "value",
    "is_na",
    "comment",
    "never",
    "started_at",
    "ended_at",
)


def _float(value) -> float | None:
    return None if value is None else float(value)


def _aware(value: datetime) -> datetime:
    """A timestamp read by hand: SQLite hands back a naive UTC datetime."""
    return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)


# --- photos ----------------------------------------------------------------------------------


def photo_limits() -> PhotoLimits:
    return PhotoLimits(
        max_bytes=settings.PHOTO_MAX_BYTES,
        max_pixels=settings.PHOTO_MAX_PIXELS,
        display_size=settings.PHOTO_DISPLAY_SIZE,
        thumbnail_size=settings.PHOTO_THUMBNAIL_SIZE,
    )


def _photo_replay(photo_id, user, sha256: str, submission_id, item_key: str) -> Photo | None:
    """Your stored photo with this id when the request repeats it; 409 when you used the id for
    another file. Other auditors' ids are not looked at."""
    existing = (
        Photo.objects.select_related("item", "submission")
        .filter(auditor=user, key=photo_id)
        .first()
    )
    if existing is None:
        return None
    same = (
        existing.sha256 == sha256
        and existing.submission.key == submission_id
        and existing.item.key == item_key
    )
    if not same:
        raise IdempotencyConflict(
            _(
                "This photo id was already used for another file. Retry with the same file, or "
                "use a new id for a new photo."
            ),
            attr="id",
        )
    return existing


def photo_upload(
    *, user, photo_id: uuid.UUID, submission_id: uuid.UUID, item_key: str, data: bytes
) -> tuple[Photo, bool]:
    """Store one photo of an item, or return the one this id already made."""
    sha256 = hashlib.sha256(data).hexdigest()
    existing = _photo_replay(photo_id, user, sha256, submission_id, item_key)
    if existing is not None:
        return existing, False
    submission = (
        Submission.objects.select_related(
            "audit__assignment__location", "audit__assignment__checklist_version"
        )
        .filter(key=submission_id, auditor=user)
        .first()
    )
    if submission is None:
        raise NotFoundError(_("No such submission of yours."), attr="submission")
    audit = submission.audit
    transition(audit.status, Event.UPLOAD_PHOTO)
    if audit.current_submission_id != submission.pk:
        raise ConflictError(
            _("Photos go with the audit's newest revision."),
            code="stale_submission",
            attr="submission",
        )
    item = audit.assignment.checklist_version.items.filter(key=item_key).first()
    if item is None:
        raise DomainError(_("This checklist has no such item."), code="unknown_item", attr="item")

    processed = process_photo(data, photo_limits())
    # Named by the photo's id and content: a retry (or a twin) of the same upload writes the same
    # names with the same bytes, overwriting what a killed attempt left, so no second pair; a
    # different file under the same id gets names of its own.
    folder = f"photos/{audit.assignment.client_id}/{audit.pk}"
    stem = f"{folder}/{photo_id}-{sha256[:16]}"
    names = [f"{stem}.jpg", f"{stem}-thumb.jpg"]
    for name, content in zip(names, (processed.display, processed.thumbnail), strict=True):
        _write_file(name, content)
    try:
        for taken in (False, True):
            try:
                with transaction.atomic():
                    row = row_id(key=photo_id, auditor_id=user.pk, taken=taken)
                    photo = _store_photo(
                        row, photo_id, user, audit, submission, item, processed, names, len(data)
                    )
                return photo, True
            except IntegrityError:
                existing = _photo_replay(photo_id, user, sha256, submission_id, item_key)
                if existing is not None:
                    _discard_unreferenced(names)
                    return existing, False
                # Another auditor's photo has this id: go on under a derived one.
        raise ConflictError(_("The photo could not be stored; retry."), code="retry")
    except BaseException:
        _discard_unreferenced(names)
        raise


def _write_file(name: str, content: bytes) -> None:
    """Store ``content`` under exactly ``name``, replacing what is there (the half-written file
    of an attempt killed mid-write, or a concurrent twin's identical one). Never a moment with a
    partial file under ``name``."""
    if isinstance(default_storage, FileSystemStorage):
        # Written beside it under a temporary name, then renamed over it: atomic on one file
        # system, so twins racing each other each leave a whole file.
        path = Path(default_storage.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(content)
            if default_storage.file_permissions_mode is not None:
                os.chmod(temporary, default_storage.file_permissions_mode)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return
    # Object storage writes an object whole or not at all; an existing one under this name
    # holds the same bytes (the name is made of them), so a copy saved beside it goes.
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:
        default_storage.delete(saved)


def _discard_unreferenced(names: list[str]) -> None:
    """Delete files this attempt wrote, unless a committed photo (a twin's) uses them. With the
    database gone too, they stay for ``manage.py photo_orphans`` (or the retry overwrites them)."""
    try:
        used = set(Photo.objects.filter(display__in=names).values_list("display", flat=True))
        used |= set(Photo.objects.filter(thumbnail__in=names).values_list("thumbnail", flat=True))
    except DatabaseError:
        logger.warning("photo files %s left for photo_orphans: the database is unreachable", names)
        return
    for name in names:
        if name not in used:
            default_storage.delete(name)


def _store_photo(row, photo_id, user, audit, submission, item, processed, saved, size) -> Photo:
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    transition(audit.status, Event.UPLOAD_PHOTO)
    location = audit.assignment.location
    captured_at = processed.captured_at
    if captured_at is not None and processed.captured_at_is_local:
        captured_at = captured_at.replace(tzinfo=zoneinfo.ZoneInfo(location.time_zone))
    photo = Photo(
        id=row,
        key=photo_id,
        auditor=user,
        audit=audit,
        submission=submission,
        item=item,
        sha256=processed.sha256,
        phash=processed.phash,
        width=processed.width,
        height=processed.height,
        original_format=processed.original_format,
        original_bytes=size,
        captured_at=captured_at,
        latitude=processed.latitude,
        longitude=processed.longitude,
    )
    photo.display.name, photo.thumbnail.name = saved
    photo.save(force_insert=True)

    flags = []
    if finding := plausibility.photo_time_finding(
        captured_at, submission.started_at, submission.ended_at
    ):
        flags.append(finding)
    # Exact copies anywhere; near copies (re-encoded, resized) among the same location's photos.
    others = list(
        Photo.objects.exclude(audit=audit)
        .filter(
            Q(sha256=processed.sha256)
            | Q(phash=processed.phash)
            | Q(audit__assignment__location=location)
        )
        .values_list("phash", "sha256")
    )
    if plausibility.is_reused(processed.phash, processed.sha256, others):
        flags.append(plausibility.Finding(FlagCode.PHOTO_REUSED))
    Flag.objects.bulk_create(
        Flag(
            audit=audit,
            submission=submission,
            photo=photo,
            code=f.code,
            detail=f.detail,
            data=f.data,
        )
        for f in flags
    )
    if audit.status == AuditStatus.AWAITING_PHOTOS and not missing_photos(audit):
        audit.status = transition(audit.status, Event.PHOTOS_COMPLETE)
        audit.submitted_at = timezone.now()
        audit.save(update_fields=["status", "submitted_at", "updated_at"])
    return photo


# --- review ----------------------------------------------------------------------------------


@transaction.atomic
def audit_approve(*, audit: Audit, reviewer, grade: int | None = None, note: str = "") -> Audit:
    """Approve an audit under review, with an optional grade (1 to 5) of the auditor's report."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    before = audit.status
    audit.status = transition(audit.status, Event.APPROVE)
    audit.approved_at = timezone.now()
    audit.approved_by = reviewer
    audit.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    _logged(audit, reviewer, Event.APPROVE, before, grade=grade, note=note)
    # Scores are stored with the approval, in the same transaction: an approved audit always
    # has one.
    score = audit_score_store(audit=audit)
    _announce_approval(audit, score)
    return audit


def _announce_approval(audit: Audit, score) -> None:
    """Tell the client's endpoints and people: the audit is approved, and, when it missed a
    critical norm, that too (ids only: no names, nothing of the auditor)."""
    from notifications.models import EventKind
    from notifications.services import notify

    data = {"audit": audit.pk, "location": score.location_id, "region": score.region_id}
    notify(
        EventKind.AUDIT_APPROVED,
        client_id=score.client_id,
        region_id=score.region_id,
        data={**data, "score": score.total, "failed": score.failed},
    )
    if score.failed:
        notify(
            EventKind.CRITICAL_MISS,
            client_id=score.client_id,
            region_id=score.region_id,
            data=data,
        )


@transaction.atomic
def flag_clear(*, audit: Audit, flag_id: int, reviewer, note: str) -> Flag:
    """The reviewer has checked a plausibility flag and found it fine. Clearing a cleared flag
    again changes nothing (a retry is harmless); an approved audit is final (409)."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    transition(audit.status, Event.CLEAR_FLAG)
    flag = Flag.objects.filter(audit=audit, pk=flag_id).first()
    if flag is None:
        raise NotFoundError(_("This audit has no such flag."), attr="flag")
    if not flag.cleared:
        _logged(audit, reviewer, Event.CLEAR_FLAG, audit.status, note=f"{flag.code}: {note}")
        flag.cleared = True
        flag.cleared_at = timezone.now()
        flag.cleared_by = reviewer
        flag.clear_note = note
        flag.save(update_fields=["cleared", "cleared_at", "cleared_by", "clear_note"])
    return flag


@dataclass(frozen=True)
class ReviewNote:
    item_key: str | None
    comment: str


@transaction.atomic
def audit_return(*, audit: Audit, reviewer, notes: list[ReviewNote]) -> Audit:
    """Send the audit back to its auditor with comments, per item or on the whole."""
    audit = (
        Audit.objects.select_for_update()
        .select_related("assignment__checklist_version")
        .get(pk=audit.pk)
    )
    before = audit.status
    audit.status = transition(audit.status, Event.RETURN)
    items = {item.key: item for item in audit.assignment.checklist_version.items.all()}
    problems = [
        {
            "code": "unknown_item",
            "detail": _("This checklist has no such item."),
            "attr": f"comments.{index}.item",
        }
        for index, note in enumerate(notes)
        if note.item_key is not None and note.item_key not in items
    ]
    if problems:
        raise DomainValidationError(problems)
    ReviewComment.objects.bulk_create(
        ReviewComment(
            audit=audit,
            submission_id=audit.current_submission_id,
            item=items.get(note.item_key) if note.item_key else None,
            comment=note.comment,
            author=reviewer,
        )
        for note in notes
    )
    audit.save(update_fields=["status", "updated_at"])
    _logged(audit, reviewer, Event.RETURN, before, note="\n".join(n.comment for n in notes))
    # The assignment changes for the phone's sync: it has something to redo.
    Assignment.objects.filter(pk=audit.assignment_id).update(updated_at=timezone.now())
    return audit


def _logged(audit: Audit, actor, event: Event, before: str, **details) -> ReviewEvent:
    """The review desk's log line for a change the reviewer made (in its transaction)."""
    return ReviewEvent.objects.create(
        audit=audit,
        actor=actor,
        event=event,
        from_status=before,
        to_status=audit.status,
        **{key: value for key, value in details.items() if value is not None},
    )


@transaction.atomic
def audit_release(*, audit: Audit, reviewer, note: str = "") -> Audit:
    """Take a held audit (its assignment was cancelled or declined while the phone was offline)
    into review, as if it had come in on time: awaiting photos or submitted."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    before = audit.status
    missing = missing_photos(audit)
    audit.status = transition(
        audit.status,
        Event.RELEASE,
        AuditStatus.AWAITING_PHOTOS if missing else AuditStatus.SUBMITTED,
    )
    if not missing:
        audit.submitted_at = timezone.now()
    audit.save(update_fields=["status", "submitted_at", "updated_at"])
    _logged(audit, reviewer, Event.RELEASE, before, note=note)
    return audit


def assignment_successor(original: Assignment, *, auditor, **changes) -> Assignment:
    """A new assignment, offered to ``auditor``, that takes over ``original`` (reissued after a
    rejection, or reassigned): the same location, checklist version, persona, wave and pair,
    with ``changes`` (another window, a note)."""
    fields = {
        "client_id": original.client_id,
        "location_id": original.location_id,
        "checklist_version_id": original.checklist_version_id,
        "persona_id": original.persona_id,
        "window_start": original.window_start,
        "window_end": original.window_end,
        "wave_id": original.wave_id,
        "pair": original.pair,
    }
    return Assignment.objects.create(
        **fields | changes, auditor=auditor, replaces=original, status=AssignmentStatus.OFFERED
    )


@transaction.atomic
def follow_up_create(*, audit: Audit, checklist_id: int, window_end, note: str = "") -> Assignment:
    """A two-stage visit's second stage: at the visit behind ``audit`` staff were to get back
    to the customer the auditor played (a call-back, a reply to a written enquiry, a sales
    follow-up, a lead), and this assignment records that contact, with the client's checklist
    ``checklist_id``. The same auditor (it is them staff contact), location and persona; from
    the end of the first visit until ``window_end``. Its score keeps the hours between the two
    and whether staff got back as promised."""
    first = Assignment.objects.get(pk=audit.assignment_id)
    submission = audit.current_submission
    problems = []
    if audit.status in (AuditStatus.REJECTED, AuditStatus.HELD) or submission is None:
        problems.append(
            {
                "code": "not_a_visit_to_follow",
                "detail": _("Only a visit that was sent and not rejected can have a follow-up."),
                "attr": None,
            }
        )
    if first.first_visit_id is not None:
        problems.append(
            {
                "code": "already_a_follow_up",
                "detail": _("This visit is itself a follow-up; follow up its first visit."),
                "attr": None,
            }
        )
    version = (
        ChecklistVersion.objects.filter(
            checklist_id=checklist_id, checklist__client_id=first.client_id
        )
        .filter(checklist__current_version=F("pk"))
        .first()
    )
    if version is None:
        problems.append(
            {
                "code": "not_this_clients_checklist",
                "detail": _("Choose a published checklist of the visit's client."),
                "attr": "checklist",
            }
        )
    start = submission.ended_at if submission is not None else None
    if start is not None and window_end <= max(start, timezone.now()):
        problems.append(
            {
                "code": "window_in_the_past",
                "detail": _("The follow-up's window must end after the visit and after now."),
                "attr": "window_end",
            }
        )
    if problems:
        raise DomainValidationError(problems)
    follow_up = Assignment.objects.create(
        client_id=first.client_id,
        location_id=first.location_id,
        checklist_version=version,
        persona_id=first.persona_id,
        auditor_id=first.auditor_id,
        wave_id=first.wave_id,
        window_start=start,
        window_end=window_end,
        first_visit=first,
        note=note,
        status=AssignmentStatus.OFFERED,
    )
    return follow_up


@transaction.atomic
def audit_reject(
    *, audit: Audit, reviewer, reason: str, note: str = "", reissue_to=None
) -> tuple[Audit, Assignment | None]:
    """Reject an audit under review (fabricated, wrong location, outside the window): it never
    counts, and is final. With ``reissue_to`` (an auditor working for the client), its
    assignment is offered again to them: the same location, checklist version and persona, in
    a window as long as the first, from now."""
    audit = Audit.objects.select_for_update().select_related("assignment").get(pk=audit.pk)
    before = audit.status
    audit.status = transition(audit.status, Event.REJECT)
    audit.save(update_fields=["status", "updated_at"])
    original = audit.assignment
    reissued = None
    if reissue_to is not None:
        if not reissue_to.works_for.filter(pk=original.client_id).exists():
            raise DomainValidationError(
                [
                    {
                        "code": "not_this_clients_auditor",
                        "detail": _("This auditor does not work for the audit's client."),
                        "attr": "reissue_to",
                    }
                ]
            )
        now = timezone.now()
        reissued = assignment_successor(
            original,
            auditor=reissue_to,
            window_start=now,
            window_end=now + (original.window_end - original.window_start),
        )
    _logged(
        audit,
        reviewer,
        Event.REJECT,
        before,
        reason=reason,
        note=note + (f" (reissued as assignment {reissued.pk})" if reissued else ""),
    )
    # The assignment changes for the phone's sync: its audit is closed.
    Assignment.objects.filter(pk=original.pk).update(updated_at=timezone.now())
    return audit, reissued


# --- reviewer's edits and the client's appeals ------------------------------------------------


@transaction.atomic
def audit_amend(
    *, audit: Audit, reviewer, answers: dict[str, AnswerInput], reason: str, appeal=None
) -> Submission:
    """A reviewer's edit: a new revision with the given answers changed and every other kept,
    never a change in place. Under review it waits for approval as before; an approved audit
    is scored again, so every figure moves by this amendment and nothing else."""
    audit = (
        Audit.objects.select_for_update(of=("self",))
        .select_related("assignment__checklist_version", "current_submission")
        .get(pk=audit.pk)
    )
    before = audit.status
    transition(audit.status, Event.AMEND)
    current = audit.current_submission
    checklist = checklist_rules(audit.assignment.checklist_version)
    kept = {
        key: AnswerInput(
            value=value,
            is_na=is_na,
            comment=comment,
            never=never,
            started_at=started,
            ended_at=ended,
        )
        for key, value, is_na, comment, never, started, ended in current.answers.values_list(
            "item__key", "value", "is_na", "comment", "never", "started_at", "ended_at"
        )
    }
    merged = {**kept, **answers}
    problems = answer_problems(checklist.rules, merged)
    if problems:
        raise DomainValidationError(problems, _("The amendment does not fit the checklist."))
    if all(kept.get(key) == answer for key, answer in answers.items()):
        raise DomainError(
            _("The amendment changes no answer."), code="nothing_changed", attr="answers"
        )
    row = uuid.uuid4()
    submission = Submission.objects.create(
        id=row,
        key=row,
        auditor=reviewer,
        audit=audit,
        revision=audit.submissions.count() + 1,
        payload_hash=_payload_hash({"amend": str(current.pk), "reason": reason}),
        started_at=current.started_at,
        ended_at=current.ended_at,
        device_time=current.device_time,
        received_at=timezone.now(),
        check_in_latitude=current.check_in_latitude,
        check_in_longitude=current.check_in_longitude,
        check_in_accuracy_m=current.check_in_accuracy_m,
        comment=current.comment,
        required_photos=current.required_photos,
    )
    _insert_answers(submission.pk, _answer_rows(checklist, merged))
    audit.current_submission = submission
    audit.save(update_fields=["current_submission", "updated_at"])
    _logged(
        audit,
        reviewer,
        Event.AMEND,
        before,
        reason=f"appeal {appeal.pk}" if appeal is not None else "edit",
        note=f"r{submission.revision}: {reason}",
    )
    if audit.status == AuditStatus.APPROVED:
        audit_score_store(audit=audit)
    return submission


def appeal_deadline(audit: Audit) -> datetime:
    """Until when the client may dispute an approved audit's items."""
    days = audit.assignment.client.appeal_days
    return audit.approved_at + timedelta(days=days)


@transaction.atomic
def appeal_open(*, audit: Audit, user, item_key: str, reason: str) -> Appeal:
    """A client admin or regional manager disputes an item of an approved audit, within the
    client's appeal days; one open appeal per item."""
    audit = (
        Audit.objects.select_for_update()
        .select_related("assignment__client", "assignment__checklist_version")
        .get(pk=audit.pk)
    )
    if audit.status != AuditStatus.APPROVED:
        raise ConflictError(
            _("Only an approved audit can be appealed."),
            code="not_approved",
            current_state=audit.status,
        )
    deadline = appeal_deadline(audit)
    if timezone.now() > deadline:
        raise ConflictError(
            _("The time to appeal this audit ended on %(date)s.")
            % {"date": formats.date_format(timezone.localtime(deadline), "DATE_FORMAT")},
            code="appeal_window_closed",
            current_state=audit.status,
        )
    item = audit.assignment.checklist_version.items.filter(key=item_key).first()
    if item is None:
        raise DomainError(_("This checklist has no such item."), code="unknown_item", attr="item")
    if Appeal.objects.filter(audit=audit, item=item, status=AppealStatus.OPEN).exists():
        raise ConflictError(
            _("This item is already under appeal."),
            code="appeal_open",
            current_state=AppealStatus.OPEN,
        )
    appeal = Appeal.objects.create(audit=audit, item=item, reason=reason, opened_by=user)
    _logged(audit, user, Event.APPEAL, audit.status, note=f"{item.key}: {reason}")
    return appeal


@transaction.atomic
def appeal_decide(
    *, appeal: Appeal, reviewer, outcome: str, note: str, answer: AnswerInput | None = None
) -> Appeal:
    """A reviewer upholds an open appeal (its item is amended with ``answer`` in a new scored
    revision) or dismisses it (the audit stands), with a note."""
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("item", "audit__assignment__location")
        .get(pk=appeal.pk)
    )
    if appeal.status != AppealStatus.OPEN:
        raise ConflictError(
            _("The appeal is decided already."),
            code="appeal_decided",
            current_state=appeal.status,
        )
    if outcome == AppealStatus.UPHELD:
        appeal.amended_submission = audit_amend(
            audit=appeal.audit,
            reviewer=reviewer,
            answers={appeal.item.key: answer},
            reason=note,
            appeal=appeal,
        )
    else:
        _logged(
            appeal.audit,
            reviewer,
            Event.DISMISS_APPEAL,
            appeal.audit.status,
            reason=f"appeal {appeal.pk}",
            note=note,
        )
    appeal.status = outcome
    appeal.decided_by = reviewer
    appeal.decided_at = timezone.now()
    appeal.decision_note = note
    appeal.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "decision_note",
            "amended_submission",
        ]
    )
    from notifications.models import EventKind
    from notifications.services import notify

    location = appeal.audit.assignment.location
    notify(
        EventKind.APPEAL_DECIDED,
        client_id=location.client_id,
        region_id=location.region_id,
        data={"appeal": appeal.pk, "audit": appeal.audit_id, "outcome": appeal.status},
    )
    return appeal
