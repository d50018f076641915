"""Every write to a codex: publishing a version and starting a new draft from one."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import Role
from api.errors import ConflictError, DomainValidationError
from codex.constants import NormMeasure, VersionStatus
from codex.models import CodexSignOff, CodexVersion
from codex.selectors import codex_choices_forget


def clone_row(obj, **overrides):
    """Insert a copy of ``obj`` with ``overrides``; ``obj`` becomes the copy."""
    obj.pk = None
    obj.id = None
    obj._state.adding = True
    for name, value in overrides.items():
        setattr(obj, name, value)
    obj.save()
    return obj


@transaction.atomic
def codex_version_publish(
    *, version: CodexVersion, progress: Callable[[str], None] | None = None
) -> CodexVersion:
    """Freeze a draft codex version after checking that it can be measured against, and build
    its checklists (one per situation and channel) from its items."""
    from checklists.defaults import checklists_build
    from codex.handbook import content_hash

    version = CodexVersion.objects.select_for_update().select_related("client").get(pk=version.pk)
    if version.is_published:
        raise ConflictError(
            _("%(version)s is already published.") % {"version": version},
            code="already_published",
        )
    problems = []
    if not version.phases.exists():
        problems.append({"code": "no_phases", "detail": _("Add the phases."), "attr": "phases"})
    if not version.situations.exists():
        problems.append(
            {"code": "no_situations", "detail": _("Add the situations."), "attr": "situations"}
        )
    for norm in version.norms.filter(
        measure=NormMeasure.MAX_DURATION,
        partial_credit_until_seconds__isnull=False,
    ):
        if norm.partial_credit_until_seconds <= norm.threshold_seconds:
            problems.append(
                {
                    "code": "invalid_partial_credit",
                    "detail": _("Partial credit must end after the threshold."),
                    "attr": f"norms.{norm.key}.partial_credit_until_seconds",
                }
            )
    if version.client.codex_sign_off_required and not codex_version_signed_off(version):
        problems.append(
            {
                "code": "sign_off_required",
                "detail": _(
                    "The client signs off a codex before it is published: one of its admins "
                    "signs off this version's handbook first."
                ),
                "attr": None,
            }
        )
    if problems:
        raise DomainValidationError(
            problems, _("%(version)s cannot be published.") % {"version": version}
        )
    version.content_hash = content_hash(version)
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at", "content_hash"])
    checklists_build(version, progress)
    client_id = version.client_id
    transaction.on_commit(lambda: codex_choices_forget(client_id))
    return version


@transaction.atomic
def codex_version_create_draft(*, source: CodexVersion) -> CodexVersion:
    """A new draft version of the same client's codex, a deep copy of ``source``."""
    number = (
        CodexVersion.objects.select_for_update()
        .filter(client_id=source.client_id)
        .aggregate(n=Max("number"))["n"]
        or 0
    ) + 1
    draft = CodexVersion.objects.create(
        client_id=source.client_id,
        number=number,
        notes=source.notes,
        critical_miss_zeroes_total=source.critical_miss_zeroes_total,
    )
    # Keys are read before _clone gives the object its new primary key.
    phases = {p.pk: clone_row(p, codex_version=draft) for p in list(source.phases.all())}
    situations, checkpoints, norms = {}, {}, {}
    for situation in list(source.situations.prefetch_related("steps")):
        source_pk, steps = situation.pk, list(situation.steps.all())
        copy = situations[source_pk] = clone_row(situation, codex_version=draft)
        for step in steps:
            clone_row(step, situation=copy, phase=phases[step.phase_id])
    for checkpoint in list(source.checkpoints.prefetch_related("situations", "norms")):
        situation_ids = [s.pk for s in checkpoint.situations.all()]
        checkpoint_norms = list(checkpoint.norms.all())
        copy = checkpoints[checkpoint.key] = clone_row(
            checkpoint, codex_version=draft, phase=phases[checkpoint.phase_id]
        )
        copy.situations.set([situations[pk] for pk in situation_ids])
        for norm in checkpoint_norms:
            norms[norm.key] = clone_row(norm, codex_version=draft, checkpoint=copy)
    for persona in list(source.personas.all()):
        clone_row(persona, codex_version=draft)
    for channel in list(source.channels.all()):
        clone_row(channel, codex_version=draft)
    for item in list(
        source.item_templates.select_related("checkpoint", "norm").prefetch_related("choices")
    ):
        choices = list(item.choices.all())
        copy = clone_row(
            item,
            codex_version=draft,
            checkpoint=checkpoints[item.checkpoint.key],
            norm=norms.get(item.norm.key) if item.norm else None,
        )
        for choice in choices:
            clone_row(choice, item=copy)
    return draft


def codex_version_signed_off(version: CodexVersion) -> bool:
    """Whether one of the client's admins signed off the version as it is now (a draft changed
    after its sign-off needs signing again)."""
    from codex.handbook import content_hash

    hashes = set(version.sign_offs.values_list("content_hash", flat=True))
    return bool(hashes) and content_hash(version) in hashes


@transaction.atomic
def codex_sign_off(*, version: CodexVersion, user, comment: str, language: str) -> CodexSignOff:
    """A client admin signs off the version's handbook, as it is now, for their client."""
    from codex.handbook import content_hash

    if user.role != Role.CLIENT_ADMIN or user.client_id != version.client_id:
        raise PermissionDenied(_("The client's admins sign off its codex."))
    return CodexSignOff.objects.create(
        codex_version=version,
        signed_by=user,
        comment=comment,
        language=language,
        content_hash=content_hash(version),
    )
