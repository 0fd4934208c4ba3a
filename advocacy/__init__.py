"""advocacy: a grassroots advocacy toolkit for contacting legislators."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

PACKAGE = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE.parent


def packaged(name: str) -> Path:
    """`templates` or `migrations`: inside the package in a built wheel (as _templates,
    _migrations), at the top of the checkout in a source tree."""
    inside = PACKAGE / f"_{name}"
    return inside if inside.is_dir() else PROJECT_ROOT / name


def create_app(
    test_config: dict[str, Any] | None = None, instance_path: str | None = None
) -> Flask:
    """Build the app: config, extensions, blueprints, commands. No I/O beyond config files.

    Settings come from advocacy.config, then instance/config.py, then FLASK_* variables;
    a test config replaces the last two, so a developer's own settings never leak into
    a test run.
    """
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(packaged("templates")),
    )
    app.config.from_object("advocacy.config")
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env()
    else:
        app.config.from_mapping(test_config)
    _derive_defaults(app)
    _template_cache(app)
    from advocacy.keys import settle_secret_key

    app.extensions["advocacy.key_file"] = settle_secret_key(
        app.config, app.instance_path, relaxed=app.debug or app.testing
    )

    from advocacy.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    from advocacy.auth.loader import load_user, unauthorized

    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
    limiter.init_app(app)
    migrate.init_app(app, db, directory=str(packaged("migrations")))
    _secure(app)

    from advocacy import models  # noqa: F401  (register tables with the metadata)
    from advocacy.forms import AsciiIntConverter, BoundedJSONProvider

    app.json = BoundedJSONProvider(app)
    app.url_map.converters["int"] = AsciiIntConverter  # before any route is added
    _register_blueprints(app)
    _register_commands(app)
    _register_error_handlers(app)
    _register_template_context(app)
    from advocacy.observability import configure_logging, instrument

    configure_logging(app)
    instrument(app)
    return app


def _template_cache(app: Flask) -> None:
    """Compiled templates kept in TEMPLATE_CACHE_DIR (set before the first template)."""
    folder = app.config.get("TEMPLATE_CACHE_DIR")
    if folder:
        from jinja2 import FileSystemBytecodeCache

        Path(folder).mkdir(parents=True, exist_ok=True)
        app.jinja_options = {**app.jinja_options, "bytecode_cache": FileSystemBytecodeCache(folder)}


def _derive_defaults(app: Flask) -> None:
    """Fill in the settings whose defaults depend on where the app lives."""
    cfg = app.config
    if not cfg.get("SQLALCHEMY_DATABASE_URI"):
        cfg["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(Path(app.instance_path) / "advocacy.db")
    if not cfg.get("UPLOAD_DIR"):
        cfg["UPLOAD_DIR"] = str(Path(app.instance_path) / "uploads")
    if not cfg.get("LEGISLATOR_DATA_DIR"):
        # data/legislators/ of the checkout; an installed wheel keeps it under instance/.
        checkout = PROJECT_ROOT / "data"
        base = checkout if checkout.is_dir() else Path(app.instance_path) / "data"
        cfg["LEGISLATOR_DATA_DIR"] = str(base / "legislators")
    if not cfg.get("MAIL_FROM_NAME"):
        cfg["MAIL_FROM_NAME"] = cfg["ORG_NAME"]
    uri = cfg["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgresql://"):
        # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2.
        cfg["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + uri[len("postgresql://") :]
    options = dict(cfg.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if uri.startswith("sqlite"):
        connect_args = dict(options.get("connect_args") or {})
        connect_args.setdefault("timeout", cfg["SQLITE_BUSY_TIMEOUT_MS"] / 1000)
        options["connect_args"] = connect_args
    else:
        options.setdefault("pool_pre_ping", True)
    cfg["SQLALCHEMY_ENGINE_OPTIONS"] = options


# Our pages load only our own scripts, styles and images; nothing frames them; forms and
# links may go elsewhere (X, contact forms), subresources never do.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
}


def _secure(app: Flask) -> None:
    """Security headers (Flask-Talisman) and, behind proxies, their forwarded headers."""
    from flask_talisman import Talisman
    from werkzeug.middleware.proxy_fix import ProxyFix

    https = bool(app.config["HTTPS"])
    # One per app: Talisman keeps its options on the instance.
    app.extensions["talisman"] = Talisman(
        app,
        force_https=https,
        strict_transport_security=https,
        session_cookie_secure=https,
        session_cookie_http_only=True,
        session_cookie_samesite=app.config["SESSION_COOKIE_SAMESITE"],
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        permissions_policy={
            "geolocation": "(self)",
            "camera": "()",
            "microphone": "()",
            "payment": "()",
            "interest-cohort": "()",
        },
    )
    proxies = int(app.config["PROXY_COUNT"] or 0)
    if proxies:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )


def _register_blueprints(app: Flask) -> None:
    from advocacy.api import bp as api
    from advocacy.auth.views import bp as auth_views
    from advocacy.bills.views import bp as bill_views
    from advocacy.campaigns.comment_views import bp as comment_views
    from advocacy.campaigns.staff import bp as staff_views
    from advocacy.campaigns.views import bp as campaign_views
    from advocacy.days.public_views import bp as attend_views
    from advocacy.days.views import bp as day_views
    from advocacy.directory.views import bp as directory_views
    from advocacy.directory.views import corrections_bp as correction_views
    from advocacy.extensions import csrf
    from advocacy.interactions.views import bp as interaction_views
    from advocacy.lookup.views import bp as lookup_views
    from advocacy.main.views import bp as main_views
    from advocacy.privacy.views import bp as privacy_views
    from advocacy.relationships.coalition_views import bp as coalition_views
    from advocacy.relationships.views import bp as relationship_views
    from advocacy.reports.views import bp as report_views
    from advocacy.rules.views import bp as rule_views
    from advocacy.stories.events import bp as event_views
    from advocacy.stories.views import bp as story_views

    app.register_blueprint(main_views)
    app.register_blueprint(directory_views)
    app.register_blueprint(correction_views)
    app.register_blueprint(bill_views)
    app.register_blueprint(rule_views)
    app.register_blueprint(lookup_views)
    app.register_blueprint(campaign_views)
    app.register_blueprint(comment_views)
    app.register_blueprint(auth_views)
    app.register_blueprint(staff_views)
    app.register_blueprint(interaction_views)
    app.register_blueprint(privacy_views)
    app.register_blueprint(report_views)
    app.register_blueprint(story_views)
    app.register_blueprint(event_views)
    app.register_blueprint(day_views)
    app.register_blueprint(attend_views)
    app.register_blueprint(relationship_views)
    app.register_blueprint(coalition_views)
    # The JSON API takes no cookies' authority, so it needs no CSRF token.
    csrf.exempt(api)
    app.register_blueprint(api)


def _register_commands(app: Flask) -> None:
    from advocacy.cli import (
        bills_cli,
        cwc_cli,
        data_cli,
        doctor,
        jobs_cli,
        outbox_cli,
        privacy_cli,
        reports_cli,
        rules_cli,
        users_cli,
    )

    app.cli.add_command(data_cli)
    app.cli.add_command(bills_cli)
    app.cli.add_command(rules_cli)
    app.cli.add_command(cwc_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(reports_cli)
    app.cli.add_command(doctor)


def _register_error_handlers(app: Flask) -> None:
    from advocacy.main.errors import register

    register(app)


def _register_template_context(app: Flask) -> None:
    from advocacy.main.views import inject_data_status, inject_org

    app.context_processor(inject_data_status)
    app.context_processor(inject_org)
