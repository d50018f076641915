from django.utils.translation import gettext as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from api.fields import CoordinateField, FieldDateTimeField, Sentence, StrictRegexField
from api.params import MAX_ID
from audits import plausibility
from audits.answers import parse_answers
from audits.constants import AppealStatus, AuditStatus, RejectReason
from audits.models import Appeal, Assignment, Audit, Flag, Photo, ReviewComment, Submission
from audits.services import SubmissionInput
from waves.serializers import BriefSerializer

# --- assignments (the auditor's phone) -------------------------------------------------------


class AssignmentLocationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    address = serializers.CharField()
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    time_zone = serializers.CharField()
    check_in_radius_m = serializers.IntegerField()


class PersonaSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()


class AssignmentSerializer(serializers.ModelSerializer):
    """An assignment as the phone keeps it: where, when, which checklist version, which role."""

    location = AssignmentLocationSerializer()
    checklist = serializers.IntegerField(source="checklist_version.checklist_id")
    checklist_version = serializers.IntegerField(source="checklist_version_id")
    situation = serializers.CharField(source="checklist_version.situation.key")
    channel = serializers.CharField(source="checklist_version.checklist.channel")
    persona = PersonaSerializer(allow_null=True)
    brief = serializers.SerializerMethodField(
        help_text="The scenario to play, in your language: the wave's brief for this situation "
        "(null when there is none)."
    )
    audit_status = serializers.SerializerMethodField()
    first_visit = serializers.IntegerField(
        source="first_visit_id",
        allow_null=True,
        help_text="A follow-up contact's first visit (its assignment): staff were to get back "
        "to you after it, and this records that contact, from the moment it came. Null for "
        "any other visit.",
    )

    class Meta:
        model = Assignment
        fields = [
            "id",
            "status",
            "first_visit",
            "location",
            "checklist",
            "checklist_version",
            "situation",
            "channel",
            "persona",
            "brief",
            "window_start",
            "window_end",
            "decline_reason",
            "audit_status",
            "updated_at",
        ]

    @extend_schema_field(BriefSerializer(allow_null=True))
    def get_brief(self, assignment) -> dict | None:
        if assignment.wave_id is None:
            return None
        situation = assignment.checklist_version.situation.key
        # The wave's briefs are read once for the page (``assignments_for_sync``).
        for brief in assignment.wave.briefs.all():
            if brief.situation_key == situation:
                return BriefSerializer(brief).data
        return None

    def get_audit_status(self, assignment) -> serializers.ChoiceField(  # type: ignore[valid-type]
        choices=AuditStatus.choices, allow_null=True
    ):
        audit = getattr(assignment, "audit", None)
        return audit.status if audit else None


class AssignmentSyncSerializer(serializers.Serializer):
    results = AssignmentSerializer(many=True)
    next_cursor = serializers.CharField(
        allow_null=True, help_text="Send as `since` next time; keep it across app restarts."
    )
    has_more = serializers.BooleanField(help_text="Ask again at once with `next_cursor`.")


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


# --- submissions -----------------------------------------------------------------------------


class AnswerInputSerializer(serializers.Serializer):
    """One answer; documents the shape. Parsed by ``audits.answers.parse_answers``."""

    value = serializers.JSONField(required=False, allow_null=True)
    na = serializers.BooleanField(required=False, default=False)
    never = serializers.BooleanField(
        required=False,
        default=False,
        help_text="A timed (duration) item that did not happen: never greeted, never answered, "
        "no reply. Send no value; it scores 0 against the item's norm and counts as a miss.",
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class TimedAnswerInputSerializer(serializers.Serializer):
    """A timed (duration) item answered as two moments, each with its offset, instead of a
    value: the server computes the duration (in the client's business hours when the item's
    `business_hours` is true)."""

    started_at = FieldDateTimeField(help_text="When the question was sent, or the call started.")
    ended_at = FieldDateTimeField(
        help_text="When the reply came, or the call was answered; not before `started_at`."
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="Answer",
        # The branch with required properties first: a generated client that tries each branch
        # in turn (openapi-python-client's from_dict) would read a timed answer as an empty
        # value answer, which requires nothing, if that came first.
        serializers=[TimedAnswerInputSerializer, AnswerInputSerializer],
        resource_type_field_name=None,
    )
)
class _AnswerSchema(serializers.JSONField):
    """One answer: a value (or N/A, or did not happen), or two moments."""


