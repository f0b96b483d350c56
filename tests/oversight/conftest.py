"""Fixtures for the oversight console: signed-in clients and reports with a hand-built history."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from PIL import Image

from aduan.reports import lifecycle
from aduan.reports.models import Report

REASON = "Pemeriksaan dugaan maladministrasi atas pengaduan warga."


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()  # rankings are cached per period


@pytest.fixture
def client_for(world: Any) -> Callable[[Any], Client]:
    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


def photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def start() -> datetime:
    """A Monday morning some weeks ago: the histories below are laid out from it."""
    today = timezone.localdate() - timedelta(days=70)
    monday = today - timedelta(days=today.weekday())
    return timezone.make_aware(datetime.combine(monday, datetime.min.time())) + timedelta(hours=9)


@pytest.fixture
def routed(world: Any, file_report: Callable[..., lifecycle.Submission]) -> Callable[..., Report]:
    """A report filed at `at` and verified to the regency a day later."""

    def make(at: datetime | None = None, institution: str = "pemkab-33-26", **fields: Any) -> Report:
        at = at or timezone.now() - timedelta(days=1)
        report = file_report(at=at, **fields).report
        return lifecycle.verify(
            world.actor(world.verifier), report, institution=institution, at=at + timedelta(hours=2)
        )

    return make
