"""Bad input on the report form gets a clear message in Indonesian, next to its field and in the summary
at the top, and never a half-filed report: a missing field, a fake photo, an oversized one, a double tap
on the send button."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from aduan.reports.models import Report

from .helpers import attach, fill_report, make_jpeg, submit_report

TITLE = "Lampu penerangan jalan mati"
BODY = "Sudah dua minggu lampu di perempatan pasar mati; malam hari sangat gelap."


def _posts_to_form(page: Page) -> list[str]:
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    return posts


def test_missing_title_is_explained_before_anything_is_sent(phone: Page, browser_world: Any) -> None:
    posts = _posts_to_form(phone)
    phone.goto("/lapor/")
    fill_report(phone, title="", body=BODY, region=None)
    submit_report(phone)
    summary = phone.locator("#form-errors")
    expect(summary).to_be_visible()
    expect(summary.locator("a[href='#id_title']")).to_contain_text("Judul")
    expect(phone.locator("#id_title")).to_have_attribute("aria-invalid", "true")
    expect(phone.locator("#id_body")).to_have_value(BODY)  # nothing the citizen wrote is lost
    assert posts == [] and Report.objects.count() == 0


def test_fake_photo_is_refused_with_a_message(phone: Page, browser_world: Any) -> None:
    phone.goto("/lapor/")
    fill_report(phone, title=TITLE, body=BODY)
    phone.locator("#id_attachments").set_input_files(
        {"name": "foto-jalan.jpg", "mimeType": "image/jpeg", "buffer": b"<?php system($_GET['c']); ?>" * 40}
    )
    submit_report(phone)
    summary = phone.locator("#form-errors")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("foto-jalan.jpg")
    expect(phone.locator("#id_title")).to_have_value(TITLE)
    assert "/lapor/terkirim/" not in phone.url
    assert Report.objects.count() == 0


def test_oversized_photo_stopped_before_upload(phone: Page, browser_world: Any, settings: Any, tmp_path: Path) -> None:
    settings.ADUAN_MAX_ATTACHMENT_BYTES = 20_000
    photo = make_jpeg(tmp_path / "besar.jpg", size=(400, 300), noisy=True)
    assert photo.stat().st_size > 20_000
    posts = _posts_to_form(phone)
    phone.goto("/lapor/")
    fill_report(phone, title=TITLE, body=BODY, region=None)
    attach(phone, photo)
    # Said at once, next to the field, before the citizen spends their data on sending it.
    expect(phone.locator("#error-attachments")).to_contain_text("besar.jpg")
    submit_report(phone)
    expect(phone.locator("#form-errors")).to_contain_text("besar.jpg")
    assert posts == [] and Report.objects.count() == 0


def test_double_tap_on_send_files_one_report(phone: Page, browser_world: Any) -> None:
    phone.goto("/lapor/")
    fill_report(phone, title=TITLE, body=BODY)
    phone.locator("#submit-report").dblclick()
    phone.wait_for_url("**/lapor/terkirim/**")
    assert Report.objects.filter(title=TITLE).count() == 1
