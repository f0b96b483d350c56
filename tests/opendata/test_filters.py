"""The filters of the public list, on every file: period, institution (with its units), region at any level,
category (with its subcategories), classification, status; bad input answers 400 in Indonesian."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from .conftest import download, read_rows


def codes(url: str) -> set[str]:
    _response, data = download(Client(), url)
    return {row["code"] for row in read_rows("csv", data)}


def test_filters(published: Any) -> None:
    anonymous, named = published.anonymous.code, published.named.code
    both = {anonymous, named}
    assert codes("/data/laporan.csv") == both
    # Region at every level: province, regency, district, village; the city is another regency.
    assert codes("/data/laporan.csv?wilayah=33") == both
    assert codes("/data/laporan.csv?wilayah=33.26") == {anonymous}
    assert codes("/data/laporan.csv?wilayah=33.26.01") == {anonymous}
    assert codes("/data/laporan.csv?wilayah=33.26.01.2001") == {anonymous}
    assert codes("/data/laporan.csv?wilayah=33.75") == {named}
    # Institution with its units: the city's report is held by its Dinas PU.
    assert codes("/data/laporan.csv?instansi=pemkot-33-75") == {named}
    assert codes("/data/laporan.csv?instansi=pemkot-33-75-dinas-pu") == {named}
    assert codes("/data/laporan.csv?instansi=pemprov-33") == both
    assert codes("/data/laporan.csv?instansi=kemen-pu") == set()
    assert codes("/data/laporan.csv?kategori=saluran") == {named}
    assert codes("/data/laporan.csv?kategori=jalan-rusak") == {anonymous}
    assert codes("/data/laporan.csv?klasifikasi=aspiration") == {named}
    assert codes("/data/laporan.csv?status=completed") == {anonymous}
    assert codes("/data/laporan.csv?status=in_progress") == {named}
    # Period, by submission date, both ends included (Jakarta time).
    assert codes("/data/laporan.csv?dari=2025-02-03&sampai=2025-02-03") == {anonymous}
    assert codes("/data/laporan.csv?dari=2025-02-04") == {named}
    assert codes("/data/laporan.csv?sampai=2025-06-01") == {anonymous}
    assert codes("/data/laporan.csv?dari=2025-06-02&sampai=2025-06-02") == {named}
    # Combined, and on the summary.
    assert codes("/data/laporan.csv?wilayah=33&klasifikasi=complaint&dari=2025-01-01") == {anonymous}
    _response, data = download(Client(), "/data/instansi.json?wilayah=33.75")
    assert [row["institution_code"] for row in read_rows("json", data)] == ["pemkot-33-75"]


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("dari=31-01-2025", "TTTT-BB-HH"),
        ("dari=2025-02-30", "tidak valid"),
        ("sampai=besok", "tidak valid"),
        ("dari=2025-06-01&sampai=2025-01-01", "Periode tidak masuk akal"),
        ("dari=1900-01-01", "di luar jangkauan"),
        ("sampai=9999-12-31", "di luar jangkauan"),
        ("wilayah=99.99", "Kode wilayah “99.99” tidak dikenal"),
        ("wilayah=33;DROP", "tidak dikenal"),
        ("instansi=tidak-ada", "Tidak ada instansi dengan kode “tidak-ada”"),
        ("kategori=tidak-ada", "Tidak ada kategori"),
        ("klasifikasi=keluhan", "Klasifikasi “keluhan” tidak dikenal"),
        ("status=archived", "Status “archived” tidak dikenal"),
        ("instansi=" + "x" * 10_000, "Tidak ada instansi"),
    ],
)
def test_bad_filters_answer_400_in_indonesian(world: Any, query: str, words: str) -> None:
    for fmt in ("csv", "xlsx"):
        response = Client().get(f"/data/laporan.{fmt}?{query}")
        assert response.status_code == 400
        text = response.content.decode()
        assert words in text, text
        assert len(text) < 400  # a 10,000-character value is not echoed back
        assert response["Content-Type"].startswith("text/plain")


def test_unknown_parameters_are_ignored(published: Any) -> None:
    assert codes("/data/laporan.csv?utm_source=berita&halaman=3") == published.public_codes


def test_only_get(world: Any) -> None:
    assert Client().post("/data/laporan.csv").status_code == 405
