"""SMS intake throughput: reports per second through Kannel's receive URL under concurrent load.

    python bench/kannel.py --db sqlite|postgres [--duration 15] [--connections 8] [--warmup 3]

`aduan serve --no-worker --workers 2` (gunicorn, 2 processes × 4 threads) answers
`GET /channels/kannel/receive?from=…&to=…&text=…&id=…&ts=…` exactly as Kannel's sms-service calls it;
wrk drives it with 8 connections, each request a new SMS with its own Kannel id and sender (a Lua script),
so every request stores the raw message, files a report and answers with its tracking code. Kannel itself
is not in the loop: it forwards one HTTP request per SMS, so this measures what Aduan can take from it.
The reports per second are counted in the database (reports created during the timed run), not from wrk.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchlib import (
    BENCH_VAR,
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
)

ROOT = Path(__file__).resolve().parents[1]
LUA = r"""
local run = os.getenv("BENCH_RUN") or "run"
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
local counter = 0
function request()
  counter = counter + 1
  local sender = string.format("08%02d%08d", 11 + tid, counter)
  local path = string.format(
    "/channels/kannel/receive?from=%s&to=1708&text=Jalan+desa+rusak+berlubang+nomor+%d+mohon+diperbaiki" ..
    "&id=%s-%d-%d&ts=1795904438",
    sender, counter, run, tid, counter)
  return wrk.format("GET", path)
end
function done(summary, latency, requests)
  io.write("WRK-RESULT ", string.format(
    '{"requests": %d, "duration_us": %d, "non_2xx": %d, "socket_errors": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                response.read()
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer {url} within {timeout} s")


def wrk(url: str, script: Path, seconds: int, connections: int, run: str) -> dict:
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", "-s", str(script), url]
    output = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "BENCH_RUN": run}, check=True)
    for line in output.stdout.splitlines():
        if line.startswith("WRK-RESULT "):
            return json.loads(line[len("WRK-RESULT ") :])
    raise SystemExit("wrk printed no result:\n" + output.stdout + output.stderr)


def main() -> None:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=15, help="seconds of timed load")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of load before the timed run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    recreate_database(args.db)
    setup_django(args.db)
    from aduan.channels.models import InboundMessage
    from aduan.reports.models import Report

    migrate()
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(args.db),
        "ADUAN_VAR_DIR": str(BENCH_VAR),
        "ADUAN_ACCESS_LOG": "/dev/null",
        "ADUAN_LOG_LEVEL": "WARNING",
        "ADUAN_BASE_URL": f"http://127.0.0.1:{port}",
    }
    command = [sys.executable, "-m", "aduan", "serve", "--no-worker", "--workers", str(args.workers)]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/channels/kannel/receive?from=081200000000&to=1708&text=cek+kesiapan+server&id=ready")
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(LUA)
            script = Path(handle.name)
        say(f"[kannel/{args.db}] warm-up {args.warmup} s, then {args.duration} s at {args.connections} connections")
        wrk(base, script, args.warmup, args.connections, "warmup")
        before = Report.objects.count()
        started = time.perf_counter()
        result = wrk(base, script, args.duration, args.connections, "timed")
        elapsed = time.perf_counter() - started
        created = Report.objects.count() - before
        script.unlink(missing_ok=True)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    # Every message stored must have been answered with a report (counted once the server has stopped).
    rejected = InboundMessage.objects.filter(channel="sms").exclude(state=InboundMessage.State.PROCESSED).count()
    seconds = result["duration_us"] / 1e6
    figures = {
        "connections": args.connections,
        "server_workers": args.workers,
        "duration_s": round(seconds, 2),
        "requests": result["requests"],
        "reports_created": created,
        "reports_per_second": round(created / seconds, 1),
        "requests_per_second": round(result["requests"] / seconds, 1),
        "non_2xx": result["non_2xx"],
        "socket_errors": result["socket_errors"],
        "not_processed_messages": rejected,
        "median_ms": round(result["p50_us"] / 1000, 2),
        "p90_ms": round(result["p90_us"] / 1000, 2),
        "p99_ms": round(result["p99_us"] / 1000, 2),
        "max_ms": round(result["max_us"] / 1000, 2),
        "wall_s_timed": round(elapsed, 1),
        **server_facts(args.db),
    }
    say(
        f"[kannel/{args.db}] {created:,} reports in {seconds:.1f} s = {figures['reports_per_second']:,}/s; "
        f"median {figures['median_ms']} ms, p99 {figures['p99_ms']} ms; non-2xx {result['non_2xx']}"
    )
    if not args.keep:
        drop_database(args.db)
    emit("kannel", args.db, figures)


if __name__ == "__main__":
    main()
