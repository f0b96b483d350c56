"""Messages delivered per second by two `aduan worker` processes (issue 4).

    python bench/delivery.py --db sqlite|postgres [--count 2000] [--workers 2]

N reports are filed through the lifecycle by reporters who gave an e-mail address, so each owes one
"submitted" e-mail in the outbox. An aiosmtpd server in this process stands in for the mail relay (a real
SMTP conversation per message). Then two workers start and the clock runs from the first message sent to
the last, read from the rows' `sent_at`; the sink checks every message arrived exactly once.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from typing import Any

from benchlib import (
    ROOT,
    arguments,
    database_url,
    emit,
    free_port,
    migrate,
    recreate_database,
    say,
    server_facts,
    setup_django,
)


class Sink:
    """Counts the messages it is handed, by recipient."""

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        for rcpt in envelope.rcpt_tos:
            self.received[rcpt] += 1
        return "250 OK"


def _file(count: int) -> None:
    from aduan.reports import lifecycle
    from aduan.reports.actors import Actor

    for n in range(count):
        lifecycle.submit(
            Actor.for_user(None),
            classification="complaint",
            title=f"Jalan berlubang di RT {n % 20 + 1}",
            body="Jalan desa berlubang besar dan membahayakan pengendara motor pada malam hari.",
            reporter={"name": f"Warga {n}", "email": f"warga{n}@example.id"},
        )


def main() -> None:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    recreate_database(args.db)
    setup_django(args.db)
    from aiosmtpd.controller import Controller
    from django.db.models import Max, Min

    from aduan.institutions import reference
    from aduan.notify.models import Notification

    migrate()
    reference.load()
    _file(args.count)
    owed = Notification.objects.filter(channel="email").count()
    say(f"[delivery/{args.db}] {owed} e-mails owed; starting {args.workers} workers")

    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(args.db),
        "ADUAN_EMAIL_HOST": "127.0.0.1",
        "ADUAN_EMAIL_PORT": str(port),
        "ADUAN_DELIVERY_INTERVAL": "1",
        "ADUAN_SWEEP_INTERVAL": "3600",
        "ADUAN_DIGEST_HOUR": "25",
    }
    started = time.perf_counter()
    workers = [
        subprocess.Popen([sys.executable, "-m", "aduan", "worker"], env=env, cwd=ROOT) for _ in range(args.workers)
    ]
    try:
        while Notification.objects.filter(channel="email", state__in=["queued", "sending"]).exists():
            if time.perf_counter() - started > 600:
                raise SystemExit("workers did not finish within 10 minutes")
            time.sleep(0.2)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
        controller.stop()
    wall = time.perf_counter() - started
    span = Notification.objects.filter(channel="email").aggregate(first=Min("sent_at"), last=Max("sent_at"))
    seconds = (span["last"] - span["first"]).total_seconds()
    states = Counter(Notification.objects.filter(channel="email").values_list("state", flat=True))
    figures = {
        "messages": owed,
        "workers": args.workers,
        "states": dict(states),
        "messages_per_s": round(owed / seconds, 1) if seconds else None,
        "seconds_first_to_last": round(seconds, 2),
        "wall_s_with_startup": round(wall, 1),
        "received_by_smtp": sum(sink.received.values()),
        "received_twice": sum(1 for n in sink.received.values() if n > 1),
    }
    say(
        f"[delivery/{args.db}] {figures['messages_per_s']} messages/s with {args.workers} workers "
        f"({owed} in {seconds:.1f} s); SMTP received {figures['received_by_smtp']}, "
        f"twice: {figures['received_twice']}"
    )
    figures.update(server_facts(args.db))
    emit("delivery", args.db, figures)


if __name__ == "__main__":
    main()
