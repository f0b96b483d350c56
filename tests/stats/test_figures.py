"""The statistics of a hand-built set of reports equal figures computed by hand, working days included;
following every change gives the same tables as rebuilding from the reports."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.db.models import Sum

from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.models import ClosedHow, Status
from aduan.stats import query
from aduan.stats.models import Figure, Histogram, ReportFacts
from aduan.stats.period import Period
from aduan.stats.rebuild import rebuild
from tests.stats.conftest import Story, at

Q1 = Period(date(2025, 1, 1), date(2025, 3, 31))
TODAY = date(2026, 1, 15)


def test_lifecycle_ends_as_the_story_says(story: Story) -> None:
    assert story.confirmed.closed_how == ClosedHow.CONFIRMED
    assert story.silent.status == Status.COMPLETED and story.silent.closed_how == ClosedHow.SILENCE
    assert story.moved.transfer_count == 1 and story.moved.status == Status.DISPOSITIONED


def test_facts_by_hand(story: Story, world: Any) -> None:
    facts = {f.report_id: f for f in ReportFacts.objects.all()}
    r1 = facts[story.confirmed.pk]
    # Fri 24 Jan 2025 → Mon 3 Feb: the weekend, Isra Mikraj (27), cuti bersama Imlek (28), Imlek (29) skipped.
    assert (r1.submitted_day, r1.verified_day, r1.working_days_to_verify) == (date(2025, 1, 24), date(2025, 2, 3), 3)
    assert (r1.working_days_to_response, r1.response_due_day, r1.within_deadline) == (2, date(2025, 2, 10), True)
    r2 = facts[story.silent.pk]
    assert (r2.working_days_to_verify, r2.working_days_to_response, r2.within_deadline) == (1, 6, False)
    assert (r2.closed_how, r2.closed_day) == ("silence", date(2025, 3, 3))
    r4 = facts[story.moved.pk]
    assert r4.institution_id == world.other_regency.pk and r4.transfers == 1
    assert (r4.verified_day, r4.dispositioned_day, r4.response_due_day) == (
        date(2025, 2, 5),
        date(2025, 2, 7),
        date(2025, 2, 14),
    )
    assert r4.within_deadline is False


def test_national_figures_by_hand(story: Story) -> None:
    # The confidential R5 is counted nowhere.
    s = query.summary(query.Scope(), Q1, TODAY)
    assert s.received == 4
    assert (s.received_complaint, s.received_aspiration, s.received_information) == (3, 1, 0)
    assert s.verified == 3
    assert s.archived == 1 and s.archived_spam == 1
    assert s.responded == 2
    # Working days to verification: R1 3, R2 1, R4 1 → median 1, 90th percentile (nearest rank) 3.
    assert s.verify_days == Counter({1: 2, 3: 1})
    assert (s.verify_median, s.verify_p90) == (1, 3)
    # To first response: R1 2, R2 6 → median 4, p90 6.
    assert (s.response_median, s.response_p90) == (4, 6)
    # Deadlines: R1 (10 Feb, answered 5 Feb), R2 (11 Feb, answered 12 Feb), R4 (14 Feb, never answered).
    assert (s.due, s.on_time) == (3, 1)
    assert round(s.share_on_time, 2) == 33.33
    assert (s.confirmed, s.silence) == (1, 1)
    assert (s.transferred, s.transfers) == (1, 1)
    assert s.per_100k == 0.4  # 4 reports, 1,000,000 inhabitants


def test_periods_split_the_figures(story: Story) -> None:
    january = query.summary(query.Scope(), Period(date(2025, 1, 1), date(2025, 1, 31)), TODAY)
    assert (january.received, january.verified, january.responded) == (1, 0, 0)
    february = query.summary(query.Scope(), Period(date(2025, 2, 1), date(2025, 2, 28)), TODAY)
    assert (february.received, february.verified, february.responded, february.silence) == (3, 3, 2, 0)
    # A period ending on a deadline day still counts it when the day has passed …
    one_day = query.summary(query.Scope(), Period(date(2025, 2, 10), date(2025, 2, 10)), TODAY)
    assert (one_day.due, one_day.on_time) == (1, 1)
    # … and not while it is today.
    assert query.summary(query.Scope(), Period(date(2025, 2, 10), date(2025, 2, 10)), date(2025, 2, 10)).due == 0
    series = query.series(query.Scope(), Q1, TODAY)
    assert [(m.month, received, responded) for m, received, responded in series] == [(1, 1, 0), (2, 3, 2), (3, 0, 0)]


def test_institution_region_and_category_figures(story: Story, world: Any) -> None:
    regency = query.summary(query.Scope(institution=world.regency), Q1, TODAY)
    assert (regency.received, regency.responded, regency.due, regency.on_time) == (2, 2, 2, 1)
    assert regency.per_100k == 1.0
    other = query.summary(query.Scope(institution=world.other_regency), Q1, TODAY)
    assert (other.received, other.due, other.on_time, other.transfers) == (1, 1, 0, 1)
    from aduan.institutions.models import Region

    province = query.summary(query.Scope(region=Region.objects.get(code="33")), Q1, TODAY)
    assert (province.received, province.verified, province.response_median) == (4, 3, 4)
    village = Region.objects.get(code="33.26.01.2001")  # below regency level: read from the facts
    small = query.summary(query.Scope(region=village), Q1, TODAY)
    assert (small.received, small.verified, small.archived, small.verify_p90) == (4, 3, 1, 3)
    category = query.summary(query.Scope(category=world.category), Q1, TODAY)
    assert category.received == 4
    both = query.summary(query.Scope(institution=world.regency, category=world.category), Q1, TODAY)
    assert (both.received, both.responded, both.response_median, both.response_p90) == (2, 2, 4, 6)


def test_ranking(story: Story, world: Any) -> None:
    ranks = query.ranking(query.Scope(), Q1, TODAY, minimum=1)
    assert [(r.institution.code, r.due, r.on_time) for r in ranks][:2] == [
        ("pemkab-33-26", 2, 1),
        ("pemkot-33-75", 1, 0),
    ]
    medians = query.with_medians(ranks[:1], Q1, TODAY)
    assert medians[0].median_days == 4


def _tables() -> tuple[dict[Any, Any], dict[Any, Any]]:
    figures = {}
    names = [f.name for f in Figure._meta.fields if f.name not in {"id", "grain", "day", "dim", "key", "sub", "shard"}]
    for row in Figure.objects.values("grain", "day", "dim", "key", "sub").annotate(**{n: Sum(n) for n in names}):
        values = tuple(row[n] for n in names)
        if any(values):
            figures[(row["grain"], row["day"], row["dim"], row["key"], row["sub"])] = values
    histograms = {
        row[:-1]: row[-1]
        for row in Histogram.objects.values_list("grain", "day", "dim", "key", "metric", "days").annotate(Sum("n"))
        if row[-1]
    }
    return figures, histograms


def test_incremental_equals_rebuild(story: Story, world: Any) -> None:
    # More changes after the story: the verifier reopens the archived one, merges a duplicate, and a
    # completed report is reopened.
    verifier = world.actor(world.verifier)
    lifecycle.reopen(verifier, story.spam.code, message="Bukan spam.", at=at("2025-02-10"))
    duplicate = lifecycle.submit(
        Actor(),
        classification="complaint",
        title="Jalan berlubang lagi",
        body="Jalan desa masih berlubang.",
        category="jalan-rusak",
        region="33.26.01.2001",
        at=at("2025-02-11"),
    ).report
    lifecycle.merge(verifier, duplicate.code, into=story.confirmed.code, at=at("2025-02-12"))
    lifecycle.reopen(verifier, story.silent.code, message="Belum selesai.", at=at("2025-03-04"))
    s = query.summary(query.Scope(), Q1, TODAY)
    assert (s.received, s.archived_duplicate, s.archived_spam, s.silence) == (5, 1, 0, 0)
    facts = {f.pk: {k: v for k, v in f.__dict__.items() if not k.startswith("_")} for f in ReportFacts.objects.all()}
    incremental = _tables()
    assert incremental[0] and incremental[1]
    result = rebuild()
    assert result["reports"] == 6
    rebuilt_facts = {
        f.pk: {k: v for k, v in f.__dict__.items() if not k.startswith("_")} for f in ReportFacts.objects.all()
    }
    assert rebuilt_facts == facts
    assert _tables() == incremental


def test_confidential_reports_count_nowhere(story: Story, world: Any) -> None:
    facts = ReportFacts.objects.get(pk=story.secret.pk)
    assert facts.confidential  # kept as a fact, never aggregated
    scopes = [query.Scope(), query.Scope(institution=world.regency), query.Scope(category=world.category)]
    assert [query.summary(scope, Q1, TODAY).received for scope in scopes] == [4, 2, 4]
    # R5 answered within 1 working day on 6 Feb: no such entry anywhere.
    assert not Histogram.objects.filter(metric="r", days=1).exists()


def test_breakdowns_within_a_filter(story: Story, world: Any) -> None:
    from aduan.institutions.models import Region

    province = query.Scope(region=Region.objects.get(code="33"))
    assert [(b.key, b.n) for b in query.top_categories(province, Q1, TODAY)] == [("jalan-rusak", 4)]
    assert [(b.key, b.n) for b in query.top_categories(query.Scope(institution=world.regency), Q1, TODAY)] == [
        ("jalan-rusak", 2)
    ]
    assert query.by_province(query.Scope(category=world.category), Q1, TODAY) == {"33": 4}
    assert [(b.key, b.n) for b in query.by_regency(province, Q1, TODAY)] == [("33.26", 4)]
    district = query.Scope(region=Region.objects.get(code="33.26.01"), category=world.category)
    assert query.summary(district, Q1, TODAY).received == 4
    assert query.by_province(district, Q1, TODAY) == {"33": 4}
