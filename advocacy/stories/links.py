"""Video links: YouTube or Vimeo only, rewritten to one canonical https address."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^[0-9]{1,12}$")
_YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
}
_VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}


class LinkRefused(ValueError):
    """Why a video link cannot be used, in words for the member."""


def video_link(text: str) -> str:
    """https://www.youtube.com/watch?v=ID or https://vimeo.com/ID for a link to either."""
    text = text.strip()
    if len(text) > 300 or any(c.isspace() for c in text):
        raise LinkRefused("Please paste just the video's address.")
    try:
        parts = urlsplit(text if "://" in text else "https://" + text)
        odd = parts.scheme not in ("http", "https") or parts.username or parts.password
        odd = odd or parts.port is not None
    except ValueError:  # a port that is not a number, a broken IPv6 host
        odd = True
    if odd:
        raise LinkRefused("Please paste a YouTube or Vimeo address starting with https://.")
    host = (parts.hostname or "").lower()
    path = [p for p in parts.path.split("/") if p]
    video = None
    if host in _YOUTUBE_HOSTS:
        if path == ["watch"]:
            video = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(path) == 2 and path[0] in ("shorts", "embed", "live", "v"):
            video = path[1]
        if video and _YOUTUBE_ID.match(video):
            return f"https://www.youtube.com/watch?v={video}"
    elif host in ("youtu.be", "www.youtu.be"):
        if len(path) == 1 and _YOUTUBE_ID.match(path[0]):
            return f"https://www.youtube.com/watch?v={path[0]}"
    elif host in _VIMEO_HOSTS:
        if host == "player.vimeo.com" and len(path) == 2 and path[0] == "video":
            video = path[1]
        elif len(path) == 1 or (len(path) == 2 and _VIMEO_ID.match(path[1] or "")):
            video = path[0] if len(path) == 1 else path[1]
        if video and _VIMEO_ID.match(video):
            return f"https://vimeo.com/{video}"
    else:
        raise LinkRefused("Only YouTube or Vimeo links are accepted for the video.")
    raise LinkRefused("That doesn't look like a link to one YouTube or Vimeo video.")
