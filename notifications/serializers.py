from __future__ import annotations

from rest_framework import serializers

from api.fields import StrictBooleanField, StrictCharField
from notifications.models import Attempt, Delivery, Endpoint, EventKind

EVENTS = serializers.ListField(
    child=serializers.ChoiceField(choices=EventKind.choices),
    min_length=1,
    max_length=len(EventKind.choices),
    help_text="The events this endpoint is told of.",
)


class EndpointSerializer(serializers.ModelSerializer):
    events = serializers.ListField(child=serializers.ChoiceField(choices=EventKind.choices))

    class Meta:
        model = Endpoint
        fields = [
            "id",
            "url",
            "events",
            "active",
            "failing_since",
            "disabled_at",
            "disabled_reason",
            "created_at",
        ]
        read_only_fields = fields


class NewEndpointSerializer(EndpointSerializer):
    """The endpoint just made, with its signing secret: shown this once."""

    class Meta(EndpointSerializer.Meta):
        fields = [*EndpointSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class EndpointCreateSerializer(serializers.Serializer):
    url = StrictCharField(
        max_length=500,
        help_text="An https:// address on the public internet (private ones are refused).",
    )
    events = EVENTS


class EndpointChangeSerializer(serializers.Serializer):
    url = StrictCharField(max_length=500, required=False)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EventKind.choices),
        min_length=1,
        max_length=len(EventKind.choices),
        required=False,
    )
    active = StrictBooleanField(
        required=False, help_text="true switches a disabled endpoint on again."
    )


class AttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attempt
        fields = ["at", "status_code", "response", "error", "duration_ms"]
        read_only_fields = fields


class DeliverySerializer(serializers.ModelSerializer):
    tries = AttemptSerializer(many=True, read_only=True, help_text="Every attempt, oldest first.")

    class Meta:
        model = Delivery
        fields = [
            "id",
            "event",
            "payload",
            "status",
            "attempts",
            "next_attempt_at",
            "created_at",
            "delivered_at",
            "tries",
        ]
        read_only_fields = fields


class EmailEventsSerializer(serializers.Serializer):
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EventKind.choices),
        max_length=len(EventKind.choices),
        help_text="The events you are told of by e-mail; empty for none.",
    )
