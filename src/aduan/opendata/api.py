"""The open data through the JSON API: `GET /api/v1/export/reports` and `/api/v1/export/institutions`
(operations declared in `aduan.channels.api.api`, which call `export` here). The filters take the API's
English names (since, until, institution, region, category, classification, status); a bad one answers 400
in the API's error shape. What anybody gets is the public dataset: a token changes nothing here."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext as _

from aduan.channels.api.auth import ApiError
from aduan.opendata import export as exporting
from aduan.opendata.filters import API_NAMES, BadFilter, parse
from aduan.opendata.schema import DATASETS, INSTITUTIONS, REPORTS, Dataset

FORMAT_NAMES = tuple(exporting.FORMATS)


def export(request: HttpRequest, dataset: str, fmt: str | None) -> HttpResponseBase:
    chosen = DATASETS[dataset]
    fmt = (fmt or "csv").strip().lower()
    if fmt not in exporting.FORMATS:
        raise ApiError(
            400,
            "invalid_filter",
            _("Format “%(value)s” tidak dikenal; pilih salah satu dari: %(choices)s.")
            % {"value": fmt[:20], "choices": ", ".join(FORMAT_NAMES)},
        )
    try:
        query = parse(request.GET, API_NAMES)
    except BadFilter as problem:
        raise ApiError(400, "invalid_filter", problem.message) from None
    return exporting.response(chosen, fmt, query)


def _columns(dataset: Dataset) -> dict[str, Any]:
    kinds = {"integer": {"type": ["integer", "null"]}, "datetime": {"type": ["string", "null"], "format": "date-time"}}
    return {
        "type": "object",
        "properties": {
            c.name: {**kinds.get(c.type, {"type": ["string", "null"]}), "description": c.doc} for c in dataset.columns
        },
    }


def openapi(dataset: Dataset) -> dict[str, Any]:
    """The 200 answer of an export operation, in each format (for the OpenAPI document)."""
    row = _columns(dataset)
    return {
        "responses": {
            "200": {
                "description": (
                    f"The {dataset.api_name} dataset (schema: /data/#skema), licensed CC BY 4.0 "
                    '(header `Link: <https://creativecommons.org/licenses/by/4.0/>; rel="license"`). '
                    "csv: RFC 4180, UTF-8, header line; json: one document with metadata and `data`, an "
                    "array of rows; jsonl: one row a line; xlsx: a workbook."
                ),
                "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    "application/json": {
                        "schema": {"type": "object", "properties": {"data": {"type": "array", "items": row}}}
                    },
                    "application/jsonl": {"schema": row},
                    exporting.FORMATS["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
                },
            }
        }
    }


REPORTS_OPENAPI = openapi(REPORTS)
INSTITUTIONS_OPENAPI = openapi(INSTITUTIONS)
