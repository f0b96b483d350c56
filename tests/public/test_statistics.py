"""`/statistik/`: national figures (aduan.stats; confidential reports never counted), as tables a screen reader
can navigate."""

from __future__ import annotations

import itertools
import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aduan.reports import lifecycle
from aduan.reports.models import Category

from .helpers import assert_accessible_html, assert_private, get_html


def test_counts_by_classification_and_category(world, file_report) -> None:
    verifier = world.actor(world.verifier)
    Category.objects.create(code="kesehatan", name="Kesehatan")
    for classification in ("complaint", "complaint", "aspiration"):
        report = file_report(classification=classification).report
        lifecycle.verify(verifier, report, institution="pemkab-33-26")
    to_unit = file_report(category="kesehatan").report
    lifecycle.verify(verifier, to_unit, institution="pemkab-33-26-dinkes")  # counts for its regency
    lifecycle.accept(world.actor(world.health_liaison), to_unit)
    city = file_report(region="33.75").report
    lifecycle.verify(verifier, city, institution="pemkot-33-75")
    lifecycle.respond(world.actor(world.other_admin), city, message="Sudah kami perbaiki minggu lalu.")
    # Confidential and unverified reports count nowhere, not even as an institution's presence.
    secret = file_report(confidential=True).report
    lifecycle.verify(verifier, secret, institution="kemen-pu")
    file_report()

    page = Client().get("/statistik/")
    # Figures from aduan.stats (docs/statistics.md): every report received counts, unverified ones too;
    # a confidential one counts nowhere.
    summary = page.context["page"].summary
    assert (summary.received, summary.verified, summary.responded) == (6, 5, 1)
    assert (summary.received_complaint, summary.received_aspiration) == (5, 1)
    assert [(bar.key, bar.n) for bar in page.context["page"].categories] == [("jalan-rusak", 5), ("kesehatan", 1)]
    html = page.content.decode()
    assert "Kementerian Pekerjaan Umum" not in html


def test_every_table_has_a_caption_and_scoped_headers(world) -> None:
    html = get_html(Client(), "/statistik/")
    tables = re.findall(r"(?s)<table>.*?</table>", html)
    assert len(tables) >= 3  # archive reasons, months, provinces (more once there are reports)
    for table in tables:
        assert re.search(r"<caption>[^<]+\S[^<]*</caption>", table), table[:200]
        headers = re.findall(r"<th[ >][^>]*>?", table)
        assert headers and all('scope="' in th for th in headers)
    levels = [int(n) for n in re.findall(r"<h([1-6])", html[html.find("<main") :])]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_queries_do_not_grow_with_the_reports(world, file_report) -> None:
    verifier = world.actor(world.verifier)
    report = file_report().report
    lifecycle.verify(verifier, report, institution="pemkab-33-26")
    with CaptureQueriesContext(connection) as few:
        Client().get("/statistik/")
    for region, institution in [("33.75", "pemkot-33-75"), ("33.26.01", "pemkab-33-26-dinas-pu")] * 5:
        report = file_report(region=region).report
        lifecycle.verify(verifier, report, institution=institution)
    with CaptureQueriesContext(connection) as many:
        Client().get("/statistik/")
    assert len(many) == len(few) <= 12


def test_statistics_show_no_identity(sensitive) -> None:
    client = Client()
    html = get_html(client, "/statistik/")
    assert_private(html, sensitive)
    assert_accessible_html(html)
    assert client.get("/statistik/").context["page"].summary.received == 3  # not the confidential one
