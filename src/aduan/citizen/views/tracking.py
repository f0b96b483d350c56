"""`/lacak/`: follow a report by its code. Anyone sees its status and, for a public report, the public
timeline. The reporter — signed in, or holding the secret link `?t=<token>` — sees their own history and
the actions lifecycle offers them (supply info, reply, dispute, confirm, rate)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aduan.citizen import history
from aduan.citizen.report_form import ACCEPT, limits
from aduan.citizen.reporter_actions import ACTIONS, ActionForm, offered
from aduan.citizen.views.report import private
from aduan.core import trackcode
from aduan.reports import lifecycle, visibility
from aduan.reports.actors import Actor
from aduan.reports.errors import LifecycleError
from aduan.reports.models import Report


def bad_link_message() -> str:
    return _(
        "Tautan tidak berlaku: tautan rahasia ini tidak cocok dengan laporan. Periksa kembali tautan yang "
        "Anda simpan, atau masuk dengan akun Anda. Status laporan tetap dapat dilihat di bawah."
    )


@dataclass(frozen=True)
class Access:
    """How the visitor relates to the report: as its reporter (by "token" or "account") or not at all."""

    how: str  # "token", "account" or ""
    actor: Actor | None
    token: str = ""
    bad_link: bool = False

    @property
    def is_reporter(self) -> bool:
        return bool(self.how)


def access(request: HttpRequest, report: Report, token: str) -> Access:
    if token and visibility.reports_for_token(report.code, token).exists():
        return Access("token", Actor.reporter_with_token(token), token)
    if request.user.is_authenticated and report.reporter_user_id == request.user.pk:
        return Access("account", Actor.for_user(request.user), bad_link=bool(token))
    return Access("", None, bad_link=bool(token))


def track_url(code: str, token: str = "") -> str:
    return f"/lacak/{code}/" + (f"?{urlencode({'t': token})}" if token else "")


def _find(code: str) -> Report | None:
    return (
        Report.objects.select_related(
            "institution", "unit", "intake_institution", "reporter", "category", "region", "suggested_institution"
        )
        .filter(code=code)
        .first()
    )


def _not_found(request: HttpRequest, typed: str) -> HttpResponse:
    error = _("Laporan dengan kode %(code)s tidak ditemukan. Periksa kembali kodenya.") % {"code": typed}
    return render(request, "citizen/track_form.html", {"error": error, "kode": typed}, status=404)


@require_GET
def track_form(request: HttpRequest) -> HttpResponse:
    typed = request.GET.get("kode", "").strip()[:40]
    if not typed:
        return render(request, "citizen/track_form.html", {"kode": ""})
    code = trackcode.normalize(typed)
    if code is None:
        error = _("Kode pelacakan terdiri dari 8 huruf dan angka, misalnya K7M4-Q2X9.")
        return render(request, "citizen/track_form.html", {"error": error, "kode": typed}, status=400)
    if not Report.objects.filter(code=code).exists():
        return _not_found(request, typed)
    return redirect(track_url(code))


def _page(
    request: HttpRequest,
    report: Report,
    who: Access,
    *,
    failed: ActionForm | None = None,
    page_error: str = "",
    status: int = 200,
) -> HttpResponse:
    public = visibility.is_public(report)
    context: dict[str, Any] = {
        "report": report,
        "who": who,
        "public": public,
        "clock": history.running_clock(report),
        "page_error": page_error,
        "bad_link": who.bad_link and not page_error,
        "bad_link_message": bad_link_message(),
    }
    if who.is_reporter:
        available = lifecycle.available_actions(who.actor, report)
        forms = []
        for action in offered(available):
            form = failed if failed is not None and failed.action.name == action.name else ActionForm(action)
            forms.append(form)
        context.update(
            title=report.title,
            body=report.body,
            lines=history.reporter_lines(report),
            holder=history.holder(report),
            attachments=list(report.attachments.order_by("pk").values_list("original_name", flat=True)),
            action_forms=forms,
            accept=ACCEPT,
            limits=limits(),
            token=who.token,
        )
    else:
        title = visibility.public_text(report)[0] if public else ""
        shows_holder = public or report.institution_id is None
        context.update(
            title=title,
            lines=history.public_lines(report) if public else [],
            holder=history.holder(report) if shows_holder else "",
        )
    response = render(request, "citizen/track.html", context, status=status)
    return private(response) if who.is_reporter or who.bad_link else response


@require_GET
def track(request: HttpRequest, code: str) -> HttpResponse:
    canonical = trackcode.normalize(code)
    if canonical is None:
        return _not_found(request, code)
    if canonical != code:
        query = request.GET.urlencode()
        return redirect(f"/lacak/{canonical}/" + (f"?{query}" if query else ""))
    report = _find(canonical)
    if report is None:
        return _not_found(request, code)
    token = request.GET.get("t", "").strip()[:200]
    who = access(request, report, token)
    return _page(request, report, who, status=403 if who.bad_link and not who.is_reporter else 200)


@require_POST
def act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
    canonical = trackcode.normalize(code)
    report = _find(canonical) if canonical and spec else None
    if report is None or spec is None:
        raise Http404
    token = request.POST.get("t", "").strip()[:200]
    who = access(request, report, token)
    if who.bad_link and not who.is_reporter:
        return _page(request, report, who, page_error=bad_link_message(), status=403)
    form = ActionForm(spec, request.POST)
    if not form.is_valid():
        return _page(request, report, who, failed=form, status=400)
    actor = who.actor or Actor.for_user(request.user)
    files = [(f.name, f) for f in request.FILES.getlist("attachments")] if spec.takes_files else None
    try:
        lifecycle.perform(actor, report.code, action, form.payload(), attachments=files)
    except LifecycleError as error:
        if not who.is_reporter:
            return _page(request, report, who, page_error=error.detail, status=error.status)
        form.add_error(None, error.detail)
        return _page(request, _find(canonical) or report, who, failed=form, status=error.status)
    messages.success(request, spec.done)
    return redirect(track_url(report.code, who.token))
