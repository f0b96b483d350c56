"""Invitations: an institution admin invites someone by e-mail to be a unit liaison of one of its units."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.backoffice.models import Invitation
from aduan.institutions.models import Institution, Membership
from aduan.reports.visibility import Viewer

log = logging.getLogger(__name__)
VALID_FOR = timedelta(days=7)
Role = Membership.Role


def invitable_units(viewer: Viewer) -> QuerySet[Institution]:
    """The units of the institutions this person administers."""
    owners = [scope.institution_id for scope in viewer.scopes[Role.INSTITUTION_ADMIN]]
    return Institution.objects.filter(owner_id__in=owners, kind=Institution.Kind.UNIT, active=True).order_by("name")


class InvitationProblem(Exception):
    pass


def invite(inviter: Any, email: str, unit: Institution) -> Invitation:
    """Record the invitation and e-mail its link; if the mail cannot be sent, nothing is kept."""
    invitation = Invitation.objects.create(
        token=secrets.token_urlsafe(32),
        email=email,
        institution=unit,
        role=Role.UNIT_LIAISON,
        invited_by=inviter,
        expires_at=timezone.now() + VALID_FOR,
    )
    link = f"{settings.BASE_URL}/kantor/undangan/{invitation.token}/"
    inviter_name = inviter.get_full_name() or inviter.get_username()
    body = _(
        "Yth. Bapak/Ibu,\n\n"
        "%(inviter)s mengundang Anda menjadi admin unit kerja %(unit)s di %(site)s, untuk menindaklanjuti "
        "laporan masyarakat yang diteruskan ke unit Anda.\n\n"
        "Buka tautan berikut untuk membuat akun (berlaku sampai %(until)s):\n%(link)s\n\n"
        "Jika Anda tidak mengharapkan undangan ini, abaikan e-mail ini."
    ) % {
        "inviter": inviter_name,
        "unit": unit.name,
        "site": settings.INSTANCE_NAME,
        "until": timezone.localtime(invitation.expires_at).strftime("%d-%m-%Y %H:%M"),
        "link": link,
    }
    subject = _("Undangan menjadi admin unit kerja %(unit)s") % {"unit": unit.name}
    try:
        send_mail(subject, body, None, [email])
    except OSError as exc:  # smtplib's errors are OSErrors too
        log.warning("invitation %s: e-mail not sent: %s", invitation.pk, type(exc).__name__)
        invitation.delete()
        raise InvitationProblem(_("E-mail undangan tidak dapat dikirim. Coba lagi nanti.")) from exc
    return invitation


def accept(token: str, username: str, password: str) -> Any:
    """Create the account and its membership; raises InvitationProblem when the link is no longer valid."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("institution").filter(token=token).first()
        problem = problem_with(invitation)
        if problem:
            raise InvitationProblem(problem)
        user = get_user_model().objects.create_user(username=username, email=invitation.email, password=password)
        Membership.objects.create(user=user, institution=invitation.institution, role=invitation.role)
        invitation.accepted_at = timezone.now()
        invitation.accepted_user = user
        invitation.save(update_fields=["accepted_at", "accepted_user"])
        return user


def problem_with(invitation: Invitation | None) -> str:
    if invitation is None:
        return _("Undangan tidak ditemukan. Periksa kembali tautan dari e-mail Anda.")
    if invitation.is_used:
        return _("Undangan ini sudah digunakan. Silakan masuk dengan akun yang sudah dibuat.")
    if invitation.is_expired:
        return _("Undangan ini sudah kedaluwarsa. Mintalah admin instansi Anda mengirim undangan baru.")
    return ""
