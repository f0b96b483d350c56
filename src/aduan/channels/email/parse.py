"""Reading an inbound e-mail with the standard library: who sent it, what it says, what it carries.

Pure functions over bytes: no database, so every rule here is tested without a server.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr

from django.utils.html import strip_tags

from aduan.core import trackcode

# Attachments worth handing to intake (which sniffs the real type and refuses the rest with a message);
# signatures (.p7s), calendar invitations, vCards and forwarded messages are left out quietly.
ATTACHMENT_TYPES = {
    "application/pdf",
    "application/octet-stream",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ATTACHMENT_MAINTYPES = {"image", "video"}

# Subject tags a reporter may use; removed from the title.
TAGS = {
    "ANONIM": "anonymous",
    "ANONYMOUS": "anonymous",
    "RAHASIA": "confidential",
    "CONFIDENTIAL": "confidential",
    "ASPIRASI": "aspiration",
    "ASPIRATION": "aspiration",
    "INFORMASI": "information_request",
    "INFO": "information_request",
    "PENGADUAN": "complaint",
}
_TAG = re.compile(r"\[\s*([A-Za-z]+)\s*\]")
# A tracking code in brackets, with or without its dash: [K7M4-Q2X9], [k7m4q2x9].
_CODE = re.compile(r"\[\s*([0-9A-Za-z]{4})-?([0-9A-Za-z]{4})\s*\]")
_REPLY_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|balas|bls|tr|sv|wg)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)

# Where the quoted original starts in a reply, in the mail programs Indonesians use (Gmail, Outlook,
# Yahoo, Apple Mail, Thunderbird; English and Indonesian).
_QUOTE_STARTS = [
    re.compile(r"^\s*On\b.{0,300}\bwrote:\s*$", re.IGNORECASE | re.DOTALL),
    re.compile(r"^\s*Pada\b.{0,300}\bmenulis:\s*$", re.IGNORECASE | re.DOTALL),
    re.compile(r"^\s*-{2,}\s*(Original Message|Pesan Asli|Forwarded message|Pesan yang diteruskan)", re.IGNORECASE),
    re.compile(r"^\s*_{10,}\s*$"),
]
# Outlook's header block: "From: …" directly followed by "Sent: …" (or its Indonesian form).
_OUTLOOK_FROM = re.compile(r"^\s*\*?(From|Dari)\s*:\*?\s*\S", re.IGNORECASE)
_OUTLOOK_NEXT = re.compile(r"^\s*\*?(Sent|Date|Dikirim|Tanggal|To|Kepada)\s*:", re.IGNORECASE)
_SIGNATURE = re.compile(r"^-- ?$")


@dataclass
class Mail:
    message_id: str
    sender: str  # the From address, lower-case ("" when there is none)
    sender_name: str
    subject: str
    text: str  # the body as plain text, quotes kept
    attachments: list[tuple[str, bytes]] = field(default_factory=list)
    references: list[str] = field(default_factory=list)  # In-Reply-To and References, in that order
    automatic: bool = False  # an auto-reply, a bounce or a list mail: never answered
    auth_results: list[str] = field(default_factory=list)

    @property
    def tags(self) -> set[str]:
        return {TAGS[t.upper()] for t in _TAG.findall(self.subject) if t.upper() in TAGS}

    @property
    def code(self) -> str | None:
        """The tracking code named in the subject, if any."""
        for first, second in _CODE.findall(self.subject):
            if (first + second).upper() in TAGS:
                continue
            code = trackcode.normalize(first + second)
            if code:
                return code
        return None

    @property
    def title(self) -> str:
        """The subject without reply prefixes, tags and code; else the body's first line."""
        title = _CODE.sub(" ", _TAG.sub(lambda m: " " if m.group(1).upper() in TAGS else m.group(0), self.subject))
        title = " ".join(_REPLY_PREFIX.sub("", title).split())
        if len(title) < 3:
            first = next((line.strip() for line in self.body.splitlines() if line.strip()), "")
            title = first
        if len(title) > 200:
            title = title[:199].rstrip() + "…"
        return title

    @property
    def body(self) -> str:
        """The text of a new report: everything but a signature."""
        return strip_signature(self.text)

    @property
    def reply_text(self) -> str:
        """The text of a reply: without the quoted message and the signature."""
        return strip_signature(strip_quoted(self.text))


