from __future__ import annotations

from rest_framework import serializers

from actions.models import Action, ActionStatus
from api.fields import Sentence, StrictCharField, StrictRegexField
from api.params import MAX_ID
from waves.serializers import SLUG, PlanDateField


class SinceSerializer(serializers.Serializer):
    audits = serializers.IntegerField(help_text="Audits where the norm applied.")
    rate = serializers.FloatField(allow_null=True, help_text="Met, of those.")
    low = serializers.FloatField(allow_null=True, help_text="Wilson's 95% interval.")
    high = serializers.FloatField(allow_null=True)


class ActionSerializer(serializers.ModelSerializer):
    location = serializers.IntegerField(source="location_id")
    location_name = serializers.CharField(source="location.name")
    opened_by = serializers.CharField(source="opened_by.username")
    overdue = serializers.BooleanField()
    before = SinceSerializer(help_text="The norm at the location before the action was opened.")
    since = SinceSerializer(help_text="The norm at the location since: the loop closed.")

    class Meta:
        model = Action
        fields = [
            "id",
            "location",
            "location_name",
            "norm",
            "what",
            "owner",
            "due_on",
            "status",
            "overdue",
            "opened_by",
            "opened_at",
            "closed_at",
            "before",
            "since",
        ]


class ActionOpenSerializer(serializers.Serializer):
    location = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    norm = StrictRegexField(SLUG, max_length=64, help_text="The missed norm's key.")
    what = Sentence(max_length=2000, help_text="What will change.")
    owner = StrictCharField(max_length=200, help_text="Who sees it done.")
    due_on = PlanDateField()


class ActionChangeSerializer(serializers.Serializer):
    what = Sentence(max_length=2000, required=False)
    owner = StrictCharField(max_length=200, required=False)
    due_on = PlanDateField(required=False)
    status = serializers.ChoiceField(choices=ActionStatus.choices, required=False)
