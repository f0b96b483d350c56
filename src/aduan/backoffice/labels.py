"""Indonesian labels for what the back office shows: event kinds, audiences, event data."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

EVENT_KINDS = {
    "submitted": _("Laporan dikirim"),
    "verified": _("Diverifikasi dan diteruskan"),
    "info_requested": _("Kelengkapan diminta"),
    "info_supplied": _("Pelapor melengkapi laporan"),
    "postponed": _("Ditunda"),
    "postpone_ended": _("Penundaan berakhir"),
    "archived": _("Diarsipkan"),
    "merged": _("Digabungkan ke laporan lain"),
    "duplicate_merged": _("Laporan duplikat digabungkan ke laporan ini"),
    "duplicate_unmerged": _("Penggabungan duplikat dibatalkan"),
    "accepted": _("Diterima untuk ditindaklanjuti"),
    "assigned": _("Diteruskan ke unit kerja"),
    "not_authority": _("Bukan wewenang"),
    "unit_declined": _("Dikembalikan oleh unit kerja"),
    "responded": _("Ditanggapi"),
    "reporter_replied": _("Balasan pelapor"),
    "disputed": _("Pelapor menyanggah tanggapan"),
    "confirmed": _("Pelapor mengonfirmasi selesai"),
    "closed_by_silence": _("Ditutup: pelapor tidak menanggapi"),
    "rated": _("Pelapor memberi penilaian"),
    "reopened": _("Dibuka kembali"),
    "escalated": _("Dieskalasi ke pengawas"),
    "overdue": _("Melewati tenggat"),
    "staff_message": _("Pesan petugas kepada pelapor"),
    "note": _("Catatan internal"),
    "supported": _("Dukungan warga"),
    "claimed": _("Dihubungkan ke akun pelapor"),
    "identity_revealed": _("Identitas pelapor dibuka pengawas"),
}

AUDIENCES = {
    "public": _("Publik"),
    "reporter": _("Pelapor dan petugas"),
    "internal": _("Internal petugas"),
}

# Event data worth showing to staff, with its label.
DATA_KEYS = {
    "institution": _("Instansi"),
    "unit": _("Unit kerja"),
    "into": _("Digabung ke"),
    "from": _("Dari laporan"),
    "until": _("Sampai tanggal"),
    "reason": _("Alasan"),
    "proposal": _("Usulan instansi"),
    "channel": _("Kanal"),
    "score": _("Nilai"),
}


def event_label(kind: str) -> str:
    return str(EVENT_KINDS.get(kind, kind))
