from dataclasses import dataclass
from decimal import Decimal

import pytest

from accounts.constants import Role
from accounts.models import AuditorProfile, User
from checklists.defaults import default_codex_install
from organizations.models import Location
from tests.factories import LocationFactory, UserFactory

# Personas of the default codex (codex/default_codex.yaml), by who can play them.
FINNISH_PERSONAS = ["novice_pensioner", "young_novice", "expert_engineer", "upset_caller"]


@dataclass
class Field:
    locations: list[Location]
    auditors: list[User]


def profile(user: User, *, languages=("fi",), personas=FINNISH_PERSONAS, home=None, **extra):
    return AuditorProfile.objects.create(
        user=user,
        languages=list(languages),
        personas=list(personas),
        home_latitude=Decimal(str(home[0])) if home else None,
        home_longitude=Decimal(str(home[1])) if home else None,
        **extra,
    )


@pytest.fixture
def planning(world) -> Field:
    """Four locations of the own client in Helsinki, and five auditors living there: the
    world's auditor and four more, one of whom also speaks English and plays the English and
    the young man's personas, and another who plays the young man too. The own client has the
    default codex."""
    default_codex_install(client=world.client)
    locations = [
        LocationFactory(client=world.client, region=world.region, name=f"Shop {n}")
        for n in range(4)
    ]
    helsinki = (60.17, 24.94)
    auditors = [world.auditor] + [
        UserFactory(username=f"shopper-{n}", role=Role.AUDITOR, works_for=[world.client])
        for n in range(4)
    ]
    for auditor in auditors[:-2]:
        profile(auditor, home=helsinki)
    # The seed's pensioner is a man: his matched pair (by age) is the young man, whom two
    # auditors play.
    profile(auditors[-2], personas=[*FINNISH_PERSONAS, "young_novice_man"], home=helsinki)
    profile(
        auditors[-1],
        languages=("fi", "en"),
        personas=[*FINNISH_PERSONAS, "expert_engineer_foreign", "young_novice_man"],
        home=helsinki,
    )
    return Field(locations, auditors)
