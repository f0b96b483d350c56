"""Oversight reads everything and acts on nothing but the logged reveal of a reporter's identity."""

from __future__ import annotations

from aduan.reports.models import IdentityReveal, ReportEvent
from tests.conftest import REPORTER

from .helpers import action_forms, html

REASON = "Dugaan pemerasan terhadap pelapor, perlu konfirmasi langsung."


def test_oversight_reads_confidential_reports_without_action_forms(world, client_for, file_report, routed):
    secret = routed(confidential=True, anonymous=True)
    fresh = file_report().report
    client = client_for(world.oversight)
    listed = html(client.get("/kantor/?status=semua"))
    assert secret.code in listed and fresh.code in listed
    for report in (secret, fresh):
        page = client.get(f"/kantor/laporan/{report.code}/")
        assert page.status_code == 200
        assert action_forms(page) == []
        assert 'id="reveal-identity"' in html(page)
        assert ">Buka identitas</button>" in html(page)
    response = client.post(f"/kantor/laporan/{fresh.code}/aksi/note/", {"message": "Catatan pengawas."})
    assert response.status_code == 302
    assert not ReportEvent.objects.filter(report=fresh, kind="note").exists()


def test_reveal_shows_the_identity_once_and_logs_it(world, client_for, routed):
    report = routed(anonymous=True)
    client = client_for(world.oversight)
    page = html(client.get(f"/kantor/laporan/{report.code}/"))
    assert REPORTER["name"] not in page
    form = html(client.get(f"/kantor/laporan/{report.code}/identitas/"))
    assert 'name="reason"' in form
    response = client.post(f"/kantor/laporan/{report.code}/identitas/", {"reason": REASON})
    assert response.status_code == 200
    result = html(response)
    for value in (REPORTER["name"], REPORTER["email"], REPORTER["nik"], "81234567890"):
        assert value in result
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    reveal = IdentityReveal.objects.get(report=report)
    assert reveal.user == world.oversight and reveal.reason == REASON
    event = ReportEvent.objects.get(report=report, kind="identity_revealed")
    assert event.audience == "internal"
    # Shown once: the report page itself still shows the pseudonym.
    again = html(client.get(f"/kantor/laporan/{report.code}/"))
    assert REPORTER["name"] not in again and REPORTER["nik"] not in again
    assert "Identitas pelapor dibuka pengawas" in again


def test_a_short_reason_is_a_clear_error(world, client_for, routed):
    report = routed(anonymous=True)
    response = client_for(world.oversight).post(f"/kantor/laporan/{report.code}/identitas/", {"reason": "Perlu."})
    assert response.status_code == 400
    page = html(response)
    assert 'id="reveal-error"' in page and "paling sedikit 20 karakter" in page
    assert REPORTER["name"] not in page
    assert not IdentityReveal.objects.exists()


def test_only_oversight_may_reveal(world, client_for, routed):
    report = routed(anonymous=True)
    for user in (world.regency_admin, world.verifier):
        response = client_for(user).post(f"/kantor/laporan/{report.code}/identitas/", {"reason": REASON})
        assert response.status_code == 403
    assert client_for(world.other_admin).post(f"/kantor/laporan/{report.code}/identitas/").status_code == 404
    assert not IdentityReveal.objects.exists()
    assert 'id="reveal-identity"' not in html(client_for(world.verifier).get(f"/kantor/laporan/{report.code}/"))
