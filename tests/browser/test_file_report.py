"""Filing a report on a phone, as a citizen without an account: the form, the cascading region picker,
a real photo, the tracking code and secret link; then keyboard only; then accessibility and weight."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, expect

from aduan.reports.models import Report, Status

from .helpers import (
    CODE_RE,
    REGION_FIELDS,
    VILLAGE_PATH,
    Transfer,
    assert_accessible,
    attach,
    choose_region,
    fill_report,
    make_jpeg,
    submit_report,
)

TITLE = "Jalan berlubang di depan SD Negeri Bodas"
BODY = "Lubang sedalam 30 cm di jalan desa, sudah dua pengendara motor jatuh minggu ini."
WEIGHT_BUDGET = 200_000  # bytes: the "under 200 KB" for the form without photos


def test_citizen_files_with_photo_and_village_on_a_phone(
    phone: Page, as_user: Any, browser_world: Any, tmp_path: Path
) -> None:
    photo = make_jpeg(tmp_path / "jalan-rusak.jpg")
    phone.goto("/lapor/")
    expect(phone.locator("#report-form")).to_be_visible()
    fill_report(phone, title=TITLE, body=BODY, address="Jl. Raya Bodas dekat SD Negeri")
    expect(phone.locator("#report-form select[name=village]")).to_have_value("33.26.01.2001")
    attach(phone, photo)
    submit_report(phone)

    phone.wait_for_url("**/lapor/terkirim/**")
    main = phone.locator("main")
    code_match = CODE_RE.search(main.inner_text())
    assert code_match, f"no tracking code on {phone.url}: {main.inner_text()[:500]}"
    code = code_match.group(0)
    expect(phone.locator(".big-code")).to_contain_text(code)
    secret = phone.locator("#secret-link")
    expect(secret).to_have_value(re.compile(rf"/lacak/{code}/\?t=[\w-]{{16,}}"))

    report = Report.objects.select_related("region").get(code=code)
    assert (report.title, report.body, report.status) == (TITLE, BODY, Status.SUBMITTED)
    assert report.region_id == "33.26.01.2001"
    assert report.category.code == "jalan-rusak"
    assert report.address == "Jl. Raya Bodas dekat SD Negeri"
    assert report.reporter_user_id is None and report.access_token_hash
    [attachment] = report.attachments.all()
    assert attachment.content_type == "image/jpeg" and attachment.size == photo.stat().st_size

    # The secret link alone (another browser, no session) makes its holder the reporter.
    holder = as_user(None, mobile=True)
    holder.goto(secret.input_value())
    expect(holder.locator("#reporter-view")).to_contain_text("tautan rahasia")
    expect(holder.locator("main")).to_contain_text(TITLE)
    expect(holder.locator("#status-label")).to_have_text("Belum terverifikasi")
    # Without it, the same page shows nothing of an unverified report.
    holder.goto(f"/lacak/{code}/")
    expect(holder.locator("#reporter-view")).to_have_count(0)
    expect(holder.locator("main")).not_to_contain_text(BODY)


def _focus(page: Page) -> dict[str, str]:
    return page.evaluate(
        "() => { const e = document.activeElement; return {tag: e.tagName.toLowerCase(), name: e.name || '',"
        " type: e.type || '', id: e.id || '', value: e.value || ''}; }"
    )


def _tab_to(page: Page, name: str, *, element_id: str | None = None, limit: int = 80) -> None:
    """Press Tab until the field `name` (or the element `element_id`) has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = _focus(page)
        if (focus["id"] == element_id) if element_id else (focus["name"] == name):
            return
    raise AssertionError(f"Tab never reached {element_id or name} (last focus: {_focus(page)})")


def _arrow_to(page: Page, name: str, wanted: str, *, limit: int = 40) -> None:
    """In a focused <select>, press ArrowDown until `wanted` is chosen (no mouse, no picker)."""
    for _ in range(limit):
        if _focus(page)["value"] == wanted:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"ArrowDown never chose {wanted} in [name={name}] (now {_focus(page)})")


