"""`aduan smtpd` as an operator runs it: a process that answers SMTP and stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import smtplib
import subprocess
import sys
import time
from pathlib import Path

from email_support import free_port


def test_aduan_smtpd_serves_and_stops(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "ADUAN_VAR_DIR": str(tmp_path),
        "ADUAN_REPORT_EMAIL": "lapor@aduan.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'kosong.sqlite3'}",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "aduan", "smtpd", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        banner = ""
        for _ in range(150):
            try:
                with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
                    code, banner_bytes = client.ehlo()
                    banner = banner_bytes.decode()
                    assert code == 250
                    # The instance's own address is accepted without a database look-up.
                    assert client.mail("budi@warga.test")[0] == 250
                    assert client.rcpt("lapor@aduan.test")[0] == 250
                    client.rset()
                break
            except ConnectionRefusedError:
                time.sleep(0.1)
        assert "SIZE" in banner
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert f"127.0.0.1:{port}" in output
