"""Polling mode: read the account's mentions timeline (`GET /2/users/:id/mentions`) since the newest post
already stored, and handle each new mention like a webhook event. Safe to run from several workers:
every post is stored once under its id, so a post read twice files one report."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from functools import cache

from django.conf import settings
from django.db import close_old_connections

from aduan.channels.models import InboundMessage
from aduan.channels.x import api, tweets

logger = logging.getLogger("aduan.x")
MAX_PAGES = 10


@cache
def _resolved_id(username: str) -> str:
    return api.user_id_of(username)


def account_id() -> str:
    if settings.ADUAN_X_USER_ID:
        return settings.ADUAN_X_USER_ID
    if not settings.ADUAN_X_ACCOUNT:
        raise api.XError("set ADUAN_X_USER_ID or ADUAN_X_ACCOUNT")
    return _resolved_id(settings.ADUAN_X_ACCOUNT)


def since_id() -> str:
    """The newest post id stored for this channel (ids are numbers that grow with time)."""
    recent = (
        InboundMessage.objects.filter(channel="x")
        .exclude(external_id__startswith="malformed:")
        .order_by("-received_at")
        .values_list("external_id", flat=True)[:500]
    )
    numbers = [int(i) for i in recent if i.isdigit()]
    return str(max(numbers)) if numbers else ""


def poll_once() -> Counter[str]:
    """Fetch and handle new mentions. Returns counts by outcome (report, ignored, duplicate, rejected)."""
    outcomes: Counter[str] = Counter()
    me = account_id()
    newest = since_id()
    items: list[dict] = []
    users: dict[str, dict] = {}
    token = ""
    for _page in range(MAX_PAGES):
        answer = api.mentions(me, since_id=newest, pagination_token=token)
        items.extend(answer.get("data") or [])
        for user in (answer.get("includes") or {}).get("users") or []:
            users[str(user.get("id"))] = user
        token = (answer.get("meta") or {}).get("next_token") or ""
        if not token:
            break
    # Oldest first, so the stored since_id only moves forward as posts are handled.
    for item in sorted(items, key=lambda i: int(str(i.get("id", "0"))) if str(i.get("id", "")).isdigit() else 0):
        try:
            post = tweets.from_v2(item)
        except (KeyError, TypeError, AttributeError):
            logger.warning("x: a malformed mention was skipped")
            outcomes["rejected"] += 1
            continue
        raw = {"post": item, "author": users.get(post.author_id, {})}
        outcomes[tweets.handle(post, raw, me)] += 1
    return outcomes


def poll_loop(stop: threading.Event, interval: int | None = None) -> None:
    """For a worker thread: poll every ADUAN_X_POLL_INTERVAL seconds while a bearer token is set."""
    wait = interval or settings.ADUAN_X_POLL_INTERVAL
    while not stop.is_set():
        if api.can_poll():
            try:
                counts = poll_once()
                if counts:
                    logger.info("x poll: %s", dict(counts))
            except api.XError as exc:
                logger.warning("x poll failed: %s", exc)
            except Exception:
                logger.exception("x poll failed")
            finally:
                close_old_connections()
        stop.wait(wait)
