"""The organisation's name, logo and colour are settings that reach every page, email and
share card; the favicon and app icons are served from our own host."""

from __future__ import annotations

from email.utils import parseaddr

from advocacy import create_app
from tests.factories import base_config, dispose


def test_the_organisation_names_itself_everywhere(databases, tmp_path, smtp):
    inbox, port = smtp
    app = create_app(
        base_config(databases.migrated("sqlite"), tmp_path / "data")
        | {
            "ORG_NAME": "Ontario Health IT Advocates",
            "ORG_SHORT_NAME": "ON HIT",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": port,
        }
    )
    try:
        client = app.test_client()
        page = client.get("/privacy").data.decode()
        assert "<title>Privacy · ON HIT</title>" in page
        assert 'class="brand"' in page and ">ON HIT</a>" in page
        assert "Ontario Health IT Advocates" in page  # the footer
        assert app.config["MAIL_FROM_NAME"] == "Ontario Health IT Advocates"
        # An email comes from the organisation by name.
        from advocacy.delivery.smtp import send_mail

        with app.app_context():
            assert send_mail("a@example.org", "Hello", "Body")
        sender = parseaddr(inbox.messages[-1][1]["From"])[0]
        assert sender == "Ontario Health IT Advocates"
    finally:
        dispose(app)


def test_icons_come_from_our_own_host(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    page = client.get("/").data.decode()
    for href in ("/static/icon.svg", "/static/apple-touch-icon.png", "/static/site.webmanifest"):
        assert href in page and client.get(href).status_code == 200
    manifest = client.get("/static/site.webmanifest").get_json(force=True)
    assert {i["src"] for i in manifest["icons"]} >= {"/static/icon-192.png", "/static/icon-512.png"}
    assert client.get("/theme.css").mimetype == "text/css"
