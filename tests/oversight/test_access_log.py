"""Every identity reveal and every bundle download is in one access log that oversight reads and exports."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.utils import timezone

from aduan.oversight.models import AccessLog
from tests.conftest import REPORTER

from .conftest import REASON

REVEAL_REASON = "Dugaan pemerasan terhadap pelapor, perlu konfirmasi langsung."


def test_reveals_and_bundles_appear_in_the_log_and_its_csv(world, client_for, routed):
    secret = routed(anonymous=True, confidential=True)
    other = routed()
    client = client_for(world.oversight)
    assert client.post(f"/kantor/laporan/{secret.code}/identitas/", {"reason": REVEAL_REASON}).status_code == 200
    response = client.post(f"/kantor/pengawasan/berkas/laporan/{other.code}/", {"reason": REASON})
    assert response.status_code == 200
    b"".join(response.streaming_content)
    response = client.post("/kantor/pengawasan/berkas/", {"reason": REASON, "saringan": "rahasia=ya"})
    assert response.status_code == 200

    page = client.get("/kantor/pengawasan/log/").content.decode()
    assert 'data-kind="identity_reveal" data-code="' + secret.code + '"' in page
    assert 'data-kind="bundle_report" data-code="' + other.code + '"' in page
    assert 'data-kind="bundle_query"' in page and "rahasia=ya" in page
    assert REVEAL_REASON in page and REASON in page and "127.0.0.1" in page
    for value in REPORTER.values():
        assert value not in page

    response = client.get("/kantor/pengawasan/log.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    kinds = [(row["tindakan"], row["laporan"], row["pengguna"]) for row in rows]
    assert ("identity_reveal", secret.code, "ombudsman") in kinds
    assert ("bundle_report", other.code, "ombudsman") in kinds
    assert ("bundle_query", "", "ombudsman") in kinds
    # Newest first; the export itself is logged before it is written, so it heads the file.
    assert rows[0]["tindakan"] == "log_export"
    assert [row["waktu"] for row in rows] == sorted((row["waktu"] for row in rows), reverse=True)
    bundle = next(row for row in rows if row["tindakan"] == "bundle_report")
    assert bundle["alasan"] == REASON and "manifest_sha256=" in bundle["rincian"]
    assert AccessLog.objects.filter(action="log_export", user=world.oversight).count() == 1


def test_a_reason_typed_as_a_formula_stays_text_in_the_csv(world, client_for, routed):
    report = routed()
    client = client_for(world.oversight)
    formula = '=HYPERLINK("http://contoh.invalid") pemeriksaan lanjutan'
    client.post(f"/kantor/pengawasan/berkas/laporan/{report.code}/", {"reason": formula})
    rows = list(csv.reader(io.StringIO(b"".join(client.get("/kantor/pengawasan/log.csv").streaming_content).decode())))
    assert any(cell == "'" + formula for row in rows for cell in row)


def test_the_log_pages_by_time(world, client_for, routed):
    report = routed()

    now = timezone.now()
    AccessLog.objects.bulk_create(
        AccessLog(
            user=world.oversight, action="bundle_report", report=report, reason=REASON, at=now - timedelta(minutes=i)
        )
        for i in range(105)
    )
    client = client_for(world.oversight)
    first = client.get("/kantor/pengawasan/log/").content.decode()
    assert first.count('class="log-row"') == 100 and "sebelum=" in first
    cursor = first.split("?sebelum=")[1].split('"')[0]
    second = client.get(f"/kantor/pengawasan/log/?sebelum={cursor}").content.decode()
    assert second.count('class="log-row"') == 5
