"""`/data/laporan.<format>`: each format parses with the standard readers, holds exactly the public
reports with their text redacted, never an identity, a confidential, unverified or archived report; the
licence travels with every file; the response streams."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

import openpyxl
import pytest
from django.http import StreamingHttpResponse
from django.test import Client

from aduan.opendata.schema import INSTITUTION_COLUMNS, REPORT_COLUMNS

from .conftest import all_text, assert_private, body_of, download, read_rows

FORMATS = ["csv", "json", "jsonl", "xlsx"]
LICENCE = '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_holds_exactly_the_public_reports_redacted(published: Any, fmt: str) -> None:
    response, data = download(Client(), f"/data/laporan.{fmt}")
    assert isinstance(response, StreamingHttpResponse)
    assert LICENCE in response["Link"]
    assert 'rel="describedby"' in response["Link"]
    assert response["Content-Disposition"].startswith('attachment; filename="laporan-')
    rows = read_rows(fmt, data)
    assert {row["code"] for row in rows} == published.public_codes
    assert len(rows) == 2
    assert list(rows[0]) == [c.name for c in REPORT_COLUMNS]
    assert_private(all_text(fmt, data), published)

    by_code = {row["code"]: row for row in rows}
    anonymous = by_code[published.anonymous.code]
    assert "[nama disembunyikan]" in anonymous["title"]
    assert "[NIK disembunyikan]" in anonymous["body"]
    assert "[nomor telepon disembunyikan]" in anonymous["body"]
    assert "[email disembunyikan]" in anonymous["body"]
    assert anonymous["global_id"] == str(published.anonymous.global_id)
    assert anonymous["status"] == "completed" and anonymous["status_label"] == "Selesai"
    assert anonymous["closed_how"] == "confirmed"
    assert anonymous["institution_code"] == "pemkab-33-26"
    assert anonymous["region_code"] == "33.26.01.2001" and anonymous["region_name"] == "Bodas"
    assert anonymous["province_code"] == "33" and anonymous["province_name"] == "Jawa Tengah"
    assert anonymous["regency_code"] == "33.26" and anonymous["regency_name"] == "Kabupaten Pekalongan"
    assert anonymous["url"].endswith(f"/laporan/{published.anonymous.code}/")
    named = by_code[published.named.code]
    assert named["unit_code"] == "pemkot-33-75-dinas-pu" and named["institution_code"] == "pemkot-33-75"
    assert named["category_code"] == "saluran" and named["category_name"] == "Saluran Air"
    assert named["classification"] == "aspiration" and named["classification_label"] == "Aspirasi"
    assert named["regency_code"] == "33.75" and named["region_name"] == "Kota Pekalongan"


@pytest.mark.parametrize("fmt", FORMATS)
def test_types_and_working_days(published: Any, fmt: str) -> None:
    _response, data = download(Client(), f"/data/laporan.{fmt}")
    row = {r["code"]: r for r in read_rows(fmt, data)}[published.anonymous.code]
    empty = None if fmt in ("json", "jsonl", "xlsx") else ""
    number = (lambda n: n) if fmt != "csv" else str
    # Submitted Monday 3 February 2025, verified Wednesday 5th; routed on the 5th, answered Monday 10th.
    assert row["working_days_to_verify"] == number(2)
    assert row["working_days_to_first_response"] == number(3)
    assert row["support_count"] == number(0)
    named = {r["code"]: r for r in read_rows(fmt, data)}[published.named.code]
    assert named["first_response_at"] == empty and named["working_days_to_first_response"] == empty
    if fmt == "xlsx":
        assert row["submitted_at"] == datetime(2025, 2, 3, 9, 0)
    else:
        assert row["submitted_at"] == "2025-02-03T09:00:00+07:00"
        assert row["closed_at"] == "2025-02-11T09:00:00+07:00"


def test_json_document_carries_licence_and_filters(published: Any) -> None:
    import json

    _response, data = download(Client(), "/data/laporan.json?wilayah=33.26")
    document = json.loads(data)
    assert document["license"] == "CC-BY-4.0"
    assert document["license_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert document["filters"] == {"wilayah": "33.26"}
    assert document["columns"] == [c.name for c in REPORT_COLUMNS]
    assert document["count"] == 1 and document["data"][0]["code"] == published.anonymous.code


def test_xlsx_has_a_licence_sheet(published: Any) -> None:
    _response, data = download(Client(), "/data/laporan.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames == ["laporan", "keterangan"]
    about = "\n".join(str(v) for line in book["keterangan"].iter_rows(values_only=True) for v in line if v)
    book.close()
    assert "CC-BY-4.0" in about and "https://creativecommons.org/licenses/by/4.0/" in about
    assert all(c.name in about for c in REPORT_COLUMNS)


def test_csv_formula_guard(world: Any, file_report: Any) -> None:
    report = file_report(title="=HYPERLINK(“http://contoh.id”) jalan rusak", body="-1 lampu padam di RT 2").report
    from aduan.reports import lifecycle

    lifecycle.verify(world.actor(world.verifier), report, institution="pemkab-33-26")
    _response, data = download(Client(), "/data/laporan.csv")
    (row,) = csv.DictReader(io.StringIO(data.decode(), newline=""))
    assert row["title"].startswith("'=HYPERLINK") and row["body"] == "'-1 lampu padam di RT 2"
    _response, data = download(Client(), "/data/laporan.xlsx")
    (row,) = read_rows("xlsx", data)
    assert row["title"].startswith("=HYPERLINK")  # a string cell, never a formula: kept as written


def test_empty_export_is_a_valid_file(world: Any) -> None:
    for fmt in FORMATS:
        _response, data = download(Client(), f"/data/laporan.{fmt}")
        assert read_rows(fmt, data) == []
    _response, data = download(Client(), "/data/laporan.csv")
    assert data.decode().strip() == ",".join(c.name for c in REPORT_COLUMNS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_institution_summary(published: Any, world: Any, file_report: Any, fmt: str) -> None:
    from aduan.reports import lifecycle

    # A second public report for the regency, still open.
    extra = file_report(title="Jembatan retak di Kandangserang", body="Jembatan desa retak dan miring.").report
    lifecycle.verify(world.actor(world.verifier), extra, institution="pemkab-33-26")
    response, data = download(Client(), f"/data/instansi.{fmt}")
    assert LICENCE in response["Link"]
    all_rows = read_rows(fmt, data)
    assert list(all_rows[0]) == [c.name for c in INSTITUTION_COLUMNS]
    rows = {r["institution_code"]: r for r in all_rows}
    assert set(rows) == {"pemkab-33-26", "pemkot-33-75"}  # the confidential one counts nowhere
    number = (lambda n: n) if fmt != "csv" else str
    regency, city = rows["pemkab-33-26"], rows["pemkot-33-75"]
    assert regency["reports"] == number(2) and regency["completed"] == number(1)
    assert regency["completed_confirmed"] == number(1) and regency["completed_by_silence"] == number(0)
    assert regency["responded"] == number(1) and regency["in_progress"] == number(1)
    assert city["reports"] == number(1) and city["in_progress"] == number(1)  # held by its unit
    assert regency["url"].endswith("/instansi/pemkab-33-26/")
    assert all_rows[0]["institution_code"] == "pemkab-33-26"  # busiest first


def test_unknown_file_is_404(world: Any) -> None:
    for url in ["/data/laporan.pdf", "/data/rahasia.csv"]:
        response = Client().get(url)
        assert response.status_code == 404
        assert "/data/" in response.content.decode()


def test_bounded_queries(published: Any, django_assert_max_num_queries: Any) -> None:
    """Reference tables once, then the cursor: the same few queries for 2 reports or 2 million."""
    with django_assert_max_num_queries(12):
        body_of(Client().get("/data/laporan.csv"))


def test_data_page_links_every_file_and_the_schema(published: Any) -> None:
    from tests.public.helpers import assert_accessible_html

    from .conftest import assert_private as private

    response = Client().get("/data/")
    html = response.content.decode()
    for dataset in ("laporan", "instansi"):
        for fmt in FORMATS:
            assert f'href="/data/{dataset}.{fmt}"' in html
    assert 'id="skema"' in html
    assert all(f"<code>{c.name}</code>" in html for c in (*REPORT_COLUMNS, *INSTITUTION_COLUMNS))
    assert 'rel="license"' in html and "CC BY 4.0" in html
    private(html, published)
    assert_accessible_html(html)


def test_docs_describe_every_column() -> None:
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "open-data.md").read_text()
    for column in (*REPORT_COLUMNS, *INSTITUTION_COLUMNS):
        assert f"`{column.name}`" in docs, column.name
    assert "CC BY 4.0" in docs
