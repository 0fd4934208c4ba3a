"""Uploaded photos (story photos, campaign images): refuse what is not a plain photo,
re-encode what is, crop to 1200 x 630 (a share card's size).

Only JPEG, PNG and WebP are read, and only when the bytes say so (the file name must
agree). Before Pillow decodes a pixel we refuse: anything over the size limit, SVG and
other markup, files carrying a script, page or archive inside them (polyglots), data
hidden after the image's end, and images whose dimensions would decompress into more
pixels than MAX_PIXELS (bombs). What is kept is a fresh JPEG made from the pixels alone:
no EXIF (GPS, camera serials), no comments, no colour-profile tricks, nothing appended.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from flask import send_file
from itsdangerous import BadSignature, URLSafeSerializer
from PIL import Image, ImageOps, UnidentifiedImageError

WIDTH, HEIGHT = 1200, 630
MIN_WIDTH, MIN_HEIGHT = 600, 315
MAX_BYTES = 5 * 1024 * 1024
# 40 megapixels: any phone photo, far below what would exhaust memory when decoded.
MAX_PIXELS = 40_000_000
FOCUS = ("center", "top", "bottom", "left", "right")

SIGNATURES = {
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
EXTENSIONS = {"jpg": "jpeg", "jpeg": "jpeg", "png": "png", "webp": "webp"}
# Inside an image none of these has any business: they make it a page, a script or an
# archive as well (a polyglot), which some browser or server might one day run.
# Markers are long enough (5+ bytes) that compressed pixels almost never hold one by chance.
_SMUGGLED = re.compile(
    rb"<(?:script|html|\?php|iframe|object|embed|!doctype)|<svg[\s>]"
    rb"|PK\x03\x04[\x0a\x14\x2d]\x00|%PDF-|\x7fELF[\x01\x02][\x01\x02]\x01|#!/(?:bin|usr)/",
    re.IGNORECASE,
)


class ImageRefused(ValueError):
    """Why an upload cannot be used, in words for the member."""


@dataclass(frozen=True)
class StoryImage:
    """The re-encoded image: its bytes and its content-addressed file name."""

    data: bytes

    @property
    def name(self) -> str:
        """sha256 of the bytes + .jpg: the same image is stored once."""
        return hashlib.sha256(self.data).hexdigest()[:40] + ".jpg"


def sniff(data: bytes) -> str | None:
    """jpeg, png or webp from the first bytes, or None."""
    for kind, heads in SIGNATURES.items():
        if data.startswith(heads):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def _check_container(kind: str, data: bytes) -> None:
    """Refuse bytes after the image's end (a second file riding along)."""
    if kind == "png":
        end = data.rfind(b"IEND")
        if end < 0 or len(data) - (end + 8) > 0:
            raise ImageRefused("This PNG has extra data after the image; please export it again.")
    elif kind == "webp":
        declared = struct.unpack("<I", data[4:8])[0] + 8
        if declared != len(data) and declared + 1 != len(data):  # odd sizes are padded
            raise ImageRefused(
                "This WebP file's size does not match its header; please export it again."
            )
    elif kind == "jpeg" and not data.rstrip(b"\x00\r\n ").endswith(b"\xff\xd9"):
        raise ImageRefused(
            "This JPEG has extra data after the image (or is cut short); please export it again."
        )


