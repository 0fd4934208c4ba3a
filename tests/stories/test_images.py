"""Uploads: plain photos come out as fresh 1200 x 630 JPEGs; everything else is refused."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from advocacy import images
from tests.stories import pictures


def _open(result: images.StoryImage) -> Image.Image:
    return Image.open(io.BytesIO(result.data))


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (pictures.photo(), "me.jpg"),
        (pictures.photo(), "ME.JPEG"),
        (pictures.photo("PNG"), "me.png"),
        (pictures.photo("WEBP"), "me.webp"),
        (pictures.png_with_alpha(), "logo-free.png"),
    ],
)
def test_plain_photos_become_1200_by_630_jpegs(data, name):
    result = images.process(data, name)
    image = _open(result)
    assert (image.format, image.size, image.mode) == ("JPEG", (1200, 630), "RGB")
    assert result.name.endswith(".jpg") and images.NAME.match(result.name)


def test_location_camera_and_comments_are_stripped():
    data = pictures.jpeg_with_gps()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # GPS is there before
    result = images.process(data, "holiday.jpg")
    image = _open(result)
    assert not image.getexif() and "exif" not in image.info and "comment" not in image.info
    assert b"PhoneMaker" not in result.data and b"taken at home" not in result.data
    assert "icc_profile" not in image.info


def test_orientation_is_applied_before_the_exif_goes():
    # 1000 wide x 1600 tall stored, EXIF says rotate 90°: it is really a landscape photo.
    upright = images.process(pictures.jpeg_with_gps(size=(1000, 1600), orientation=6), "p.jpg")
    assert _open(upright).size == (1200, 630)


def test_the_crop_keeps_the_chosen_part():
    wide = pictures.photo(size=(3000, 630))  # left red, right blue
    left = _open(images.process(wide, "w.jpg", "left")).getpixel((600, 315))
    right = _open(images.process(wide, "w.jpg", "right")).getpixel((600, 315))
    assert left[0] > 150 and left[2] < 100  # red
    assert right[2] > 150 and right[0] < 100  # blue
    # Unknown focus values are the centre, not an error.
    assert images.process(wide, "w.jpg", "<script>").data == images.process(wide, "w.jpg").data


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (b"", "a.jpg", "empty"),
        (b"\xff\xd8\xff" + b"\x00" * (5 * 1024 * 1024), "big.jpg", "limit is 5 MB"),
        (pictures.SVG, "card.svg", "SVG"),
        (pictures.SVG, "card.png", "SVG"),
        (pictures.photo(), "me.png", "holds a JPEG"),
        (pictures.photo("PNG"), "me.jpg", "holds a PNG"),
        (pictures.photo(), "me.exe", "JPEG, PNG or WebP"),
        (pictures.photo(), "me", "JPEG, PNG or WebP"),
        (pictures.photo("GIF"), "me.gif", "JPEG, PNG or WebP"),
        (b"GIF89a" + b"\x00" * 100, "me.jpg", "not a JPEG, PNG or WebP"),
        (pictures.photo()[:3000], "cut.jpg", "cut short"),
        (pictures.photo()[:200] + b"\x00" * 500 + b"\xff\xd9", "bad.jpg", "damaged"),
        (pictures.png_bomb(), "bomb.png", "megapixels"),
        (pictures.png_bomb(100_000, 100_000), "bomb.png", "megapixels"),
        (pictures.photo(size=(300, 200)), "tiny.jpg", "at least 600"),
        (pictures.jpeg_with_html_appended(), "poly.jpg", "hidden inside"),
        (pictures.jpeg_with_script_comment(), "poly.jpg", "hidden inside"),
        (pictures.png_with_zip_appended(), "poly.png", "hidden inside"),
        (pictures.photo("PNG") + b"trailing", "extra.png", "extra data"),
        (pictures.photo() + b"\x00\x01junk", "extra.jpg", "extra data"),
        (pictures.animated_webp(), "anim.webp", "Animated"),
    ],
)
def test_bad_uploads_are_refused_with_a_reason(data, name, says):
    with pytest.raises(images.ImageRefused) as refused:
        images.process(data, name)
    assert says in str(refused.value)


def test_the_same_photo_is_stored_once(tmp_path):
    result = images.process(pictures.photo(), "a.jpg")
    assert images.store(result, tmp_path) == images.store(result, tmp_path) == result.name
    assert [p.name for p in tmp_path.iterdir()] == [result.name]