@extend_schema_field({"type": "string", "format": "binary", "minLength": 1})
class NonEmptyFileField(serializers.FileField):
    """A file upload; an empty one is refused (``empty_file``), and the schema says so, so a
    generated client or a fuzzer does not send one."""


@extend_schema_field(serializers.DictField(child=_AnswerSchema()))
class AnswersField(serializers.JSONField):
    """``{item key: {value, na, comment}}``, checked without a serializer per answer (a
    submission has dozens) but with the same field-naming errors."""

    def to_internal_value(self, data):
        answers, problems = parse_answers(data)
        if problems:
            detail: dict = {}
            for problem in problems:
                error = ErrorDetail(problem["detail"], code=problem["code"])
                path = problem["attr"].split(".")[1:]  # drop the leading "answers"
                if not path:
                    raise serializers.ValidationError([error])
                node = detail
                for part in path[:-1]:
                    node = node.setdefault(part, {})
                if len(path) == 1:  # about the whole answer: its own errors sit beside fields'
                    node = node.setdefault(path[0], {})
                    node.setdefault("non_field_errors", []).append(error)
                else:
                    node.setdefault(path[-1], []).append(error)
            raise serializers.ValidationError(detail)
        return answers


class CheckInSerializer(serializers.Serializer):
    latitude = CoordinateField(90)
    longitude = CoordinateField(180)
    accuracy_m = serializers.FloatField(min_value=0, max_value=100_000)


class SubmissionInputSerializer(serializers.Serializer):
    """A visit as captured on the phone. ``id`` is generated by the phone: retrying with the same
    id and content is safe and returns the first result."""

    id = serializers.UUIDField()
    assignment = serializers.IntegerField()
    started_at = FieldDateTimeField()
    ended_at = FieldDateTimeField()
    device_time = FieldDateTimeField(
        help_text="The phone's clock when sending; stamp it anew on every retry (it is not part "
        "of the retry comparison)."
    )
    check_in = CheckInSerializer(required=False, allow_null=True, default=None)
    answers = AnswersField(help_text="Keyed by item key; leave hidden items out.")
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)

    def to_input(self) -> SubmissionInput:
        data = self.validated_data
        check_in = data["check_in"] or {}
        return SubmissionInput(
            id=data["id"],
            assignment_id=data["assignment"],
            started_at=data["started_at"],
            ended_at=data["ended_at"],
            device_time=data["device_time"],
            answers=data["answers"],
            check_in_latitude=check_in.get("latitude"),
            check_in_longitude=check_in.get("longitude"),
            check_in_accuracy_m=check_in.get("accuracy_m"),
            comment=data["comment"],
            raw=self.initial_data_canonical(),
        )

    def initial_data_canonical(self) -> dict:
        """What the retry comparison hashes: the validated values, normalised. ``device_time``
        is left out: the phone stamps it anew on every send."""
        data = dict(self.validated_data)
        del data["device_time"]
        data["id"] = str(data["id"])
        data["answers"] = {
            # "Did not happen" is added only when given, so a retry of a submission stored
            # before it existed hashes as it did then.
            key: [answer.value, answer.is_na, answer.comment]
            + ([True] if answer.never else [])
            + ([_moment(answer.started_at), _moment(answer.ended_at)] if answer.timed else [])
            for key, answer in data["answers"].items()
        }
        return data


def _moment(value) -> str | None:
    return None if value is None else value.isoformat()


class MissingPhotoSerializer(serializers.Serializer):
    item = serializers.CharField()
    required = serializers.IntegerField()
    received = serializers.IntegerField()


