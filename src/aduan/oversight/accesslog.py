"""One access log over two tables: identity reveals (`reports.IdentityReveal`, written by the lifecycle) and
bundle downloads and log exports (`AccessLog`). Read newest first, a page at a time, or streamed as CSV."""

from __future__ import annotations

import csv
import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.channels.api.auth import client_ip
from aduan.oversight.models import AccessLog
from aduan.reports.models import IdentityReveal

REVEAL = "identity_reveal"
CHUNK = 2000
CSV_HEADER = ["waktu", "pengguna", "tindakan", "laporan", "saringan", "alasan", "alamat_ip", "rincian"]


def record(
    request: HttpRequest, action: str, *, report=None, query: str = "", reason: str = "", detail: dict | None = None
) -> AccessLog:
    return AccessLog.objects.create(
        user=request.user,
        action=action,
        report=report,
        query=query,
        reason=reason,
        at=timezone.now(),
        ip=client_ip(request),
        detail=detail or {},
    )


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str
    label: str
    username: str
    report_code: str
    query: str
    reason: str
    ip: str
    detail: str


def action_label(kind: str) -> str:
    if kind == REVEAL:
        return _("Pembukaan identitas pelapor")
    return str(dict(AccessLog.Action.choices).get(kind, kind))


def _reveals(before: datetime | None, limit: int | None) -> Iterator[Entry]:
    rows = IdentityReveal.objects.order_by("-created_at", "-pk")
    if before is not None:
        rows = rows.filter(created_at__lt=before)
    if limit is not None:
        rows = rows[:limit]
    for at, username, code, reason in rows.values_list(
        "created_at", "user__username", "report__code", "reason"
    ).iterator(CHUNK):
        yield Entry(at, REVEAL, action_label(REVEAL), username, code, "", reason, "", "")


def _accesses(before: datetime | None, limit: int | None) -> Iterator[Entry]:
    rows = AccessLog.objects.order_by("-at", "-pk")
    if before is not None:
        rows = rows.filter(at__lt=before)
    if limit is not None:
        rows = rows[:limit]
    fields = ("at", "action", "user__username", "report__code", "query", "reason", "ip", "detail")
    for at, action, username, code, query, reason, ip, detail in rows.values_list(*fields).iterator(CHUNK):
        summary = ", ".join(f"{key}={value}" for key, value in sorted((detail or {}).items()))
        yield Entry(at, action, action_label(action), username, code or "", query, reason, ip, summary)


def entries(before: datetime | None = None, limit: int | None = None) -> Iterator[Entry]:
    """Both logs merged, newest first, streamed: each side is one ordered query read in chunks."""
    return heapq.merge(_reveals(before, limit), _accesses(before, limit), key=lambda entry: entry.at, reverse=True)


def page(limit: int, before: datetime | None = None) -> list[Entry]:
    """The newest `limit` entries (each side reads at most `limit` rows through its time index)."""
    found = []
    for entry in entries(before, limit):
        found.append(entry)
        if len(found) >= limit:
            break
    return found


def cell(value: str) -> str:
    """A spreadsheet must not run a reason typed as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines() -> Iterator[str]:
    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow(CSV_HEADER)  # a BOM so spreadsheet programs read UTF-8
    for entry in entries():
        yield writer.writerow(
            [
                entry.at.astimezone(timezone.get_current_timezone()).isoformat(timespec="seconds"),
                cell(entry.username),
                entry.kind,
                entry.report_code,
                cell(entry.query),
                cell(entry.reason),
                entry.ip,
                cell(entry.detail),
            ]
        )
