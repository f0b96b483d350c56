"""The guided WhatsApp conversation: from a first message to a filed report, asking only for what is missing.

Steps (stored per sender in `channels.Conversation`, the draft sealed with `core.crypto`):

    ""         nothing in progress; a text starts a draft (a long one is the complaint itself)
    body       waiting for the complaint text
    location   waiting for a shared location or a typed place name
    ready      photos/documents optional; KIRIM files the report, KIRIM ANONIM files it anonymously

BATAL cancels at any step. `INFO <kode>` and `BALAS <kode> <pesan>` work at any step and leave the draft
alone. A draft untouched for a day is forgotten. The tracking code reaches the reporter as the report's
own `submitted` notification, sent at once (channels.immediate), so it is tracked as delivered or not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.channels.models import ChannelAccount, Conversation, InboundMessage
from aduan.channels.whatsapp import graph
from aduan.channels.whatsapp.places import find_region
from aduan.core import crypto, trackcode
from aduan.core.phones import normalize_phone
from aduan.reports import lifecycle, visibility
from aduan.reports.actors import Actor
from aduan.reports.errors import LifecycleError
from aduan.reports.lifecycle.base import is_reporter
from aduan.reports.lifecycle.intake import sender_index
from aduan.reports.models import Report, Status

CHANNEL = "whatsapp"
MIN_BODY = 15
MAX_FILES = 5
DRAFT_LIFETIME = timedelta(hours=24)
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "video/mp4": "mp4",
    "video/3gpp": "3gp",
    "application/pdf": "pdf",
}
INFO = re.compile(r"^(INFO|STATUS)\s+(\S+(?:\s*-\s*\S+)?)\s*$", re.IGNORECASE)
REPLY = re.compile(r"^(BALAS|REPLY)\s+([0-9A-Za-z]{4}-?[0-9A-Za-z]{4})\s+(.+)$", re.IGNORECASE | re.DOTALL)


@dataclass
class Incoming:
    """One WhatsApp message, as the webhook parsed it."""

    message_id: str
    wa_id: str
    kind: str  # text, image, document, video, location, or anything else WhatsApp sends
    name: str = ""
    text: str = ""
    media: dict[str, str] | None = None  # {"id", "mime_type", "filename"}
    latitude: Any = None
    longitude: Any = None
    place: str = ""
    account: ChannelAccount | None = None


@dataclass
class Outcome:
    replies: list[str] = field(default_factory=list)
    state: str = InboundMessage.State.PROCESSED
    result: str = ""
    report: Report | None = None
    error: str = ""
    filed: Report | None = None  # a new report whose tracking code is to be sent now


# --- texts (Indonesian; translated with the rest) ---


def _ask_body() -> str:
    return _(
        "Halo, ini layanan pengaduan %(name)s. Silakan tuliskan laporan Anda: apa yang terjadi, di mana, dan kapan."
    ) % {"name": settings.INSTANCE_NAME}


def _ask_longer() -> str:
    return _("Mohon tuliskan laporan Anda lebih lengkap (paling sedikit %(n)d karakter).") % {"n": MIN_BODY}


def _ask_location() -> str:
    return _(
        "Terima kasih. Di mana lokasi kejadiannya? Bagikan lokasi (📎 › Lokasi) atau ketik nama desa/kelurahan, "
        "kecamatan, dan kabupaten/kota."
    )


def _ask_files(place: str) -> str:
    return _(
        "Lokasi dicatat: %(place)s.\nKirim foto atau dokumen pendukung bila ada (boleh lebih dari satu).\n"
        "Lalu balas KIRIM untuk mengirim laporan, KIRIM ANONIM agar identitas Anda tidak ditampilkan kepada "
        "instansi, atau BATAL untuk membatalkan."
    ) % {"place": place}


def _file_received(count: int) -> str:
    return _("Lampiran diterima (%(n)d). Kirim lampiran lain, atau balas KIRIM, KIRIM ANONIM, atau BATAL.") % {
        "n": count
    }


def _help() -> str:
    return _("Perintah: INFO <kode> untuk status laporan, BALAS <kode> <pesan> untuk membalas laporan Anda.")


# --- the conversation ---


def handle(incoming: Incoming) -> Outcome:
    """Answer one message. Commands first, then the draft."""
    if incoming.kind == "text":
        command = _command(incoming)
        if command is not None:
            return command
    with transaction.atomic():
        conversation, draft = _load(incoming.wa_id)
        outcome, submit = _step(conversation, draft, incoming)
        if not submit:
            _save(conversation, draft)
            return outcome
        _save(conversation, draft)
        snapshot = conversation.sealed_draft
    return _submit(incoming, draft, snapshot, anonymous=submit == "anonymous")


def _command(incoming: Incoming) -> Outcome | None:
    text = incoming.text.strip()
    if match := REPLY.match(text):
        return _reply(incoming, match.group(2), match.group(3).strip())
    if match := INFO.match(text):
        return _info(incoming, match.group(2))
    if text.upper() in {"BANTUAN", "HELP", "MENU"}:
        return Outcome([_help()], result="help")
    return None


def _info(incoming: Incoming, typed: str) -> Outcome:
    code = trackcode.normalize(typed)
    report = Report.objects.select_related("reporter").filter(code=code).first() if code else None
    actor = Actor.reporter_by_sender(CHANNEL, incoming.wa_id)
    # The status of a confidential or unverified report is told only to its own reporter.
    if report is None or not (is_reporter(actor, report) or visibility.is_public(report)):
        return Outcome(
            [_("Laporan dengan kode %(code)s tidak ditemukan.") % {"code": typed.upper()}],
            state=InboundMessage.State.REJECTED,
            result="info_not_found",
        )
    line = _("Laporan %(code)s: %(status)s.\nLacak: %(url)s") % {
        "code": report.code,
        "status": Status(report.status).label,
        "url": f"{settings.BASE_URL}/lacak/{report.code}/",
    }
    return Outcome([line], result="info", report=report)


def _reply(incoming: Incoming, typed: str, text: str) -> Outcome:
    actor = Actor.reporter_by_sender(CHANNEL, incoming.wa_id)
    try:
        report = lifecycle.reply(actor, typed, message=text)
    except LifecycleError as exc:
        return Outcome([exc.detail], state=InboundMessage.State.REJECTED, result=f"reply_{exc.code}", error=exc.code)
    return Outcome(
        [_("Balasan Anda untuk laporan %(code)s telah kami terima.") % {"code": report.code}],
        result="reply",
        report=report,
    )


def _load(wa_id: str) -> tuple[Conversation, dict[str, Any]]:
    index = sender_index(CHANNEL, wa_id)
    conversation, _created = Conversation.objects.select_for_update().get_or_create(
        channel=CHANNEL, sender_index=index, defaults={"updated_at": timezone.now()}
    )
    draft: dict[str, Any] = {}
    if conversation.sealed_draft and conversation.updated_at >= timezone.now() - DRAFT_LIFETIME:
        draft = crypto.decrypt_json(conversation.sealed_draft)
    elif conversation.step:
        conversation.step = ""
    return conversation, draft


def _save(conversation: Conversation, draft: dict[str, Any]) -> None:
    conversation.sealed_draft = crypto.encrypt_json(draft) if draft else ""
    if not draft:
        conversation.step = ""
    conversation.updated_at = timezone.now()
    conversation.save(update_fields=["sealed_draft", "step", "report", "updated_at"])


def _step(conversation: Conversation, draft: dict[str, Any], incoming: Incoming) -> tuple[Outcome, str]:
    """Apply one message to the draft. Returns the answer and "", "named" or "anonymous" (file it now)."""
    keyword = incoming.text.strip().upper() if incoming.kind == "text" else ""
    if keyword == "BATAL":
        had = bool(draft)
        draft.clear()
        if had:
            cancelled = _("Laporan dibatalkan. Kirim pesan kapan saja untuk membuat laporan baru.")
            return Outcome([cancelled], result="cancelled"), ""
        return Outcome([_("Tidak ada laporan yang sedang dibuat.")], result="nothing_to_cancel"), ""
    if keyword in {"KIRIM", "KIRIM ANONIM"}:
        if not draft:
            return Outcome([_ask_body()], result="nothing_to_send"), ""
        missing = _next_question(conversation, draft)
        if missing:
            return Outcome([missing], result="incomplete"), ""
        return Outcome(), "anonymous" if keyword == "KIRIM ANONIM" else "named"

    kind = incoming.kind
    if kind not in {"text", "location"} and not (kind in {"image", "document", "video"} and incoming.media):
        return Outcome(
            [_("Maaf, jenis pesan ini belum dapat kami proses. Kirim teks, foto, dokumen, atau lokasi.")],
            state=InboundMessage.State.REJECTED,
            result="unsupported",
        ), ""
    if incoming.name:
        draft["name"] = incoming.name[:120]
    if incoming.account is not None and "within" not in draft:
        # A typed place name is looked for first inside the receiving institution's own region.
        draft["within"] = incoming.account.institution.region_id or ""
    if kind == "text":
        _take_text(conversation, draft, incoming.text.strip())
    elif kind == "location":
        draft["latitude"] = str(incoming.latitude)
        draft["longitude"] = str(incoming.longitude)
        draft["address"] = incoming.place[:300]
        draft["located"] = True
    else:
        files = draft.setdefault("files", [])
        if len(files) >= MAX_FILES:
            return Outcome(
                [_("Paling banyak %(n)d lampiran per laporan.") % {"n": MAX_FILES}],
                state=InboundMessage.State.REJECTED,
                result="too_many_files",
            ), ""
        files.append(incoming.media or {})
        caption = (incoming.media.get("caption") or "").strip()
        if caption and not draft.get("body") and len(caption) >= MIN_BODY:
            draft["body"] = caption
        if draft.get("body") and draft.get("located"):
            conversation.step = "ready"
            return Outcome([_file_received(len(files))], result="file"), ""
    question = _next_question(conversation, draft)
    if question:
        return Outcome([question], result=conversation.step or "draft"), ""
    conversation.step = "ready"
    place = draft.get("place") or draft.get("address") or _("lokasi yang Anda bagikan")
    return Outcome([_ask_files(place)], result="ready"), ""


def _take_text(conversation: Conversation, draft: dict[str, Any], text: str) -> None:
    step = conversation.step if draft else ""
    if step == "location" or (step == "ready" and not draft.get("located")):
        _take_place(draft, text)
    elif step in {"", "body"}:
        if not draft:
            draft["started"] = True
        if len(text) >= MIN_BODY:
            draft["body"] = (draft.get("body", "") + "\n" + text).strip() if step == "body" else text
        else:
            draft.setdefault("short", []).append(text)
    elif step == "ready":
        # More words after the place: they belong to the complaint.
        draft["body"] = (draft.get("body", "") + "\n" + text).strip()


def _take_place(draft: dict[str, Any], text: str) -> None:
    region = find_region(text, draft.get("within"))
    draft["address"] = text[:300]
    draft["located"] = True
    if region is not None:
        draft["region"] = region.code
        draft["place"] = f"{text} ({region.name})" if region.name.lower() not in text.lower() else text
    else:
        draft["place"] = text


def _next_question(conversation: Conversation, draft: dict[str, Any]) -> str:
    if not draft.get("body"):
        asked = conversation.step == "body"
        conversation.step = "body"
        return _ask_longer() if asked or len(draft.get("short", [])) > 1 else _ask_body()
    if not draft.get("located"):
        conversation.step = "location"
        return _ask_location()
    return ""


def _title(body: str) -> str:
    first = re.split(r"(?<=[.!?])\s|\n", body.strip(), maxsplit=1)[0].strip()
    if len(first) <= 80:
        return first if len(first) >= 3 else body[:80]
    cut = first[:80].rsplit(" ", 1)[0]
    return (cut or first[:80]) + "…"


def _submit(incoming: Incoming, draft: dict[str, Any], snapshot: str, *, anonymous: bool) -> Outcome:
    # Media is fetched before any lock is taken: Graph API calls take their time.
    try:
        files = _download(draft.get("files", []))
    except graph.GraphError as exc:
        return Outcome(
            [_("Maaf, lampiran Anda belum dapat kami ambil. Balas KIRIM sekali lagi beberapa saat lagi.")],
            state=InboundMessage.State.FAILED,
            result="media_failed",
            error=str(exc),
        )
    phone = incoming.wa_id if normalize_phone(incoming.wa_id) else ""
    account = incoming.account
    with transaction.atomic():
        conversation, _draft = _load(incoming.wa_id)
        if conversation.sealed_draft != snapshot:
            return Outcome([_("Laporan ini sudah terkirim.")], result="already_sent")
        try:
            submission = lifecycle.submit(
                Actor.channel(CHANNEL, account.institution if account else None),
                classification="complaint",
                title=_title(draft["body"]),
                body=draft["body"],
                region=draft.get("region") or None,
                latitude=draft.get("latitude"),
                longitude=draft.get("longitude"),
                address=draft.get("address", ""),
                anonymous=anonymous,
                reporter={"name": draft.get("name", ""), "phone": phone},
                channel=CHANNEL,
                sender=incoming.wa_id,
                intake_institution=account.institution if account else None,
                attachments=files,
            )
        except LifecycleError as exc:
            return Outcome(
                [exc.detail + "\n" + _("Perbaiki lalu balas KIRIM lagi, atau BATAL.")],
                state=InboundMessage.State.REJECTED,
                result=f"submit_{exc.code}",
                error=exc.code,
            )
        conversation.report = submission.report
        _save(conversation, {})
    return Outcome([], result="report", report=submission.report, filed=submission.report)


def _download(media: list[dict[str, str]]) -> list[tuple[str, bytes]]:
    files = []
    for number, item in enumerate(media, start=1):
        data, content_type = graph.download_media(item["id"])
        name = item.get("filename") or f"whatsapp-{number}.{EXTENSIONS.get(content_type.split(';')[0], 'bin')}"
        if name.endswith(".bin"):
            name = name[:-4]
        files.append((name, data))
    return files
