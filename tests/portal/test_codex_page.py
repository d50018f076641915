"""The codex page: a client admin reads a version's handbook in their language and signs it off,
in a real browser; a draft changed after its sign-off asks to be signed off again; who may open
the page and the handbooks, and who may sign."""

import io

import pytest
from pypdf import PdfReader
from selenium.webdriver.common.by import By

from codex.models import CodexSignOff
from codex.services import codex_version_create_draft
from tests.factories import UserFactory
from tests.portal.test_browser import (  # noqa: F401 - shared fixtures
    CHROMEDRIVER,
    CHROMIUM,
    PASSWORD,
    browser,
    downloaded,
    downloads,
    go,
    sign_in,
)

browser_only = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="needs Debian's chromium and chromium-driver (.ci/run installs them)",
)


@browser_only
@pytest.mark.django_db(transaction=True)
def test_a_client_admin_reads_the_handbook_and_signs_it_off_again_after_a_change(
    browser,  # noqa: F811
    live_server,
    world,
    default_codex,
    downloads,  # noqa: F811
):
    version, _ = default_codex
    draft = codex_version_create_draft(source=version)
    world.client_admin.set_password(PASSWORD)
    world.client_admin.save()
    sign_in(browser, live_server, "ca", language="fi")

    go(browser, browser.find_element(By.LINK_TEXT, "Koodeksi"))

    assert browser.find_element(By.TAG_NAME, "h1").text == "Myynnin ja asiakaspalvelun koodeksi"
    section = browser.find_element(By.ID, f"version-{draft.pk}")
    assert "Ei vielä hyväksytty." in section.text
    assert "0 muutosta version 1 jälkeen" in section.text
    section.find_element(By.CSS_SELECTOR, "a[hreflang=fi]").click()
    pdf = downloaded(downloads).read_bytes()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Tuotteesta tai palvelusta kysyvä asiakas" in text

    section.find_element(By.TAG_NAME, "textarea").send_keys("Luettu myymäläpäälliköiden kanssa.")
    go(browser, section.find_element(By.CSS_SELECTOR, "form.sign-off button"))

    section = browser.find_element(By.ID, f"version-{draft.pk}")
    assert "Hyväksytty nykyisessä muodossaan." in section.text
    assert "Luettu myymäläpäälliköiden kanssa." in section.find_element(By.TAG_NAME, "table").text
    sign_off = CodexSignOff.objects.get(codex_version=draft)
    assert (sign_off.signed_by, sign_off.language) == (world.client_admin, "fi")

    norm = draft.norms.get(key="no_pushing")
    norm.target_rate = "0.800"
    norm.target_basis = "client"
    norm.save()
    browser.refresh()

    section = browser.find_element(By.ID, f"version-{draft.pk}")
    assert "Muuttunut hyväksynnän jälkeen" in section.text
    assert "ei: versio on muuttunut" in section.text
    # What changed, in words: the choice by its name, the number with a decimal comma.
    changes = section.find_element(By.CSS_SELECTOR, "details.changes")
    assert "2 muutosta version 1 jälkeen" in changes.text
    assert "muuttui: 1 → 0,8" in changes.text
    assert "Lähdetekstien mukainen → Toimeksiantajan oma" in changes.text
    assert "client" not in changes.text
    go(browser, section.find_element(By.CSS_SELECTOR, "form.sign-off button"))
    section = browser.find_element(By.ID, f"version-{draft.pk}")
    assert "Hyväksytty nykyisessä muodossaan." in section.text
    assert CodexSignOff.objects.filter(codex_version=draft).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "page", "handbook", "sign"),
    [
        ("client_admin", 200, 200, 302),
        ("other_client_admin", 200, 404, 404),
        ("agency_admin", 200, 200, 403),
        ("reviewer", 200, 200, 403),
        ("regional_manager", 403, 403, 403),
        ("auditor", 403, 403, 403),
    ],
)
def test_who_opens_the_codex_page_and_who_signs(
    client, world, default_codex, role, page, handbook, sign
):
    version, other = default_codex
    client.force_login(getattr(world, role))

    shown = client.get("/portal/codex/")

    assert shown.status_code == page
    assert client.get(f"/portal/codex/{version.pk}/handbook-hu.pdf").status_code == handbook
    assert client.post(f"/portal/codex/{version.pk}/sign-off/", {"comment": ""}).status_code == sign
    assert version.sign_offs.exists() == (sign == 302)
    if page == 200:
        listed = shown.content.decode()
        assert (f'id="version-{version.pk}"' in listed) == (handbook == 200)
        assert (f'id="version-{other.pk}"' in listed) == (role != "client_admin")


@pytest.mark.django_db
def test_a_manager_sees_no_codex_link(client, world):
    manager = UserFactory(username="rm2", role="regional_manager", client=world.client)
    client.force_login(manager)

    assert "/portal/codex/" not in client.get("/portal/").content.decode()
