"""`/statistik/`, its CSV exports, the institution page and the widget: figures shown, bad input refused
clearly, and nothing of a report's text or a reporter's identity anywhere."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client

from tests.conftest import REPORTER
from tests.stats.conftest import Story

Q1 = "dari=2025-01-01&sampai=2025-03-31"
SECRETS = ["RAHASIA-JUDUL", "RAHASIA-ISI", *REPORTER.values(), "Pungutan liar"]


def _csv(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_national_page_shows_charts_and_figures(client: Client, story: Story) -> None:
    response = client.get(f"/statistik/?{Q1}")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") >= 3  # series, categories, map (and the ranking when ranked)
    assert 'data-chart="series"' in html and 'data-chart="map"' in html and 'data-chart="categories"' in html
    assert "Jawa Tengah" in html
    assert "33,3%" in html  # share answered within 5 working days
    for secret in SECRETS:
        assert secret not in html


@pytest.mark.parametrize("params", ["periode=30", "periode=tahun", "periode=semua", "periode=365", ""])
def test_presets(client: Client, story: Story, params: str) -> None:
    response = client.get(f"/statistik/?{params}")
    assert response.status_code == 200
    assert b'data-chart="series"' in response.content


def test_filters(client: Client, story: Story, world: Any) -> None:
    for params in [
        "instansi=pemkab-33-26",
        "wilayah=33",
        "wilayah=33.26",
        "wilayah=33.26.01",
        "kategori=jalan-rusak",
        "instansi=pemkab-33-26&kategori=jalan-rusak",
    ]:
        response = client.get(f"/statistik/?{Q1}&{params}")
        assert response.status_code == 200, params
        assert b'data-chart="series"' in response.content
        for secret in SECRETS:
            assert secret.encode() not in response.content


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ("dari=2025-13-01", "tidak valid"),
        ("dari=kemarin", "tidak valid"),
        ("dari=1999-12-31&sampai=2001-01-01", "mulai 1 Januari 2000"),
        ("sampai=2999-01-01", "melewati hari ini"),
        ("dari=2001-01-01&sampai=2025-01-01", "paling panjang 20 tahun"),
        ("dari=2025-03-01&sampai=2025-02-01", "Tanggal awal harus sebelum"),
        ("periode=selamanya", "tidak dikenal"),
        ("instansi=tidak-ada", "tidak dikenal"),
        ("wilayah=99.99", "tidak dikenal"),
        ("wilayah=" + "3" * 5000, "terlalu panjang"),
        ("kategori=" + "x" * 10_000, "terlalu panjang"),
    ],
)
def test_bad_input_is_refused_clearly(client: Client, story: Story, params: str, message: str) -> None:
    response = client.get(f"/statistik/?{params}")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert b'data-chart="series"' not in response.content
    assert client.get(f"/statistik/csv/ringkasan.csv?{params}").status_code == 400


def test_csv_exports(client: Client, story: Story) -> None:
    summary = dict(_csv(client.get(f"/statistik/csv/ringkasan.csv?{Q1}")))
    assert summary["diterima"] == "4"
    assert summary["median_hari_kerja_verifikasi"] == "1"
    assert summary["p90_hari_kerja_tanggapan"] == "6"
    assert summary["persen_tepat_waktu"] == "33.33"
    monthly = _csv(client.get(f"/statistik/csv/bulanan.csv?{Q1}"))
    assert monthly == [
        ["bulan", "diterima", "ditanggapi"],
        ["2025-01", "1", "0"],
        ["2025-02", "3", "2"],
        ["2025-03", "0", "0"],
    ]
    regions = _csv(client.get(f"/statistik/csv/wilayah.csv?{Q1}"))
    assert ["33", "Jawa Tengah", "4", "1000000", "0.4"] in regions
    ranking = _csv(client.get(f"/statistik/csv/peringkat.csv?{Q1}"))
    assert ranking[1][1:8] == ["pemkab-33-26", "Pemerintah Kabupaten Pekalongan", "2", "2", "2", "1", "50"]
    assert client.get("/statistik/csv/apa.csv").status_code == 404
    for name in ("ringkasan", "bulanan", "kategori", "wilayah", "peringkat"):
        body = client.get(f"/statistik/csv/{name}.csv?{Q1}").content.decode()
        for secret in SECRETS:
            assert secret not in body


def test_institution_page_and_widget(client: Client, story: Story, world: Any) -> None:
    page = client.get(f"/instansi/{world.regency.slug}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-chart="series"' in html
    assert f"/widget/instansi/{world.regency.slug}/" in html and "&lt;iframe" in html
    assert page.headers["X-Frame-Options"] == "DENY"
    widget = client.get(f"/widget/instansi/{world.regency.slug}/")
    assert widget.status_code == 200
    assert "X-Frame-Options" not in widget.headers
    body = widget.content.decode()
    assert 'data-chart="series"' in body
    # The latest answered public reports: R1 and R2, never the confidential R5.
    assert story.confirmed.code in body and story.silent.code in body
    assert story.secret.code not in body
    for secret in SECRETS:
        assert secret not in body
    assert client.get("/widget/instansi/tidak-ada/").status_code == 404
