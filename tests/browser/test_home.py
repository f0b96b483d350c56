"""The home page in a real browser: Indonesian by default, English through the language selector,
no serious accessibility violations in either."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from .helpers import assert_accessible


def test_home_in_indonesian_then_english(page: Page, browser_world: Any) -> None:
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("h1")).to_have_text("Layanan Aspirasi dan Pengaduan Masyarakat")
    expect(
        page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Lapor", exact=True)
    ).to_be_visible()
    assert_accessible(page)

    # The selector submits itself on change (a button only without JavaScript).
    with page.expect_navigation():
        page.get_by_label("Bahasa").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Public Aspiration and Complaint Service")
    expect(page.get_by_label("Language")).to_have_value("en")
    assert_accessible(page)

    # The choice sticks on the next page.
    page.goto("/masuk/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
