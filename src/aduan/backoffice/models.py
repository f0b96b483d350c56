"""What the back office keeps of its own: saved queue views, response templates, invitations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aduan.institutions.models import Institution, Membership


class SavedView(models.Model):
    """A staff member's named set of queue filters, kept as the query string of the queue page."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views")
    name = models.CharField(_("nama"), max_length=80)
    querystring = models.CharField(_("filter"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="saved_view_unique_name")]
        verbose_name = _("tampilan tersimpan")
        verbose_name_plural = _("tampilan tersimpan")

    def __str__(self) -> str:
        return self.name


class ResponseTemplate(models.Model):
    """A stock answer an institution (and every unit below it) can start a response from."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="response_templates", verbose_name=_("instansi")
    )
    title = models.CharField(_("judul"), max_length=120)
    body = models.TextField(_("isi"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("templat tanggapan")
        verbose_name_plural = _("templat tanggapan")

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """An institution admin's invitation for someone to become a unit liaison; used once, for 7 days."""

    token = models.CharField(max_length=64, unique=True, editable=False)
    email = models.EmailField(_("e-mail"))
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("unit kerja")
    )
    role = models.CharField(
        _("peran"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.UNIT_LIAISON
    )
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    accepted_at = models.DateTimeField(_("diterima"), null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("undangan")
        verbose_name_plural = _("undangan")

    def __str__(self) -> str:
        return f"{self.email} → {self.institution}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_used(self) -> bool:
        return self.accepted_at is not None
