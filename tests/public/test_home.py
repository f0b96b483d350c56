"""The home page: Bahasa Indonesia by default, English one click away, how to report by every channel,
figures only from public reports, the latest answered public reports — and nobody's identity."""

from __future__ import annotations

from django.test import Client

from aduan.reports import lifecycle
from aduan.reports.actors import Actor

from .helpers import assert_accessible_html, assert_private, get_html


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
    assert page.context["figures"].public == 1
    assert page.context["figures"].in_progress == 1
    assert page.context["figures"].completed == 0


def test_home_keeps_confirmed_apart_from_closed_by_silence(world, file_report) -> None:
    verifier, admin = world.actor(world.verifier), world.actor(world.regency_admin)
    closed = []
    for _ in range(3):
        sub = file_report()
        lifecycle.verify(verifier, sub.report, institution="pemkab-33-26")
        lifecycle.respond(admin, sub.report, message="Jalan sudah diperbaiki oleh Dinas PU.")
        closed.append(sub)
    lifecycle.confirm(Actor.reporter_with_token(closed[0].access_token), closed[0].report)
    lifecycle.close_by_silence(closed[1].report, at=closed[1].report.due_at)
    figures = Client().get("/").context["figures"]
    assert (figures.public, figures.in_progress, figures.completed) == (3, 1, 2)
    assert (figures.confirmed, figures.silence) == (1, 1)


def test_home_says_how_to_report_by_every_channel(world, settings) -> None:
    html = get_html(Client(), "/")
    assert 'href="/lapor/"' in html and 'href="/lacak/"' in html
    for channel in ("SMS", "WhatsApp", "X (Twitter)", "Surel", "Aplikasi"):
        assert channel in html
    assert html.count(">segera<") == 5  # none configured: every channel but the web form is “segera”

    settings.ADUAN_SMS_NUMBER = "1708"
    settings.ADUAN_WHATSAPP_NUMBER = "08118281708"
    html = get_html(Client(), "/")
    assert "kirim ke 1708" in html and "08118281708" in html
    assert html.count(">segera<") == 3


def test_home_lists_the_latest_answered_public_reports(world, file_report) -> None:
    verifier, admin = world.actor(world.verifier), world.actor(world.regency_admin)
    answered = file_report(title="Jembatan gantung putus di Kandangserang").report
    lifecycle.verify(verifier, answered, institution="pemkab-33-26")
    lifecycle.respond(admin, answered, message="Jembatan sementara sudah dipasang.")
    waiting = file_report(title="Sampah menumpuk di pasar Kajen").report
    lifecycle.verify(verifier, waiting, institution="pemkab-33-26")
    html = get_html(Client(), "/")
    assert "Jembatan gantung putus di Kandangserang" in html
    assert f'href="/laporan/{answered.code}/"' in html
    assert "Sampah menumpuk di pasar Kajen" not in html  # not answered yet


def test_home_shows_no_identity_and_no_private_report(sensitive) -> None:
    html = get_html(Client(), "/")
    assert sensitive.anonymous.code in html  # answered, public: listed, with its title redacted
    assert "[nama disembunyikan]" in html
    assert_private(html, sensitive)
    assert_accessible_html(html)
