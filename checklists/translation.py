from modeltranslation.translator import TranslationOptions, register

from checklists.models import Checklist, Item, ItemChoice


@register(Checklist)
class ChecklistTranslation(TranslationOptions):
    fields = ("name",)


@register(Item)
class ItemTranslation(TranslationOptions):
    fields = ("text", "help_text")


@register(ItemChoice)
class ItemChoiceTranslation(TranslationOptions):
    fields = ("label",)
