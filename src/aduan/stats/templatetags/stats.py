"""Numbers as an Indonesian reader writes them (12.345; 1,5; 87%), working days beyond the cap as "> 60"."""

from __future__ import annotations

from django import template

from aduan.stats.charts import month_label, number
from aduan.stats.query import capped

register = template.Library()


@register.filter
def angka(value: float | int | None) -> str:
    if value is None:
        return "—"
    return number(round(value, 1) if isinstance(value, float) else value)


@register.filter
def hari(value: float | int | None) -> str:
    return capped(value)


@register.filter
def persen(value: float | None) -> str:
    return "—" if value is None else f"{number(round(value, 1))}%"


@register.filter
def bulan(value: object) -> str:
    return month_label(value)  # type: ignore[arg-type]
