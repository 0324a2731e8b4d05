"""`kilde serve`: the REST API and web UI over an archive."""

from __future__ import annotations

import os

import click

from kilde.store import default_target


@click.command("serve")
@click.option(
    "--db",
    "db",
    default=None,
    help="Archive: a SQLite file or postgresql:// URL (default $KILDE_DB or ./kilde.db).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to bind."
)
@click.option(
    "--allow-ingest", is_flag=True, help="Let POST /api/analyze store analyses (needs --token)."
)
@click.option(
    "--token",
    default=None,
    envvar="KILDE_TOKEN",
    help="Token required to store analyses ($KILDE_TOKEN).",
)
@click.option(
    "--max-bytes",
    default=1_000_000,
    show_default=True,
    type=click.IntRange(1_000),
    help="Largest request body accepted (413 above).",
)
def serve_command(
    db: str | None, host: str, port: int, allow_ingest: bool, token: str | None, max_bytes: int
) -> None:
    """Serve the archive: web UI at http://HOST:PORT/, REST API at /api, docs at /docs.

    \b
    Examples:
      kilde serve --db kilde.db
      kilde serve --db postgresql://localhost/kilde --port 8080
      KILDE_TOKEN=hemmelig kilde serve --allow-ingest
    """
    import uvicorn

    from kilde.web import create_app

    if allow_ingest and not token:
        raise click.UsageError("--allow-ingest needs --token (or KILDE_TOKEN)")
    target = db or default_target()
    try:
        app = create_app(target, allow_ingest=allow_ingest, token=token, max_body_bytes=max_bytes)
    except Exception as error:  # noqa: BLE001 — shown to the user, not a traceback
        raise click.ClickException(f"cannot open archive {target}: {error}") from error
    click.echo(f"kilde: serving {target} on http://{host}:{port}/ (API docs: /docs)", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo("kilde: warning: listening beyond this machine", err=True)
    uvicorn.run(app, host=host, port=port, log_level=os.environ.get("KILDE_LOG_LEVEL", "info"))
