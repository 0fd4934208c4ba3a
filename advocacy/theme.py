"""The organisation's look from its settings: name, short name, logo and accent colour.

The accent is checked: text on it (white) and it as text on white must meet WCAG AA
(4.5:1), so a setting can't make buttons or links unreadable. `/theme.css` serves the
colours as CSS variables (a file, as the Content-Security-Policy wants: no inline styles).
"""

from __future__ import annotations

import re

DEFAULT_ACCENT = "#0b6e69"
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def shade(colour: str, factor: float) -> str:
    """The colour darkened (factor < 1) or lightened toward white (factor > 1)."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    if factor <= 1:
        mixed = [round(c * factor) for c in channels]
    else:
        mixed = [round(c + (255 - c) * (factor - 1)) for c in channels]
    return "#" + "".join(f"{max(0, min(255, c)):02x}" for c in mixed)


def accent_problem(colour: str | None) -> str | None:
    """Why an ORG_ACCENT can't be used (None: it can)."""
    if not colour or not HEX.match(colour):
        return f"ORG_ACCENT {colour!r} is not a colour like #0b6e69"
    ratio = contrast(colour, "#ffffff")
    if ratio < 4.5:
        return f"ORG_ACCENT {colour} has {ratio:.1f}:1 against white; WCAG AA needs 4.5:1"
    return None


def palette(config) -> dict[str, str]:
    """accent, accent-dark and accent-soft; the default accent when the setting is unusable."""
    accent = config.get("ORG_ACCENT")
    if accent_problem(accent):
        accent = DEFAULT_ACCENT
    accent = accent.lower()
    return {"accent": accent, "accent-dark": shade(accent, 0.7), "accent-soft": shade(accent, 1.9)}


def css(config) -> str:
    colours = palette(config)
    return ":root {" + " ".join(f"--{k}: {v};" for k, v in colours.items()) + "}\n"
