"""Each action form posts to /kantor/laporan/<code>/aksi/<action>/ and goes through the lifecycle; a
refusal comes back as a message on the report page, never a 500."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from aduan.reports import lifecycle
from aduan.reports.models import Attachment, ReportEvent

from .helpers import action_forms, flashed, html, reload


def post(client, report, action, data=None, **extra):
    return client.post(f"/kantor/laporan/{report.code}/aksi/{action}/", data or {}, **extra)


def back_to(response, report) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith(f"/kantor/laporan/{report.code}/")


def last_kind(report) -> str:
    return ReportEvent.objects.filter(report=report).order_by("-seq").values_list("kind", flat=True).first()


def test_verify_routes_with_the_edited_public_text(world, client_for, file_report):
    report = file_report().report
    client = client_for(world.verifier)
    page = html(client.get(f"/kantor/laporan/{report.code}/"))
    assert 'name="institution"' in page and 'name="public_title"' in page
    assert "Jalan berlubang di Desa Bodas" in page.split('id="verify-public-title"')[1].split(">")[0]
    response = post(
        client,
        report,
        "verify",
        {
            "institution": "pemkab-33-26",
            "public_title": "Jalan desa berlubang",
            "public_body": "Jalan utama desa berlubang dalam.",
            "message": "Diteruskan ke Pemkab Pekalongan.",
            "q": "pekalongan",
        },
    )
    back_to(response, report)
    assert flashed(response) == [("success", "Laporan diverifikasi dan diteruskan.")]
    report = reload(report)
    assert report.status == "dispositioned" and report.institution.code == "pemkab-33-26"
    assert report.public_title == "Jalan desa berlubang"


def test_a_refusal_is_a_message_and_keeps_what_was_typed(world, client_for, file_report):
    report = file_report().report
    client = client_for(world.verifier)
    response = post(client, report, "verify", {"institution": "tidak-ada", "public_title": "Judul yang saya ketik"})
    back_to(response, report)
    assert response["Location"].endswith("#action-verify")
    [(level, text)] = flashed(response)
    assert level == "error" and "tidak dikenal" in text
    page = html(client.get(f"/kantor/laporan/{report.code}/"))
    assert "tidak dikenal" in page
    assert 'value="Judul yang saya ketik"' in page and 'value="tidak-ada"' in page
    assert reload(report).status == "submitted"
    # Shown once: the next view of the page starts afresh.
    assert "Judul yang saya ketik" not in html(client.get(f"/kantor/laporan/{report.code}/"))


def test_missing_fields_are_a_message_not_an_error_page(world, client_for, file_report):
    report = file_report().report
    response = post(client_for(world.verifier), report, "request_info", {})
    back_to(response, report)
    assert flashed(response)[0][0] == "error"


def test_an_action_not_offered_is_refused_with_a_message(world, client_for, routed):
    report = routed()
    response = post(client_for(world.liaison), report, "respond", {"message": "Sudah kami kerjakan semua."})
    assert response.status_code == 404  # the liaison does not read it yet: not assigned to the unit
    response = post(client_for(world.regency_admin), report, "verify", {"institution": "pemkab-33-26"})
    back_to(response, report)
    [(level, text)] = flashed(response)
    assert level == "error" and "verifikator" in text
    assert reload(report).status == "dispositioned"


def test_unknown_action_and_get_are_refused(world, client_for, file_report):
    report = file_report().report
    client = client_for(world.verifier)
    assert post(client, report, "hapus").status_code == 404
    assert post(client, report, "confirm").status_code == 404  # the reporter's action, not a back-office form
    assert client.get(f"/kantor/laporan/{report.code}/aksi/note/").status_code == 405


def test_request_info_postpone_archive(world, client_for, file_report):
    client = client_for(world.verifier)
    asked = file_report().report
    back_to(post(client, asked, "request_info", {"message": "Mohon lampirkan foto lokasi."}), asked)
    assert reload(asked).status == "needs_info"

    later = file_report().report
    until = (timezone.localdate() + timedelta(days=14)).isoformat()
    back_to(post(client, later, "postpone", {"until": until, "message": "Menunggu data dinas."}), later)
    assert reload(later).status == "postponed" and reload(later).postponed_until.isoformat() == until

    spam = file_report().report
    page = html(client.get(f"/kantor/laporan/{spam.code}/"))
    reasons = page.split('id="archive-reason"')[1].split("</select>")[0]
    assert 'value="spam"' in reasons and 'value="duplicate"' not in reasons
    back_to(post(client, spam, "archive", {"reason": "spam"}), spam)
    assert reload(spam).status == "archived" and reload(spam).archive_reason == "spam"

    other = file_report().report
    response = post(client, other, "archive", {"reason": "other"})
    assert flashed(response)[0][0] == "error"  # "other" needs an explanation
    assert reload(other).status == "submitted"


def test_merge_and_reopen(world, client_for, file_report):
    client = client_for(world.verifier)
    original, duplicate = file_report().report, file_report().report
    back_to(post(client, duplicate, "merge", {"into": original.code.lower()}), duplicate)
    duplicate = reload(duplicate)
    assert duplicate.status == "archived" and duplicate.merged_into_id == original.pk
    assert action_forms(client.get(f"/kantor/laporan/{duplicate.code}/")) == ["reopen", "note"]
    back_to(post(client, duplicate, "reopen", {"message": "Ternyata bukan duplikat."}), duplicate)
    assert reload(duplicate).status == "submitted" and reload(duplicate).merged_into_id is None


def test_accept_assign_and_unit_choices(world, client_for, routed):
    report = routed()
    admin = client_for(world.regency_admin)
    page = html(admin.get(f"/kantor/laporan/{report.code}/"))
    units = page.split('id="assign-institution"')[1].split("</select>")[0]
    assert 'value="pemkab-33-26-dinas-pu"' in units and 'value="pemkab-33-26-dinkes"' in units
    assert "pemkot-33-75-dinas-pu" not in units
    back_to(post(admin, report, "accept", {"message": "Kami tindak lanjuti."}), report)
    assert reload(report).status == "in_progress"
    back_to(post(admin, report, "assign", {"institution": "pemkab-33-26-dinas-pu"}), report)
    assert reload(report).unit.code == "pemkab-33-26-dinas-pu"
    # The unit now holding it is no longer offered.
    units = html(admin.get(f"/kantor/laporan/{report.code}/")).split('id="assign-institution"')[1].split("</select>")[0]
    assert "pemkab-33-26-dinas-pu" not in units
    response = post(admin, report, "assign", {"institution": "pemkot-33-75-dinas-pu"})
    assert flashed(response)[0][0] == "error"


def test_not_authority_by_the_institution_and_by_a_unit(world, client_for, routed, assigned):
    report = routed()
    admin = client_for(world.regency_admin)
    page = html(admin.get(f"/kantor/laporan/{report.code}/"))
    assert 'name="proposal"' in page
    short = post(admin, report, "not_authority", {"reason": "Bukan"})
    assert flashed(short)[0][0] == "error"
    response = post(
        admin, report, "not_authority", {"reason": "Jalan provinsi, bukan kabupaten.", "proposal": "pemprov-33"}
    )
    back_to(response, report)
    assert reload(report).status == "submitted"
    event = ReportEvent.objects.filter(report=report, kind="not_authority").get()
    assert event.data["proposal"] == "pemprov-33"

    at_unit = assigned()
    liaison = client_for(world.liaison)
    assert 'name="proposal"' not in html(liaison.get(f"/kantor/laporan/{at_unit.code}/"))
    back_to(post(liaison, at_unit, "not_authority", {"reason": "Ini urusan Dinas Kesehatan."}), at_unit)
    at_unit = reload(at_unit)
    assert at_unit.status == "in_progress" and at_unit.unit is None


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="PNG")
    return buffer.getvalue()


def test_respond_with_files(world, client_for, assigned):
    report = assigned()
    liaison = client_for(world.liaison)
    page = html(liaison.get(f"/kantor/laporan/{report.code}/"))
    assert 'enctype="multipart/form-data"' in page.split('id="action-respond"')[1].split(">")[0]
    response = post(
        liaison,
        report,
        "respond",
        {
            "message": "Lubang sudah ditambal, foto terlampir.",
            "attachments": [
                SimpleUploadedFile("hasil.png", png(), content_type="image/png"),
                SimpleUploadedFile("hasil-2.png", png(), content_type="image/png"),
            ],
        },
    )
    back_to(response, report)
    assert flashed(response) == [("success", "Tanggapan terkirim.")]
    assert reload(report).status == "responded"
    assert sorted(Attachment.objects.filter(report=report).values_list("original_name", flat=True)) == [
        "hasil-2.png",
        "hasil.png",
    ]


def test_a_bad_file_is_refused_with_a_message(world, client_for, assigned):
    report = assigned()
    response = post(
        client_for(world.liaison),
        report,
        "respond",
        {"message": "Lubang sudah ditambal.", "attachments": [SimpleUploadedFile("x.png", b"bukan gambar")]},
    )
    back_to(response, report)
    assert flashed(response)[0][0] == "error"
    assert reload(report).status == "in_progress"


def test_comment_and_note(world, client_for, routed):
    report = routed()
    admin = client_for(world.regency_admin)
    back_to(post(admin, report, "comment", {"message": "Mohon kirim foto tambahan."}), report)
    assert last_kind(report) == "staff_message"
    back_to(post(admin, report, "note", {"message": "Survei Kamis."}), report)
    assert last_kind(report) == "note"


def test_reopen_a_completed_report(world, client_for, routed):
    report = routed()
    lifecycle.respond(world.actor(world.regency_admin), report, message="Sudah ditambal minggu ini.")
    lifecycle.close_by_silence(report, at=timezone.now() + timedelta(days=30))
    client = client_for(world.verifier)
    assert "reopen" in action_forms(client.get(f"/kantor/laporan/{report.code}/"))
    back_to(post(client, report, "reopen", {"message": "Pelapor mengabarkan jalan rusak lagi."}), report)
    assert reload(report).status == "in_progress"


def test_every_form_has_a_stable_id_and_button(world, client_for, file_report, routed):
    from aduan.backoffice.actionforms import FORMS

    page = html(client_for(world.verifier).get(f"/kantor/laporan/{file_report().report.code}/"))
    for name in ("verify", "request_info", "postpone", "archive", "merge", "comment", "note"):
        section = page.split(f'<form id="action-{name}"')[1].split("</form>")[0]
        assert f">{FORMS[name].button}</button>" in section
        assert 'action="/kantor/laporan/' in section.split(">")[0]
