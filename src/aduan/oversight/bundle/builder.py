"""The investigation bundle: a ZIP that another party can verify without Aduan (DESIGN §3, issue 5).

    README.txt                      what is in it and how to check it
    verify.py                       standalone checker (Python standard library only)
    index.json                      who made it, when, why, from which query, which reports
    reports/<code>/report.json      the report as oversight reads it (pseudonym, never the identity)
    reports/<code>/events.json      every event with the fields its hash covers, exactly as hashed
    reports/<code>/chain.json       the report's recorded head and Aduan's own verification result
    reports/<code>/attachments.json + attachments/…   the files as stored, with their upload SHA-256
    reports/<code>/summary.pdf      a readable summary
    MANIFEST.sha256                 SHA-256 of every other file (`sha256sum -c MANIFEST.sha256`)

Built into a temporary file one report at a time (events read per chunk of reports, attachments copied in
blocks), so memory stays flat whatever the bundle's size. The identity of a reporter is never included:
see `identity_note` and docs/oversight.md."""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from typing import IO, Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aduan.core import hashchain
from aduan.core.redaction import redact
from aduan.oversight.bundle import pdf
from aduan.reports import audit
from aduan.reports.events import chained_fields
from aduan.reports.models import Attachment, IdentityReveal, Report, ReportEvent
from aduan.reports.visibility import Viewer, event_views, handler_text, pseudonym

MAX_REPORTS = 500
CHUNK = 50
BLOCK = 1 << 16
FORMAT = "aduan-investigation-bundle/1"
HEAD_FIELDS = (
    "pk",
    "code",
    "global_id",
    "event_count",
    "last_hash",
    "status",
    "institution__code",
    "unit__code",
    "transfer_count",
)
RELATIONS = ("institution", "unit", "category", "region", "intake_institution", "reporter")
UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class Built:
    file: IO[bytes]
    size: int
    reports: int
    truncated: bool
    manifest_sha256: str
    problems: int
    codes: list[str] = field(default_factory=list)


