from rest_framework import serializers

from codex.models import CodexVersion


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
    client = serializers.IntegerField(help_text="The client whose codex this is.")
    file = serializers.FileField(
        help_text="The codex as a spreadsheet (.xlsx, as exported) or as YAML or JSON."
    )
