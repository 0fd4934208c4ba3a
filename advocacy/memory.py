"""Python's cyclic garbage collector, paused while a bulk read builds millions of objects.

Parsing the public data (100 MB of boundary GeoJSON, thousands of people) makes millions
of small lists and dicts that all live until the read ends. The collector walks every one
of them again each time the young objects pile up: measured, 2.9 s of a 6.8 s full
`flask data update`, and 1 s of the 2.3 s that a process without stored polygons takes to
build them from the GeoJSON.
Nothing a read builds is collected early anyway (it is all still referenced), so the
pause loses nothing; what became garbage meanwhile is collected once it ends.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator


class _Pause:
    """How many blocks are open in this process (threads may overlap), and whether the
    collector was on before the first."""

    lock = threading.Lock()
    open = 0
    was_enabled = True


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block (nor in other threads while it runs); the
    collector is put back as it was when the last overlapping block ends."""
    with _Pause.lock:
        if _Pause.open == 0:
            _Pause.was_enabled = gc.isenabled()
            gc.disable()
        _Pause.open += 1
    try:
        yield
    finally:
        with _Pause.lock:
            _Pause.open -= 1
            if _Pause.open == 0 and _Pause.was_enabled:
                gc.enable()
