"""Separate Aduan instances for the integration tests: each its own var dir and SQLite database, set up with
the `aduan` command and served by `aduan serve --no-worker` on a loopback port."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.kannel.gateway import free_port, wait_for_port

ADUAN = str(Path(sys.executable).with_name("aduan"))
PASSWORD = "sandi-uji-12345"
CODE = re.compile(r"\b([0-9A-Z]{4}-[0-9A-Z]{4})\b")


@dataclass
class Instance:
    name: str
    directory: Path
    port: int = field(default_factory=free_port)
    extra_env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None
    public_key: str = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def database(self) -> Path:
        return self.directory / "aduan.sqlite3"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ADUAN_", "DATABASE_URL", "DJANGO_"))}
        env.update(
            {
                "ADUAN_VAR_DIR": str(self.directory),
                "ADUAN_SECRET_KEY": f"rahasia-uji-{self.name}-0123456789abcdef0123456789abcdef",
                "ADUAN_BASE_URL": self.url,
                "ADUAN_INSTANCE_NAME": f"Aduan {self.name}",
                "ADUAN_LOG_LEVEL": "WARNING",
                "ADUAN_ACCESS_LOG": str(self.directory / "access.log"),
                "ADUAN_DEMO_PASSWORD": PASSWORD,
            }
        )
        env.update(self.extra_env)
        return env

    def run(self, *args: str, check: bool = True) -> str:
        done = subprocess.run([ADUAN, *args], check=False, env=self.env(), capture_output=True, text=True, timeout=300)
        if check and done.returncode != 0:
            raise AssertionError(f"{self.name}: aduan {' '.join(args)} failed\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def python(self, code: str) -> dict:
        """Run Python in this instance's Django (its own database); the code sets `out` (printed as JSON)."""
        script = "import json\nout = None\n" + code + "\nprint('@@' + json.dumps(out, default=str))"
        output = self.run("shell", "-c", script)
        return json.loads(output.rsplit("@@", 1)[1])

    def start(self) -> None:
        log = open(self.directory / "serve.log", "ab")  # noqa: SIM115 - kept open for the process's life
        self.process = subprocess.Popen(
            [ADUAN, "serve", "--no-worker", "--host", "127.0.0.1", "--port", str(self.port), "--workers", "1"],
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(self.port, timeout=60)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def deliver(self, *, everything: bool = True) -> str:
        return self.run("federation", "deliver", *(["--all"] if everything else [])).strip()


def prepare(instances: list[Instance], template: Path) -> None:
    """Each instance gets its own database: the first is migrated and loaded with the reference data by the
    `aduan` command, the others start from a copy of that file (the same 12 s of loading, not three times)."""
    first = instances[0]
    first.directory.mkdir(parents=True, exist_ok=True)
    if not template.exists():
        first.run("migrate", "-v0")
        first.run("load-reference")
        shutil.copy(first.database, template)
    for instance in instances:
        instance.directory.mkdir(parents=True, exist_ok=True)
        shutil.copy(template, instance.database)
        instance.run("migrate", "-v0")  # a no-op unless the template is older than the code
        out = instance.run("federation", "init", "--name", instance.name)
        instance.public_key = out.split("public_key", 1)[1].strip()


def connect(child: Instance, parent: Instance) -> None:
    child.run("federation", "add-peer", parent.name, parent.url, parent.public_key, "--role", "parent")
    parent.run("federation", "add-peer", child.name, child.url, child.public_key, "--role", "child")
