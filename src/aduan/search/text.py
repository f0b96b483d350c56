"""Indonesian text as search sees it: words, stopwords dropped, stems — the same on every database.

Text is normalised in Python before it is indexed and before a query is run, so PostgreSQL and SQLite
index and look up exactly the same terms: lowercase, accents dropped, reduplication split
("berlubang-lubang" → "berlubang lubang"), stopwords (data/stopwords-id.txt) dropped, and each word
reduced to its stem by Sastrawi's dictionary-based stemmer ("jalanan" → "jalan", "berlubang" → "lubang").
A term is `[0-9a-z]+`, so it can be put in a tsquery or an FTS5 query without escaping anything.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 12
MAX_WORD = 40  # longer "words" (pasted links, garbage) are cut: a term never grows without bound
SNIPPET_WORDS = 28

# A word as people write it, hyphenated parts included ("KTP-el", "berlubang-lubang"); apostrophes and
# the placeholders of redaction ("[nama disembunyikan]") are not words to search for.
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,60}\]")
APOSTROPHE = re.compile(r"(?<=\w)['’`](?=\w)")
NOT_ASCII_WORD = re.compile(r"[^0-9a-z]")
DATA = Path(__file__).resolve().parent / "data"


class QueryError(ValueError):
    """A query that cannot be searched; the message says why, in Indonesian."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@cache
def stopwords() -> frozenset[str]:
    words: set[str] = set()
    for line in (DATA / "stopwords-id.txt").read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip().lower()
        if word:
            words.add(word)
            words.update(part for part in word.split("-") if part)
    return frozenset(words)


@cache
def _stemmer():  # Sastrawi has no type hints
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer(isDev=False)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of one lowercase word (cached: a language has far fewer words than a corpus has)."""
    if word.isdigit() or len(word) <= 3:
        return word
    return _stemmer().stem(word) or word


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _words(text: str) -> Iterator[str]:
    """Lowercase ASCII words of a text, hyphenated words split into their parts."""
    text = APOSTROPHE.sub("", PLACEHOLDER.sub(" ", _fold(text)))
    for match in WORD.finditer(text):
        for part in match.group().split("-"):
            word = part if part.isascii() else NOT_ASCII_WORD.sub("", part)
            word = word[:MAX_WORD]
            if word:
                yield word


def terms(text: str) -> list[str]:
    """The searchable terms of a text, in order (repeats kept: they count for ranking)."""
    stop = stopwords()
    return [stem(word) for word in _words(text) if word not in stop]


def index_text(text: str) -> str:
    return " ".join(terms(text))


@dataclass(frozen=True)
class Query:
    """A parsed query: every `include` term must be in a report, no `exclude` term may be."""

    text: str
    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    dropped: int = 0  # terms beyond MAX_QUERY_TERMS, left out

    @property
    def stems(self) -> frozenset[str]:
        return frozenset(self.include)


def parse(raw: str) -> Query:
    """Read a query as people type it into a search box: words that must all be there, `-word` for a word
    that must not. Raises QueryError with an Indonesian message when nothing searchable is left."""
    text = " ".join((raw or "").split())
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            _("Kata kunci paling panjang %(max)d karakter (yang dikirim %(n)d).")
            % {"max": MAX_QUERY_CHARS, "n": len(text)},
            "query_too_long",
        )
    include: list[str] = []
    exclude: list[str] = []
    had_words = False
    for chunk in text.replace('"', " ").split():
        negative = chunk.startswith("-") and len(chunk) > 1
        found = terms(chunk[1:] if negative else chunk)
        had_words = had_words or any(True for _word in _words(chunk))
        target = exclude if negative else include
        for term in found:
            if term not in target:
                target.append(term)
    if not include:
        if exclude:
            raise QueryError(
                _("Tulis paling sedikit satu kata yang dicari, bukan hanya kata yang dikecualikan (-kata)."),
                "query_only_excluded",
            )
        if had_words:
            raise QueryError(
                _(
                    "Kata kunci hanya berisi kata umum (seperti “yang”, “di”, “dan”) yang tidak dicari. "
                    "Tulis kata yang lebih khusus, misalnya “jalan rusak” atau “puskesmas”."
                ),
                "query_only_stopwords",
            )
        raise QueryError(_("Kata kunci harus berisi huruf atau angka."), "query_no_words")
    dropped = max(0, len(include) - MAX_QUERY_TERMS)
    return Query(
        text=text,
        include=tuple(include[:MAX_QUERY_TERMS]),
        exclude=tuple(t for t in exclude if t not in include)[:MAX_QUERY_TERMS],
        dropped=dropped,
    )


# --- highlights (of the public text only: callers pass visibility.public_text) ---


@lru_cache(maxsize=50_000)
def _token_stems(token: str) -> frozenset[str]:
    """The stems of one written word (its hyphenated parts), stopwords left out."""
    return frozenset(terms(token))


def _marked(text: str, stems: frozenset[str]) -> Iterator[tuple[str, bool]]:
    """The text cut into (piece, is_match) pieces, words matched by stem."""
    last = 0
    for match in WORD.finditer(text):
        if not _token_stems(match.group()).isdisjoint(stems):
            if match.start() > last:
                yield text[last : match.start()], False
            yield match.group(), True
            last = match.end()
    if last < len(text):
        yield text[last:], False


def _render(pieces: Iterable[tuple[str, bool]]) -> SafeString:
    return mark_safe("".join(f"<mark>{escape(p)}</mark>" if hit else str(escape(p)) for p, hit in pieces))  # noqa: S308


def highlight(text: str, stems: Iterable[str]) -> SafeString:
    """The whole text, HTML-escaped, with the words matching the query's stems in <mark>."""
    return _render(_marked(text, frozenset(stems)))


def snippet(text: str, stems: Iterable[str], words: int = SNIPPET_WORDS) -> SafeString:
    """About `words` words of the text around its first match (or its start), escaped and highlighted."""
    wanted = frozenset(stems)
    spans = [m.span() for m in WORD.finditer(text)]
    if not spans:
        return mark_safe("")
    first = 0
    for i, (start, end) in enumerate(spans):
        if not _token_stems(text[start:end]).isdisjoint(wanted):
            first = i
            break
    begin = max(0, min(first - words // 3, len(spans) - words))
    end = min(len(spans), begin + words)
    start_char = 0 if begin == 0 else spans[begin][0]
    end_char = len(text) if end == len(spans) else spans[end - 1][1]
    body = _render(_marked(text[start_char:end_char], wanted))
    prefix = "… " if start_char > 0 else ""
    suffix = " …" if end_char < len(text) else ""
    return mark_safe(f"{prefix}{body}{suffix}")  # noqa: S308
