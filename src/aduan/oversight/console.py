"""What the oversight console lists, as bounded queries over indexes (1,000,000 reports and more).

Everything starts from `visibility.staff_reports(viewer)` (every report, confidential included, for oversight);
the filters only narrow it. Lists are read a page at a time (an ordered index walk that stops), counts are capped
(`BoundedPaginator`), and the rankings aggregate one bounded period (at most a year) through an index.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Max, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aduan.core import trackcode
from aduan.institutions.models import Institution
from aduan.reports.models import Classification, DueKind, Report, ReportEvent, Status
from aduan.reports.states import OPEN
from aduan.reports.visibility import Viewer, staff_reports

PAGE_SIZE = 50
TOP = 20
MAX_Q = 100
MAX_PERIOD_DAYS = 366
DEFAULT_PERIOD_DAYS = 90
# An institution enters the "slowest answers" ranking once it has answered this many reports in the period.
MIN_ANSWERED = 5
# Clocks the government owes (DESIGN §3): verification and first follow-up. The reporter's own windows
# (kelengkapan, tanggapan pelapor) and postponements are not breaches by an institution.
BREACH_CLOCKS = (DueKind.VERIFY, DueKind.FOLLOW_UP)
# Event kinds the oversight index (migration 0002) covers: one short index walk per list or ranking.
OVERDUE, ESCALATED, NOT_AUTHORITY = "overdue", "escalated", "not_authority"
FLAGS = {"ya": True, "tidak": False}
ROW_RELATIONS = ("institution", "unit", "category", "region")

CONFIDENTIAL_CHOICES = (("ya", gettext_lazy("Rahasia")), ("tidak", gettext_lazy("Tidak rahasia")))
ANONYMOUS_CHOICES = (("ya", gettext_lazy("Anonim")), ("tidak", gettext_lazy("Tidak anonim")))


class BadFilter(ValueError):
    """A filter value that cannot be read: shown to the person as a clear message."""


def _date(raw: str, label: str) -> date | None:
    raw = raw.strip()[:10]
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadFilter(
            _("%(label)s “%(value)s” bukan tanggal (TTTT-BB-HH).") % {"label": label, "value": raw}
        ) from None


@dataclass(frozen=True)
class Filters:
    """The console's report filter; also the query an investigation bundle is built from."""

    status: str = ""
    institution: str = ""
    category: str = ""
    region: str = ""
    classification: str = ""
    confidential: str = ""
    anonymous: str = ""
    since: date | None = None
    until: date | None = None
    q: str = ""

    PARAMS = ("status", "instansi", "kategori", "wilayah", "klasifikasi", "rahasia", "anonim", "dari", "sampai", "q")

    @classmethod
    def from_query(cls, data: QueryDict) -> tuple[Filters, list[str]]:
        """The filters, and a message for each value that had to be dropped (never a silent full scan)."""
        errors: list[str] = []

        def pick(name: str, allowed: object) -> str:
            value = data.get(name, "").strip()[:64]
            if value and value not in allowed:  # type: ignore[operator]
                errors.append(_("Nilai saringan “%(value)s” tidak dikenal; diabaikan.") % {"value": value[:30]})
                return ""
            return value

        since = until = None
        try:
            since = _date(data.get("dari", ""), _("Tanggal awal"))
        except BadFilter as bad:
            errors.append(str(bad))
        try:
            until = _date(data.get("sampai", ""), _("Tanggal akhir"))
        except BadFilter as bad:
            errors.append(str(bad))
        if since and until and since > until:
            errors.append(_("Tanggal awal sesudah tanggal akhir; periode diabaikan."))
            since = until = None
        region = data.get("wilayah", "").strip()[:13]
        if region and not all(part.isdigit() for part in region.split(".")):
            errors.append(_("Kode wilayah “%(value)s” tidak valid; diabaikan.") % {"value": region})
            region = ""
        filters = cls(
            status=pick("status", Status.values),
            institution=data.get("instansi", "").strip()[:64],
            category=data.get("kategori", "").strip()[:64],
            region=region,
            classification=pick("klasifikasi", Classification.values),
            confidential=pick("rahasia", FLAGS),
            anonymous=pick("anonim", FLAGS),
            since=since,
            until=until,
            q=data.get("q", "").strip()[:MAX_Q],
        )
        return filters, errors

    def as_params(self) -> dict[str, str]:
        values = [
            self.status,
            self.institution,
            self.category,
            self.region,
            self.classification,
            self.confidential,
            self.anonymous,
            self.since.isoformat() if self.since else "",
            self.until.isoformat() if self.until else "",
            self.q,
        ]
        return {name: value for name, value in zip(self.PARAMS, values, strict=True) if value}

    def querystring(self) -> str:
        query = QueryDict(mutable=True)
        query.update(self.as_params())
        return query.urlencode()

    @property
    def is_empty(self) -> bool:
        return not self.as_params()


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def institution_subtree(code: str) -> list[int]:
    path = Institution.objects.filter(code=code).values_list("path", flat=True).first()
    if path is None:
        return []
    return list(Institution.objects.filter(path__startswith=path).values_list("pk", flat=True)[:5000])


