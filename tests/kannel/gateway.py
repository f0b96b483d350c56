"""A real Kannel for the tests: bearerbox and smsbox from Debian's `kannel`, and `fakesmsc` from
`kannel-extras` as the operator's SMS centre (bearerbox's `smsc = fake` listens; fakesmsc connects to it).

fakesmsc sends the messages given on its command line (`-m 1`: one) and prints every message Kannel sends
it as `Got message N: <from to type data>`, until it is stopped. bearerbox accepts one fakesmsc at a time
and queues what it has to send while none is connected, so a `Phone` runs one fakesmsc per SMS it sends
and keeps it connected to receive the answers and later notifications.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

BEARERBOX = Path("/usr/sbin/bearerbox")
SMSBOX = Path("/usr/sbin/smsbox")
FAKESMSC = Path("/usr/lib/kannel/test/fakesmsc")
BINARIES = (BEARERBOX, SMSBOX, FAKESMSC)
# DESIGN §7's receive URL, plus the coding and charset (a text Kannel could not recode arrives as UTF-16BE).
GET_URL = "/channels/kannel/receive?from=%p&to=%P&text=%a&id=%I&ts=%T&coding=%c&charset=%C"
SENDSMS_USER, SENDSMS_PASSWORD = "aduan", "sandi-uji"
TIMEOUT = 20.0
GOT = re.compile(r"Got message \d+: <(\S+) (\S+) (\S+) (.*)>\s*$")


def missing_binaries() -> list[str]:
    return [str(path) for path in BINARIES if not os.access(path, os.X_OK)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port} after {timeout} s")


def config(directory: Path, ports: dict[str, int], receive_url: str) -> str:
    """A kannel.conf like the one in docs/sms.md, on free ports, logging into `directory`."""
    return f"""
group = core
admin-port = {ports["admin"]}
admin-password = admin-uji
smsbox-port = {ports["smsbox"]}
box-allow-ip = 127.0.0.1
log-file = "{directory}/bearerbox.log"
log-level = 1
access-log = "{directory}/access.log"
dlr-storage = internal

group = smsc
smsc = fake
smsc-id = fake
port = {ports["smsc"]}
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = {ports["smsbox"]}
sendsms-port = {ports["sendsms"]}
sendsms-interface = 127.0.0.1
mo-recode = true
log-file = "{directory}/smsbox.log"
log-level = 1

group = sendsms-user
username = {SENDSMS_USER}
password = {SENDSMS_PASSWORD}
max-messages = 3
concatenation = true

group = sms-service
keyword = default
catch-all = true
get-url = "{receive_url}"
accept-x-kannel-headers = true
max-messages = 3
concatenation = true
omit-empty = true
"""


@dataclass
class Kannel:
    directory: Path
    ports: dict[str, int]
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def sendsms_url(self) -> str:
        return (
            f"http://127.0.0.1:{self.ports['sendsms']}/cgi-bin/sendsms"
            f"?username={SENDSMS_USER}&password={SENDSMS_PASSWORD}"
        )

    @classmethod
    def start(cls, directory: Path, base_url: str) -> Kannel:
        ports = {name: free_port() for name in ("admin", "smsbox", "smsc", "sendsms")}
        conf = directory / "kannel.conf"
        conf.write_text(config(directory, ports, base_url.rstrip("/") + GET_URL), encoding="utf-8")
        kannel = cls(directory, ports)
        try:
            kannel._spawn(BEARERBOX, conf, "bearerbox.out")
            wait_for_port(ports["smsbox"])
            wait_for_port(ports["smsc"])
            kannel._spawn(SMSBOX, conf, "smsbox.out")
            wait_for_port(ports["sendsms"])
        except Exception:
            kannel.stop()
            raise
        return kannel

    def _spawn(self, binary: Path, conf: Path, output: str) -> None:
        with open(self.directory / output, "wb") as out:
            self.processes.append(
                subprocess.Popen([str(binary), str(conf)], stdout=out, stderr=subprocess.STDOUT, cwd=self.directory)
            )

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in reversed(self.processes):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()

    def logs(self) -> str:
        parts = []
        for name in ("bearerbox.log", "smsbox.log", "access.log"):
            path = self.directory / name
            if path.exists():
                parts.append(f"--- {name}\n" + "\n".join(path.read_text(errors="replace").splitlines()[-40:]))
        return "\n".join(parts)


@dataclass(frozen=True)
class Sms:
    sender: str
    receiver: str
    text: str


def unquote(data: str) -> bytes:
    """fakesmsc's URL encoding: '+' is the byte 0x20 (also inside UCS-2, e.g. U+2014 is '+%14')."""
    return urllib.parse.unquote_to_bytes(data.replace("+", " "))


