"""The schema is the contract phone teams generate their client from: a Python client generated
with openapi-python-client from the committed schema (and the generator settings the README
gives) drives the whole flow with no hand-written request: sign in, sync, accept, fetch the
checklist, submit, upload a photo, approve, read scores, download a PDF and an export. The client
talks to the application in-process, over httpx's WSGI transport."""

import importlib
import io
import pkgutil
import subprocess
import sys
import uuid

import httpx
import pytest
from django.conf import settings
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections

from tests.audits.conftest import jpeg_bytes, visit_payload
from tests.factories import PASSWORD

SCHEMA = settings.BASE_DIR / "api_schema" / "openapi.yaml"
GENERATOR_CONFIG = settings.BASE_DIR / "api_schema" / "openapi-python-client.yaml"
PACKAGE = "codex_audit_client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The client package, generated once for the module; the generator's output is checked
    for warnings (a dropped response or an unreadable schema part)."""
    where = tmp_path_factory.mktemp("client")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(SCHEMA),
            "--config",
            str(GENERATOR_CONFIG),
            "--meta",
            "none",
            "--output-path",
            str(where / PACKAGE),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output, output
    assert "Cannot parse" not in output, output
    sys.path.insert(0, str(where))
    try:
        package = importlib.import_module(PACKAGE)
        yield package
    finally:
        sys.path.remove(str(where))
        for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
            del sys.modules[name]


def test_every_generated_module_imports(generated):
    names = [
        info.name
        for info in pkgutil.walk_packages(generated.__path__, prefix=f"{PACKAGE}.")
        if not info.ispkg
    ]
    assert len(names) > 100
    for name in names:
        importlib.import_module(name)


@pytest.fixture
def in_process():
    """Requests served in the test's own thread and transaction, as Django's test client serves
    them: the handler must not close the database connection between requests."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _module(name: str):
    return importlib.import_module(f"{PACKAGE}.{name}")


def _client(token: str | None = None):
    transport = httpx.WSGITransport(app=WSGIHandler())
    client_module = _module("client")
    if token is None:
        return client_module.Client(
            base_url="http://testserver", httpx_args={"transport": transport}
        )
    return client_module.AuthenticatedClient(
        base_url="http://testserver",
        token=token,
        prefix="Token",
        httpx_args={"transport": transport},
    )


def _api(name: str):
    """An operation's module, in the package of its audience (``api.schema.AUDIENCES``)."""
    from api.schema import AUDIENCES

    for audience in AUDIENCES:
        try:
            return _module(f"api.{audience}.{name}")
        except ModuleNotFoundError:
            continue
    raise ModuleNotFoundError(name)


def _sign_in(username: str):
    LoginRequest = _module("models.login_request").LoginRequest
    token = _api("v1_auth_token_create").sync(
        client=_client(), body=LoginRequest(username=username, password=PASSWORD)
    )
    assert token.__class__.__name__ == "Token", token
    return _client(token.token)


@pytest.mark.django_db
def test_the_whole_flow_through_the_generated_client(generated, in_process, world, field):
    models = _module("models")
    auditor = _sign_in(world.auditor.username)

    synced = _api("v1_assignments_sync").sync(client=auditor)
    assignment = next(a for a in synced.results if a.id == field.assignment.pk)
    accepted = _api("v1_assignments_accept_create").sync(id=assignment.id, client=auditor)
    assert accepted.status == "accepted"
    checklist = _api("v1_checklist_versions_retrieve").sync(
        id=assignment.checklist_version, client=auditor
    )
    item_keys = {item.key for section in checklist.sections for item in section.items}
    assert "entrance" in item_keys

    body = models.SubmissionInputRequest.from_dict(visit_payload(field.assignment))
    receipt = _api("v1_submissions_create").sync(client=auditor, body=body)
    assert receipt.audit_status == "awaiting_photos", receipt
    photo = models.PhotoUploadRequest(
        id=uuid.uuid4(),
        submission=receipt.id,
        item="entrance",
        file=_module("types").File(
            payload=io.BytesIO(jpeg_bytes()), file_name="entrance.jpg", mime_type="image/jpeg"
        ),
    )
    stored = _api("v1_photos_create").sync(client=auditor, body=photo)
    assert stored.__class__.__name__ == "PhotoReceipt", stored

    reviewer = _sign_in(world.reviewer.username)
    approved = _api("v1_audits_approve_create").sync(id=receipt.audit, client=reviewer)
    assert approved.status == "approved", approved

    manager = _sign_in(world.regional_manager.username)
    card = _api("v1_scores_locations_retrieve").sync(id=field.location.pk, client=manager)
    assert card.score.audits == 1
    assert card.location.name == field.location.name
    pdf = _api("v1_audits_report_pdf_retrieve").sync(id=receipt.audit, client=manager)
    assert pdf.payload.read().startswith(b"%PDF")
    export = _api("v1_exports_retrieve").sync(
        dataset=_module("models.v1_exports_retrieve_dataset").V1ExportsRetrieveDataset.AUDITS,
        extension=_module("models.v1_exports_retrieve_extension").V1ExportsRetrieveExtension.CSV,
        client=manager,
    )
    rows = export.payload.read().decode("utf-8-sig").splitlines()
    assert len(rows) == 2
    assert field.location.name in rows[1]


def test_the_generated_client_reads_each_kind_of_answer_as_its_own_type(generated):
    """A timed answer is read back as one (not as an empty value answer), a value answer as a
    value answer (issue 25)."""
    request = _module("models.submission_input_request").SubmissionInputRequest
    timed_type = _module("models.timed_answer_input_request").TimedAnswerInputRequest
    value_type = _module("models.answer_input_request").AnswerInputRequest
    body = {
        "id": str(uuid.uuid4()),
        "assignment": 1,
        "started_at": "2026-11-02T10:00:00Z",
        "ended_at": "2026-11-02T10:20:00Z",
        "device_time": "2026-11-02T10:21:00Z",
        "answers": {
            "reply": {"started_at": "2026-11-02T10:00:00Z", "ended_at": "2026-11-02T10:03:00Z"},
            "greeting": {"value": 6.5},
            "smile": {"na": True},
        },
    }

    answers = request.from_dict(body).answers.additional_properties

    assert isinstance(answers["reply"], timed_type)
    assert (answers["reply"].started_at.minute, answers["reply"].ended_at.minute) == (0, 3)
    assert isinstance(answers["greeting"], value_type)
    assert answers["greeting"].value == 6.5
    assert answers["smile"].na is True
