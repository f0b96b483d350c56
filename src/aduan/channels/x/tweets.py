"""Mentions of the instance's X account with its hashtag become reports; everything else is only kept.

Posts arrive two ways, in two shapes: Account Activity webhooks (`tweet_create_events`, the v1.1 post
object: `id_str`, `text`/`extended_tweet.full_text`, `user.id_str`, `entities.hashtags[].text`,
`entities.user_mentions[].id_str`) and polling of the v2 mentions timeline (`id`, `text`, `author_id`,
`entities.hashtags[].tag`, `entities.mentions[].id`). Both are read into one `Post` and handled alike.
Every post is stored raw under its id before it is read, so a post seen by both ways files one report.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from aduan.channels import immediate, inbound
from aduan.channels.models import InboundMessage
from aduan.channels.x import api
from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.errors import LifecycleError

logger = logging.getLogger("aduan.x")
CHANNEL = "x"
MIN_BODY = 15


@dataclass
class Post:
    id: str
    text: str
    author_id: str
    hashtags: set[str] = field(default_factory=set)
    mention_ids: set[str] = field(default_factory=set)
    mention_names: set[str] = field(default_factory=set)
    repost: bool = False


def from_v1(event: dict[str, Any]) -> Post:
    """A post of the Account Activity webhook (v1.1 shape)."""
    extended = event.get("extended_tweet") or {}
    entities = extended.get("entities") or event.get("entities") or {}
    return Post(
        id=str(event["id_str"]),
        text=str(extended.get("full_text") or event.get("full_text") or event.get("text") or ""),
        author_id=str((event.get("user") or {})["id_str"]),
        hashtags={str(h.get("text", "")).lower() for h in entities.get("hashtags") or []},
        mention_ids={str(m.get("id_str", "")) for m in entities.get("user_mentions") or []},
        mention_names={str(m.get("screen_name", "")).lower() for m in entities.get("user_mentions") or []},
        repost="retweeted_status" in event,
    )


def from_v2(item: dict[str, Any]) -> Post:
    """A post of the v2 mentions timeline."""
    entities = item.get("entities") or {}
    return Post(
        id=str(item["id"]),
        text=str(item.get("text") or ""),
        author_id=str(item["author_id"]),
        hashtags={str(h.get("tag", "")).lower() for h in entities.get("hashtags") or []},
        mention_ids={str(m.get("id", "")) for m in entities.get("mentions") or []},
        mention_names={str(m.get("username", "")).lower() for m in entities.get("mentions") or []},
        repost=any(r.get("type") == "retweeted" for r in item.get("referenced_tweets") or []),
    )


def account_name() -> str:
    return settings.ADUAN_X_ACCOUNT.strip().lstrip("@").lower()


def hashtag() -> str:
    return settings.ADUAN_X_HASHTAG.strip().lstrip("#").lower()


def is_report(post: Post, account_id: str) -> bool:
    """A post by someone else that mentions our account and carries our hashtag (not a repost)."""
    if post.repost or (account_id and post.author_id == account_id):
        return False
    mentioned = (account_id and account_id in post.mention_ids) or (account_name() in post.mention_names)
    return bool(mentioned) and hashtag() in post.hashtags


def clean_text(text: str) -> str:
    """The complaint without the leading @mentions, our hashtag and shortened links to attached media."""
    text = re.sub(r"^(\s*@\w+)+", "", text)
    text = re.sub(rf"#{re.escape(hashtag())}\b", "", text, flags=re.IGNORECASE)
    text = re.sub(r"https://t\.co/\w+\s*$", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def title_of(body: str) -> str:
    first = re.split(r"(?<=[.!?])\s", body, maxsplit=1)[0]
    if len(first) <= 80:
        return first
    return (first[:80].rsplit(" ", 1)[0] or first[:80]) + "…"


def handle(post: Post, raw: dict[str, Any], account_id: str) -> str:
    """Store and handle one post. Returns what happened: duplicate, ignored, rejected or report."""
    account = inbound.account_for(CHANNEL, account_id) or inbound.account_for(CHANNEL, account_name())
    received = inbound.store(CHANNEL, post.id, raw, sender=post.author_id, account=account)
    if received.duplicate:
        return "duplicate"
    message = received.message
    if not is_report(post, account_id):
        inbound.finish(message, InboundMessage.State.PROCESSED, result="ignored")
        return "ignored"
    body = clean_text(post.text)
    if len(body) < MIN_BODY:
        inbound.finish(message, InboundMessage.State.REJECTED, result="too_short")
        # A public hint, with nothing of the post in it.
        _public_reply(
            _("Mohon tuliskan isi laporan Anda lebih lengkap bersama #%(tag)s, atau lapor di %(url)s")
            % {"tag": settings.ADUAN_X_HASHTAG.lstrip("#"), "url": f"{settings.BASE_URL}/lapor/"},
            post.id,
        )
        return "rejected"
    institution = account.institution if account else None
    try:
        submission = lifecycle.submit(
            Actor.channel(CHANNEL, institution),
            classification="complaint",
            title=title_of(body),
            body=body,
            channel=CHANNEL,
            sender=post.author_id,
            intake_institution=institution,
        )
    except LifecycleError as exc:
        inbound.finish(message, InboundMessage.State.REJECTED, result=f"submit_{exc.code}", error=exc.detail)
        return "rejected"
    inbound.finish(message, InboundMessage.State.PROCESSED, result="report", report=submission.report)
    # The tracking code goes out as the report's own `submitted` notification, posted now as a reply.
    immediate.deliver_now(submission.report, CHANNEL)
    return "report"


def _public_reply(text: str, post_id: str) -> None:
    if not api.can_post():
        return
    try:
        api.post_reply(text, post_id)
    except api.XError:
        logger.warning("x: a hint reply could not be posted", exc_info=True)
