"""Encryption at rest and blind indexes for reporters' identity (DESIGN §4).

Values are encrypted with Fernet (AES-128-CBC + HMAC) under keys derived from ADUAN_IDENTITY_KEYS;
MultiFernet lets operators rotate keys. A blind index is an HMAC of the normalised value under a separate
derived key, so a reply by SMS or WhatsApp can be matched to its sender without decrypting anything.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


def _derive(secret: str, purpose: str) -> bytes:
    return hashlib.sha256(f"aduan:{purpose}:{secret}".encode()).digest()


@cache
def _fernet() -> MultiFernet:
    keys = [Fernet(base64.urlsafe_b64encode(_derive(k, "identity-encryption"))) for k in settings.IDENTITY_KEYS]
    return MultiFernet(keys)


@cache
def _index_key() -> bytes:
    return _derive(settings.IDENTITY_KEYS[0], "blind-index")


def encrypt_json(data: dict[str, Any]) -> str:
    return _fernet().encrypt(json.dumps(data, ensure_ascii=False).encode()).decode()


def decrypt_json(token: str) -> dict[str, Any]:
    if not token:
        return {}
    return json.loads(_fernet().decrypt(token.encode()))


def blind_index(kind: str, value: str) -> str:
    """HMAC-SHA256 of an already normalised value, namespaced by kind (phone, email, nik, x, …)."""
    return hmac.new(_index_key(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def pseudonym(seed: str) -> str:
    """A stable, non-reversible short label for an anonymous reporter on one report."""
    digest = hmac.new(_index_key(), f"pseudonym:{seed}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:5]).decode()[:6]
