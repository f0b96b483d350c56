"""Fixtures for the citizen page tests (the world and `file_report` come from tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _indonesian(settings: Any) -> None:
    settings.LANGUAGE_CODE = "id"
