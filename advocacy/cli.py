"""Command-line interface: `flask data ...`."""

from __future__ import annotations

import json
import sys

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from advocacy import clock
from advocacy.ingest.fetch import SourceError

data_cli = AppGroup("data", help="Public legislator data: download, validate, load, inspect.")


@data_cli.command("update")
@click.option(
    "--force",
    is_flag=True,
    help="Accept record counts that moved more than DATA_MAX_CHANGE since the last load.",
)
def update_command(force: bool) -> None:
    """Download every source (or read the mirror), validate it, and load it in one transaction."""
    from advocacy.directory.update import UpdateRunning, configured_sources, update_directory

    sources = configured_sources(current_app.config)
    mirror = current_app.config.get("LEGISLATOR_DATA_MIRROR")
    click.echo(f"Reading {len(sources)} sources from {mirror or 'the network'}", err=True)
    with click.progressbar(
        length=len(sources), label="Fetching and checking", file=sys.stderr
    ) as bar:

        def advance(_source):
            bar.update(1)

        try:
            result = update_directory(current_app.config, force=force, on_source=advance)
        except UpdateRunning as exc:
            raise click.ClickException(f"{exc}.") from None
        except SourceError as exc:
            raise click.ClickException(
                f"refused {exc.source}: {exc.reason}. The previous data is still live."
            ) from None
        except Exception as exc:
            raise click.ClickException(
                f"update failed ({type(exc).__name__}: {exc}). The previous data is still live."
            ) from None
    if result.absent_sources:
        click.echo(
            f"Not published, so left out: {len(result.absent_sources)} optional sources "
            f"({_first(result.absent_sources)}). "
            "Mayors are shown only where Open States lists them."
        )
    if result.unreached_sources:
        click.echo(
            f"Could not reach {len(result.unreached_sources)} live sources "
            f"({_first(result.unreached_sources)}): each keeps its last copy, or, with none, "
            "is left out (no Canadian roster until Represent answers)."
        )
    if not current_app.config.get("REPRESENT_URL"):
        click.echo("REPRESENT_URL is not set: no Canadian MPs or provincial legislators loaded.")
    if result.status == "unchanged":
        click.echo("All sources unchanged; nothing to load.")
        return
    click.echo(f"Loaded. Sources changed: {len(result.changed_sources)}.")
    for table, actions in sorted(result.changes.counts.items()):
        click.echo(f"  {table}: " + ", ".join(f"{n} {a}" for a, n in sorted(actions.items())))
    _conflicts(result.conflicts)


def _conflicts(conflicts: list[str]) -> None:
    if conflicts:
        click.echo(f"One person per office: {len(conflicts)} office(s) had two current holders:")
        for conflict in conflicts:
            click.echo(f"  - {conflict}")


def _first(names: list[str]) -> str:
    """ "a, b, c, ...": the first few names of a list."""
    return ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")


@data_cli.command("corrections")
@click.option("--retire", "retire", type=int, default=None, help="Retire correction ID.")
def corrections_command(retire: int | None) -> None:
    """List the admins' corrections (and whether the public data now agrees), or retire one."""

    from sqlalchemy import select

    from advocacy.directory.corrections import describe, problem, retire_correction
    from advocacy.extensions import db
    from advocacy.models import Correction

    if retire is not None:
        correction = db.session.get(Correction, retire)
        if correction is None or correction.retired_at is not None:
            raise click.ClickException(f"there is no active correction {retire}")
        retire_correction(correction, clock.now())
        db.session.commit()
        click.echo(
            f"Retired correction {retire}; the next `flask data update` loads the public "
            "data's own values for it."
        )
        return
    rows = db.session.scalars(
        select(Correction).where(Correction.retired_at.is_(None)).order_by(Correction.id)
    ).all()
    if not rows:
        click.echo("No corrections.")
        return
    for c in rows:
        agrees = {True: "the public data now agrees: retire it", False: "still needed"}.get(
            c.agrees, "not yet checked by a data update"
        )
        click.echo(f"{c.id}  {describe(c)}  [{c.target_key or 'new'}]")
        click.echo(f"    source: {c.source_url}")
        click.echo(f"    note: {c.note}")
        click.echo(f"    by {c.created_by or '?'} on {c.created_at:%Y-%m-%d}; {agrees}")
        reason = problem(c)
        if reason:
            click.echo(f"    not applied: {reason}")
    agreed = sum(1 for c in rows if c.agrees)
    if agreed:
        click.echo(f"{agreed} the public data now agrees with; retire them with --retire ID.")