def _kind_from_filename(filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix in ("svg", "svgz"):
        raise ImageRefused("SVG images are not accepted; please send a JPEG, PNG or WebP photo.")
    if suffix not in EXTENSIONS:
        raise ImageRefused("Please send a JPEG, PNG or WebP image (.jpg, .png or .webp).")
    return EXTENSIONS[suffix]


def process(data: bytes, filename: str, focus: str = "center") -> StoryImage:
    """Check an upload and return it re-encoded at 1200 x 630; ImageRefused says why not."""
    if not data:
        raise ImageRefused("The image file is empty.")
    if len(data) > MAX_BYTES:
        size = len(data) / 1024 / 1024
        raise ImageRefused(f"The image is {size:.1f} MB; the limit is 5 MB.")
    named = _kind_from_filename(filename or "")
    kind = sniff(data)
    if kind is None:
        head = data[:512].lstrip().lower()
        if head.startswith((b"<svg", b"<?xml")) or b"<svg" in head:
            raise ImageRefused("SVG images are not accepted; please send a JPEG, PNG or WebP.")
        raise ImageRefused("This file is not a JPEG, PNG or WebP image.")
    if kind != named:
        raise ImageRefused(
            f"The file is named .{filename.rsplit('.', 1)[-1].lower()} but holds a "
            f"{kind.upper()} image; please send it with its own extension."
        )
    if _SMUGGLED.search(data):
        raise ImageRefused(
            "This image has a web page, script or archive hidden inside it; "
            "please export the photo again from an image editor."
        )
    _check_container(kind, data)
    image = _open(data, kind)
    return StoryImage(_reencode(image, focus if focus in FOCUS else "center"))


def _open(data: bytes, kind: str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[kind.upper()])
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageRefused(
                    f"The image is {width} × {height} pixels; please send one under "
                    f"{MAX_PIXELS // 1_000_000} megapixels."
                )
            if width < MIN_WIDTH or height < MIN_HEIGHT:
                raise ImageRefused(
                    f"The image is {width} × {height} pixels; it needs to be at least "
                    f"{MIN_WIDTH} × {MIN_HEIGHT} to look sharp when shared."
                )
            image.load()  # decodes every pixel: truncated or corrupt data fails here
            if getattr(image, "n_frames", 1) > 1 and kind != "jpeg":
                raise ImageRefused("Animated images are not accepted; please send a still photo.")
            return image
    except ImageRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRefused(
            f"The image expands to too many pixels to be read safely (over "
            f"{MAX_PIXELS // 1_000_000} megapixels); please send a smaller one."
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error):
        raise ImageRefused(
            "The image file is damaged or incomplete; please export it again."
        ) from None


def _reencode(image: Image.Image, focus: str) -> bytes:
    image = ImageOps.exif_transpose(image)  # turn it upright before the EXIF goes
    if image.mode in ("RGBA", "LA", "P", "PA"):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    else:
        image = image.convert("RGB")
    centering = {
        "center": (0.5, 0.5),
        "top": (0.5, 0.0),
        "bottom": (0.5, 1.0),
        "left": (0.0, 0.5),
        "right": (1.0, 0.5),
    }[focus]
    image = ImageOps.fit(image, (WIDTH, HEIGHT), Image.Resampling.LANCZOS, centering=centering)
    out = io.BytesIO()
    # A new image from pixels only: no exif, icc_profile, comment or other info is passed.
    Image.frombytes("RGB", image.size, image.tobytes()).save(
        out, "JPEG", quality=85, optimize=True, progressive=True
    )
    return out.getvalue()


def store(image: StoryImage, directory: Path) -> str:
    """Write the image (once: same bytes, same name) and return its file name."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / image.name
    if not path.exists():
        with tempfile.NamedTemporaryFile(dir=directory, suffix=".part", delete=False) as part:
            part.write(image.data)
        Path(part.name).replace(path)
    return image.name


NAME = re.compile(r"^[0-9a-f]{40}\.jpg$")


def kept(token: str | None, signer: URLSafeSerializer, directory: Path) -> str | None:
    """The image an earlier try of a form already checked and stored, if the signed token
    is ours and the file is still there; None otherwise."""
    if not token:
        return None
    try:
        name = signer.loads(token)
    except BadSignature:
        return None
    if isinstance(name, str) and NAME.match(name) and (directory / name).exists():
        return name
    return None


def jpeg_response(path: Path, max_age: int):
    """A stored image, served as nothing but a JPEG."""
    response = send_file(path, mimetype="image/jpeg", max_age=max_age)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def image_only(view):
    """The security headers' per-view option (Flask-Talisman's): an image's response may
    load nothing at all, whatever a browser makes of it."""
    view.talisman_view_options = {
        "content_security_policy": {"default-src": "'none'", "frame-ancestors": "'none'"}
    }
    return view