def decode(kind: str, data: str) -> tuple[bytes, bytes, str]:
    """(udh, payload bytes, coding) of one line fakesmsc printed."""
    if kind == "text":
        return b"", data.encode("utf-8"), "text"
    if kind == "ucs-2":
        return b"", unquote(data), "ucs-2"
    if kind == "udh":
        udh, _, payload = data.partition(" data ")
        return unquote(udh), unquote(payload), "data"
    return b"", unquote(data), "data"


def text_of(payload: bytes, coding: str) -> str:
    if coding == "ucs-2" or (coding == "data" and len(payload) % 2 == 0 and payload[::2].count(0) > len(payload) // 4):
        return payload.decode("utf-16-be", errors="replace")
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return payload.decode("latin-1")


class Phone:
    """The operator's side: sends SMS into Kannel through fakesmsc and collects what Kannel sends out."""

    def __init__(self, kannel: Kannel) -> None:
        self.kannel = kannel
        self.process: subprocess.Popen | None = None
        self.received: list[Sms] = []
        self.output: list[str] = []
        self._parts: dict[tuple[str, int], dict[int, bytes]] = {}
        self._lock = threading.Condition()

    def send(self, sender: str, receiver: str, text: str) -> None:
        """One SMS from `sender` to `receiver` (UCS-2 when it is not plain ASCII)."""
        self.hang_up()
        if text.isascii() and text:
            line = f"{sender} {receiver} text {text}"
        else:
            line = f"{sender} {receiver} ucs2 {urllib.parse.quote(text.encode('utf-16-be'))}"
        self._run(["-m", "1", line])

    def _run(self, args: list[str]) -> None:
        command = [str(FAKESMSC), "-H", "127.0.0.1", "-r", str(self.kannel.ports["smsc"]), *args]
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="latin-1"
        )
        threading.Thread(target=self._read, args=(self.process,), daemon=True).start()

    def _read(self, process: subprocess.Popen) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            self.output.append(line.rstrip())
            match = GOT.search(line)
            if match:
                self._got(*match.groups())

    def _got(self, sender: str, receiver: str, kind: str, data: str) -> None:
        udh, payload, coding = decode(kind, data)
        with self._lock:
            if len(udh) >= 6 and udh[1] == 0x00:  # concatenation, 8-bit reference: ref, total, seq
                ref, total, seq = udh[3], udh[4], udh[5]
                parts = self._parts.setdefault((sender, ref), {})
                parts[seq] = payload
                if len(parts) < total:
                    return
                payload = b"".join(parts[i] for i in sorted(parts))
                del self._parts[(sender, ref)]
            self.received.append(Sms(sender, receiver, text_of(payload, coding)))
            self._lock.notify_all()

    def expect(self, count: int = 1, timeout: float = TIMEOUT) -> list[Sms]:
        """Wait until `count` more messages have arrived since the last call; returns them."""
        deadline = time.monotonic() + timeout
        with self._lock:
            start = getattr(self, "_seen", 0)
            while len(self.received) < start + count:
                left = deadline - time.monotonic()
                if left <= 0:
                    tail = "\n".join(self.output[-20:])
                    raise AssertionError(
                        f"expected {count} SMS from Kannel, got {len(self.received) - start}\n"
                        f"fakesmsc:\n{tail}\n{self.kannel.logs()}"
                    )
                self._lock.wait(left)
            self._seen = start + count
            return self.received[start : start + count]

    def hang_up(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
