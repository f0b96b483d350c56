"""Lists: public reports for the public, queues for staff, one's own with `mine`; filters, `q`, pages with
`count` and `next`; a constant number of queries whatever the page size. Reference data and figures."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from tests.api.conftest import assert_error


def public_reports(world: Any, file_report: Any, n: int, **fields: Any) -> list[str]:
    verifier = Actor.for_user(world.verifier)
    codes = []
    for i in range(n):
        report = file_report(title=f"Lampu jalan mati nomor {i}", **fields).report
        lifecycle.verify(verifier, report, institution="pemkab-33-26")
        codes.append(report.code)
    return codes


def test_pages(api: Any, world: Any, file_report: Any) -> None:
    codes = public_reports(world, file_report, 5)
    file_report()  # not verified: not public
    first = api.get("/api/v1/reports", page_size=2).json()
    assert first["count"] == 5 and first["count_exact"] and first["page"] == 1
    assert [row["code"] for row in first["results"]] == codes[::-1][:2]
    assert first["next"].endswith("page=2") and "page_size=2" in first["next"] and first["previous"] is None
    second = api.client.get(first["next"].split("testserver")[-1].replace("http://127.0.0.1:8000", "")).json()
    assert [row["code"] for row in second["results"]] == codes[::-1][2:4]
    last = api.get("/api/v1/reports", page_size=2, page=3).json()
    assert len(last["results"]) == 1 and last["next"] is None and last["previous"]
    assert api.get("/api/v1/reports", page_size=2, page=9).json()["results"] == []
    assert_error(api.get("/api/v1/reports", page_size=101), 422, "validation_error")
    assert_error(api.get("/api/v1/reports", page=0), 422, "validation_error")


def test_filters(api: Any, world: Any, file_report: Any) -> None:
    public_reports(world, file_report, 2)
    other = public_reports(world, file_report, 1, classification="aspiration", region="33.75")
    listed = lambda **params: [row["code"] for row in api.get("/api/v1/reports", **params).json()["results"]]  # noqa: E731
    assert listed(classification="aspiration") == other
    assert len(listed(region="33.26")) == 2 and listed(region="33.75") == other and listed(region="33") != []
    assert len(listed(category="jalan-rusak")) == 3
    assert len(listed(institution="pemkab-33-26")) == 3 and listed(institution="pemkot-33-75") == []
    assert len(listed(status="dispositioned")) == 3 and listed(status="completed") == []
    assert len(listed(since="2000-01-01", until="2999-01-01")) == 3 and listed(until="2000-01-01") == []
    assert listed(q="nomor 1") != [] and listed(q="zebra terbang") == []
    assert_error(api.get("/api/v1/reports", status="terbang"), 400, "invalid_filter")
    assert_error(api.get("/api/v1/reports", category="tidak-ada"), 400, "invalid_filter")
    assert_error(api.get("/api/v1/reports", institution="tidak-ada"), 400, "invalid_filter")


def test_staff_see_their_queue_and_citizens_their_own(api: Any, world: Any, file_report: Any, token: Any) -> None:
    unverified = file_report().report
    verified = public_reports(world, file_report, 1)
    mine = file_report(actor=Actor.for_user(world.citizen), reporter=None).report
    verifier = api.get("/api/v1/reports", bearer=token(world.verifier)).json()
    assert {unverified.code, mine.code, *verified} <= {row["code"] for row in verifier["results"]}
    other_city = api.get("/api/v1/reports", bearer=token(world.other_admin)).json()
    assert other_city["results"] == []
    citizen = token(world.citizen)
    own = api.get("/api/v1/reports", bearer=citizen, mine="true").json()
    assert [row["code"] for row in own["results"]] == [mine.code]
    browsing = api.get("/api/v1/reports", bearer=citizen).json()  # a citizen browses the public list
    assert [row["code"] for row in browsing["results"]] == verified


def test_no_query_per_row(api: Any, world: Any, file_report: Any, token: Any) -> None:
    public_reports(world, file_report, 2, anonymous=True)
    verifier = token(world.verifier)

    def queries(n: int, bearer: str | None) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/api/v1/reports", bearer=bearer, page_size=n).status_code == 200
        return len(captured.captured_queries)

    small = queries(1, None), queries(1, verifier)
    public_reports(world, file_report, 6, anonymous=True)
    assert (queries(5, None), queries(5, verifier)) == small  # rows of 5 reports (and a next page) as of 1


def test_reference_data(api: Any, world: Any) -> None:
    institutions = api.get("/api/v1/institutions", q="Pekalongan").json()
    codes = [row["code"] for row in institutions["results"]]
    assert "pemkab-33-26" in codes and "pemkab-33-26-dinas-pu" in codes
    units = api.get("/api/v1/institutions", parent="pemkab-33-26").json()
    assert {row["code"] for row in units["results"]} == {"pemkab-33-26-dinas-pu", "pemkab-33-26-dinkes"}
    assert units["results"][0]["parent"] == "pemkab-33-26"
    picked = api.get("/api/v1/institutions", codes="kemen-pu,ombudsman").json()
    assert {row["code"] for row in picked["results"]} == {"kemen-pu", "ombudsman"}
    categories = api.get("/api/v1/categories").json()
    assert categories == [{"code": "jalan-rusak", "name": "Jalan Rusak", "name_en": "", "parent": None}]
    provinces = api.get("/api/v1/regions").json()
    assert [row["code"] for row in provinces["results"]] == ["33"]
    regencies = api.get("/api/v1/regions", parent="33").json()
    assert [row["code"] for row in regencies["results"]] == ["33.26", "33.75"]
    found = api.get("/api/v1/regions", q="bodas").json()
    assert found["results"] == [{"code": "33.26.01.2001", "name": "Bodas", "level": 4, "parent": "33.26.01"}]


def test_stats_count_public_reports_only(api: Any, world: Any, file_report: Any) -> None:
    public_reports(world, file_report, 2)
    file_report(confidential=True)
    stats = api.get("/api/v1/stats").json()
    assert stats["public"] == 2 and stats["in_progress"] == 2 and stats["completed"] == 0
    by_status = {row["key"]: row["count"] for row in stats["by_status"]}
    assert by_status["dispositioned"] == 2


def test_stats_carry_the_statistics_pages_figures(api: Any, world: Any, file_report: Any) -> None:
    public_reports(world, file_report, 2)
    file_report(confidential=True)
    stats = api.get("/api/v1/stats", periode="semua").json()
    # Confidential reports are never counted (docs/statistics.md); both public ones were received and verified.
    assert stats["figures"]["diterima"] == 2
    assert stats["figures"]["diverifikasi"] == 2
    scoped = api.get("/api/v1/stats", periode="semua", instansi="pemkot-33-75").json()
    assert scoped["figures"]["diterima"] == 0
    bad = api.get("/api/v1/stats", dari="kemarin")
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_filter"
