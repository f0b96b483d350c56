"""`/instansi/<slug>/`: an institution, its units, and figures over the public reports its subtree holds:
received, in progress, completed (confirmed vs silence), median working days to the first response and
the share answered within the 5-working-day deadline."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aduan.public import figures
from aduan.public.views.institutions import held_by
from aduan.reports import lifecycle
from aduan.reports.actors import Actor

from .helpers import assert_accessible_html, assert_private, get_html

WIB = ZoneInfo("Asia/Jakarta")


def wib(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=WIB)


def test_unknown_institution_is_404(world) -> None:
    assert Client().get("/instansi/tidak-ada/").status_code == 404


def test_shows_the_institution_its_parent_and_units(world) -> None:
    html = get_html(Client(), "/instansi/pemkab-33-26/")
    assert "<h1>Pemerintah Kabupaten Pekalongan</h1>" in html
    assert "Pemerintah kabupaten" in html
    assert 'href="/instansi/pemprov-33/"' in html
    assert 'href="/instansi/pemkab-33-26-dinas-pu/"' in html and "Dinas Kesehatan Kabupaten Pekalongan" in html
    province = get_html(Client(), "/instansi/pemprov-33/")
    assert 'href="/instansi/pemkab-33-26/"' in province and 'href="/instansi/pemkot-33-75/"' in province


def test_figures_cover_the_subtree(world, file_report) -> None:
    verifier, admin = world.actor(world.verifier), world.actor(world.regency_admin)
    subs = []
    for _ in range(4):
        sub = file_report()
        lifecycle.verify(verifier, sub.report, institution="pemkab-33-26")
        subs.append(sub)
    lifecycle.assign(admin, subs[0].report, institution="pemkab-33-26-dinas-pu")
    for sub in subs[1:3]:
        lifecycle.respond(admin, sub.report, message="Perbaikan sudah selesai dikerjakan.")
    lifecycle.confirm(Actor.reporter_with_token(subs[1].access_token), subs[1].report)
    lifecycle.close_by_silence(subs[2].report, at=subs[2].report.due_at)
    city = file_report(region="33.75").report
    lifecycle.verify(verifier, city, institution="pemkot-33-75")
    secret = file_report(confidential=True).report
    lifecycle.verify(verifier, secret, institution="pemkab-33-26")

    # Figures from aduan.stats: the reports the institution (or its unit) holds; confidential ones never.
    regency = Client().get("/instansi/pemkab-33-26/").context["stats"]
    # subs[2] is closed by silence on its due day, after today: not yet in figures that end today.
    assert (regency.received, regency.responded, regency.completed) == (4, 2, 1)
    assert (regency.confirmed, regency.silence) == (1, 0)
    unit = Client().get("/instansi/pemkab-33-26-dinas-pu/")
    assert unit.context["stats"].received == 1
    assert [row.code for row in unit.context["latest"]] == [subs[0].report.code]
    assert Client().get("/instansi/pemkot-33-75/").context["stats"].received == 1
    page = Client().get("/instansi/pemkab-33-26/")
    assert 'href="/laporan/?instansi=pemkab-33-26"' in page.content.decode()
    assert len(page.context["latest"]) == 4


def test_response_times_in_working_days(world, file_report) -> None:
    verifier, admin = world.actor(world.verifier), world.actor(world.regency_admin)

    def routed(at: datetime, answered: datetime | None = None):
        report = file_report(at=at - timedelta(hours=1)).report
        lifecycle.verify(verifier, report, institution="pemkab-33-26", at=at)
        if answered:
            lifecycle.respond(admin, report, message="Sudah kami tindak lanjuti di lapangan.", at=answered)
        return report

    # Dispositioned Monday 2 March 2026; the 5th working day after it is Monday 9 March.
    routed(wib(3, 2), wib(3, 4))  # 2 working days
    routed(wib(3, 2), wib(3, 9, 16))  # 5: on the last day
    routed(wib(3, 2), wib(3, 10))  # 6: late
    routed(wib(3, 2))  # never answered, deadline long past: late
    routed(wib(3, 19))  # never answered, deadline still running: not counted yet
    found = figures.timeliness(held_by(world.regency), today=date(2026, 3, 20))
    assert found.responded == 3
    assert found.median_days == 5
    assert (found.on_time, found.due) == (2, 4)
    assert found.share_on_time == 50
    # A year later, none of it is in the window any more.
    later = figures.timeliness(held_by(world.regency), today=date(2027, 6, 1))
    assert (later.responded, later.median_days, later.share_on_time) == (0, None, None)


def test_a_response_on_a_holiday_after_the_deadline_is_late(world, file_report) -> None:
    verifier, admin = world.actor(world.verifier), world.actor(world.regency_admin)
    # Dispositioned Friday 27 February: the deadline ends with Friday 6 March.
    report = file_report(at=wib(2, 27, 9)).report
    lifecycle.verify(verifier, report, institution="pemkab-33-26", at=wib(2, 27))
    lifecycle.respond(admin, report, message="Sudah kami tindak lanjuti di lapangan.", at=wib(3, 7))  # Saturday
    found = figures.timeliness(held_by(world.regency), today=date(2026, 3, 20))
    assert found.median_days == 5  # only five working days passed…
    assert found.on_time == 0  # …but the deadline had ended


def test_weighted_median() -> None:
    assert figures.weighted_median(Counter()) is None
    assert figures.weighted_median(Counter({3: 5})) == 3
    assert figures.weighted_median(Counter({1: 1, 4: 1})) == 2.5
    assert figures.weighted_median(Counter({0: 2, 7: 1, 9: 1})) == 3.5
    assert figures.weighted_median(Counter({2: 1, 5: 1, 6: 1})) == 5


def test_the_page_shows_response_times(world, file_report) -> None:
    verifier, admin = world.actor(world.verifier), world.actor(world.regency_admin)
    report = file_report().report
    lifecycle.verify(verifier, report, institution="pemkab-33-26")
    lifecycle.respond(admin, report, message="Sudah kami tindak lanjuti di lapangan.")
    page = Client().get("/instansi/pemkab-33-26/")
    assert page.context["stats"].response_median == 0
    html = page.content.decode()
    assert "median 0 hari kerja sejak disposisi" in html
    assert "<caption>" in html and 'scope="row"' in html


def test_queries_do_not_grow_with_the_reports(world, file_report) -> None:
    verifier = world.actor(world.verifier)

    def publish(n: int) -> None:
        for _ in range(n):
            report = file_report().report
            lifecycle.verify(verifier, report, institution="pemkab-33-26")

    publish(1)
    with CaptureQueriesContext(connection) as few:
        Client().get("/instansi/pemkab-33-26/")
    publish(15)
    with CaptureQueriesContext(connection) as many:
        assert len(Client().get("/instansi/pemkab-33-26/").context["latest"]) == 10
    assert len(many) == len(few) <= 10


def test_institution_page_shows_no_identity(sensitive) -> None:
    client = Client()
    for slug in ("pemkab-33-26", "pemprov-33", "operator"):
        html = get_html(client, f"/instansi/{slug}/")
        assert_private(html, sensitive)
        assert_accessible_html(html)
    page = client.get("/instansi/pemkab-33-26/")
    assert page.context["stats"].received == 2  # the anonymous and the named one; not the confidential one
    assert page.context["stats"].responded == 1  # the anonymous one; the confidential answer is not counted