def test_keyboard_only_filing(page: Page, browser_world: Any) -> None:
    page.goto("/lapor/")
    form = page.locator("#report-form")
    expect(form).to_be_visible()

    _tab_to(page, "classification")
    # Arrow keys move within a radio group and choose; choose "aspiration", then Space on it.
    if _focus(page)["value"] != "aspiration":
        for _ in range(3):
            page.keyboard.press("ArrowDown")
            if _focus(page)["value"] == "aspiration":
                break
    page.keyboard.press("Space")
    _tab_to(page, "title")
    page.keyboard.type("Lampu jalan mati di Kandangserang")
    _tab_to(page, "body")
    page.keyboard.type("Sudah sebulan lampu jalan di depan pasar mati, malam hari gelap dan rawan.")
    _tab_to(page, "category")
    _arrow_to(page, "category", "jalan-rusak")
    for field, code in zip(REGION_FIELDS, VILLAGE_PATH, strict=True):
        # Each level is enabled and filled by the level above (htmx); wait for it, then Tab to it.
        select = form.locator(f"select[name={field}]")
        select.locator(f"option[value='{code}']").wait_for(state="attached")
        expect(select).to_be_enabled()
        _tab_to(page, field)
        _arrow_to(page, field, code)
    # Whatever else the form requires, filled by keyboard as well.
    for field in page.evaluate(
        "() => [...document.querySelectorAll('#report-form [required]')]"
        ".filter(e => !e.value && e.type !== 'radio').map(e => e.name)"
    ):
        _tab_to(page, field)
        page.keyboard.type("Keterangan")
    # Tab on to the send button and press Enter.
    _tab_to(page, "", element_id="submit-report", limit=120)
    page.keyboard.press("Enter")

    page.wait_for_url("**/lapor/terkirim/**")
    code = CODE_RE.search(page.locator("main").inner_text())
    assert code
    report = Report.objects.get(code=code.group(0))
    assert report.classification == "aspiration"
    assert report.title == "Lampu jalan mati di Kandangserang"
    assert report.category.code == "jalan-rusak"
    assert report.region_id == "33.26.01.2001"


def test_report_form_is_accessible(phone: Page, browser_world: Any) -> None:
    phone.goto("/lapor/")
    expect(phone.locator("#report-form")).to_be_visible()
    assert_accessible(phone)
    # Every field a person fills has a label (axe checks this too; this names the culprit plainly).
    unlabelled = phone.evaluate(
        "() => [...document.querySelectorAll('#report-form input, #report-form select, #report-form textarea')]"
        ".filter(e => e.type !== 'hidden' && !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
        " && !e.getAttribute('aria-labelledby')).map(e => e.name || e.id)"
    )
    assert unlabelled == []
    choose_region(phone)  # the options htmx brings keep it accessible too
    assert_accessible(phone)


def test_report_form_weighs_under_200_kb(phone_context: BrowserContext, browser_world: Any) -> None:
    page = phone_context.new_page()
    form_load = Transfer(page)  # what the form needs, on a first visit (empty cache)
    with_install = Transfer(phone_context)  # plus what the service worker fetches to work offline
    response = page.goto("/lapor/", wait_until="networkidle")
    assert response is not None and response.status == 200
    expect(page.locator("#report-form")).to_be_visible()
    # Whatever the page loads lazily counts too; let the service worker install before counting.
    page.evaluate(
        "() => Promise.race([new Promise(r => setTimeout(r, 1500)),"
        " 'serviceWorker' in navigator ? navigator.serviceWorker.ready : new Promise(() => {})])"
    )
    page.wait_for_load_state("networkidle")
    total = form_load.total()
    print(f"/lapor/: {total} bytes for the page, {with_install.total()} with the service worker's install")
    assert total > 0
    assert total < WEIGHT_BUDGET, f"/lapor/ transferred {total} bytes (budget {WEIGHT_BUDGET}):\n{form_load.report()}"
