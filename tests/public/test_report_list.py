"""`/laporan/`: only public reports, newest first, 20 a page; every filter; bad input answered with a
message (never a 500, never an unbounded query); a bounded number of queries whatever the page holds."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aduan.institutions.models import Region
from aduan.reports import lifecycle
from aduan.reports.models import Category

from .helpers import IDENTITY, assert_accessible_html, assert_private, get_html

T = lifecycle.base.now() - timedelta(days=30)


@pytest.fixture
def publish(world: Any, file_report: Any) -> Any:
    """File a report `minutes` after T and verify it to `institution`; returns the report."""
    verifier = world.actor(world.verifier)

    def go(minutes: int = 0, institution: str = "pemkab-33-26", **fields: Any) -> Any:
        at = T + timedelta(minutes=minutes)
        report = file_report(at=at, **fields).report
        return lifecycle.verify(verifier, report, institution=institution, at=at + timedelta(seconds=30))

    return go


def codes(response: Any) -> list[str]:
    return [row.code for row in response.context["rows"]]


def test_only_public_reports_newest_first(world, file_report, publish) -> None:
    older = publish(0, title="Trotoar rusak di alun-alun")
    newer = publish(10, title="Drainase tersumbat di jalan raya")
    secret = file_report(at=T, confidential=True).report
    lifecycle.verify(world.actor(world.verifier), secret, institution="pemkab-33-26", at=T + timedelta(minutes=1))
    unverified = file_report(at=T + timedelta(minutes=20)).report
    page = Client().get("/laporan/")
    assert page.status_code == 200
    assert codes(page) == [newer.code, older.code]
    html = page.content.decode()
    assert secret.code not in html and unverified.code not in html
    row = page.context["rows"][0]
    assert (row.title, row.status_label, row.holder) == (
        "Drainase tersumbat di jalan raya",
        "Belum ditindaklanjuti",
        "Pemerintah Kabupaten Pekalongan",
    )
    assert row.place == "Bodas, Kabupaten Pekalongan"
    assert row.support_count == 0
    for text in (
        newer.code,
        "Drainase tersumbat di jalan raya",
        "Belum ditindaklanjuti",
        "Bodas, Kabupaten Pekalongan",
    ):
        assert text in html
    assert f'href="/laporan/{newer.code}/"' in html


def test_twenty_a_page(world, publish) -> None:
    made = [publish(i).code for i in range(23)][::-1]
    client = Client()
    first = client.get("/laporan/")
    assert codes(first) == made[:20]
    assert "halaman=2" in first.content.decode()
    second = client.get("/laporan/", {"halaman": "2"})
    assert codes(second) == made[20:]
    assert not second.context["page_message"]


@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5", "9" * 10_000, "２x"])
def test_a_bad_page_number_shows_page_one_with_a_message(world, publish, value: str) -> None:
    publish()
    page = Client().get("/laporan/", {"halaman": value})
    assert page.status_code == 200
    assert page.context["page"].number == 1
    assert "tidak valid" in page.context["page_message"]
    assert "tidak valid" in page.content.decode()


def test_a_page_past_the_end_shows_the_last_page(world, publish) -> None:
    for i in range(21):
        publish(i)
    page = Client().get("/laporan/", {"halaman": "99"})
    assert page.status_code == 200
    assert page.context["page"].number == 2
    assert "Halaman 99 tidak ada" in page.context["page_message"]


def test_search_in_public_title_and_body(world, publish) -> None:
    in_title = publish(0, title="Banjir rob di Wonokerto")
    in_body = publish(1, title="Air laut masuk rumah", body="Setiap pasang, banjir ROB merendam rumah warga pesisir.")
    publish(2, title="Jalan berlubang")
    page = Client().get("/laporan/", {"q": "  banjir   rob "})
    assert sorted(codes(page)) == sorted([in_title.code, in_body.code])
    assert page.context["criteria"].q == "banjir rob"
    assert 'value="banjir rob"' in page.content.decode()


def test_search_never_finds_an_anonymous_reporter_by_name(sensitive) -> None:
    for term in (IDENTITY["name"], IDENTITY["phone"], IDENTITY["nik"], IDENTITY["email"]):
        page = Client().get("/laporan/", {"q": term})
        assert sensitive.anonymous.code not in codes(page), term


def test_institution_filter_includes_its_units(world, publish) -> None:
    admin = world.actor(world.regency_admin)
    at_regency = publish(0)
    at_unit = publish(1)
    lifecycle.assign(admin, at_unit, institution="pemkab-33-26-dinas-pu")
    at_city = publish(2, institution="pemkot-33-75", region="33.75")
    client = Client()
    assert sorted(codes(client.get("/laporan/", {"instansi": "pemkab-33-26"}))) == sorted(
        [at_regency.code, at_unit.code]
    )
    assert codes(client.get("/laporan/", {"instansi": "pemkab-33-26-dinas-pu"})) == [at_unit.code]
    assert codes(client.get("/laporan/", {"instansi": "pemkot-33-75"})) == [at_city.code]
    assert sorted(codes(client.get("/laporan/", {"instansi": "pemprov-33"}))) == sorted(
        [at_regency.code, at_unit.code, at_city.code]
    )
    page = client.get("/laporan/", {"instansi": "pemkab-33-26-dinas-pu"})
    assert "Dinas PU Kabupaten Pekalongan" in page.content.decode()
    assert page.context["rows"][0].holder == "Dinas PU Kabupaten Pekalongan"


def test_region_filter_is_a_code_prefix(world, publish) -> None:
    Region.objects.create(code="33.26.02", name="Paninggaran", level=3, parent_id="33.26")
    village = publish(0, region="33.26.01.2001")
    district = publish(1, region="33.26.02")
    city = publish(2, region="33.75", institution="pemkot-33-75")
    client = Client()

    def found(code: str) -> list[str]:
        page = client.get("/laporan/", {"wilayah": code})
        assert not page.context["form"].errors, page.context["form"].errors
        return sorted(codes(page))

    assert found("33") == sorted([village.code, district.code, city.code])
    assert found("33.26") == sorted([village.code, district.code])
    assert found("33.26.01") == [village.code]
    assert found("33.26.01.2001") == [village.code]
    assert found("33.75") == [city.code]


def test_region_choices_narrow_one_level_at_a_time(world) -> None:
    html = get_html(Client(), "/laporan/?wilayah=33")
    assert 'value="33.26"' in html and 'value="33.75"' in html
    assert 'value="33.26.01"' not in html
    html = get_html(Client(), "/laporan/?wilayah=33.26")
    assert '<option value="33.26.01">' in html
    assert '<option value="33.26" selected>' in html


def test_category_filter_includes_children(world, publish) -> None:
    parent = Category.objects.create(code="infrastruktur", name="Infrastruktur")
    Category.objects.filter(code="jalan-rusak").update(parent=parent)
    Category.objects.create(code="kesehatan", name="Kesehatan")
    road = publish(0, category="jalan-rusak")
    health = publish(1, category="kesehatan")
    client = Client()
    assert codes(client.get("/laporan/", {"kategori": "infrastruktur"})) == [road.code]
    assert codes(client.get("/laporan/", {"kategori": "jalan-rusak"})) == [road.code]
    assert codes(client.get("/laporan/", {"kategori": "kesehatan"})) == [health.code]


def test_classification_and_status_filters(world, publish) -> None:
    complaint = publish(0)
    aspiration = publish(1, classification="aspiration")
    lifecycle.accept(world.actor(world.regency_admin), aspiration)
    client = Client()
    assert codes(client.get("/laporan/", {"klasifikasi": "aspiration"})) == [aspiration.code]
    assert codes(client.get("/laporan/", {"klasifikasi": "complaint"})) == [complaint.code]
    assert codes(client.get("/laporan/", {"status": "in_progress"})) == [aspiration.code]
    assert codes(client.get("/laporan/", {"status": "dispositioned", "klasifikasi": "complaint"})) == [complaint.code]
    assert codes(client.get("/laporan/", {"status": "completed"})) == []


BAD = [
    ("instansi", "tidak-ada", "Tidak ada instansi dengan kode"),
    ("instansi", "x" * 5000, "Tidak ada instansi dengan kode"),
    ("wilayah", "99", "Kode wilayah “99” tidak dikenal"),
    ("wilayah", "33.2", "tidak dikenal"),
    ("wilayah", "'; DROP TABLE x; --", "tidak dikenal"),
    ("kategori", "tidak-ada", "Tidak ada kategori dengan kode"),
    ("klasifikasi", "keluhan", "Klasifikasi “keluhan” tidak dikenal"),
    ("status", "archived", "Status “archived” tidak dikenal"),
    ("q", "jalan " * 2000, "Kata kunci paling panjang 200 karakter"),
    ("wilayah", "33.26.01.2001.9999", "tidak dikenal"),
]


@pytest.mark.parametrize(("name", "value", "message"), BAD, ids=[f"{n}-{i}" for i, (n, _v, _m) in enumerate(BAD)])
def test_a_bad_filter_is_explained_and_left_out(world, publish, name: str, value: str, message: str) -> None:
    report = publish()
    page = Client().get("/laporan/", {name: value, "halaman": "1"})
    assert page.status_code == 200
    html = page.content.decode()
    assert message in html
    assert "diabaikan" in html
    assert 'role="alert"' in html
    assert codes(page) == [report.code]  # the filter is left out, not turned into “nothing matches”
    main = html[html.find("<main") :]
    assert len(value) < 300 or value[:300] not in main  # a long value is not echoed back whole


def test_control_characters_are_dropped_not_fatal(world, publish) -> None:
    report = publish(title="Jalan berlubang di Bodas")
    page = Client().get("/laporan/", {"q": "jalan\x00 berlubang\r\n", "status": "dispositioned\x00"})
    assert page.status_code == 200
    assert not page.context["form"].errors
    assert codes(page) == [report.code]


def test_a_bad_filter_does_not_drop_the_good_ones(world, publish) -> None:
    publish(0, classification="aspiration")
    complaint = publish(1)
    page = Client().get("/laporan/", {"klasifikasi": "complaint", "instansi": "tidak-ada"})
    assert codes(page) == [complaint.code]
    assert "klasifikasi=complaint" in page.context["base_query"]
    assert "instansi" not in page.context["base_query"]


def test_queries_do_not_grow_with_the_rows(world, publish, django_assert_max_num_queries) -> None:
    for i in range(2):
        publish(i)
    client = Client()
    filters = {"q": "jalan", "instansi": "pemkab-33-26", "wilayah": "33.26", "kategori": "jalan-rusak"}
    with CaptureQueriesContext(connection) as few:
        assert len(client.get("/laporan/", filters).context["rows"]) == 2
    for i in range(2, 25):
        publish(i, region="33.26.01" if i % 2 else "33.26.01.2001")
    with django_assert_max_num_queries(len(few)):
        assert len(client.get("/laporan/", filters).context["rows"]) == 20
    with django_assert_max_num_queries(8):
        client.get("/laporan/")


def test_list_shows_no_identity_and_no_private_report(sensitive) -> None:
    client = Client()
    for query in ("", "?instansi=pemkab-33-26", "?status=responded", "?q=jalan", "?wilayah=33.26"):
        html = get_html(client, f"/laporan/{query}")
        assert_private(html, sensitive)
    html = get_html(client, "/laporan/")
    assert sensitive.anonymous.code in html and sensitive.named.code in html
    assert_accessible_html(html)
    assert_accessible_html(get_html(client, "/laporan/?instansi=tidak-ada&wilayah=99&halaman=x"))
