"""Clients in Kotlin and Java generated from the committed schema with openapi-generator (issue
25): no warnings, the phone's operations in a module of their own, an answer that is a value or
two moments as two usable types, and no enum without a value. (The Python client drives the
whole flow in test_generated_client.py.)"""

import shutil
import subprocess
from pathlib import Path

import pytest

SCHEMA = Path(__file__).resolve().parents[2] / "api_schema" / "openapi.yaml"
# Kotlin: gson with oneOf wrappers (moshi, the default, merges a oneOf's branches into one class
# whose required properties are all of theirs, so a plain value answer could not be built).
KOTLIN = [
    "-g",
    "kotlin",
    "--additional-properties",
    "serializationLibrary=gson,generateOneOfAnyOfWrappers=true",
]
JAVA = ["-g", "java"]

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="needs Java 11 or newer")


def generate(where: Path, options: list[str]) -> Path:
    result = subprocess.run(
        ["openapi-generator-cli", "generate", "-i", str(SCHEMA), "-o", str(where), *options],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "WARN" not in output, [line for line in output.splitlines() if "WARN" in line]
    return where / "src" / "main"


def test_kotlin_client(tmp_path):
    source = generate(tmp_path, KOTLIN) / "kotlin" / "org" / "openapitools" / "client"

    answer = (source / "models" / "AnswerRequest.kt").read_text()
    # A wrapper of either branch, not one class with both branches' fields.
    assert "data class AnswerRequest(var actualInstance: Any? = null)" in answer
    assert "TimedAnswerInputRequest" in answer
    assert "AnswerInputRequest" in answer
    timed = (source / "models" / "TimedAnswerInputRequest.kt").read_text()
    value = (source / "models" / "AnswerInputRequest.kt").read_text()
    assert "val startedAt: java.time.OffsetDateTime," in timed
    assert "startedAt" not in value
    assert {path.name for path in (source / "apis").iterdir()} == {
        "AccountApi.kt",
        "AdminApi.kt",
        "ClientApi.kt",
        "DeskApi.kt",
        "PhoneApi.kt",
    }
    assert "fun v1SubmissionsCreate(" in (source / "apis" / "PhoneApi.kt").read_text()


def test_java_client_has_no_enum_without_a_value(tmp_path):
    source = generate(tmp_path, JAVA) / "java" / "org" / "openapitools" / "client"

    models = source / "model"
    assert not (models / "NullEnum.java").exists()
    for enum in models.glob("*Enum.java"):
        text = enum.read_text()
        body = text[text.index("public enum") :]
        assert '("' in body, f"{enum.name} has no constant"
    assert (source / "api" / "PhoneApi.java").exists()
