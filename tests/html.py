"""Reading pages in tests."""

from __future__ import annotations

import re


def token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    return re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
