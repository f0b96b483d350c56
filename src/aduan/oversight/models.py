"""The access log: each investigation bundle downloaded (and each export of this log). Identity reveals are
recorded by `reports.lifecycle.reveal_identity` in `reports.IdentityReveal`; the console shows both as one log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aduan.reports.models import Report


class AccessLog(models.Model):
    class Action(models.TextChoices):
        BUNDLE_REPORT = "bundle_report", _("Berkas investigasi satu laporan")
        BUNDLE_QUERY = "bundle_query", _("Berkas investigasi hasil saringan")
        LOG_EXPORT = "log_export", _("Ekspor log akses")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("tindakan"), max_length=20, choices=Action.choices)
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    query = models.TextField(_("saringan"), blank=True)
    reason = models.TextField(_("alasan"), blank=True)
    at = models.DateTimeField(_("waktu"))
    ip = models.CharField(_("alamat IP"), max_length=64, blank=True)
    # What was handed out: how many reports, and the sha256 of the bundle's MANIFEST (proof of its content).
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["-at", "-id"], name="accesslog_recent")]
        verbose_name = _("log akses pengawasan")
        verbose_name_plural = _("log akses pengawasan")

    def __str__(self) -> str:
        return f"{self.action} by {self.user_id} at {self.at:%Y-%m-%d %H:%M}"
