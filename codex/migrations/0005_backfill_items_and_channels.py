"""Versions made before a codex held its own questions and channels: their questions are taken
from the checklists built on them (one item per key, with its choices), their channels from those
checklists' channels."""

from django.db import migrations

LANGUAGES = ("en", "fi", "hu")
CHANNELS = {
    "in_person": ({"en": "In person", "fi": "Paikan päällä", "hu": "Személyesen"},
                  {"en": "in person", "fi": "paikan päällä", "hu": "személyesen"}),
    "phone": ({"en": "Phone", "fi": "Puhelin", "hu": "Telefon"},
              {"en": "by phone", "fi": "puhelimitse", "hu": "telefonon"}),
    "email": ({"en": "E-mail", "fi": "Sähköposti", "hu": "E-mail"},
              {"en": "by e-mail", "fi": "sähköpostitse", "hu": "e-mailben"}),
    "chat": ({"en": "Chat", "fi": "Chat", "hu": "Chat"},
             {"en": "in chat", "fi": "chatissa", "hu": "chaten"}),
}
ITEM_FIELDS = (
    "type", "weight", "critical", "allow_na", "required", "min_photos", "min_value", "max_value",
    "business_hours", "measures_loyalty", "figure", "condition_item_key", "condition_operator",
    "condition_value",
)


def backfill(apps, schema_editor):
    CodexVersion = apps.get_model("codex", "CodexVersion")
    Checkpoint = apps.get_model("codex", "Checkpoint")
    ServiceChannel = apps.get_model("codex", "ServiceChannel")
    ItemTemplate = apps.get_model("codex", "ItemTemplate")
    ItemTemplateChoice = apps.get_model("codex", "ItemTemplateChoice")
    Item = apps.get_model("checklists", "Item")
    ItemChoice = apps.get_model("checklists", "ItemChoice")
    for version in CodexVersion.objects.all():
        items = Item.objects.filter(checklist_version__codex_version=version).select_related(
            "checklist_version__checklist"
        ).order_by("phase__position", "position", "id")
        channels = []
        for item in items:
            channel = item.checklist_version.checklist.channel
            if channel not in channels:
                channels.append(channel)
        for position, key in enumerate(key for key in CHANNELS if key in channels):
            name, label = CHANNELS[key]
            ServiceChannel.objects.create(
                codex_version=version, key=key, position=position,
                name=name["en"], label=label["en"],
                **{f"name_{lang}": name[lang] for lang in LANGUAGES},
                **{f"label_{lang}": label[lang] for lang in LANGUAGES},
            )
        checkpoints = {c.key: c for c in Checkpoint.objects.filter(codex_version=version)}
        done = set()
        for item in items:
            if item.key in done or item.key not in checkpoints:
                continue
            done.add(item.key)
            template = ItemTemplate.objects.create(
                codex_version=version, key=item.key, position=len(done),
                checkpoint=checkpoints[item.key], norm_id=item.norm_id,
                text=item.text, help=item.help_text,
                **{f"text_{lang}": getattr(item, f"text_{lang}") for lang in LANGUAGES},
                **{f"help_{lang}": getattr(item, f"help_text_{lang}") for lang in LANGUAGES},
                **{name: getattr(item, name) for name in ITEM_FIELDS},
            )
            for choice in ItemChoice.objects.filter(item=item).order_by("position", "id"):
                ItemTemplateChoice.objects.create(
                    item=template, key=choice.key, position=choice.position,
                    points=choice.points, label=choice.label,
                    **{f"label_{lang}": getattr(choice, f"label_{lang}") for lang in LANGUAGES},
                )


class Migration(migrations.Migration):
    dependencies = [
        ("codex", "0004_codex_items_and_channels"),
        ("checklists", "0003_steps_spine"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
