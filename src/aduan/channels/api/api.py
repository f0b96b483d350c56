"""The JSON API under /api/v1/ (DESIGN §7). Handlers are thin: JSON in, a call of `reports.lifecycle` or a
`reports.visibility` queryset, JSON out. Errors everywhere take the shape `{"error": code, "detail": text}`."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import authenticate
from django.db.models import Q, QuerySet
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import match_token
from ninja import NinjaAPI, Query
from ninja import Status as Answer
from ninja.renderers import JSONRenderer
from pydantic import ValidationError as PydanticError

from aduan.backoffice.twofactor import has_confirmed_device
from aduan.channels import keys
from aduan.channels.api import present
from aduan.channels.api.auth import ApiError, Bearer, Caller, check_rate, client_ip, unauthorized
from aduan.channels.api.errors import from_pydantic, install
from aduan.channels.api.schemas import (
    ActionIn,
    CategoryOut,
    Error,
    InstitutionPage,
    RegionPage,
    ReportCreated,
    ReportIn,
    ReportOut,
    ReportPage,
    StatsOut,
    TokenIn,
    TokenOut,
    flat_schema,
)
from aduan.channels.models import ApiToken
from aduan.institutions.models import Institution, Region
from aduan.public import figures
from aduan.public.filters import CategoryTree
from aduan.public.labels import status_label
from aduan.reports import lifecycle, visibility
from aduan.reports.actors import Actor
from aduan.reports.lifecycle.dispatch import ACTIONS
from aduan.reports.models import Category, Classification, Report, Status
from aduan.search import query as search
from aduan.search import text as search_text

MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100
MAX_COUNTED = 10_000
MAX_QUERY = 200

api = NinjaAPI(
    title="Aduan API",
    version="1",
    description=(
        "Reports of complaints, aspirations and information requests to government (SP4N-LAPOR!-style). "
        "Send `Authorization: Bearer <token>` with a person's token (`POST /auth/token`) or an application's "
        "API key; anonymous callers see what the public sees. A reporter without an account proves "
        'themselves with the report\'s access token in `X-Access-Token`. Errors: `{"error", "detail"}`.'
    ),
    auth=Bearer(),
    renderer=JSONRenderer(),
    urls_namespace="api",
)
install(api)

ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error, 429: Error}


# --- bodies that may come as JSON or as multipart (JSON in one form field, files in `files`) ---


def _multipart_body(model: type, field: str) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": flat_schema(model)},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": [field],
                        "properties": {
                            field: {"type": "string", "description": f"The JSON body ({model.__name__}) as text."},
                            "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                        },
                    }
                },
            },
        }
    }


def read_body(request: HttpRequest, model: type, field: str) -> tuple[Any, list[tuple[str, Any]]]:
    """The validated body and any uploaded files: JSON (`application/json`), or multipart with the JSON
    in the form field `field` and the files under `files`."""
    files: list[tuple[str, Any]] = []
    if request.content_type == "multipart/form-data":
        raw = request.POST.get(field)
        if raw is None:
            raise ApiError(
                422, "validation_error", _("Kolom %(field)s (JSON) wajib ada pada multipart.") % {"field": field}
            )
        files = [(upload.name, upload) for upload in request.FILES.getlist("files")]
    else:
        raw = request.body
    try:
        return model.model_validate_json(raw or b"{}"), files
    except PydanticError as exc:
        raise from_pydantic(exc) from exc


def caller_of(request: HttpRequest) -> Caller:
    return request.auth  # type: ignore[attr-defined]


# --- authentication ---


@api.post("/auth/token", auth=None, response={201: TokenOut, **ERRORS}, tags=["auth"])
def create_token(request: HttpRequest, payload: TokenIn) -> Answer:
    """Exchange a username and password (and the TOTP code, for staff who enrolled one) for a bearer token."""
    check_rate(Caller(ident="ip:" + client_ip(request)))
    user = authenticate(request, username=payload.username, password=payload.password)
    if getattr(request, "axes_locked_out", False):
        raise ApiError(429, "locked_out", _("Terlalu banyak percobaan masuk yang gagal. Coba lagi nanti."))
    if user is None:
        raise unauthorized("invalid_credentials", _("Nama pengguna atau kata sandi salah."))
    if has_confirmed_device(user):
        if not payload.otp:
            raise unauthorized("otp_required", _("Masukkan kode verifikasi dua langkah (otp)."))
        if match_token(user, payload.otp.strip()) is None:
            raise unauthorized("invalid_otp", _("Kode verifikasi dua langkah salah."))
    elif settings.ADUAN_REQUIRE_2FA and visibility.Viewer(user).is_staff_member:
        raise ApiError(
            403, "otp_enrolment_required", _("Aktifkan verifikasi dua langkah di /kantor/ sebelum memakai API.")
        )
    token, secret = keys.create_token(user, name=payload.name or "api")
    return Answer(201, {"token": secret, "token_type": "Bearer", "expires_at": token.expires_at})


@api.delete("/auth/token", response={204: None, **ERRORS}, tags=["auth"])
def revoke_token(request: HttpRequest) -> Answer:
    """Revoke the bearer token this request was made with."""
    caller = caller_of(request)
    if not caller.is_user:
        raise unauthorized("unauthorized", _("Masuk terlebih dahulu (token pengguna)."))
    ApiToken.objects.filter(pk=int(caller.ident.removeprefix("token:"))).delete()
    return Answer(204, None)


# --- reports ---


@api.post(
    "/reports",
    response={201: ReportCreated, **ERRORS},
    openapi_extra=_multipart_body(ReportIn, "report"),
    tags=["reports"],
)
def create_report(request: HttpRequest) -> JsonResponse:
    """File a report (DESIGN §7's body). JSON, or multipart/form-data with the JSON in the field `report` and
    attachments (photos, documents, short videos) under `files`. Without an account the answer carries the
    reporter's `access_token`, shown once."""
    caller = caller_of(request)
    data, files = read_body(request, ReportIn, "report")
    reporter = data.reporter.model_dump() if data.reporter is not None else None
    submission = lifecycle.submit(
        caller.actor(),
        classification=data.classification,
        title=data.title,
        body=data.body,
        category=data.category,
        incident_date=data.incident_date,
        region=data.region_code,
        latitude=data.latitude,
        longitude=data.longitude,
        address=data.address or "",
        institution=data.institution,
        anonymous=data.anonymous,
        confidential=data.confidential,
        reporter=reporter,
        channel="app" if caller.is_app else "api",
        intake_institution=caller.key.institution if caller.is_app else None,
        attachments=files,
    )
    report = submission.report
    # Written directly (the hot path): the same fields as ReportCreated, without re-validating our own output.
    created = {
        "code": report.code,
        "access_token": submission.access_token,
        "status": report.status,
        "status_label": status_label(report.status, verified=False),
        "url": present.api_url(report.code),
        "track_url": present.track_url(report.code, submission.access_token),
        "attachments": len(files),
    }
    return JsonResponse(created, status=201)


@api.get("/reports/{code}", response={200: ReportOut, **ERRORS}, tags=["reports"])
def get_report(request: HttpRequest, code: str, access_token: str | None = None) -> dict[str, Any]:
    """One report as the caller may see it: the public view, the reporter's (with `X-Access-Token` or
    `?access_token=`, or as the signed-in reporter) or the staff view; with its timeline and the actions the
    caller may take now."""
    return present.detail(present.find(request, caller_of(request), code))


@api.post(
    "/reports/{code}/actions/{action}",
    response={200: ReportOut, **ERRORS},
    openapi_extra=_multipart_body(ActionIn, "payload"),
    tags=["reports"],
)
def act(request: HttpRequest, code: str, action: str) -> dict[str, Any]:
    """Take a lifecycle action (DESIGN §7's names: verify, request_info, supply_info, postpone, archive,
    merge, accept, assign, not_authority, respond, reply, dispute, confirm, rate, reopen, and comment/note).
    supply_info, respond and reply also take files (multipart, JSON in the field `payload`)."""
    if action not in ACTIONS:
        raise ApiError(404, "unknown_action", _("Tindakan tidak dikenal: %(action)s") % {"action": action[:40]})
    caller = caller_of(request)
    data, files = read_body(request, ActionIn, "payload")
    token = present.access_token(request)
    actor = Actor.reporter_with_token(token) if token else caller.actor()
    payload = {key: value for key, value in data.model_dump().items() if value is not None}
    report = lifecycle.perform(actor, code, action, payload, files or None)
    seen = present.find(request, caller, report.code)
    return present.detail(seen)


def _since_until(since: date | None, until: date | None) -> Q:
    tz = timezone.get_current_timezone()
    query = Q()
    if since is not None:
        query &= Q(submitted_at__gte=datetime.combine(since, time.min, tzinfo=tz))
    if until is not None:
        query &= Q(submitted_at__lt=datetime.combine(until, time.max, tzinfo=tz))
    return query


def _clean(value: str | None, limit: int = 64) -> str:
    return (value or "").replace("\x00", "").strip()[:limit]


def _text_search(q: str, viewer: visibility.Viewer, staff: bool) -> Q:
    """`q` over the text the caller may read: the public text; staff also the original of reports whose
    reporter is not anonymous (searching an anonymous report's original could find it by the reporter's
    name), and the national verifier everything."""
    public = Q(public_title__icontains=q) | Q(public_body__icontains=q)
    if not staff:
        return public
    original = Q(title__icontains=q) | Q(body__icontains=q)
    if viewer.is_national_verifier:
        return public | original
    return public | (Q(anonymous=False) & original) | (Q(reporter_user=viewer.user) & original)


def _search_query(raw: str) -> search_text.Query:
    try:
        return search_text.parse(raw.replace("\x00", ""))
    except search_text.QueryError as exc:
        raise ApiError(400, exc.code, exc.message) from exc


def _page_urls(request: HttpRequest, page: int, has_next: bool) -> tuple[str | None, str | None]:
    params = {k: v for k, v in request.GET.items() if k != "page"}

    def url(number: int) -> str:
        return f"{settings.BASE_URL}{request.path}?{urlencode({**params, 'page': number})}"

    return (url(page + 1) if has_next else None), (url(page - 1) if page > 1 else None)


def _paginated(request: HttpRequest, items: QuerySet, page: int, page_size: int) -> tuple[list, dict[str, Any]]:
    offset = (page - 1) * page_size
    found = list(items[offset : offset + page_size + 1])
    has_next = len(found) > page_size
    found = found[:page_size]
    if offset == 0 and not has_next:
        count, exact = len(found), True
    else:
        count = items[: MAX_COUNTED + 1].count()
        exact = count <= MAX_COUNTED
        count = min(count, MAX_COUNTED)
    following, previous = _page_urls(request, page, has_next)
    return found, {
        "count": count,
        "count_exact": exact,
        "page": page,
        "page_size": page_size,
        "next": following,
        "previous": previous,
    }


def _bad_filter(name: str, value: str) -> ApiError:
    return ApiError(
        400, "invalid_filter", _("Nilai penyaring %(name)s tidak dikenal: %(value)s") % {"name": name, "value": value}
    )


def _filtered(
    reports: QuerySet[Report],
    *,
    status: str,
    category: str,
    region: str,
    institution: str,
    classification: str,
    since: date | None,
    until: date | None,
) -> QuerySet[Report]:
    if status:
        if status not in Status.values:
            raise _bad_filter("status", status)
        reports = reports.filter(status=status)
    if classification:
        if classification not in Classification.values:
            raise _bad_filter("classification", classification)
        reports = reports.filter(classification=classification)
    if category:
        tree = CategoryTree()
        if category not in tree.by_code:
            raise _bad_filter("category", category)
        reports = reports.filter(category_id__in=tree.descendants(category))
    if region:
        reports = reports.filter(Q(region_id=region) | Q(region__code__startswith=region + "."))
    if institution:
        found = Institution.objects.filter(code=institution).only("path").first()
        if found is None:
            raise _bad_filter("institution", institution)
        reports = reports.filter(Q(institution__path__startswith=found.path) | Q(unit__path__startswith=found.path))
    if since is not None or until is not None:
        reports = reports.filter(_since_until(since, until))
    return reports


@api.get("/reports", response={200: ReportPage, **ERRORS}, tags=["reports"])
def list_reports(
    request: HttpRequest,
    *,
    q: str | None = None,
    status: str | None = None,
    category: str | None = None,
    region: str | None = None,
    institution: str | None = None,
    classification: str | None = None,
    since: date | None = None,
    until: date | None = None,
    mine: bool = False,
    page: int = Query(1, ge=1, le=MAX_PAGE),
    page_size: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
) -> dict[str, Any]:
    """Reports the caller may read, newest first: public reports for anonymous callers and citizens; every
    report of their queues for staff; `mine=true` for a signed-in reporter's own. Filters: status, category
    (with its subcategories), region (a code and everything under it), institution (with its units),
    classification, since/until (submission date), `q` (words in the public text; for the public a full-text
    search in Indonesian, ranked by relevance, title above body — see docs/search.md)."""
    caller = caller_of(request)
    viewer = visibility.Viewer(caller.user if caller.is_user else None)
    staff = False
    if mine:
        if viewer.user is None:
            raise unauthorized("unauthorized", _("Masuk terlebih dahulu (token pengguna) untuk melihat laporan Anda."))
        reports = visibility.reports_for(viewer).filter(reporter_user=viewer.user)
    elif viewer.user is not None and viewer.is_staff_member:
        reports, staff = visibility.reports_for(viewer), True
    else:
        reports = visibility.public_reports()
    reports = _filtered(
        reports,
        status=_clean(status, 40),
        category=_clean(category),
        region=_clean(region, 13),
        institution=_clean(institution),
        classification=_clean(classification, 40),
        since=since,
        until=until,
    )
    words = _clean(q, MAX_QUERY)
    reports = reports.select_related(*present.ROW_RELATED)
    if words and not (staff or mine):
        # The public view: full-text search over the public text, ranked (aduan.search; docs/search.md).
        narrowed = any((status, category, region, institution, classification, since, until))
        reports = search.search(reports, _search_query(q or ""), narrowed=narrowed)
    else:
        if words:
            reports = reports.filter(_text_search(words, viewer, staff or mine))
        reports = reports.order_by("-submitted_at", "-pk")
    found, meta = _paginated(request, reports, page, page_size)
    return {**meta, "results": present.rows(found, viewer, staff=staff)}


@api.get("/me/reports", response={200: ReportPage, **ERRORS}, tags=["reports"])
def my_reports(
    request: HttpRequest,
    *,
    page: int = Query(1, ge=1, le=MAX_PAGE),
    page_size: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
) -> dict[str, Any]:
    """The signed-in person's own reports (bearer token of a person)."""
    caller = caller_of(request)
    if not caller.is_user:
        raise unauthorized("unauthorized", _("Masuk terlebih dahulu (token pengguna) untuk melihat laporan Anda."))
    viewer = visibility.Viewer(caller.user)
    reports = (
        visibility.reports_for(viewer)
        .filter(reporter_user=caller.user)
        .select_related(*present.ROW_RELATED)
        .order_by("-submitted_at", "-pk")
    )
    found, meta = _paginated(request, reports, page, page_size)
    return {**meta, "results": present.rows(found, viewer, staff=False)}


# --- reference data ---


@api.get("/institutions", response={200: InstitutionPage, **ERRORS}, tags=["reference"])
def institutions(
    request: HttpRequest,
    *,
    q: str | None = None,
    parent: str | None = None,
    codes: str | None = Query(None, description="Comma-separated institution codes."),
    kind: str | None = None,
    page: int = Query(1, ge=1, le=MAX_PAGE),
    page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
) -> dict[str, Any]:
    """Active institutions: by name (`q`), children of `parent` (a code), a list of `codes`, or a `kind`."""
    found = Institution.objects.filter(active=True).select_related("parent", "region")
    words = _clean(q, MAX_QUERY)
    if words:
        found = found.filter(Q(name__icontains=words) | Q(short_name__icontains=words) | Q(code__icontains=words))
    if parent:
        found = found.filter(parent__code=_clean(parent))
    if codes:
        found = found.filter(code__in=[_clean(c) for c in codes.split(",")[:MAX_PAGE_SIZE] if c.strip()])
    if kind:
        found = found.filter(kind=_clean(kind, 20))
    rows, meta = _paginated(request, found.order_by("path", "pk"), page, page_size)
    return {
        **meta,
        "results": [
            {
                "code": i.code,
                "name": i.name,
                "short_name": i.short_name,
                "kind": i.kind,
                "parent": i.parent.code if i.parent_id else None,
                "region": i.region_id,
                "url": f"{settings.BASE_URL}/instansi/{i.slug}/",
            }
            for i in rows
        ],
    }


@api.get("/categories", response={200: list[CategoryOut], **ERRORS}, tags=["reference"])
def categories(request: HttpRequest) -> list[dict[str, Any]]:
    """The whole active category tree, parents first (a few hundred rows at most)."""
    rows = Category.objects.filter(active=True).select_related("parent").order_by("position", "code")
    return [
        {"code": c.code, "name": c.name, "name_en": c.name_en, "parent": c.parent.code if c.parent_id else None}
        for c in rows
    ]


@api.get("/regions", response={200: RegionPage, **ERRORS}, tags=["reference"])
def regions(
    request: HttpRequest,
    *,
    parent: str | None = Query(None, description="A region code: its children. Without it and `q`: provinces."),
    q: str | None = None,
    page: int = Query(1, ge=1, le=MAX_PAGE),
    page_size: int = Query(100, ge=1, le=MAX_PAGE_SIZE),
) -> dict[str, Any]:
    """Kemendagri regions by code: provinces, or the children of `parent`, or those whose name has `q`."""
    found = Region.objects.all()
    words = _clean(q, MAX_QUERY)
    if parent:
        found = found.filter(parent_id=_clean(parent, 13))
    if words:
        found = found.filter(name__icontains=words)
    if not parent and not words:
        found = found.filter(level=Region.Level.PROVINCE)
    rows, meta = _paginated(request, found.order_by("code"), page, page_size)
    return {
        **meta,
        "results": [{"code": r.code, "name": r.name, "level": r.level, "parent": r.parent_id} for r in rows],
    }


@api.get("/stats", response={200: StatsOut, **ERRORS}, tags=["reference"])
def stats(request: HttpRequest) -> dict[str, Any]:
    """Headline figures over the public reports, and `figures`: the statistics of /statistik/ (kept up to date
    incrementally) for the period and scope given by the same query parameters as that page (`periode`,
    `dari`, `sampai`, `instansi`, `wilayah`, `kategori`)."""
    from aduan.stats import forms as stats_forms
    from aduan.stats import query as stats_query
    from aduan.stats.views import summary_rows

    today = timezone.localdate()
    selection = stats_forms.read(request.GET, today)
    if selection.errors:
        raise ApiError(400, "invalid_filter", " ".join(str(e) for e in selection.errors))
    assert selection.period is not None
    try:
        summary = stats_query.summary(selection.scope, selection.period, today)
    except stats_query.TooBroad as exc:
        raise ApiError(400, "too_broad", str(exc)) from exc
    public = visibility.public_reports()
    head = figures.headline(public)
    return {
        "period": {"start": selection.period.start, "end": selection.period.end},
        "figures": dict(summary_rows(summary)),
        "public": head.public,
        "in_progress": head.in_progress,
        "completed": head.completed,
        "confirmed": head.confirmed,
        "closed_by_silence": head.silence,
        "by_status": [{"key": t.key, "label": t.label, "count": t.n} for t in figures.by_status(public)],
        "by_classification": [
            {"key": t.key, "label": t.label, "count": t.n} for t in figures.by_classification(public)
        ],
    }


# --- open data (aduan.opendata): the public datasets as files, streamed ---

from aduan.opendata import api as opendata  # noqa: E402

EXPORT_FORMAT = Query("csv", description="csv, json, jsonl or xlsx.")


@api.get("/export/reports", response=ERRORS, tags=["open data"], openapi_extra=opendata.REPORTS_OPENAPI)
def export_reports(
    request: HttpRequest,
    *,
    format: str | None = EXPORT_FORMAT,
    since: str | None = Query(None, description="Submitted on or after this date (YYYY-MM-DD)."),
    until: str | None = Query(None, description="Submitted on or before this date (YYYY-MM-DD)."),
    institution: str | None = None,
    region: str | None = None,
    category: str | None = None,
    classification: str | None = None,
    status: str | None = None,
) -> Any:
    """Every public report matching the filters, as a file streamed in flat memory (docs/open-data.md).
    Filters as on /reports; a bad value answers 400 `invalid_filter`. CC BY 4.0."""
    return opendata.export(request, "laporan", format)


@api.get("/export/institutions", response=ERRORS, tags=["open data"], openapi_extra=opendata.INSTITUTIONS_OPENAPI)
def export_institutions(
    request: HttpRequest,
    *,
    format: str | None = EXPORT_FORMAT,
    since: str | None = None,
    until: str | None = None,
    institution: str | None = None,
    region: str | None = None,
    category: str | None = None,
    classification: str | None = None,
    status: str | None = None,
) -> Any:
    """Per institution: its public reports matching the filters, counted by state (docs/open-data.md)."""
    return opendata.export(request, "instansi", format)
