"""One export as an HTTP response, for `/data/<dataset>.<format>` and `/api/v1/export/<dataset>`.

The response is a StreamingHttpResponse (FileResponse for XLSX, streaming the finished temporary file)
that carries the licence (`Link: <…/by/4.0/>; rel="license"`) and a link to the schema
(`rel="describedby"`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from aduan.opendata import rows, writers
from aduan.opendata.filters import ExportQuery
from aduan.opendata.schema import INSTITUTIONS, LICENCE, LICENCE_URL, REPORTS, Dataset

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "jsonl": "application/jsonl; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SCHEMA_PATH = "/data/#skema"
ATTRIBUTION = "Sumber: {name}, data laporan publik, CC BY 4.0"


def dataset_rows(dataset: Dataset, query: ExportQuery) -> Iterator[tuple[Any, ...]]:
    if dataset is REPORTS:
        return rows.reports(query)
    if dataset is INSTITUTIONS:
        return rows.institutions(query)
    raise ValueError(dataset.slug)


def metadata(dataset: Dataset, query: ExportQuery) -> dict[str, Any]:
    base = settings.BASE_URL
    return {
        "dataset": dataset.slug,
        "title": str(dataset.title),
        "license": LICENCE,
        "license_url": LICENCE_URL,
        "attribution": ATTRIBUTION.format(name=settings.INSTANCE_NAME),
        "source": f"{base}/data/",
        "schema": f"{base}{SCHEMA_PATH}",
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "filters": query.shown,
    }


def response(dataset: Dataset, fmt: str, query: ExportQuery) -> StreamingHttpResponse:
    """`fmt` is one of FORMATS (checked by the caller)."""
    found = dataset_rows(dataset, query)
    if fmt == "csv":
        answer = StreamingHttpResponse(writers.csv_pieces(dataset, found), content_type=FORMATS[fmt])
    elif fmt == "json":
        answer = StreamingHttpResponse(
            writers.json_pieces(dataset, found, metadata(dataset, query)), content_type=FORMATS[fmt]
        )
    elif fmt == "jsonl":
        answer = StreamingHttpResponse(writers.jsonl_pieces(dataset, found), content_type=FORMATS[fmt])
    else:
        built = writers.xlsx_file(dataset, found, metadata(dataset, query))
        answer = FileResponse(built, content_type=FORMATS[fmt])
        answer.block_size = writers.PIECE
    stamp = timezone.localdate().strftime("%Y%m%d")
    answer["Content-Disposition"] = f'attachment; filename="{dataset.slug}-{stamp}.{fmt}"'
    answer["Link"] = f'<{LICENCE_URL}>; rel="license", <{settings.BASE_URL}{SCHEMA_PATH}>; rel="describedby"'
    answer["X-Content-Type-Options"] = "nosniff"
    # Ask a proxy in front (nginx) to pass the pieces on as they come instead of buffering the file.
    answer["X-Accel-Buffering"] = "no"
    answer["Cache-Control"] = "public, max-age=300"
    return answer
