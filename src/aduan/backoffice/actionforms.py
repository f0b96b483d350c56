"""The action forms of the report page: one per lifecycle action staff may take, with stable ids
(`action-<name>`) and button texts that browser tests and people can rely on."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ActionForm:
    name: str
    heading: Promise
    button: Promise
    success: Promise
    multipart: bool = False
    style: str = ""  # "", "secondary" or "danger": how the submit button looks

    @property
    def form_id(self) -> str:
        return f"action-{self.name}"

    @property
    def template(self) -> str:
        return f"backoffice/actions/{self.name}.html"


FORMS: dict[str, ActionForm] = {
    form.name: form
    for form in (
        ActionForm(
            "verify",
            _("Verifikasi dan teruskan"),
            _("Verifikasi dan teruskan"),
            _("Laporan diverifikasi dan diteruskan."),
        ),
        ActionForm(
            "request_info", _("Minta kelengkapan"), _("Minta kelengkapan"), _("Permintaan kelengkapan dikirim.")
        ),
        ActionForm("postpone", _("Tunda"), _("Tunda laporan"), _("Laporan ditunda."), style="secondary"),
        ActionForm("archive", _("Arsipkan"), _("Arsipkan laporan"), _("Laporan diarsipkan."), style="danger"),
        ActionForm(
            "merge", _("Gabungkan dengan laporan lain"), _("Gabungkan"), _("Laporan digabungkan."), style="secondary"
        ),
        ActionForm("accept", _("Terima laporan"), _("Terima laporan"), _("Laporan diterima dan sedang diproses.")),
        ActionForm(
            "assign", _("Teruskan ke unit kerja"), _("Teruskan ke unit"), _("Laporan diteruskan ke unit kerja.")
        ),
        ActionForm(
            "not_authority",
            _("Bukan wewenang"),
            _("Kembalikan: bukan wewenang"),
            _("Laporan dikembalikan sebagai bukan wewenang."),
            style="danger",
        ),
        ActionForm("respond", _("Tanggapan / tindak lanjut"), _("Kirim tanggapan"), _("Tanggapan terkirim."), True),
        ActionForm("comment", _("Pesan kepada pelapor"), _("Kirim pesan"), _("Pesan terkirim kepada pelapor.")),
        ActionForm(
            "note", _("Catatan internal"), _("Simpan catatan"), _("Catatan internal disimpan."), style="secondary"
        ),
        ActionForm("reopen", _("Buka kembali"), _("Buka kembali"), _("Laporan dibuka kembali.")),
    )
}


def offered_forms(actions: list[str]) -> list[ActionForm]:
    """The forms for the actions `lifecycle.available_actions` offers, in its order (only staff actions)."""
    return [FORMS[name] for name in actions if name in FORMS]
