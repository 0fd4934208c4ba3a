"""Stored copies published only once the database has committed: each file is written
beside its final path first and put in place (an atomic rename) after the commit, or thrown
away when the load fails, so the files on disk are always those of the live data."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


class Staged:
    """Files waiting for their load to commit."""

    def __init__(self) -> None:
        self.files: list[tuple[Path, Path]] = []

    def stage(self, final: Path, content: bytes) -> None:
        """Write `content` beside `final` (as `final`.partial)."""
        final.parent.mkdir(parents=True, exist_ok=True)
        partial = final.with_name(final.name + ".partial")
        partial.write_bytes(content)
        self.files.append((partial, final))

    def publish(self) -> None:
        """Put every staged file in place (each rename is atomic)."""
        for partial, final in self.files:
            os.replace(partial, final)
        self.files.clear()

    def discard(self) -> None:
        """Throw the staged files away: the load did not commit."""
        for partial, _ in self.files:
            partial.unlink(missing_ok=True)
        self.files.clear()


def write_json(path: Path, data: Any) -> None:
    """A JSON file replaced whole (a reader never sees half of it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    os.replace(partial, path)
