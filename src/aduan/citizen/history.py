"""How the tracking page tells a report's story: its status, the clock now running, who holds it, and
the history lines — for the public (`visibility.event_views` with no viewer) or for the reporter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aduan.reports import visibility
from aduan.reports.models import ActorKind, DueKind, Report, Status

# What each event kind means, said to a citizen.
EVENT_LABELS: dict[str, Promise] = {
    "submitted": _("Laporan dikirim"),
    "verified": _("Laporan diverifikasi dan diteruskan ke instansi"),
    "info_requested": _("Petugas meminta kelengkapan laporan"),
    "info_supplied": _("Pelapor mengirim kelengkapan"),
    "postponed": _("Laporan ditunda"),
    "postpone_ended": _("Penundaan berakhir"),
    "archived": _("Laporan diarsipkan"),
    "merged": _("Laporan digabung dengan laporan serupa"),
    "duplicate_merged": _("Laporan serupa digabungkan ke laporan ini"),
    "duplicate_unmerged": _("Penggabungan laporan dibatalkan"),
    "accepted": _("Laporan diterima instansi"),
    "assigned": _("Laporan diteruskan ke unit kerja"),
    "not_authority": _("Instansi menyatakan laporan bukan wewenangnya"),
    "unit_declined": _("Unit kerja mengembalikan laporan ke instansi"),
    "responded": _("Instansi memberi tanggapan"),
    "reporter_replied": _("Balasan pelapor"),
    "disputed": _("Pelapor menyatakan keberatan atas tanggapan"),
    "confirmed": _("Pelapor menyatakan masalah selesai"),
    "closed_by_silence": _("Ditutup karena pelapor tidak menanggapi"),
    "rated": _("Pelapor memberi penilaian"),
    "reopened": _("Laporan dibuka kembali"),
    "escalated": _("Diteruskan ke pengawas karena belum selesai dalam 60 hari"),
    "overdue": _("Melewati tenggat"),
    "staff_message": _("Pesan dari petugas"),
    "note": _("Catatan petugas"),
    "supported": _("Seorang warga mendukung laporan ini"),
    "claimed": _("Laporan dihubungkan dengan akun pelapor"),
    "identity_revealed": _("Identitas pelapor dibuka oleh pengawas"),
    "forwarded": _("Laporan diteruskan ke instansi pada sistem mitra"),
    "peer_event": _("Kabar dari instansi penangan di sistem mitra"),
}

# The clock now running, in the words of the tracking page.
DUE_LABELS: dict[str, Promise] = {
    DueKind.VERIFY: _("Batas waktu verifikasi"),
    DueKind.REPORTER_INFO: _("Batas waktu Anda melengkapi laporan"),
    DueKind.POSTPONED: _("Ditunda sampai"),
    DueKind.FOLLOW_UP: _("Batas waktu tindak lanjut instansi"),
    DueKind.REPORTER_WINDOW: _("Batas waktu tanggapan pelapor"),
}


@dataclass(frozen=True)
class Line:
    """One line of the history as the tracking page shows it."""

    created_at: datetime
    label: str
    actor: str
    text: str
    score: int | None = None
    messages: tuple[visibility.MessageState, ...] = ()


@dataclass(frozen=True)
class Clock:
    label: str
    last_day: date  # the last day counted (the deadline is the end of it)
    state: str  # "overdue", "today" or "ok": the CSS badge


def event_label(kind: str) -> str:
    return str(EVENT_LABELS.get(kind, kind))


def public_lines(report: Report) -> list[Line]:
    """The public timeline: exactly `visibility.event_views` for a visitor who proved nothing."""
    views = visibility.event_views(visibility.Viewer(None), report)
    return [
        Line(
            v.created_at,
            event_label(v.kind),
            "" if v.kind in ("supported", "submitted") else v.actor,
            v.text,
        )
        for v in views
    ]


def reporter_lines(report: Report) -> list[Line]:
    """The reporter's history — by account or by the access link alike: every event but the handlers'
    internal notes (`visibility.reporter_events`), with the text the reporter and the handlers exchanged.
    The reporter's own lines say "Anda"; staff are named by institution, never by person."""
    lines = []
    sent = visibility.message_states(visibility.Viewer(None), report, as_reporter=True)
    for event in visibility.reporter_events(report).select_related("actor_institution"):
        if event.kind == "supported":
            actor = ""
        elif event.actor_kind == ActorKind.REPORTER:
            actor = str(_("Anda"))
        elif event.actor_kind == ActorKind.SYSTEM:
            actor = str(_("Sistem"))
        elif event.actor_kind in (ActorKind.CHANNEL, ActorKind.PEER):
            actor = event.actor_label
        elif event.actor_institution is not None:
            actor = event.actor_institution.name
        else:
            actor = str(_("Petugas"))
        score = event.data.get("score") if event.kind == "rated" else None
        messages = tuple(sent.get(event.seq, ()))
        lines.append(Line(event.created_at, event_label(event.kind), actor, event.public_text, score, messages))
    return lines


def running_clock(report: Report, now: datetime | None = None) -> Clock | None:
    """The deadline now running, if any: a clock of N working days is due at the end of its last day."""
    if not report.due_kind or report.due_at is None:
        return None
    now = now or timezone.now()
    label = str(DUE_LABELS.get(report.due_kind, report.due_kind))
    if report.due_kind == DueKind.POSTPONED:
        until = report.postponed_until or timezone.localdate(report.due_at)
        return Clock(label, until, "ok")
    last_day = timezone.localdate(report.due_at - timedelta(microseconds=1))
    if now >= report.due_at:
        state = "overdue"
    elif timezone.localdate(now) == last_day:
        state = "today"
    else:
        state = "ok"
    return Clock(label, last_day, state)


def holder(report: Report) -> str:
    """Who is expected to act next, as the public may know it."""
    if report.status in (Status.SUBMITTED, Status.POSTPONED):
        if report.intake_institution is not None:
            return str(_("Verifikator %(name)s") % {"name": report.intake_institution.name})
        return str(_("Verifikator (pengelola)"))
    if report.status in (Status.NEEDS_INFO, Status.RESPONDED):
        return str(_("Pelapor"))
    if report.status in (Status.DISPOSITIONED, Status.IN_PROGRESS):
        held = report.unit or report.institution
        return held.name if held is not None else str(_("Instansi"))
    return ""
