from modeltranslation.translator import TranslationOptions, register

from waves.models import Brief

# The texts an auditor reads, in their language.
BRIEF_TEXTS = ("story", "questions", "complaint", "outbound_trigger", "lines", "cover")


@register(Brief)
class BriefTranslation(TranslationOptions):
    fields = BRIEF_TEXTS
