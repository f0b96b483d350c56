"""What the report form offers to choose from: categories grouped by parent, regions level by level,
institutions to suggest."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from aduan.institutions.models import Institution, Region
from aduan.reports.models import Category

Options = list[tuple[str, str]]
REGION_FIELDS = ("province", "regency", "district", "village")
INSTITUTION_RESULTS = 20


def _category_name(category: Category) -> str:
    if (get_language() or "").startswith("en") and category.name_en:
        return category.name_en
    return category.name


def grouped_categories() -> list[tuple[str, Options]]:
    """Active categories as select groups: each parent with its children; a parent is itself a choice
    ("other … matters") so a report that fits no child still lands in the right area."""
    rows = list(Category.objects.filter(active=True).order_by("position", "code"))
    children: dict[int, list[Category]] = {}
    for row in rows:
        if row.parent_id is not None:
            children.setdefault(row.parent_id, []).append(row)
    groups: list[tuple[str, Options]] = []
    loose: Options = []
    for row in rows:
        if row.parent_id is not None:
            continue
        kids = children.get(row.pk, [])
        if not kids:
            loose.append((row.code, _category_name(row)))
            continue
        name = _category_name(row)
        options = [(kid.code, _category_name(kid)) for kid in kids]
        options.append((row.code, _("%(name)s — lainnya") % {"name": name}))
        groups.append((name, options))
    if loose:
        groups.append((_("Lainnya"), loose))
    return groups


def region_options(parent: str | None) -> Options:
    return list(Region.objects.filter(parent_id=parent or None).order_by("code").values_list("code", "name"))


def region_chain(values: dict[str, str]) -> dict[str, Options]:
    """The options of each region select given what was chosen above it (for re-showing a bound form)."""
    options = {"province": region_options(None)}
    parent = values.get("province") or ""
    for field in REGION_FIELDS[1:]:
        options[field] = region_options(parent) if parent else []
        parent = values.get(field) or ""
    return options


def search_institutions(query: str) -> list[Institution]:
    """Institutions a reporter may suggest, by name or code; units are left to the institutions."""
    text = query.strip()[:80]
    if len(text) < 2:
        return []
    found = (
        Institution.objects.filter(active=True)
        .exclude(kind__in=(Institution.Kind.UNIT, Institution.Kind.OPERATOR))
        .filter(Q(name__icontains=text) | Q(short_name__icontains=text) | Q(code__icontains=text))
        .order_by("name")
    )
    return list(found[:INSTITUTION_RESULTS])


def institution_named(code: str) -> Institution | None:
    if not code:
        return None
    return Institution.objects.filter(code=code, active=True).exclude(kind=Institution.Kind.OPERATOR).first()
