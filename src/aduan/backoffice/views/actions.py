"""`/kantor/laporan/<code>/aksi/<action>/`: one lifecycle action, then back to the report page."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from aduan.backoffice.access import staff_required, viewer_of
from aduan.backoffice.actionforms import FORMS
from aduan.backoffice.drafts import keep_draft
from aduan.backoffice.views.report import actor_of, staff_report
from aduan.reports import lifecycle
from aduan.reports.errors import LifecycleError

NOT_PASSED_ON = {"csrfmiddlewaretoken", "q", "template"}


@require_POST
@staff_required
def perform(request: HttpRequest, code: str, action: str) -> HttpResponse:
    form = FORMS.get(action)
    if form is None:
        raise Http404
    report = staff_report(viewer_of(request), code)
    page = reverse("backoffice:report", args=[report.code])
    payload = {key: value for key, value in request.POST.dict().items() if key not in NOT_PASSED_ON}
    files = [(f.name, f) for f in request.FILES.getlist("attachments")]
    try:
        lifecycle.perform(actor_of(request), report.code, action, payload, attachments=files or None)
    except LifecycleError as refused:
        messages.error(request, refused.detail)
        keep_draft(request, report.code, action)
        return redirect(f"{page}#{form.form_id}")
    messages.success(request, form.success)
    return redirect(page)
