"""Reports per second created through `POST /api/v1/reports` under concurrent load (issue 4).

    python bench/api.py --db sqlite|postgres [--duration 20] [--connections 8] [--bodies 500] [--profile]

A prepared database (migrated, reference data loaded) is served by `aduan serve --no-worker --workers 2`
(gunicorn, gthread) on a free port; `wrk` (Debian package `wrk`) posts realistic JSON bodies — a Lua
script cycles through a few hundred generated reports — with 8 connections for 20 s after a short warm-up.
Printed: reports per second (wrk's requests/s, checked against the rows that appeared in the database),
median and p99 latency, and any non-201 answers. Rate limits stay on, with a limit no client reaches.

`--profile` instead runs pyinstrument over a few hundred API creates in-process (Django's test client) and
prints where the time goes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

# A PostgreSQL database of its own, so this can run beside the other benchmarks.
os.environ.setdefault("BENCH_PG_DB", "aduan_bench_api")

from benchlib import (
    BENCH_VAR,
    ROOT,
    arguments,
    database_url,
    drop_database,
    emit,
    free_port,
    migrate,
    recreate_database,
    say,
    server_facts,
    setup_django,
    timed,
)

TARGET_PER_SECOND = 700
TARGET_P99_MS = 50
SEED = 20260404


def _bodies(count: int) -> list[dict[str, Any]]:
    """API bodies (DESIGN §7's fields) from the shared generator of realistic reports."""
    from django.utils import timezone
    from texts import Generator

    from aduan.institutions.models import Institution, Region
    from aduan.reports.models import Category

    villages = list(Region.objects.filter(level=Region.Level.VILLAGE).values_list("code", "name")[:20000])
    leaves = list(Category.objects.filter(active=True, parent__isnull=False).values_list("code", flat=True))
    regencies = dict(Institution.objects.filter(region__level=Region.Level.REGENCY).values_list("region_id", "code"))
    generator = Generator(SEED, villages, leaves, regencies)
    today = timezone.localdate()
    bodies = []
    for _ in range(count):
        kwargs = dict(generator.report(today).kwargs)
        kwargs.pop("channel", None)
        kwargs.pop("sender", None)
        kwargs["region_code"] = kwargs.pop("region")
        if kwargs.get("incident_date") is not None:
            kwargs["incident_date"] = kwargs["incident_date"].isoformat()
        for key in ("latitude", "longitude"):
            if key in kwargs:
                kwargs[key] = float(kwargs[key])
        bodies.append(kwargs)
    return bodies


LUA = """
local bodies = {}
for line in io.lines("%(bodies)s") do bodies[#bodies + 1] = line end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i %% #bodies + 1
  return wrk.format(nil, "/api/v1/reports", nil, bodies[i])
end
local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
"""


def _wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server ended with code {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the server did not come up")


def _parse_wrk(output: str) -> dict[str, Any]:
    def ms(text: str) -> float:
        value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]

    found: dict[str, Any] = {}
    for label, key in (("50%", "median_ms"), ("75%", "p75_ms"), ("90%", "p90_ms"), ("99%", "p99_ms")):
        match = re.search(rf"^\s+{re.escape(label)}\s+(\S+)", output, re.MULTILINE)
        if match:
            found[key] = round(ms(match.group(1)), 2)
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    found["requests_per_second"] = float(match.group(1)) if match else 0.0
    match = re.search(r"(\d+) requests in ([\d.]+)(\w+)", output)
    if match:
        found["requests"] = int(match.group(1))
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    found["non_2xx"] = int(match.group(1)) if match else 0
    match = re.search(r"Socket errors: (.*)", output)
    found["socket_errors"] = match.group(1).strip() if match else ""
    return found


def _wrk(port: int, script: Path | None, seconds: int, connections: int, path: str = "") -> str:
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
        *(["-s", str(script)] if script else []),
        f"http://127.0.0.1:{port}{path}",
    ]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _profile(bodies: list[dict[str, Any]]) -> None:
    from django.test import Client
    from pyinstrument import Profiler

    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_HOST="127.0.0.1")
    payloads = [json.dumps(body) for body in bodies]
    for payload in payloads[:50]:
        client.post("/api/v1/reports", payload, content_type="application/json")
    profiler = Profiler(interval=0.0005)
    cpu_started = time.process_time()
    with timed() as clock:
        profiler.start()
        for payload in payloads[50:]:
            response = client.post("/api/v1/reports", payload, content_type="application/json")
            assert response.status_code == 201, response.content
        profiler.stop()
    cpu = time.process_time() - cpu_started
    n = len(payloads) - 50
    say(
        f"[api] in-process: {n} creates in {clock.seconds:.2f} s = {n / clock.seconds:,.0f}/s (one thread), "
        f"CPU {cpu * 1000 / n:.2f} ms per create"
    )
    say(profiler.output_text(unicode=True, color=False, show_all=False))


