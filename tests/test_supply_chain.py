"""The lock files pin every dependency setup.cfg names, and the audit fails on a known
vulnerability (against a fake of PyPI's JSON API on 127.0.0.1)."""

from __future__ import annotations

import configparser
import json
import re
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.factories import REPO
from tests.net import running

VULN = {
    "id": "PYSEC-2026-1",
    "aliases": ["CVE-2026-0001"],
    "fixed_in": ["2.1"],
    "withdrawn": None,
}
DOCUMENTS = {
    "/pypi/good/1.0/json": {"info": {"version": "1.0"}, "vulnerabilities": []},
    "/pypi/bad/2.0/json": {"info": {"version": "2.0"}, "vulnerabilities": [VULN]},
    "/pypi/gone/1.0/json": {
        "info": {"version": "1.0"},
        "vulnerabilities": [VULN | {"id": "PYSEC-2026-2", "withdrawn": "2026-05-01"}],
    },
    # A registry with only project documents: the latest release's advisories.
    "/pypi/latest/json": {"info": {"version": "1.5"}, "vulnerabilities": [VULN]},
    "/pypi/older/json": {"info": {"version": "9.0"}, "vulnerabilities": []},
}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_every_dependency_is_pinned_in_the_lock_files():
    setup = configparser.ConfigParser()
    setup.read(REPO / "setup.cfg")
    lines = setup["options"]["install_requires"].splitlines()
    app = {_name(x) for x in lines if x.strip() and not x.strip().startswith("#")}
    test = {_name(x) for x in setup["options.extras_require"]["test"].splitlines() if x.strip()}
    for lock, names in (("requirements.lock", app), ("requirements-test.lock", app | test)):
        pinned = {
            name.lower().replace("_", "-")
            for name in re.findall(r"^([A-Za-z0-9._-]+)==", (REPO / lock).read_text(), re.M)
        }
        assert names <= pinned, f"{lock} lacks {sorted(names - pinned)}: run `make lock`"


@pytest.fixture
def fake_pypi():
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            document = DOCUMENTS.get(self.path)
            body = json.dumps(document).encode() if document else b"{}"
            self.send_response(200 if document else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    with running(ThreadingHTTPServer(("127.0.0.1", 0), Handler)) as server:
        yield f"http://127.0.0.1:{server.server_port}"


def _audit(index: str, lock) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(REPO / "scripts" / "audit-dependencies"), str(lock), "--index", index],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_audit_fails_on_a_known_vulnerability(fake_pypi, tmp_path):
    lock = tmp_path / "a.lock"
    lock.write_text("good==1.0\n    # via x\nbad==2.0\n")
    result = _audit(fake_pypi, lock)
    assert result.returncode == 1
    assert "VULNERABLE bad==2.0: PYSEC-2026-1, CVE-2026-0001 (fixed in 2.1)" in result.stdout


def test_the_audit_passes_clean_pins_and_names_what_it_could_not_read(fake_pypi, tmp_path):
    lock = tmp_path / "a.lock"
    lock.write_text("good==1.0\ngone==1.0\nolder==1.0\nnowhere==3.0\n")
    result = _audit(fake_pypi, lock)
    assert result.returncode == 0, result.stdout
    assert "2 of 4 pinned packages audited; 0 known vulnerabilities." in result.stdout
    assert "older==1.0 (not audited: the index serves advisories for 9.0 only)" in result.stdout
    # Only the project document: a pin at the latest release is audited from it.
    lock.write_text("latest==1.5\n")
    assert _audit(fake_pypi, lock).returncode == 1
