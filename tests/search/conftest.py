"""Fixtures for search: reports filed and verified at known times, so ties and order are deterministic."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from aduan.reports import lifecycle

T = lifecycle.base.now() - timedelta(days=30)


@pytest.fixture
def publish(world: Any, file_report: Any) -> Any:
    """File a report `minutes` after T and verify it to `institution`; returns the report."""
    verifier = world.actor(world.verifier)

    def go(minutes: int = 0, institution: str = "pemkab-33-26", **fields: Any) -> Any:
        at = T + timedelta(minutes=minutes)
        report = file_report(at=at, **fields).report
        return lifecycle.verify(verifier, report, institution=institution, at=at + timedelta(seconds=30))

    return go