def _bare(args: Any, env: dict[str, str], script: Path) -> dict[str, Any]:
    """wrk against `bench/bare_app.py` under gunicorn with `aduan serve`'s settings (same Lua bodies)."""
    port = free_port()
    bare_script = script.with_name("bare.lua")
    bare_script.write_text(script.read_text().replace('"/api/v1/reports"', '"/bare"'))
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--chdir",
        str(Path(__file__).parent),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--threads",
        "4",
        "--worker-class",
        "gthread",
        "bare_app:application",
    ]
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the bare server did not come up") from None
                time.sleep(0.3)
        _wrk(port, bare_script, args.warmup, args.connections)
        return _parse_wrk(_wrk(port, bare_script, args.duration, args.connections))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--bodies", type=int, default=500)
    parser.add_argument("--profile", action="store_true", help="profile API creates in-process instead")
    args = parser.parse_args()
    if not args.profile and shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install -y wrk)")

    recreate_database(args.db)
    os.environ["ADUAN_API_RATE"] = "100000000/min"  # on, but out of reach: the limiter's cost is measured
    os.environ["ADUAN_API_TOKEN_RATE"] = "100000000/min"
    setup_django(args.db)
    from aduan.institutions import reference
    from aduan.reports.models import Report

    migrate()
    with timed() as ref:
        reference.load()
    bodies = _bodies(args.bodies)
    say(f"[api/{args.db}] migrated, reference data loaded in {ref.seconds:.1f} s; {len(bodies)} bodies")
    if args.profile:
        _profile(bodies)
        if not args.keep:
            drop_database(args.db)
        return

    from django.db import connections

    connections.close_all()
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="aduan-bench-api-", dir=BENCH_VAR))
    body_file = workdir / "bodies.jsonl"
    body_file.write_text("".join(json.dumps(body, ensure_ascii=False) + "\n" for body in bodies))
    script = workdir / "post.lua"
    script.write_text(LUA % {"bodies": body_file})
    env = {
        **os.environ,
        "DATABASE_URL": database_url(args.db),
        "ADUAN_VAR_DIR": str(BENCH_VAR),
        "ADUAN_ACCESS_LOG": os.environ.get("ADUAN_ACCESS_LOG", "/dev/null"),
        "ADUAN_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT / "src"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "aduan", "serve", "--no-worker", "--workers", str(args.workers), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(workdir / "server.log").open("w"),
        start_new_session=True,
    )
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/api/v1/categories", server)
        _wrk(port, script, args.warmup, args.connections)
        before = Report.objects.count()
        connections.close_all()
        started = time.perf_counter()
        output = _wrk(port, script, args.duration, args.connections)
        wall = time.perf_counter() - started
        created = Report.objects.count() - before
        # For scale on a shared machine: the same stack answering a small read (38 provinces, one query).
        baseline = _parse_wrk(_wrk(port, None, max(5, args.duration // 2), args.connections, "/api/v1/regions"))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log = (workdir / "server.log").read_text(errors="replace").splitlines()
        problems = [line for line in log if "Error" in line or "Traceback" in line]
        if problems:
            say("server log (errors):\n" + "\n".join(problems[-20:]))
    try:
        bare = _bare(args, env, script)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    figures = _parse_wrk(output)
    say(output.rstrip())
    per_second = created / args.duration
    say(
        f"[api/{args.db}] {created:,} reports created in {args.duration} s ({wall:.1f} s with wrk's start and "
        f"end) = {per_second:,.0f} reports/s (target ≥ {TARGET_PER_SECOND}/s); "
        f"wrk {figures['requests_per_second']:,.0f}"
        f" req/s, median {figures.get('median_ms')} ms, p99 {figures.get('p99_ms')} ms (target < {TARGET_P99_MS} ms); "
        f"non-201 answers {figures['non_2xx']}"
    )
    say(
        f"[api/{args.db}] for scale, GET /api/v1/regions (38 rows, one query) on the same server: "
        f"{baseline['requests_per_second']:,.0f} req/s, median {baseline.get('median_ms')} ms, "
        f"p99 {baseline.get('p99_ms')} ms"
    )
    share = per_second / bare["requests_per_second"] if bare.get("requests_per_second") else 0.0
    say(
        f"[api/{args.db}] bare Django view (validate JSON, insert one row) on the same machine and database: "
        f"{bare['requests_per_second']:,.0f} req/s, median {bare.get('median_ms')} ms, p99 {bare.get('p99_ms')} ms; "
        f"the API creates at {share:.0%} of it (the issue's yardstick: half)"
    )
    result = {
        "bare_per_second": bare.get("requests_per_second"),
        "bare_p99_ms": bare.get("p99_ms"),
        "share_of_bare": round(share, 2),
        "connections": args.connections,
        "server_workers": args.workers,
        "duration_s": args.duration,
        "created": created,
        "per_second": round(per_second, 1),
        "target_per_second": TARGET_PER_SECOND,
        "target_p99_ms": TARGET_P99_MS,
        **figures,
        "baseline_get_per_second": baseline["requests_per_second"],
        "baseline_get_p99_ms": baseline.get("p99_ms"),
        **server_facts(args.db),
    }
    if not args.keep:
        drop_database(args.db)
    emit("api", args.db, result)


if __name__ == "__main__":
    main()
