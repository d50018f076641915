"""Field audits: assignments given to auditors, the revisions they submit from their phones,
the photos that back them, the reviewer's comments and the plausibility flags."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy

from accounts.constants import Role
from api.access import reader_scope
from audits.constants import AppealStatus, AssignmentStatus, AuditStatus, FlagCode


class AssignmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> AssignmentQuerySet:
        """Auditors see their own assignments; agency staff see all; nobody else any."""
        return self.filter(reader_scope(user).own("auditor"))


class Assignment(models.Model):
    """A scheduled audit: a location, a pinned checklist version, a scenario (situation,
    channel, persona) and a visit window, given to one auditor."""

    client = models.ForeignKey(
        "organizations.Client", on_delete=models.PROTECT, related_name="assignments"
    )
    location = models.ForeignKey(
        "organizations.Location", on_delete=models.PROTECT, related_name="assignments"
    )
    checklist_version = models.ForeignKey(
        "checklists.ChecklistVersion", on_delete=models.PROTECT, related_name="assignments"
    )
    persona = models.ForeignKey(
        "codex.Persona", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    status = models.CharField(
        max_length=16, choices=AssignmentStatus.choices, default=AssignmentStatus.OFFERED
    )
    decline_reason = models.CharField(max_length=500, blank=True)
    wave = models.ForeignKey(
        "waves.Wave", on_delete=models.PROTECT, null=True, blank=True, related_name="assignments"
    )
    pair = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=gettext_lazy(
            "A matched persona pair's number in its wave: two visits of one location and "
            "situation in one week, by personas differing in one attribute."
        ),
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=gettext_lazy("The assignment this one takes over (reassigned or reissued)."),
    )
    first_visit = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        help_text=gettext_lazy(
            "The visit this one follows up (a two-stage visit): staff were to get back to the "
            "customer the auditor played there, and this assignment records that contact."
        ),
    )
    # A database default too: rows written by hand (a bench's bulk insert) need not name it.
    note = models.CharField(
        max_length=500,
        blank=True,
        default="",
        db_default="",
        help_text=gettext_lazy("Why the agency gave it so: a reassignment's reason."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["window_start", "id"]
        indexes = [models.Index(fields=["auditor", "updated_at", "id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(window_end__gt=models.F("window_start")),
                name="assignment_window_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.location} ({self.window_start:%Y-%m-%d})"


class AuditQuerySet(models.QuerySet):
    def visible_to(self, user) -> AuditQuerySet:
        """Auditor: own audits. Agency staff: all. Regional manager: approved audits of their
        regions' own stores. Client admin: approved audits of their client's own stores (not its
        competitors'). Anyone else: none."""
        scope = reader_scope(user)
        if scope.agency:
            return self
        if scope.role == Role.AUDITOR:
            return self.filter(assignment__auditor_id=scope.user_id)
        # A competitor's store is the agency's to see; its client sees the average alone.
        return self.filter(
            status=AuditStatus.APPROVED, assignment__location__competitor=False
        ).filter(scope.results(client="assignment__client", region="assignment__location__region"))


class Audit(models.Model):
    """One audit of an assignment; its answers are in revisions (``Submission``)."""

    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT, related_name="audit")
    status = models.CharField(max_length=16, choices=AuditStatus.choices)
    current_submission = models.ForeignKey(
        "Submission", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Audit {self.pk} of {self.assignment}"


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user) -> SubmissionQuerySet:
        """The phone's view of what it sent: the auditor's own, and the agency's; client-side
        people read approved audits instead."""
        return self.filter(reader_scope(user).own("audit__assignment__auditor"))


class Submission(models.Model):
    """One revision of an audit as the phone sent it. ``key`` is the id the phone generated,
    unique per auditor, so a retry of the same submission can never create a second one. The row's
    own ``id`` is that key too, unless another auditor's row already has it (see
    ``audits.services.row_id``)."""

    id = models.UUIDField(primary_key=True)
    key = models.UUIDField(
        help_text=gettext_lazy("The id the phone generated; unique per auditor.")
    )
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=gettext_lazy("Who sent it: the namespace of its key."),
    )
    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="submissions")
    revision = models.PositiveIntegerField()
    payload_hash = models.CharField(max_length=64)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    device_time = models.DateTimeField(
        help_text=gettext_lazy("The phone's clock when it sent the submission.")
    )
    received_at = models.DateTimeField()
    check_in_latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    check_in_longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    check_in_accuracy_m = models.FloatField(null=True, blank=True)
    comment = models.TextField(blank=True)
    required_photos = models.JSONField(
        default=dict,
        blank=True,
        help_text=gettext_lazy("Photos each shown item needs: {item key: minimum}."),
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["audit", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "revision"], name="submission_unique_revision"
            ),
            models.UniqueConstraint(fields=["auditor", "key"], name="submission_key_per_auditor"),
        ]

    def __str__(self) -> str:
        return f"{self.audit} r{self.revision}"


