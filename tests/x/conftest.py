"""Fixtures for the X tests: the fake X API v2, signed Account Activity deliveries, post builders."""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from .fake_x import XState, start

CONSUMER_SECRET = "rahasia-konsumen-x"
ACCOUNT_ID = "1500000000000000001"
ACCOUNT = "AduanKabPekalongan"
AUTHOR_ID = "2244994945"
AUTHOR = {"id": AUTHOR_ID, "name": "Budi Santoso", "username": "budisantoso_pkl"}
URL = "/channels/x/webhook"
_ids = itertools.count(1)


@pytest.fixture
def xapi(settings: Any) -> Iterator[XState]:
    state = XState(
        consumer_key="kunci-konsumen",
        consumer_secret=CONSUMER_SECRET,
        access_token="1500000000000000001-tokenakses",
        access_secret="rahasia-token-akses",
        bearer="AAAA-bearer-aplikasi",
        account_id=ACCOUNT_ID,
        account_name=ACCOUNT,
        users={AUTHOR_ID: AUTHOR},
    )
    server = start(state)
    settings.ADUAN_X_API_BASE = state.base
    settings.ADUAN_X_CONSUMER_KEY = state.consumer_key
    settings.ADUAN_X_CONSUMER_SECRET = CONSUMER_SECRET
    settings.ADUAN_X_ACCESS_TOKEN = state.access_token
    settings.ADUAN_X_ACCESS_TOKEN_SECRET = state.access_secret
    settings.ADUAN_X_USER_TOKEN = ""
    settings.ADUAN_X_BEARER_TOKEN = state.bearer
    settings.ADUAN_X_ACCOUNT = "@" + ACCOUNT
    settings.ADUAN_X_USER_ID = ""
    settings.ADUAN_X_HASHTAG = "lapor"
    yield state
    server.shutdown()
    server.server_close()


def signature(body: bytes, secret: str = CONSUMER_SECRET) -> str:
    return "sha256=" + base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def next_id() -> str:
    return str(1800000000000000000 + next(_ids) * 1000)


def v1_post(
    text: str,
    *,
    tags: tuple[str, ...] = ("lapor",),
    mention: bool = True,
    author: dict | None = None,
    post_id: str | None = None,
) -> dict[str, Any]:
    """A post as the Account Activity webhook delivers it (v1.1 shape)."""
    author = author or AUTHOR
    post_id = post_id or next_id()
    return {
        "created_at": "Mon Jun 23 10:00:00 +0000 2025",
        "id": int(post_id),
        "id_str": post_id,
        "text": text,
        "user": {
            "id": int(author["id"]),
            "id_str": author["id"],
            "name": author["name"],
            "screen_name": author["username"],
        },
        "entities": {
            "hashtags": [{"text": t, "indices": [0, 1]} for t in tags],
            "user_mentions": [
                {
                    "id": int(ACCOUNT_ID),
                    "id_str": ACCOUNT_ID,
                    "screen_name": ACCOUNT,
                    "name": "Aduan",
                    "indices": [0, 1],
                }
            ]
            if mention
            else [],
            "urls": [],
        },
    }


def v2_post(
    text: str, *, tags: tuple[str, ...] = ("lapor",), author_id: str = AUTHOR_ID, post_id: str | None = None
) -> dict[str, Any]:
    """A post as the v2 mentions timeline returns it."""
    post_id = post_id or next_id()
    return {
        "id": post_id,
        "text": text,
        "author_id": author_id,
        "edit_history_tweet_ids": [post_id],
        "entities": {
            "hashtags": [{"start": 0, "end": 1, "tag": t} for t in tags],
            "mentions": [{"start": 0, "end": 1, "username": ACCOUNT, "id": ACCOUNT_ID}],
        },
    }


def deliver(client: Client, *events: dict[str, Any], sign_with: str | None = None, body: bytes | None = None):
    body = (
        body
        if body is not None
        else json.dumps({"for_user_id": ACCOUNT_ID, "tweet_create_events": list(events)}).encode()
    )
    header = signature(body, sign_with) if sign_with else signature(body)
    return client.post(URL, data=body, content_type="application/json", HTTP_X_TWITTER_WEBHOOKS_SIGNATURE=header)
