"""Fixtures for the report tests (helpers live in `helpers.py`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from aduan.reports import lifecycle

from .helpers import Steps


@pytest.fixture
def steps(world: Any, file_report: Callable[..., lifecycle.Submission]) -> Steps:
    return Steps(world, file_report)
