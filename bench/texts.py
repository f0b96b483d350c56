"""Realistic Indonesian report inputs for the benchmarks: titles, bodies, reporters, channels.

Deterministic for a given seed, so runs compare. Nothing here touches the database."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

# category code -> (title templates, opening sentences); {desa} is the village, {n} a small number.
SUBJECTS: dict[str, tuple[list[str], list[str]]] = {
    "jalan-rusak": (
        ["Jalan rusak parah di {desa}", "Jalan berlubang di depan balai {desa}", "Aspal jalan desa {desa} mengelupas"],
        [
            "Jalan utama di {desa} rusak parah dengan lubang sedalam kurang lebih {n}0 cm.",
            "Sudah {n} bulan jalan penghubung antardusun di {desa} berlubang dan belum diperbaiki.",
        ],
    ),
    "drainase-banjir": (
        ["Saluran air tersumbat di {desa}", "Genangan banjir tiap hujan di {desa}"],
        [
            "Setiap hujan deras, air menggenang setinggi lutut di permukiman warga {desa}.",
            "Saluran drainase di {desa} tersumbat sampah dan lumpur sejak {n} bulan lalu.",
        ],
    ),
    "lampu-jalan": (
        ["Lampu penerangan jalan mati di {desa}", "PJU padam {n} minggu di {desa}"],
        ["Lampu penerangan jalan umum di ruas utama {desa} padam sejak {n} minggu lalu."],
    ),
    "sampah": (
        ["Tumpukan sampah liar di {desa}", "Sampah tidak diangkut di {desa}"],
        ["Sampah di TPS {desa} tidak diangkut selama {n} minggu sehingga berbau dan mengundang lalat."],
    ),
    "layanan-puskesmas": (
        ["Antrean puskesmas terlalu lama di {desa}", "Obat di puskesmas {desa} sering kosong"],
        [
            "Pasien di puskesmas yang melayani {desa} harus menunggu lebih dari {n} jam untuk diperiksa.",
            "Obat untuk penyakit kronis di puskesmas dekat {desa} kosong sejak {n} minggu.",
        ],
    ),
    "jaminan-kesehatan-nasional": (
        ["Kartu BPJS Kesehatan tidak aktif", "Peserta PBI dinonaktifkan tanpa pemberitahuan"],
        ["Kartu JKN keluarga kami di {desa} tiba-tiba tidak aktif saat berobat ke rumah sakit."],
    ),
    "pungutan-sekolah": (
        ["Pungutan seragam di sekolah negeri {desa}", "Sekolah meminta uang gedung"],
        ["Sekolah negeri di {desa} meminta orang tua membayar Rp{n}00.000 untuk seragam dan uang gedung."],
    ),
    "sarana-sekolah": (
        ["Atap kelas SD di {desa} bocor", "Ruang kelas rusak di {desa}"],
        ["Atap {n} ruang kelas SD negeri di {desa} bocor sehingga siswa belajar di teras."],
    ),
    "ktp-el": (
        ["KTP-el belum jadi setelah {n} bulan", "Blanko KTP-el kosong di kecamatan"],
        ["Saya merekam KTP-el di kecamatan {n} bulan lalu, tetapi sampai sekarang belum dicetak."],
    ),
    "akta-pencatatan-sipil": (
        ["Akta kelahiran anak belum terbit", "Pengurusan akta kematian dipersulit"],
        ["Permohonan akta kelahiran anak kami dari {desa} belum terbit setelah {n} minggu."],
    ),
    "dana-desa": (
        ["Penggunaan dana desa {desa} tidak transparan", "BLT dana desa {desa} tidak tepat sasaran"],
        [
            "Warga {desa} tidak pernah melihat papan informasi penggunaan dana desa tahun ini.",
            "Penerima BLT dana desa di {desa} banyak yang mampu, sementara {n} keluarga miskin tidak menerima.",
        ],
    ),
    "perizinan-berusaha": (
        ["Izin usaha mikro tidak kunjung terbit", "NIB di OSS bermasalah"],
        ["Pengajuan izin usaha mikro saya melalui OSS tertahan selama {n} minggu tanpa kejelasan."],
    ),
}
DETAILS = [
    "Kondisi ini membahayakan pengendara sepeda motor, terutama pada malam hari.",
    "Sudah pernah kami sampaikan kepada perangkat desa, tetapi belum ada tindak lanjut.",
    "Mohon pemerintah daerah segera meninjau lokasi dan memperbaikinya.",
    "Banyak warga lanjut usia dan anak sekolah yang terdampak setiap hari.",
    "Kami sudah menunggu cukup lama dan berharap ada kepastian waktu penyelesaian.",
    "Foto kondisi terkini dapat kami kirimkan bila diperlukan.",
    "Warga bersedia bergotong royong bila pemerintah menyediakan bahan material.",
    "Petugas di lapangan menyampaikan bahwa anggaran belum tersedia tahun ini.",
    "Kami khawatir masalah ini menimbulkan korban bila dibiarkan.",
    "Terima kasih atas perhatian Bapak/Ibu.",
]
FIRST_NAMES = [
    "Siti",
    "Budi",
    "Dewi",
    "Ahmad",
    "Rina",
    "Agus",
    "Nur",
    "Eko",
    "Sri",
    "Joko",
    "Wahyu",
    "Putri",
    "Andi",
    "Yuliana",
    "Rudi",
    "Fitri",
    "Hendra",
    "Lestari",
    "Bambang",
    "Maria",
    "Ketut",
    "Made",
]
LAST_NAMES = [
    "Santoso",
    "Lestari",
    "Fauzi",
    "Wulandari",
    "Salim",
    "Hidayah",
    "Prasetyo",
    "Mulyani",
    "Susilo",
    "Hasibuan",
    "Siregar",
    "Nasution",
    "Wijaya",
    "Saputra",
    "Gunawan",
    "Simanjuntak",
    "Pratama",
    "",
]
PREFIXES = ["0812", "0813", "0821", "0852", "0857", "0878", "0896", "0881", "+62811", "62822"]
# channel -> share; sms and whatsapp reporters are recognised by their sender id (DESIGN §2).
CHANNELS = [("web", 55), ("api", 10), ("sms", 15), ("whatsapp", 10), ("email", 10)]


@dataclass
class Inputs:
    """Everything `lifecycle.submit` needs except the actor, which the caller builds from `channel`."""

    kwargs: dict[str, Any]
    channel: str
    sender: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Generator:
    def __init__(
        self, seed: int, villages: list[tuple[str, str]], categories: list[str], regency_institutions: dict[str, str]
    ) -> None:
        self.rng = random.Random(seed)
        self.villages = villages
        # Categories with templates first; any other leaf category still appears now and then.
        self.templated = [c for c in SUBJECTS if c in set(categories)] or list(SUBJECTS)
        self.categories = categories
        self.regency_institutions = regency_institutions
        self.channels = [name for name, weight in CHANNELS for _ in range(weight)]

    def phone(self) -> str:
        return f"{self.rng.choice(PREFIXES)}{self.rng.randint(1_000_000, 99_999_999)}"

    def name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}".strip()

    def text(self, village: str) -> tuple[str, str, str]:
        rng = self.rng
        category = rng.choice(self.templated)
        titles, openings = SUBJECTS[category]
        n = rng.randint(2, 9)
        title = rng.choice(titles).format(desa=f"Desa {village}", n=n)
        body = " ".join(
            [rng.choice(openings).format(desa=f"Desa {village}", n=n), *rng.sample(DETAILS, rng.randint(2, 5))]
        )
        if rng.random() < 0.15:
            category = rng.choice(self.categories)
        return category, title, body

    def report(self, today: date) -> Inputs:
        rng = self.rng
        code, village = rng.choice(self.villages)
        category, title, body = self.text(village)
        channel = rng.choice(self.channels)
        phone = self.phone()
        reporter: dict[str, str] = {"name": self.name(), "phone": phone}
        if channel == "email" or rng.random() < 0.3:
            reporter["email"] = f"warga{rng.randint(1, 10**7)}@contoh.id"
        if rng.random() < 0.2:
            reporter["nik"] = f"{code.replace('.', '')[:6]}{rng.randint(10**9, 10**10 - 1)}"
        kwargs: dict[str, Any] = {
            "classification": rng.choice(["complaint"] * 8 + ["aspiration", "information_request"]),
            "title": title,
            "body": body,
            "category": category,
            "region": code,
            "anonymous": rng.random() < 0.25,
            "confidential": rng.random() < 0.05,
            "reporter": reporter,
            "channel": channel,
        }
        if rng.random() < 0.7:
            kwargs["incident_date"] = today - timedelta(days=rng.randint(0, 60))
        if rng.random() < 0.3:
            kwargs["latitude"] = f"{rng.uniform(-10.5, 5.5):.6f}"
            kwargs["longitude"] = f"{rng.uniform(95.0, 141.0):.6f}"
            kwargs["address"] = f"RT 0{rng.randint(1, 9)}/RW 0{rng.randint(1, 9)}, Desa {village}"
        regency = ".".join(code.split(".")[:2])
        if rng.random() < 0.1 and regency in self.regency_institutions:
            kwargs["institution"] = self.regency_institutions[regency]
        sender = phone if channel in {"sms", "whatsapp"} else None
        if sender:
            kwargs["sender"] = sender
        return Inputs(kwargs=kwargs, channel=channel, sender=sender)
