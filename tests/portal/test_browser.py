"""The portal in a real headless Chromium (Debian's, driven through its ChromeDriver): a
manager signs in, reads the leaderboard, opens a location, changes the period, opens an action
and signs out; opens a visit, downloads its PDF and files an appeal; watches a report job's
progress move by itself; another region's location is a 404 page; a client admin sees every
region. Screenshots of the main pages, in Finnish and Hungarian, go to ``screenshots/`` (not
committed)."""

import shutil
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from actions.models import Action
from reports.models import ReportJob
from tests.actions.test_actions import greet  # noqa: F401 - a shared fixture
from tests.audits.test_appeals import disputed  # noqa: F401 - a shared fixture
from tests.factories import UserFactory
from tests.scoring.conftest import scored  # noqa: F401 - a shared fixture

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"
PASSWORD = "browser-pass-1"

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="needs Debian's chromium and chromium-driver (.ci/run installs them)",
)


@pytest.fixture
def downloads(tmp_path):
    return tmp_path / "downloads"


@pytest.fixture
def browser(downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1100,900"):
        options.add_argument(argument)
    # A PDF is saved where the test finds it rather than shown in the browser's viewer.
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "plugins.always_open_pdf_externally": True,
        },
    )
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def downloaded(folder: Path, timeout: float = 15) -> Path:
    """The one file the browser saved in ``folder``, once it is whole."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = [f for f in folder.glob("*") if not f.name.endswith(".crdownload")]
        if files:
            return files[0]
        time.sleep(0.2)
    raise AssertionError(f"nothing was downloaded to {folder}")


def sign_in(browser, live_server, username, language="en"):
    browser.get(f"{live_server.url}/portal/sign-in/")
    if language != "en":
        choose_language(browser, language)
    browser.find_element(By.ID, "id_username").send_keys(username)
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    go(browser, browser.find_element(By.CSS_SELECTOR, "form.sign-in button"))


def choose_language(browser, language):
    browser.find_element(By.CSS_SELECTOR, f"#language option[value='{language}']").click()
    go(browser, browser.find_element(By.CSS_SELECTOR, "form.language button"))


def go(browser, element):
    """Click ``element`` and wait until the next page has replaced this one."""
    page = browser.find_element(By.TAG_NAME, "html")
    element.click()
    wait = WebDriverWait(browser, 10)
    wait.until(lambda _browser: gone(page))
    # A redirect after a form replaces the page once more: wait until the last one has loaded.
    wait.until(lambda b: b.execute_script("return document.readyState") == "complete")


def gone(element) -> bool:
    """Whether the page ``element`` was on has been replaced. Chromium says so with a stale
    reference, or, mid-navigation, with "Node ... does not belong to the document"."""
    try:
        element.is_enabled()
    except (StaleElementReferenceException, WebDriverException):
        return True
    return False


def shot(browser, name):
    SHOTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(SHOTS / f"{name}.png"))


@pytest.fixture
def people(world, scored, greet):  # noqa: F811
    for user in (world.regional_manager, world.client_admin):
        user.set_password(PASSWORD)
        user.save()
    south = UserFactory(
        username="rm-south",
        role="regional_manager",
        client=world.client,
        regions=[world.other_region],
    )
    south.set_password(PASSWORD)
    south.save()
    return scored


@pytest.mark.django_db(transaction=True)
def test_a_manager_reads_the_leaderboard_opens_a_location_and_signs_out(
    browser, live_server, world, people, downloads
):
    sign_in(browser, live_server, "rm")
    go(browser, browser.find_element(By.LINK_TEXT, "North"))

    assert browser.find_element(By.TAG_NAME, "h1").text == "North: leaderboard"
    names = [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "table.board td a")]
    assert names == ["A", "B"]
    shot(browser, "leaderboard-en")

    go(browser, browser.find_element(By.LINK_TEXT, "A"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "A"
    assert "4 audits" in browser.find_element(By.CSS_SELECTOR, "p.big").text
    period = browser.find_element(By.ID, "period")
    period.send_keys("2026-10")
    go(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button"))
    assert "period=2026-10" in browser.current_url
    assert "3 audits" in browser.find_element(By.CSS_SELECTOR, "p.big").text
    # The trend: six months to October, September's one audit and October's three.
    trend = [row.text for row in browser.find_elements(By.CSS_SELECTOR, "table.trend tbody tr")]
    assert [row.split()[:2] for row in trend][-2:] == [["2026-09", "1"], ["2026-10", "3"]]
    assert len(trend) == 6
    shot(browser, "location-en")
    # The period's report, as the page offers it once a period is chosen.
    browser.find_element(By.ID, "period-pdf").click()
    assert downloaded(downloads).read_bytes().startswith(b"%PDF")

    # An action on the missed greeting: a blank form is refused on the page, then it is opened.
    go(browser, browser.find_element(By.CSS_SELECTOR, "form.action-form button"))
    assert "This field is required." in browser.find_element(By.ID, "what-errors").text
    browser.find_element(By.ID, "id_what").send_keys("A second person at the door.")
    browser.find_element(By.ID, "id_owner").send_keys("Shift lead")
    browser.execute_script("document.getElementById('id_due_on').value = '2027-01-31'")
    go(browser, browser.find_element(By.CSS_SELECTOR, "form.action-form button"))
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.action")
    assert len(rows) == 1
    assert "A second person at the door." in rows[0].text
    assert Action.objects.get().opened_by == world.regional_manager

    go(browser, browser.find_element(By.CSS_SELECTOR, "nav form button[type=submit]"))
    assert "/portal/sign-in/" in browser.current_url
    browser.get(f"{live_server.url}/portal/")
    assert "/portal/sign-in/" in browser.current_url


@pytest.mark.django_db(transaction=True)
def test_another_regions_manager_gets_a_404_page(browser, live_server, world, people):
    sign_in(browser, live_server, "rm-south")

    browser.get(f"{live_server.url}/portal/locations/{people.a.pk}/")

    assert browser.find_element(By.TAG_NAME, "h1").text == "Not found"


@pytest.mark.django_db(transaction=True)
def test_a_client_admin_sees_every_region(browser, live_server, world, people):
    sign_in(browser, live_server, "ca")

    regions = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "ul.regions a")]

    assert regions == ["North", "South"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("language", "heading"), [("fi", "Vaiheet"), ("hu", "Szakaszok")])
def test_the_main_pages_in_finnish_and_hungarian(
    browser,
    live_server,
    world,
    people,
    disputed,  # noqa: F811
    language,
    heading,
):
    sign_in(browser, live_server, "rm", language=language)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == language
    shot(browser, f"regions-{language}")
    browser.get(f"{live_server.url}/portal/regions/{world.region.pk}/")
    shot(browser, f"leaderboard-{language}")
    browser.get(f"{live_server.url}/portal/locations/{people.a.pk}/")

    assert heading in browser.find_element(By.ID, "phases").text
    shot(browser, f"location-{language}")
    region, a, b = world.region.pk, people.a.pk, people.b.pk
    for name, path in (
        ("compare", f"/portal/compare/?locations={a},{b}"),
        ("norms", f"/portal/regions/{region}/norms/"),
        ("personas", f"/portal/regions/{region}/personas/"),
        ("competitors", f"/portal/regions/{region}/competitors/"),
        ("visit", f"/portal/visits/{disputed[0].pk}/"),
    ):
        browser.get(f"{live_server.url}{path}")
        assert browser.find_element(By.TAG_NAME, "h1").text
        assert "Not found" not in browser.page_source
        shot(browser, f"{name}-{language}")


@pytest.mark.django_db(transaction=True)
def test_a_manager_opens_a_visit_downloads_pdfs_and_files_an_appeal(
    browser,
    live_server,
    world,
    people,
    disputed,  # noqa: F811
    downloads,
):
    audit, _other, item = disputed
    sign_in(browser, live_server, "rm")
    go(browser, browser.find_element(By.LINK_TEXT, "North"))
    go(browser, browser.find_element(By.LINK_TEXT, "Keskusta"))
    go(browser, browser.find_element(By.CSS_SELECTOR, "#visits tbody a"))
    assert f"/portal/visits/{audit.pk}/" in browser.current_url
    assert world.auditor.username not in browser.page_source
    shot(browser, "visit-en")

    browser.find_element(By.LINK_TEXT, "This audit as a PDF").click()
    pdf = downloaded(downloads)
    assert pdf.read_bytes().startswith(b"%PDF")

    # A dispute without a reason is refused beside its item; with one, it is listed as open.
    box = browser.find_element(By.ID, f"item-{item.key}")
    box.find_element(By.TAG_NAME, "summary").click()
    go(browser, box.find_element(By.CSS_SELECTOR, "form button"))
    box = browser.find_element(By.ID, f"item-{item.key}")
    assert "This field is required." in box.text
    box.find_element(By.TAG_NAME, "textarea").send_keys("The greeting was given at the door.")
    go(browser, box.find_element(By.CSS_SELECTOR, "form button"))
    appeals = browser.find_element(By.ID, "appeals").text
    assert "The greeting was given at the door." in appeals
    assert "Open" in appeals


@pytest.mark.django_db(transaction=True)
def test_a_report_jobs_page_shows_its_progress_move_by_itself(browser, live_server, world, people):
    sign_in(browser, live_server, "rm")
    job = ReportJob.objects.create(
        requested_by=world.regional_manager,
        kind="export",
        params={"dataset": "audits", "extension": "csv"},
        params_hash="test",
        status="running",
        done=1,
        total=4,
    )
    browser.get(f"{live_server.url}/portal/jobs/{job.pk}/")
    assert browser.find_element(By.ID, "progress").get_attribute("value") == "25"
    assert not browser.find_element(By.ID, "job-download").is_displayed()

    ReportJob.objects.filter(pk=job.pk).update(done=3)
    WebDriverWait(browser, 10).until(
        lambda b: b.find_element(By.ID, "progress").get_attribute("value") == "75"
    )
    assert "3 of 4 done." in browser.find_element(By.ID, "job-status").text
    ReportJob.objects.filter(pk=job.pk).update(done=4, status="succeeded")
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "job-download").is_displayed())
    assert browser.find_element(By.ID, "job-status").text == "Ready."


@pytest.mark.django_db(transaction=True)
def test_the_pages_fit_a_phones_screen(
    browser,
    live_server,
    world,
    people,
    disputed,  # noqa: F811
):
    browser.set_window_size(390, 844)
    sign_in(browser, live_server, "rm")
    region, a = world.region.pk, people.a.pk
    for name, path in (
        ("leaderboard", f"/portal/regions/{region}/?period=2026-10"),
        ("location", f"/portal/locations/{a}/?period=2026-10"),
        ("compare", f"/portal/compare/?locations={a},{people.b.pk}"),
        ("visit", f"/portal/visits/{disputed[0].pk}/"),
    ):
        browser.get(f"{live_server.url}{path}")
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        shot(browser, f"{name}-phone")
        assert overflow <= 1, f"{name} is {overflow}px wider than the screen"
