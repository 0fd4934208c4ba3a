"""The README's deployment settings (deploy/advocacy.env.example, blanks filled in) pass
`flask doctor`; the same with HTTPS off and Redis unreachable fail it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.factories import REPO
from tests.net import free_port

EXAMPLE = REPO / "deploy" / "advocacy.env.example"


def _settings() -> dict[str, str]:
    found = {}
    for line in EXAMPLE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            found[key] = value
    return found


def _doctor(env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    return subprocess.run(
        [sys.executable, "-m", "flask", "doctor"],
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_the_readme_deployment_passes_doctor_and_a_broken_one_fails(
    backend, databases, redis_server, tmp_path
):
    settings = _settings()
    blanks = sorted(k for k, v in settings.items() if not v)
    assert blanks == ["FLASK_METRICS_TOKEN", "FLASK_SECRET_KEY", "FLASK_SMTP_HOST"]
    assert settings["FLASK_HTTPS"] == "true" and settings["FLASK_PROXY_COUNT"] == "1"
    metrics = tmp_path / "metrics"
    metrics.mkdir()
    env = settings | {
        "FLASK_SECRET_KEY": "9f" * 32,
        "FLASK_METRICS_TOKEN": "ab" * 32,
        "FLASK_SQLALCHEMY_DATABASE_URI": databases.migrated(backend),
        "FLASK_RATELIMIT_STORAGE_URI": redis_server,
        "FLASK_LEGISLATOR_DATA_DIR": str(tmp_path / "data"),
        "FLASK_UPLOAD_DIR": str(tmp_path / "uploads"),
        "PROMETHEUS_MULTIPROC_DIR": str(metrics),
    }
    sound = _doctor(env, tmp_path)
    assert sound.returncode == 0, sound.stdout + sound.stderr
    assert "0 unsafe" in sound.stdout

    broken = env | {
        "FLASK_HTTPS": "false",
        "FLASK_RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{free_port()}/0",
    }
    result = _doctor(broken, tmp_path)
    assert result.returncode == 1
    assert "UNSAFE proxy" in result.stdout and "UNSAFE limits" in result.stdout
