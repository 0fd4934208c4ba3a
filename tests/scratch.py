"""Where tests and benchmarks write their throwaway files: in memory when the machine can.

On this kind of machine the disk is slow to write even with fsync off (a PostgreSQL
`CREATE DATABASE ... TEMPLATE` of the loaded directory took 0.7 s on /tmp and 0.08 s on
/dev/shm; a SQLite copy commits with fsync). So when /dev/shm is a writable tmpfs with room
to spare, the run writes under /dev/shm/advocacy-tests; elsewhere (a container with a 64 MB
/dev/shm, a machine without one) it writes to the usual temp folder. Set
ADVOCACY_TEST_TMP=disk to keep to the disk. Nothing there outlives a green run: pytest's
own folders follow its retention setting and each cluster removes itself.
"""

from __future__ import annotations

import os
from pathlib import Path

MEMORY = Path("/dev/shm")
FOLDER = MEMORY / "advocacy-tests"
ROOM = 4 * 2**30  # a full run peaks well under 1 GiB; leave the machine the rest
VARIABLE = "ADVOCACY_TEST_TMP"


def scratch_folder() -> Path | None:
    """/dev/shm/advocacy-tests (made if need be) when /dev/shm has ROOM free, else None
    (the caller's usual temp folder)."""
    if os.environ.get(VARIABLE) == "disk":
        return None
    try:
        free = os.statvfs(MEMORY)
    except OSError:
        return None
    if free.f_bavail * free.f_frsize < ROOM or not os.access(MEMORY, os.W_OK):
        return None
    try:
        FOLDER.mkdir(exist_ok=True)
        FOLDER.chmod(0o1777)  # a cluster's server user and other users' runs share it
    except OSError:
        return None
    return FOLDER