@data_cli.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
def status_command(as_json: bool) -> None:
    """Show current officials per body, the sources behind them, and whether they are stale."""
    from advocacy.directory.status import data_status

    status = data_status(current_app.config)
    if as_json:
        click.echo(json.dumps(status, indent=1))
        return
    click.echo("Current officials")
    for name, n in status["counts"].items():
        click.echo(f"  {name:<18} {n:>6}")
    click.echo(f"  {'legislators':<18} {status['total_legislators']:>6}")
    last = status["last_load"]
    click.echo(
        f"Last load: {last['status']} at {last['finished_at']}" if last else "Last load: never"
    )
    attempt = status["last_attempt"]
    if attempt and attempt["status"] == "failed":
        click.echo(f"Last attempt FAILED at {attempt['finished_at']}: {attempt['message']}")
    click.echo(f"Sources: {len(status['sources'])}, last checked {status['checked_at'] or 'never'}")
    _conflicts(status["conflicts"])
    if status["stale"]:
        click.echo("STALE: officials data may be out of date:")
        for reason in status["stale_reasons"]:
            click.echo(f"  - {reason}")
    elif status["ended_seats"]:
        # Not stale as a whole, but not all current either: say which seats lag.
        click.echo(
            f"Fresh, except {status['ended_seats']} seat(s) whose term has ended with no "
            "successor in the public data yet (shown as such, never as current)."
        )
    else:
        click.echo("Fresh.")


bills_cli = AppGroup("bills", help="Legislation: the bills chapters follow.")


@bills_cli.command("update")
def bills_update() -> None:
    """Fetch every bill source, check it, and apply the changes in one transaction."""
    from advocacy.bills.load import update_bills

    try:
        result = update_bills(current_app.config)
    except SourceError as exc:
        raise click.ClickException(
            f"refused {exc.source}: {exc.reason}. The bills already loaded are unchanged."
        ) from None
    click.echo(
        f"{result.sources} bills read: {result.inserted} new, {result.updated} changed, "
        f"{result.unchanged} unchanged."
    )
    for jurisdiction, n in sorted(result.unmatched_sponsors.items()):
        click.echo(f"  {n} sponsors in {jurisdiction} matched none of our officials (kept by name)")


rules_cli = AppGroup("rules", help="Agency rules open for comment, from the Federal Register.")


@rules_cli.command("update")
def rules_update() -> None:
    """Fetch the Federal Register's rules for the agencies and words followed, check every
    page, and apply the changes in one transaction."""
    from advocacy.rules.load import update_rules

    try:
        result = update_rules(current_app.config)
    except SourceError as exc:
        raise click.ClickException(
            f"refused {exc.source}: {exc.reason}. The rules already loaded are unchanged."
        ) from None
    for entry in result.unmatched_agencies:
        click.echo(f"  RULES_AGENCIES: {entry!r} is no agency of the Federal Register's list")
    click.echo(
        f"{result.searches} searches, {result.documents} documents read: {result.inserted} "
        f"new, {result.updated} changed ({result.moved_closing} with a new closing date), "
        f"{result.unchanged} unchanged."
    )


users_cli = AppGroup("users", help="Accounts: advocates, task-force leads and admins.")


