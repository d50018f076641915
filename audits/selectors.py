"""Reads of audits and assignments, shaped once so serializers never query."""

from __future__ import annotations

import base64
import binascii
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from accounts.constants import Role
from accounts.models import User
from api.errors import DomainError, NotFoundError
from audits.answers import ItemRule
from audits.constants import AppealStatus, AuditStatus
from audits.models import (
    Answer,
    Appeal,
    Assignment,
    Audit,
    Flag,
    Photo,
    ReviewComment,
    Submission,
)
from checklists.models import ChecklistVersion, Item, ItemChoice
from scoring.stats import wilson

# Rows changed this recently may still have concurrent, uncommitted siblings with an earlier
# timestamp; the final page's cursor stays this far behind, so they are sent (again) next time.
SYNC_SAFETY_LAG = timedelta(seconds=5)


@dataclass(frozen=True)
class ChecklistRules:
    """What validating and storing a submission needs of a checklist version."""

    rules: list[ItemRule]
    item_ids: dict[str, int]
    item_types: dict[str, str]
    min_photos: dict[str, int]


# Rules of published versions this process has read: they never change, so each submission
# after the first skips the shared cache's round trip and unpickling. Bounded by emptying.
_RULES: dict[str, ChecklistRules] = {}
_RULES_KEPT = 256


def checklist_rules(version: ChecklistVersion) -> ChecklistRules:
    """Read the rules in two light queries; a published version never changes, so they are
    cached under its content hash, in the shared cache and in this process."""
    if not version.is_published:
        return _load_rules(version)
    key = f"checklist-rules:{version.pk}:{version.content_hash}"
    rules = _RULES.get(key)
    if rules is None:
        rules = cache.get_or_set(key, lambda: _load_rules(version), timeout=60 * 60 * 24)
        if len(_RULES) >= _RULES_KEPT:
            _RULES.clear()
        _RULES[key] = rules
    return rules


def forget_checklist_rules() -> None:
    """Empty this process's copy of published rules (tests whose rolled-back rows reuse ids)."""
    _RULES.clear()


def _load_rules(version: ChecklistVersion) -> ChecklistRules:
    rows = list(
        Item.objects.filter(checklist_version=version)
        .order_by("phase__position", "phase_id", "position", "id")
        .values_list(
            "id",
            "key",
            "type",
            "required",
            "allow_na",
            "min_value",
            "max_value",
            "condition_item_key",
            "condition_operator",
            "condition_value",
            "min_photos",
            "business_hours",
        )
    )
    choices: dict[int, list[str]] = {}
    for item_id, key in (
        ItemChoice.objects.filter(item__checklist_version=version)
        .order_by("position", "id")
        .values_list("item_id", "key")
    ):
        choices.setdefault(item_id, []).append(key)
    rules = [
        ItemRule(
            key=key,
            type=type_,
            required=required,
            allow_na=allow_na,
            min_value=min_value,
            max_value=max_value,
            choice_keys=tuple(choices.get(item_id, ())),
            condition_item_key=condition_key,
            condition_operator=condition_op,
            condition_value=condition_value,
            business_hours=business_hours,
        )
        for (
            item_id,
            key,
            type_,
            required,
            allow_na,
            min_value,
            max_value,
            condition_key,
            condition_op,
            condition_value,
            _,
            business_hours,
        ) in rows
    ]
    return ChecklistRules(
        rules=rules,
        item_ids={row[1]: row[0] for row in rows},
        item_types={row[1]: row[2] for row in rows},
        min_photos={row[1]: row[10] for row in rows if row[10]},
    )


def missing_photos(audit: Audit) -> list[dict]:
    """Per item, the photos the current revision needs and how many have arrived."""
    submission = audit.current_submission
    if submission is None or not submission.required_photos:
        return []
    received = Counter(
        Photo.objects.filter(audit=audit).values_list("item__key", flat=True).iterator()
    )
    return _missing(submission.required_photos, received)


def _missing(required: dict[str, int], received: Counter) -> list[dict]:
    return [
        {"item": key, "required": needed, "received": received[key]}
        for key, needed in required.items()
        if received[key] < needed
    ]


def submission_photos(submission: Submission) -> tuple[list[dict], list]:
    """Where a stored submission stands on photos, in one read of its audit's photos: those
    still missing (for its audit's current revision; an older one needs nothing more) and the
    ids of those uploaded for it."""
    rows = Photo.objects.filter(audit_id=submission.audit_id).values_list(
        "item__key", "submission_id", "key"
    )
    received: Counter = Counter()
    ids = []
    for item_key, submission_id, key in rows:
        received[item_key] += 1
        if submission_id == submission.pk:
            ids.append(key)
    current = submission.audit.current_submission_id == submission.pk
    return (_missing(submission.required_photos, received) if current else []), ids


