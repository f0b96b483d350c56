"""`/lacak/`: status for anyone, the public timeline for public reports, the reporter's view with the
secret link or the account — and never the reporter's identity or a confidential report's text."""

from __future__ import annotations

from typing import Any

from django.test import Client

from aduan.reports import lifecycle
from aduan.reports.actors import Actor

from .helpers import responded, text_of, verified

IDENTITY = ["Siti Rahmawati", "081234567890", "+6281234567890", "siti@example.id", "3326011234560001"]


def test_the_code_can_be_typed_loosely(client: Client, world: Any, file_report: Any) -> None:
    code = file_report().report.code
    loose = code.replace("-", "").lower()
    assert client.get(f"/lacak/?kode={loose}")["Location"] == f"/lacak/{code}/"
    assert client.get(f"/lacak/{loose}/")["Location"] == f"/lacak/{code}/"
    assert client.get(f"/lacak/{loose}/?t=abc")["Location"] == f"/lacak/{code}/?t=abc"


def test_unknown_and_malformed_codes(client: Client, world: Any) -> None:
    assert client.get("/lacak/").status_code == 200
    missing = client.get("/lacak/?kode=ZZZZ-ZZZZ")
    assert missing.status_code == 404 and "tidak ditemukan" in text_of(missing)
    malformed = client.get("/lacak/?kode=12")
    assert malformed.status_code == 400 and "8 huruf dan angka" in text_of(malformed)
    assert client.get("/lacak/ZZZZ-ZZZZ/").status_code == 404


def test_a_new_report_shows_its_status_and_deadline_only(client: Client, world: Any, file_report: Any) -> None:
    report = file_report().report
    html = text_of(client.get(f"/lacak/{report.code}/"))
    assert "Belum terverifikasi" in html and "Batas waktu verifikasi" in html
    assert report.title not in html and 'id="timeline"' not in html and 'id="reporter-actions"' not in html


def test_a_public_report_shows_its_public_timeline(client: Client, world: Any, file_report: Any) -> None:
    report = file_report().report
    responded(world, report)
    html = text_of(client.get(f"/lacak/{report.code}/"))
    assert "Ditanggapi" in html and 'id="timeline"' in html
    assert "Jalan sudah ditambal oleh tim pemeliharaan." in html
    assert report.title in html
    assert "Pemerintah Kabupaten Pekalongan" in html  # who answered
    assert 'id="reporter-actions"' not in html


def test_the_secret_link_opens_the_reporters_view(client: Client, world: Any, file_report: Any) -> None:
    submission = file_report()
    report = submission.report
    lifecycle.request_info(Actor.for_user(world.verifier), report, message="Mohon kirim foto lokasinya.")
    response = client.get(f"/lacak/{report.code}/?t={submission.access_token}")
    html = text_of(response)
    assert response.status_code == 200
    assert report.title in html and report.body in html
    assert "Mohon kirim foto lokasinya." in html  # what the verifier asked, addressed to the reporter
    assert 'id="aksi-supply_info"' in html and f'name="t" value="{submission.access_token}"' in html
    assert "no-store" in response["Cache-Control"] and response["Referrer-Policy"] == "same-origin"


def test_a_wrong_token_says_the_link_is_not_valid(client: Client, world: Any, file_report: Any) -> None:
    report = file_report().report
    response = client.get(f"/lacak/{report.code}/?t=bukan-token-yang-benar")
    html = text_of(response)
    assert response.status_code == 403
    assert "Tautan tidak berlaku" in html and "Belum terverifikasi" in html
    assert report.title not in html and "aksi-" not in html


def test_the_signed_in_reporter_sees_their_report(client: Client, world: Any, file_report: Any) -> None:
    report = file_report(actor=Actor.for_user(world.citizen)).report
    client.force_login(world.citizen)
    html = text_of(client.get(f"/lacak/{report.code}/"))
    assert report.body in html and "Ini laporan Anda." in html and 'id="aksi-reply"' in html
    other = Client()
    other.force_login(world.stranger)
    assert report.body not in text_of(other.get(f"/lacak/{report.code}/"))


def test_an_anonymous_reports_page_never_shows_the_reporter(client: Client, world: Any, file_report: Any) -> None:
    submission = file_report(
        anonymous=True,
        body="Jalan berlubang. Hubungi saya, Siti Rahmawati, di 081234567890 atau siti@example.id.",
    )
    report = submission.report
    reporter = Actor.reporter_with_token(submission.access_token)
    verified(world, report)
    lifecycle.reply(reporter, report, message="Saya Siti Rahmawati, NIK 3326011234560001, mohon segera.")
    lifecycle.respond(Actor.for_user(world.regency_admin), report, message="Sudah kami perbaiki.")
    lifecycle.dispute(reporter, report, message="Belum, hubungi saya di 081234567890.")
    for path in (f"/lacak/{report.code}/", f"/lacak/{report.code}/?t=salah"):
        html = text_of(client.get(path))
        assert "Sudah kami perbaiki." in html  # the public timeline is there
        for secret in IDENTITY:
            assert secret not in html, (path, secret)
    # The reporter, with the link, reads their own words.
    mine = text_of(client.get(f"/lacak/{report.code}/?t={submission.access_token}"))
    assert "Saya Siti Rahmawati" in mine


def test_a_confidential_reports_page_never_shows_its_text(client: Client, world: Any, file_report: Any) -> None:
    submission = file_report(
        confidential=True, title="Pungutan liar di kantor kecamatan", body="Petugas meminta uang tambahan."
    )
    report = submission.report
    responded(world, report)
    html = text_of(client.get(f"/lacak/{report.code}/"))
    assert "Ditanggapi" in html
    for secret in ("Pungutan liar", "Petugas meminta uang", "Jalan sudah ditambal", "Pemerintah Kabupaten"):
        assert secret not in html, secret
    mine = text_of(client.get(f"/lacak/{report.code}/?t={submission.access_token}"))
    assert "Pungutan liar di kantor kecamatan" in mine and "Jalan sudah ditambal" in mine