@users_cli.command("create")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice(["advocate", "lead", "admin"]),
    default="lead",
    show_default=True,
    help="What the account may do.",
)
@click.option("--name", default="", help="The person's name.")
@click.password_option(help="The password (asked for when not given).")
def users_create(email: str, role: str, name: str, password: str) -> None:
    """Create an account (the first one: --role lead or admin)."""
    from sqlalchemy import func, select

    from advocacy.auth.passwords import hash_password, password_problem
    from advocacy.extensions import db
    from advocacy.forms import EMAIL
    from advocacy.models import User

    email = email.strip()
    if not EMAIL.match(email):
        raise click.ClickException(f"{email!r} is not an email address.")
    problem = password_problem(password)
    if problem:
        raise click.ClickException(problem)
    exists = db.session.scalar(select(User.id).where(func.lower(User.email) == email.lower()))
    if exists:
        raise click.ClickException(f"{email} already has an account.")
    db.session.add(
        User(email=email, name=name.strip(), role=role, password_hash=hash_password(password))
    )
    db.session.commit()
    click.echo(f"Created {role} account {email}.")


outbox_cli = AppGroup("outbox", help="Letters members send through our SMTP server.")


@outbox_cli.command("send")
@click.option("--once", is_flag=True, help="Send what is due now and exit.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between passes.")
def outbox_send(once: bool, interval: float) -> None:
    """Deliver queued letters only (`flask jobs run --only outbox` does the same)."""
    from advocacy.delivery.outbox import deliverable

    if not deliverable(current_app.config):
        raise click.ClickException(
            "Nothing to deliver through: set SMTP_HOST, the House's or Senate's CWC "
            "(CWC_URL or SENATE_CWC_URL with its key and the delivery agent), or "
            "REGULATIONS_GOV_API_KEY."
        )
    _work({"outbox"}, once, interval)


cwc_cli = AppGroup("cwc", help="Communicating with Congress: the House's and the Senate's.")


@cwc_cli.command("senate-offices")
def cwc_senate_offices() -> None:
    """Fetch the Senate's list of offices taking CWC messages now, check it and store it
    (the worker does this daily); a bad list is refused by name and the last one kept."""
    from advocacy.campaigns.senate import ListRefused, refresh_offices
    from advocacy.delivery.cwc import senate_configured

    if not senate_configured(current_app.config):
        raise click.ClickException(
            "The Senate's CWC is not set up: set SENATE_CWC_URL, SENATE_CWC_API_KEY and "
            "the CWC delivery agent settings."
        )
    try:
        click.echo(refresh_offices(current_app.config))
    except ListRefused as exc:
        raise click.ClickException(str(exc)) from None


jobs_cli = AppGroup("jobs", help="Queued and scheduled work: the outbox, data refresh, purges.")


@jobs_cli.command("run")
@click.option("--once", is_flag=True, help="One pass (deliver what is due, run due jobs), exit.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between passes.")
@click.option(
    "--only",
    multiple=True,
    type=click.Choice(
        [
            "outbox",
            "data-refresh",
            "member-data-retention",
            "legislation-digest",
            "senate-cwc-offices",
        ]
    ),
    help="Do only this work (repeatable); default: all of it.",
)
def jobs_run(once: bool, interval: float, only: tuple[str, ...]) -> None:
    """Deliver the outbox and run scheduled jobs when due, until SIGTERM (a worker)."""
    _work(set(only) or None, once, interval)


def _work(only: set[str] | None, once: bool, interval: float) -> None:
    from advocacy.jobs import Worker, WorkerBusy

    def report(counts):
        if any(counts.values()):
            click.echo(
                f"sent {counts['sent']}, will retry {counts['retry']}, failed {counts['failed']}"
            )

    worker = Worker(current_app._get_current_object(), interval=interval, only=only)
    try:
        worker.run(once=once, on_pass=report)
    except WorkerBusy as exc:
        raise click.ClickException(str(exc)) from None


