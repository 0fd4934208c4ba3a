"""`flask doctor` fails an unsafe deployment and passes a sound one."""

from __future__ import annotations

from advocacy import create_app
from tests.factories import base_config, dispose


def _doctor(config: dict):
    app = create_app(config)
    try:
        return app.test_cli_runner().invoke(args=["doctor"])
    finally:
        dispose(app)


def test_the_shipped_key_and_plain_http_are_unsafe(backend, databases, tmp_path):
    config = base_config(databases.migrated(backend), tmp_path) | {
        "SECRET_KEY": "dev-insecure-change-me",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": 9,  # nothing listens: letters would wait
        "SMTP_TIMEOUT": 1.0,
    }
    result = _doctor(config)
    assert result.exit_code == 1
    for area in ("key", "proxy", "mail"):
        assert f"UNSAFE {area}" in result.output
    assert "3 unsafe" in result.output


def test_an_unmigrated_database_is_unsafe(backend, databases, tmp_path):
    config = base_config(databases.empty(backend), tmp_path) | {
        "SECRET_KEY": "x" * 40,
        "HTTPS": True,
    }
    result = _doctor(config)
    assert result.exit_code == 1 and "flask db upgrade" in result.output


def test_a_sound_deployment_passes_with_notes(backend, databases, tmp_path, smtp):
    config = base_config(databases.migrated(backend), tmp_path) | {
        "SECRET_KEY": "x" * 40,
        "HTTPS": True,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": smtp[1],
    }
    result = _doctor(config)
    assert result.exit_code == 0, result.output
    assert "0 unsafe" in result.output and "note   limits" in result.output


def test_rate_limit_storage_must_answer(backend, databases, tmp_path, smtp, redis_server):
    from tests.net import free_port

    sound = base_config(databases.migrated(backend), tmp_path) | {
        "SECRET_KEY": "x" * 40,
        "HTTPS": True,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": smtp[1],
        "RATELIMIT_STORAGE_URI": redis_server,
    }
    result = _doctor(sound)
    assert result.exit_code == 0 and "limits" not in result.output, result.output
    down = sound | {"RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{free_port()}"}
    result = _doctor(down)
    assert result.exit_code == 1 and "UNSAFE limits" in result.output


def test_an_unreadable_accent_is_noted_and_not_used(backend, databases, tmp_path):
    config = base_config(databases.migrated(backend), tmp_path) | {"ORG_ACCENT": "#ffee00"}
    result = _doctor(config)
    assert "note   look" in result.output and "WCAG AA needs 4.5:1" in result.output
    app = create_app(config)
    try:
        theme = app.test_client().get("/theme.css").data.decode()
        assert "--accent: #0b6e69;" in theme and "#ffee00" not in theme
        app.config["ORG_ACCENT"] = "#1d4ed8"
        assert "--accent: #1d4ed8;" in app.test_client().get("/theme.css").data.decode()
    finally:
        dispose(app)
