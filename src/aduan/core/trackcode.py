"""Tracking codes: 8 characters of Crockford base32, random, shown as XXXX-XXXX.

Crockford's alphabet leaves out I, L, O and U, so a code read aloud or typed on a phone keypad has no
look-alikes; on input, O is read as 0 and I/L as 1, case and dashes are ignored.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalize(text: str) -> str | None:
    """The canonical form of a typed code, or None when it cannot be one."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_READ_AS)
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return f"{cleaned[:4]}-{cleaned[4:]}"
