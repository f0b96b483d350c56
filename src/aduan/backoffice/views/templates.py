"""`/kantor/templat/`: an institution admin keeps the response templates of its institution and units."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aduan.backoffice.access import staff_required, viewer_of
from aduan.backoffice.forms import ResponseTemplateForm
from aduan.backoffice.models import ResponseTemplate
from aduan.institutions.models import Institution, Membership
from aduan.reports.visibility import Viewer


def managed_institutions(viewer: Viewer) -> QuerySet[Institution]:
    """The institutions this person administers and their units."""
    owners = [scope.institution_id for scope in viewer.scopes[Membership.Role.INSTITUTION_ADMIN]]
    return Institution.objects.filter(Q(pk__in=owners) | Q(owner_id__in=owners, kind=Institution.Kind.UNIT)).order_by(
        "path"
    )


@staff_required
def manage(request: HttpRequest) -> HttpResponse:
    institutions = managed_institutions(viewer_of(request))
    if not institutions.exists():
        return render(request, "backoffice/forbidden.html", {"why": "templates"}, status=403)
    form = ResponseTemplateForm(request.POST or None, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        template = form.save()
        messages.success(request, _("Templat “%(title)s” disimpan.") % {"title": template.title})
        return redirect("backoffice:templates")
    templates = ResponseTemplate.objects.filter(institution__in=institutions).select_related("institution")
    return render(request, "backoffice/templates.html", {"form": form, "templates": templates})


@require_POST
@staff_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(ResponseTemplate, pk=pk, institution__in=managed_institutions(viewer_of(request)))
    template.delete()
    messages.success(request, _("Templat “%(title)s” dihapus.") % {"title": template.title})
    return redirect("backoffice:templates")
