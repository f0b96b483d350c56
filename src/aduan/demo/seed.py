"""`aduan demo`: Kabupaten Pekalongan, its units, the demo logins of DESIGN §7 and a few hundred reports
in every status over six months, all made through `reports.lifecycle` with timestamps in the past."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from aduan.demo.texts import DISPUTES, RESPONSES, TEXTS
from aduan.institutions.models import Institution, Membership, Region
from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.models import Report

REGENCY = "pemkab-33-26"
UNITS = {
    "dinas-pu": "Dinas Pekerjaan Umum dan Penataan Ruang",
    "dinkes": "Dinas Kesehatan",
    "disdik": "Dinas Pendidikan dan Kebudayaan",
    "diskominfo": "Dinas Komunikasi dan Informatika",
    "dinsos": "Dinas Sosial",
    "dlh": "Dinas Lingkungan Hidup",
    "disdukcapil": "Dinas Kependudukan dan Pencatatan Sipil",
    "dpmptsp": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "dishub": "Dinas Perhubungan",
}
# How each demo report's story ends, with weights: every status of DESIGN §3 appears.
ENDINGS = [
    ("submitted", 8),
    ("needs_info", 4),
    ("postponed", 2),
    ("archived", 6),
    ("dispositioned", 8),
    ("in_progress", 12),
    ("responded", 8),
    ("disputed", 4),
    ("completed", 30),
    ("silence", 10),
    ("not_authority", 4),
]
NAMES = [
    "Siti Aminah",
    "Budi Santoso",
    "Dewi Lestari",
    "Ahmad Fauzi",
    "Rina Wulandari",
    "Agus Salim",
    "Nur Hidayah",
    "Eko Prasetyo",
    "Sri Mulyani",
    "Joko Susilo",
]


@dataclass
class Cast:
    verifier: Actor
    admin: Actor
    liaisons: dict[str, Actor]
    citizen: User


def unit_code(key: str) -> str:
    return f"{REGENCY}-{key}"


def ensure_units() -> Institution:
    regency = Institution.objects.get(code=REGENCY)
    for key, name in UNITS.items():
        unit = Institution.objects.filter(code=unit_code(key)).first() or Institution(
            code=unit_code(key), slug=f"kabupaten-pekalongan-{key}"
        )
        unit.name, unit.kind, unit.parent, unit.region = f"{name} Kabupaten Pekalongan", "unit", regency, regency.region
        unit.short_name = key.replace("-", " ").title()
        unit.save()
    return regency


def ensure_user(username: str, institution: Institution | None, role: str | None, **extra: object) -> User:
    user = User.objects.filter(username=username).first() or User(username=username)
    for key, value in extra.items():
        setattr(user, key, value)
    user.set_password(settings.ADUAN_DEMO_PASSWORD)
    user.save()
    if institution is not None and role is not None:
        Membership.objects.get_or_create(user=user, institution=institution, role=role)
    return user


def ensure_people(regency: Institution) -> Cast:
    role = Membership.Role
    operator = Institution.objects.get(code="operator")
    verifier = ensure_user("verifikator", operator, role.VERIFIER, first_name="Verifikator Nasional")
    admin = ensure_user("admin-pekalongan", regency, role.INSTITUTION_ADMIN, first_name="Admin Kab. Pekalongan")
    pu = ensure_user(
        "dinas-pu-pekalongan",
        Institution.objects.get(code=unit_code("dinas-pu")),
        role.UNIT_LIAISON,
        first_name="Admin Dinas PU",
    )
    ensure_user("ombudsman", Institution.objects.get(code="ombudsman"), role.OVERSIGHT, first_name="Ombudsman RI")
    citizen = ensure_user("warga", None, None, first_name="Warga", last_name="Pekalongan", email="warga@example.id")
    ensure_user("admin", operator, role.VERIFIER, is_staff=True, is_superuser=True, first_name="Operator")
    liaisons = {"dinas-pu": Actor.for_user(pu)}
    for key in UNITS:
        if key != "dinas-pu":
            user = ensure_user(f"{key}-pekalongan", Institution.objects.get(code=unit_code(key)), role.UNIT_LIAISON)
            liaisons[key] = Actor.for_user(user)
    return Cast(Actor.for_user(verifier), Actor.for_user(admin), liaisons, citizen)


def seed(count: int = 300, seed_value: int = 20261128) -> int:
    """Create `count` demo reports. Returns how many were made."""
    rng = random.Random(seed_value)
    regency = ensure_units()
    cast = ensure_people(regency)
    villages = list(
        Region.objects.filter(code__startswith="33.26.", level=Region.Level.VILLAGE).values_list("code", "name")
    )
    now = timezone.now()
    endings = [name for name, weight in ENDINGS for _ in range(weight)]
    for index in range(count):
        with transaction.atomic():
            _story(rng, cast=cast, villages=villages, now=now, ending=rng.choice(endings), index=index)
    return count


def _story(
    rng: random.Random, *, cast: Cast, villages: list[tuple[str, str]], now: datetime, ending: str, index: int
) -> Report:
    category = rng.choice(list(TEXTS))
    unit_key, samples = TEXTS[category]
    title, body = rng.choice(samples)
    village_code, village = rng.choice(villages)
    recent = ending in {"submitted", "needs_info", "postponed", "dispositioned", "responded"}
    start = now - timedelta(days=rng.uniform(1, 6) if recent else rng.uniform(8, 180), hours=rng.uniform(0, 8))
    clock = _Clock(start, rng)
    anonymous = rng.random() < 0.25
    mine = index % 15 == 0
    submission = lifecycle.submit(
        Actor.for_user(cast.citizen) if mine else Actor(),
        classification=rng.choice(["complaint"] * 8 + ["aspiration", "information_request"]),
        title=title.format(desa=f"Desa {village}"),
        body=body.format(desa=f"Desa {village}"),
        category=category,
        region=village_code,
        incident_date=(start - timedelta(days=rng.randint(1, 20))).date(),
        anonymous=anonymous,
        confidential=rng.random() < 0.08,
        reporter={"name": rng.choice(NAMES), "phone": f"0812{rng.randint(10_000_000, 99_999_999)}"},
        channel=rng.choice(["web", "web", "web", "sms", "whatsapp", "email"]),
        at=clock.now,
    )
    code = submission.report.code
    reporter = Actor.for_user(cast.citizen) if mine else Actor.reporter_with_token(submission.access_token or "")
    return _play(ending, code=code, cast=cast, reporter=reporter, unit_key=unit_key, clock=clock, rng=rng)


class _Clock:
    def __init__(self, start: datetime, rng: random.Random) -> None:
        self.now, self.rng = start, rng

    def tick(self, low: float = 0.2, high: float = 3.0) -> datetime:
        self.now += timedelta(days=self.rng.uniform(low, high))
        return self.now


def _play(
    ending: str, *, code: str, cast: Cast, reporter: Actor, unit_key: str, clock: _Clock, rng: random.Random
) -> Report:
    L = lifecycle
    if ending == "submitted":
        return Report.objects.get(code=code)
    if ending == "needs_info":
        return L.request_info(
            cast.verifier, code, message="Mohon lengkapi lokasi persis dan foto kejadian.", at=clock.tick(0.1, 0.5)
        )
    if ending == "postponed":
        until = (timezone.now() + timedelta(days=rng.randint(3, 20))).date()
        return L.postpone(
            cast.verifier, code, until=until, message="Menunggu hasil rapat koordinasi.", at=clock.tick(0.1, 0.5)
        )
    if ending == "archived":
        return L.archive(
            cast.verifier, code, reason=rng.choice(["spam", "too_general", "not_government"]), at=clock.tick(0.1, 1)
        )
    L.verify(cast.verifier, code, institution=REGENCY, at=clock.tick(0.1, 2))
    if ending == "not_authority":
        L.not_authority(
            cast.admin,
            code,
            reason="Jalan ini jalan provinsi, bukan kewenangan kabupaten.",
            proposal="pemprov-33",
            at=clock.tick(0.5, 2),
        )
        return L.verify(cast.verifier, code, institution="pemprov-33", at=clock.tick(0.2, 1))
    if ending == "dispositioned":
        return Report.objects.get(code=code)
    L.accept(cast.admin, code, at=clock.tick(0.1, 1))
    L.assign(cast.admin, code, institution=unit_code(unit_key), at=clock.tick(0.1, 1))
    if ending == "in_progress":
        return Report.objects.get(code=code)
    liaison = cast.liaisons[unit_key]
    L.respond(liaison, code, message=rng.choice(RESPONSES), at=clock.tick(0.5, 4))
    if ending == "responded":
        return Report.objects.get(code=code)
    if ending == "disputed":
        return L.dispute(reporter, code, message=rng.choice(DISPUTES), at=clock.tick(0.5, 3))
    if ending == "silence":
        return L.close_by_silence(code, at=clock.tick(15, 16))
    L.confirm(reporter, code, message="Terima kasih, sudah beres.", at=clock.tick(0.5, 3))
    return L.rate(reporter, code, score=rng.choice([3, 4, 4, 5, 5]), at=clock.tick(0.01, 0.2))
