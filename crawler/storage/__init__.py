"""Storage: SQLModel tables, database URLs and Alembic migrations."""

from crawler.storage.db import Database, DatabaseError, normalise_db_url
from crawler.storage.models import Campaign, Finding, Shop, Visit

__all__ = ["Campaign", "Database", "DatabaseError", "Finding", "Shop", "Visit", "normalise_db_url"]
