"""The words of each notification, in the instance's language (Indonesian by default).

Staff messages carry only the tracking code, the kind of step and a link: no report text, so an e-mail
can't leak an anonymous reporter's words beyond the back office (DESIGN §4).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from aduan.notify.models import Notification
from aduan.reports.models import Report, ReportEvent

Audience = Notification.Audience
SHORT = 300


def _reporter_lines() -> dict[str, str]:
    return {
        "submitted": _("Laporan Anda telah kami terima. Kode pelacakan: %(code)s."),
        "verified": _("Laporan %(code)s telah diverifikasi dan diteruskan ke %(holder)s."),
        "assigned": _("Laporan %(code)s sedang ditangani %(holder)s."),
        "info_requested": _("Laporan %(code)s: verifikator meminta keterangan tambahan."),
        "archived": _("Laporan %(code)s diarsipkan."),
        "merged": _("Laporan %(code)s digabung dengan laporan lain yang sama."),
        "not_authority": _("Laporan %(code)s dikembalikan karena bukan kewenangan %(holder)s; akan diteruskan ulang."),
        "responded": _("%(holder)s menanggapi laporan %(code)s."),
        "closed_by_silence": _("Laporan %(code)s ditutup karena tidak ada tanggapan Anda."),
        "reopened": _("Laporan %(code)s dibuka kembali."),
        "escalated": _("Laporan %(code)s dieskalasi ke instansi pengawas."),
        "staff_message": _("Pesan baru tentang laporan %(code)s."),
    }


def _staff_lines() -> dict[str, str]:
    return {
        "verified": _("Laporan baru %(code)s masuk ke antrean %(holder)s."),
        "assigned": _("Laporan %(code)s didisposisikan ke %(holder)s."),
        "disputed": _("Pelapor menyatakan laporan %(code)s belum selesai."),
        "reopened": _("Laporan %(code)s dibuka kembali."),
        "reporter_replied": _("Pelapor membalas laporan %(code)s."),
        "unit_declined": _("Unit kerja mengembalikan laporan %(code)s."),
        "not_authority": _("Laporan %(code)s dikembalikan: bukan kewenangan instansi tujuan."),
        "postpone_ended": _("Penundaan laporan %(code)s berakhir."),
        "info_supplied": _("Pelapor melengkapi keterangan laporan %(code)s."),
        "overdue": _("Laporan %(code)s melewati tenggat."),
        "escalated": _("Laporan %(code)s dieskalasi (tidak selesai dalam 60 hari)."),
    }


def compose(notification: Notification, report: Report, event: ReportEvent | None) -> tuple[str, str]:
    """(subject, text) for one notification."""
    with translation.override(settings.LANGUAGE_CODE):
        holder = report.unit or report.institution
        values = {"code": report.code, "holder": holder.name if holder else settings.INSTANCE_NAME}
        if notification.audience == Audience.REPORTER:
            return _reporter_message(notification, report, event, values)
        line = _staff_lines().get(notification.kind, _("Ada perubahan pada laporan %(code)s.")) % values
        link = f"{settings.BASE_URL}/kantor/laporan/{report.code}/"
        subject = f"[{settings.INSTANCE_NAME}] {line}"
        return subject, f"{line}\n\n{link}\n"


def _reporter_message(
    notification: Notification, report: Report, event: ReportEvent | None, values: dict[str, str]
) -> tuple[str, str]:
    line = _reporter_lines().get(notification.kind, _("Ada kabar baru tentang laporan %(code)s.")) % values
    parts = [line]
    said = (event.public_text if event is not None else "").strip()
    if said and notification.kind != "submitted":
        parts.append(said if len(said) <= SHORT else said[: SHORT - 1].rstrip() + "…")
    parts.append(_("Lacak: %(url)s") % {"url": f"{settings.BASE_URL}/lacak/{report.code}/"})
    subject = f"[{settings.INSTANCE_NAME}] {line}"
    return subject, "\n".join(parts)
