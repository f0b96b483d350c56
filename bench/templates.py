"""Generated data kept as PostgreSQL template databases, so the sweep can be re-timed without generating
a million reports again (`bench/sweep.py --reuse`).

A template is named after the scale, the seed and a digest of everything that shapes the data (the
migrations and the generator), so a schema change never reuses stale rows. Its figures and the generation
time are kept beside it in var/bench/<name>.json.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from benchlib import BENCH_VAR, PG_DB, PG_SERVER, ROOT, claim

PREFIX = "aduan_bench_tpl_"


def _digest() -> str:
    digest = hashlib.sha256()
    sources = sorted((ROOT / "src" / "aduan").glob("*/migrations/*.py"))
    sources += [ROOT / "bench" / "population.py", ROOT / "bench" / "texts.py"]
    for path in sources:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def name(scale: int, seed: int) -> str:
    return f"{PREFIX}{scale}_{seed}_{_digest()}"


def _sidecar(template: str) -> Path:
    return BENCH_VAR / f"{template}.json"


def _admin() -> Any:
    import psycopg

    return psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True)


def _exists(conn: Any, database: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone() is not None


def load(template: str) -> dict[str, Any] | None:
    """The saved figures of a template, or None when there is no usable one."""
    sidecar = _sidecar(template)
    if not sidecar.exists():
        return None
    with _admin() as conn:
        if not _exists(conn, template):
            return None
    return json.loads(sidecar.read_text())


def save(template: str, figures: dict[str, Any], expected: dict[str, int]) -> None:
    """Copy the benchmark database (no one may be connected to it) to the template."""
    with _admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{template}"')
        conn.execute(f'CREATE DATABASE "{template}" TEMPLATE "{PG_DB}"')
    _sidecar(template).write_text(
        json.dumps({"generated_at": figures["generated_at"], "figures": figures, "expected": dict(expected)}, indent=1)
    )


def clone(template: str) -> None:
    claim("postgres")
    with _admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{PG_DB}" TEMPLATE "{template}"')


def drop_all() -> list[str]:
    with _admin() as conn:
        found = [
            row[0]
            for row in conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", [PREFIX.replace("_", r"\_") + "%"]
            )
        ]
        for database in found:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    for sidecar in BENCH_VAR.glob(f"{PREFIX}*.json"):
        sidecar.unlink()
    return found
