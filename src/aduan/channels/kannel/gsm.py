"""GSM 03.38: which texts fit the 7-bit default alphabet, and how many SMS parts a text takes.

A text with any character outside GSM-7 (an em dash, a check mark, Arabic, an emoji) must go out as UCS-2
(`coding=2&charset=UTF-8` on Kannel's sendsms, `X-Kannel-Coding: 2` on a reply): otherwise Kannel turns
each such character into "?". UCS-2 parts hold 70 characters instead of 160.
"""

from __future__ import annotations

# The basic character set (one septet each) and the extension table (escape + one septet: two each).
BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
EXTENSION = frozenset("^{}\\[~]|€\f")

GSM_SINGLE, GSM_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


def is_gsm7(text: str) -> bool:
    return all(ch in BASIC or ch in EXTENSION for ch in text)


def septets(text: str) -> int:
    return sum(2 if ch in EXTENSION else 1 for ch in text)


def ucs2_units(text: str) -> int:
    """UTF-16 code units: a character outside the BMP (most emoji) takes two."""
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)


def parts(text: str) -> int:
    """How many SMS a text needs when sent concatenated."""
    if is_gsm7(text):
        size, single, part = septets(text), GSM_SINGLE, GSM_PART
    else:
        size, single, part = ucs2_units(text), UCS2_SINGLE, UCS2_PART
    if size <= single:
        return 1
    return -(-size // part)


def fit(text: str, max_messages: int) -> str:
    """The text cut (with an ellipsis) to fit `max_messages` concatenated SMS, so the gateway never cuts it."""
    if max_messages <= 0 or parts(text) <= max_messages:
        return text
    gsm = is_gsm7(text)
    ellipsis = "..." if gsm else "…"
    capacity = (GSM_SINGLE if gsm else UCS2_SINGLE) if max_messages == 1 else (GSM_PART if gsm else UCS2_PART)
    capacity *= max_messages if max_messages > 1 else 1
    measure = septets if gsm else ucs2_units
    budget = capacity - measure(ellipsis)
    cut = []
    used = 0
    for ch in text:
        cost = measure(ch)
        if used + cost > budget:
            break
        cut.append(ch)
        used += cost
    return "".join(cut).rstrip() + ellipsis
