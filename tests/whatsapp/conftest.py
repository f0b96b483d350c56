"""Fixtures for the WhatsApp tests: the fake Graph API, signed webhook posts, payload builders."""

from __future__ import annotations

import hashlib
import hmac
import io
import itertools
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from .fake_graph import GraphState, start

APP_SECRET = "rahasia-aplikasi-meta"
VERIFY_TOKEN = "token-verifikasi-aduan"
PHONE_NUMBER_ID = "106540352242922"
WA_ID = "6281234567890"
URL = "/channels/whatsapp/webhook"
_ids = itertools.count(1)


@pytest.fixture
def graph(settings: Any) -> Iterator[GraphState]:
    state = GraphState(token="EAAG-token-uji", phone_number_id=PHONE_NUMBER_ID)
    server = start(state)
    settings.ADUAN_WHATSAPP_API_BASE = state.base
    settings.ADUAN_WHATSAPP_TOKEN = state.token
    settings.ADUAN_WHATSAPP_PHONE_NUMBER_ID = PHONE_NUMBER_ID
    settings.ADUAN_WHATSAPP_APP_SECRET = APP_SECRET
    settings.ADUAN_WHATSAPP_VERIFY_TOKEN = VERIFY_TOKEN
    settings.ADUAN_WHATSAPP_TEMPLATE = ""
    yield state
    server.shutdown()
    server.server_close()


def sign(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def notification(messages: list[dict] | None = None, statuses: list[dict] | None = None, name: str = "Siti") -> bytes:
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "6281100001111", "phone_number_id": PHONE_NUMBER_ID},
    }
    if messages:
        value["contacts"] = [{"profile": {"name": name}, "wa_id": m["from"]} for m in messages]
        value["messages"] = messages
    if statuses:
        value["statuses"] = statuses
    payload = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"value": value, "field": "messages"}]}],
    }
    return json.dumps(payload).encode()


def message(kind: str, content: dict[str, Any], sender: str = WA_ID, msg_id: str | None = None) -> dict[str, Any]:
    return {
        "from": sender,
        "id": msg_id or f"wamid.IN{next(_ids):08d}",
        "timestamp": "1750857384",
        "type": kind,
        kind: content,
    }


def text(body: str, sender: str = WA_ID) -> dict[str, Any]:
    return message("text", {"body": body}, sender)


def post(client: Client, body: bytes, signature: str | None = None):
    return client.post(
        URL,
        data=body,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=sign(body) if signature is None else signature,
    )


def say(client: Client, *messages: dict[str, Any], name: str = "Siti"):
    response = post(client, notification(list(messages), name=name))
    assert response.status_code == 200
    return response


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format="JPEG")
    return out.getvalue()
