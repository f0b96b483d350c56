"""A lean INSERT for the intake hot path, and a lean many-row UPDATE for the sweep.

Django's `save()` and `bulk_create()` rebuild the INSERT statement through the query compiler on every
call, which costs about half a millisecond for a wide model such as Report — more than the database
needs. Here the statement is built once per model and database vendor, and each row only converts its
values with the fields' own `get_db_prep_save`, so conversions stay exactly Django's.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.db import connections, models, router
from django.db.models import Field, Model

# Field classes whose conversion leaves a str, int or bool (or None) exactly as it is; such values skip
# `get_db_prep_save`, which is most of the cost of a wide row. Anything else goes through Django.
_PLAIN = (models.CharField, models.TextField, models.BooleanField, models.IntegerField, models.ForeignKey)
_PRIMITIVE = (str, int, bool)


def _converter(field: Field, connection: Any) -> Callable[[Any], Any]:
    prepare = field.get_db_prep_save
    if isinstance(field, _PLAIN) and not isinstance(field, models.JSONField):

        def plain(value: Any) -> Any:
            return value if value is None or type(value) in _PRIMITIVE else prepare(value, connection)

        return plain
    return lambda value: prepare(value, connection)


@cache
def _plan(model: type[Model], vendor: str, alias: str) -> tuple[str, list[Field], list[Field], Field]:
    connection = connections[alias]
    pk = model._meta.pk
    fields = [f for f in model._meta.concrete_fields if f is not pk or not f.db_returning]
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    # Only identifiers from the model's own metadata, quoted by the backend, go into the text.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks}) RETURNING {quote(pk.column)}"  # noqa: S608
    return sql, fields, stamped, pk


@cache
def _converters(model: type[Model], alias: str) -> list[Callable[[Any], Any]]:
    connection = connections[alias]
    fields = _plan(model, connection.vendor, alias)[1]
    return [_converter(field, connection) for field in fields]


def insert(obj: Model) -> Model:
    """INSERT one new object and set its primary key; like `obj.save(force_insert=True)` without signals."""
    model = type(obj)
    alias = router.db_for_write(model, instance=obj)
    connection = connections[alias]
    sql, fields, stamped, pk = _plan(model, connection.vendor, alias)
    obj._prepare_related_fields_for_save(operation_name="insert")
    for field in stamped:
        field.pre_save(obj, add=True)
    convert = _converters(model, alias)
    params: list[Any] = [to_db(getattr(obj, field.attname)) for field, to_db in zip(fields, convert, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        setattr(obj, pk.attname, cursor.fetchone()[0])
    obj._state.adding = False
    obj._state.db = alias
    return obj


def update_many(objs: list[Model], field_names: list[str]) -> int:
    """UPDATE the given fields of many saved objects with one prepared statement run for every row
    (psycopg pipelines it; SQLite runs it in C). Django's `bulk_update` builds one CASE expression per
    field over the whole batch instead, which costs far more in Python than the database needs."""
    if not objs:
        return 0
    model = type(objs[0])
    alias = router.db_for_write(model, instance=objs[0])
    connection = connections[alias]
    meta = model._meta
    fields = [meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    convert = [_converter(f, connection) for f in fields]
    rows = [
        [to_db(getattr(obj, f.attname)) for f, to_db in zip(fields, convert, strict=True)] + [obj.pk] for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)
