"""`aduan worker`: runs queued tasks (django-tasks database backend) and the periodic sweep."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

logger = logging.getLogger("aduan.worker")


class Command(BaseCommand):
    help = "Jalankan worker: antrean tugas dan sapuan berkala (tenggat, penutupan, eskalasi)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sweep-interval", type=int, default=settings.ADUAN_SWEEP_INTERVAL)
        parser.add_argument("--once", action="store_true", help="Satu sapuan lalu keluar (untuk cron).")

    def handle(self, *args: Any, **options: Any) -> None:
        from aduan.reports.sweep import sweep

        if options["once"]:
            self.stdout.write(str(sweep().counts))
            return
        stop = threading.Event()
        threading.Thread(target=_sweep_loop, args=(options["sweep_interval"], stop), daemon=True).start()
        threading.Thread(target=_delivery_loop, args=(settings.ADUAN_DELIVERY_INTERVAL, stop), daemon=True).start()
        # Federation with peer instances (docs/federation.md): its outbox and the peers' institution trees.
        from aduan.federation.loop import loop as federation_loop

        threading.Thread(target=federation_loop, args=(stop,), daemon=True).start()
        if settings.ADUAN_X_BEARER_TOKEN:
            from aduan.channels.x.poll import poll_loop

            threading.Thread(target=poll_loop, args=(stop,), daemon=True).start()
        try:
            _run_tasks()
        finally:
            stop.set()


def _sweep_loop(interval: int, stop: threading.Event) -> None:
    from aduan.reports.sweep import sweep

    while not stop.is_set():
        try:
            result = sweep()
            if result.total:
                logger.info("sweep: %s", result.counts)
        except Exception:
            # A failed pass is retried at the next interval; the sweep is idempotent.
            logger.exception("sweep failed")
        finally:
            close_old_connections()
        _send_digests()
        stop.wait(interval)


def _send_digests() -> None:
    """The staff daily digest, from ADUAN_DIGEST_HOUR local time, once a day per person (notify/digest.py)."""
    from aduan.notify.digest import run_due

    try:
        result = run_due()
        if result.sent or result.failed:
            logger.info("digest: %s sent, %s failed", result.sent, result.failed)
    except Exception:
        logger.exception("digest failed")
    finally:
        close_old_connections()


def _delivery_loop(interval: float, stop: threading.Event) -> None:
    from aduan.notify.delivery import deliver_due

    while not stop.is_set():
        busy = False
        try:
            outcomes = deliver_due()
            busy = bool(outcomes)
            if busy:
                logger.info("delivery: %s", dict(outcomes))
        except Exception:
            # Claimed rows stay leased and are claimed again when the lease ends: nothing is lost.
            logger.exception("delivery pass failed")
        finally:
            close_old_connections()
        if not busy:
            stop.wait(interval)


def _run_tasks() -> None:
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["*"],
        interval=1.0,
        batch=False,
        backend_name="default",
        startup_delay=True,
        max_tasks=None,
        worker_id=f"aduan-{threading.get_native_id()}",
        excluded_queue_names=[],
    )
    worker.run()
