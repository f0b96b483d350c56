"""`/kantor/undang/` (an institution admin invites a unit liaison) and `/kantor/undangan/<token>/`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from aduan.backoffice import invitations
from aduan.backoffice.access import staff_required, viewer_of
from aduan.backoffice.forms import AcceptInvitationForm, InviteForm
from aduan.backoffice.models import Invitation

BACKEND = "django.contrib.auth.backends.ModelBackend"


@staff_required
def invite(request: HttpRequest) -> HttpResponse:
    units = invitations.invitable_units(viewer_of(request))
    if not units.exists():
        return render(request, "backoffice/forbidden.html", {"why": "invite"}, status=403)
    form = InviteForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        unit, email = form.cleaned_data["unit"], form.cleaned_data["email"]
        try:
            invitations.invite(request.user, email, unit)
        except invitations.InvitationProblem as problem:
            messages.error(request, str(problem))
        else:
            messages.success(
                request, _("Undangan untuk %(email)s (%(unit)s) terkirim.") % {"email": email, "unit": unit.name}
            )
            return redirect("backoffice:invite")
    sent = (
        Invitation.objects.filter(institution__in=units)
        .select_related("institution", "invited_by")
        .order_by("-created_at")[:50]
    )
    return render(request, "backoffice/invite.html", {"form": form, "sent": sent, "now": timezone.now()})


@never_cache
def accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.objects.select_related("institution").filter(token=token).first()
    problem = invitations.problem_with(invitation)
    if problem:
        return render(request, "backoffice/invitation_invalid.html", {"problem": problem}, status=410)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.accept(token, form.cleaned_data["username"], form.cleaned_data["password1"])
        except invitations.InvitationProblem as gone:
            return render(request, "backoffice/invitation_invalid.html", {"problem": str(gone)}, status=410)
        login(request, user, backend=BACKEND)
        messages.success(
            request,
            _("Selamat datang. Akun Anda sebagai admin unit kerja %(unit)s sudah aktif.")
            % {"unit": invitation.institution.name},
        )
        return redirect("backoffice:queue")
    return render(request, "backoffice/invitation_accept.html", {"form": form, "invitation": invitation})
