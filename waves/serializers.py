from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import AuditorProfile
from api.fields import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    Sentence,
    StrictBooleanField,
    StrictCharField,
    StrictRegexField,
)
from api.params import MAX_ID
from api.schema import NO_NUL
from audits.constants import AuditStatus
from audits.models import Assignment
from scoring.stats import wilson
from waves.models import Brief, Purchase, Wave
from waves.scheduler import DAYPARTS, Constraint
from waves.translation import BRIEF_TEXTS

SLUG = r"^[-a-zA-Z0-9_]+\Z"
# A wave is a period's visits: at most a year of them.
LONGEST_PERIOD_DAYS = 366


class IdField(serializers.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


@extend_schema_field(
    {"type": "string", "format": "date", "pattern": r"^(197[1-9]|19[89]\d|20[0-8]\d|209[0-8])-"}
)
class PlanDateField(serializers.DateField):
    """A date of a wave's period, between 1970 and 2099."""

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if not date(EARLIEST_YEAR + 1, 1, 1) <= day <= date(LATEST_YEAR - 1, 12, 31):
            raise serializers.ValidationError(
                _("Must be between the years {earliest} and {latest}.").format(
                    earliest=EARLIEST_YEAR + 1, latest=LATEST_YEAR - 1
                )
            )
        return day


class WavePlanSerializer(serializers.Serializer):
    """A wave's design: whom to visit, in which situations, channels and personas, how often,
    and in which period. Left out, locations, situations, channels and personas mean all of the
    client's."""

    client = IdField()
    name = StrictCharField(max_length=200)
    period_start = PlanDateField()
    period_end = PlanDateField(help_text="The period's last day (included); at most a year on.")
    locations = serializers.ListField(
        child=IdField(), required=False, allow_empty=False, max_length=10_000
    )
    situations = serializers.ListField(
        child=StrictRegexField(SLUG, max_length=64), required=False, allow_empty=False
    )
    channels = serializers.ListField(
        child=StrictRegexField(SLUG, max_length=32),
        required=False,
        allow_empty=False,
        help_text="Channel keys of the client's codex (default: all of its channels).",
    )
    personas = serializers.ListField(
        child=StrictRegexField(SLUG, max_length=64), required=False, allow_empty=False
    )
    visits_per_location = serializers.IntegerField(min_value=1, max_value=60)
    matched_pairs_per_location = serializers.IntegerField(
        min_value=0,
        max_value=30,
        required=False,
        help_text="Matched persona pairs per location (two of its visits each; at most half its "
        "visits are paired, whatever is asked). Left out: one where the personas allow it and "
        "there are two visits or more.",
    )

    def validate(self, data):
        if data["period_end"] < data["period_start"]:
            raise serializers.ValidationError(
                {"period_end": _("The period ends before it starts.")}, code="invalid"
            )
        if data["period_end"] - data["period_start"] >= timedelta(days=LONGEST_PERIOD_DAYS):
            raise serializers.ValidationError(
                {"period_end": _("A wave's period is at most a year.")}, code="invalid"
            )
        for name in ("locations", "situations", "channels", "personas"):
            if name in data:
                data[name] = list(dict.fromkeys(data[name]))
        return data


class WaveCreateSerializer(WavePlanSerializer):
    key = serializers.UUIDField(
        help_text="An id you generate for this wave: sending the same plan with it again "
        "returns the wave made the first time."
    )


class PlannedVisitSerializer(serializers.Serializer):
    location = serializers.IntegerField()
    checklist = serializers.CharField(source="scenario.checklist")
    situation = serializers.CharField(source="scenario.situation")
    channel = serializers.CharField(source="scenario.channel")
    persona = serializers.CharField(source="persona.key", allow_null=True, default=None)
    auditor = serializers.IntegerField(allow_null=True)
    window_start = serializers.DateTimeField()
    window_end = serializers.DateTimeField()
    daypart = serializers.SerializerMethodField()
    pair = serializers.IntegerField(allow_null=True)
    constraint = serializers.ChoiceField(
        choices=[c.value for c in Constraint],
        allow_null=True,
        help_text="Why nobody could take the visit (the first rule that left no auditor); "
        "null when placed.",
    )

    def get_daypart(self, visit) -> str:
        return DAYPARTS[visit.daypart]


class CoverageSerializer(serializers.Serializer):
    visits = serializers.IntegerField(help_text="Visits the design asks for.")
    placed = serializers.IntegerField(help_text="Of them, given to an auditor.")
    by_checklist = serializers.DictField(child=serializers.IntegerField())
    by_situation = serializers.DictField(child=serializers.IntegerField())
    by_channel = serializers.DictField(child=serializers.IntegerField())
    by_persona = serializers.DictField(child=serializers.IntegerField())
    by_weekday = serializers.DictField(
        child=serializers.IntegerField(), help_text="By weekday, 0 Monday to 6 Sunday."
    )
    by_daypart = serializers.DictField(child=serializers.IntegerField())
    by_week = serializers.DictField(child=serializers.IntegerField())
    pairs = serializers.IntegerField(help_text="Matched persona pairs designed.")
    pairs_complete = serializers.IntegerField(help_text="Of them, both visits placed.")
    unplaced = serializers.DictField(
        child=serializers.IntegerField(), help_text="Visits nobody could take, by the rule."
    )


class WaveNeedSerializer(serializers.Serializer):
    previous_start = serializers.DateField()
    previous_end = serializers.DateField()
    locations_scored = serializers.IntegerField(source="need.locations")
    difference = serializers.FloatField(
        source="need.difference",
        allow_null=True,
        help_text="Between the locations a quarter from the top and from the bottom, last period.",
    )
    spread = serializers.FloatField(source="need.spread", allow_null=True)
    audits_each = serializers.IntegerField(
        source="need.audits_each",
        allow_null=True,
        help_text="Audits per location that tell those apart (95%, with 80% power); null "
        "without two scored locations last period, or when they scored the same.",
    )
    planned_each = serializers.IntegerField()
    enough = serializers.BooleanField(allow_null=True)


class WavePlanResultSerializer(serializers.Serializer):
    coverage = CoverageSerializer()
    visits_needed = WaveNeedSerializer()
    visits = PlannedVisitSerializer(many=True)


class UnplacedSerializer(serializers.Serializer):
    location = serializers.IntegerField()
    checklist = serializers.CharField()
    persona = serializers.CharField(allow_null=True)
    window_start = serializers.DateTimeField()
    pair = serializers.IntegerField(allow_null=True)
    constraint = serializers.ChoiceField(choices=[c.value for c in Constraint])


class AssignmentCountsSerializer(serializers.Serializer):
    offered = serializers.IntegerField()
    accepted = serializers.IntegerField()
    declined = serializers.IntegerField()
    cancelled = serializers.IntegerField()


class WaveSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username")
    coverage = CoverageSerializer(help_text="What the created assignments covered at creation.")
    unplaced = UnplacedSerializer(many=True)
    assignments = serializers.SerializerMethodField()

    class Meta:
        model = Wave
        fields = [
            "id",
            "key",
            "client",
            "name",
            "period_start",
            "period_end",
            "created_by",
            "created_at",
            "coverage",
            "unplaced",
            "assignments",
        ]

    @extend_schema_field(AssignmentCountsSerializer)
    def get_assignments(self, wave) -> dict:
        return {name: getattr(wave, name) for name in AssignmentCountsSerializer().fields}


class ReassignSerializer(serializers.Serializer):
    auditor = IdField(help_text="The auditor (working for the client) to give the visit to.")
    reason = Sentence(max_length=300, help_text="Why, for the record.")
    override = StrictBooleanField(
        default=False,
        help_text="Give it even if a scheduler rule (persona, language, distance, rotation, "
        "capacity) says no; the rule is named in the new assignment's note.",
    )


class ReassignedSerializer(serializers.ModelSerializer):
    pair = serializers.IntegerField(allow_null=True, help_text="Its matched pair in the wave.")

    class Meta:
        model = Assignment
        fields = [
            "id",
            "location",
            "auditor",
            "status",
            "window_start",
            "window_end",
            "wave",
            "pair",
            "replaces",
            "note",
        ]


class ProfileSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditorProfile
        fields = [
            "languages",
            "personas",
            "home_area",
            "home_latitude",
            "home_longitude",
            "travel_km",
            "weekly_capacity",
        ]


class AcceptanceSerializer(serializers.Serializer):
    answered = serializers.IntegerField(help_text="Offers accepted or declined.")
    rate = serializers.FloatField(allow_null=True, help_text="Accepted of those answered.")
    low = serializers.FloatField(allow_null=True, help_text="Wilson's 95% interval.")
    high = serializers.FloatField(allow_null=True)


class AuditorWorkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    profile = ProfileSerializer(source="auditor_profile", allow_null=True, default=None)
    open_assignments = serializers.IntegerField(
        source="open_work", help_text="Offered or accepted, not yet visited, window not over."
    )
    accepted = serializers.IntegerField()
    declined = serializers.IntegerField()
    acceptance = serializers.SerializerMethodField()

    @extend_schema_field(AcceptanceSerializer)
    def get_acceptance(self, auditor) -> dict:
        estimate = wilson(auditor.accepted, auditor.accepted + auditor.declined)
        return {
            "answered": estimate.n,
            "rate": estimate.mean,
            "low": estimate.low,
            "high": estimate.high,
        }


TEXT = {"type": "string", "maxLength": 5000, "pattern": NO_NUL}
ALL_TEXTS = {
    "type": "object",
    "properties": {language: {**TEXT, "minLength": 1} for language in ("en", "fi", "hu")},
    "required": ["en", "fi", "hu"],
    "additionalProperties": False,
}
NO_TEXT = {
    "type": "object",
    "properties": {language: {**TEXT, "maxLength": 0} for language in ("en", "fi", "hu")},
    "additionalProperties": False,
}


@extend_schema_field(
    {"anyOf": [NO_TEXT, ALL_TEXTS], "description": "A text in every language, or none."}
)
class TextsField(serializers.DictField):
    """A text in each language: ``{"en": ..., "fi": ..., "hu": ...}``, all three, or none."""

    def __init__(self, **kwargs):
        super().__init__(
            child=StrictCharField(max_length=5000, allow_blank=True, trim_whitespace=False),
            **kwargs,
        )

    def to_internal_value(self, data):
        texts = super().to_internal_value(data)
        languages = [code for code, _name in settings.LANGUAGES]
        unknown = set(texts) - set(languages)
        if unknown:
            raise serializers.ValidationError(
                _("Give texts in %(languages)s only.") % {"languages": ", ".join(languages)}
            )
        given = {language: texts.get(language) or "" for language in languages}
        if any(given.values()) and not all(given.values()):
            raise serializers.ValidationError(
                _("Give this text in every language (%(languages)s).")
                % {"languages": ", ".join(languages)}
            )
        return given


class StrictDecimalField(serializers.DecimalField):
    """A number, as the schema says: a numeric string or a boolean is refused."""

    def to_internal_value(self, data):
        if isinstance(data, str | bool):
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field({**ALL_TEXTS, "description": "A text in every language."})
class RequiredTextsField(TextsField):
    def to_internal_value(self, data):
        texts = super().to_internal_value(data)
        if not texts.get("en"):
            raise serializers.ValidationError(_("Tell the story in every language."))
        return texts


class BriefWriteSerializer(serializers.Serializer):
    story = RequiredTextsField(help_text="Who the auditor is and why they are there.")
    questions = TextsField(required=False, help_text="What to ask.")
    purchase = serializers.ChoiceField(choices=Purchase.choices, default=Purchase.DO_NOT_BUY)
    spending_limit = StrictDecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    currency = StrictRegexField(r"^[A-Z]{3}\Z", required=False, allow_blank=True, default="")
    complaint = TextsField(required=False, help_text="The complaint to make.")
    complaint_justified = StrictBooleanField(required=False, allow_null=True, default=None)
    outbound_trigger = TextsField(
        required=False, help_text="How to bring about the staff's contact (outbound situations)."
    )
    lines = TextsField(required=False, help_text="The persona's lines.")
    cover = TextsField(required=False, help_text="How to stay unrecognised.")


class BriefSerializer(serializers.ModelSerializer):
    """A brief as the auditor's phone shows it, in the auditor's language."""

    class Meta:
        model = Brief
        fields = [
            "situation_key",
            "story",
            "questions",
            "purchase",
            "spending_limit",
            "currency",
            "complaint",
            "complaint_justified",
            "outbound_trigger",
            "lines",
            "cover",
            "updated_at",
        ]
        read_only_fields = fields


class StoredTextsField(serializers.DictField):
    """A translated model field as ``{"en": ..., "fi": ..., "hu": ...}``."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.CharField(), read_only=True, **kwargs)

    def get_attribute(self, instance):
        return {
            language: getattr(instance, f"{self.field_name}_{language}") or ""
            for language, _name in settings.LANGUAGES
        }


class BriefTextsSerializer(serializers.ModelSerializer):
    """A brief as the agency writes it: every text in every language."""

    story = StoredTextsField()
    questions = StoredTextsField()
    complaint = StoredTextsField()
    outbound_trigger = StoredTextsField()
    lines = StoredTextsField()
    cover = StoredTextsField()

    class Meta:
        model = Brief
        fields = [
            "id",
            "situation_key",
            *BRIEF_TEXTS,
            "purchase",
            "spending_limit",
            "currency",
            "complaint_justified",
            "updated_at",
        ]
        read_only_fields = fields


class DeskAssignmentAuditSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=AuditStatus.choices)


class DeskAssignmentSerializer(serializers.ModelSerializer):
    """An assignment as the agency plans and follows it: who, where, what and when, and where
    its visit stands."""

    client = serializers.IntegerField(source="client_id")
    location = serializers.IntegerField(source="location_id")
    location_name = serializers.CharField(source="location.name")
    auditor = serializers.IntegerField(source="auditor_id")
    auditor_username = serializers.CharField(source="auditor.username")
    checklist_version = serializers.IntegerField(source="checklist_version_id")
    situation = serializers.CharField(source="checklist_version.situation.key")
    channel = serializers.CharField(source="checklist_version.checklist.channel")
    persona = serializers.CharField(source="persona.key", allow_null=True, default=None)
    wave = serializers.IntegerField(source="wave_id", allow_null=True)
    pair = serializers.IntegerField(allow_null=True)
    replaces = serializers.IntegerField(source="replaces_id", allow_null=True)
    first_visit = serializers.IntegerField(
        source="first_visit_id",
        allow_null=True,
        help_text="A follow-up contact's first visit (its assignment).",
    )
    audit = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "status",
            "client",
            "location",
            "location_name",
            "auditor",
            "auditor_username",
            "checklist_version",
            "situation",
            "channel",
            "persona",
            "window_start",
            "window_end",
            "wave",
            "pair",
            "replaces",
            "first_visit",
            "decline_reason",
            "note",
            "audit",
            "updated_at",
        ]

    @extend_schema_field(DeskAssignmentAuditSerializer(allow_null=True))
    def get_audit(self, assignment) -> dict | None:
        audit = getattr(assignment, "audit", None)
        return None if audit is None else {"id": audit.pk, "status": audit.status}
