"""The statistics page and the institution widget in a real browser: the SVG charts render, and the
widget works inside an iframe on another site's page (the snippet the institution page offers)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from aduan.reports import lifecycle

from .helpers import assert_accessible


def _reports(world: Any, file_report: Any) -> None:
    verifier, admin = world.actor(world.verifier), world.actor(world.regency_admin)
    for n in range(3):
        report = file_report().report
        lifecycle.verify(verifier, report, institution="pemkab-33-26")
        if n:
            lifecycle.respond(admin, report, message="Jalan sudah kami perbaiki minggu ini.")


def test_statistics_page_draws_its_charts(page: Page, browser_world: Any, file_report: Any) -> None:
    _reports(browser_world, file_report)
    page.goto("/statistik/?periode=30")
    expect(page.locator("h1")).to_have_text("Statistik laporan")
    for chart in ("series", "categories", "map"):
        svg = page.locator(f'svg.chart[data-chart="{chart}"]')
        expect(svg).to_be_visible()
        box = svg.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 20
    expect(page.locator('svg[data-chart="series"] polyline, svg[data-chart="series"] circle').first).to_be_attached()
    expect(page.locator('svg[data-chart="map"] rect')).to_have_count(38 + 5)  # tiles and the legend
    expect(page.get_by_role("link", name="Unduh data bulanan (CSV)")).to_be_visible()
    # The tables behind the charts are there for screen readers.
    expect(page.get_by_role("table", name="Laporan diterima dan ditanggapi per bulan")).to_be_attached()
    assert_accessible(page)
    # An absurd period: a clear message, no charts.
    page.goto("/statistik/?dari=1990-01-01&sampai=2025-01-01")
    expect(page.get_by_role("alert")).to_contain_text("Statistik tersedia mulai 1 Januari 2000")
    expect(page.locator("svg.chart")).to_have_count(0)


def test_widget_renders_inside_another_sites_page(
    page: Page, browser_world: Any, file_report: Any, live_server: Any, settings: Any
) -> None:
    settings.BASE_URL = live_server.url
    _reports(browser_world, file_report)
    page.goto(f"/instansi/{browser_world.regency.slug}/")
    page.get_by_text("Pasang statistik ini di situs web instansi").click()
    snippet = page.locator("#widget-snippet").input_value()
    assert snippet.startswith("<iframe") and "/widget/instansi/pemkab-33-26/" in snippet
    # An institution's own website: a page of another origin with nothing but the snippet.
    page.set_content(f"<!doctype html><html lang='id'><title>Situs Pemkab</title><h1>Pemkab</h1>{snippet}</html>")
    frame = page.frame_locator("iframe")
    expect(frame.locator("h1")).to_contain_text("Pemerintah Kabupaten Pekalongan")
    expect(frame.locator('svg.chart[data-chart="series"]')).to_be_visible()
    expect(frame.locator("ol li")).to_have_count(2)  # the two answered reports
