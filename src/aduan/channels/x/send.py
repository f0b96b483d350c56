"""The X sender: every step a reporter hears of is posted as a public reply to their original post.

A public reply carries only the tracking code, the step and the link — never the report's words, the
institution's answer text or anything about the reporter (they are on the timeline behind the link).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from aduan.channels.models import InboundMessage
from aduan.channels.x import api
from aduan.notify.senders import Outgoing, PermanentFailure, TemporaryFailure, register
from aduan.reports.models import Status


def _steps() -> dict[str, str]:
    return {
        "submitted": _("Laporan Anda kami terima. Kode pelacakan: %(code)s"),
        "verified": _("Laporan %(code)s telah diverifikasi dan diteruskan."),
        "info_requested": _("Laporan %(code)s memerlukan keterangan tambahan."),
        "archived": _("Laporan %(code)s diarsipkan."),
        "merged": _("Laporan %(code)s digabung dengan laporan lain yang sama."),
        "not_authority": _("Laporan %(code)s sedang diteruskan ulang ke instansi yang berwenang."),
        "responded": _("Laporan %(code)s telah ditanggapi."),
        "closed_by_silence": _("Laporan %(code)s ditutup."),
        "reopened": _("Laporan %(code)s dibuka kembali."),
        "escalated": _("Laporan %(code)s dieskalasi ke instansi pengawas."),
        "staff_message": _("Ada pesan baru tentang laporan %(code)s."),
    }


def public_text(kind: str, code: str, status: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        line = _steps().get(kind)
        if line is None:
            line = _("Laporan %(code)s: %(status)s.") % {"code": code, "status": Status(status).label}
        else:
            line = line % {"code": code}
        return f"{line}\n" + _("Lacak: %(url)s") % {"url": f"{settings.BASE_URL}/lacak/{code}/"}


def original_post(report_id: int) -> str:
    """The post the report came from (the reply is threaded under it)."""
    found = (
        InboundMessage.objects.filter(channel="x", report_id=report_id, result="report")
        .order_by("received_at")
        .values_list("external_id", flat=True)
        .first()
    )
    return found or ""


@register("x")
def send(message: Outgoing) -> str:
    if not api.can_post():
        raise TemporaryFailure("X is not configured (ADUAN_X_CONSUMER_KEY/SECRET and ADUAN_X_ACCESS_TOKEN/SECRET)")
    report = message.notification.report
    in_reply_to = message.in_reply_to or original_post(report.pk)
    if not in_reply_to:
        raise PermanentFailure("no original post to reply to")
    text = public_text(message.notification.kind, report.code, report.status)
    try:
        return api.post_reply(text, in_reply_to)
    except api.XError as exc:
        if exc.temporary:
            raise TemporaryFailure(str(exc)) from exc
        raise PermanentFailure(str(exc)) from exc
