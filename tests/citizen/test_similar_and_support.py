"""`/lapor/serupa/` lists open public reports of the same category in the district, each with "Dukung";
`/laporan/<code>/dukung/` counts one person once."""

from __future__ import annotations

from typing import Any

from django.test import Client

from aduan.reports.models import Category, Report, Support

from .helpers import text_of, verified

HTMX = {"HX-Request": "true"}


def test_similar_lists_public_open_reports_in_the_district(client: Client, world: Any, file_report: Any) -> None:
    public = file_report(title="Jalan rusak parah di Bodas").report
    verified(world, public)
    unverified = file_report(title="Belum diverifikasi").report
    secret = file_report(title="Laporan rahasia", confidential=True).report
    verified(world, secret)
    other = Category.objects.create(code="sampah", name="Sampah")
    elsewhere = file_report(title="Sampah menumpuk", category=other.code).report
    verified(world, elsewhere)

    html = text_of(client.get("/lapor/serupa/?category=jalan-rusak&district=33.26.01", headers=HTMX))
    assert "Jalan rusak parah di Bodas" in html and f'hx-post="/laporan/{public.code}/dukung/"' in html
    assert unverified.code not in html and secret.code not in html and elsewhere.code not in html
    assert "Laporan rahasia" not in html

    assert public.code not in text_of(client.get("/lapor/serupa/?category=jalan-rusak&district=33.26.02"))
    assert "Pilih kategori dan kecamatan" in text_of(client.get("/lapor/serupa/"))


def test_similar_shows_at_most_five(client: Client, world: Any, file_report: Any) -> None:
    for n in range(7):
        verified(world, file_report(title=f"Jalan rusak nomor {n}").report)
    html = text_of(client.get("/lapor/serupa/?category=jalan-rusak&district=33.26.01"))
    assert html.count('class="similar-item"') == 5


def test_support_once_per_person(client: Client, world: Any, file_report: Any) -> None:
    report = file_report().report
    verified(world, report)
    first = client.post(f"/laporan/{report.code}/dukung/", headers=HTMX)
    assert first.status_code == 200 and "Terima kasih" in text_of(first)
    again = client.post(f"/laporan/{report.code}/dukung/", headers=HTMX)
    assert "Anda sudah mendukung" in text_of(again)
    assert Report.objects.get(pk=report.pk).support_count == 1 and Support.objects.count() == 1

    Client().post(f"/laporan/{report.code}/dukung/", headers=HTMX)  # another browser, another person
    assert Report.objects.get(pk=report.pk).support_count == 2


def test_support_by_account_counts_the_person(client: Client, world: Any, file_report: Any) -> None:
    report = file_report().report
    verified(world, report)
    client.force_login(world.citizen)
    client.post(f"/laporan/{report.code}/dukung/", headers=HTMX)
    other_browser = Client()
    other_browser.force_login(world.citizen)
    assert "Anda sudah mendukung" in text_of(other_browser.post(f"/laporan/{report.code}/dukung/", headers=HTMX))
    assert Report.objects.get(pk=report.pk).support_count == 1


def test_support_without_htmx_redirects_with_a_message(client: Client, world: Any, file_report: Any) -> None:
    report = file_report().report
    verified(world, report)
    response = client.post(f"/laporan/{report.code}/dukung/")
    assert response.status_code == 302 and response["Location"] == f"/laporan/{report.code}/"


def test_a_report_not_public_cannot_be_supported(client: Client, world: Any, file_report: Any) -> None:
    report = file_report().report
    html = text_of(client.post(f"/laporan/{report.code}/dukung/", headers=HTMX))
    assert "tidak dapat didukung" in html
    assert Report.objects.get(pk=report.pk).support_count == 0


def test_support_needs_post(client: Client, world: Any, file_report: Any) -> None:
    report = file_report().report
    assert client.get(f"/laporan/{report.code}/dukung/").status_code == 405
