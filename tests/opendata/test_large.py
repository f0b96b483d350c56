"""A large-ish export: 3,000 public reports (made with bulk inserts, each with an encrypted identity whose
name is in its text) come out whole in every format, redacted, with a bounded number of queries."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aduan.core import crypto
from aduan.reports.models import Report, ReporterIdentity, Status

from .conftest import at, download, read_rows

COUNT = 3000


@pytest.fixture
def many(world: Any) -> list[str]:
    start = at("2024-01-01")
    identities = ReporterIdentity.objects.bulk_create(
        [
            ReporterIdentity(sealed=crypto.encrypt_json({"name": f"Warga Nomor{i:05d}", "phone": f"0812{i:08d}"}))
            for i in range(COUNT)
        ]
    )
    reports = [
        Report(
            code=f"X{i:07d}"[:9],
            global_id=uuid.uuid4(),
            classification="complaint",
            title=f"Jalan rusak nomor {i}",
            body=f"Saya Warga Nomor{i:05d} (0812{i:08d}) melaporkan jalan rusak nomor {i}.",
            category=world.category,
            region_id="33.26.01.2001",
            anonymous=i % 2 == 0,
            confidential=i % 10 == 9,  # 300 confidential: never in the file
            reporter=identity,
            status=Status.IN_PROGRESS,
            institution=world.regency,
            submitted_at=start + timedelta(minutes=i),
            verified_at=start + timedelta(minutes=i, hours=2),
            dispositioned_at=start + timedelta(minutes=i, hours=2),
            last_hash="0" * 64,
        )
        for i, identity in enumerate(identities)
    ]
    Report.objects.bulk_create(reports, batch_size=500)
    return [r.code for r in reports if not r.confidential]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json", "xlsx"])
def test_large_export(many: list[str], fmt: str) -> None:
    with CaptureQueriesContext(connection) as queries:
        _response, data = download(Client(), f"/data/laporan.{fmt}")
    rows = read_rows(fmt, data)
    assert [row["code"] for row in rows] == many  # oldest first, every public one, nothing else
    assert len(rows) == COUNT - COUNT // 10
    text = data.decode() if fmt != "xlsx" else "\n".join(f"{r['title']} {r['body']}" for r in rows)
    assert "Nomor0" not in text and "Warga Nomor" not in text
    assert "0812000" not in text
    assert "[nama disembunyikan]" in rows[0]["body"]
    # Reference tables and the cursor's chunks: not a query per row.
    assert len(queries) < 20, [q["sql"][:80] for q in queries.captured_queries]
