"""API keys (apps, Open311 clients) and bearer tokens (signed-in people): only hashes are stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from aduan.channels.models import ApiKey, ApiToken

TOKEN_LIFETIME = timedelta(days=30)
LAST_USED_PRECISION = timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def seal_key(key: ApiKey) -> str:
    """Give an unsaved key its secret; returns the secret, which is shown once and never stored."""
    secret = "adk_" + secrets.token_urlsafe(30)
    key.prefix = secret[4:12]
    key.key_hash = _hash(secret)
    return secret


def create_key(name: str, institution=None) -> tuple[ApiKey, str]:
    key = ApiKey(name=name, institution=institution)
    secret = seal_key(key)
    key.save()
    return key, secret


def check_key(secret: str | None) -> ApiKey | None:
    if not secret:
        return None
    key = ApiKey.objects.select_related("institution").filter(key_hash=_hash(secret.strip()), active=True).first()
    now = timezone.now()
    if key is not None and (key.last_used_at is None or now - key.last_used_at > LAST_USED_PRECISION):
        # At most one write a minute per key: a write per request would queue every app request on
        # SQLite's single write lock.
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key


def create_token(user, name: str = "") -> tuple[ApiToken, str]:
    secret = "adt_" + secrets.token_urlsafe(30)
    token = ApiToken.objects.create(
        user=user, key_hash=_hash(secret), name=name[:100], expires_at=timezone.now() + TOKEN_LIFETIME
    )
    return token, secret


def check_token(secret: str | None) -> ApiToken | None:
    if not secret:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(secret.strip())).first()
    if token is None or not token.user.is_active:
        return None
    if token.expires_at is not None and token.expires_at <= timezone.now():
        return None
    return token
