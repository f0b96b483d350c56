"""The console lists every report (confidential ones too), breaches, escalations and rankings, right for
hand-built histories."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone

from aduan.oversight import console
from aduan.reports import lifecycle
from aduan.reports.models import Report
from aduan.reports.sweep import sweep
from tests.conftest import REPORTER

ROW = re.compile(r'<tr class="(?:oversight|breach|escalation|rank)-row" data-code="([^"]*)"')


def codes(response) -> list[str]:
    assert response.status_code == 200
    return ROW.findall(response.content.decode())


def test_lists_confidential_and_anonymous_reports_without_identity(world, client_for, file_report, routed):
    secret = routed(confidential=True, anonymous=True)
    plain = file_report().report
    client = client_for(world.oversight)
    response = client.get("/kantor/pengawasan/")
    listed = codes(response)
    assert secret.code in listed and plain.code in listed
    page = response.content.decode()
    for value in REPORTER.values():
        assert value not in page
    assert f"/kantor/laporan/{secret.code}/identitas/" in page  # the logged reveal, linked
    assert f"/kantor/pengawasan/berkas/laporan/{secret.code}/" in page
    assert codes(client.get("/kantor/pengawasan/?rahasia=ya")) == [secret.code]
    assert codes(client.get("/kantor/pengawasan/?rahasia=tidak&anonim=tidak")) == [plain.code]
    assert codes(client.get("/kantor/pengawasan/?status=submitted")) == [plain.code]
    assert codes(client.get(f"/kantor/pengawasan/?q={secret.code.lower()}")) == [secret.code]
    assert codes(client.get("/kantor/pengawasan/?instansi=pemkab-33-26")) == [secret.code]
    assert codes(client.get("/kantor/pengawasan/?wilayah=33.26")) == [plain.code, secret.code]
    assert codes(client.get("/kantor/pengawasan/?wilayah=33.75")) == []


def test_a_title_search_never_finds_an_anonymous_report_by_its_reporters_name(world, client_for, file_report):
    named = file_report(anonymous=True, title=f"Pungli oleh petugas, lapor {REPORTER['name']}").report
    lifecycle.verify(world.actor(world.verifier), named, institution="pemkab-33-26", public_title="Pungli oleh petugas")
    client = client_for(world.oversight)
    assert codes(client.get("/kantor/pengawasan/", {"q": REPORTER["name"]})) == []
    assert codes(client.get("/kantor/pengawasan/", {"q": "pungli"})) == [named.code]


def test_bad_filters_are_explained_not_applied(world, client_for, routed):
    routed()
    response = client_for(world.oversight).get(
        "/kantor/pengawasan/", {"dari": "kemarin", "status": "hilang", "wilayah": "33;drop", "q": "x" * 10_000}
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'id="oversight-errors"' in page
    assert "bukan tanggal" in page and "tidak dikenal" in page and "tidak valid" in page


def test_pages_of_fifty_with_a_capped_count(world, client_for, file_report):
    for _ in range(51):
        file_report()
    client = client_for(world.oversight)
    assert len(codes(client.get("/kantor/pengawasan/"))) == 50
    assert len(codes(client.get("/kantor/pengawasan/?halaman=2"))) == 1


def test_breaches_now_and_ever(world, client_for, routed, file_report, start):
    # Overdue now: routed to the regency, nobody followed up within 5 working days.
    late = routed(at=start)
    # Was overdue for verification, then verified: no longer overdue, but a breach on record.
    slow = file_report(at=start).report
    sweep(at=start + timedelta(days=10))
    lifecycle.verify(world.actor(world.verifier), slow, institution="pemkab-33-26", at=start + timedelta(days=11))
    Report.objects.filter(pk=slow.pk).update(due_at=timezone.now() + timedelta(days=3))
    # Waiting for the reporter's details for weeks: the reporter's clock, not a breach by government.
    waiting = file_report(at=start).report
    lifecycle.request_info(
        world.actor(world.verifier), waiting, message="Mohon foto lokasi.", at=start + timedelta(hours=1)
    )
    # On time: routed today.
    fresh = routed()
    sweep(at=timezone.now())

    client = client_for(world.oversight)
    now_rows = codes(client.get("/kantor/pengawasan/pelanggaran/"))
    assert late.code in now_rows
    assert slow.code not in now_rows and waiting.code not in now_rows and fresh.code not in now_rows
    ever_rows = codes(client.get("/kantor/pengawasan/pelanggaran/?jenis=pernah"))
    assert slow.code in ever_rows and late.code in ever_rows
    assert waiting.code not in ever_rows and fresh.code not in ever_rows


def test_escalations_list_reports_past_sixty_days(world, client_for, routed, start):
    old = routed(at=start)
    recent = routed()
    sweep(at=timezone.now())
    old.refresh_from_db()
    assert old.escalated_at is not None
    listed = codes(client_for(world.oversight).get("/kantor/pengawasan/eskalasi/"))
    assert listed == [old.code]
    assert recent.code not in listed


def test_rankings_of_transfers_and_slowest_answers(world, client_for, routed, start, monkeypatch):
    monkeypatch.setattr(console, "MIN_ANSWERED", 1)
    admin = world.actor(world.regency_admin)
    other = world.actor(world.other_admin)
    # The regency passes two reports on, the city one.
    for offset in (0, 1):
        report = routed(at=start + timedelta(days=offset))
        lifecycle.not_authority(
            admin,
            report,
            reason="Jalan provinsi, bukan kewenangan kabupaten.",
            at=start + timedelta(days=offset, hours=5),
        )
    city = routed(at=start + timedelta(days=2), institution="pemkot-33-75")
    lifecycle.not_authority(other, city, reason="Lokasi di luar wilayah kota.", at=start + timedelta(days=2, hours=5))
    # The regency answers after 4 days and 2 days (mean 3), the city after 1 day.
    for days, wait in ((3, 4), (4, 2)):
        report = routed(at=start + timedelta(days=days))
        lifecycle.respond(admin, report, message="Sudah diperbaiki.", at=start + timedelta(days=days + wait, hours=2))
    report = routed(at=start + timedelta(days=5), institution="pemkot-33-75")
    lifecycle.respond(other, report, message="Sudah ditangani.", at=start + timedelta(days=6, hours=2))

    period = console.Period(start.date() - timedelta(days=1), timezone.localdate())
    transfers = console.most_transfers(period)
    assert [(row.code, row.count) for row in transfers] == [("pemkab-33-26", 2), ("pemkot-33-75", 1)]
    slowest = console.slowest_answers(period)
    assert [(row.code, row.count, row.value, row.worst) for row in slowest] == [
        ("pemkab-33-26", 2, 3.0, 4.0),
        ("pemkot-33-75", 1, 1.0, 1.0),
    ]
    # The page shows the same, in order; a period outside the events shows none.
    page = client_for(world.oversight).get("/kantor/pengawasan/instansi/", {"dari": start.date().isoformat()})
    assert codes(page) == ["pemkab-33-26", "pemkot-33-75", "pemkab-33-26", "pemkot-33-75"]
    early = console.Period(start.date() - timedelta(days=30), start.date() - timedelta(days=2))
    assert console.most_transfers(early) == [] and console.slowest_answers(early) == []


def test_an_absurd_period_is_limited_to_a_year(world, client_for):
    response = client_for(world.oversight).get("/kantor/pengawasan/instansi/", {"dari": "1900-01-01"})
    assert response.status_code == 200
    assert "paling lama satu tahun" in response.content.decode()
