"""A report written without a connection is kept on the phone and sent when the connection returns,
with the citizen told so at each step (#offline-status)."""

from __future__ import annotations

import time
from typing import Any

from playwright.sync_api import BrowserContext, Page, expect

from aduan.reports.models import Report

from .helpers import fill_report, submit_report

TITLE = "Sampah menumpuk di pasar Kandangserang"
BODY = "Sampah tidak diangkut sejak seminggu, bau dan mengundang lalat di dekat lapak ikan."


def _wait_for_report(title: str, seconds: float = 10) -> Report | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        report = Report.objects.filter(title=title).first()
        if report is not None:
            return report
        time.sleep(0.2)
    return None


def test_report_written_offline_is_sent_when_back_online(
    phone_context: BrowserContext, phone: Page, browser_world: Any
) -> None:
    phone.goto("/lapor/")
    expect(phone.locator("#report-form")).to_be_visible()
    # The region levels come from the server: choose them while online, as a citizen who lost the
    # signal halfway through would have; then the connection drops.
    fill_report(phone, title="(sementara)", body="(sementara)")
    phone_context.set_offline(True)
    phone.locator("#report-form [name=title]").fill(TITLE)
    phone.locator("#report-form [name=body]").fill(BODY)
    submit_report(phone)

    # Kept on the phone, and the citizen is told so — not a browser error page, nothing on the server.
    status = phone.locator("#offline-status")
    expect(status).to_contain_text("Laporan disimpan")
    assert phone.url.endswith("/lapor/")
    time.sleep(0.5)
    assert not Report.objects.filter(title=TITLE).exists()

    phone_context.set_offline(False)
    expect(status).to_contain_text("Laporan terkirim")
    report = _wait_for_report(TITLE)
    assert report is not None, "the report kept offline never arrived"
    assert report.code in status.inner_text()  # the tracking code, as after an ordinary send
    assert report.body == BODY
    assert report.region_id == "33.26.01.2001"
    assert report.category.code == "jalan-rusak"
    # Sent once, not once per retry.
    assert Report.objects.filter(title=TITLE).count() == 1
