"""Every page a reader opens, checked for what a screen reader and a keyboard need: the page's
language, one main heading, a label for every control, a text for every image, table headers
with their scope, ids used once, and a way to skip to the content."""

from html.parser import HTMLParser

import pytest

from reports.models import ReportJob
from tests.audits.test_appeals import disputed  # noqa: F401 - a shared fixture
from tests.scoring.conftest import scored  # noqa: F401 - a shared fixture


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang, self.h1, self.skip = None, 0, False
        self.label_for, self.controls, self.images, self.headers = set(), [], [], []
        self.in_label, self.ids = 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "a" and attrs.get("href") == "#main":
            self.skip = True
        elif tag == "label":
            self.in_label += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        elif tag in ("input", "select", "textarea"):
            if attrs.get("type") not in ("hidden", "submit"):
                self.controls.append((attrs, self.in_label > 0))
        elif tag == "img":
            self.images.append(attrs)
        elif tag == "th":
            self.headers.append(attrs)

    def handle_endtag(self, tag):
        if tag == "label":
            self.in_label -= 1


def check(response):
    assert response.status_code == 200, response.status_code
    page = Page()
    page.feed(response.content.decode())
    assert page.lang in ("en", "fi", "hu")
    assert page.h1 == 1
    assert page.skip
    for attrs, wrapped in page.controls:
        named = wrapped or attrs.get("id") in page.label_for or attrs.get("aria-label")
        assert named, f"a control without a label: {attrs}"
    assert all(image.get("alt") for image in page.images)
    assert len(page.ids) == len(set(page.ids)), "an id used twice"
    assert all(header.get("scope") in ("col", "row", "rowgroup") for header in page.headers)


@pytest.mark.django_db
def test_every_page_names_its_controls_images_and_headers(
    client,
    world,
    scored,  # noqa: F811
    disputed,  # noqa: F811
    default_codex,
):
    audit = disputed[0]
    job = ReportJob.objects.create(
        requested_by=world.client_admin, kind="export", params={}, params_hash="a11y"
    )
    client.force_login(world.client_admin)
    region, a, b = world.region.pk, scored.a.pk, scored.b.pk
    for path in (
        "/portal/",
        f"/portal/regions/{region}/?period=2026-10",
        f"/portal/regions/{region}/norms/",
        f"/portal/regions/{region}/personas/",
        f"/portal/regions/{region}/competitors/",
        f"/portal/compare/?locations={a},{b}",
        f"/portal/locations/{a}/?period=2026-10",
        f"/portal/visits/{audit.pk}/",
        f"/portal/jobs/{job.pk}/",
        "/portal/notifications/",
        "/portal/codex/",
    ):
        check(client.get(path))
    client.logout()
    check(client.get("/portal/sign-in/"))
