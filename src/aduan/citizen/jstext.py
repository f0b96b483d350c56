"""Sentences the citizen pages' scripts show, translated on the server and handed to the script as JSON
(`json_script`), so the scripts hold no text of their own. `%s`, `%n` etc. are filled in by the script."""

from __future__ import annotations

from django.utils.translation import gettext as _


def report_form() -> dict[str, str]:
    return {
        "offlineSaved": _(
            "Anda sedang luring. Laporan disimpan di ponsel dan akan dikirim otomatis saat koneksi kembali."
        ),
        "offlineNow": _("Anda sedang luring. Anda tetap dapat mengisi laporan; laporan akan disimpan di ponsel."),
        "backOnline": _("Koneksi kembali. Mengirim laporan yang tersimpan…"),
        "queued": _("%n laporan tersimpan di ponsel menunggu dikirim."),
        "sentQueued": _("Laporan terkirim: %code"),
        "queuedRefused": _(
            "Laporan tersimpan “%title” belum dapat dikirim. Periksa isian di formulir (sudah diisi kembali), "
            "pilih ulang lampiran bila ada, lalu kirim lagi."
        ),
        "sending": _("Mengirim laporan…"),
        "checkErrors": _("Laporan belum terkirim. Periksa isian yang ditandai."),
        "serverError": _("Laporan belum terkirim karena gangguan di server. Coba lagi sebentar lagi."),
        "sessionExpired": _("Sesi halaman ini sudah kedaluwarsa. Muat ulang halaman lalu kirim lagi."),
        "required": _("%s wajib diisi."),
        "tooShort": _("%s terlalu pendek."),
        "titleLabel": _("Judul laporan"),
        "bodyLabel": _("Isi laporan"),
        "fileTooBig": _("Berkas “%name” terlalu besar (%size). Batasnya %limit untuk %kind."),
        "kindVideo": _("video"),
        "kindOther": _("foto dan dokumen"),
        "fileType": _("Berkas “%name” tidak didukung. Kirim foto, video MP4 atau PDF."),
        "tooManyFiles": _("Paling banyak %n lampiran."),
        "storageFailed": _(
            "Laporan tidak dapat disimpan di ponsel (penyimpanan penuh atau dinonaktifkan). "
            "Kirim lagi saat koneksi kembali."
        ),
        "mapLoading": _("Memuat peta…"),
        "mapFailed": _("Peta tidak dapat dimuat. Anda tetap dapat mengirim laporan tanpa titik lokasi."),
        "mapHelp": _(
            "Ketuk peta untuk menandai lokasi. Dengan papan ketik: geser peta dengan tombol panah, "
            "lalu pilih “Tandai tengah peta”."
        ),
        "pinned": _("Titik lokasi: %lat, %lng"),
        "pinCleared": _("Titik lokasi dihapus."),
        "locating": _("Mencari lokasi Anda…"),
        "locateFailed": _("Lokasi Anda tidak dapat ditemukan. Tandai lokasinya di peta."),
        "attribution": _("© kontributor OpenStreetMap"),
    }


def copy() -> dict[str, str]:
    return {
        "copied": _("Tersalin."),
        "selectToCopy": _("Teks sudah dipilih; salin dengan menekan dan menahannya (atau Ctrl+C)."),
    }
