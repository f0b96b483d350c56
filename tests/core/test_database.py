"""The embedded default runs SQLite in WAL mode with a busy timeout; PostgreSQL uses Django's pool."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.mark.django_db
def test_database_is_configured_for_concurrent_use() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] >= 5000
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
            assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        else:
            assert connection.vendor == "postgresql"
            assert connection.settings_dict["OPTIONS"].get("pool")
            assert connection.pool is not None
            cursor.execute("SELECT 1")
            assert cursor.fetchone()[0] == 1
