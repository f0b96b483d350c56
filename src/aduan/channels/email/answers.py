"""Direct answers to inbound mail that the outbox does not cover: refusals and reply receipts.

A new report is answered by the outbox's "submitted" notification (it carries the tracking code and
is retried); everything else an inbound mail deserves is answered here, at once, in Indonesian.
"""

from __future__ import annotations

import logging
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import translation
from django.utils.translation import gettext as _

from aduan.channels.email.parse import Mail

logger = logging.getLogger("aduan.email")
SMTP_TIMEOUT = 30


def report_address() -> str:
    return settings.ADUAN_REPORT_EMAIL


def mail_domain() -> str:
    address = settings.ADUAN_REPORT_EMAIL or settings.DEFAULT_FROM_EMAIL
    return address.rsplit("@", 1)[-1].strip(" >") or "localhost"


def auto_headers(in_reply_to: str = "", references: list[str] | None = None) -> dict[str, str]:
    headers = {
        "Message-ID": make_msgid(domain=mail_domain()),
        # RFC 3834: this is an automatic answer; a well-behaved autoresponder won't answer it back.
        "Auto-Submitted": "auto-replied" if in_reply_to else "auto-generated",
    }
    if in_reply_to:
        headers["In-Reply-To"] = in_reply_to
        headers["References"] = " ".join([*(references or []), in_reply_to][-10:])
    return headers


def _subject(mail: Mail, code: str = "") -> str:
    subject = mail.subject or _("Email Anda")
    if not subject.lower().startswith("re:"):
        subject = f"Re: {subject}"
    if code and f"[{code}]" not in subject:
        subject = f"{subject} [{code}]"
    return subject[:250]


def closing() -> str:
    return _("Email ini dikirim otomatis oleh %(instance)s. Lacak laporan Anda di %(url)s.") % {
        "instance": settings.INSTANCE_NAME,
        "url": f"{settings.BASE_URL}/lacak/",
    }


def send_answer(mail: Mail, text: str, *, code: str = "", reply_to: str = "") -> str:
    """Send `text` to the mail's sender, threaded under it. Returns the Message-ID, or "" when it failed
    (the inbound message is kept either way, so an operator can see what the sender was told)."""
    if not mail.sender or mail.automatic:
        return ""
    headers = auto_headers(mail.message_id, mail.references)
    with translation.override(settings.LANGUAGE_CODE):
        message = EmailMessage(
            subject=_subject(mail, code),
            body=f"{text}\n\n{closing()}\n",
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[mail.sender],
            reply_to=[reply_to or report_address()] if (reply_to or report_address()) else None,
            headers=headers,
            connection=get_connection(fail_silently=False, timeout=SMTP_TIMEOUT),
        )
    try:
        message.send()
    except Exception:
        # The answer is a courtesy; its failure must not lose the inbound message. No address is logged.
        logger.warning("could not send an answer to an inbound e-mail", exc_info=True)
        return ""
    return headers["Message-ID"]


def empty() -> str:
    return _(
        "Email Anda tidak berisi laporan. Tuliskan apa yang terjadi, di mana, dan kapan di badan email "
        "(bukan hanya di lampiran), lalu kirim ulang."
    )


def unknown_code(code: str) -> str:
    return _(
        "Kami tidak menemukan laporan dengan kode %(code)s. Periksa kembali kode pelacakan pada email "
        "pertama dari kami. Untuk membuat laporan baru, kirim email tanpa kode di subjek."
    ) % {"code": code}


def not_yours(code: str) -> str:
    return _(
        "Balasan untuk laporan %(code)s hanya dapat dikirim dari alamat email yang dipakai untuk membuat "
        "laporan tersebut. Jika Anda pelapornya, gunakan tautan rahasia yang kami kirimkan atau halaman "
        "lacak laporan."
    ) % {"code": code}


def refused(code: str, reason: str) -> str:
    return _("Balasan Anda untuk laporan %(code)s tidak dapat diproses: %(reason)s") % {
        "code": code,
        "reason": reason,
    }


def not_accepted(reason: str) -> str:
    return _("Laporan Anda belum dapat kami terima: %(reason)s") % {"reason": reason}


def reply_received(code: str) -> str:
    return _("Balasan Anda untuk laporan %(code)s telah kami terima dan diteruskan kepada petugas yang menangani.") % {
        "code": code
    }


def failed() -> str:
    return _(
        "Email Anda telah kami terima tetapi belum dapat diproses karena gangguan sistem. Petugas kami akan "
        "memeriksanya; Anda tidak perlu mengirim ulang."
    )
