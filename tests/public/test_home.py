"""The home page: Bahasa Indonesia by default, English one click away, figures only from public reports."""

from __future__ import annotations

from django.test import Client

from aduan.reports import lifecycle


def test_home_is_indonesian_by_default_and_english_on_request(world) -> None:
    client = Client()
    page = client.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'lang="id"' in html and "Layanan Aspirasi dan Pengaduan Masyarakat" in html
    assert 'href="/admin/"' in html
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert 'lang="en"' in switched.content.decode()
    assert "Layanan Aspirasi dan Pengaduan Masyarakat" not in switched.content.decode()


def test_home_counts_only_public_reports(world, file_report) -> None:
    verifier = world.actor(world.verifier)
    public = file_report().report
    lifecycle.verify(verifier, public, institution="pemkab-33-26")
    secret = file_report(confidential=True).report
    lifecycle.verify(verifier, secret, institution="pemkab-33-26")
    file_report()  # not yet verified
    page = Client().get("/")
    assert page.context["figures"]["public"] == 1
    assert page.context["figures"]["in_progress"] == 1