# --- assignment sync -------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncCursor:
    updated_at: datetime
    id: int

    def encode(self) -> str:
        raw = f"{self.updated_at.isoformat()}|{self.id}".encode()
        return base64.urlsafe_b64encode(raw).decode()

    @classmethod
    def decode(cls, text: str) -> SyncCursor:
        try:
            stamp, _, ident = base64.urlsafe_b64decode(text.encode()).decode().partition("|")
            moment = datetime.fromisoformat(stamp)
            if timezone.is_naive(moment):
                raise ValueError("naive")
            return cls(moment, int(ident))
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise DomainError(
                gettext("The cursor is not one this server gave out; sync again without it."),
                code="invalid_cursor",
                attr="since",
            ) from None


def assignments_for_sync(*, user) -> QuerySet[Assignment]:
    return (
        Assignment.objects.visible_to(user)
        .select_related(
            "location",
            "checklist_version__checklist",
            "checklist_version__situation",
            "persona",
            "audit",
            "wave",
        )
        .prefetch_related("wave__briefs")
    )


def assignment_changes(
    *, user, since: SyncCursor | None, limit: int
) -> tuple[list[Assignment], SyncCursor | None, bool]:
    """Assignments changed after ``since``, oldest change first, and the cursor to ask with next.

    Delivery is at least once: the phone upserts by id, so a row seen twice is harmless.
    """
    queryset = assignments_for_sync(user=user).order_by("updated_at", "id")
    if since is not None:
        queryset = queryset.filter(
            Q(updated_at__gt=since.updated_at) | Q(updated_at=since.updated_at, id__gt=since.id)
        )
    rows = list(queryset[: limit + 1])
    has_more = len(rows) > limit
    rows = rows[:limit]
    if not rows:
        return rows, since, False
    last = SyncCursor(rows[-1].updated_at, rows[-1].id)
    if not has_more:
        horizon = timezone.now() - SYNC_SAFETY_LAG
        if last.updated_at > horizon:
            last = SyncCursor(horizon, 0)
            if since is not None and (since.updated_at, since.id) > (last.updated_at, last.id):
                last = since
    return rows, last, has_more


# --- audits ----------------------------------------------------------------------------------


def audits_visible(*, user) -> QuerySet[Audit]:
    return Audit.objects.visible_to(user).select_related(
        "assignment__location__region",
        "assignment__checklist_version__checklist",
        "assignment__checklist_version__situation",
        "assignment__persona",
        "assignment__auditor",
        "current_submission",
    )


def audit_detail(*, user) -> QuerySet[Audit]:
    return audits_visible(user=user).prefetch_related(
        Prefetch(
            "current_submission__answers",
            queryset=Answer.objects.select_related("item").order_by(
                "item__phase__position", "item__position", "item_id"
            ),
        ),
        Prefetch("photos", queryset=Photo.objects.select_related("item")),
        Prefetch("flags", queryset=Flag.objects.order_by("created_at", "id")),
        Prefetch("review_comments", queryset=ReviewComment.objects.select_related("item")),
        Prefetch("submissions", queryset=Submission.objects.order_by("revision")),
    )


def submission_for(*, user, submission_id) -> Submission | None:
    """A submission as its phone names it (an auditor's ids are their own), or as the agency
    names it (the row's id)."""
    submissions = Submission.objects.visible_to(user).select_related("audit")
    if user.is_agency:
        return submissions.filter(pk=submission_id).first()
    return submissions.filter(auditor=user, key=submission_id).first()


def photos_visible(*, user) -> QuerySet[Photo]:
    return Photo.objects.filter(audit__in=Audit.objects.visible_to(user)).select_related("item")


def photo_orphans(*, older_than: timedelta, now: datetime | None = None) -> Iterator[str]:
    """Stored photo files no photo row names, last written more than ``older_than`` ago: what a
    worker killed between writing a photo's files and committing its row leaves behind. Younger
    files are left alone, since an upload may be committing them right now."""
    now = now or timezone.now()
    for batch in _batched(_storage_files("photos"), 500):
        referenced = set(
            Photo.objects.filter(display__in=batch).values_list("display", flat=True)
        ) | set(Photo.objects.filter(thumbnail__in=batch).values_list("thumbnail", flat=True))
        for name in batch:
            if (
                name not in referenced
                and now - default_storage.get_modified_time(name) > older_than
            ):
                yield name


