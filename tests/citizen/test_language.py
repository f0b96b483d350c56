"""Bahasa Indonesia by default; English for those who ask for it, messages and errors included."""

from __future__ import annotations

from typing import Any

from django.test import Client

from .helpers import report_form, text_of


def test_indonesian_by_default(client: Client, world: Any) -> None:
    html = text_of(client.get("/lapor/"))
    assert '<html lang="id">' in html and "Kirim laporan" in html


def test_english_on_request(client: Client, world: Any) -> None:
    english = {"Accept-Language": "en"}
    html = text_of(client.get("/lapor/", headers=english))
    assert '<html lang="en">' in html and "Send report" in html
    assert "Your name and contact details will not be shown to the institution or the public." in html
    assert "Anda sedang luring" not in html and "You are offline." in html  # the script's texts too
    refused = client.post("/lapor/", report_form(title=""), headers={**english, "X-Requested-With": "fetch"})
    assert refused.json()["errors"]["title"] == ["Report title is required."]
    assert "Track a report" in text_of(client.get("/lacak/", headers=english))
