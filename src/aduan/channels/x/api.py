"""A small X API v2 client (standard library only): post a reply, read mentions, sign requests.

Posting (`POST /2/tweets`) acts as the instance's account: OAuth 1.0a user context (consumer key and secret
plus the account's access token and secret, which don't expire) or, if given instead, an OAuth 2.0 user
access token. Reading mentions (`GET /2/users/:id/mentions`) uses the app's bearer token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings

TIMEOUT = 15


class XError(Exception):
    def __init__(self, message: str, *, status: int = 0, temporary: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.temporary = temporary


def _quote(value: str) -> str:
    return urllib.parse.quote(value, safe="~")


def oauth1_header(method: str, url: str, query: dict[str, str] | None = None) -> str:
    """RFC 5849 HMAC-SHA1 signature; a JSON body is not part of the signature base string."""
    oauth = {
        "oauth_consumer_key": settings.ADUAN_X_CONSUMER_KEY,
        "oauth_nonce": secrets.token_hex(16),
        "oauth_signature_method": "HMAC-SHA1",
        "oauth_timestamp": str(int(time.time())),
        "oauth_token": settings.ADUAN_X_ACCESS_TOKEN,
        "oauth_version": "1.0",
    }
    params = {**(query or {}), **oauth}
    normalized = "&".join(f"{_quote(k)}={_quote(v)}" for k, v in sorted((k, str(v)) for k, v in params.items()))
    base = "&".join([method.upper(), _quote(url), _quote(normalized)])
    key = f"{_quote(settings.ADUAN_X_CONSUMER_SECRET)}&{_quote(settings.ADUAN_X_ACCESS_TOKEN_SECRET)}"
    oauth["oauth_signature"] = base64.b64encode(hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()).decode()
    return "OAuth " + ", ".join(f'{_quote(k)}="{_quote(v)}"' for k, v in sorted(oauth.items()))


def can_post() -> bool:
    oauth1 = all(
        (
            settings.ADUAN_X_CONSUMER_KEY,
            settings.ADUAN_X_CONSUMER_SECRET,
            settings.ADUAN_X_ACCESS_TOKEN,
            settings.ADUAN_X_ACCESS_TOKEN_SECRET,
        )
    )
    return oauth1 or bool(settings.ADUAN_X_USER_TOKEN)


def can_poll() -> bool:
    return bool(settings.ADUAN_X_BEARER_TOKEN)


def _call(request: urllib.request.Request) -> dict[str, Any]:
    try:
        # Every URL starts with the configured ADUAN_X_API_BASE (https by default).
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        try:
            detail = json.loads(exc.read() or b"{}")
        except ValueError:
            detail = {}
        text = detail.get("detail") or detail.get("title") or json.dumps(detail.get("errors", ""))[:300]
        raise XError(
            f"X API {exc.code}: {text}", status=exc.code, temporary=exc.code >= 500 or exc.code == 429
        ) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise XError(f"X API unreachable: {exc}", temporary=True) from exc
    except ValueError as exc:
        raise XError("X API answered with something that is not JSON", temporary=True) from exc


def post_reply(text: str, in_reply_to: str) -> str:
    """Post `text` as a reply to a post; returns the new post's id."""
    url = f"{settings.ADUAN_X_API_BASE}/2/tweets"
    body: dict[str, Any] = {"text": text}
    if in_reply_to:
        body["reply"] = {"in_reply_to_tweet_id": in_reply_to}
    auth = oauth1_header("POST", url) if settings.ADUAN_X_ACCESS_TOKEN else f"Bearer {settings.ADUAN_X_USER_TOKEN}"
    request = urllib.request.Request(  # noqa: S310
        url,
        data=json.dumps(body, ensure_ascii=False).encode(),
        headers={"Authorization": auth, "Content-Type": "application/json"},
        method="POST",
    )
    answer = _call(request)
    try:
        return str(answer["data"]["id"])
    except (KeyError, TypeError) as exc:
        raise XError("X API answered without a post id", temporary=True) from exc


def _get(path: str, query: dict[str, str]) -> dict[str, Any]:
    url = f"{settings.ADUAN_X_API_BASE}{path}?{urllib.parse.urlencode(query)}"
    auth = {"Authorization": f"Bearer {settings.ADUAN_X_BEARER_TOKEN}"}
    request = urllib.request.Request(url, headers=auth)  # noqa: S310
    return _call(request)


def user_id_of(username: str) -> str:
    answer = _get(f"/2/users/by/username/{urllib.parse.quote(username.lstrip('@'))}", {})
    try:
        return str(answer["data"]["id"])
    except (KeyError, TypeError) as exc:
        raise XError(f"X account {username} not found") from exc


def mentions(user_id: str, since_id: str = "", pagination_token: str = "") -> dict[str, Any]:
    query = {
        "max_results": "100",
        "tweet.fields": "author_id,created_at,entities,conversation_id,referenced_tweets",
        "expansions": "author_id",
        "user.fields": "username",
    }
    if since_id:
        query["since_id"] = since_id
    if pagination_token:
        query["pagination_token"] = pagination_token
    return _get(f"/2/users/{user_id}/mentions", query)
