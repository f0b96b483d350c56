"""`/lapor/`: the form offers what docs/web.md names, files exactly one report with every field, and
refuses what it must with an Indonesian message, filing nothing."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from aduan.reports.models import Attachment, Category, Report

from .helpers import fake_jpeg, jpeg, report_form, text_of

FIELDS = [
    "classification",
    "title",
    "body",
    "category",
    "incident_date",
    "province",
    "regency",
    "district",
    "village",
    "latitude",
    "longitude",
    "address",
    "institution",
    "attachments",
    "anonymous",
    "confidential",
    "name",
    "phone",
    "email",
    "nik",
    "submission_id",
]


def test_form_has_the_contract_fields(client: Client, world: Any) -> None:
    response = client.get("/lapor/")
    assert response.status_code == 200
    html = text_of(response)
    for name in FIELDS:
        assert f'name="{name}"' in html, name
    assert 'id="report-form"' in html and 'id="offline-status"' in html and 'role="status"' in html
    # Provinces are there from the start; the levels below come by htmx.
    assert '<option value="33">Jawa Tengah</option>' in html
    assert 'accept="image/*,application/pdf,video/mp4"' in html and 'capture="environment"' in html
    assert "Nama dan kontak Anda tidak akan ditampilkan kepada instansi maupun publik." in html
    assert (
        "Laporan tidak akan ditampilkan kepada publik; hanya Anda, petugas dan pengawas yang dapat membacanya." in html
    )
    assert "Pilih lokasi di peta" in html
    assert re.search(
        r'<input type="radio" name="classification" id="id_classification_0" value="complaint" checked>', html
    )
    # Leaflet is only referenced for loading on demand, never loaded by the page itself.
    assert not re.search(r"<script[^>]+leaflet", html) and not re.search(r"<link[^>]+leaflet", html)
    assert "no-store" in response["Cache-Control"]


def test_every_input_has_a_label(client: Client, world: Any) -> None:
    html = text_of(client.get("/lapor/"))
    labelled = set(re.findall(r'<label[^>]* for="([^"]+)"', html))
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        if 'type="hidden"' in tag:
            continue
        found = re.search(r'id="([^"]+)"', tag)
        assert found and found.group(1) in labelled, tag


def test_categories_are_grouped_by_parent(client: Client, world: Any) -> None:
    parent = Category.objects.create(code="infrastruktur", name="Infrastruktur")
    Category.objects.filter(pk=world.category.pk).update(parent=parent)
    html = text_of(client.get("/lapor/"))
    group = re.search(r'<optgroup label="Infrastruktur">(.*?)</optgroup>', html, re.S)
    assert group and 'value="jalan-rusak"' in group.group(1) and 'value="infrastruktur"' in group.group(1)


def test_filing_with_every_field_creates_one_report(client: Client, world: Any) -> None:
    data = report_form(attachments=[jpeg()])
    response = client.post("/lapor/", data)
    assert response.status_code == 302 and response["Location"] == "/lapor/terkirim/"
    report = Report.objects.select_related("reporter", "category", "suggested_institution").get()
    assert report.classification == "complaint"
    assert report.title == data["title"] and report.body == data["body"]
    assert report.category.code == "jalan-rusak"
    assert str(report.incident_date) == "2026-01-15"
    assert report.region_id == "33.26.01.2001"
    assert report.latitude == Decimal("-7.123456") and report.longitude == Decimal("109.654321")
    assert report.address == "Depan SD Negeri 1 Bodas"
    assert report.suggested_institution.code == "pemkab-33-26"
    assert report.anonymous is True and report.confidential is False
    assert report.channel == "web" and report.status == "submitted"
    assert report.reporter_user is None and report.access_token_hash
    assert report.reporter.reveal() == {
        "name": "Budi Santoso",
        "phone": "+6281211112222",
        "email": "budi@example.id",
        "nik": "3326011234567890",
    }
    attachment = Attachment.objects.get(report=report)
    assert attachment.content_type == "image/jpeg" and attachment.original_name == "foto.jpg"
    with Image.open(io.BytesIO(attachment.public_file.read())) as public_copy:
        assert not public_copy.getexif().get_ifd(0x8825)  # no GPS in the copy that leaves the handlers


def test_the_deepest_region_chosen_is_the_reports(client: Client, world: Any) -> None:
    client.post("/lapor/", report_form(village="", latitude="", longitude=""))
    report = Report.objects.get()
    assert report.region_id == "33.26.01" and report.latitude is None


def test_only_title_and_body_are_needed(client: Client, world: Any) -> None:
    data = {"classification": "aspiration", "title": "Taman kota", "body": "Mohon taman kota diberi lampu."}
    assert client.post("/lapor/", data).status_code == 302
    report = Report.objects.get()
    assert report.classification == "aspiration" and report.region_id is None and report.reporter is None


def test_missing_title_and_body_show_the_form_again(client: Client, world: Any) -> None:
    data = report_form(title="", body="  ")
    response = client.post("/lapor/", data)
    assert response.status_code == 400
    html = text_of(response)
    assert "Judul laporan wajib diisi." in html and "Isi laporan wajib diisi." in html
    assert 'value="Depan SD Negeri 1 Bodas"' in html  # the rest of the input is kept
    assert '<option value="33.26.01.2001" selected>Bodas</option>' in html  # and the region levels
    assert 'aria-invalid="true"' in html
    assert Report.objects.count() == 0


def test_a_photo_that_is_a_pdf_is_refused(client: Client, world: Any) -> None:
    response = client.post("/lapor/", report_form(attachments=[fake_jpeg()]))
    assert response.status_code == 400
    html = text_of(response)
    assert "Isi berkas foto.jpg tidak sesuai dengan namanya" in html
    assert "Pilih ulang lampiran Anda" in html
    assert 'value="Jalan berlubang di Desa Bodas"' in html
    assert Report.objects.count() == 0 and Attachment.objects.count() == 0


def test_an_oversized_file_is_refused(client: Client, world: Any, settings: Any) -> None:
    settings.ADUAN_MAX_ATTACHMENT_BYTES = 2048
    big = SimpleUploadedFile("besar.jpg", jpeg().read() + b"\0" * 4096, content_type="image/jpeg")
    response = client.post("/lapor/", report_form(attachments=[jpeg("kecil.jpg"), big]))
    assert response.status_code == 400
    assert "Berkas besar.jpg terlalu besar" in text_of(response)
    assert Report.objects.count() == 0 and Attachment.objects.count() == 0


def test_field_errors_in_indonesian(client: Client, world: Any) -> None:
    response = client.post(
        "/lapor/", report_form(nik="12345", phone="abc", email="bukan-email", incident_date="2999-01-01")
    )
    html = text_of(response)
    assert "NIK harus 16 digit angka." in html
    assert "Nomor telepon tidak valid." in html
    assert "Alamat email tidak valid." in html
    assert "Tanggal kejadian tidak boleh di masa depan." in html
    assert Report.objects.count() == 0


def test_regions_that_do_not_fit_together_are_refused(client: Client, world: Any) -> None:
    response = client.post("/lapor/", report_form(regency="33.75", district="33.26.01", village=""))
    assert "Pilihan wilayah tidak cocok" in text_of(response)
    assert Report.objects.count() == 0


def test_unknown_institution_is_refused(client: Client, world: Any) -> None:
    response = client.post("/lapor/", report_form(institution="tidak-ada"))
    assert "Instansi tidak dikenal" in text_of(response)
    assert Report.objects.count() == 0


def test_double_submit_files_one_report(client: Client, world: Any) -> None:
    data = report_form()
    first = client.post("/lapor/", data)
    second = client.post("/lapor/", data)
    assert Report.objects.count() == 1
    code = Report.objects.get().code
    assert first["Location"] == "/lapor/terkirim/"
    assert second.status_code == 302 and second["Location"] == f"/lapor/terkirim/?kode={code}"


def test_double_submit_from_another_session_still_files_one(client: Client, world: Any) -> None:
    data = report_form()
    client.post("/lapor/", data)
    other = Client()
    response = other.post("/lapor/", data)
    assert Report.objects.count() == 1
    assert response["Location"] == f"/lacak/{Report.objects.get().code}/"


def test_a_new_form_view_files_a_new_report(client: Client, world: Any) -> None:
    client.post("/lapor/", report_form())
    client.post("/lapor/", report_form())
    assert Report.objects.count() == 2


def test_script_requests_get_json(client: Client, world: Any) -> None:
    headers = {"X-Requested-With": "fetch"}
    response = client.post("/lapor/", report_form(attachments=[jpeg()]), headers=headers)
    assert response.status_code == 200
    body = response.json()
    report = Report.objects.get()
    assert body["code"] == report.code and body["url"] == f"/lapor/terkirim/?kode={report.code}"
    refused = client.post("/lapor/", report_form(title=""), headers=headers)
    assert refused.status_code == 400
    assert refused.json()["errors"]["title"] == ["Judul laporan wajib diisi."]
    assert Report.objects.count() == 1


def test_account_holders_file_as_themselves_with_their_details_prefilled(
    client: Client, world: Any, file_report: Any
) -> None:
    world.citizen.first_name, world.citizen.email = "Warga", "warga@example.id"
    world.citizen.save()
    client.force_login(world.citizen)
    html = text_of(client.get("/lapor/"))
    assert 'value="Warga"' in html and 'value="warga@example.id"' in html
    client.post("/lapor/", report_form(name="Warga", phone="081299998888", email="warga@example.id"))
    report = Report.objects.get()
    assert report.reporter_user == world.citizen and not report.access_token_hash
    # The next form is prefilled from the reporter's own latest report.
    assert 'value="+6281299998888"' in text_of(client.get("/lapor/"))


def test_the_page_without_photos_is_well_under_200_kb(client: Client, world: Any) -> None:
    response = client.get("/lapor/")
    html = text_of(response)
    total = len(response.content)
    assets = re.findall(r'(?:src|href)="/static/([^"]+\.(?:js|css))"', html)
    assert any("htmx" in a for a in assets) and any("report-form" in a for a in assets)
    for asset in assets:
        path = finders.find(asset)
        assert path, asset
        with open(path, "rb") as handle:
            total += len(handle.read())
    assert total < 150_000  # uncompressed; gzip makes it about a third
