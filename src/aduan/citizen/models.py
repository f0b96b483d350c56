"""What the citizen pages keep of their own: which form submission filed which report."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionReceipt(models.Model):
    """One report form's `submission_id` and the report it filed.

    A second POST of the same form (a double tap, a retried upload, an offline queue sending twice) finds
    this row and answers with the first report instead of filing a duplicate. The row is written in the
    same transaction as the report, so two concurrent POSTs of one form file one report: the second waits
    on the primary key and then reads the first one's code.
    """

    submission_id = models.UUIDField(primary_key=True)
    code = models.CharField(_("kode pelacakan"), max_length=9, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("tanda terima formulir")
        verbose_name_plural = _("tanda terima formulir")

    def __str__(self) -> str:
        return f"{self.submission_id} → {self.code}"
