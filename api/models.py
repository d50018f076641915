from django.db import models
from django.utils.translation import gettext_lazy


class ThrottleCounter(models.Model):
    """How many requests one throttle key (a client address, a user, a username's failed
    sign-ins) made in one fixed time window. The shared counter of every server process when no
    Redis is configured; incremented in one atomic statement (``api.throttling``)."""

    key = models.CharField(max_length=200)
    window_start = models.BigIntegerField(help_text=gettext_lazy("Unix time the window began."))
    window_end = models.BigIntegerField(
        help_text=gettext_lazy("Unix time the window ends."), db_index=True
    )
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="throttle_key_window")
        ]

    def __str__(self) -> str:
        return f"{self.key} @ {self.window_start}: {self.count}"
