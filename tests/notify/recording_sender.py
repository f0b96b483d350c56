"""A sender for the worker tests, loaded into `aduan worker` subprocesses through ADUAN_SENDER_MODULES.

It stands in for a gateway only to test the worker's claiming and leasing: each channel's own tests
deliver through the real gateway (Kannel, SMTP) or the documented fake (X, WhatsApp).
With RECORD_STUCK set, the first delivery announces itself and then hangs, so the test can kill the worker.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from aduan.notify.senders import Outgoing, register


@register("sms")
def record(message: Outgoing) -> str:
    log = Path(os.environ["RECORD_FILE"])
    if os.environ.get("RECORD_STUCK"):
        with log.open("a") as out:
            out.write(f"stuck {message.notification.pk}\n")
        time.sleep(3600)
    with log.open("a") as out:
        out.write(f"sent {message.notification.pk} {message.to[0]}\n")
    return f"rec-{message.notification.pk}"
