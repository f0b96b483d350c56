"""Which report a visitor may open on the public pages; the rules themselves are in `reports.visibility`."""

from __future__ import annotations

from aduan.core import trackcode
from aduan.reports.models import Report
from aduan.reports.visibility import public_reports

REPORT_RELATED = ("institution", "unit", "region", "category", "reporter")


def public_report(code: str) -> Report | None:
    """The public report with this tracking code, typed any way (lowercase, without the dash)."""
    canonical = trackcode.normalize(code or "")
    if canonical is None:
        return None
    return public_reports().select_related(*REPORT_RELATED).filter(code=canonical).first()
