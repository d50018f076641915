from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = "Scores"

    def ready(self) -> None:
        from scoring import signals

        signals.connect()
