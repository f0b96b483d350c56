"""Fixtures for the Open311 tests: an API key of the regency, media in a temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from aduan.channels.keys import create_key


@pytest.fixture(autouse=True)
def _media_and_jurisdiction(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ADUAN_OPEN311_JURISDICTION = "pekalongankab.go.id,aduan"
    settings.BASE_URL = "https://aduan.example.id"


@pytest.fixture
def api_key(world: Any) -> str:
    """A key whose reports land in the regency's queue."""
    _key, secret = create_key("Aplikasi Pekalongan", institution=world.regency)
    return secret


@pytest.fixture
def client() -> Client:
    return Client()
