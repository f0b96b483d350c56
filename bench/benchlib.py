"""What every benchmark script shares: choosing and (re)creating the database, Django setup, timing
helpers and the one-line JSON result that `bench/run.py` collects.

Settings read DATABASE_URL at import, so each script handles one database per process; `run.py` starts
one subprocess per (benchmark, database).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH_VAR = ROOT / "var" / "bench"
SQLITE_PATH = BENCH_VAR / "bench.sqlite3"
# The server to benchmark against; the bench database is created and dropped on it (trust auth).
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
PG_DB = os.environ.get("BENCH_PG_DB", "aduan_bench")
RESULT_PREFIX = "BENCH-RESULT "
# The machine is shared: the 1-minute load average when this benchmark process started, and at its end.
LOAD_AT_START = round(os.getloadavg()[0], 2)
DATABASES = ("sqlite", "postgres")


def die_with_parent() -> None:
    """Ask Linux to end this process when its parent ends (PR_SET_PDEATHSIG), so a benchmark interrupted
    from outside leaves no orphaned subprocess behind. A no-op elsewhere."""
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now (for a server a benchmark starts)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(db: str) -> str:
    if db == "sqlite":
        return f"sqlite:///{SQLITE_PATH}"
    if db == "postgres":
        return f"{PG_SERVER}/{PG_DB}"
    raise ValueError(f"unknown database {db!r}")


def arguments(description: str, databases: Sequence[str] = DATABASES) -> argparse.ArgumentParser:
    die_with_parent()  # every benchmark script starts here; run.py being stopped stops it too
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--db", choices=databases, required=True)
    parser.add_argument("--keep", action="store_true", help="leave the benchmark database in place afterwards")
    return parser


_locks: dict[str, Any] = {}


def claim(db: str) -> None:
    """Hold the benchmark database for this process's lifetime, so that two benchmark runs on one machine
    never drop each other's database mid-run (DROP DATABASE … WITH (FORCE) would end the other's sessions)."""
    import fcntl

    if db in _locks:
        return
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    name = SQLITE_PATH.name if db == "sqlite" else PG_DB
    handle = (BENCH_VAR / f".{name}.lock").open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "?"
        handle.close()
        raise SystemExit(
            f"another benchmark (pid {holder}) is using the {db} database {name!r}; wait for it to "
            f"finish, or give this run its own with BENCH_PG_DB=…"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    _locks[db] = handle


def recreate_database(db: str) -> None:
    """An empty benchmark database (the SQLite file removed, or the PostgreSQL database dropped and created)."""
    claim(db)
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{PG_DB}"')


def drop_database(db: str) -> None:
    claim(db)
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')


def setup_django(db: str) -> None:
    """Point the settings at the benchmark database, then set Django up. Call before importing models."""
    os.environ["DATABASE_URL"] = database_url(db)
    os.environ.setdefault("ADUAN_VAR_DIR", str(BENCH_VAR))
    os.environ.setdefault("ADUAN_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aduan.settings")
    import django

    django.setup()


def migrate() -> float:
    from django.core.management import call_command

    with timed() as clock:
        call_command("migrate", verbosity=0, interactive=False)
    return clock.seconds


def server_facts(db: str) -> dict[str, Any]:
    """Versions and the settings that move the figures, so a result can be read later."""
    from django.db import connection

    facts: dict[str, Any] = {"python": sys.version.split()[0]}
    with connection.cursor() as cursor:
        if db == "postgres":
            cursor.execute(
                "SELECT current_setting('server_version'), current_setting('shared_buffers'), "
                "current_setting('synchronous_commit'), current_setting('fsync')"
            )
            version, buffers, sync_commit, fsync = cursor.fetchone()
            facts.update(
                server=f"PostgreSQL {version}", shared_buffers=buffers, synchronous_commit=sync_commit, fsync=fsync
            )
        else:
            cursor.execute("SELECT sqlite_version()")
            facts["server"] = f"SQLite {cursor.fetchone()[0]}"
            cursor.execute("PRAGMA journal_mode")
            facts["journal_mode"] = cursor.fetchone()[0]
            cursor.execute("PRAGMA synchronous")
            facts["synchronous"] = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}.get(cursor.fetchone()[0])
    facts["load_average_start"] = LOAD_AT_START
    facts["load_average_end"] = round(os.getloadavg()[0], 2)
    return facts


class Clock:
    seconds: float = 0.0


@contextmanager
def timed() -> Iterator[Clock]:
    clock = Clock()
    started = time.perf_counter()
    try:
        yield clock
    finally:
        clock.seconds = time.perf_counter() - started


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of already collected values (no interpolation)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {
        "median_ms": round(statistics.median(ms), 3),
        "p95_ms": round(percentile(ms, 0.95), 3),
        "p99_ms": round(percentile(ms, 0.99), 3),
        "max_ms": round(max(ms), 3),
    }


def say(text: str) -> None:
    print(text, flush=True)


def emit(benchmark: str, db: str, figures: dict[str, Any]) -> None:
    """The machine-readable result: one line that run.py picks out of the output."""
    say(RESULT_PREFIX + json.dumps({"benchmark": benchmark, "db": db, **figures}, default=str))
