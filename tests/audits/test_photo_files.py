"""A photo's row and its files are one unit: a worker killed between writing the files and
committing the row leaves files a retry overwrites (no second pair) and ``photo_orphans``
finds; nothing else is ever an orphan."""

import io
import os
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from audits import services
from audits.models import Photo
from tests.audits.conftest import jpeg_bytes, visit_payload
from tests.audits.test_photos import stored_files, upload
from tests.conftest import api_as

ROOT = Path(__file__).resolve().parents[2]


class SimulatedKill(BaseException):
    """Stands for SIGKILL: raised where the process would die, with no cleanup after it."""


def killed_upload(user, submission_id, data, photo_id, monkeypatch) -> None:
    """An upload whose process dies after writing the files, before committing the row."""

    def killed(*args, **kwargs):
        raise SimulatedKill

    with monkeypatch.context() as patch:
        patch.setattr(services, "_store_photo", killed)
        patch.setattr(services, "_discard_unreferenced", lambda names: None)  # no cleanup runs
        with pytest.raises(SimulatedKill):
            upload(user, submission_id, data, photo_id=photo_id)


def orphans(*args) -> list[str]:
    out = io.StringIO()
    call_command("photo_orphans", "--older-than", "0", *args, stdout=out)
    return [line.split(" ", 1)[1] for line in out.getvalue().splitlines() if " photos/" in line]


def relative(paths, media_root) -> set[str]:
    return {str(path.relative_to(media_root)) for path in paths}


def referenced() -> set[str]:
    return {
        name for photo in Photo.objects.all() for name in (photo.display.name, photo.thumbnail.name)
    }


@pytest.mark.django_db
def test_a_worker_killed_before_commit_leaves_files_the_retry_takes_over(
    world, field, submitted, media_root, monkeypatch
):
    photo_id = uuid.uuid4()
    data = jpeg_bytes(size=(300, 200))

    killed_upload(world.auditor, submitted, data, photo_id, monkeypatch)

    left = relative(stored_files(media_root), media_root)
    assert len(left) == 2
    assert not Photo.objects.exists()
    assert set(orphans()) == left

    retry = upload(world.auditor, submitted, data, photo_id=photo_id)

    assert retry.status_code == 201, retry.json()
    assert relative(stored_files(media_root), media_root) == left == referenced()
    assert orphans() == []


@pytest.mark.django_db
def test_a_failure_after_the_files_are_written_removes_them(
    world, field, submitted, media_root, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "_store_photo", broken)
    with pytest.raises(RuntimeError):
        upload(world.auditor, submitted, jpeg_bytes())

    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_photo_orphans_is_a_dry_run_until_told_to_delete_and_spares_young_files(
    world, field, submitted, media_root
):
    assert upload(world.auditor, submitted, jpeg_bytes()).status_code == 201
    kept = referenced()
    stray = media_root / "photos" / "1" / "999" / "lost.jpg"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"x")
    old = 3 * 3600
    os.utime(stray, (stray.stat().st_mtime - old, stray.stat().st_mtime - old))

    young = io.StringIO()
    call_command("photo_orphans", "--older-than", "4", stdout=young)
    assert "No orphan files." in young.getvalue()

    assert orphans() == ["photos/1/999/lost.jpg"]
    assert stray.exists()  # a dry run

    assert orphans("--delete") == ["photos/1/999/lost.jpg"]
    assert not stray.exists()
    assert relative(stored_files(media_root), media_root) == kept


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_process_killed_between_file_write_and_commit_leaves_no_row_and_a_clean_retry(
    world, field, media_root, tmp_path
):
    """A real kill: a separate process uploads against the same database and dies (os._exit,
    no cleanup, no commit) right after inserting the row, before the commit."""
    submission = api_as(world.auditor).post(
        "/api/v1/submissions/", visit_payload(field.assignment), format="json"
    )
    assert submission.status_code == 201
    photo_id = uuid.uuid4()
    data = jpeg_bytes(size=(300, 200))
    photo_file = tmp_path / "upload.jpg"
    photo_file.write_bytes(data)
    script = textwrap.dedent(
        f"""
        import os, uuid, django
        django.setup()
        from accounts.models import User
        from audits import services

        original = services._store_photo

        def store_then_die(*args, **kwargs):
            original(*args, **kwargs)
            os._exit(137)  # killed: the row was inserted, the transaction never commits

        services._store_photo = store_then_die
        services.photo_upload(
            user=User.objects.get(pk={world.auditor.pk}),
            photo_id=uuid.UUID("{photo_id}"),
            submission_id=uuid.UUID("{submission.json()["id"]}"),
            item_key="entrance",
            data=open("{photo_file}", "rb").read(),
        )
        """
    )
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "MEDIA_ROOT": str(media_root),
    }

    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert result.returncode == 137, result.stderr
    assert not Photo.objects.exists()
    left = relative(stored_files(media_root), media_root)
    assert len(left) == 2
    assert set(orphans()) == left

    retry = upload(world.auditor, submission.json()["id"], data, photo_id=photo_id)

    assert retry.status_code == 201, retry.json()
    assert relative(stored_files(media_root), media_root) == left == referenced()
    assert orphans() == []
