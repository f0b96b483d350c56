"""Reading for Open311: the filters of GET requests and of the update feed, over public data only."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from aduan.channels.open311 import mapping
from aduan.channels.open311.errors import Open311Error
from aduan.core import trackcode
from aduan.reports.models import Attachment, EventAudience, Report, ReportEvent
from aduan.reports.states import OPEN
from aduan.reports.visibility import Viewer, event_views, public_attachments, public_reports

DEFAULT_DAYS = 90  # the specification's default window
MAX_RESULTS = 1000  # and its cap on one answer
RELATED = ("category", "institution", "unit", "region", "reporter", "intake_institution")


def _public() -> QuerySet[Report]:
    last_public = ReportEvent.objects.filter(report=OuterRef("pk"), audience=EventAudience.PUBLIC).order_by("-seq")
    return (
        public_reports()
        .select_related(*RELATED)
        .annotate(last_public_at=Subquery(last_public.values("created_at")[:1]))
    )


def parse_moment(value: str, name: str) -> datetime:
    """A W3C datetime (`2026-03-02T10:00:00+07:00`, `…Z`) or a bare date (the start of that local day)."""
    text = value.strip().replace(" ", "+")  # a '+' in a query string arrives as a space
    moment = None
    try:
        moment = parse_datetime(text)
        if moment is None and (day := parse_date(text)) is not None:
            moment = datetime(day.year, day.month, day.day)
    except ValueError:
        moment = None
    if moment is None:
        message = _("%(name)s harus berupa tanggal-waktu W3C, mis. 2026-03-02T10:00:00+07:00.")
        raise Open311Error(400, message % {"name": name})
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def window(params: QueryDict) -> tuple[datetime, datetime]:
    """start_date/end_date; without them the last 90 days, with one of them 90 days from or to it."""
    start_text, end_text = params.get("start_date", "").strip(), params.get("end_date", "").strip()
    end = parse_moment(end_text, "end_date") if end_text else None
    start = parse_moment(start_text, "start_date") if start_text else None
    if end is None:
        end = start + timedelta(days=DEFAULT_DAYS) if start is not None else timezone.now()
    if start is None:
        start = end - timedelta(days=DEFAULT_DAYS)
    if start > end:
        raise Open311Error(400, _("start_date harus sebelum end_date."))
    return start, end


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def request_rows(reports: list[Report]) -> list[dict]:
    with_images = set(
        Attachment.objects.filter(report__in=reports, is_public=True, content_type__startswith="image/").values_list(
            "report_id", flat=True
        )
    )
    places = mapping.places_of(reports)
    return [
        mapping.request(
            report,
            place=places.get(report.region_id or "", ""),
            updated_at=getattr(report, "last_public_at", None),
            image=mapping.first_public_image(report) if report.pk in with_images else None,
        )
        for report in reports
    ]


def find_requests(params: QueryDict) -> list[dict]:
    """GET requests: service_request_id (a comma list that overrides every other filter), service_code,
    start_date, end_date, status; newest first, at most 1000."""
    reports = _public()
    ids = _codes(params.get("service_request_id", ""))
    if ids:
        codes = [code for code in (trackcode.normalize(i) for i in ids) if code]
        reports = reports.filter(code__in=codes)
    else:
        start, end = window(params)
        reports = reports.filter(submitted_at__gte=start, submitted_at__lte=end)
        service_codes = _codes(params.get("service_code", ""))
        if service_codes:
            reports = reports.filter(category__code__in=service_codes)
        statuses = {s.lower() for s in _codes(params.get("status", ""))}
        if statuses - {mapping.OPEN311_OPEN, mapping.OPEN311_CLOSED}:
            raise Open311Error(400, _("status harus open atau closed."))
        if statuses == {mapping.OPEN311_OPEN}:
            reports = reports.filter(status__in=OPEN)
        elif statuses == {mapping.OPEN311_CLOSED}:
            reports = reports.exclude(status__in=OPEN)
    rows = list(reports.order_by("-submitted_at", "-pk")[:MAX_RESULTS])
    return request_rows(rows)


def one_request(code: str) -> dict | None:
    canonical = trackcode.normalize(code or "")
    report = _public().filter(code=canonical).first() if canonical else None
    return request_rows([report])[0] if report is not None else None


def find_updates(params: QueryDict) -> list[dict]:
    """The public steps of public reports between start_date and end_date (90 days by default), newest
    first, at most 1000; optionally for some service_request_ids only."""
    start, end = window(params)
    events = ReportEvent.objects.filter(
        report__in=public_reports(), audience=EventAudience.PUBLIC, created_at__gte=start, created_at__lte=end
    ).exclude(kind__in=mapping.NOT_UPDATES)
    codes = [code for code in (trackcode.normalize(i) for i in _codes(params.get("service_request_id", ""))) if code]
    if codes:
        events = events.filter(report__code__in=codes)
    wanted = list(events.order_by("-created_at", "-pk").values_list("report_id", "seq")[:MAX_RESULTS])
    by_report: dict[int, set[int]] = {}
    for report_id, seq in wanted:
        by_report.setdefault(report_id, set()).add(seq)
    # `event_views` reads the reporter (to redact them) and the institutions (to place the viewer).
    related = ("reporter", "intake_institution", "institution", "unit")
    reports = {r.pk: r for r in Report.objects.select_related(*related).filter(pk__in=by_report)}
    with_files = set(
        Attachment.objects.filter(report_id__in=by_report, is_public=True, event_seq__isnull=False).values_list(
            "report_id", flat=True
        )
    )
    public = Viewer(None)
    items: list[mapping.Update] = []
    for report_id, seqs in by_report.items():
        report = reports[report_id]
        media = {}
        if report_id in with_files:
            found = public_attachments(report).filter(event_seq__in=seqs).order_by("-pk")
            media = {a.event_seq: a for a in found}
        # The history as the public reads it: texts screened by `visibility.event_views`, never raw events.
        for view in event_views(public, report):
            if view.seq in seqs:
                items.append(mapping.Update(report, view, media.get(view.seq)))
    items.sort(key=lambda item: (item.view.created_at, item.view.seq), reverse=True)
    return [mapping.update(item) for item in items]
