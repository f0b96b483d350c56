"""Full-text search through `/laporan/?q=` and `GET /api/v1/reports?q=`, on SQLite and PostgreSQL alike:
stems and stopwords, only public reports and only their public (redacted) text, ranking, highlights,
filters combined, the index kept by the observer and rebuilt by `aduan search-reindex`, bad queries."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aduan.reports import lifecycle
from aduan.reports.models import Category, Report
from aduan.reports.visibility import public_reports
from aduan.search import index, text
from aduan.search.models import SearchDocument
from aduan.search.query import search

from .conftest import T

ANONYMOUS = {"name": "Bambang Sutrisno", "phone": "081398765432", "email": "bambang.s@example.id", "nik": ""}


def found(q: str, **params: Any) -> list[str]:
    response = Client().get("/laporan/", {"q": q, **params})
    assert response.status_code == 200
    return [row.code for row in response.context["rows"]]


def api_found(q: str, **params: Any) -> Any:
    return Client().get("/api/v1/reports", {"q": q, **params})


def test_stemming_finds_jalan_berlubang_in_jalanan_yang_berlubang_lubang(publish) -> None:
    target = publish(0, title="Kerusakan di Desa Bodas", body="Jalanan yang berlubang-lubang membahayakan warga.")
    publish(1, title="Sampah tidak diangkut", body="Tumpukan sampah di pasar sudah dua minggu.")
    assert found("jalan berlubang") == [target.code]
    assert found("Jalanan berlubang") == [target.code]
    assert found("lubang") == [target.code]
    assert found("sampah jalan") == []  # every word must be there
    response = api_found("jalan berlubang")
    assert response.status_code == 200 and [r["code"] for r in response.json()["results"]] == [target.code]


def test_stopwords_are_ignored(publish) -> None:
    target = publish(0, title="Obat kosong di puskesmas", body="Obat untuk penyakit kronis kosong.")
    assert found("puskesmas") == found("yang puskesmas di") == found("puskesmas dan yang untuk") == [target.code]
    response = Client().get("/laporan/", {"q": "yang dan di"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kata kunci hanya berisi kata umum" in html
    assert [row.code for row in response.context["rows"]] == [target.code]  # the query is left out, not the list
    answer = api_found("yang dan di")
    assert answer.status_code == 400 and answer.json()["error"] == "query_only_stopwords"


def test_only_public_reports_are_indexed_and_found(world, file_report, publish) -> None:
    verifier = world.actor(world.verifier)
    public = publish(0, title="Genangan banjir di pasar", body="Banjir setiap hujan.")
    confidential = file_report(title="Banjir rahasia", body="Banjir di kantor.", confidential=True).report
    lifecycle.verify(verifier, confidential, institution="pemkab-33-26")
    unverified = file_report(title="Banjir belum diverifikasi", body="Banjir lagi.").report
    archived = file_report(title="Banjir diarsipkan", body="Banjir spam.").report
    lifecycle.archive(verifier, archived, reason="spam")
    assert found("banjir") == [public.code]
    assert [r["code"] for r in api_found("banjir").json()["results"]] == [public.code]
    assert list(SearchDocument.objects.values_list("report_id", flat=True)) == [public.pk]
    html = Client().get("/laporan/", {"q": "banjir"}).content.decode()
    for hidden in (confidential, unverified, archived):
        assert hidden.code not in html and hidden.title not in html

    # A report that stops being public leaves the index at its next write (observer), and the search
    # re-checks visibility in any case.
    Report.objects.filter(pk=public.pk).update(confidential=True)
    assert found("banjir") == []
    index.sync([Report.objects.get(pk=public.pk)])
    assert not SearchDocument.objects.exists()


def test_anonymous_reporters_name_is_never_findable_nor_highlighted(world, file_report) -> None:
    verifier = world.actor(world.verifier)
    name = ANONYMOUS["name"]
    report = file_report(
        anonymous=True,
        title=f"Jalan berlubang di depan rumah {name}",
        body=f"Saya {name}, telepon {ANONYMOUS['phone']}. Jalanan di depan rumah saya berlubang dan berbahaya.",
        reporter=dict(ANONYMOUS),
    ).report
    lifecycle.verify(verifier, report, institution="pemkab-33-26")
    document = SearchDocument.objects.get(report=report)
    for word in ("bambang", "sutrisno", "081398765432"):
        assert word not in document.title_terms + " " + document.body_terms
        assert found(word) == []
        assert api_found(word).json()["results"] == []
    response = Client().get("/laporan/", {"q": "jalan berlubang"})
    assert [row.code for row in response.context["rows"]] == [report.code]
    html = response.content.decode()
    assert "<mark>berlubang</mark>" in html
    for value in ("Bambang", "Sutrisno", ANONYMOUS["phone"], ANONYMOUS["email"]):
        assert value not in html
    row = response.context["rows"][0]
    assert "Bambang" not in row.title_html + row.snippet


def test_title_ranks_above_body(publish) -> None:
    in_title = publish(0, title="Banjir di Desa Bodas", body="Air setinggi lutut di permukiman warga.")
    in_body = publish(5, title="Saluran tersumbat", body="Saluran tersumbat sampah sehingga terjadi banjir.")
    neither = publish(10, title="Lampu jalan padam", body="Lampu mati seminggu.")
    assert found("banjir") == [in_title.code, in_body.code]
    api = [r["code"] for r in api_found("banjir").json()["results"]]
    assert api == [in_title.code, in_body.code]
    assert neither.code not in api
    ranked = list(search(public_reports(), text.parse("banjir")))
    assert [r.code for r in ranked] == [in_title.code, in_body.code]
    assert ranked[0].search_rank > ranked[1].search_rank


def test_excluded_words(publish) -> None:
    flood = publish(0, title="Banjir di pasar", body="Genangan di pasar.")
    publish(1, title="Banjir di jalan raya", body="Jalan tergenang.")
    assert found("banjir -jalan") == [flood.code]


def test_filters_combine_with_search(world, publish) -> None:
    school = Category.objects.create(code="pungutan-sekolah", name="Pungutan Sekolah")
    hit = publish(
        0,
        title="Pungutan liar di sekolah negeri",
        body="Sekolah meminta uang seragam.",
        category=school.code,
        classification="complaint",
    )
    elsewhere = publish(
        1,
        title="Pungutan liar sekolah di kota",
        body="Sekolah meminta uang gedung.",
        category=school.code,
        region="33.75",
        institution="pemkot-33-75",
    )
    aspiration = publish(2, title="Pungutan sekolah sebaiknya dihapus", classification="aspiration", body="Usul.")
    publish(3, title="Jalan rusak", body="Jalan berlubang.")
    q = "pungutan sekolah"
    assert set(found(q)) == {hit.code, elsewhere.code, aspiration.code}
    assert set(found(q, wilayah="33.26")) == {hit.code, aspiration.code}
    assert found(q, wilayah="33.26", kategori=school.code) == [hit.code]
    assert found(q, instansi="pemkot-33-75") == [elsewhere.code]
    assert found(q, klasifikasi="aspiration") == [aspiration.code]
    assert set(found(q, status="dispositioned")) == {hit.code, elsewhere.code, aspiration.code}
    assert found(q, status="completed") == []
    day = timezone.localtime(T + timedelta(minutes=1)).date().isoformat()
    assert len(found(q, dari=day, sampai=day)) == 3
    assert found(q, sampai=timezone.localtime(T - timedelta(days=1)).date().isoformat()) == []
    answer = api_found(q, region="33.75", category=school.code)
    assert [r["code"] for r in answer.json()["results"]] == [elsewhere.code]


def test_bad_period_and_long_query_get_a_clear_message(publish) -> None:
    report = publish(0, title="Banjir di pasar", body="Genangan.")
    response = Client().get("/laporan/", {"q": "banjir " * 2000})
    assert response.status_code == 200
    assert "Kata kunci paling panjang 200 karakter" in response.content.decode()
    assert [row.code for row in response.context["rows"]] == [report.code]
    response = Client().get("/laporan/", {"dari": "2025-05-01", "sampai": "2025-01-01"})
    assert "lebih awal dari tanggal mulai" in response.content.decode()
    response = Client().get("/laporan/", {"dari": "1850-01-01"})
    assert "di luar rentang" in response.content.decode()
    response = Client().get("/laporan/", {"dari": "kemarin"})
    assert "Tanggal tidak valid" in response.content.decode()
    answer = api_found("banjir " * 2000)
    assert answer.status_code == 400
    assert answer.json()["error"] == "query_too_long" and "200" in answer.json()["detail"]
    assert api_found("!!! ???").json()["error"] == "query_no_words"


def test_search_page_is_a_bounded_number_of_queries(publish) -> None:
    for n in range(25):
        publish(n, title=f"Banjir nomor {n}", body="Genangan setiap hujan di permukiman warga.")
    client = Client()
    client.get("/laporan/", {"q": "banjir"})
    with CaptureQueriesContext(connection) as few:
        first = client.get("/laporan/", {"q": "banjir genangan"})
    with CaptureQueriesContext(connection) as second_page:
        second = client.get("/laporan/", {"q": "banjir genangan", "halaman": "2"})
    assert len(first.context["rows"]) == 20 and len(second.context["rows"]) == 5
    assert len(few) == len(second_page) <= 14  # at most 8 pool steps, rank, page, and the form's lists
    sql = " ".join(q["sql"] for q in few.captured_queries).upper()
    assert "LIMIT" in sql


def test_reindex_command_builds_and_prunes(world, file_report, publish, capsys) -> None:
    one = publish(0, title="Banjir di pasar", body="Genangan.")
    two = publish(1, title="Jalanan berlubang", body="Berlubang-lubang.")
    hidden = file_report(title="Banjir tersembunyi", body="Banjir.").report
    SearchDocument.objects.all().delete()
    SearchDocument.objects.create(report=hidden, title_terms="banjir", body_terms="banjir", submitted_at=T)
    assert found("banjir") == []  # the stale document of an unverified report is never shown either
    call_command("search_reindex", batch=1)
    assert "2 public reports, 2 documents written, 1 removed" in capsys.readouterr().out
    assert set(SearchDocument.objects.values_list("report_id", flat=True)) == {one.pk, two.pk}
    assert found("banjir") == [one.code] and found("jalan berlubang") == [two.code]
    call_command("search_reindex")
    assert "0 documents written, 0 removed" in capsys.readouterr().out


def test_index_follows_the_public_text(world, file_report) -> None:
    report = file_report(title="Jalan rusak di Bodas", body="Aspal mengelupas.").report
    assert not SearchDocument.objects.exists()  # intake: not public, not indexed
    lifecycle.verify(
        world.actor(world.verifier),
        report,
        institution="pemkab-33-26",
        public_title="Aspal jalan mengelupas",
        public_body="Perbaikan aspal diperlukan.",
    )
    document = SearchDocument.objects.get(report=report)
    assert (document.title_terms, document.body_terms) == ("aspal jalan kelupas", "baik aspal")
    assert found("perbaikan aspal") == [report.code]


def test_api_staff_search_keeps_its_own_semantics(world, publish) -> None:
    """Staff search their queue over the original text (the index holds public text only)."""
    from aduan.channels import keys

    report = publish(0, title="Banjir di pasar", body="Genangan.")
    _token, token = keys.create_token(world.regency_admin)
    response = Client().get("/api/v1/reports", {"q": "Banjir"}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, json.loads(response.content)
    assert [r["code"] for r in response.json()["results"]] == [report.code]


@pytest.mark.parametrize("q", ["jalan", "jalan rusak", "banjir -jalan"])
def test_sql_uses_the_index(publish, q) -> None:
    publish(0, title="Jalan rusak", body="Banjir.")
    publish(1, title="Pasar tergenang", body="Banjir setiap hujan.")
    with CaptureQueriesContext(connection) as queries:
        Client().get("/laporan/", {"q": q})
    sql = " ".join(x["sql"] for x in queries.captured_queries)
    if connection.vendor == "postgresql":
        assert "@@ " in sql and "::tsquery" in sql and "ts_rank_cd" in sql
    else:
        assert "search_fts MATCH" in sql and "bm25" in sql


def test_time_windows_are_growing_stretches_up_to_now() -> None:
    from datetime import UTC, datetime

    from aduan.search.index import time_terms
    from aduan.search.query import _windows

    now = datetime(2026, 1, 3, 2, 0, tzinfo=UTC)
    windows = _windows(now)
    assert windows[0] == ["~d20260103"] and windows[1] == ["~d20260103", "~d20260102"]
    assert windows[3][-1] == "~d20251227"
    assert windows[4] == ["~m202601", "~m202512"] and windows[6] == ["~y2026", "~y2025"]
    assert time_terms(now).split() == ["~d20260103", "~m202601", "~y2026"]
    # Each window reaches back at least as far as the one before it.
    reach = [min(t for t in w) for w in windows]
    assert reach[1] <= reach[0] and reach[2] <= reach[1]


def test_recent_matches_fill_the_pool_before_older_ones(publish) -> None:
    """With a pool of 2, the two newest matches are kept whatever their age (windows or not)."""
    old = publish(0, title="Banjir lama", body="Banjir.")
    Report.objects.filter(pk=old.pk).update(submitted_at=T.replace(year=T.year - 3))
    index.sync([Report.objects.get(pk=old.pk)])
    newer = [publish(n, title=f"Banjir {n}", body="Genangan.") for n in (1, 2, 3)]
    ranked = search(public_reports(), text.parse("banjir"), candidates=2)
    assert sorted(ranked.ids) == sorted([newer[1].pk, newer[2].pk])
    everything = search(public_reports(), text.parse("banjir"), candidates=10)
    assert len(everything) == 4 and old.pk in everything.ids


def test_filter_values_in_the_index_follow_every_change(world, publish) -> None:
    report = publish(0, title="Lampu jalan padam", body="Lampu jalan padam sejak pekan lalu.")
    document = SearchDocument.objects.get(report=report)
    assert {"~sdispositioned", "~p33", "~r3326", f"~h{world.regency.pk}"} <= set(document.facet_terms.split())
    assert found("lampu jalan", status="dispositioned", wilayah="33") == [report.code]
    at = report.verified_at + timedelta(hours=1)
    lifecycle.accept(world.actor(world.regency_admin), report.code, at=at)
    lifecycle.assign(world.actor(world.regency_admin), report.code, institution="pemkab-33-26-dinas-pu", at=at)
    document.refresh_from_db()
    assert "~sin_progress" in document.facet_terms.split() and f"~h{world.dinas_pu.pk}" in document.facet_terms
    assert found("lampu jalan", status="dispositioned") == []
    assert found("lampu jalan", status="in_progress", instansi="pemkab-33-26-dinas-pu") == [report.code]
    assert found("lampu jalan", status="in_progress", wilayah="33.75") == []
