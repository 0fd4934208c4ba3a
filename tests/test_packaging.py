"""A built wheel runs on its own: templates, migrations and static files travel inside."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

from tests.factories import REPO

USE_THE_WHEEL = """
import sys
from pathlib import Path
import advocacy
assert Path(advocacy.__file__).is_relative_to(Path(sys.argv[1])), advocacy.__file__
from flask_migrate import upgrade
app = advocacy.create_app({
    "TESTING": True, "SECRET_KEY": "x",
    "SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[2] + "/db.sqlite",
    "LEGISLATOR_DATA_DIR": sys.argv[2] + "/data",
})
with app.app_context():
    upgrade()  # every migration, read from inside the package
client = app.test_client()
home = client.get("/")
assert home.status_code == 200 and b"<h1" in home.data, home.status_code
assert client.get("/no-such-page").status_code == 404
css = client.get("/static/style.css")
assert css.status_code == 200 and len(css.data) > 100
print("ok", advocacy.packaged("templates"))
"""


def test_a_built_wheel_serves_pages_and_migrates(tmp_path):
    # Built from a copy of the source: a build writes build/ and *.egg-info beside setup.py.
    source = tmp_path / "source"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "*.egg-info", "instance", "data", "docs",
            "__pycache__", ".*_cache", ".hypothesis", "tests", "benchmarks",
        ),
    )  # fmt: skip
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("advocacy-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "advocacy/_templates/base.html" in names
    assert "advocacy/_migrations/env.py" in names
    assert any(n.startswith("advocacy/_migrations/versions/0001") for n in names)
    assert "advocacy/static/style.css" in names
    assert not any(n.startswith("tests/") for n in names)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    work = tmp_path / "work"
    work.mkdir()
    ran = subprocess.run(
        [sys.executable, "-c", USE_THE_WHEEL, str(site), str(work)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=work,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert f"ok {site}/advocacy/_templates" in ran.stdout
