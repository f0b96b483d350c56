"""Two sweepers at once (two workers, two machines) apply each rule exactly once (DESIGN §5)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from aduan.reports import lifecycle
from aduan.reports.audit import verify
from aduan.reports.models import Report, ReportEvent, Status
from aduan.reports.sweep import sweep

WIB = ZoneInfo("Asia/Jakarta")
START = datetime(2026, 2, 2, 9, tzinfo=WIB)


@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_close_each_report_once(world, file_report) -> None:
    verifier, liaison = world.actor(world.verifier), world.actor(world.liaison)
    for _ in range(40):
        code = file_report(at=START).report.code
        lifecycle.verify(verifier, code, institution="pemkab-33-26-dinas-pu", at=START + timedelta(hours=1))
        lifecycle.respond(liaison, code, message="Sudah kami perbaiki minggu ini.", at=START + timedelta(days=1))
    later = START + timedelta(days=30)  # every reporter's window of 10 working days has passed
    barrier = threading.Barrier(2)
    results: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(sweep(at=later, batch=7).counts["closed_by_silence"])
        except BaseException as exc:  # surfaced below; a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(results) == 40
    assert Report.objects.filter(status=Status.COMPLETED, closed_how="silence").count() == 40
    assert ReportEvent.objects.filter(kind="closed_by_silence").count() == 40
    assert list(verify()) == []
    assert sweep(at=later).total == 0
