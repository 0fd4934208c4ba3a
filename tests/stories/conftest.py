"""Story and event tests: the log's two chapters and their people, and one campaign."""

from __future__ import annotations

import io

import pytest

from tests.campaigns.conftest import make_campaign
from tests.html import token
from tests.log.conftest import make_world, signed_in
from tests.stories import pictures


@pytest.fixture
def world(app, tmp_path):
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    made = make_world(app)
    made.campaign = make_campaign(app)
    return made


@pytest.fixture
def as_user(app, world):
    """A signed-in client for an email of the world (None: anonymous)."""
    return signed_in(app)


def story_form(client, **overrides):
    """POST the story form (after reading its token); returns the response."""
    page = client.get("/stories/new").data.decode()
    data = {
        "csrf_token": token(page),
        "name": "Ana Member",
        "email": "ana@example.org",
        "organisation": "Boston Clinic",
        "chapter": "0",
        "campaign": "0",
        "title": "The portal that found my results",
        "body": "When my mother was ill, the patient portal showed her results in 2 days.",
        "because": "my mother's records followed her",
        "video_url": "",
        "focus": "center",
        "consent_people": "y",
        "consent_not_promotional": "y",
    }
    data.update(overrides)
    if "image" not in data:
        data["image"] = (io.BytesIO(pictures.photo()), "photo.jpg")
    elif data["image"] is None:
        del data["image"]
    return client.post("/stories/new", data=data, content_type="multipart/form-data")
