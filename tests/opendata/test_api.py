"""The same files through the API: `GET /api/v1/export/reports|institutions?format=…` with the API's
filter names; a bad value answers 400 in the API's error shape; staff tokens add nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.test import Client

from aduan.channels import keys

from .conftest import all_text, assert_private, download, read_rows


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "xlsx"])
def test_export_through_the_api(published: Any, fmt: str) -> None:
    response, data = download(Client(), f"/api/v1/export/reports?format={fmt}")
    assert isinstance(response, StreamingHttpResponse)
    assert '<https://creativecommons.org/licenses/by/4.0/>; rel="license"' in response["Link"]
    assert {row["code"] for row in read_rows(fmt, data)} == published.public_codes
    assert_private(all_text(fmt, data), published)


def test_api_filters_and_default_format(published: Any) -> None:
    response, data = download(Client(), "/api/v1/export/reports?region=33.26&since=2025-02-01&until=2025-02-28")
    assert response["Content-Type"].startswith("text/csv")
    assert [row["code"] for row in read_rows("csv", data)] == [published.anonymous.code]
    _response, data = download(
        Client(), "/api/v1/export/reports?format=json&institution=pemkot-33-75&status=in_progress"
    )
    assert [row["code"] for row in read_rows("json", data)] == [published.named.code]
    _response, data = download(Client(), "/api/v1/export/institutions?format=jsonl&classification=aspiration")
    assert [row["institution_code"] for row in read_rows("jsonl", data)] == ["pemkot-33-75"]


def test_staff_token_exports_only_public_reports(published: Any, world: Any) -> None:
    """Oversight reads confidential reports elsewhere; the open data is the same for everyone."""
    for user in (world.oversight, world.verifier):
        secret = keys.create_token(user)[1]
        response = Client().get("/api/v1/export/reports?format=csv", HTTP_AUTHORIZATION=f"Bearer {secret}")
        data = b"".join(response.streaming_content)
        assert {row["code"] for row in read_rows("csv", data)} == published.public_codes
        assert_private(data.decode(), published)


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("format=pdf", "Format “pdf” tidak dikenal"),
        ("since=2025-13-01", "tidak valid"),
        ("since=2025-06-01&until=2025-01-01", "Periode tidak masuk akal"),
        ("region=xx", "tidak dikenal"),
        ("status=archived", "tidak dikenal"),
        ("institution=" + "a" * 5000, "Tidak ada instansi"),
    ],
)
def test_api_bad_filters(world: Any, query: str, words: str) -> None:
    response = Client().get(f"/api/v1/export/reports?{query}")
    assert response.status_code == 400
    data = response.json()
    assert data["error"] == "invalid_filter" and words in data["detail"], data
    assert len(data["detail"]) < 300


def test_openapi_documents_the_exports(world: Any) -> None:
    document = Client().get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/export/reports"]["get"]
    assert {"text/csv", "application/json", "application/jsonl"} <= set(operation["responses"]["200"]["content"])
    assert {p["name"] for p in operation["parameters"]} >= {"format", "since", "until", "region", "institution"}