class SubmissionStatusSerializer(serializers.ModelSerializer):
    """Where a submission stands: the phone asks this to resume after a crash."""

    audit = serializers.IntegerField(source="audit_id")
    audit_status = serializers.CharField(source="audit.status")
    is_current = serializers.SerializerMethodField()
    missing_photos = serializers.SerializerMethodField()
    photos = serializers.SerializerMethodField()

    id = serializers.UUIDField(source="key", help_text="The id your phone gave it.")

    class Meta:
        model = Submission
        fields = [
            "id",
            "audit",
            "revision",
            "audit_status",
            "is_current",
            "received_at",
            "missing_photos",
            "photos",
        ]
        read_only_fields = fields

    def get_is_current(self, submission) -> bool:
        return submission.audit.current_submission_id == submission.pk

    def get_missing_photos(self, submission) -> MissingPhotoSerializer(many=True):  # type: ignore[valid-type]
        return self.context["missing_photos"]

    def get_photos(self, submission) -> serializers.ListField(child=serializers.UUIDField()):  # type: ignore[valid-type]
        return self.context["photo_ids"]


class PhotoUploadSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="Generated by the phone; retrying with it is safe.")
    submission = serializers.UUIDField()
    item = serializers.CharField(max_length=64)
    file = NonEmptyFileField(help_text="JPEG, PNG, WebP or HEIC/HEIF; never empty.")


class PhotoSerializer(serializers.ModelSerializer):
    """A stored photo: the files are metadata-free; capture facts are kept here."""

    item = serializers.CharField(source="item.key")
    submission = serializers.UUIDField(source="submission_id")

    class Meta:
        model = Photo
        fields = [
            "id",
            "submission",
            "item",
            "width",
            "height",
            "original_format",
            "captured_at",
            "latitude",
            "longitude",
            "created_at",
        ]
        read_only_fields = fields


class PhotoReceiptSerializer(PhotoSerializer):
    """The upload's answer to the phone: the ids are the phone's own."""

    id = serializers.UUIDField(source="key")
    submission = serializers.UUIDField(source="submission.key")


class ClientPhotoSerializer(PhotoSerializer):
    """Client-side: no capture position, which could trace the auditor."""

    class Meta(PhotoSerializer.Meta):
        fields = ["id", "item", "width", "height", "captured_at"]
        read_only_fields = fields


# --- audits (review and reading) -------------------------------------------------------------


class AnswerSerializer(serializers.Serializer):
    item = serializers.CharField(source="item.key")
    value = serializers.JSONField()
    na = serializers.BooleanField(source="is_na")
    never = serializers.BooleanField(help_text="A timed item that did not happen.")
    started_at = serializers.DateTimeField(
        allow_null=True, help_text="A timed item answered as two moments: its start as sent."
    )
    ended_at = serializers.DateTimeField(
        allow_null=True, help_text="Its end; the value is the duration computed from them."
    )
    comment = serializers.CharField()


class FlagSerializer(serializers.ModelSerializer):
    photo = serializers.UUIDField(source="photo_id", allow_null=True)
    submission = serializers.UUIDField(source="submission_id", allow_null=True)
    detail = serializers.SerializerMethodField(
        help_text="What was found, in the reader's language (Accept-Language)."
    )

    def get_detail(self, flag) -> str:
        return plausibility.describe(flag.code, flag.data or {}) or flag.detail

    class Meta:
        model = Flag
        fields = [
            "id",
            "code",
            "detail",
            "data",
            "submission",
            "photo",
            "cleared",
            "cleared_at",
            "clear_note",
            "created_at",
        ]


class ReviewCommentSerializer(serializers.ModelSerializer):
    item = serializers.CharField(source="item.key", allow_null=True, default=None)
    submission = serializers.UUIDField(source="submission_id")

    class Meta:
        model = ReviewComment
        fields = ["item", "comment", "submission", "created_at"]


class RevisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Submission
        fields = ["id", "revision", "received_at"]
        read_only_fields = fields


