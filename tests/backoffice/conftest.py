"""Fixtures for the back-office tests: signed-in clients per role and reports in useful states."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from aduan.reports import lifecycle
from aduan.reports.models import Report


@pytest.fixture
def client_for(world: Any) -> Callable[[Any], Client]:
    """A test client signed in as `user` (no second factor: these users have no device)."""

    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def routed(world: Any, file_report: Callable[..., lifecycle.Submission]) -> Callable[..., Report]:
    """A report filed and verified to the regency (or `institution`)."""

    def make(institution: str = "pemkab-33-26", **fields: Any) -> Report:
        report = file_report(**fields).report
        return lifecycle.verify(world.actor(world.verifier), report, institution=institution)

    return make


@pytest.fixture
def assigned(world: Any, routed: Callable[..., Report]) -> Callable[..., Report]:
    """A report routed to the regency and sent on to its Dinas PU."""

    def make(**fields: Any) -> Report:
        report = routed(**fields)
        return lifecycle.assign(world.actor(world.regency_admin), report, institution="pemkab-33-26-dinas-pu")

    return make
