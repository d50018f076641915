from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from rest_framework import serializers

from accounts.models import User


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)

    def validate(self, attrs):
        user = authenticate(
            request=self.context.get("request"),
            username=attrs["username"],
            password=attrs["password"],
        )
        if user is None:
            raise serializers.ValidationError(
                _("Unable to log in with the username and password given."),
                code="invalid_credentials",
            )
        attrs["user"] = user
        return attrs


class MeSerializer(serializers.ModelSerializer):
    """The signed-in person: what the phone needs to know about its own user."""

    client = serializers.CharField(source="client.name", allow_null=True, default=None)
    works_for = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    regions = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "role",
            "client",
            "works_for",
            "regions",
        ]


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
    expiry = serializers.DateTimeField(help_text="When the token stops working (UTC).")
    user = MeSerializer()
