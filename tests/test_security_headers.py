"""Security headers on every response of every route family (Flask-Talisman), and the
settings for serving over HTTPS behind a proxy."""

from __future__ import annotations

import re

import pytest

from advocacy import create_app
from tests.factories import base_config, dispose

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def _check(response, where):
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (where, name)
    csp = response.headers["Content-Security-Policy"]
    # Pages load only our own files; a photo's response, nothing at all.
    assert "frame-ancestors 'none'" in csp, where
    assert ("default-src 'self'" in csp) or ("default-src 'none'" in csp), where
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, where
    assert "geolocation=(self)" in response.headers["Permissions-Policy"], where
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP here


def test_every_route_family_sends_the_headers(app, as_user, world):
    anonymous, lead = as_user(None), as_user("lead@example.org")
    families = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        url = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", "1", rule.rule)
        for client in (anonymous, lead):
            _check(client.get(url), url)
        families.add(rule.endpoint.split(".")[0])
    # Errors and API answers too.
    _check(anonymous.get("/no-such-page"), "404")
    _check(anonymous.get("/api/v1/officials?zip=1"), "API 400")
    _check(anonymous.post("/staff/login", data={}), "CSRF 400")
    assert families >= {"main", "directory", "lookup", "api", "campaigns", "interactions",
                        "auth", "reports", "stories", "events", "staff", "privacy"}  # fmt: skip


def test_a_photo_may_load_nothing(client):
    response = client.get("/stories/images/" + "a" * 64 + ".jpg")  # 404 from that view
    assert (
        response.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    )


def test_over_https_behind_a_proxy(backend, databases, tmp_path):
    config = base_config(databases.migrated(backend), tmp_path) | {"HTTPS": True, "PROXY_COUNT": 1}
    app = create_app(config)
    try:
        client = app.test_client()
        plain = client.get("/", headers={"X-Forwarded-Proto": "http"})
        assert plain.status_code in (301, 302) and plain.headers["Location"].startswith("https://")
        secure = client.get("/staff/login", headers={"X-Forwarded-Proto": "https"})
        assert secure.status_code == 200
        assert "max-age=" in secure.headers["Strict-Transport-Security"]
        cookie = secure.headers.get("Set-Cookie", "")
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    finally:
        dispose(app)


@pytest.mark.realdata
def test_pages_load_no_photo_from_another_host(loaded_client):
    page = loaded_client.get("/find?zip=02130").get_data(as_text=True)
    assert 'class="initials"' in page
    assert not re.search(r'<img[^>]+src="(https?:)?//', page)