def external_id(raw: bytes, message_id: str) -> str:
    """The message's own Message-ID, or a hash of its bytes when it has none (a retry is still one message)."""
    return message_id or "sha256:" + hashlib.sha256(raw).hexdigest()


def parse(raw: bytes) -> Mail:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    name, address = parseaddr(_header(message, "From"))
    return Mail(
        message_id=_header(message, "Message-ID").strip()[:200],
        sender=address.strip().lower() if "@" in address else "",
        sender_name=" ".join(name.split())[:120],
        subject=" ".join(_header(message, "Subject").split()),
        text=_text(message),
        attachments=_attachments(message),
        references=_references(message),
        automatic=_is_automatic(message, address),
        auth_results=[str(v) for v in message.get_all("Authentication-Results", [])],
    )


def _header(message: EmailMessage, name: str) -> str:
    try:
        value = message.get(name)
    except (IndexError, ValueError, TypeError):  # a malformed header the parser can't fold
        return ""
    return str(value) if value is not None else ""


def _references(message: EmailMessage) -> list[str]:
    found: list[str] = []
    for name in ("In-Reply-To", "References"):
        found.extend(re.findall(r"<[^<>\s]+>", _header(message, name)))
    return list(dict.fromkeys(found))


def _is_automatic(message: EmailMessage, address: str) -> bool:
    """RFC 3834: never answer an automatic message, or the two systems answer each other forever."""
    auto = _header(message, "Auto-Submitted").strip().lower()
    precedence = _header(message, "Precedence").strip().lower()
    local = address.split("@", 1)[0].lower()
    return (
        (auto not in {"", "no"})
        or precedence in {"bulk", "junk", "list", "auto_reply"}
        or bool(_header(message, "List-Id") or _header(message, "X-Autoreply") or _header(message, "X-Autorespond"))
        or local in {"mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply"}
        or message.get_content_type() == "multipart/report"
    )


def _text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = _content(part)
    if part.get_content_subtype() == "html":
        content = html_to_text(content)
    return content.replace("\r\n", "\n").strip()


def _content(part: EmailMessage) -> str:
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):  # unknown charset or broken transfer encoding
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else str(payload)
    return content if isinstance(content, str) else content.decode("utf-8", errors="replace")


def html_to_text(markup: str) -> str:
    markup = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", markup)
    markup = re.sub(r"(?i)<br\s*/?>", "\n", markup)
    markup = re.sub(r"(?i)</(p|div|li|tr|h[1-6]|blockquote)>", "\n", markup)
    # Gmail and Outlook wrap the quoted original in these; drop them so a reply is only the new words.
    markup = re.sub(r'(?is)<div class="gmail_quote.*', "", markup)
    markup = re.sub(r"(?is)<blockquote\b.*?</blockquote>", "", markup)
    text = html.unescape(strip_tags(markup)).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _attachments(message: EmailMessage) -> list[tuple[str, bytes]]:
    files: list[tuple[str, bytes]] = []
    for part in message.iter_attachments():
        if not isinstance(part, EmailMessage):
            continue
        content_type = part.get_content_type()
        if content_type not in ATTACHMENT_TYPES and part.get_content_maintype() not in ATTACHMENT_MAINTYPES:
            continue
        data = part.get_payload(decode=True)
        if isinstance(data, bytes) and data:
            files.append((part.get_filename() or "lampiran", data))
    return files


def strip_quoted(text: str) -> str:
    lines = text.splitlines()
    kept: list[str] = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if any(p.match(line) for p in _QUOTE_STARTS):
            break
        # "On …, Someone <\naddress> wrote:" is wrapped over two lines by some programs.
        if (
            line.strip()
            and not line.lstrip().startswith(">")
            and any(p.match(f"{line} {following}") for p in _QUOTE_STARTS[:2])
        ):
            break
        if _OUTLOOK_FROM.match(line) and _OUTLOOK_NEXT.match(following):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def strip_signature(text: str) -> str:
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if _SIGNATURE.match(line):
            return "\n".join(lines[:index]).strip()
    return text.strip()


def recipients(addresses: list[str]) -> list[str]:
    return [a.lower() for _, a in getaddresses(addresses) if "@" in a]
