"""The outbox: what the system owes the outside world, written in the transaction that owes it (DESIGN §5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Audience(models.TextChoices):
        REPORTER = "reporter", _("pelapor")
        INSTITUTION = "institution", _("instansi")
        VERIFIER = "verifier", _("verifikator")
        OVERSIGHT = "oversight", _("pengawas")

    class State(models.TextChoices):
        QUEUED = "queued", _("antre")
        SENDING = "sending", _("sedang dikirim")
        SENT = "sent", _("terkirim")
        DELIVERED = "delivered", _("diterima")
        FAILED = "failed", _("gagal")
        SKIPPED = "skipped", _("tanpa penerima")

    report = models.ForeignKey("reports.Report", on_delete=models.CASCADE, related_name="notifications")
    event_seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=32)
    audience = models.CharField(max_length=12, choices=Audience.choices)
    institution = models.ForeignKey(
        "institutions.Institution", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    channel = models.CharField(max_length=20)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # The gateway's id for the sent message (Kannel's DLR id, WhatsApp's wamid, X's post id, Message-ID),
    # by which a delivery receipt finds its notification.
    provider_id = models.CharField(max_length=200, blank=True, db_index=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="notification_due",
                condition=Q(state__in=["queued", "sending"]),
            )
        ]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")

    def __str__(self) -> str:
        return f"{self.kind} → {self.audience} ({self.state})"
