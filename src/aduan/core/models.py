"""Instance-wide tables that do not belong to one aggregate."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarOverride(models.Model):
    """A date whose working-day status differs from what the `holidays` package says.

    The package estimates future Islamic holidays and cannot know the yearly SKB on cuti bersama
    until it is published, so operators correct it here; open deadlines are recomputed on save.
    """

    date = models.DateField(_("tanggal"), unique=True)
    is_working_day = models.BooleanField(
        _("hari kerja"), help_text=_("Centang bila tanggal ini hari kerja (mis. libur yang dibatalkan).")
    )
    name = models.CharField(_("keterangan"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("koreksi kalender")
        verbose_name_plural = _("koreksi kalender")

    def __str__(self) -> str:
        kind = _("hari kerja") if self.is_working_day else _("libur")
        return f"{self.date:%Y-%m-%d} ({kind}) {self.name}".strip()


class ReferenceLoad(models.Model):
    """The checksum of the reference data last loaded, so an unchanged `load-reference` is instant."""

    name = models.CharField(max_length=40, unique=True)
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name} @ {self.loaded_at:%Y-%m-%d %H:%M}"
