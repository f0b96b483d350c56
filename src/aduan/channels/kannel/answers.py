"""The words an SMS reporter gets back, in Indonesian, one line each (Kannel folds line breaks anyway).

Each fits one SMS with a real tracking code; a few longer ones (a lifecycle refusal) fit two.
"""

from __future__ import annotations

from django.utils.translation import gettext as _


def created(code: str) -> str:
    return _(
        "Laporan Anda kami terima. Kode: %(code)s. Cek status: INFO %(code)s. Tambah keterangan: BALAS %(code)s <pesan>"
    ) % {"code": code}


def status(code: str, label: str, holder: str) -> str:
    if holder:
        return _("Laporan %(code)s: %(status)s. Ditangani: %(holder)s.") % {
            "code": code,
            "status": label,
            "holder": holder,
        }
    return _("Laporan %(code)s: %(status)s.") % {"code": code, "status": label}


def replied(code: str) -> str:
    return _("Balasan Anda untuk laporan %(code)s sudah kami terima dan diteruskan.") % {"code": code}


def empty() -> str:
    return _("Pesan kosong. Tulis laporan Anda dalam SMS, atau kirim INFO <kode> untuk cek status laporan.")


def usage(keyword: str) -> str:
    if keyword in {"BALAS", "REPLY"}:
        return _("Format: %(keyword)s <kode> <pesan>, contoh: %(keyword)s K7M4-Q2X9 jalan belum diperbaiki.") % {
            "keyword": keyword
        }
    return _("Format: %(keyword)s <kode>, contoh: %(keyword)s K7M4-Q2X9.") % {"keyword": keyword}


def reply_empty(code: str) -> str:
    return _("Tulis pesan Anda setelah kode: BALAS %(code)s <pesan>.") % {"code": code}


def unknown_code(code: str) -> str:
    return _("Laporan dengan kode %(code)s tidak ditemukan. Periksa kembali kode pelacakan Anda.") % {"code": code}


def not_yours_status(code: str) -> str:
    return _("Status laporan %(code)s hanya dapat dilihat dari nomor yang dipakai saat melapor.") % {"code": code}


def not_yours_reply(code: str) -> str:
    return _("Laporan %(code)s hanya dapat dibalas dari nomor yang dipakai saat melapor.") % {"code": code}


def refused(code: str, detail: str) -> str:
    return _("Laporan %(code)s: %(detail)s") % {"code": code, "detail": detail}


def not_accepted(detail: str) -> str:
    return _("Laporan belum dapat kami terima: %(detail)s Kirim ulang dengan uraian yang jelas.") % {"detail": detail}


def bad_sender() -> str:
    return _("Nomor pengirim tidak dikenali sebagai nomor telepon, pesan tidak dapat diproses.")


def pending() -> str:
    return _("Pesan Anda sudah kami terima dan sedang diproses.")


def failure() -> str:
    return _("Maaf, terjadi gangguan. Pesan Anda sudah tersimpan dan akan kami periksa.")
