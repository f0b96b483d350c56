"""Normalising Indonesian phone numbers: 0812…, 62812… and +62812… are one reporter."""

from __future__ import annotations

import phonenumbers


def normalize_phone(raw: str, region: str = "ID") -> str | None:
    """E.164 form (+62812…) of a phone number, or None when it is not a possible number."""
    text = (raw or "").strip()
    if not text:
        return None
    if text.startswith("62") and not text.startswith("+"):
        text = "+" + text
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