class Answer(models.Model):
    """The auditor's answer to one checklist item in one revision."""

    # No index of its own: the unique (submission, item) below leads with it, and every
    # submission inserts sixty answers, each of which would update both.
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="answers", db_index=False
    )
    item = models.ForeignKey("checklists.Item", on_delete=models.PROTECT, related_name="+")
    value = models.JSONField(null=True, blank=True)
    is_na = models.BooleanField(default=False)
    # A database default too: rows written by hand (and by code of the version before) need not
    # name it.
    never = models.BooleanField(
        default=False,
        db_default=False,
        help_text=gettext_lazy("A timed item that did not happen: never greeted, never answered."),
    )
    # A duration answered as two moments: the value is computed from them.
    started_at = models.DateTimeField(
        null=True, blank=True, help_text=gettext_lazy("A timed item's start, as sent.")
    )
    ended_at = models.DateTimeField(
        null=True, blank=True, help_text=gettext_lazy("A timed item's end, as sent.")
    )
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "item"], name="answer_unique_item")
        ]

    def __str__(self) -> str:
        return f"{self.submission} {self.item_id}"


class Photo(models.Model):
    """Photo evidence for one item of an audit. Stored without any metadata; capture time and
    position are kept here for the reviewer. Like a submission, keyed per auditor by the id the
    phone generated (``key``)."""

    id = models.UUIDField(primary_key=True)
    key = models.UUIDField(
        help_text=gettext_lazy("The id the phone generated; unique per auditor.")
    )
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=gettext_lazy("Who uploaded it: the namespace of its key."),
    )
    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="photos")
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="photos")
    item = models.ForeignKey("checklists.Item", on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(
        max_length=64,
        db_index=True,
        help_text=gettext_lazy("Hash of the bytes uploaded: retries and reuse."),
    )
    phash = models.CharField(
        max_length=16, db_index=True, help_text=gettext_lazy("Perceptual hash (hex).")
    )
    display = models.FileField(upload_to="photos/", max_length=300)
    thumbnail = models.FileField(upload_to="photos/", max_length=300)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    original_format = models.CharField(max_length=8)
    original_bytes = models.PositiveIntegerField()
    captured_at = models.DateTimeField(null=True, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["auditor", "key"], name="photo_key_per_auditor")
        ]

    def __str__(self) -> str:
        return str(self.id)


class ReviewComment(models.Model):
    """A reviewer's note on a returned revision, about one item or the audit as a whole."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="review_comments")
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="review_comments"
    )
    item = models.ForeignKey(
        "checklists.Item", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    comment = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.comment[:60]


class Flag(models.Model):
    """A plausibility finding the reviewer should look at. The reviewer clears it once they have
    checked it (with a note saying why it is fine); flags, cleared or not, never reach clients."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="flags")
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    photo = models.ForeignKey(
        Photo, on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    code = models.CharField(max_length=32, choices=FlagCode.choices)
    detail = models.CharField(max_length=500)
    data = models.JSONField(default=dict, blank=True)
    cleared = models.BooleanField(default=False)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    clear_note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}"


class ReviewEvent(models.Model):
    """The review desk's log: every change a reviewer makes to an audit's state (approve,
    return, reject, clear a flag), who made it, when and why. The auditor's revisions are logged
    by their own rows (``Submission``); ``audits.selectors.audit_history`` reads both as one."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    event = models.CharField(max_length=16)
    from_status = models.CharField(max_length=16)
    to_status = models.CharField(max_length=16)
    reason = models.CharField(max_length=32, blank=True)
    note = models.TextField(blank=True)
    grade = models.PositiveSmallIntegerField(
        null=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=gettext_lazy("The reviewer's grade of the auditor's report, 1 to 5."),
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.audit_id} {self.event} {self.at:%Y-%m-%d %H:%M}"


class AppealQuerySet(models.QuerySet):
    def visible_to(self, user) -> AppealQuerySet:
        """Appeals of the audits the reader sees (the agency all; the client's people those of
        their approved audits); an auditor none."""
        if reader_scope(user).role == Role.AUDITOR:
            return self.none()
        return self.filter(audit__in=Audit.objects.visible_to(user))


class Appeal(models.Model):
    """A client's dispute of one item of an approved audit, with its reason, opened by a client
    admin or regional manager within the client's appeal days. A reviewer upholds it (the item
    is amended in a new scored revision, ``amended_submission``; the old one is kept) or
    dismisses it, with a note either way."""

    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="appeals")
    item = models.ForeignKey("checklists.Item", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=16, choices=AppealStatus.choices, default=AppealStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True)
    decision_note = models.TextField(blank=True)
    amended_submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = AppealQuerySet.as_manager()

    class Meta:
        ordering = ["opened_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "item"],
                condition=models.Q(status="open"),
                name="appeal_one_open_per_item",
            )
        ]

    def __str__(self) -> str:
        return f"Appeal {self.pk} of audit {self.audit_id} ({self.status})"
