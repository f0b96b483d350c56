"""Shared fixtures: a small institution tree, people in every role, and a way to file reports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User

from aduan.institutions.models import Institution, Membership, Region
from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.lifecycle.intake import clear_caches
from aduan.reports.models import Category

PASSWORD = "rahasia-uji-123"


@pytest.fixture(autouse=True)
def _fresh_lookup_caches() -> None:
    clear_caches()


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    # PBKDF2's million rounds cost ~0.3 s per user; tests check permissions, not hashing strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    operator: Institution
    province: Institution
    regency: Institution
    other_regency: Institution
    dinas_pu: Institution
    dinas_kesehatan: Institution
    other_unit: Institution
    ministry: Institution
    ombudsman: Institution
    verifier: User
    regency_admin: User
    province_admin: User
    other_admin: User
    liaison: User
    health_liaison: User
    other_liaison: User
    oversight: User
    citizen: User
    stranger: User
    category: Category

    def actor(self, user: User | None) -> Actor:
        return Actor.for_user(user)


def _inst(code: str, name: str, kind: str, parent: Institution | None, region: str | None = None) -> Institution:
    return Institution.objects.create(code=code, slug=code, name=name, kind=kind, parent=parent, region_id=region)


def _user(username: str, institution: Institution | None = None, role: str | None = None) -> User:
    user = User.objects.create_user(username, password=PASSWORD)
    if institution is not None and role is not None:
        Membership.objects.create(user=user, institution=institution, role=role)
    return user


@pytest.fixture
def world(db: Any) -> World:
    for code, name in [
        ("33", "Jawa Tengah"),
        ("33.26", "Kabupaten Pekalongan"),
        ("33.26.01", "Kandangserang"),
        ("33.26.01.2001", "Bodas"),
        ("33.75", "Kota Pekalongan"),
    ]:
        Region.objects.create(code=code, name=name, level=Region.level_of(code), parent_id=Region.parent_code(code))
    kind = Institution.Kind
    operator = _inst("operator", "Pengelola Nasional", kind.OPERATOR, None)
    province = _inst("pemprov-33", "Pemerintah Provinsi Jawa Tengah", kind.PROVINCE, operator, "33")
    regency = _inst("pemkab-33-26", "Pemerintah Kabupaten Pekalongan", kind.REGENCY, province, "33.26")
    other = _inst("pemkot-33-75", "Pemerintah Kota Pekalongan", kind.CITY, province, "33.75")
    pu = _inst("pemkab-33-26-dinas-pu", "Dinas PU Kabupaten Pekalongan", kind.UNIT, regency)
    health = _inst("pemkab-33-26-dinkes", "Dinas Kesehatan Kabupaten Pekalongan", kind.UNIT, regency)
    other_unit = _inst("pemkot-33-75-dinas-pu", "Dinas PU Kota Pekalongan", kind.UNIT, other)
    ministry = _inst("kemen-pu", "Kementerian Pekerjaan Umum", kind.MINISTRY, operator)
    ombudsman = _inst("ombudsman", "Ombudsman Republik Indonesia", kind.OVERSIGHT, operator)
    role = Membership.Role
    category = Category.objects.create(code="jalan-rusak", name="Jalan Rusak")
    return World(
        operator=operator,
        province=province,
        regency=regency,
        other_regency=other,
        dinas_pu=pu,
        dinas_kesehatan=health,
        other_unit=other_unit,
        ministry=ministry,
        ombudsman=ombudsman,
        verifier=_user("verifikator", operator, role.VERIFIER),
        regency_admin=_user("admin-kab", regency, role.INSTITUTION_ADMIN),
        province_admin=_user("admin-prov", province, role.INSTITUTION_ADMIN),
        other_admin=_user("admin-kota", other, role.INSTITUTION_ADMIN),
        liaison=_user("dinas-pu", pu, role.UNIT_LIAISON),
        health_liaison=_user("dinkes", health, role.UNIT_LIAISON),
        other_liaison=_user("dinas-pu-kota", other_unit, role.UNIT_LIAISON),
        oversight=_user("ombudsman", ombudsman, role.OVERSIGHT),
        citizen=_user("warga"),
        stranger=_user("orang-lain"),
        category=category,
    )


REPORTER = {"name": "Siti Rahmawati", "phone": "081234567890", "email": "siti@example.id", "nik": "3326011234560001"}


@pytest.fixture
def file_report(world: World) -> Callable[..., lifecycle.Submission]:
    """File a report as a citizen without an account (unless `actor` is given)."""

    def file(actor: Actor | None = None, **fields: Any) -> lifecycle.Submission:
        values: dict[str, Any] = {
            "classification": "complaint",
            "title": "Jalan berlubang di Desa Bodas",
            "body": "Jalan utama desa berlubang dalam sejak bulan lalu dan membahayakan pengendara.",
            "category": "jalan-rusak",
            "region": "33.26.01.2001",
            "reporter": dict(REPORTER),
        }
        values.update(fields)
        return lifecycle.submit(actor or Actor(), **values)

    return file