@jobs_cli.command("status")
def jobs_status() -> None:
    """The outbox's depth and each scheduled job's last run."""
    from advocacy.delivery.outbox import depth
    from advocacy.jobs import SCHEDULE, last_runs

    counts = depth()
    click.echo("Outbox: " + (", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "empty"))
    runs = {run.name: run for run in last_runs()}
    for job in SCHEDULE:
        period = job.period(current_app.config)
        run = runs.get(job.name)
        every = f"every {period}" if period else "off"
        last = (
            f"last {run.status} at {run.started_at:%Y-%m-%d %H:%M} UTC by {run.worker}: "
            f"{run.message or ''}"
            if run and run.started_at
            else "never run"
        )
        click.echo(f"{job.name:<22} {every:<22} {last}")


privacy_cli = AppGroup("privacy", help="Members' personal data.")


@privacy_cli.command("purge")
def privacy_purge() -> None:
    """Remove names, emails and ZIP codes older than MEMBER_DATA_RETENTION_DAYS now."""
    from advocacy.privacy.service import purge_expired

    days = current_app.config.get("MEMBER_DATA_RETENTION_DAYS")
    if not days:
        click.echo("MEMBER_DATA_RETENTION_DAYS is 0: personal data is kept until erased.")
        return
    n = purge_expired(current_app.config)
    click.echo(f"{n} sends older than {days} days lost their member's name, email and ZIP.")


reports_cli = AppGroup("reports", help="Monthly activity reports.")


@reports_cli.command("monthly")
@click.option("--month", required=True, help="YYYY-MM, e.g. 2026-09.")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="json", show_default=True
)
@click.option(
    "--table", default=None, help="With csv: one table (default: all, one after another)."
)
def reports_monthly(month: str, fmt: str, table: str | None) -> None:
    """Print the monthly report for every chapter as JSON or CSV."""
    from advocacy.interactions.export import to_csv
    from advocacy.months import parse_month
    from advocacy.reports.monthly import monthly_report
    from advocacy.reports.tables import tables

    first = parse_month(month)
    if first is None:
        raise click.ClickException("Give the month as YYYY-MM, e.g. 2026-09.")
    report = tables(monthly_report(first, None))
    if table is not None and table not in report:
        raise click.ClickException(f"Unknown table; one of: {', '.join(report)}.")
    chosen = {table: report[table]} if table else report
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "month": month,
                    "tables": {
                        name: [dict(zip(header, row, strict=True)) for row in rows]
                        for name, (header, rows) in chosen.items()
                    },
                },
                indent=1,
                default=str,
            )
        )
        return
    for name, (header, rows) in chosen.items():
        if not table:
            click.echo(f"# {name}")
        click.echo(to_csv(header, rows), nl=False)


@reports_cli.command("rebuild")
def reports_rebuild() -> None:
    """Restamp each send's report month and recount the roll-ups from the sends.

    Run after changing REPORT_TIMEZONE (chapterless sends move month) or a bulk load
    that bypassed the triggers. Writes are held off while it runs.
    """
    from advocacy.extensions import begin_write, db
    from advocacy.months import default_zone
    from advocacy.reports.rollup import rebuild, restamp

    begin_write()
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("LOCK TABLE interactions IN SHARE MODE")
    moved = restamp(connection, default_zone())
    differed = rebuild(connection)
    db.session.commit()
    click.echo(f"{moved} sends moved month; {differed} roll-up counts differed and were mended")


@click.command("doctor")
@with_appcontext
def doctor() -> None:
    """Check a deployment's settings; exit 1 when something is unsafe."""
    from advocacy.doctor import examine

    findings = examine(current_app._get_current_object())
    for f in sorted(findings, key=lambda f: not f.unsafe):
        click.echo(f"{'UNSAFE' if f.unsafe else 'note  '} {f.area:<9} {f.message}")
    unsafe = sum(f.unsafe for f in findings)
    click.echo(f"{unsafe} unsafe, {len(findings) - unsafe} notes.")
    if unsafe:
        raise SystemExit(1)
