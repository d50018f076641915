from modeltranslation.translator import TranslationOptions, register

from codex.models import (
    Checkpoint,
    ItemTemplate,
    ItemTemplateChoice,
    Norm,
    Persona,
    Phase,
    ServiceChannel,
    Situation,
    Step,
)


@register(Phase)
class PhaseTranslation(TranslationOptions):
    fields = ("name", "goal", "effect")


@register(Situation)
class SituationTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Step)
class StepTranslation(TranslationOptions):
    fields = ("name", "goal", "effect")


@register(Checkpoint)
class CheckpointTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Norm)
class NormTranslation(TranslationOptions):
    fields = ("rule",)


@register(Persona)
class PersonaTranslation(TranslationOptions):
    fields = ("name", "description")


@register(ItemTemplate)
class ItemTemplateTranslation(TranslationOptions):
    fields = ("text", "help")


@register(ItemTemplateChoice)
class ItemTemplateChoiceTranslation(TranslationOptions):
    fields = ("label",)


@register(ServiceChannel)
class ServiceChannelTranslation(TranslationOptions):
    fields = ("name", "label")
