"""What a reporter may do from the tracking page, and the small form each action takes.

The actions are lifecycle's (DESIGN §7 names); which of them are offered is `lifecycle.available_actions`'s
decision, and the action itself is `lifecycle.perform`'s — this module only says how to ask for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aduan.reports.lifecycle.base import MAX_MESSAGE


@dataclass(frozen=True)
class ReporterAction:
    name: str
    heading: Promise
    hint: Promise
    button: Promise
    message_label: Promise
    message_required: bool
    takes_files: bool
    done: Promise  # said after it worked
    score: bool = False


ACTIONS: dict[str, ReporterAction] = {
    a.name: a
    for a in (
        ReporterAction(
            "supply_info",
            _("Lengkapi laporan"),
            _("Petugas meminta keterangan tambahan. Setelah Anda kirim, laporan diverifikasi kembali."),
            _("Kirim kelengkapan"),
            _("Keterangan tambahan"),
            message_required=True,
            takes_files=True,
            done=_("Kelengkapan terkirim. Laporan Anda akan diverifikasi kembali."),
        ),
        ReporterAction(
            "reply",
            _("Kirim pesan kepada petugas"),
            _("Pesan Anda diteruskan kepada petugas yang menangani; kontak Anda tidak ditampilkan."),
            _("Kirim balasan"),
            _("Pesan"),
            message_required=True,
            takes_files=True,
            done=_("Balasan Anda terkirim."),
        ),
        ReporterAction(
            "confirm",
            _("Masalah sudah selesai?"),
            _("Jika tanggapan instansi sudah menyelesaikan masalah Anda, nyatakan selesai."),
            _("Ya, masalah sudah selesai"),
            _("Catatan (opsional)"),
            message_required=False,
            takes_files=False,
            done=_("Terima kasih. Laporan dinyatakan selesai."),
        ),
        ReporterAction(
            "dispute",
            _("Belum selesai? Ajukan keberatan"),
            _("Laporan akan diproses kembali oleh instansi dengan batas waktu baru 5 hari kerja."),
            _("Ajukan keberatan"),
            _("Alasan keberatan"),
            message_required=True,
            takes_files=False,
            done=_("Keberatan Anda tercatat. Laporan diproses kembali."),
        ),
        ReporterAction(
            "rate",
            _("Beri penilaian"),
            _("Seberapa puas Anda dengan penanganan laporan ini? 1 = sangat tidak puas, 5 = sangat puas."),
            _("Kirim penilaian"),
            _("Komentar (opsional)"),
            message_required=False,
            takes_files=False,
            done=_("Terima kasih atas penilaian Anda."),
            score=True,
        ),
    )
}
ORDER = list(ACTIONS)
SCORES = [(str(n), str(n)) for n in range(1, 6)]


class ActionForm(forms.Form):
    message = forms.CharField(required=False, max_length=MAX_MESSAGE, widget=forms.Textarea)
    score = forms.TypedChoiceField(required=False, choices=SCORES, coerce=int, widget=forms.RadioSelect)

    def __init__(self, action: ReporterAction, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.action = action
        message = self.fields["message"]
        message.required = action.message_required
        message.error_messages["required"] = _("%(what)s wajib diisi.") % {"what": action.message_label}
        message.error_messages["max_length"] = _("Pesan terlalu panjang.")
        score = self.fields["score"]
        score.required = action.score
        score.error_messages["required"] = _("Pilih nilai 1 sampai 5.")
        score.error_messages["invalid_choice"] = _("Pilih nilai 1 sampai 5.")

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {"message": self.cleaned_data.get("message", "").strip()}
        if self.action.score:
            data["score"] = self.cleaned_data["score"]
        return data


def offered(available: list[str]) -> list[ReporterAction]:
    """The reporter's actions among those lifecycle offers, in page order. While information is awaited,
    a reply *is* the information (lifecycle treats it so), so only "supply_info" is shown."""
    names = [name for name in ORDER if name in available]
    if "supply_info" in names and "reply" in names:
        names.remove("reply")
    return [ACTIONS[name] for name in names]