class AuditSummarySerializer(serializers.ModelSerializer):
    """An audit as everyone may see it: no trace of who the auditor was."""

    location = serializers.CharField(source="assignment.location.name")
    location_id = serializers.IntegerField(source="assignment.location_id")
    region = serializers.CharField(source="assignment.location.region.name")
    checklist_version = serializers.IntegerField(source="assignment.checklist_version_id")
    situation = serializers.CharField(source="assignment.checklist_version.situation.key")
    channel = serializers.CharField(source="assignment.checklist_version.checklist.channel")
    persona = serializers.CharField(source="assignment.persona.key", allow_null=True, default=None)
    revision = serializers.IntegerField(source="current_submission.revision", allow_null=True)
    visited_at = serializers.DateTimeField(source="current_submission.started_at", allow_null=True)

    class Meta:
        model = Audit
        fields = [
            "id",
            "status",
            "location",
            "location_id",
            "region",
            "checklist_version",
            "situation",
            "channel",
            "persona",
            "revision",
            "visited_at",
            "submitted_at",
            "approved_at",
        ]


class AgencyAuditSummarySerializer(AuditSummarySerializer):
    """For the agency (reviewers) and the auditor: who did the audit."""

    auditor = serializers.CharField(source="assignment.auditor.username")
    assignment = serializers.IntegerField(source="assignment_id")

    class Meta(AuditSummarySerializer.Meta):
        fields = [*AuditSummarySerializer.Meta.fields, "assignment", "auditor"]


class AuditDetailSerializer(AuditSummarySerializer):
    answers = AnswerSerializer(source="current_submission.answers", many=True)
    comment = serializers.CharField(source="current_submission.comment", allow_null=True)
    photos = ClientPhotoSerializer(many=True)

    class Meta(AuditSummarySerializer.Meta):
        fields = [*AuditSummarySerializer.Meta.fields, "comment", "answers", "photos"]


class AgencyAuditDetailSerializer(AgencyAuditSummarySerializer):
    answers = AnswerSerializer(source="current_submission.answers", many=True)
    comment = serializers.CharField(source="current_submission.comment", allow_null=True)
    photos = PhotoSerializer(many=True)
    flags = FlagSerializer(many=True)
    review_comments = ReviewCommentSerializer(many=True)
    revisions = RevisionSerializer(source="submissions", many=True)
    missing_photos = serializers.SerializerMethodField()

    class Meta(AgencyAuditSummarySerializer.Meta):
        fields = [
            *AgencyAuditSummarySerializer.Meta.fields,
            "comment",
            "answers",
            "photos",
            "missing_photos",
            "flags",
            "review_comments",
            "revisions",
        ]

    def get_missing_photos(self, audit) -> MissingPhotoSerializer(many=True):  # type: ignore[valid-type]
        return self.context.get("missing_photos", [])


class ReviewNoteSerializer(serializers.Serializer):
    item = serializers.CharField(required=False, allow_null=True, default=None)
    # Kept as written: trimming would refuse a comment the schema's minLength admits.
    comment = serializers.CharField(max_length=5000, trim_whitespace=False)


class ReturnSerializer(serializers.Serializer):
    comments = serializers.ListField(child=ReviewNoteSerializer(), min_length=1)


class FlagClearSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why the finding is fine, for the other reviewers.",
    )


class ReleaseSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why the visit should count although its assignment was cancelled.",
    )


class ApproveSerializer(serializers.Serializer):
    grade = serializers.IntegerField(
        min_value=1,
        max_value=5,
        required=False,
        allow_null=True,
        default=None,
        help_text="Your grade of the auditor's report, 1 (poor) to 5 (excellent).",
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class FollowUpSerializer(serializers.Serializer):
    """A follow-up contact for a visit (a two-stage visit's second stage)."""

    checklist = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        help_text="The client's checklist the contact is audited with (its published version): "
        "a sales follow-up, the reply to a written enquiry, a call-back.",
    )
    window_end = FieldDateTimeField(
        help_text="Until when the contact may come; the window opens as the first visit ended."
    )
    note = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text="What was promised, for the auditor (for example: a call-back by Friday).",
    )


class FollowUpResultSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(help_text="The follow-up's assignment.")
    first_visit = serializers.IntegerField(help_text="The first visit's assignment.")
    checklist_version = serializers.IntegerField()
    window_start = serializers.DateTimeField()
    window_end = serializers.DateTimeField()


class RejectSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=RejectReason.choices)
    note = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why; required when the reason is `other`.",
    )
    reissue_to = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="An auditor (working for the audit's client) to offer the assignment to again; "
        "an id that is no active auditor's is a 404.",
    )

    def validate(self, data):
        if data["reason"] == RejectReason.OTHER and not data["note"].strip():
            raise serializers.ValidationError(
                {"note": _("Say why the audit is rejected.")}, code="required"
            )
        return data


class RejectNamedReasonSerializer(serializers.Serializer):
    """A rejection for a named reason; the note is optional."""

    reason = serializers.ChoiceField(
        choices=[c for c in RejectReason.choices if c[0] != RejectReason.OTHER]
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    reissue_to = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text="An auditor (working for the audit's client) to offer the assignment to.",
    )


class RejectOtherReasonSerializer(RejectNamedReasonSerializer):
    """A rejection for another reason, said in the note."""

    reason = serializers.ChoiceField(choices=[RejectReason.OTHER])
    note = Sentence(max_length=2000, help_text="Why, in words.")


# The request as the schema states it: the note is required exactly when the reason is `other`.
# (``RejectSerializer`` reads it.)
REJECT_REQUEST = PolymorphicProxySerializer(
    component_name="Reject",
    serializers=[RejectNamedReasonSerializer, RejectOtherReasonSerializer],
    resource_type_field_name=None,
)


class RejectResultSerializer(serializers.Serializer):
    audit = AgencyAuditSummarySerializer()
    reissued_assignment = serializers.IntegerField(
        allow_null=True, help_text="The assignment offered again, if any."
    )


# What an audit's history tells (the schema's ``EventEnum``).
HISTORY_EVENTS = [
    "submit",
    "approve",
    "return",
    "reject",
    "release",
    "clear_flag",
    "amend",
    "appeal",
    "dismiss_appeal",
]


class HistoryEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    actor = serializers.CharField(help_text="The auditor who sent, or the reviewer who acted.")
    event = serializers.ChoiceField(
        choices=HISTORY_EVENTS,
        help_text="`amend`: a reviewer's edit, a new revision (its number opens the note); "
        "`appeal`: the client disputed an item; `dismiss_appeal`: the audit stands.",
    )
    from_status = serializers.CharField(help_text="Empty for a revision sent.")
    to_status = serializers.CharField(help_text="Empty for a revision sent.")
    reason = serializers.CharField(help_text="A rejection's reason.")
    note = serializers.CharField(
        help_text="Why: the reviewer's note or comments, or the revision's comment."
    )
    grade = serializers.IntegerField(allow_null=True, help_text="An approval's grade, 1 to 5.")
    revision = serializers.IntegerField(allow_null=True, help_text="A revision's number.")


# --- a reviewer's edits and the client's appeals ---------------------------------------------


def _value_answers(answers: dict, attr: str = "answers") -> dict:
    """A reviewer gives values: a duration's two moments are the phone's to send."""
    timed = [key for key, answer in answers.items() if answer.timed]
    if timed:
        raise serializers.ValidationError(
            {
                attr: _("Give the duration as a value in seconds, not as two moments (%(item)s).")
                % {"item": timed[0]}
            },
            code="timed_answer",
        )
    return answers


@extend_schema_field(serializers.DictField(child=AnswerInputSerializer()))
class ValueAnswersField(AnswersField):
    """``{item key: {value, na, never, comment}}``: the answers a reviewer changes."""

    def to_internal_value(self, data):
        return _value_answers(super().to_internal_value(data))


class AmendSerializer(serializers.Serializer):
    answers = ValueAnswersField(
        help_text="The answers to change, keyed by item key; every other answer is kept."
    )
    reason = Sentence(max_length=2000, help_text="Why, for the log.")


SLUG = r"^[-a-zA-Z0-9_]+\Z"


class AppealOpenSerializer(serializers.Serializer):
    item = StrictRegexField(SLUG, max_length=64, help_text="The disputed item's key.")
    reason = Sentence(max_length=2000, help_text="Why the client disputes it.")


