"""`aduan worker` processes against the real database: a worker killed with SIGKILL mid-delivery loses
nothing, and two workers never send one message twice (issue 4, DESIGN §5)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from aduan.notify.models import Notification
from aduan.reports import lifecycle
from aduan.reports.actors import Actor

ROOT = Path(__file__).resolve().parents[2]
PHONE = "081234567890"


def _database_url() -> str:
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    host = config.get("HOST") or "127.0.0.1"
    auth = config["USER"] + (f":{config['PASSWORD']}" if config.get("PASSWORD") else "")
    return f"postgres://{auth}@{host}:{config.get('PORT') or 5432}/{config['NAME']}"


def _worker(record: Path, *, stuck: bool = False) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "ADUAN_SENDER_MODULES": "tests.notify.recording_sender",
        "ADUAN_DELIVERY_INTERVAL": "1",
        "ADUAN_DELIVERY_LEASE": "3",
        "ADUAN_SWEEP_INTERVAL": "3600",
        "ADUAN_DB_POOL": "0",
        "RECORD_FILE": str(record),
        "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
    }
    if stuck:
        env["RECORD_STUCK"] = "1"
    return subprocess.Popen([sys.executable, "-m", "aduan", "worker"], env=env, cwd=ROOT)


def _file_sms_reports(world, count: int) -> list[int]:
    channel = Actor.channel("sms")
    for n in range(count):
        lifecycle.submit(
            channel,
            classification="complaint",
            title=f"Lampu jalan mati nomor {n}",
            body="Lampu jalan di depan balai desa mati sejak minggu lalu.",
            channel="sms",
            sender=f"0812345{n:05d}",
        )
    return list(Notification.objects.filter(channel="sms").values_list("pk", flat=True))


def _wait(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out waiting")


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_delivery_loses_nothing(world, tmp_path) -> None:
    [pk] = _file_sms_reports(world, 1)
    record = tmp_path / "record.log"
    stuck = _worker(record, stuck=True)
    try:
        _wait(lambda: any(line.startswith("stuck") for line in _lines(record)))
        stuck.send_signal(signal.SIGKILL)
        stuck.wait(timeout=10)
    finally:
        if stuck.poll() is None:
            stuck.kill()
    held = Notification.objects.get(pk=pk)
    assert held.state == Notification.State.SENDING  # claimed, not sent, not dropped
    assert held.attempts == 1

    healthy = _worker(record)
    try:
        _wait(lambda: Notification.objects.get(pk=pk).state == Notification.State.SENT)
    finally:
        healthy.send_signal(signal.SIGTERM)
        healthy.wait(timeout=30)
    done = Notification.objects.get(pk=pk)
    assert done.attempts == 2
    assert done.provider_id == f"rec-{pk}"
    assert [line for line in _lines(record) if line.startswith("sent")] == [f"sent {pk} +6281234500000"]


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_one_message_twice(world, tmp_path) -> None:
    pks = _file_sms_reports(world, 30)
    record = tmp_path / "record.log"
    workers = [_worker(record), _worker(record)]
    try:
        _wait(lambda: Notification.objects.filter(pk__in=pks, state=Notification.State.SENT).count() == len(pks))
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=30)
    sent = [int(line.split()[1]) for line in _lines(record) if line.startswith("sent")]
    assert sorted(sent) == sorted(pks)
