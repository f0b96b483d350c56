"""`/kantor/pengawasan/`: oversight's console, investigation bundles and access log. Thin: the queries live in
`console`, the bundle in `bundle.builder`, the log in `accesslog`."""

from __future__ import annotations

from datetime import datetime

from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from aduan.backoffice.access import viewer_of
from aduan.oversight import accesslog, console
from aduan.oversight.access import oversight_required
from aduan.oversight.bundle import builder
from aduan.oversight.models import AccessLog
from aduan.public.filters import paginate
from aduan.reports.lifecycle.oversight import MIN_REASON
from aduan.reports.models import Classification, Status
from aduan.reports.visibility import staff_reports

LOG_PAGE = 100
PERIODS = (30, 90, 180, 365)


def _page(request: HttpRequest, rows):  # type: ignore[no-untyped-def]
    page, message = paginate(rows, request.GET.get("halaman"), per_page=console.PAGE_SIZE)
    return page, [message] if message else []


@require_GET
@oversight_required
def index(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    filters, errors = console.Filters.from_query(request.GET)
    page, more = _page(request, console.reports(viewer, filters))
    return render(
        request,
        "oversight/index.html",
        {
            "section": "laporan",
            "filters": filters,
            "errors": errors + more,
            "page": page,
            "rows": console.load_rows(list(page.object_list)),
            "querystring": filters.querystring(),
            "title_period": console.title_period(filters),
            "statuses": Status.choices,
            "classifications": Classification.choices,
            "confidential_choices": console.CONFIDENTIAL_CHOICES,
            "anonymous_choices": console.ANONYMOUS_CHOICES,
            "bundle_limit": builder.MAX_REPORTS,
        },
    )


@require_GET
@oversight_required
def breaches(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    now = timezone.now()
    ever = request.GET.get("jenis") == "pernah"
    if ever:
        page, errors = _page(request, console.overdue_events(viewer))
        rows = console.with_reports(list(page.object_list))
    else:
        page, errors = _page(request, console.overdue_now(viewer, now))
        rows = console.load_rows(list(page.object_list))
    return render(
        request,
        "oversight/breaches.html",
        {"section": "pelanggaran", "ever": ever, "page": page, "rows": rows, "errors": errors, "now": now},
    )


@require_GET
@oversight_required
def escalations(request: HttpRequest) -> HttpResponse:
    page, errors = _page(request, console.escalation_events(viewer_of(request)))
    rows = console.with_reports(list(page.object_list))
    return render(
        request, "oversight/escalations.html", {"section": "eskalasi", "page": page, "rows": rows, "errors": errors}
    )


@require_GET
@oversight_required
def institutions(request: HttpRequest) -> HttpResponse:
    period, errors = console.Period.from_query(request.GET, timezone.localdate())
    return render(
        request,
        "oversight/institutions.html",
        {
            "section": "instansi",
            "period": period,
            "errors": errors,
            "transfers": console.cached_ranking("transfers", period),
            "slowest": console.cached_ranking("slowest", period),
            "minimum": console.MIN_ANSWERED,
            "top": console.TOP,
            "presets": [(days, period.with_days(days)) for days in PERIODS],
        },
    )


@require_GET
@oversight_required
def log(request: HttpRequest) -> HttpResponse:
    before = _before(request.GET.get("sebelum", ""))
    entries = accesslog.page(LOG_PAGE + 1, before)
    older = entries[LOG_PAGE].at if len(entries) > LOG_PAGE else None
    # The next page starts strictly before the last shown entry's time: a cursor, not an OFFSET.
    return render(
        request,
        "oversight/log.html",
        {
            "section": "log",
            "entries": entries[:LOG_PAGE],
            "older": entries[LOG_PAGE - 1].at.isoformat() if older else "",
            "before": before,
        },
    )


def _before(raw: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(raw.strip()[:40]) if raw.strip() else None
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


@require_GET
@oversight_required
def log_csv(request: HttpRequest) -> HttpResponse:
    accesslog.record(request, AccessLog.Action.LOG_EXPORT)
    response = StreamingHttpResponse(accesslog.csv_lines(), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="log-akses-pengawasan-{stamp}.csv"'
    return response


def _bundle_response(request: HttpRequest, built: builder.Built, name: str) -> FileResponse:
    response = FileResponse(built.file, as_attachment=True, filename=name, content_type="application/zip")
    response["Content-Length"] = str(built.size)
    return response


def _reason(request: HttpRequest) -> tuple[str, str]:
    reason = request.POST.get("reason", "").strip()[:2000]
    if len(reason) < MIN_REASON:
        return reason, _("Alasan terlalu pendek: tuliskan paling sedikit %(n)d karakter.") % {"n": MIN_REASON}
    return reason, ""


@require_http_methods(["GET", "POST"])
@oversight_required
def bundle_report(request: HttpRequest, code: str) -> HttpResponse:
    viewer = viewer_of(request)
    report = get_object_or_404(staff_reports(viewer), code=code)
    context = {"section": "laporan", "report": report, "min_reason": MIN_REASON, "reason": ""}
    if request.method == "POST":
        reason, error = _reason(request)
        if error:
            return render(request, "oversight/bundle.html", {**context, "reason": reason, "error": error}, status=400)
        built = builder.build(
            viewer, staff_reports(viewer).filter(pk=report.pk), made_by=request.user.get_username(), reason=reason
        )
        accesslog.record(
            request,
            AccessLog.Action.BUNDLE_REPORT,
            report=report,
            reason=reason,
            detail={"reports": built.reports, "bytes": built.size, "manifest_sha256": built.manifest_sha256},
        )
        return _bundle_response(request, built, f"berkas-{report.code}.zip")
    return render(request, "oversight/bundle.html", context)


@require_http_methods(["GET", "POST"])
@oversight_required
def bundle_query(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    source = request.POST if request.method == "POST" else request.GET
    filters, errors = console.Filters.from_query(QueryDict(source.get("saringan", "")))
    found = console.reports(viewer, filters)
    counted = found.order_by()[: builder.MAX_REPORTS + 1].count()
    context = {
        "section": "laporan",
        "filters": filters,
        "errors": errors,
        "querystring": filters.querystring(),
        "count": min(counted, builder.MAX_REPORTS),
        "truncated": counted > builder.MAX_REPORTS,
        "limit": builder.MAX_REPORTS,
        "min_reason": MIN_REASON,
        "reason": "",
    }
    if request.method == "POST":
        reason, error = _reason(request)
        if error or errors:
            return render(request, "oversight/bundle.html", {**context, "reason": reason, "error": error}, status=400)
        query = filters.querystring()
        built = builder.build(viewer, found, made_by=request.user.get_username(), reason=reason, query=query)
        accesslog.record(
            request,
            AccessLog.Action.BUNDLE_QUERY,
            query=query,
            reason=reason,
            detail={
                "reports": built.reports,
                "truncated": built.truncated,
                "bytes": built.size,
                "manifest_sha256": built.manifest_sha256,
            },
        )
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        return _bundle_response(request, built, f"berkas-investigasi-{stamp}.zip")
    return render(request, "oversight/bundle.html", context)