class AppealSerializer(serializers.ModelSerializer):
    item = serializers.CharField(source="item.key")
    item_text = serializers.CharField(source="item.text")
    opened_by = serializers.CharField(source="opened_by.username")
    amended_revision = serializers.IntegerField(
        source="amended_submission.revision",
        allow_null=True,
        default=None,
        help_text="Upheld: the revision that amends the item (the one before it is kept).",
    )

    class Meta:
        model = Appeal
        fields = [
            "id",
            "audit",
            "item",
            "item_text",
            "reason",
            "status",
            "opened_by",
            "opened_at",
            "decided_at",
            "decision_note",
            "amended_revision",
        ]


class DismissAppealSerializer(serializers.Serializer):
    """The audit stands as approved."""

    outcome = serializers.ChoiceField(choices=[AppealStatus.DISMISSED])
    note = Sentence(max_length=2000, help_text="Why, for the client.")


class UpholdAppealSerializer(serializers.Serializer):
    """The client is right: the item is amended with ``answer`` in a new scored revision."""

    outcome = serializers.ChoiceField(choices=[AppealStatus.UPHELD])
    note = Sentence(max_length=2000, help_text="Why, for the client.")
    answer = AnswerInputSerializer(help_text="The item's answer as it should have been.")


DECIDE_APPEAL_REQUEST = PolymorphicProxySerializer(
    component_name="AppealDecision",
    serializers=[DismissAppealSerializer, UpholdAppealSerializer],
    resource_type_field_name=None,
)


class AppealDecideSerializer(serializers.Serializer):
    """Reads ``DECIDE_APPEAL_REQUEST``: the answer is required exactly when upheld."""

    outcome = serializers.ChoiceField(choices=[AppealStatus.DISMISSED, AppealStatus.UPHELD])
    note = Sentence(max_length=2000)
    answer = serializers.JSONField(required=False)

    def validate(self, data):
        if data["outcome"] == AppealStatus.DISMISSED:
            if "answer" in data:
                raise serializers.ValidationError(
                    {"answer": _("A dismissed appeal changes no answer.")}, code="invalid"
                )
            return data
        if "answer" not in data:
            raise serializers.ValidationError(
                {"answer": _("Give the item's answer as it should have been.")},
                code="required",
            )
        answers, problems = parse_answers({"answer": data["answer"]})
        if problems:
            raise serializers.ValidationError(
                {"answer": [ErrorDetail(p["detail"], code=p["code"]) for p in problems]}
            )
        data["answer"] = _value_answers(answers, "answer")["answer"]
        return data


class UpheldRateSerializer(serializers.Serializer):
    decided = serializers.IntegerField(help_text="Appeals decided: what the rate is a share of.")
    rate = serializers.FloatField(allow_null=True)
    low = serializers.FloatField(allow_null=True, help_text="Wilson's 95% interval.")
    high = serializers.FloatField(allow_null=True)


class AppealCountsSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The location's or the auditor's id.")
    name = serializers.CharField()
    appeals = serializers.IntegerField()
    open = serializers.IntegerField()
    dismissed = serializers.IntegerField()
    upheld = serializers.IntegerField()
    upheld_rate = UpheldRateSerializer(help_text="Upheld of the decided appeals.")


class RevisionChangeSerializer(serializers.Serializer):
    item = serializers.CharField()
    before = AnswerSerializer(allow_null=True)
    after = AnswerSerializer(allow_null=True)


class RevisionDiffSerializer(serializers.Serializer):
    base = serializers.IntegerField(help_text="The earlier revision's number.")
    head = serializers.IntegerField(help_text="The later revision's number.")
    changes = RevisionChangeSerializer(many=True)


class QueuedAuditSerializer(AgencyAuditSummarySerializer):
    open_flags = serializers.IntegerField(help_text="Plausibility flags not yet cleared.")
    waiting_since = serializers.DateTimeField(
        help_text="Since it was submitted (or, still awaiting photos, received)."
    )

    class Meta(AgencyAuditSummarySerializer.Meta):
        fields = [*AgencyAuditSummarySerializer.Meta.fields, "open_flags", "waiting_since"]
