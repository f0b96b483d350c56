"""`/lapor/terkirim/`: the code, large, with a copy button; the secret link to keep; an optional sign-up."""

from __future__ import annotations

from typing import Any

from django.test import Client

from aduan.reports import visibility
from aduan.reports.models import Report

from .helpers import report_form, text_of


def test_after_sending_the_code_and_the_secret_link(client: Client, world: Any) -> None:
    client.post("/lapor/", report_form())
    response = client.get("/lapor/terkirim/")
    assert response.status_code == 200
    html = text_of(response)
    report = Report.objects.get()
    assert f'<p class="big-code code" id="tracking-code" aria-labelledby="code-label">{report.code}</p>' in html
    assert 'id="copy-code"' in html and 'id="copy-link"' in html
    assert "Simpan tautan ini" in html and 'href="/daftar/"' in html
    token = html.split(f"/lacak/{report.code}/?t=")[1].split('"')[0]
    assert visibility.reports_for_token(report.code, token).get() == report
    assert "no-store" in response["Cache-Control"] and response["Referrer-Policy"] == "same-origin"


def test_account_holders_get_the_plain_tracking_link(client: Client, world: Any) -> None:
    client.force_login(world.citizen)
    client.post("/lapor/", report_form())
    html = text_of(client.get("/lapor/terkirim/"))
    code = Report.objects.get().code
    assert f"/lacak/{code}/" in html and "?t=" not in html and 'href="/daftar/"' not in html


def test_without_a_report_sent_it_leads_back_to_the_form(client: Client, world: Any) -> None:
    assert client.get("/lapor/terkirim/")["Location"] == "/lapor/"


def test_another_sessions_code_shows_no_secret(client: Client, world: Any, file_report: Any) -> None:
    code = file_report().report.code
    assert client.get(f"/lapor/terkirim/?kode={code}")["Location"] == f"/lacak/{code}/"
