"""Realistic report texts for the demo, by category (Bahasa Indonesia, as citizens write)."""

from __future__ import annotations

# category code -> (unit key, [(title, body), ...]); "{desa}" is replaced by a village name.
TEXTS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "jalan-rusak": (
        "dinas-pu",
        [
            (
                "Jalan berlubang di {desa}",
                "Jalan utama di {desa} berlubang besar sejak musim hujan. Sudah ada "
                "pengendara motor yang jatuh. Mohon segera diperbaiki.",
            ),
            (
                "Aspal jalan kabupaten mengelupas",
                "Aspal di ruas jalan menuju {desa} mengelupas sepanjang kurang lebih "
                "200 meter. Truk pengangkut pasir sering lewat sehingga makin parah.",
            ),
            (
                "Jalan desa rusak parah",
                "Jalan penghubung {desa} ke kecamatan rusak parah, anak sekolah harus "
                "berjalan kaki karena angkutan tidak mau masuk.",
            ),
        ],
    ),
    "drainase-banjir": (
        "dinas-pu",
        [
            (
                "Saluran air tersumbat di {desa}",
                "Saluran drainase di {desa} tersumbat sampah dan lumpur, setiap hujan deras air meluap ke rumah warga.",
            ),
            (
                "Banjir rob tidak surut",
                "Banjir rob di {desa} sudah tiga minggu tidak surut. Mohon pompa air dan perbaikan tanggul.",
            ),
        ],
    ),
    "lampu-jalan": (
        "dinas-pu",
        [
            (
                "Lampu penerangan jalan mati",
                "Lampu PJU di sepanjang jalan {desa} mati sudah sebulan, rawan kejahatan di malam hari.",
            ),
        ],
    ),
    "layanan-puskesmas": (
        "dinkes",
        [
            (
                "Antrean puskesmas terlalu lama",
                "Di puskesmas dekat {desa} antrean bisa sampai 4 jam, petugas pendaftaran hanya satu orang.",
            ),
            (
                "Obat di puskesmas sering kosong",
                "Ibu saya pasien hipertensi, obatnya sering kosong di puskesmas dan disuruh beli sendiri di apotek.",
            ),
        ],
    ),
    "sarana-sekolah": (
        "disdik",
        [
            (
                "Atap ruang kelas SD bocor",
                "Atap ruang kelas 4 SD negeri di {desa} bocor dan plafon hampir runtuh. Anak-anak belajar di teras.",
            ),
        ],
    ),
    "pungutan-sekolah": (
        "disdik",
        [
            (
                "Pungutan uang seragam di sekolah negeri",
                "Sekolah negeri di {desa} meminta uang seragam dan buku "
                "Rp750.000 kepada siswa baru, padahal katanya gratis.",
            ),
        ],
    ),
    "ktp-el": (
        "disdukcapil",
        [
            (
                "KTP-el belum jadi setelah 3 bulan",
                "Saya sudah rekam KTP-el tiga bulan lalu di kecamatan tetapi "
                "sampai sekarang belum dicetak, alasannya blangko habis.",
            ),
        ],
    ),
    "sampah": (
        "dlh",
        [
            (
                "Sampah menumpuk di pinggir jalan",
                "Tempat pembuangan sementara di {desa} tidak diangkut dua minggu, bau dan banyak lalat.",
            ),
        ],
    ),
    "bantuan-sosial": (
        "dinsos",
        [
            (
                "Bansos tidak tepat sasaran",
                "Di {desa} ada warga mampu yang menerima bantuan sembako, sementara lansia miskin tidak terdaftar.",
            ),
        ],
    ),
    "perizinan-berusaha": (
        "dpmptsp",
        [
            (
                "Pengurusan NIB dipersulit",
                "Saya mengurus izin usaha mikro tetapi diminta datang berkali-kali dengan syarat yang berubah-ubah.",
            ),
        ],
    ),
}

RESPONSES = [
    "Terima kasih atas laporannya. Tim kami sudah meninjau lokasi dan perbaikan dijadwalkan minggu ini.",
    "Laporan sudah kami tindak lanjuti: petugas telah turun ke lapangan dan masalah sudah ditangani.",
    "Kami telah berkoordinasi dengan pihak terkait; penanganan selesai dan dapat dicek di lokasi.",
]
DISPUTES = ["Belum ada perbaikan sama sekali di lokasi.", "Perbaikannya hanya sebagian, lubang lain masih ada."]
