"""A real Kannel for the SMS tests, started once per test session (per xdist worker) against the live server.

No skipping: without Debian's kannel and kannel-extras the Kannel tests fail, loudly (.ci/run installs them).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .gateway import Kannel, Phone, missing_binaries


@pytest.fixture(scope="session")
def kannel(live_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kannel]:
    missing = missing_binaries()
    if missing:
        pytest.fail(f"Kannel is not installed ({', '.join(missing)}): apt-get install kannel kannel-extras")
    directory: Path = tmp_path_factory.mktemp("kannel")
    gateway = Kannel.start(directory, live_server.url)
    yield gateway
    gateway.stop()


@pytest.fixture
def through_kannel(kannel: Kannel, live_server: Any, settings: Any) -> Kannel:
    """Aduan configured as an operator would: sendsms through this Kannel, callbacks to the live server."""
    settings.ADUAN_KANNEL_SENDSMS_URL = kannel.sendsms_url
    settings.ADUAN_KANNEL_CALLBACK_URL = live_server.url
    settings.ADUAN_KANNEL_RECEIVE_TOKEN = ""
    settings.ADUAN_KANNEL_ALLOWED_IPS = []
    settings.ADUAN_SMS_NUMBER = "1708"
    settings.BASE_URL = live_server.url
    return kannel


@pytest.fixture
def phone(through_kannel: Kannel) -> Iterator[Phone]:
    handset = Phone(through_kannel)
    yield handset
    handset.hang_up()
