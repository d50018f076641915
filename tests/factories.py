"""Factories for every model the tests build, in one place."""

from decimal import Decimal

import factory
from django.utils import timezone

from accounts.constants import Role
from accounts.models import User
from checklists.models import Checklist, ChecklistVersion, Item, ItemChoice
from codex.constants import NormMeasure, VersionStatus
from codex.models import Checkpoint, CodexVersion, Norm, Phase, Situation
from organizations.models import Client, Location, Region

PASSWORD = "correct-horse-battery"


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    name = factory.Sequence(lambda n: f"Client {n}")
    slug = factory.Sequence(lambda n: f"client-{n}")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    client = factory.SubFactory(ClientFactory)
    name = factory.Sequence(lambda n: f"Region {n}")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    region = factory.SubFactory(RegionFactory)
    client = factory.SelfAttribute("region.client")
    name = factory.Sequence(lambda n: f"Location {n}")
    latitude = Decimal("60.169100")
    longitude = Decimal("24.932700")
    time_zone = "Europe/Helsinki"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    role = Role.AUDITOR
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def works_for(self, create, clients, **kwargs):
        if create and clients:
            self.works_for.set(clients)

    @factory.post_generation
    def regions(self, create, regions, **kwargs):
        if create and regions:
            self.regions.set(regions)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class CodexVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CodexVersion

    client = factory.SubFactory(ClientFactory)
    number = factory.Sequence(lambda n: n + 1)


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    codex_version = factory.SubFactory(CodexVersionFactory)
    key = factory.Sequence(lambda n: f"phase-{n}")
    position = factory.Sequence(lambda n: n)
    name = factory.LazyAttribute(lambda phase: phase.key.title())


class SituationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Situation

    codex_version = factory.SubFactory(CodexVersionFactory)
    key = factory.Sequence(lambda n: f"situation-{n}")
    name = factory.LazyAttribute(lambda situation: situation.key.title())


class CheckpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Checkpoint

    phase = factory.SubFactory(PhaseFactory)
    codex_version = factory.SelfAttribute("phase.codex_version")
    key = factory.Sequence(lambda n: f"checkpoint-{n}")
    name = "A checkpoint"


class NormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Norm

    checkpoint = factory.SubFactory(CheckpointFactory)
    codex_version = factory.SelfAttribute("checkpoint.codex_version")
    key = factory.Sequence(lambda n: f"norm-{n}")
    rule = "A rule of behaviour"
    measure = NormMeasure.OBSERVED
    target_rate = Decimal("0.9")


class ChecklistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Checklist

    client = factory.SubFactory(ClientFactory)
    key = factory.Sequence(lambda n: f"checklist-{n}")
    name = factory.Sequence(lambda n: f"Checklist {n}")
    situation_key = "product_inquiry"
    channel = "in_person"


class ChecklistVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistVersion

    checklist = factory.SubFactory(ChecklistFactory)
    codex_version = factory.SubFactory(
        CodexVersionFactory, client=factory.SelfAttribute("..checklist.client")
    )
    situation = factory.SubFactory(
        SituationFactory, codex_version=factory.SelfAttribute("..codex_version")
    )
    number = factory.Sequence(lambda n: n + 1)


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    checklist_version = factory.SubFactory(ChecklistVersionFactory)
    # The codex version's first phase, so items can be added after the codex is published.
    phase = factory.LazyAttribute(
        lambda item: (
            item.checklist_version.codex_version.phases.first()
            or PhaseFactory(codex_version=item.checklist_version.codex_version)
        )
    )
    key = factory.Sequence(lambda n: f"item-{n}")
    position = factory.Sequence(lambda n: n)
    type = "yes_no"
    text = factory.Sequence(lambda n: f"Question {n}?")


class ItemChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemChoice

    item = factory.SubFactory(ItemFactory)
    key = factory.Sequence(lambda n: f"choice-{n}")
    position = factory.Sequence(lambda n: n)
    label = factory.Sequence(lambda n: f"Choice {n}")


def publish_codex(version: CodexVersion) -> CodexVersion:
    """Mark a factory-built codex version published without the service's checks."""
    CodexVersion.objects.filter(pk=version.pk).update(
        status=VersionStatus.PUBLISHED, published_at=timezone.now()
    )
    version.refresh_from_db()
    return version


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "audits.Assignment"

    location = factory.SubFactory(LocationFactory)
    client = factory.SelfAttribute("location.client")
    checklist_version = factory.SubFactory(
        ChecklistVersionFactory, checklist__client=factory.SelfAttribute("...location.client")
    )
    auditor = factory.SubFactory(UserFactory, role=Role.AUDITOR)
    window_start = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=1))
    window_end = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=1))
    status = "accepted"
