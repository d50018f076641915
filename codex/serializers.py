from rest_framework import serializers

from api.fields import StrictCharField
from api.params import MAX_ID
from codex.models import CodexSignOff, CodexVersion


class CodexVersionSerializer(serializers.ModelSerializer):
    client = serializers.IntegerField(source="client_id", read_only=True)

    class Meta:
        model = CodexVersion
        fields = [
            "id",
            "client",
            "number",
            "status",
            "published_at",
            "created_at",
            "notes",
            "critical_miss_zeroes_total",
        ]
        read_only_fields = fields


class ChangeSerializer(serializers.Serializer):
    sheet = serializers.ChoiceField(
        choices=[
            "codex",
            "channels",
            "phases",
            "situations",
            "steps",
            "checkpoints",
            "norms",
            "items",
            "choices",
            "personas",
        ],
        help_text="The sheet (the spreadsheet's tab, the YAML's part) the row is on.",
    )
    key = serializers.CharField(
        help_text="The row's key (``situation/key`` for a step, ``item/key`` for a choice)."
    )
    change = serializers.ChoiceField(choices=["added", "removed", "reworded", "changed"])
    column = serializers.CharField(allow_null=True)
    languages = serializers.ListField(
        child=serializers.CharField(), help_text="The languages a reworded text changed in."
    )
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)
    summary = serializers.CharField(help_text="The change in words, in the reader's language.")


class CodexChangesSerializer(serializers.Serializer):
    version = CodexVersionSerializer()
    against = CodexVersionSerializer(
        allow_null=True, help_text="The version compared with: the newest published one before."
    )
    changes = ChangeSerializer(many=True)


class CodexImportSerializer(serializers.Serializer):
    client = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="The client whose codex this is."
    )
    file = serializers.FileField(
        help_text="The codex as a spreadsheet (.xlsx, as exported) or as YAML or JSON."
    )


class CodexVersionDetailSerializer(CodexVersionSerializer):
    signed_off = serializers.SerializerMethodField(
        help_text="Whether one of the client's admins signed off the version as it is now."
    )

    class Meta(CodexVersionSerializer.Meta):
        fields = [*CodexVersionSerializer.Meta.fields, "signed_off"]
        read_only_fields = fields

    def get_signed_off(self, version) -> bool:
        from codex.services import codex_version_signed_off

        return codex_version_signed_off(version)


class SignOffSerializer(serializers.ModelSerializer):
    signed_by = serializers.SerializerMethodField(help_text="Who signed off: their name.")
    current = serializers.SerializerMethodField(
        help_text="False when the draft changed after this sign-off: it needs signing again."
    )

    class Meta:
        model = CodexSignOff
        fields = ["id", "signed_by", "signed_at", "language", "comment", "current"]
        read_only_fields = fields

    def get_signed_by(self, sign_off) -> str:
        user = sign_off.signed_by
        return user.get_full_name() or user.get_username()

    def get_current(self, sign_off) -> bool:
        return sign_off.content_hash == self.context["content_hash"]


class SignOffCreateSerializer(serializers.Serializer):
    comment = StrictCharField(required=False, allow_blank=True, max_length=2000, default="")
    language = serializers.ChoiceField(
        choices=["en", "fi", "hu"],
        required=False,
        help_text="The language of the handbook you read (default: your request's language).",
    )
