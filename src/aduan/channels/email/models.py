"""The only state the e-mail channel keeps of its own: which staff digest went out on which day."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestSent(models.Model):
    """One row per person per local day: the unique pair is the claim that stops a second digest, even with
    several workers running the same schedule."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_digests")
    day = models.DateField()
    created_at = models.DateTimeField()
    items = models.PositiveIntegerField(default=0)
    sent = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_day")]
        verbose_name = _("ringkasan harian")
        verbose_name_plural = _("ringkasan harian")

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