def reports(viewer: Viewer, filters: Filters) -> QuerySet[Report]:
    """Every report oversight may read under these filters, newest first (the submitted_at index, walked
    backwards; or the (status, submitted_at) index with a status)."""
    found = staff_reports(viewer)
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.institution:
        ids = institution_subtree(filters.institution)
        found = found.filter(Q(institution_id__in=ids) | Q(unit_id__in=ids)) if ids else found.none()
    if filters.category:
        found = found.filter(Q(category__code=filters.category) | Q(category__parent__code=filters.category))
    if filters.region:
        found = found.filter(Q(region_id=filters.region) | Q(region__code__startswith=filters.region + "."))
    if filters.classification:
        found = found.filter(classification=filters.classification)
    if filters.confidential:
        found = found.filter(confidential=FLAGS[filters.confidential])
    if filters.anonymous:
        found = found.filter(anonymous=FLAGS[filters.anonymous])
    since, until = filters.since, filters.until
    if filters.q:
        code = trackcode.normalize(filters.q)
        if code:
            found = found.filter(code=code)
        else:
            # A title search reads a bounded period (the submitted_at index), never the whole table; an
            # anonymous report is matched by its approved public title only (its original may name the reporter).
            until = until or timezone.localdate()
            if not since or (until - since).days > MAX_PERIOD_DAYS:
                since = until - timedelta(days=DEFAULT_PERIOD_DAYS)
            found = found.filter(
                Q(title__icontains=filters.q, anonymous=False) | Q(public_title__icontains=filters.q, anonymous=True)
            )
    if since:
        found = found.filter(submitted_at__gte=_day_start(since))
    if until:
        found = found.filter(submitted_at__lt=_day_start(until + timedelta(days=1)))
    return found.order_by("-submitted_at", "-pk")


def title_period(filters: Filters) -> tuple[date, date] | None:
    """The period a title search was limited to, to tell the person."""
    if not filters.q or trackcode.normalize(filters.q):
        return None
    until = filters.until or timezone.localdate()
    since = filters.since
    if not since or (until - since).days > MAX_PERIOD_DAYS:
        since = until - timedelta(days=DEFAULT_PERIOD_DAYS)
    return since, until


def load_rows(page: list[Report]) -> list[Report]:
    """One query for a page's rows and their relations, in the page's order."""
    ids = [report.pk for report in page]
    loaded = Report.objects.select_related(*ROW_RELATIONS).in_bulk(ids)
    return [loaded[pk] for pk in ids if pk in loaded]


# --- deadline breaches and escalations ---


def overdue_now(viewer: Viewer, now: datetime) -> QuerySet[Report]:
    """Open reports whose verification or follow-up deadline has passed, the longest overdue first: a walk of
    the partial due_at index (`report_due_open`) that stops after a page."""
    return (
        staff_reports(viewer)
        .filter(status__in=OPEN, due_kind__in=BREACH_CLOCKS, due_at__lte=now)
        .order_by("due_at", "pk")
    )


def overdue_events(viewer: Viewer) -> QuerySet[ReportEvent]:
    """Every breach that ever happened (each "overdue" event of a government clock), newest first, with its
    report: the kind+time index walked backwards."""
    reports = staff_reports(viewer)
    events = ReportEvent.objects.filter(kind=OVERDUE, data__clock__in=list(BREACH_CLOCKS))
    if reports.query.where:  # oversight reads everything; anyone else (never here) only their reports
        events = events.filter(report__in=reports.values("pk"))
    return events.order_by("-created_at", "-pk")


def escalation_events(viewer: Viewer) -> QuerySet[ReportEvent]:
    """Reports not completed 60 days after disposition (DESIGN §3): each escalation, the newest first."""
    reports = staff_reports(viewer)
    events = ReportEvent.objects.filter(kind=ESCALATED)
    if reports.query.where:
        events = events.filter(report__in=reports.values("pk"))
    return events.order_by("-created_at", "-pk")


