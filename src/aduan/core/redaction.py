"""Redaction of personal data from text that leaves the handlers (DESIGN §4)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# NIK: 16 digits, sometimes written in groups.
_NIK = re.compile(r"(?<!\d)(?:\d[ .-]?){15}\d(?!\d)")
# Indonesian phone numbers as people write them: 08…, 628…, +62 8…, (021) …, with spaces or dashes.
_PHONE = re.compile(r"(?<![\w])(?:\+?62|0)[\s.-]?\(?\d{2,4}\)?(?:[\s.-]?\d{2,5}){2,4}(?!\d)")


def redact(text: str, known: Iterable[str] = ()) -> str:
    """Mask e-mail addresses, NIK numbers, phone numbers and the given known strings (e.g. a name)."""
    if not text:
        return text
    # Labels are translated only when something matched, and a known string is looked for with a regular
    # expression only when it can occur: for ASCII text and value, a case-insensitive substring test is
    # exactly what the pattern would match. (Exports redact every public report: this is their hot path.)
    result = _EMAIL.sub(lambda _m: _("[email disembunyikan]"), text)
    result = _NIK.sub(lambda _m: _("[NIK disembunyikan]"), result)
    result = _PHONE.sub(lambda _m: _("[nomor telepon disembunyikan]"), result)
    for raw in known:
        value = raw.strip()
        if len(value) < 3:
            continue
        if value.isascii() and result.isascii() and value.lower() not in result.lower():
            continue
        result = re.sub(re.escape(value), _("[nama disembunyikan]"), result, flags=re.IGNORECASE)
    return result
