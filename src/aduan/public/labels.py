"""Words the public reads for statuses and history lines (Bahasa Indonesia in the source)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aduan.reports.models import Status

# A verified report is back at `submitted` only when an institution declined it and the verifier must
# route it again: "Belum terverifikasi" would tell the public something untrue.
REROUTING = _("Menunggu penerusan ulang")

# Every event kind of `reports.states.TRANSITIONS`, as one line of the public timeline.
EVENT_LABELS: dict[str, Promise] = {
    "submitted": _("Laporan diterima"),
    "verified": _("Diverifikasi dan diteruskan ke instansi"),
    "info_requested": _("Verifikator meminta kelengkapan laporan"),
    "info_supplied": _("Pelapor melengkapi laporan"),
    "postponed": _("Ditunda oleh verifikator"),
    "postpone_ended": _("Penundaan berakhir"),
    "archived": _("Diarsipkan"),
    "merged": _("Digabungkan dengan laporan serupa"),
    "duplicate_merged": _("Laporan serupa digabungkan ke laporan ini"),
    "duplicate_unmerged": _("Penggabungan laporan serupa dibatalkan"),
    "accepted": _("Diterima instansi untuk ditindaklanjuti"),
    "assigned": _("Diteruskan ke unit kerja"),
    "not_authority": _("Instansi menyatakan bukan wewenangnya; dikembalikan ke verifikator"),
    "unit_declined": _("Unit kerja mengembalikan laporan ke instansi"),
    "responded": _("Ditanggapi instansi"),
    "reporter_replied": _("Pelapor membalas"),
    "disputed": _("Pelapor menyatakan tanggapan belum menyelesaikan masalah"),
    "confirmed": _("Pelapor mengonfirmasi laporan selesai"),
    "closed_by_silence": _("Ditutup karena pelapor tidak menanggapi dalam 10 hari kerja"),
    "rated": _("Pelapor memberi penilaian"),
    "reopened": _("Dibuka kembali"),
    "escalated": _("Belum selesai 60 hari setelah disposisi: diteruskan ke pengawas"),
    "overdue": _("Melewati batas waktu"),
    "staff_message": _("Pesan petugas"),
    "note": _("Catatan petugas"),
    "supported": _("Didukung warga"),
    "claimed": _("Laporan dihubungkan ke akun pelapor"),
    "identity_revealed": _("Identitas pelapor dibuka oleh pengawas"),
    "forwarded": _("Diteruskan ke instansi pada sistem mitra"),
    "peer_event": _("Pembaruan dari instansi penangan di sistem mitra"),
}


def event_label(kind: str) -> str:
    label = EVENT_LABELS.get(kind)
    return str(label) if label is not None else kind


def status_label(status: str, *, verified: bool = True) -> str:
    """A status as the public reads it."""
    if status == Status.SUBMITTED and verified:
        return str(REROUTING)
    try:
        return str(Status(status).label)
    except ValueError:
        return status


# Statuses a public report can have (archived reports are never public), with their public words.
def public_statuses() -> list[tuple[str, str]]:
    return [(s.value, status_label(s.value)) for s in Status if s != Status.ARCHIVED]


STATUS_BADGES = {Status.COMPLETED: "ok", Status.RESPONDED: "ok"}


def status_badge(status: str) -> str:
    """The CSS modifier of a status badge (`badge ok` …)."""
    return STATUS_BADGES.get(status, "")