def with_reports(events: list[ReportEvent]) -> list[ReportEvent]:
    """Attach each event's report (with its relations) in one query."""
    loaded = Report.objects.select_related(*ROW_RELATIONS).in_bulk({event.report_id for event in events})
    for event in events:
        event.report = loaded[event.report_id]
    return events


# --- institution rankings over a period ---


@dataclass(frozen=True)
class Period:
    since: date
    until: date

    @classmethod
    def from_query(cls, data: QueryDict, today: date) -> tuple[Period, list[str]]:
        errors: list[str] = []
        try:
            until = _date(data.get("sampai", ""), _("Tanggal akhir")) or today
            since = _date(data.get("dari", ""), _("Tanggal awal")) or until - timedelta(days=DEFAULT_PERIOD_DAYS)
        except BadFilter as bad:
            errors.append(str(bad))
            until, since = today, today - timedelta(days=DEFAULT_PERIOD_DAYS)
        if since > until:
            errors.append(_("Tanggal awal sesudah tanggal akhir; dipakai 90 hari terakhir."))
            since = until - timedelta(days=DEFAULT_PERIOD_DAYS)
        if (until - since).days > MAX_PERIOD_DAYS:
            errors.append(_("Periode paling lama satu tahun; dipakai satu tahun sampai tanggal akhir."))
            since = until - timedelta(days=MAX_PERIOD_DAYS)
        return cls(since, until), errors

    @property
    def start(self) -> datetime:
        return _day_start(self.since)

    @property
    def end(self) -> datetime:
        return _day_start(self.until + timedelta(days=1))

    def with_days(self, days: int) -> Period:
        return replace(self, since=self.until - timedelta(days=days))


@dataclass(frozen=True)
class Ranked:
    institution: Institution | None
    code: str
    count: int
    value: float | None = None  # average days to the first response
    worst: float | None = None  # the longest, in days


def _institutions(codes: list[str] | None = None, ids: list[int] | None = None) -> dict:
    if codes is not None:
        return Institution.objects.in_bulk(codes, field_name="code")
    return Institution.objects.in_bulk(ids or [])


def most_transfers(period: Period, top: int = TOP) -> list[Ranked]:
    """Institutions that passed reports on the most ("not our authority", DESIGN §3) in the period: one
    aggregate over the period's not_authority events, read through the kind+time index."""
    rows = (
        ReportEvent.objects.filter(kind=NOT_AUTHORITY, created_at__gte=period.start, created_at__lt=period.end)
        .annotate(declined=KeyTextTransform("institution", "data"))
        .values("declined")
        .annotate(n=Count("pk"))
        .order_by("-n", "declined")[:top]
    )
    rows = list(rows)
    known = _institutions(codes=[row["declined"] for row in rows if row["declined"]])
    return [Ranked(known.get(row["declined"]), row["declined"] or "", row["n"]) for row in rows]


RANKING_TTL = 300


def cached_ranking(name: str, period: Period) -> list[Ranked]:
    """A ranking over a period, kept 5 minutes in the cache: a year's aggregate costs up to a second or two
    at national scale, and a ranking a few minutes old tells oversight the same thing."""
    key = f"oversight:{name}:{period.since.isoformat()}:{period.until.isoformat()}:{MIN_ANSWERED}"
    found = cache.get(key)
    if found is None:
        found = {"transfers": most_transfers, "slowest": slowest_answers}[name](period)
        cache.set(key, found, RANKING_TTL)
    return found


def _days(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        return round(value.total_seconds() / 86400, 1)
    return round(float(value) / 86_400_000_000, 1)  # microseconds (a backend without a duration type)


def slowest_answers(period: Period, top: int = TOP, minimum: int | None = None) -> list[Ranked]:
    """Institutions with the longest average time from disposition to first response, over the reports
    submitted in the period (the submitted_at index) that were answered: one aggregate query."""
    minimum = MIN_ANSWERED if minimum is None else minimum
    waited = ExpressionWrapper(F("first_response_at") - F("dispositioned_at"), output_field=DurationField())
    rows = list(
        Report.objects.filter(
            submitted_at__gte=period.start,
            submitted_at__lt=period.end,
            first_response_at__isnull=False,
            dispositioned_at__isnull=False,
            institution__isnull=False,
        )
        .values("institution")
        .annotate(n=Count("pk"), average=Avg(waited), worst=Max(waited))
        .filter(n__gte=minimum)
        .order_by("-average", "institution")[:top]
    )
    known = _institutions(ids=[row["institution"] for row in rows])
    return [
        Ranked(
            known.get(row["institution"]),
            getattr(known.get(row["institution"]), "code", ""),
            row["n"],
            _days(row["average"]),
            _days(row["worst"]),
        )
        for row in rows
    ]
