"""Finding the Kemendagri region a citizen names in a chat ("Desa Bodas, Kandangserang, Pekalongan")."""

from __future__ import annotations

import re

from aduan.institutions.models import Region

PREFIXES = re.compile(
    r"^(desa|kelurahan|kel\.?|ds\.?|kecamatan|kec\.?|kabupaten|kab\.?|kota|provinsi|prov\.?)\s+", re.IGNORECASE
)
CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


def _candidates(part: str) -> list[Region]:
    name = PREFIXES.sub("", part.strip()).strip()
    if len(name) < 3:
        return []
    names = [name, f"Kabupaten {name}", f"Kota {name}"]
    found: list[Region] = []
    for candidate in names:
        found.extend(Region.objects.filter(name__iexact=candidate)[:50])
    return found


def find_region(text: str, within: str | None = None) -> Region | None:
    """The one region the text names, or None when it names none or several.

    Parts separated by commas narrow each other down (a village inside the named district or regency);
    `within` (a region code, e.g. the receiving institution's regency) settles the rest.
    """
    text = (text or "").strip()
    if CODE.match(text):
        return Region.objects.filter(pk=text).first()
    parts = [p for p in re.split(r"[,\n;]+", text) if p.strip()]
    if not parts:
        return None
    groups = [_candidates(p) for p in parts]
    groups = [g for g in groups if g]
    if not groups:
        return None
    # The most specific mention is the one with the deepest candidates.
    groups.sort(key=lambda g: -max(r.level for r in g))
    choices = groups[0]
    for other in groups[1:]:
        codes = {r.code for r in other}
        narrowed = [r for r in choices if any(r.code.startswith(c + ".") or r.code == c for c in codes)]
        if narrowed:
            choices = narrowed
    if len(choices) > 1 and within:
        inside = [r for r in choices if r.code == within or r.code.startswith(within + ".")]
        if inside:
            choices = inside
    unique = {r.code: r for r in choices}
    return next(iter(unique.values())) if len(unique) == 1 else None
