"""Filing a report from the web form exactly once per form view."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from aduan.citizen import session
from aduan.citizen.models import SubmissionReceipt
from aduan.citizen.report_form import ReportForm
from aduan.reports import lifecycle
from aduan.reports.actors import Actor


@dataclass(frozen=True)
class Filed:
    code: str
    token: str | None
    duplicate: bool  # True: this form had already filed the report; nothing new was filed


def already_filed(request: HttpRequest, submission_id: str | None) -> str | None:
    """The report this form submission filed before, if it did (this session first, then any session)."""
    if not submission_id:
        return None
    code = session.submitted(request, submission_id)
    if code:
        return code
    return SubmissionReceipt.objects.filter(pk=submission_id).exclude(code="").values_list("code", flat=True).first()


def file_report(request: HttpRequest, form: ReportForm) -> Filed:
    """Submit the cleaned form through `lifecycle.submit`; raises `LifecycleError` having filed nothing."""
    sid = form.cleaned_data.get("submission_id")
    sid_text = str(sid) if sid else None
    earlier = already_filed(request, sid_text)
    if earlier:
        return Filed(earlier, None, duplicate=True)
    files = [(f.name, f) for f in request.FILES.getlist("attachments")]
    try:
        with transaction.atomic():
            if sid is not None:
                # Claims the submission id first: a concurrent POST of the same form waits here, then fails.
                SubmissionReceipt.objects.create(submission_id=sid)
            submission = lifecycle.submit(
                Actor.for_user(request.user), **form.submit_kwargs(), attachments=files, channel="web"
            )
            if sid is not None:
                SubmissionReceipt.objects.filter(pk=sid).update(code=submission.report.code)
    except IntegrityError:
        earlier = already_filed(request, sid_text)
        if not earlier:
            raise
        return Filed(earlier, None, duplicate=True)
    session.remember(request, submission.report.code, submission.access_token, sid_text)
    return Filed(submission.report.code, submission.access_token, duplicate=False)
