"""`/lampiran/<id>/`: one attachment, checked against visibility.

Outside the handlers and the reporter, only the copy without EXIF (`Attachment.shared_file`) ever leaves,
under a neutral file name (an original name such as “KTP_Siti.jpg” can itself identify the reporter)."""

from __future__ import annotations

import mimetypes

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from aduan.backoffice.access import staff_session_verified
from aduan.reports.models import Attachment
from aduan.reports.visibility import Viewer
from aduan.reports.visibility import attachment_is_public as shown_publicly
from aduan.reports.visibility import reads_original_attachment as reads_original

INLINE_TYPES = ("image/", "application/pdf")
PUBLIC_MAX_AGE = 300


def _viewer(request: HttpRequest) -> Viewer:
    """Staff rights count only once any second factor they owe has been given."""
    viewer = Viewer(request.user)
    if viewer.is_staff_member and not staff_session_verified(request):
        return Viewer(None)
    return viewer


@require_safe
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        Attachment.objects.select_related(
            "report", "report__institution", "report__unit", "report__intake_institution"
        ),
        pk=pk,
    )
    original = reads_original(_viewer(request), found, token=request.GET.get("t", "")[:200])
    if not original and not shown_publicly(found):
        raise Http404
    stored = found.file if original else found.shared_file
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError) as exc:  # ValueError: no file stored under the field
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type=found.content_type,
        as_attachment=not found.content_type.startswith(INLINE_TYPES),
        filename=found.original_name if original else public_name(found),
    )
    response["X-Content-Type-Options"] = "nosniff"
    if original:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    return response


def public_name(found: Attachment) -> str:
    extension = mimetypes.guess_extension(found.content_type) or ""
    return f"lampiran-{found.pk}{extension}"
