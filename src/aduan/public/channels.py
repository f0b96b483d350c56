"""How to report: the web form, and the other channels as this instance has set them up.

A channel is shown with its address once the operator configures it, and as “segera” (coming soon)
until then. The settings are read with `getattr`, so an instance without them still starts."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Channel:
    key: str
    name: str
    how: str  # what to do, when available
    address: str  # number, account or address; "" when not yet available

    @property
    def available(self) -> bool:
        return bool(self.address)


def _setting(name: str) -> str:
    return str(getattr(settings, name, "") or "").strip()


def channels() -> list[Channel]:
    sms = _setting("ADUAN_SMS_NUMBER")
    whatsapp = _setting("ADUAN_WHATSAPP_NUMBER")
    x_account = _setting("ADUAN_X_ACCOUNT").lstrip("@")
    email = _setting("ADUAN_REPORT_EMAIL")
    app = _setting("ADUAN_APP_URL")
    return [
        Channel(
            "sms",
            _("SMS"),
            _("Ketik laporan Anda lalu kirim ke %(address)s. Balasan pertama memuat kode pelacakan.")
            % {"address": sms},
            sms,
        ),
        Channel(
            "whatsapp",
            _("WhatsApp"),
            _("Kirim pesan berisi laporan Anda ke %(address)s.") % {"address": whatsapp},
            whatsapp,
        ),
        Channel(
            "x",
            _("X (Twitter)"),
            _("Kirim pesan langsung ke @%(address)s.") % {"address": x_account},
            f"@{x_account}" if x_account else "",
        ),
        Channel(
            "email",
            _("Surel"),
            _("Kirim laporan ke %(address)s; judul surel menjadi judul laporan.") % {"address": email},
            email,
        ),
        Channel("app", _("Aplikasi"), _("Unduh aplikasi dari %(address)s.") % {"address": app}, app),
    ]
