"""Base views: the visibility gate every scoped endpoint goes through."""

from __future__ import annotations

from django.db.models import QuerySet


class ScopedQuerysetMixin:
    """Applies ``selector(user=...)`` (which must end in the model's ``visible_to``) in
    ``get_queryset``.

    Subclasses name a ``selector`` and may not override ``get_queryset``, so no view can forget
    the gate. Lists and creates are scoped by the queryset, not by object permissions, which DRF
    runs only when one object is fetched.
    """

    selector = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "get_queryset" in cls.__dict__:
            raise TypeError(f"{cls.__name__} must not override get_queryset; set `selector`.")

    def get_queryset(self) -> QuerySet:
        return type(self).selector(user=self.request.user)
