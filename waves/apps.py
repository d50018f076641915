from django.apps import AppConfig


class WavesConfig(AppConfig):
    name = "waves"
    verbose_name = "Audit waves"
