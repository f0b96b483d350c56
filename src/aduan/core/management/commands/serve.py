"""`aduan serve`: the web server and, unless told otherwise, a worker beside it (DESIGN §5)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from aduan.env import envint


class Command(BaseCommand):
    help = "Jalankan server web (dan worker) Aduan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("ADUAN_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=envint("ADUAN_PORT", 8000))
        parser.add_argument("--workers", type=int, default=envint("ADUAN_WEB_WORKERS", 2))
        parser.add_argument("--threads", type=int, default=envint("ADUAN_WEB_THREADS", 4))
        parser.add_argument("--no-worker", action="store_true", help="Jangan jalankan worker di proses ini.")

    def handle(self, *args: Any, **options: Any) -> None:
        worker = None if options["no_worker"] else self._start_worker()
        try:
            self._serve(options)
        finally:
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                worker.wait(timeout=30)

    def _start_worker(self) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "aduan", "worker"])

    def _serve(self, options: dict[str, Any]) -> None:
        from gunicorn.app.base import BaseApplication

        from aduan.wsgi import application

        class Server(BaseApplication):
            def load_config(self) -> None:
                self.cfg.set("bind", f"{options['host']}:{options['port']}")
                self.cfg.set("workers", options["workers"])
                self.cfg.set("threads", options["threads"])
                self.cfg.set("worker_class", "gthread")
                self.cfg.set("accesslog", os.environ.get("ADUAN_ACCESS_LOG", "-"))
                # Investigation bundles of hundreds of reports are built inside the request (about 45 s for 500).
                self.cfg.set("timeout", envint("ADUAN_WEB_TIMEOUT", 180))

            def load(self) -> Any:
                return application

        self.stdout.write(f"Aduan: http://{options['host']}:{options['port']}/")
        Server().run()
