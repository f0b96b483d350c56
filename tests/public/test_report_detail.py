"""`/laporan/<code>/`: one public report — its approved text, status, the deadline running and who holds
it, the public timeline, the institution's answer, public attachments, support; 404 for anything else."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client

from aduan.public.labels import EVENT_LABELS
from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.states import TRANSITIONS

from .helpers import PDF, assert_accessible_html, assert_private, get_html, photo


@pytest.fixture
def routed(world, file_report):
    sub = file_report(title="Jembatan Desa Bodas retak", body="Retakan makin lebar setelah hujan deras.")
    lifecycle.verify(world.actor(world.verifier), sub.report, institution="pemkab-33-26")
    return sub


def test_unknown_unverified_and_confidential_reports_are_404(world, file_report) -> None:
    client = Client()
    verifier = world.actor(world.verifier)
    unverified = file_report().report
    secret = file_report(confidential=True).report
    lifecycle.verify(verifier, secret, institution="pemkab-33-26")
    for path in ("ZZZZ-ZZZZ", "bukan-kode", "x" * 500, unverified.code, secret.code, secret.code.lower()):
        assert client.get(f"/laporan/{path}/").status_code == 404, path


def test_an_archived_report_is_404(world, file_report) -> None:
    verifier = world.actor(world.verifier)
    report = file_report().report
    lifecycle.verify(verifier, report, institution="pemkab-33-26")
    lifecycle.not_authority(
        world.actor(world.regency_admin), report, reason="Jalan ini milik provinsi, bukan kabupaten."
    )
    assert Client().get(f"/laporan/{report.code}/").status_code == 200
    lifecycle.archive(verifier, report, reason="too_general")
    assert Client().get(f"/laporan/{report.code}/").status_code == 404


def test_a_code_typed_loosely_leads_to_the_report(routed) -> None:
    code = routed.report.code
    for typed in (code.lower(), code.replace("-", ""), code.replace("-", "").lower(), code.replace("0", "o")):
        response = Client().get(f"/laporan/{typed}/")
        if typed == code:
            assert response.status_code == 200
        else:
            assert response.status_code == 301, typed
            assert response["Location"] == f"/laporan/{code}/"
    assert Client().get(f"/laporan/{code}/").status_code == 200


def test_shows_the_public_text_status_and_the_running_deadline(world, routed) -> None:
    report = routed.report
    page = Client().get(f"/laporan/{report.code}/")
    html = page.content.decode()
    assert "Jembatan Desa Bodas retak" in html and "Retakan makin lebar setelah hujan deras." in html
    assert "Belum ditindaklanjuti" in html
    deadline = page.context["deadline"]
    assert deadline.what == "tindak lanjut"
    assert deadline.holder == "Pemerintah Kabupaten Pekalongan"
    assert not deadline.overdue
    assert "Batas waktu tindak lanjut" in html
    assert "Bodas, Kandangserang, Kabupaten Pekalongan, Jawa Tengah" in html
    assert 'href="/instansi/pemkab-33-26/"' in html

    lifecycle.assign(world.actor(world.regency_admin), report, institution="pemkab-33-26-dinas-pu")
    page = Client().get(f"/laporan/{report.code}/")
    assert page.context["deadline"].holder == "Dinas PU Kabupaten Pekalongan"
    assert 'href="/instansi/pemkab-33-26-dinas-pu/"' in page.content.decode()


def test_the_deadline_in_words_and_overdue(world, file_report) -> None:
    long_ago = lifecycle.base.now() - timedelta(days=40)
    report = file_report(at=long_ago).report
    lifecycle.verify(world.actor(world.verifier), report, institution="pemkab-33-26", at=long_ago)
    page = Client().get(f"/laporan/{report.code}/")
    assert page.context["deadline"].overdue
    assert "Terlambat" in page.content.decode()


def test_a_declined_report_waits_for_the_verifier(world, routed) -> None:
    report = routed.report
    lifecycle.not_authority(world.actor(world.regency_admin), report, reason="Jembatan ini kewenangan provinsi.")
    page = Client().get(f"/laporan/{report.code}/")
    html = page.content.decode()
    assert page.context["status_label"] == "Menunggu penerusan ulang"
    assert page.context["deadline"].holder == "Verifikator"
    assert "Batas waktu verifikasi" in html
    assert "bukan wewenangnya" in html
    assert "Jembatan ini kewenangan provinsi." in html  # the institution's reason is public


def test_timeline_response_and_support(world, routed) -> None:
    report, admin = routed.report, world.actor(world.regency_admin)
    reporter = Actor.reporter_with_token(routed.access_token)
    lifecycle.accept(admin, report, message="Tim teknis dijadwalkan meninjau lokasi.")
    lifecycle.note(admin, report, message="Anggaran pemeliharaan tinggal sedikit.")
    lifecycle.comment(admin, report, message="Mohon kirim foto retakan dari sisi sungai.")
    lifecycle.reply(reporter, report, message="Foto menyusul besok pagi.")
    for voter in ("a", "b", "c"):
        lifecycle.support(Actor(), report, voter=voter)
    lifecycle.respond(admin, report, message="Retakan sudah ditambal dan jembatan diberi pembatas.")
    page = Client().get(f"/laporan/{report.code}/")
    html = page.content.decode()
    labels = [line.label for line in page.context["timeline"]]
    assert labels == [
        "Laporan diterima",
        "Diverifikasi dan diteruskan ke instansi",
        "Diterima instansi untuk ditindaklanjuti",
        "Didukung warga",
        "Ditanggapi instansi",
    ]
    assert page.context["timeline"][3].count == 3
    assert "Didukung warga</strong> (3)" in html
    assert "Tim teknis dijadwalkan meninjau lokasi." in html
    assert page.context["response"].text == "Retakan sudah ditambal dan jembatan diberi pembatas."
    assert "Tanggapan instansi" in html
    # Internal notes, staff-to-reporter messages and the reporter's own words stay off the public page.
    for private in ("Anggaran pemeliharaan", "Mohon kirim foto", "Foto menyusul"):
        assert private not in html
    assert "3 warga mendukung laporan ini." in html
    assert f'action="/laporan/{report.code}/dukung/"' in html  # still open: support is offered

    lifecycle.confirm(reporter, report)
    html = get_html(Client(), f"/laporan/{report.code}/")
    assert "Selesai" in html and "Dikonfirmasi pelapor" in html
    assert "Pelapor mengonfirmasi laporan selesai" in html
    assert "/dukung/" not in html  # closed: nothing to support


def test_every_event_kind_has_public_words() -> None:
    assert set(TRANSITIONS) <= set(EVENT_LABELS)


def test_public_attachments_only(world, file_report, media) -> None:
    sub = file_report(attachments=[("foto.jpg", photo(seed=1)), ("surat.pdf", PDF)])
    report, admin = sub.report, world.actor(world.regency_admin)
    lifecycle.verify(world.actor(world.verifier), report, institution="pemkab-33-26")
    lifecycle.respond(
        admin, report, message="Foto hasil perbaikan terlampir.", attachments=[("hasil.jpg", photo(seed=2))]
    )
    lifecycle.reply(
        Actor.reporter_with_token(sub.access_token),
        report,
        message="Ini foto saya.",
        attachments=[("dari_warga.jpg", photo(seed=3))],
    )
    page = Client().get(f"/laporan/{report.code}/")
    html = page.content.decode()
    by_name = {a.original_name: a for a in report.attachments.all()}
    for shown in ("foto.jpg", "hasil.jpg"):
        assert f'<img src="/lampiran/{by_name[shown].pk}/"' in html
    assert f'href="/lampiran/{by_name["surat.pdf"].pk}/"' in html
    assert f"/lampiran/{by_name['dari_warga.jpg'].pk}/" not in html
    for name in by_name:  # original file names can name the reporter: never shown
        assert name not in html
    assert 'alt="Foto lampiran 1"' in html


def test_report_page_shows_no_identity(sensitive) -> None:
    client = Client()
    for report in (sensitive.anonymous, sensitive.named):
        html = get_html(client, f"/laporan/{report.code}/")
        assert_private(html, sensitive)
        assert "[nama disembunyikan]" in html
    html = get_html(client, f"/laporan/{sensitive.anonymous.code}/")
    assert "Bapak [nama disembunyikan], jalan sudah ditambal." in html  # the answer, redacted
    assert f"/lampiran/{sensitive.photo.pk}/" in html
    assert f"/lampiran/{sensitive.reply_photo.pk}/" not in html
    assert_accessible_html(html)
    for report in (sensitive.confidential, sensitive.unverified):
        assert client.get(f"/laporan/{report.code}/").status_code == 404


def test_the_support_button_works_without_javascript(routed) -> None:
    code = routed.report.code
    client = Client(enforce_csrf_checks=True)
    html = get_html(client, f"/laporan/{code}/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html[html.find("/dukung/") :]).group(1)
    response = client.post(f"/laporan/{code}/dukung/", {"csrfmiddlewaretoken": token}, follow=True)
    assert response.redirect_chain[-1][0] == f"/laporan/{code}/"
    assert "1 warga mendukung laporan ini." in response.content.decode()
