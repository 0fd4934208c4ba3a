"""Copies of the public-data mirror for tests that change its files, and the small mirror's
states (Congress and the national tables, with a few states' own files)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from advocacy.directory.sources import all_sources

# The states of the small mirror: enough for an update's mechanics (Massachusetts' custom
# GEOID list and named districts, Ohio's plain rule and its executive, Vermont's
# multi-member districts).
SMALL_STATES = ("ma", "oh", "vt")


def _mirror_files(shared_data: Path, states: tuple[str, ...] | None = None):
    """(source, relative path) of every file `data update` reads from the mirror (of these
    states only, with the national files, when `states` is given)."""
    for source in all_sources(states):
        if source.listing:  # a directory of files (absent when optional and unpublished)
            if (shared_data / source.dirpath).is_dir():
                for path in sorted((shared_data / source.dirpath).glob("*.yml")):
                    yield source, f"{source.dirpath}/{path.name}"
            continue
        yield source, source.relpath


def copy_mirror(shared_data: Path, root: Path, states: tuple[str, ...] | None = None) -> Path:
    """A private copy of what `data update` reads (of some states), for tests that change a
    file. Copies, never links: a test that writes into a linked file would write into the
    shared mirror itself."""
    for _, relpath in _mirror_files(shared_data, states):
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shared_data / relpath, target)
    return root


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def copy_tree(source: Path, target: Path, link: bool = False) -> Path:
    """A folder's files, copied; hard-linked with `link` (for a template's data folder,
    which the app only ever replaces file by file, never writes into)."""
    shutil.copytree(
        source,
        target,
        copy_function=_link_or_copy if link else shutil.copy2,
        # A lock file is its inode: a linked one would be one lock for every copy.
        ignore=shutil.ignore_patterns("*.lock"),
        dirs_exist_ok=True,
    )
    return target
