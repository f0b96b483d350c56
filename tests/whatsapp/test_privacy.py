"""An anonymous WhatsApp reporter: their number and name never reach the institution or the public."""

from __future__ import annotations

import pytest
from django.test import Client

from aduan.reports import lifecycle, visibility
from aduan.reports.models import Report
from aduan.reports.visibility import Viewer

from .conftest import WA_ID, say, text

pytestmark = pytest.mark.django_db
COMPLAINT = "Petugas kelurahan meminta uang tambahan untuk mengurus KTP elektronik."
TRACES = ("81234567890", "6281234567890", "Siti Rahmawati")


def _anonymous_report(client: Client, graph) -> Report:
    say(client, text(COMPLAINT), name="Siti Rahmawati")
    say(client, text("Bodas, Kandangserang"), name="Siti Rahmawati")
    say(client, text("KIRIM ANONIM"), name="Siti Rahmawati")
    return Report.objects.get()


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_kirim_anonim_files_an_anonymous_report(client, graph, world) -> None:
    report = _anonymous_report(client, graph)
    assert report.anonymous
    # The verifier still sees who it is (to prevent abuse), and the reporter is still reachable.
    identity = visibility.reporter_identity(Viewer(world.verifier), report)
    assert identity is not None and identity["phone"] == "+6281234567890"
    assert report.code in graph.texts_to(WA_ID)[-1]


def test_staff_of_the_institution_never_see_the_number(client, graph, world) -> None:
    report = _anonymous_report(client, graph)
    lifecycle.verify(world.actor(world.verifier), report, institution="pemkab-33-26")
    report = lifecycle.assign(world.actor(world.regency_admin), report, institution="pemkab-33-26-dinas-pu")
    report.refresh_from_db()
    for user in (world.regency_admin, world.liaison, world.oversight):
        viewer = Viewer(user)
        assert visibility.reports_for(viewer).filter(pk=report.pk).exists()
        assert visibility.reporter_identity(viewer, report) is None
        shown = [
            visibility.reporter_label(viewer, report),
            *visibility.handler_text(viewer, report),
            *(f"{e.actor} {e.text} {e.note} {e.data}" for e in visibility.event_views(viewer, report)),
        ]
        for trace in TRACES:
            assert not any(trace in part for part in shown), (user, trace)
        page = _signed_in(user).get(f"/kantor/laporan/{report.code}/")
        assert page.status_code == 200
        for trace in TRACES:
            assert trace not in page.content.decode()


def test_the_public_page_never_shows_the_number(client, graph, world) -> None:
    report = _anonymous_report(client, graph)
    lifecycle.verify(world.actor(world.verifier), report, institution="pemkab-33-26")
    assert visibility.public_reports().filter(pk=report.pk).exists()
    page = Client().get(f"/laporan/{report.code}/")
    assert page.status_code == 200
    for trace in TRACES:
        assert trace not in page.content.decode()
    title, body = visibility.public_text(report)
    assert all(trace not in title + body for trace in TRACES)
