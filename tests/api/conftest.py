"""Fixtures for the JSON API: a client that speaks JSON with an optional bearer token or access token,
tokens for the people of `world`, and a cache emptied between tests (rate-limit counters live there)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from aduan.channels import keys
from tests.conftest import REPORTER

BODY: dict[str, Any] = {
    "classification": "complaint",
    "title": "Jalan berlubang di Desa Bodas",
    "body": "Jalan utama desa berlubang dalam sejak bulan lalu dan membahayakan pengendara.",
    "category": "jalan-rusak",
    "incident_date": "2025-01-15",
    "region_code": "33.26.01.2001",
    "latitude": -7.1,
    "longitude": 109.6,
    "address": "Jalan Raya Bodas km 3",
    "institution": "pemkab-33-26",
    "anonymous": False,
    "confidential": False,
    "reporter": dict(REPORTER),
}


class Api:
    """`Client` with JSON bodies and the API's headers."""

    def __init__(self, client: Client) -> None:
        self.client = client

    @staticmethod
    def _headers(bearer: str | None, access: str | None) -> dict[str, str]:
        headers = {}
        if bearer:
            headers["Authorization"] = f"Bearer {bearer}"
        if access:
            headers["X-Access-Token"] = access
        return headers

    def get(self, path: str, bearer: str | None = None, access: str | None = None, **params: Any) -> Any:
        return self.client.get(path, params, headers=self._headers(bearer, access))

    def post(self, path: str, data: Any = None, bearer: str | None = None, access: str | None = None) -> Any:
        body = json.dumps(data if data is not None else {})
        return self.client.post(path, body, content_type="application/json", headers=self._headers(bearer, access))

    def act(self, code: str, action: str, bearer: str | None = None, access: str | None = None, **payload: Any) -> Any:
        return self.post(f"/api/v1/reports/{code}/actions/{action}", payload, bearer=bearer, access=access)

    def create(self, bearer: str | None = None, **changes: Any) -> Any:
        return self.post("/api/v1/reports", {**BODY, **changes}, bearer=bearer)


@pytest.fixture(autouse=True)
def _api_settings(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    settings.ADUAN_API_RATE = "10000/min"
    settings.ADUAN_API_TOKEN_RATE = "10000/min"
    cache.clear()


@pytest.fixture
def api(client: Client) -> Api:
    return Api(client)


@pytest.fixture
def token(world: Any) -> Any:
    """A bearer token for one of `world`'s people: `token(world.verifier)`."""

    def make(user: Any) -> str:
        return keys.create_token(user)[1]

    return make


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert set(data) >= {"error", "detail"} and data["detail"]
    if code is not None:
        assert data["error"] == code, data
    return data
