"""The member's story form: saved once, every bad input refused with the text kept."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from advocacy.extensions import db
from advocacy.models import Story
from tests.factories import story_form
from tests.stories import pictures


def _stories(app):
    with app.app_context():
        return db.session.scalars(select(Story).order_by(Story.id)).all()


def _errors(response) -> list[str]:
    return re.findall(r'class="error"[^>]*>([^<]*)<', response.data.decode())


def test_a_story_is_saved_pending_with_its_cleaned_photo(app, world, client):
    response = story_form(client, chapter=str(world.chapter_a), campaign=str(world.campaign))
    assert response.status_code == 303 and response.location.endswith("/stories/thanks")
    (story,) = _stories(app)
    assert story.status == "pending" and story.chapter_id == world.chapter_a
    assert story.because == "#IHeartHIT because my mother's records followed her"
    assert story.original_body == story.body and story.campaign_id == world.campaign
    saved = app.config["UPLOAD_DIR"] + "/stories/" + story.image
    with open(saved, "rb") as f:
        assert f.read(3) == b"\xff\xd8\xff"
    # Pending: neither the story nor its photo is public.
    assert client.get(f"/stories/{story.id}").status_code == 404
    assert client.get(f"/stories/images/{story.image}").status_code == 404
    assert "The portal" not in client.get("/stories").data.decode()


def test_a_second_submit_is_the_same_story(app, world, client):
    assert story_form(client).status_code == 303
    again = story_form(
        client,
        email="ANA@example.org ",
        body=" When my mother was ill, the patient portal showed her  results in 2 days.",
    )
    assert again.status_code == 303
    page = client.get(again.location).data.decode()
    assert "already had this story" in page
    assert len(_stories(app)) == 1


def test_one_thank_you_with_a_next_step(app, world, client):
    answer = story_form(client)
    page = client.get(answer.location).data.decode()
    main = page.split('<main id="main"', 1)[1]
    assert main.count("Thank you") == 1  # the page's, not a banner's too
    assert 'href="/c/nhit-week"' in page  # the next step: the open campaign


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("name", "", "This field is required."),
        ("email", "not-an-email", "email address like"),
        ("title", "x" * 151, "longer than 150"),
        ("body", "word " * 301, "301 words"),
        ("body", "health-IT " * 150 + "3.5 " * 151, "301 words"),
        ("body", "a\x00b", "control characters"),
        ("body", "evil\u202etxt", "direction-override"),
        ("because", "", "This field is required."),
        ("because", "a" * 270, "as X counts"),
        ("because", "病" * 135, "as X counts"),
        ("video_url", "https://evil.example/watch?v=dQw4w9WgXcQ", "Only YouTube or Vimeo"),
        ("video_url", "javascript:alert(1)", "YouTube or Vimeo"),
        ("consent_people", "", "permission"),
        ("consent_not_promotional", "", "not promotional"),
        ("chapter", "99999", "Not a valid choice"),
        ("campaign", "abc", "Invalid Choice"),
    ],
)
def test_bad_fields_are_refused_and_the_story_is_kept(app, world, client, field, value, says):
    response = story_form(client, **{field: value})
    assert response.status_code == 400
    assert any(says in e for e in _errors(response)), _errors(response)
    if field != "body":  # the member's words come back to them, not lost
        assert "When my mother was ill" in response.data.decode()
    assert _stories(app) == []


def test_300_words_is_fine_and_a_cjk_story_is_counted_per_character(app, world, client):
    assert story_form(client, body="word " * 300).status_code == 303
    assert story_form(client, title="Two", body="医" * 300).status_code == 303
    assert story_form(client, title="Three", body="医" * 301).status_code == 400


def test_video_links_are_kept_in_their_canonical_form(app, world, client):
    assert story_form(client, video_url="youtu.be/dQw4w9WgXcQ").status_code == 303
    assert _stories(app)[0].video_url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (pictures.SVG, "card.svg", "SVG"),
        (pictures.png_bomb(), "bomb.png", "megapixels"),
        (pictures.jpeg_with_html_appended(), "x.jpg", "hidden inside"),
        (pictures.photo(), "x.png", "holds a JPEG"),
        (b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024 + 10), "huge.jpg", "limit is 5 MB"),
        (pictures.photo()[:5000], "cut.jpg", "cut short"),
    ],
)
def test_bad_photos_are_refused_and_the_text_kept(app, world, client, data, name, says):
    response = story_form(client, image=(io.BytesIO(data), name))
    assert response.status_code == 400
    assert any(says in e for e in _errors(response)), _errors(response)
    assert "When my mother was ill" in response.data.decode()
    assert _stories(app) == []


def test_a_good_photo_is_kept_while_other_fields_are_fixed(app, world, client):
    first = story_form(client, title="")
    assert first.status_code == 400
    kept = re.search(r'name="kept_image"[^>]*value="([^"]+)"', first.data.decode()).group(1)
    preview = re.search(r'src="(/stories/preview/[^"]+)"', first.data.decode()).group(1)
    assert client.get(preview).headers["Content-Type"] == "image/jpeg"
    # No new file this time: the kept one is used.
    assert story_form(client, kept_image=kept, image=None).status_code == 303
    assert _stories(app)[0].image
    # A forged or altered token is not a photo.
    assert (
        story_form(client, title="Other", kept_image=kept[:-2] + "xx", image=None).status_code
        == 303
    )
    assert _stories(app)[1].image is None
    assert client.get("/stories/preview/nonsense").status_code == 404


def test_no_photo_is_fine(app, world, client):
    assert story_form(client, image=None).status_code == 303
    assert _stories(app)[0].image is None


def test_a_huge_request_gets_a_page_not_a_500(app, world, client):
    body = b"x" * (app.config["STORY_MAX_REQUEST"] + 1)
    response = story_form(client, image=(io.BytesIO(body), "big.jpg"))
    assert response.status_code == 413
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Story)) == 0


def test_the_form_needs_its_csrf_token(app, world, client):
    assert story_form(client, csrf_token="forged").status_code == 400
    assert _stories(app) == []
    stored = Path(app.config["UPLOAD_DIR"]) / "stories"
    assert not stored.exists() or not any(stored.iterdir())  # not even the photo


def test_empty_and_junk_posts(app, world, client):
    assert client.post("/stories/new", data={}).status_code == 400
    assert (
        client.post(
            "/stories/new", data=b"\x00\xff", content_type="multipart/form-data"
        ).status_code
        == 400
    )
    assert _stories(app) == []


@pytest.mark.parametrize("field", ["name", "title", "organisation", "because"])
def test_one_line_fields_take_no_line_breaks(app, world, client, field):
    """They end up in mail headers (the refusal's subject) and share text."""
    response = story_form(client, **{field: "Ana\r\nBcc: victim@example.org"})
    assert response.status_code == 400
    assert "Please keep this on one line." in _errors(response)
    assert _stories(app) == []


@pytest.mark.parametrize("slug", ["nhit-week", "", "%00", "x" * 5000, "<script>", "ni%C3%B1o"])
def test_the_campaign_in_the_link_never_breaks_the_form(app, world, client, slug):
    response = client.get(f"/stories/new?campaign={slug}")
    assert response.status_code == 200
    chosen = f'selected value="{world.campaign}"'
    assert (chosen in response.data.decode()) == (slug == "nhit-week")
