"""`/data/`: what the open data will be, in Indonesian, under CC BY 4.0, and what it never holds."""

from __future__ import annotations

from django.test import Client

from .helpers import assert_accessible_html, assert_private, get_html


def test_explains_the_open_data_and_its_licence(world) -> None:
    html = get_html(Client(), "/data/")
    assert "<h1>Data terbuka</h1>" in html
    assert "CC BY 4.0" in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/deed.id"' in html and 'rel="license"' in html
    assert "Identitas pelapor" in html and "Laporan rahasia" in html
    assert 'href="/data/"' in get_html(Client(), "/")  # linked from every page's footer


def test_open_data_page_shows_no_identity(sensitive) -> None:
    html = get_html(Client(), "/data/")
    assert_private(html, sensitive)
    assert_accessible_html(html)
