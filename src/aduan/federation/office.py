"""The operators' page (/kantor/federasi/): peers, their health, the undelivered queue, refused requests;
and the form by which a verifier or an institution admin forwards a report to a peer institution."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aduan.backoffice.access import staff_required, viewer_of
from aduan.federation import health, identity
from aduan.federation.models import PeerDelivery, PeerInstitution, PeerLink
from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.visibility import staff_reports


def _operator(request: HttpRequest) -> bool:
    viewer = viewer_of(request)
    return bool(request.user.is_superuser or viewer.is_national_verifier or viewer.is_oversight)


@staff_required
def peers(request: HttpRequest) -> HttpResponse:
    if not _operator(request):
        return render(request, "backoffice/forbidden.html", status=403)
    context = {
        "local": identity.name() if identity.initialised() else "",
        "public_key": identity.public_key() if identity.initialised() else "",
        "peers": health.peers(),
        "failed": PeerDelivery.objects.filter(state=PeerDelivery.State.FAILED)
        .select_related("peer", "report")
        .order_by("created_at")[:50],
        "refused": health.recent_refusals(),
    }
    return render(request, "federation/peers.html", context)


class ForwardForm(forms.Form):
    target = forms.ChoiceField(label=gettext_lazy("Instansi tujuan di sistem mitra"))
    message = forms.CharField(
        label=gettext_lazy("Pesan (tampil di riwayat publik)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = PeerInstitution.objects.filter(active=True, peer__active=True).select_related("peer")
        self.fields["target"].choices = [("", "—")] + [
            (f"{pi.peer.name}/{pi.code}", f"{pi.name} — {pi.peer.name}") for pi in rows.order_by("peer__name", "code")
        ]


@staff_required
def forward(request: HttpRequest, code: str) -> HttpResponse:
    viewer = viewer_of(request)
    report = staff_reports(viewer).filter(code=code).select_related("institution", "unit", "intake_institution").first()
    if report is None:
        return render(request, "backoffice/forbidden.html", status=404)
    actor = Actor.for_user(request.user)
    if "forward" not in lifecycle.available_actions(actor, report):
        return render(request, "backoffice/forbidden.html", status=403)
    form = ForwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        peer, institution = form.cleaned_data["target"].split("/", 1)
        try:
            lifecycle.perform(
                actor,
                report,
                "forward",
                {"peer": peer, "institution": institution, "message": form.cleaned_data["message"]},
            )
        except lifecycle.LifecycleError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Laporan diteruskan ke sistem mitra."))
            return redirect(f"/kantor/laporan/{report.code}/")
    links = PeerLink.objects.filter(report=report).select_related("peer")
    return render(request, "federation/forward.html", {"report": report, "form": form, "links": links})
