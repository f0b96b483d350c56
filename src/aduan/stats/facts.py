"""What a report contributes to the statistics, derived from its head alone (never from its text).

`facts_of(report)` gives the `ReportFacts` values; `COUNTERS` says, for each counter of `Figure`, on which
day of the facts it is counted and for which facts (a Python predicate for the incremental path and the
same condition as a `Q` for the set-based rebuild; tests check both paths give the same tables).

Definitions (docs/statistics.md):
- received: on the day of submission (every report, whatever became of it);
- verified, with the working days from submission to verification (first routing);
- archived, by reason, on the day it was archived;
- responded: on the day of the first response, with the working days from the disposition to the
  institution that holds it to its first response after that disposition;
- due / on_time: on the day the 5-working-day follow-up deadline of the latest disposition falls, for
  reports held by an institution; on time when the response came on or before that day;
- confirmed / silence: completed reports by how they closed, on the day they closed;
- transferred / transfers: reports moved between institutions (and how many moves), on the day of the
  latest disposition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from django.db.models import F, Q

from aduan.core.calendar import WorkingCalendar, get_calendar, local_date
from aduan.reports.deadlines import FOLLOW_UP_DAYS
from aduan.reports.models import ArchiveReason, Category, Classification, ClosedHow, Report, Status

HISTOGRAM_CAP = 60  # working days; longer times are stored as CAP + 1 ("more than 60")
SHARDS = 8  # national rows per day, so concurrent writers rarely wait on one row

FACT_FIELDS = (
    "classification",
    "confidential",
    "category_id",
    "category_parent_id",
    "region_code",
    "province",
    "regency",
    "district",
    "institution_id",
    "unit_id",
    "status",
    "submitted_day",
    "verified_day",
    "working_days_to_verify",
    "dispositioned_day",
    "first_response_day",
    "working_days_to_response",
    "response_due_day",
    "within_deadline",
    "closed_day",
    "closed_how",
    "archive_reason",
    "transfers",
    "last_day",
)
DAY_FIELDS = (
    "submitted_day",
    "verified_day",
    "dispositioned_day",
    "first_response_day",
    "response_due_day",
    "closed_day",
)
# What `facts_of` reads from a report (for `.only()` / `.values()` in the rebuild).
REPORT_FIELDS = (
    "id",
    "classification",
    "confidential",
    "category_id",
    "region_id",
    "institution_id",
    "unit_id",
    "status",
    "submitted_at",
    "verified_at",
    "dispositioned_at",
    "first_response_at",
    "responded_at",
    "closed_at",
    "closed_how",
    "archive_reason",
    "transfer_count",
)

Facts = dict[str, Any]


@lru_cache(maxsize=1)
def _category_parents() -> dict[int, int | None]:
    return dict(Category.objects.values_list("pk", "parent_id"))


def category_parent(category_id: int | None) -> int | None:
    if category_id is None:
        return None
    parents = _category_parents()
    if category_id not in parents:
        _category_parents.cache_clear()
        parents = _category_parents()
    return parents.get(category_id)


@lru_cache(maxsize=4096)
def _owner(institution_id: int) -> int:
    from aduan.institutions.models import Institution

    owner = Institution.objects.filter(pk=institution_id).values_list("owner_id", flat=True).first()
    return owner or institution_id


def clear_caches() -> None:
    _category_parents.cache_clear()
    _owner.cache_clear()


def facts_of(report: Report | dict[str, Any], calendar: WorkingCalendar | None = None) -> Facts:
    """The facts of one report (a model instance, or a dict of `REPORT_FIELDS`)."""
    r = report if isinstance(report, dict) else {name: getattr(report, name) for name in REPORT_FIELDS}
    calendar = calendar or get_calendar()
    day = _day
    submitted = day(r["submitted_at"])
    verified = day(r["verified_at"])
    dispositioned = day(r["dispositioned_at"])
    first_response = day(r["first_response_at"])
    closed = day(r["closed_at"])
    region = r["region_id"] or ""
    institution = _owner(r["institution_id"]) if r["institution_id"] else None
    # The answer that counts for the latest disposition: the first response, or when the report was moved
    # again after it, the latest response if it came after the move.
    answer = None
    if r["dispositioned_at"] is not None:
        if r["first_response_at"] is not None and r["first_response_at"] >= r["dispositioned_at"]:
            answer = first_response
        elif r["responded_at"] is not None and r["responded_at"] >= r["dispositioned_at"]:
            answer = day(r["responded_at"])
    due = calendar.add_working_days(dispositioned, FOLLOW_UP_DAYS) if dispositioned and institution else None
    facts: Facts = {
        "classification": r["classification"],
        "confidential": bool(r["confidential"]),
        "category_id": r["category_id"],
        "category_parent_id": category_parent(r["category_id"]),
        "region_code": region,
        "province": region[:2],
        "regency": region[:5] if len(region) >= 5 else "",
        "district": region[:8] if len(region) >= 8 else "",
        "institution_id": institution,
        "unit_id": r["unit_id"],
        "status": r["status"],
        "submitted_day": submitted,
        "verified_day": verified,
        "working_days_to_verify": calendar.working_days_between(submitted, verified) if verified else None,
        "dispositioned_day": dispositioned,
        "first_response_day": first_response,
        "working_days_to_response": (
            calendar.working_days_between(dispositioned, answer) if answer and dispositioned else None
        ),
        "response_due_day": due,
        "within_deadline": (answer is not None and answer <= due) if due else None,
        "closed_day": closed if r["status"] in (Status.ARCHIVED, Status.COMPLETED) else None,
        "closed_how": r["closed_how"] or "",
        "archive_reason": r["archive_reason"] or "",
        "transfers": r["transfer_count"] or 0,
    }
    facts["last_day"] = max(facts[name] for name in DAY_FIELDS if facts[name] is not None)
    return facts


def _day(moment: Any) -> date | None:
    return local_date(moment) if moment is not None else None


@dataclass(frozen=True)
class Counter:
    name: str
    day_field: str
    test: Callable[[Facts], bool]
    condition: Q
    value: str | None = None  # a facts field summed instead of counting 1

    def amount(self, facts: Facts) -> int:
        return int(facts[self.value]) if self.value else 1

    @property
    def expression(self) -> Any:
        return F(self.value) if self.value else 1


def _archived(reason: str) -> Counter:
    return Counter(
        f"archived_{reason}",
        "closed_day",
        lambda f: f["status"] == Status.ARCHIVED and f["archive_reason"] == reason,
        Q(status=Status.ARCHIVED, archive_reason=reason),
    )


def _completed(how: str) -> Counter:
    return Counter(
        how,
        "closed_day",
        lambda f: f["status"] == Status.COMPLETED and f["closed_how"] == how,
        Q(status=Status.COMPLETED, closed_how=how),
    )


def _received(suffix: str, classification: str) -> Counter:
    return Counter(
        f"received_{suffix}",
        "submitted_day",
        lambda f: f["classification"] == classification,
        Q(classification=classification),
    )


COUNTERS: tuple[Counter, ...] = (
    Counter("received", "submitted_day", lambda f: True, Q()),
    _received("complaint", Classification.COMPLAINT),
    _received("aspiration", Classification.ASPIRATION),
    _received("information", Classification.INFORMATION_REQUEST),
    Counter("verified", "verified_day", lambda f: True, Q()),
    *(_archived(reason) for reason in ArchiveReason.values),
    Counter("responded", "first_response_day", lambda f: True, Q()),
    Counter("due", "response_due_day", lambda f: True, Q()),
    Counter("on_time", "response_due_day", lambda f: f["within_deadline"] is True, Q(within_deadline=True)),
    _completed(ClosedHow.CONFIRMED),
    _completed(ClosedHow.SILENCE),
    Counter("transferred", "dispositioned_day", lambda f: f["transfers"] > 0, Q(transfers__gt=0)),
    Counter("transfers", "dispositioned_day", lambda f: f["transfers"] > 0, Q(transfers__gt=0), value="transfers"),
)
# Histograms: metric letter -> (day field, working-days field).
HISTOGRAMS = {"v": ("verified_day", "working_days_to_verify"), "r": ("first_response_day", "working_days_to_response")}


def bucket(days: int) -> int:
    return min(days, HISTOGRAM_CAP + 1)


def dims_of(facts: Facts, report_id: int) -> list[tuple[str, str, str, int]]:
    """The (dimension, key, sub, shard) rows one report counts in: none for a confidential report, which
    the statistics never count (not even as an institution's or a village's figure; docs/statistics.md)."""
    if facts["confidential"]:
        return []
    dims = [("a", "", "", report_id % SHARDS)]
    province = facts["province"]
    institutions = [str(facts["institution_id"])] if facts["institution_id"] else []
    if facts["unit_id"] and facts["unit_id"] != facts["institution_id"]:
        institutions.append(str(facts["unit_id"]))
    categories = [str(pk) for pk in (facts["category_id"], facts["category_parent_id"]) if pk]
    top = str(facts["category_parent_id"] or facts["category_id"] or "")
    dims += [("i", key, "", 0) for key in institutions]
    if province:
        dims.append(("p", province, "", 0))
    if facts["regency"]:
        dims.append(("r", facts["regency"], "", 0))
    dims += [("c", key, "", 0) for key in categories]
    if top:
        if province:
            dims.append(("pc", province, top, 0))
        dims += [("ic", key, top, 0) for key in institutions]
    if province:
        dims += [("cp", key, province, 0) for key in categories]
    return dims


def contributions(facts: Facts) -> tuple[dict[date, dict[str, int]], dict[tuple[date, str, int], int]]:
    """Counters per day, and histogram entries (day, metric, bucket) -> 1, of one report."""
    counts: dict[date, dict[str, int]] = {}
    for counter in COUNTERS:
        day = facts[counter.day_field]
        if day is not None and counter.test(facts):
            row = counts.setdefault(day, {})
            row[counter.name] = row.get(counter.name, 0) + counter.amount(facts)
    hist: dict[tuple[date, str, int], int] = {}
    for metric, (day_field, value_field) in HISTOGRAMS.items():
        day, value = facts[day_field], facts[value_field]
        if day is not None and value is not None:
            hist[(day, metric, bucket(value))] = 1
    return counts, hist
