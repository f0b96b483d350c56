"""`aduan load-reference`: regions, the institution tree and the default categories, idempotently.

Rows are upserted in bulk (INSERT … ON CONFLICT DO UPDATE), so a second run rewrites nothing new and the
whole load stays within seconds; a checksum of the inputs lets an unchanged load skip entirely."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from aduan.core.models import ReferenceLoad
from aduan.institutions.models import Institution, Region
from aduan.reports.models import Category

DATA = Path(__file__).resolve().parent / "data"
CATEGORIES = Path(__file__).resolve().parents[1] / "reports" / "data" / "categories.csv"
OPERATOR_CODE = "operator"
SOURCES = [DATA / "wilayah.csv", DATA / "penduduk.csv", DATA / "national.csv", CATEGORIES]


@dataclass
class LoadResult:
    regions: int = 0
    institutions: int = 0
    categories: int = 0
    skipped: bool = False


def rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield {key: (value or "").strip() for key, value in row.items()}


def checksum() -> str:
    digest = hashlib.sha256(settings.INSTANCE_NAME.encode())
    for source in SOURCES:
        digest.update(source.read_bytes())
    return digest.hexdigest()


def load(force: bool = False) -> LoadResult:
    digest = checksum()
    if not force and ReferenceLoad.objects.filter(name="reference", checksum=digest).exists():
        return LoadResult(skipped=True)
    with transaction.atomic():
        result = LoadResult(regions=load_regions(), categories=load_categories())
        result.institutions = load_institutions()
        ReferenceLoad.objects.update_or_create(name="reference", defaults={"checksum": digest})
    return result


def load_regions() -> int:
    population = {row["kode"]: int(row["penduduk"]) for row in rows(DATA / "penduduk.csv")}
    regions = [
        Region(
            code=row["kode"],
            name=row["nama"],
            level=Region.level_of(row["kode"]),
            parent_id=Region.parent_code(row["kode"]),
            population=population.get(row["kode"]),
        )
        for row in rows(DATA / "wilayah.csv")
    ]
    Region.objects.bulk_create(
        regions,
        batch_size=5000,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "level", "parent", "population"],
    )
    return len(regions)


def operator() -> Institution:
    found = Institution.objects.filter(code=OPERATOR_CODE).first()
    if found is None:
        found = Institution(code=OPERATOR_CODE, slug="pengelola", kind=Institution.Kind.OPERATOR)
    found.name = f"Pengelola {settings.INSTANCE_NAME}"
    found.save()
    return found


def load_institutions() -> int:
    root = operator()
    existing = {inst.code: inst for inst in Institution.objects.all()}
    count = 0
    for row in sorted(rows(DATA / "national.csv"), key=lambda r: bool(r["parent"])):
        parent = existing.get(row["parent"]) if row["parent"] else root
        _upsert(
            existing,
            row["code"],
            row["name"],
            row["kind"],
            parent or root,
            short_name=row.get("short_name", ""),
            website=row.get("website", ""),
        )
        count += 1
    regions = Region.objects.filter(level__lte=Region.Level.REGENCY).order_by("code")
    for region in regions:
        kind, code, name = regional_institution(region)
        parent = root if region.level == Region.Level.PROVINCE else existing[provincial_code(region.code)]
        _upsert(existing, code, name, kind, parent, region=region, population=region.population)
        count += 1
    return count


def provincial_code(region_code: str) -> str:
    return f"pemprov-{region_code.split('.', maxsplit=1)[0]}"


def regional_institution(region: Region) -> tuple[str, str, str]:
    """Kind, code and name of the local government of a province or regency/city region."""
    digits = region.code.replace(".", "-")
    if region.level == Region.Level.PROVINCE:
        return Institution.Kind.PROVINCE, f"pemprov-{digits}", f"Pemerintah Provinsi {region.name}"
    if region.name.startswith("Kota"):
        return Institution.Kind.CITY, f"pemkot-{digits}", f"Pemerintah {region.name}"
    return Institution.Kind.REGENCY, f"pemkab-{digits}", f"Pemerintah {region.name}"


def _upsert(
    existing: dict[str, Institution], code: str, name: str, kind: str, parent: Institution, **extra: object
) -> Institution:
    inst = existing.get(code) or Institution(code=code, slug=_free_slug(name, existing))
    values = {"name": name, "kind": kind, "parent_id": parent.pk, **extra}
    if inst.pk is None or any(getattr(inst, key) != value for key, value in values.items()):
        for key, value in values.items():
            setattr(inst, key, value)
        inst.save()
    existing[code] = inst
    return inst


def _free_slug(name: str, existing: dict[str, Institution]) -> str:
    base = slugify(name)[:110] or "instansi"
    taken = {inst.slug for inst in existing.values()}
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def load_categories() -> int:
    items = list(rows(CATEGORIES))
    known = {c.code: c for c in Category.objects.all()}
    for position, row in enumerate(items):
        cat = known.get(row["code"]) or Category(code=row["code"])
        cat.name, cat.name_en = row["name"], row["name_en"]
        cat.institution_kinds, cat.position = row.get("institution_kinds", ""), position
        cat.parent = known.get(row["parent"]) if row["parent"] else None
        cat.save()
        known[cat.code] = cat
    return len(items)
