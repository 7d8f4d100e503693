"""What every ``chatshopper`` command module shares: consoles, options, errors, the database."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from crawler.storage import Database, DatabaseError

out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="CHATSHOPPER_DB",
        help="SQLite file or postgresql:// URL.",
        show_default=True,
    ),
]
CampaignOption = Annotated[str, typer.Option("--campaign", "-c", help="Campaign name.")]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print an error (shop text in it is not read as Rich markup) and give the exit to raise."""
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    return typer.Exit(code)


def open_db(url: str) -> Database:
    try:
        return Database(url)
    except DatabaseError as exc:
        raise fail(str(exc)) from exc
