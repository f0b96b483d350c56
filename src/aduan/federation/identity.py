"""This instance's federation identity: a name and an Ed25519 key pair.

The private key is kept in the database, sealed with `core.crypto` (Fernet under keys derived from
ADUAN_IDENTITY_KEYS), not in a file: every web and worker process of an instance — on several machines at
scale (DESIGN §5) — signs with it, the database is what they already share and back up, and the keys that
protect reporters' identities protect it too (rotation included). A copy of the database without the
instance's secret keys gives no signing key.
"""

from __future__ import annotations

import base64
import binascii
from functools import lru_cache

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from django.db import transaction

from aduan.core import crypto
from aduan.federation.models import LocalInstance


class NotInitialised(Exception):
    """`aduan federation init` has not been run on this instance."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def public_key_text(key: Ed25519PublicKey) -> str:
    return b64(key.public_bytes(Encoding.Raw, PublicFormat.Raw))


def load_public_key(text: str) -> Ed25519PublicKey:
    """A peer's public key from its base64 text (32 raw bytes); ValueError if it is not one."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("public key is not base64") from exc
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


def init(name: str, *, force: bool = False) -> LocalInstance:
    """Create this instance's identity (or replace it with `force`: peers must then learn the new key)."""
    private = Ed25519PrivateKey.generate()
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    with transaction.atomic():
        existing = LocalInstance.objects.select_for_update().first()
        if existing is not None and not force:
            raise FileExistsError(existing.name)
        LocalInstance.objects.all().delete()
        local = LocalInstance.objects.create(
            name=name,
            public_key=public_key_text(private.public_key()),
            sealed_private_key=crypto.encrypt_json({"ed25519": b64(raw)}),
        )
    forget()
    return local


@lru_cache(maxsize=1)
def _loaded() -> tuple[str, Ed25519PrivateKey, str]:
    local = LocalInstance.objects.first()
    if local is None:
        raise NotInitialised
    raw = base64.b64decode(crypto.decrypt_json(local.sealed_private_key)["ed25519"])
    return local.name, Ed25519PrivateKey.from_private_bytes(raw), local.public_key


def forget() -> None:
    """Drop the cached identity (after init, and between tests)."""
    _loaded.cache_clear()


def name() -> str:
    return _loaded()[0]


def private_key() -> Ed25519PrivateKey:
    return _loaded()[1]


def public_key() -> str:
    return _loaded()[2]


def initialised() -> bool:
    try:
        _loaded()
    except NotInitialised:
        return False
    return True
