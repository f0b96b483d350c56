"""Federation between two instances (separate `aduan serve` processes, each its own SQLite database):

- forwarding: reports forwarded per second (one worker pass at the origin, signed requests, attachments none);
- sync: handler steps synced per second (one pass at the handler: verify + respond on every report);
- delay under load: with `aduan worker` running at the handler, answers are written one after another
  while the rest of the load streams; the delay is the time from the answer's commit on the handler to
  its mirrored event's commit on the origin (one machine, one clock).

    python bench/federation.py --db sqlite [--reports 200]
"""

from __future__ import annotations

import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchlib import arguments, emit, say, summary_ms

from tests.federation.instances import ADUAN, Instance, connect, prepare

SETUP = """
from django.contrib.auth.models import User
from aduan.institutions.models import Institution, Membership
for username, code, role in {people!r}:
    user = User.objects.create_user(username, password="sandi-uji-12345")
    Membership.objects.create(user=user, institution=Institution.objects.get(code=code), role=role)
"""

FILE_AND_FORWARD = """
from django.contrib.auth.models import User
from aduan.reports import lifecycle
from aduan.reports.actors import Actor
verifier = Actor.for_user(User.objects.get(username="verif-kab"))
ids = []
for n in range({count}):
    s = lifecycle.submit(Actor(), classification="complaint", title=f"Jalan provinsi rusak {{n}}",
        body="Jalan provinsi berlubang dalam dan membahayakan pengendara.", region="33.26",
        reporter={{"email": f"warga{{n}}@example.id"}})
    lifecycle.perform(verifier, s.report.code, "forward", {{"peer": "prov-jateng", "institution": "pemprov-33"}})
    ids.append(str(s.report.global_id))
out = ids
"""

TIMED_DELIVERY = """
import time
from aduan.federation import delivery
start = time.perf_counter()
sent = 0
while True:
    outcomes = delivery.deliver_due(limit=100)
    if not outcomes:
        break
    sent += outcomes.get("sent", 0)
out = {{"sent": sent, "seconds": time.perf_counter() - start}}
"""

HANDLE = """
from django.contrib.auth.models import User
from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.models import Report
verifier = Actor.for_user(User.objects.get(username="verif-prov"))
admin = Actor.for_user(User.objects.get(username="admin-prov"))
codes = list(Report.objects.filter(global_id__in={ids!r}).values_list("code", flat=True))
for code in codes:
    lifecycle.verify(verifier, code, institution="pemprov-33")
    {respond}
out = len(codes)
"""

RESPONDED_AT = """
from aduan.reports.models import ReportEvent
rows = ReportEvent.objects.filter(report__global_id__in={ids!r}, kind="responded").values_list(
    "report__global_id", "created_at")
out = {{str(g): t.timestamp() for g, t in rows}}
"""


def main() -> None:
    parser = arguments(__doc__.splitlines()[0], databases=("sqlite",))
    parser.add_argument("--reports", type=int, default=200)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="aduan-bench-federation-"))
    origin = Instance("kab-pekalongan", root / "kab-pekalongan")
    handler = Instance("prov-jateng", root / "prov-jateng")
    worker = None
    try:
        say("setting up two instances (migrate, load-reference, federation init/add-peer)…")
        prepare([origin, handler], root / "template.sqlite3")
        connect(origin, handler)
        origin.python(SETUP.format(people=[("verif-kab", "operator", "verifier")]))
        handler.python(
            SETUP.format(
                people=[("verif-prov", "pemprov-33", "verifier"), ("admin-prov", "pemprov-33", "institution_admin")]
            )
        )
        origin.start()
        handler.start()
        origin.run("federation", "refresh")
        n = args.reports

        say(f"forwarding {n} reports…")
        first = origin.python(FILE_AND_FORWARD.format(count=n))
        forwarded = origin.python(TIMED_DELIVERY.format())
        say(f"  {forwarded['sent']} forwarded in {forwarded['seconds']:.2f} s")

        say(f"handler: verify + respond on {n} reports, then one delivery pass…")
        respond = 'lifecycle.respond(admin, code, message="Sudah kami jadwalkan perbaikannya minggu ini.")'
        handler.python(HANDLE.format(ids=first, respond=respond))
        synced = handler.python(TIMED_DELIVERY.format())
        say(f"  {synced['sent']} steps synced in {synced['seconds']:.2f} s")

        say(f"delay under load: worker at the handler, {n} more reports answered while it runs…")
        second = origin.python(FILE_AND_FORWARD.format(count=n))
        origin.python(TIMED_DELIVERY.format())
        env = handler.env() | {"ADUAN_FEDERATION_INTERVAL": "1", "ADUAN_SWEEP_INTERVAL": "3600"}
        worker = subprocess.Popen(
            [ADUAN, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        time.sleep(3)
        started = time.perf_counter()
        handler.python(HANDLE.format(ids=second, respond=respond))
        answered = handler.python(RESPONDED_AT.format(ids=second))
        deadline = time.monotonic() + 300
        while True:
            seen = origin.python(RESPONDED_AT.format(ids=second))
            if len(seen) >= len(answered) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        elapsed = time.perf_counter() - started
        delays = [seen[g] - answered[g] for g in answered if g in seen]
        delay = summary_ms(delays)
        say(f"  {len(delays)}/{len(answered)} answers arrived; delay {delay}")
        emit(
            "federation",
            "sqlite",
            {
                "reports": n,
                "forwarded_per_second": round(forwarded["sent"] / forwarded["seconds"], 1),
                "synced_per_second": round(synced["sent"] / synced["seconds"], 1),
                "synced_steps": synced["sent"],
                "under_load_steps": 2 * len(answered),
                "under_load_seconds": round(elapsed, 1),
                "delay_ms": delay,
                "arrived": len(delays),
            },
        )
    finally:
        if worker is not None and worker.poll() is None:
            import os

            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)
        origin.stop()
        handler.stop()


if __name__ == "__main__":
    main()
