from rest_framework import serializers

from checklists.models import Checklist, ChecklistVersion, Item, ItemChoice
from codex.models import Norm, Phase, Step

# Output-only integers are declared without the database's range, which differs between SQLite
# and PostgreSQL and would make the committed schema depend on the database it was built on.


class ChecklistVersionSummarySerializer(serializers.ModelSerializer):
    number = serializers.IntegerField()

    class Meta:
        model = ChecklistVersion
        fields = ["id", "number", "published_at"]


class ChecklistSummarySerializer(serializers.ModelSerializer):
    """A checklist the auditor may use, with the version the phone should hold."""

    client = serializers.CharField(source="client.name")
    current_version = ChecklistVersionSummarySerializer()

    class Meta:
        model = Checklist
        fields = ["id", "key", "name", "client", "situation_key", "channel", "current_version"]


class NormSerializer(serializers.ModelSerializer):
    class Meta:
        model = Norm
        fields = [
            "key",
            "rule",
            "measure",
            "threshold_seconds",
            "display_unit",
            "partial_credit_until_seconds",
            "target_rate",
            "basis",
            "target_basis",
        ]


class ChoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = ItemChoice
        fields = ["key", "label"]


class ConditionSerializer(serializers.Serializer):
    item = serializers.CharField(help_text="Key of the earlier item whose answer decides.")
    op = serializers.CharField(help_text="equals, not_equals, in, gt or lt.")
    value = serializers.JSONField()


class ItemSerializer(serializers.ModelSerializer):
    help = serializers.CharField(source="help_text")
    min_photos = serializers.IntegerField()
    # Numbers, or null where the item has no bound (the schema said a string, always present).
    min = serializers.DecimalField(
        source="min_value", max_digits=10, decimal_places=2, allow_null=True, coerce_to_string=False
    )
    max = serializers.DecimalField(
        source="max_value", max_digits=10, decimal_places=2, allow_null=True, coerce_to_string=False
    )
    choices = ChoiceSerializer(many=True)
    norm = NormSerializer(allow_null=True)
    step = serializers.SlugRelatedField(
        slug_field="key",
        read_only=True,
        allow_null=True,
        help_text="The key of the step (in this section's `steps`) the item is a detail of; "
        "null for an item of the whole phase (how it compared with what you expected) and in "
        "checklists made before steps.",
    )
    condition = serializers.SerializerMethodField()

    class Meta:
        model = Item
        fields = [
            "key",
            "type",
            "text",
            "help",
            "weight",
            "critical",
            "allow_na",
            "required",
            "min_photos",
            "min",
            "max",
            "measures_loyalty",
            "business_hours",
            "figure",
            "step",
            "choices",
            "condition",
            "norm",
        ]

    def get_condition(self, item: Item) -> ConditionSerializer(allow_null=True):  # type: ignore[valid-type]
        if not item.condition_item_key:
            return None
        return {
            "item": item.condition_item_key,
            "op": item.condition_operator,
            "value": item.condition_value,
        }


class PhaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Phase
        fields = ["key", "name", "goal", "effect"]


class StepSerializer(serializers.ModelSerializer):
    class Meta:
        model = Step
        fields = ["key", "name", "goal", "effect"]


class SectionSerializer(serializers.Serializer):
    """One phase of the encounter: the steps of the situation's process in it, each with its
    goal and the effect it should have on the customer, and its items, in order."""

    phase = PhaseSerializer()
    steps = StepSerializer(many=True)
    items = ItemSerializer(many=True)


class ChecklistDocumentSerializer(serializers.Serializer):
    """A checklist version in full, in the reader's language: phases, items, norms."""

    id = serializers.IntegerField(source="version.id")
    checklist = serializers.IntegerField(source="version.checklist_id")
    number = serializers.IntegerField(source="version.number")
    name = serializers.CharField(source="version.checklist.name")
    client = serializers.CharField(source="version.checklist.client.name")
    situation = serializers.CharField(source="version.situation.key")
    situation_name = serializers.CharField(source="version.situation.name")
    channel = serializers.CharField(source="version.checklist.channel")
    status = serializers.CharField(source="version.status")
    published_at = serializers.DateTimeField(source="version.published_at")
    language = serializers.SerializerMethodField()
    sections = SectionSerializer(many=True)

    def get_language(self, document) -> str:
        return self.context["language"]
