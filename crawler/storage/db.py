"""Database access: URLs, migrations, and the few operations a campaign needs.

SQLite is the default (one file, nothing to run); PostgreSQL is used by URL,
and is what the distributed mode needs. Every write that finishes a visit is
one transaction, so a killed process leaves either the whole visit or none.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, func, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlmodel import Session, col, create_engine, select

from crawler.storage.models import Campaign, Finding, Shop, Visit, utcnow

MIGRATIONS = Path(__file__).parent / "migrations"
DEFAULT_DB = "chatshopper.db"


class DatabaseError(Exception):
    """A database URL that cannot be used, or a database that cannot be reached."""


def normalise_db_url(value: str) -> str:
    """Turn what a user typed (a file name or a URL) into a SQLAlchemy URL."""
    value = value.strip()
    if not value:
        raise DatabaseError("empty --db value")
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser()}"
    if value.startswith(("postgres://", "postgresql://")):
        value = "postgresql+psycopg://" + value.split("://", 1)[1]
    try:
        url = make_url(value)
    except ArgumentError as exc:
        raise DatabaseError(f"--db {value!r} is not a database URL: {exc}") from exc
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseError(
            f"--db {value!r}: only SQLite files and postgresql:// URLs are supported"
        )
    return value


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets reports read while a crawl writes; a busy timeout rides out short locks.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@dataclass(frozen=True)
class ShopEntry:
    """What the storage needs of a shop-list row."""

    origin: str
    url: str
    name: str = ""
    country: str = ""
    category: str = ""
    tags: tuple[str, ...] = ()
    extra: dict[str, str] | None = None


class Database:
    """One database, migrated to the newest schema on open."""

    def __init__(self, url: str = DEFAULT_DB, *, migrate: bool = True) -> None:
        self.url = normalise_db_url(url)
        if self.url.startswith("sqlite:///"):
            db_path = Path(self.url.removeprefix("sqlite:///"))
            if str(db_path) not in ("", ":memory:"):
                db_path.parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(self.url, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        if migrate:
            self.upgrade()

    # -- schema ------------------------------------------------------------------------

    def _alembic_config(self) -> Config:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        return config

    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema up to ``revision`` (newest by default)."""
        config = self._alembic_config()
        try:
            with self.engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
        except OperationalError as exc:
            raise DatabaseError(f"cannot open database {self.safe_url}: {exc.orig}") from exc

    def current_revision(self) -> str | None:
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def head_revision(self) -> str | None:
        return ScriptDirectory.from_config(self._alembic_config()).get_current_head()

    @property
    def safe_url(self) -> str:
        """The URL with any password hidden, for messages and reports."""
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()

    # -- campaigns and shops -------------------------------------------------------------

    def get_campaign(self, name: str) -> Campaign | None:
        with self.session() as session:
            return session.exec(select(Campaign).where(Campaign.name == name)).first()

    def require_campaign(self, name: str) -> Campaign:
        campaign = self.get_campaign(name)
        if campaign is None:
            known = ", ".join(c.name for c in self.campaigns()) or "none yet"
            raise DatabaseError(f"no campaign named {name!r} in {self.safe_url} (known: {known})")
        return campaign

    def campaigns(self) -> list[Campaign]:
        with self.session() as session:
            return list(session.exec(select(Campaign).order_by(col(Campaign.created_at))).all())

    def open_campaign(
        self, name: str, *, shop_list: str, tool_version: str, config: dict[str, Any]
    ) -> Campaign:
        """Create the campaign, or return it as it is when it exists (a resumed run)."""
        with self.session() as session:
            campaign = session.exec(select(Campaign).where(Campaign.name == name)).first()
            if campaign is None:
                campaign = Campaign(
                    name=name, shop_list=shop_list, tool_version=tool_version, config=config
                )
                session.add(campaign)
            if campaign.started_at is None:
                campaign.started_at = utcnow()
            campaign.finished_at = None
            session.commit()
            session.refresh(campaign)
            return campaign

    def finish_campaign(self, campaign_id: int) -> None:
        with self.session() as session:
            campaign = session.get(Campaign, campaign_id)
            if campaign is not None:
                campaign.finished_at = utcnow()
                session.commit()

    def add_shops(self, campaign_id: int, entries: Iterable[ShopEntry]) -> int:
        """Store the shops and give each one a pending visit; returns how many are new."""
        added = 0
        with self.session() as session:
            for entry in entries:
                shop = session.exec(select(Shop).where(Shop.origin == entry.origin)).first()
                if shop is None:
                    shop = Shop(origin=entry.origin, url=entry.url)
                    session.add(shop)
                shop.url = entry.url
                shop.name = entry.name or shop.name
                shop.country = entry.country or shop.country
                shop.category = entry.category or shop.category
                shop.tags = sorted(set(shop.tags) | set(entry.tags))
                shop.extra = {**shop.extra, **(entry.extra or {})}
                session.flush()
                assert shop.id is not None
                visit = session.exec(
                    select(Visit).where(Visit.campaign_id == campaign_id, Visit.shop_id == shop.id)
                ).first()
                if visit is None:
                    session.add(
                        Visit(
                            campaign_id=campaign_id,
                            shop_id=shop.id,
                            start_url=entry.url,
                            name=entry.name,
                            country=entry.country,
                            category=entry.category,
                            tags=list(entry.tags),
                        )
                    )
                    added += 1
            session.commit()
        return added

    # -- visits --------------------------------------------------------------------------

    def release_running(self, campaign_id: int) -> int:
        """Visits left ``running`` by a killed process go back to ``pending``."""
        with self.session() as session:
            result = session.exec(  # type: ignore[call-overload]
                update(Visit)
                .where(col(Visit.campaign_id) == campaign_id, col(Visit.state) == "running")
                .values(state="pending")
            )
            session.commit()
            return int(result.rowcount or 0)

    def unfinished_visits(self, campaign_id: int) -> list[tuple[Visit, Shop]]:
        with self.session() as session:
            rows = session.exec(
                select(Visit, Shop)
                .join(Shop, col(Shop.id) == col(Visit.shop_id))
                .where(Visit.campaign_id == campaign_id, Visit.state != "done")
                .order_by(col(Visit.id))
            ).all()
            return [(visit, shop) for visit, shop in rows]

    def visits(self, campaign_id: int) -> list[tuple[Visit, Shop]]:
        with self.session() as session:
            rows = session.exec(
                select(Visit, Shop)
                .join(Shop, col(Shop.id) == col(Visit.shop_id))
                .where(Visit.campaign_id == campaign_id)
                .order_by(col(Shop.origin))
            ).all()
            return [(visit, shop) for visit, shop in rows]

    def mark_running(self, visit_id: int) -> None:
        with self.session() as session:
            visit = session.get(Visit, visit_id)
            if visit is None:
                raise DatabaseError(f"visit {visit_id} vanished")
            visit.state = "running"
            visit.attempts += 1
            visit.started_at = utcnow()
            session.commit()

    def release_visit(self, visit_id: int) -> None:
        """Put an interrupted visit back in the queue; its partial evidence will be redone."""
        with self.session() as session:
            visit = session.get(Visit, visit_id)
            if visit is not None and visit.state != "done":
                visit.state = "pending"
                session.commit()

    def finish_visit(
        self,
        visit_id: int,
        *,
        status: str,
        error: str | None,
        http_status: int | None,
        final_url: str | None,
        evidence_path: str | None,
        started_at: datetime,
        finished_at: datetime,
        findings: Iterable[Finding] = (),
    ) -> None:
        """Record how a visit ended, and its findings, in one transaction."""
        with self.session() as session:
            visit = session.get(Visit, visit_id)
            if visit is None:
                raise DatabaseError(f"visit {visit_id} vanished")
            visit.state = "done"
            visit.status = status
            visit.error = error
            visit.http_status = http_status
            visit.final_url = final_url
            visit.evidence_path = evidence_path
            visit.started_at = started_at
            visit.finished_at = finished_at
            visit.duration_ms = int((finished_at - started_at).total_seconds() * 1000)
            for finding in findings:
                self._replace_finding(session, visit_id, finding)
            session.commit()

    def save_findings(self, visit_id: int, findings: Iterable[Finding]) -> None:
        with self.session() as session:
            for finding in findings:
                self._replace_finding(session, visit_id, finding)
            session.commit()

    @staticmethod
    def _replace_finding(session: Session, visit_id: int, finding: Finding) -> None:
        old = session.exec(
            select(Finding).where(Finding.visit_id == visit_id, Finding.probe == finding.probe)
        ).first()
        if old is not None:
            session.delete(old)
            session.flush()
        finding.visit_id = visit_id
        session.add(finding)

    def findings(self, campaign_id: int) -> list[tuple[Visit, Finding]]:
        with self.session() as session:
            rows = session.exec(
                select(Visit, Finding)
                .join(Finding, col(Finding.visit_id) == col(Visit.id))
                .where(Visit.campaign_id == campaign_id)
            ).all()
            return [(visit, finding) for visit, finding in rows]

    def status_counts(self, campaign_id: int) -> dict[str, int]:
        """Counts of finished visits by status, plus ``pending`` for the unfinished."""
        with self.session() as session:
            rows = session.exec(
                select(Visit.state, Visit.status, func.count())
                .where(Visit.campaign_id == campaign_id)
                .group_by(Visit.state, Visit.status)
            ).all()
        counts: dict[str, int] = {}
        for state, status, count in rows:
            key = status if state == "done" and status else "pending"
            counts[key] = counts.get(key, 0) + int(count)
        return counts
