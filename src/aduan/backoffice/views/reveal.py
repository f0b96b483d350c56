"""`/kantor/laporan/<code>/identitas/`: oversight's logged reveal of a reporter's identity."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from aduan.backoffice.access import staff_required, viewer_of
from aduan.backoffice.views.report import actor_of, staff_report
from aduan.reports import lifecycle
from aduan.reports.errors import LifecycleError
from aduan.reports.lifecycle.oversight import MIN_REASON


@staff_required
def reveal(request: HttpRequest, code: str) -> HttpResponse:
    viewer = viewer_of(request)
    report = staff_report(viewer, code)
    if not viewer.is_oversight:
        return render(request, "backoffice/forbidden.html", status=403)
    context = {"report": report, "min_reason": MIN_REASON, "reason": ""}
    if request.method == "POST":
        reason = request.POST.get("reason", "").strip()
        context["reason"] = reason
        if len(reason) < MIN_REASON:
            context["error"] = "short"
            return render(request, "backoffice/reveal.html", context, status=400)
        try:
            identity = lifecycle.reveal_identity(actor_of(request), report.code, reason=reason)
        except LifecycleError as refused:
            context["error_detail"] = refused.detail
            return render(request, "backoffice/reveal.html", context, status=refused.status)
        # Shown once, on this response only: not stored in the session, never cached.
        return render(request, "backoffice/reveal_result.html", {"report": report, "identity": identity})
    return render(request, "backoffice/reveal.html", context)