class Writer:
    """Writes members into the ZIP and remembers each one's SHA-256 for the manifest."""

    def __init__(self, target: IO[bytes]) -> None:
        self.zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6, allowZip64=True)
        self.hashes: list[tuple[str, str]] = []

    def add(self, name: str, data: bytes, *, compress: bool = True) -> None:
        self.zip.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED)
        self.hashes.append((name, hashlib.sha256(data).hexdigest()))

    def add_json(self, name: str, value: Any) -> None:
        self.add(name, (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode())

    def add_stream(self, name: str, source: IO[bytes]) -> str:
        digest = hashlib.sha256()
        info = zipfile.ZipInfo(name, date_time=timezone.now().timetuple()[:6])
        info.compress_type = zipfile.ZIP_STORED
        with self.zip.open(info, "w", force_zip64=True) as target:
            for block in iter(lambda: source.read(BLOCK), b""):
                digest.update(block)
                target.write(block)
        self.hashes.append((name, digest.hexdigest()))
        return digest.hexdigest()

    def close(self) -> str:
        manifest = "".join(f"{digest}  {name}\n" for name, digest in self.hashes).encode()
        self.zip.writestr("MANIFEST.sha256", manifest)
        self.zip.close()
        return hashlib.sha256(manifest).hexdigest()


def verifier_source() -> bytes:
    return resources.files("aduan.oversight.bundle").joinpath("verify.py").read_bytes()


def identity_note(reveals: list[IdentityReveal]) -> str:
    if not reveals:
        return _("Identitas pelapor tidak disertakan; pelapor disebut dengan nama samaran.")
    return _(
        "Identitas pelapor pernah dibuka pengawas melalui pembukaan tercatat (%(n)d kali, lihat report.json); "
        "identitas itu sendiri tidak disertakan dalam berkas ini."
    ) % {"n": len(reveals)}


def build(
    viewer: Viewer,
    reports: Iterable[Report] | Any,
    *,
    made_by: str,
    reason: str,
    query: str = "",
    compress_pdf: bool = True,
    limit: int | None = None,
) -> Built:
    """Build a bundle of `reports` (a queryset oversight may read, already ordered) into a temporary file."""
    limit = MAX_REPORTS if limit is None else limit
    now = timezone.now()
    ids = list(reports.values_list("pk", flat=True)[: limit + 1])
    truncated = len(ids) > limit
    ids = ids[:limit]
    # Handed to the response, which closes (and so deletes) it once sent.
    target = tempfile.TemporaryFile(dir=getattr(settings, "FILE_UPLOAD_TEMP_DIR", None))  # noqa: SIM115
    writer = Writer(target)
    writer.add("verify.py", verifier_source())
    codes: list[str] = []
    problems = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        heads = {head["pk"]: head for head in Report.objects.filter(pk__in=chunk).values(*HEAD_FIELDS)}
        loaded = Report.objects.select_related(*RELATIONS).in_bulk(chunk)
        events: dict[int, list[ReportEvent]] = {pk: [] for pk in chunk}
        for event in ReportEvent.objects.filter(report_id__in=chunk).order_by("report_id", "seq").iterator(2000):
            events[event.report_id].append(event)
        for pk in chunk:
            report = loaded[pk]
            problems += _add_report(
                writer, viewer, report, head=heads[pk], events=events[pk], now=now, compress_pdf=compress_pdf
            )
            codes.append(report.code)
    index = {
        "format": FORMAT,
        "created_at": hashchain.timestamp(now),
        "created_by": made_by,
        "reason": reason,
        "query": query,
        "reports": codes,
        "truncated": truncated,
        "limit": limit,
        "identity": "never included; reporters are named by pseudonym (docs/oversight.md)",
        "hash": "sha256(prev_hash + '\\n' + canonical_json(fields)); canonical_json = JSON, sorted keys, "
        "separators (',', ':'), UTF-8 not ASCII-escaped; the first prev_hash is 64 zeros",
    }
    writer.add_json("index.json", index)
    writer.add("README.txt", _readme(index, problems).encode())
    manifest_sha = writer.close()
    size = target.tell()
    target.seek(0)
    return Built(target, size, len(codes), truncated, manifest_sha, problems, codes)


def _event_record(report: Report, event: ReportEvent, screened: dict[int, str]) -> dict[str, Any]:
    fields = chained_fields(str(report.global_id), event)
    record: dict[str, Any] = {"fields": fields, "prev_hash": event.prev_hash, "hash": event.hash}
    if report.anonymous:
        # What an anonymous reporter wrote may name them: their text goes out as oversight reads it (redacted
        # by `visibility`), notes lose contacts and NIK numbers; such an event is marked and its content can
        # then not be recomputed (its links still are: see verify.py).
        redacted = []
        text = screened.get(event.seq, fields["public_text"])
        if text != fields["public_text"]:
            fields["public_text"] = text
            redacted.append("public_text")
        note = redact(fields["internal_note"])
        if note != fields["internal_note"]:
            fields["internal_note"] = note
            redacted.append("internal_note")
        if redacted:
            record["redacted"] = redacted
    return record


def _add_report(
    writer: Writer,
    viewer: Viewer,
    report: Report,
    *,
    head: dict[str, Any],
    events: list[ReportEvent],
    now: datetime,
    compress_pdf: bool,
) -> int:
    folder = f"reports/{report.code}/"
    views = event_views(viewer, report)
    screened = {view.seq: view.text for view in views}
    records = [_event_record(report, event, screened) for event in events]
    found = [str(problem) for problem in audit.check_report(head, events)]
    reveals = list(IdentityReveal.objects.filter(report=report).select_related("user").order_by("created_at"))
    title, body = handler_text(viewer, report)
    label = pseudonym(report) if report.reporter_id or report.reporter_user_id else _("Tanpa identitas")

    writer.add_json(
        folder + "events.json",
        {
            "format": FORMAT,
            "report": str(report.global_id),
            "code": report.code,
            "genesis": hashchain.GENESIS,
            "events": records,
        },
    )
    verification = {
        "ok": not found,
        "problems": found,
        "checked_at": hashchain.timestamp(now),
        "checked_by": "Aduan reports.audit.check_report (hash chain, head, and the state its events project)",
    }
    writer.add_json(
        folder + "chain.json",
        {
            "report": str(report.global_id),
            "code": report.code,
            "event_count": head["event_count"],
            "last_hash": head["last_hash"],
            "links": [{"seq": e.seq, "prev_hash": e.prev_hash, "hash": e.hash} for e in events],
            "verification": verification,
        },
    )
    attachments = _add_attachments(writer, folder, report)
    facts = _facts(report, label)
    writer.add_json(
        folder + "report.json",
        {
            **dict(facts),
            "title": title,
            "body": body,
            "reporter": label,
            "identity_included": False,
            "identity_reveals": [
                {"at": hashchain.timestamp(r.created_at), "by": r.user.get_username(), "reason": r.reason}
                for r in reveals
            ],
        },
    )
    timeline = [
        (
            f"#{view.seq} {view.created_at.astimezone(timezone.get_current_timezone()):%Y-%m-%d %H:%M} {view.kind}",
            view.actor,
            "\n".join(
                part for part in (view.text, f"[{_('catatan internal')}] {view.note}" if view.note else "") if part
            ),
        )
        for view in views
    ]
    if report.anonymous:
        timeline = [(when, who, redact(text)) for when, who, text in timeline]
    checks = [
        _("Rantai hash utuh: %(n)d peristiwa, hash terakhir %(hash)s.") % {"n": len(events), "hash": head["last_hash"]}
    ]
    if found:
        checks = [_("RANTAI HASH BERMASALAH:"), *found]
    writer.add(
        folder + "summary.pdf",
        pdf.render(
            title=_("Laporan %(code)s") % {"code": report.code},
            facts=[pdf.Line(_label(key), str(value)) for key, value in facts] + [pdf.Line(_("Judul"), title)],
            body=body,
            timeline=timeline,
            verification=checks,
            attachments=[f"{a['path']}  {a['size']} B  sha256 {a['sha256']}" for a in attachments],
            notes=[identity_note(reveals)],
            created=now,
            compress=compress_pdf,
        ),
        compress=False,
    )
    return len(found)


LABELS = {
    "code": gettext_lazy("Kode"),
    "global_id": gettext_lazy("ID global"),
    "status": gettext_lazy("Status"),
    "classification": gettext_lazy("Klasifikasi"),
    "category": gettext_lazy("Kategori"),
    "region": gettext_lazy("Lokasi"),
    "institution": gettext_lazy("Instansi penangan"),
    "unit": gettext_lazy("Unit kerja"),
    "anonymous": gettext_lazy("Anonim"),
    "confidential": gettext_lazy("Rahasia"),
    "channel": gettext_lazy("Kanal"),
    "submitted_at": gettext_lazy("Dikirim"),
    "verified_at": gettext_lazy("Diverifikasi"),
    "dispositioned_at": gettext_lazy("Didisposisikan"),
    "first_response_at": gettext_lazy("Tanggapan pertama"),
    "closed_at": gettext_lazy("Selesai"),
    "escalated_at": gettext_lazy("Dieskalasi"),
    "transfer_count": gettext_lazy("Jumlah pengalihan"),
    "reporter_label": gettext_lazy("Pelapor"),
}


def _label(key: str) -> str:
    return str(LABELS.get(key, key))


def _facts(report: Report, label: str) -> list[tuple[str, Any]]:
    def when(moment: datetime | None) -> str:
        return hashchain.timestamp(moment) if moment else ""

    return [
        ("code", report.code),
        ("global_id", str(report.global_id)),
        ("status", report.status),
        ("classification", report.classification),
        ("category", report.category.name if report.category else ""),
        ("region", f"{report.region.code} {report.region.name}" if report.region else ""),
        ("institution", report.institution.name if report.institution else ""),
        ("unit", report.unit.name if report.unit else ""),
        ("anonymous", report.anonymous),
        ("confidential", report.confidential),
        ("channel", report.channel),
        ("submitted_at", when(report.submitted_at)),
        ("verified_at", when(report.verified_at)),
        ("dispositioned_at", when(report.dispositioned_at)),
        ("first_response_at", when(report.first_response_at)),
        ("closed_at", when(report.closed_at)),
        ("escalated_at", when(report.escalated_at)),
        ("transfer_count", report.transfer_count),
        ("reporter_label", label),
    ]


def _add_attachments(writer: Writer, folder: str, report: Report) -> list[dict[str, Any]]:
    listing = []
    for attachment in Attachment.objects.filter(report=report).order_by("pk"):
        name = UNSAFE.sub("_", attachment.original_name)[-80:] or "file"
        path = f"attachments/{attachment.pk}-{name}"
        item = {
            "path": path,
            "original_name": attachment.original_name,
            "content_type": attachment.content_type,
            "size": attachment.size,
            "sha256": attachment.sha256,
            "event_seq": attachment.event_seq,
            "uploaded_by": attachment.uploaded_by,
        }
        try:
            with attachment.file.open("rb") as source:
                writer.add_stream(folder + path, source)
        except (FileNotFoundError, OSError, ValueError):
            item["missing"] = True
        listing.append(item)
    writer.add_json(folder + "attachments.json", listing)
    return listing


def _readme(index: dict[str, Any], problems: int) -> str:
    lines = [
        _("BERKAS INVESTIGASI ADUAN"),
        "",
        _("Dibuat: %(at)s oleh %(by)s") % {"at": index["created_at"], "by": index["created_by"]},
        _("Alasan: %(reason)s") % {"reason": index["reason"]},
        _("Saringan: %(query)s") % {"query": index["query"] or "-"},
        _("Jumlah laporan: %(n)d%(more)s")
        % {
            "n": len(index["reports"]),
            "more": _(" (dibatasi; ada laporan lain yang cocok)") if index["truncated"] else "",
        },
        _("Masalah rantai hash menurut Aduan: %(n)d") % {"n": problems},
        "",
        _(
            "Identitas pelapor TIDAK disertakan. Pelapor disebut dengan nama samaran. Bila identitas pernah dibuka "
            "pengawas melalui pembukaan tercatat, report.json mencatat siapa, kapan dan mengapa."
        ),
        "",
        _(
            "Isi per laporan (reports/<kode>/): report.json, events.json (setiap peristiwa dengan kolom yang di-hash, "
            "persis seperti saat di-hash), chain.json (kepala rantai dan hasil verifikasi Aduan), attachments/ "
            "(berkas asli seperti disimpan) dengan attachments.json, summary.pdf."
        ),
        "",
        _("Memeriksa tanpa Aduan (Python 3, pustaka standar saja):"),
        "    python3 verify.py            (" + _("di folder hasil ekstrak") + ")",
        "    python3 verify.py berkas.zip",
        "    sha256sum -c MANIFEST.sha256",
        "",
        'hash = sha256(prev_hash + "\\n" + canonical_json(fields))',
        "canonical_json = json.dumps(fields, sort_keys=True, separators=(',', ':'), ensure_ascii=False), UTF-8",
        _("prev_hash peristiwa pertama = 64 angka nol."),
        "",
        _(
            'Peristiwa bertanda "redacted" berisi teks pelapor anonim yang disamarkan; isinya tidak dapat dihitung '
            "ulang, tetapi tautan hash sebelum dan sesudahnya tetap diperiksa."
        ),
        "",
        "---",
        "ADUAN INVESTIGATION BUNDLE (English): every file is listed in MANIFEST.sha256; run `python3 verify.py` to "
        "recompute each report's hash chain from events.json. The reporter's identity is never included.",
    ]
    return "\n".join(lines) + "\n"
