"""The tables: a shop, a campaign, one visit per shop and campaign, findings per visit.

Schema changes ship as Alembic migrations in ``migrations/versions``; monthly
history must survive upgrades, so never edit a released migration.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Shop(SQLModel, table=True):
    """A shop, identified by its normalised origin (``https://www.example.ee``)."""

    id: int | None = Field(default=None, primary_key=True)
    origin: str = Field(index=True, unique=True, max_length=300)
    url: str = Field(max_length=2000)
    name: str = Field(default="", max_length=500)
    country: str = Field(default="", max_length=2)
    category: str = Field(default="", max_length=200)
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    extra: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class Campaign(SQLModel, table=True):
    """One run over a shop list: its settings and the versions that produced it."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    shop_list: str = Field(default="", max_length=2000)
    tool_version: str = Field(default="", max_length=50)
    schema_version: int = 1
    rubric_version: str | None = Field(default=None, max_length=50)
    config: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Visit(SQLModel, table=True):
    """One shop in one campaign. ``state`` says whether it is done; ``status`` how it ended."""

    __table_args__ = (UniqueConstraint("campaign_id", "shop_id", name="uq_visit_campaign_shop"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    shop_id: int = Field(foreign_key="shop.id", index=True)
    # The row of the shop list as given for this campaign (names and categories drift).
    start_url: str = Field(max_length=2000)
    name: str = Field(default="", max_length=500)
    country: str = Field(default="", max_length=2)
    category: str = Field(default="", max_length=200)
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    state: str = Field(default="pending", index=True, max_length=20)  # pending|running|done
    status: str | None = Field(default=None, max_length=20)  # one of VISIT_STATUSES when done
    error: str | None = None
    http_status: int | None = None
    final_url: str | None = Field(default=None, max_length=2000)
    attempts: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    duration_ms: int | None = None
    evidence_path: str | None = Field(default=None, max_length=2000)


class Finding(SQLModel, table=True):
    """One probe's judgement of one visit, with the evidence that led to it."""

    __table_args__ = (UniqueConstraint("visit_id", "probe", name="uq_finding_visit_probe"),)

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id", index=True)
    probe: str = Field(max_length=50)
    probe_version: str = Field(default="1", max_length=20)
    outcome: str = Field(default="ok", max_length=20)  # ok|not_applicable|error
    value: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    evidence: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
