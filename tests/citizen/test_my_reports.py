"""`/saya/`: a signed-in citizen's own reports, newest first, paginated, each linking to its tracking page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from aduan.reports.actors import Actor

from .helpers import text_of


def test_signing_in_is_needed(client: Client, world: Any) -> None:
    response = client.get("/saya/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/?next=/saya/")


def test_my_reports_newest_first_and_only_mine(client: Client, world: Any, file_report: Any) -> None:
    me = Actor.for_user(world.citizen)
    now = timezone.now()
    older = file_report(actor=me, title="Laporan lama saya", at=now - timedelta(days=3)).report
    newer = file_report(actor=me, title="Laporan baru saya", at=now - timedelta(days=1)).report
    file_report(actor=Actor.for_user(world.stranger), title="Laporan orang lain")
    file_report(title="Laporan tanpa akun")
    client.force_login(world.citizen)
    html = text_of(client.get("/saya/"))
    assert html.index(newer.code) < html.index(older.code)
    assert f'href="/lacak/{newer.code}/"' in html
    assert "Laporan orang lain" not in html and "Laporan tanpa akun" not in html


def test_pages(client: Client, world: Any, file_report: Any) -> None:
    me = Actor.for_user(world.citizen)
    now = timezone.now()
    codes = [file_report(actor=me, at=now - timedelta(hours=n)).report.code for n in range(22)]
    client.force_login(world.citizen)
    first = text_of(client.get("/saya/"))
    second = text_of(client.get("/saya/?halaman=2"))
    assert codes[0] in first and codes[19] in first and codes[20] not in first
    assert codes[20] in second and codes[21] in second and codes[0] not in second
    assert "Halaman 1 dari 2" in first and 'href="?halaman=2"' in first
