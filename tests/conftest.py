"""Shared fixtures: databases, the fake web, and a Chromium to drive."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.storage import Database

POSTGRES_URL = os.environ.get(
    "CHATSHOPPER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
)


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    db = Database(str(tmp_path / "chatshopper.db"))
    yield db
    db.dispose()


@pytest.fixture
def postgres_db() -> Iterator[Database]:
    """A fresh schema in the local PostgreSQL, dropped afterwards."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    base = POSTGRES_URL
    try:
        with psycopg.connect(base, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
    except psycopg.OperationalError as exc:  # pragma: no cover - depends on the machine
        pytest.fail(f"PostgreSQL at {base} is not reachable: {exc}")
    sep = "&" if "?" in base else "?"
    db = Database(f"{base}{sep}options=-csearch_path%3D{schema}")
    yield db
    db.dispose()
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgres"])
def any_db(request: pytest.FixtureRequest) -> Database:
    """The same test against SQLite and PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_db")
