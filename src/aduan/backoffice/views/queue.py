"""`/kantor/`: the queue of the signed-in staff member, and their saved views."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aduan.backoffice import queue
from aduan.backoffice.access import staff_required, viewer_of
from aduan.backoffice.deadlines import Deadline, deadline_of
from aduan.backoffice.models import SavedView
from aduan.public.filters import BoundedPaginator
from aduan.reports.models import Report, Status
from aduan.reports.visibility import handler_text

MAX_SAVED_NAME = 80


@dataclass(frozen=True)
class Row:
    report: Report
    title: str
    deadline: Deadline | None


@require_GET
@staff_required
def index(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    now = timezone.now()
    filters = queue.Filters.from_query(request.GET)
    built = queue.build(viewer, filters, now)
    page = BoundedPaginator(built.reports, queue.PAGE_SIZE).get_page(request.GET.get("halaman"))
    rows = [Row(r, handler_text(viewer, r)[0], deadline_of(r, now)) for r in queue.load_rows(page.object_list)]
    tabs = [("", _("Untuk saya"), built.counts["mine"], filters.is_default_view)]
    tabs += [(s.value, s.label, built.counts[s.value], filters.status == s.value) for s in Status]
    every = filters.status == queue.ALL or (not filters.status and bool(filters.q))
    tabs.append((queue.ALL, _("Semua"), built.counts["all"], every))
    tab_links = [
        (filters.with_status(value).querystring(), label, queue.count_label(count), active)
        for value, label, count, active in tabs
    ]
    return render(
        request,
        "backoffice/queue.html",
        {
            "filters": filters,
            "page": page,
            "rows": rows,
            "tabs": tab_links,
            "querystring": filters.querystring(),
            "saved_views": SavedView.objects.filter(user=request.user),
            "category_options": queue.category_options(filters.category),
            "holder_options": queue.holder_options(viewer),
            "sorts": queue.SORTS.items(),
            "dues": queue.DUES.items(),
            "statuses": Status.choices,
        },
    )


@require_POST
@staff_required
def save_view(request: HttpRequest) -> HttpResponse:
    name = request.POST.get("name", "").strip()[:MAX_SAVED_NAME]
    querystring = queue.clean_querystring(request.POST.get("querystring", ""))
    if not name:
        messages.error(request, _("Beri nama tampilan yang akan disimpan."))
        return redirect(f"/kantor/?{querystring}")
    with suppress(IntegrityError):  # a concurrent save of the same name: the other one won, which is fine
        SavedView.objects.update_or_create(user=request.user, name=name, defaults={"querystring": querystring})
    messages.success(request, _("Tampilan “%(name)s” disimpan.") % {"name": name})
    return redirect(f"/kantor/?{querystring}")


@require_POST
@staff_required
def delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(SavedView, pk=pk, user=request.user)
    saved.delete()
    messages.success(request, _("Tampilan “%(name)s” dihapus.") % {"name": saved.name})
    return redirect("backoffice:queue")
