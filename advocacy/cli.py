"""Command-line interface: `flask data ...`."""

from __future__ import annotations

import json
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from advocacy.directory.sources import SourceError, all_sources

data_cli = AppGroup("data", help="Public legislator data: download, validate, load, inspect.")


@data_cli.command("update")
@click.option(
    "--force",
    is_flag=True,
    help="Accept record counts that moved more than DATA_MAX_CHANGE since the last load.",
)
def update_command(force: bool) -> None:
    """Download every source (or read the mirror), validate it, and load it in one transaction."""
    from advocacy.directory.update import update_directory

    sources = all_sources()
    mirror = current_app.config.get("LEGISLATOR_DATA_MIRROR")
    click.echo(f"Reading {len(sources)} sources from {mirror or 'the network'}", err=True)
    with click.progressbar(
        length=len(sources), label="Fetching and checking", file=sys.stderr
    ) as bar:

        def advance(_source):
            bar.update(1)

        try:
            result = update_directory(current_app.config, force=force, on_source=advance)
        except SourceError as exc:
            raise click.ClickException(
                f"refused {exc.source}: {exc.reason}. The previous data is still live."
            ) from None
        except Exception as exc:
            raise click.ClickException(
                f"update failed ({type(exc).__name__}: {exc}). The previous data is still live."
            ) from None
    if result.status == "unchanged":
        click.echo("All sources unchanged; nothing to load.")
        return
    click.echo(f"Loaded. Sources changed: {len(result.changed_sources)}.")
    for table, actions in sorted(result.changes.counts.items()):
        click.echo(f"  {table}: " + ", ".join(f"{n} {a}" for a, n in sorted(actions.items())))


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
    if status["stale"]:
        click.echo("STALE: officials data may be out of date:")
        for reason in status["stale_reasons"]:
            click.echo(f"  - {reason}")
    else:
        click.echo("Fresh.")