def _storage_files(folder: str) -> Iterator[str]:
    """Every file under ``folder`` of the default storage (local or object storage)."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for child in folders:
        yield from _storage_files(f"{folder}/{child}")


def _batched(names: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for name in names:
        batch.append(name)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(frozen=True)
class HistoryEntry:
    """One change of an audit's state: a revision the auditor sent, or a reviewer's action."""

    at: datetime
    actor: str
    event: str
    from_status: str
    to_status: str
    reason: str
    note: str
    grade: int | None
    revision: int | None


def audit_history(audit: Audit) -> list[HistoryEntry]:
    """Every change of the audit's state, oldest first: who, when, why (two queries)."""
    entries = [
        HistoryEntry(
            at=submission.received_at,
            actor=submission.auditor.username,
            event="submit",
            from_status="",
            to_status="",
            reason="",
            note=submission.comment,
            grade=None,
            revision=submission.revision,
        )
        for submission in audit.submissions.select_related("auditor").order_by("revision")
        # A reviewer's revision is logged as its amendment (below), with the reason.
        if submission.auditor_id == audit.assignment.auditor_id
    ]
    entries += [
        HistoryEntry(
            at=event.at,
            actor=event.actor.username if event.actor else "",
            event=event.event,
            from_status=event.from_status,
            to_status=event.to_status,
            reason=event.reason,
            note=event.note,
            grade=event.grade,
            revision=None,
        )
        for event in audit.events.select_related("actor")
    ]
    return sorted(entries, key=lambda entry: entry.at)


def active_auditor(pk: int, attr: str = "reissue_to"):
    """An active auditor by id, for the agency's desk; 404 naming ``attr`` otherwise."""
    auditor = User.objects.filter(pk=pk, role=Role.AUDITOR, is_active=True).first()
    if auditor is None:
        raise NotFoundError(gettext("No such auditor."), attr=attr)
    return auditor


def appeals_visible(*, user) -> QuerySet[Appeal]:
    return Appeal.objects.visible_to(user).select_related("item", "opened_by", "amended_submission")


def appeal_counts(*, by: str) -> list[dict]:
    """Appeals per location or per auditor (``by``), for the agency: how many, how many still
    open, dismissed and upheld, and the upheld share of those decided with its interval (an
    auditor with many upheld appeals needs coaching). One statement."""
    lookup = {"location": "audit__assignment__location", "auditor": "audit__assignment__auditor"}
    name = {"location": "name", "auditor": "username"}[by]
    rows = (
        Appeal.objects.values(key=F(f"{lookup[by]}_id"), label=F(f"{lookup[by]}__{name}"))
        .annotate(
            appeals=Count("pk"),
            open=Count("pk", filter=Q(status=AppealStatus.OPEN)),
            dismissed=Count("pk", filter=Q(status=AppealStatus.DISMISSED)),
            upheld=Count("pk", filter=Q(status=AppealStatus.UPHELD)),
        )
        .order_by("-upheld", "-appeals", "key")
    )
    return [
        {
            "id": row["key"],
            "name": row["label"],
            "appeals": row["appeals"],
            "open": row["open"],
            "dismissed": row["dismissed"],
            "upheld": row["upheld"],
            "upheld_rate": wilson(row["upheld"], row["upheld"] + row["dismissed"]),
        }
        for row in rows
    ]


@dataclass(frozen=True)
class RevisionChange:
    item: str
    before: Answer | None
    after: Answer | None


def revision_diff(audit: Audit, base: int, head: int) -> list[RevisionChange]:
    """The answers that differ between two revisions of an audit, in checklist order."""
    revisions = {
        submission.revision: submission
        for submission in audit.submissions.filter(revision__in=[base, head])
    }
    for number, attr in ((base, "base"), (head, "head")):
        if number not in revisions:
            raise NotFoundError(
                gettext("The audit has no revision %(number)s.") % {"number": number}, attr=attr
            )
    answers = (
        Answer.objects.filter(submission__in=[revisions[base], revisions[head]])
        .select_related("item")
        .order_by("item__phase__position", "item__position", "item_id")
    )
    pairs: dict[str, list] = {}
    for answer in answers:
        slot = 0 if answer.submission_id == revisions[base].pk else 1
        pairs.setdefault(answer.item.key, [None, None])[slot] = answer
    return [
        RevisionChange(key, before, after)
        for key, (before, after) in pairs.items()
        if _answer_facts(before) != _answer_facts(after)
    ]


def _answer_facts(answer: Answer | None):
    if answer is None:
        return None
    return (answer.value, answer.is_na, answer.never, answer.comment)


QUEUE_STATUSES = (AuditStatus.HELD, AuditStatus.SUBMITTED, AuditStatus.AWAITING_PHOTOS)


def review_queue(*, user) -> QuerySet[Audit]:
    """What waits for a reviewer, in the order to take it: held visits first (a reviewer must
    decide them), then audits with open plausibility flags (most first), then the oldest
    waiting; audits still waiting for photos last."""
    waiting = Coalesce("submitted_at", "created_at")
    return (
        audits_visible(user=user)
        .filter(status__in=QUEUE_STATUSES)
        .annotate(
            open_flags=Count("flags", filter=Q(flags__cleared=False)),
            waiting_since=waiting,
            held_first=Case(When(status=AuditStatus.HELD, then=0), default=1),
            photos_last=Case(When(status=AuditStatus.AWAITING_PHOTOS, then=1), default=0),
        )
        .order_by("held_first", "photos_last", "-open_flags", "waiting_since", "id")
    )
