"""`/lapor/`: the report form, what follows it (`/lapor/terkirim/`), and its helpers: similar reports
nearby with a "Dukung" button, and the institution search."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aduan.citizen import choices, jstext, session
from aduan.citizen.filing import Filed, file_report
from aduan.citizen.report_form import ACCEPT, ReportForm, limits
from aduan.core import trackcode
from aduan.reports import lifecycle, visibility
from aduan.reports.actors import Actor
from aduan.reports.errors import LifecycleError
from aduan.reports.models import Report
from aduan.reports.states import OPEN

SIMILAR_SHOWN = 5
FETCH_HEADER = "fetch"  # X-Requested-With of the page's script (and its offline queue): answer JSON


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == FETCH_HEADER


def private(response: HttpResponse) -> HttpResponse:
    """Pages with a reporter's details or secret link: never kept by a shared or disk cache, and the
    secret in the address never sent on to another site. ("same-origin", not "no-referrer": with the
    latter browsers send `Origin: null` with the page's own forms, and CSRF protection refuses them.)"""
    patch_cache_control(response, private=True, no_store=True)
    response["Referrer-Policy"] = "same-origin"
    return response


def reporter_defaults(user: AbstractBaseUser | AnonymousUser) -> dict[str, str]:
    """The reporter fields prefilled for an account holder: from their latest report (their own identity,
    which `visibility.reporter_identity` hands to the reporter), else from the account."""
    if not user.is_authenticated:
        return {}
    values = {"name": user.get_full_name(), "email": user.email}
    latest = (
        Report.objects.filter(reporter_user=user, reporter__isnull=False)
        .select_related("reporter", "intake_institution")
        .order_by("-submitted_at")
        .first()
    )
    if latest is not None:
        identity = visibility.reporter_identity(visibility.Viewer(user), latest) or {}
        for key in ("name", "phone", "email", "nik"):
            values[key] = values.get(key) or identity.get(key, "")
    return {k: v for k, v in values.items() if v}


def _page(request: HttpRequest, form: ReportForm, status: int = 200) -> HttpResponse:
    institution = choices.institution_named(form.value_of("institution"))
    context: dict[str, Any] = {
        "form": form,
        "regions": choices.region_chain(form.region_values()),
        "region_values": form.region_values(),
        "institution": institution,
        "accept": ACCEPT,
        "limits": limits(),
        "script_text": jstext.report_form(),
        "had_files": bool(request.FILES),
    }
    return private(render(request, "citizen/report_form.html", context, status=status))


def _after_filing(request: HttpRequest, filed: Filed) -> HttpResponse:
    known = session.sent(request, filed.code) is not None
    url = f"/lapor/terkirim/?kode={filed.code}" if known else f"/lacak/{filed.code}/"
    if _wants_json(request):
        return JsonResponse({"code": filed.code, "url": url, "duplicate": filed.duplicate})
    return redirect("/lapor/terkirim/" if known and not filed.duplicate else url)


@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        initial = {**reporter_defaults(request.user), "submission_id": uuid.uuid4()}
        return _page(request, ReportForm(initial=initial))
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            return _after_filing(request, file_report(request, form))
        except LifecycleError as error:
            form.add_lifecycle_error(error)
    if _wants_json(request):
        return JsonResponse(
            {"error": "invalid", "detail": _("Periksa kembali isian Anda."), "errors": form.error_dict()}, status=400
        )
    return _page(request, form, status=400)


@require_GET
def sent(request: HttpRequest) -> HttpResponse:
    asked = request.GET.get("kode", "")
    code = trackcode.normalize(asked) if asked else None
    record = session.sent(request, code)
    if record is None:
        return redirect(f"/lacak/{code}/" if code else "/lapor/")
    path = f"/lacak/{record.code}/" + (f"?t={record.token}" if record.token else "")
    context = {
        "code": record.code,
        "link": request.build_absolute_uri(path),
        "has_token": bool(record.token),
        "script_text": jstext.copy(),
    }
    return private(render(request, "citizen/sent.html", context))


@require_GET
def similar(request: HttpRequest) -> HttpResponse:
    """Open public reports of the same category in the same district: support one instead of repeating it."""
    category = request.GET.get("category", "").strip()[:64]
    district = request.GET.get("district", "").strip()[:13]
    rows: list[dict[str, Any]] = []
    if category and district.count(".") == 2:
        found = (
            visibility.public_reports()
            .filter(status__in=OPEN, category__code=category)
            .filter(Q(region__code=district) | Q(region__code__startswith=district + "."))
            .select_related("reporter", "region")
            .order_by("-support_count", "-submitted_at")[:SIMILAR_SHOWN]
        )
        for report in found:
            title, body = visibility.public_text(report)
            rows.append({"report": report, "title": title, "body": body})
    return render(request, "citizen/similar.html", {"rows": rows, "asked": bool(category and district)})


def _voter(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    if not request.session.session_key:
        request.session.save()
    return f"session:{request.session.session_key}"


@require_POST
def support(request: HttpRequest, code: str) -> HttpResponse:
    canonical = trackcode.normalize(code) or code
    ok = False
    try:
        report = lifecycle.support(Actor.for_user(request.user), canonical, voter=_voter(request))
        text, ok = _("Terima kasih, dukungan Anda tercatat."), True
        count = report.support_count
    except LifecycleError as error:
        text = _("Anda sudah mendukung laporan ini.") if error.code == "already_supported" else error.detail
        count = Report.objects.filter(code=canonical).values_list("support_count", flat=True).first()
    if request.htmx:
        return render(request, "citizen/support_result.html", {"text": text, "ok": ok, "count": count})
    (messages.success if ok else messages.info)(request, text)
    return redirect(f"/laporan/{canonical}/")


@require_GET
def institution_options(request: HttpRequest) -> HttpResponse:
    """`<option>`s of institutions matching `q`, for the form's "suggested institution" select."""
    rows = choices.search_institutions(request.GET.get("q", ""))
    return render(request, "citizen/institution_options.html", {"rows": rows, "q": request.GET.get("q", "")})
