"""What an SMS asks for (DESIGN §7): any text is a new report; `INFO <code>` / `STATUS <code>` asks for its
status; `BALAS <code> <text>` / `REPLY <code> <text>` is the reporter's reply. Keywords in any case.

Pure parsing, no database. Kannel's `%a` has already folded runs of blanks into one space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aduan.core import trackcode

KEYWORDS = {"INFO": "info", "STATUS": "info", "BALAS": "reply", "REPLY": "reply"}
# Leading words a reporter may put before a new report's text (any case): hide my identity / the whole report.
FLAGS = {"ANONIM": "anonymous", "RAHASIA": "confidential"}
TITLE_LENGTH = 60
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Command:
    # "report" (a new report), "info", "reply", "empty" (nothing said) or "usage" (a keyword without a code)
    kind: str
    code: str = ""
    text: str = ""
    keyword: str = ""
    anonymous: bool = False
    confidential: bool = False


def clean(text: str) -> str:
    """Blanks folded to one space, control characters dropped (a phone may send a stray NUL or ESC)."""
    return " ".join(_CONTROL.sub(" ", text or "").split())


def parse(text: str) -> Command:
    text = clean(text)
    if not text:
        return Command("empty")
    words = text.split(" ")
    head = words[0].upper().rstrip(":.,;")
    if head in KEYWORDS:
        kind = KEYWORDS[head]
        if len(words) == 1:
            return Command("usage", keyword=head)
        code, rest = _code(words[1:])
        if code is not None:
            return Command(kind, code=code, text=" ".join(rest), keyword=head)
        if kind == "reply":
            return Command("usage", keyword=head)
        # "Info jalan rusak di ..." is not a status request: it is a report that begins with "Info".
    return _report(words)


def _code(words: list[str]) -> tuple[str | None, list[str]]:
    """A tracking code typed as one word (K7M4-Q2X9, k7m4q2x9) or as two halves (K7M4 Q2X9)."""
    code = trackcode.normalize(words[0])
    if code is not None:
        return code, words[1:]
    if len(words) >= 2 and len(words[0]) == 4 and len(words[1]) == 4:
        code = trackcode.normalize(words[0] + words[1])
        if code is not None:
            return code, words[2:]
    return None, words


def _report(words: list[str]) -> Command:
    flags: set[str] = set()
    while len(words) > 1 and words[0].upper().rstrip(":.,;") in FLAGS:
        flags.add(FLAGS[words.pop(0).upper().rstrip(":.,;")])
    return Command(
        "report",
        text=" ".join(words),
        anonymous="anonymous" in flags,
        confidential="confidential" in flags,
    )


def title_of(text: str, limit: int = TITLE_LENGTH) -> str:
    """The first words of the text, cut at a word boundary, with an ellipsis when there is more."""
    text = clean(text)
    if len(text) <= limit:
        return text
    title = ""
    for word in text.split(" "):
        longer = f"{title} {word}".strip()
        if len(longer) > limit - 1:
            break
        title = longer
    return (title or text[: limit - 1]).rstrip(" ,.;:-") + "…"


def parse_report(text: str) -> Command:
    """The text as a new report, whatever its first word."""
    return _report(clean(text).split(" ") or [""])
