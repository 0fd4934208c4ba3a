"""Video links: YouTube and Vimeo only, in one canonical form."""

from __future__ import annotations

import pytest

from advocacy.stories.links import LinkRefused, video_link

YT = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", YT),
        ("http://youtube.com/watch?v=dQw4w9WgXcQ&t=42s", YT),
        ("m.youtube.com/watch?v=dQw4w9WgXcQ", YT),
        ("https://youtu.be/dQw4w9WgXcQ", YT),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", YT),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", YT),
        ("https://vimeo.com/76979871", "https://vimeo.com/76979871"),
        ("https://player.vimeo.com/video/76979871", "https://vimeo.com/76979871"),
        ("https://vimeo.com/channels/76979871", "https://vimeo.com/76979871"),
    ],
)
def test_youtube_and_vimeo_links_are_canonical(given, kept):
    assert video_link(given) == kept


@pytest.mark.parametrize(
    "given",
    [
        "javascript:alert(1)",
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://user:pw@youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com:8443/watch?v=dQw4w9WgXcQ",
        "https://youtube.com/watch?v=short",
        'https://youtube.com/watch?v=dQw4w9WgXcQ"><script>',
        "https://youtube.com/playlist?list=PL123",
        "https://vimeo.com/not-a-number",
        "https://[::1/",
        "ftp://youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com/watch?v= dQw4w9WgXcQ",
        "https://vimeo.com/" + "1" * 400,
    ],
)
def test_anything_else_is_refused(given):
    with pytest.raises(LinkRefused):
        video_link(given)
