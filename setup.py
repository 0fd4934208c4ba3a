"""Build step only (metadata lives in setup.cfg): a wheel carries the top-level templates/
and migrations/ inside the package, as advocacy/_templates and advocacy/_migrations, so an
installed app finds them (advocacy.packaged). A source checkout reads them in place."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = ("templates", "migrations")


class BuildWithTemplates(build_py):
    """build_py, plus the templates and migrations copied into the built package."""

    def run(self):
        super().run()
        for name in BUNDLED:
            target = Path(self.build_lib) / "advocacy" / f"_{name}"
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(
                ROOT / name, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
            )


setup(cmdclass={"build_py": BuildWithTemplates})
