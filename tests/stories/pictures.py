"""Image files for upload tests, made here with Pillow (good, damaged and hostile ones)."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

GPS_LATITUDE = (42.0, 21.0, 30.0)


def photo(fmt: str = "JPEG", size=(1600, 1000), color=(200, 40, 40), **save) -> bytes:
    """A plain picture; left half red, right half blue so crops can be told apart."""
    image = Image.new("RGB", size, color)
    image.paste((30, 60, 200), (size[0] // 2, 0, size[0], size[1]))
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def jpeg_with_gps(size=(1600, 1000), orientation: int | None = None) -> bytes:
    """A JPEG whose EXIF says where it was taken (and the camera), maybe rotated."""
    image = Image.new("RGB", size, (200, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model X"  # Model
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", GPS_LATITUDE, "W", (71.0, 3.0, 36.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), comment=b"taken at home")
    return out.getvalue()


def png_with_alpha() -> bytes:
    image = Image.new("RGBA", (1300, 700), (0, 0, 0, 0))
    image.paste((255, 0, 0, 255), (0, 0, 650, 700))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def png_bomb(width: int = 30000, height: int = 30000) -> bytes:
    """A tiny PNG that declares a huge canvas of zeros (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    row = b"\x00" + b"\x00" * width
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(200)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def animated_webp() -> bytes:
    frames = [Image.new("RGB", (800, 500), c) for c in ("red", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "WEBP", save_all=True, append_images=frames[1:], duration=100)
    return out.getvalue()


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="1200" '
    b'height="630"><script>alert(1)</script><rect width="10" height="10"/></svg>'
)


def jpeg_with_html_appended() -> bytes:
    return photo() + b"<html><script>alert(document.cookie)</script></html>"


def jpeg_with_script_comment() -> bytes:
    """A valid JPEG whose comment segment holds a script (a JPEG/JS polyglot)."""
    return photo(comment=b"*/=1;<script>alert(1)</script>/*")


def png_with_zip_appended() -> bytes:
    return photo("PNG") + b"PK\x03\x04\x14\x00\x00\x00evil.php" + b"\x00" * 40
