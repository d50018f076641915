"""What else changes a client's comparison figures, beyond a stored score: a location or region
(names, and which region a location is in) and a reader's role, client or regions."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from scoring.cache import stamp_renew


def _owned_by_client(sender, instance, **kwargs) -> None:
    stamp_renew(instance.client_id)


def _reader_saved(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # every log-in saves the user; nothing a figure depends on
    stamp_renew(instance.client_id)


def _reader_regions_changed(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        stamp_renew(instance.client_id)


def connect() -> None:
    from django.contrib.auth import get_user_model

    from organizations.models import Location, Region

    user_model = get_user_model()
    for model in (Location, Region):
        post_save.connect(_owned_by_client, sender=model, dispatch_uid=f"stamp-{model.__name__}")
        post_delete.connect(
            _owned_by_client, sender=model, dispatch_uid=f"stamp-delete-{model.__name__}"
        )
    post_save.connect(_reader_saved, sender=user_model, dispatch_uid="stamp-user")
    m2m_changed.connect(
        _reader_regions_changed, sender=user_model.regions.through, dispatch_uid="stamp-regions"
    )
