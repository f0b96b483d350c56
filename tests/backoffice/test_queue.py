"""/kantor/: who may open it, each role's default view, tabs and counts, deadline badges, filters, search,
sort, pages and saved views, without a query per row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from aduan.backoffice.deadlines import end_of_today
from aduan.backoffice.models import SavedView
from aduan.backoffice.queue import PAGE_SIZE
from aduan.reports import lifecycle
from aduan.reports.models import Category, Report

from .helpers import html, queue_codes


def set_due(report: Report, due_at) -> None:
    Report.objects.filter(pk=report.pk).update(due_at=due_at)


def test_only_staff_may_open_the_queue(world, client, client_for):
    response = client.get("/kantor/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/?next=/kantor/")
    citizen = client_for(world.citizen).get("/kantor/")
    assert citizen.status_code == 403
    assert "Akses ditolak" in html(citizen)
    assert client_for(world.verifier).get("/kantor/").status_code == 200


def test_queue_pages_are_not_cached(world, client_for):
    response = client_for(world.verifier).get("/kantor/")
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_default_view_per_role(world, client_for, file_report, routed, assigned):
    submitted = file_report().report
    needs_info = file_report().report
    lifecycle.request_info(world.actor(world.verifier), needs_info, message="Mohon lampirkan foto lokasi.")
    at_regency = routed()
    at_unit = assigned()
    responded = routed()
    lifecycle.respond(world.actor(world.regency_admin), responded, message="Sudah ditambal minggu ini.")
    elsewhere = routed(institution="pemkot-33-75")
    completed = routed()
    lifecycle.respond(world.actor(world.regency_admin), completed, message="Sudah ditambal minggu ini.")
    lifecycle.close_by_silence(completed, at=timezone.now() + timedelta(days=30))

    def default(user) -> set[str]:
        return set(queue_codes(client_for(user).get("/kantor/")))

    assert default(world.verifier) == {submitted.code, needs_info.code}
    assert default(world.regency_admin) == {at_regency.code, at_unit.code, responded.code}
    assert default(world.liaison) == {at_unit.code}
    assert default(world.other_admin) == {elsewhere.code}
    assert default(world.oversight) == set()

    escalated = routed()
    lifecycle.escalate(escalated, at=timezone.now())
    overdue = routed()
    set_due(overdue, timezone.now() - timedelta(hours=1))
    assert default(world.oversight) == {escalated.code, overdue.code}


def test_tabs_count_every_status_in_one_query(world, client_for, file_report, routed, django_assert_num_queries):
    file_report()
    file_report()
    routed()
    client = client_for(world.verifier)
    page = html(client.get("/kantor/"))
    assert 'data-tab="0">Untuk saya <span class="count">2</span>' in page
    assert 'Belum terverifikasi <span class="count">2</span>' in page
    assert 'Belum ditindaklanjuti <span class="count">1</span>' in page
    assert 'Semua <span class="count">3</span>' in page
    dispositioned = client.get("/kantor/", {"status": "dispositioned"})
    assert len(queue_codes(dispositioned)) == 1
    assert 'aria-current="page" class="active" data-tab="4"' in html(dispositioned)


def test_deadline_badges(world, client_for, file_report):
    now = timezone.now()
    late, today, later = (file_report(title=title).report for title in ("Terlambat", "Hari ini", "Nanti"))
    set_due(late, now - timedelta(minutes=5))
    set_due(today, end_of_today(now))  # the end of today, Asia/Jakarta
    set_due(later, end_of_today(now) + timedelta(days=3))
    page = html(client_for(world.verifier).get("/kantor/"))
    rows = {
        code: page.split(f'data-code="{code}"')[1].split("</tr>")[0] for code in (late.code, today.code, later.code)
    }
    assert 'class="badge overdue"' in rows[late.code]
    assert 'class="badge today"' in rows[today.code]
    last_day = timezone.localdate(now) + timedelta(days=3)
    assert 'class="badge overdue"' not in rows[later.code] and 'class="badge today"' not in rows[later.code]
    months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
    assert f"{last_day.day} {months[last_day.month - 1]} {last_day.year}" in rows[later.code]


def test_filters(world, client_for, file_report, routed, assigned):
    other_category = Category.objects.create(code="lampu-jalan", name="Lampu Jalan")
    road = routed()
    light = routed(category=other_category.code)
    at_unit = assigned()
    elsewhere = routed(institution="pemkot-33-75")
    escalated = routed()
    lifecycle.escalate(escalated, at=timezone.now())
    set_due(road, timezone.now() - timedelta(hours=2))
    set_due(light, end_of_today(timezone.now()))
    client = client_for(world.verifier)

    def codes(**params) -> set[str]:
        return set(queue_codes(client.get("/kantor/", {"status": "semua", **params})))

    assert codes(kategori="lampu-jalan") == {light.code}
    assert codes(instansi="pemkab-33-26-dinas-pu") == {at_unit.code}
    assert codes(instansi="pemkab-33-26") == {road.code, light.code, at_unit.code, escalated.code}
    assert codes(instansi="pemkot-33-75") == {elsewhere.code}
    assert codes(instansi="tidak-ada") == set()
    assert codes(tenggat="overdue") == {road.code}
    assert codes(tenggat="today") == {light.code}
    assert codes(eskalasi="1") == {escalated.code}
    assert codes(status="dispositioned", kategori="jalan-rusak", instansi="pemkab-33-26") == {road.code, escalated.code}


def test_search_by_code_or_title(world, client_for, file_report):
    bridge = file_report(title="Jembatan gantung putus").report
    road = file_report().report
    client = client_for(world.verifier)
    assert queue_codes(client.get("/kantor/", {"q": "jembatan"})) == [bridge.code]
    assert queue_codes(client.get("/kantor/", {"q": road.code.lower().replace("-", "")})) == [road.code]
    assert queue_codes(client.get("/kantor/", {"q": "tidak ada yang cocok"})) == []
    # A search looks through every status, and says so.
    assert 'aria-current="page" class="active" data-tab="9">Semua' in html(client.get("/kantor/", {"q": "jembatan"}))


def test_rows_stack_into_labelled_cards_on_phones(world, client_for, file_report):
    file_report()
    page = html(client_for(world.verifier).get("/kantor/"))
    table = page.split('<table class="stack queue" id="queue">')[1].split("</table>")[0]
    cells = table.split("<td")[1:]
    assert cells and all(cell.startswith(' data-label="') for cell in cells)
    assert "backoffice/backoffice.css" in page and 'name="viewport"' in page


def test_sort_orders(world, client_for, file_report):
    now = timezone.now()
    first = file_report(at=now - timedelta(days=3)).report
    second = file_report(at=now - timedelta(days=2)).report
    third = file_report(at=now - timedelta(days=1)).report
    set_due(first, now + timedelta(days=9))
    set_due(second, now + timedelta(days=1))
    set_due(third, now + timedelta(days=5))
    client = client_for(world.verifier)
    assert queue_codes(client.get("/kantor/")) == [second.code, third.code, first.code]
    assert queue_codes(client.get("/kantor/", {"urut": "submitted_at"})) == [first.code, second.code, third.code]
    assert queue_codes(client.get("/kantor/", {"urut": "newest"})) == [third.code, second.code, first.code]


def test_pages_of_fifty(world, client_for, file_report):
    for _ in range(PAGE_SIZE + 3):
        file_report()
    client = client_for(world.verifier)
    first = client.get("/kantor/")
    assert len(queue_codes(first)) == PAGE_SIZE
    assert "halaman=2" in html(first)
    second = client.get("/kantor/", {"halaman": 2})
    assert len(queue_codes(second)) == 3
    assert not set(queue_codes(first)) & set(queue_codes(second))


def test_no_query_per_row(world, client_for, file_report, routed, assigned, django_assert_max_num_queries):
    def make(n: int) -> None:
        for i in range(n):
            kind = i % 3
            if kind == 0:
                file_report(anonymous=True)
            elif kind == 1:
                routed(anonymous=True)
            else:
                assigned()

    make(3)
    counts = {}
    for user in (world.verifier, world.regency_admin, world.liaison, world.oversight):
        client = client_for(user)
        client.get("/kantor/?status=semua")  # warm the session
        # A fixed number: session, membership scopes, one capped count per tab, the page, saved views, filters.
        with django_assert_max_num_queries(30) as small:
            assert client.get("/kantor/?status=semua").status_code == 200
        counts[user.username] = len(small.captured_queries)
    make(12)
    for user in (world.verifier, world.regency_admin, world.liaison, world.oversight):
        client = client_for(user)
        client.get("/kantor/?status=semua")
        with django_assert_max_num_queries(counts[user.username]):
            response = client.get("/kantor/?status=semua")
        assert len(queue_codes(response)) > 3


def test_saved_views(world, client_for, file_report):
    bridge = file_report(title="Jembatan gantung putus").report
    file_report()
    client = client_for(world.verifier)
    response = client.post(
        "/kantor/tampilan/", {"name": "Jembatan", "querystring": "q=jembatan&urut=newest&evil=1&status=semua"}
    )
    assert response.status_code == 302
    saved = SavedView.objects.get(user=world.verifier)
    assert saved.name == "Jembatan"
    assert saved.querystring == "status=semua&q=jembatan&urut=newest"  # only what the queue understands
    page = html(client.get("/kantor/"))
    assert f'href="?{saved.querystring}" class="saved-view">Jembatan</a>' in page.replace("&amp;", "&")
    assert queue_codes(client.get(f"/kantor/?{saved.querystring}")) == [bridge.code]
    # Saving again under the same name replaces it; another person never sees it.
    client.post("/kantor/tampilan/", {"name": "Jembatan", "querystring": "status=submitted"})
    assert SavedView.objects.get(user=world.verifier).querystring == "status=submitted"
    assert "Jembatan" not in html(client_for(world.regency_admin).get("/kantor/"))
    other = client_for(world.regency_admin).post(f"/kantor/tampilan/{saved.pk}/hapus/")
    assert other.status_code == 404
    client.post(f"/kantor/tampilan/{saved.pk}/hapus/")
    assert not SavedView.objects.exists()


def test_a_saved_view_needs_a_name(world, client_for):
    client = client_for(world.verifier)
    response = client.post("/kantor/tampilan/", {"name": " ", "querystring": "status=semua"}, follow=True)
    assert "Beri nama tampilan" in html(response)
    assert not SavedView.objects.exists()


@pytest.mark.parametrize("bad", ["status=bogus", "urut=drop", "tenggat=kemarin", "halaman=abc"])
def test_unknown_parameters_are_ignored(world, client_for, file_report, bad):
    report = file_report().report
    assert queue_codes(client_for(world.verifier).get(f"/kantor/?{bad}")) == [report.code]
