"""Investigation bundles: the files, the manifest, a verifier another party runs without Aduan, and never the
identity of an anonymous reporter."""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from aduan.core.phones import normalize_phone
from aduan.oversight.bundle import builder
from aduan.oversight.models import AccessLog
from aduan.reports import lifecycle
from aduan.reports.actors import Actor
from aduan.reports.models import Attachment, ReportEvent
from tests.conftest import REPORTER

from .conftest import REASON, photo

STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)
PYTHON = "python3"


def download(client, code: str | None = None, query: str = "") -> zipfile.ZipFile:
    if code:
        response = client.post(f"/kantor/pengawasan/berkas/laporan/{code}/", {"reason": REASON})
    else:
        response = client.post("/kantor/pengawasan/berkas/", {"reason": REASON, "saringan": query})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def all_text(bundle: zipfile.ZipFile) -> list[bytes]:
    """Every member's bytes, and every PDF stream inflated (page text is compressed)."""
    found = []
    for name in bundle.namelist():
        data = bundle.read(name)
        found.append(data)
        if name.endswith(".pdf"):
            for stream in STREAM.findall(data):
                try:
                    found.append(zlib.decompress(stream))
                except zlib.error:
                    found.append(stream)
    return found


def identity_values() -> list[bytes]:
    phone = REPORTER["phone"]
    forms = {REPORTER["name"], REPORTER["email"], REPORTER["nik"], phone, phone[1:], normalize_phone(phone) or phone}
    forms |= {normalize_phone(phone).lstrip("+")} if normalize_phone(phone) else set()
    values = []
    for form in forms:
        values += [form.encode(), form.encode("utf-16-be"), form.lower().encode()]
    return values


def run_verifier(target: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, str(target / "verify.py"), *args], capture_output=True, text=True, timeout=60, check=False
    )


@pytest.fixture
def anonymous_history(world, file_report):
    """An anonymous report with a photo, handled with an internal note and a reporter's reply naming themself."""
    submission = file_report(anonymous=True, attachments=[("lubang.png", photo())])
    report = lifecycle.verify(world.actor(world.verifier), submission.report, institution="pemkab-33-26")
    lifecycle.note(world.actor(world.regency_admin), report, message="Cek lokasi bersama Dinas PU.")
    lifecycle.respond(world.actor(world.regency_admin), report, message="Lubang sudah ditambal.")
    lifecycle.reply(
        Actor.reporter_with_token(submission.access_token),
        report,
        message=f"Terima kasih. Saya {REPORTER['name']}, hubungi {REPORTER['phone']}.",
    )
    return report


def test_bundle_of_one_report_verifies_and_never_carries_the_identity(world, client_for, anonymous_history, tmp_path):
    report = anonymous_history
    bundle = download(client_for(world.oversight), report.code)
    folder = f"reports/{report.code}/"
    names = set(bundle.namelist())
    for name in ("README.txt", "verify.py", "index.json", "MANIFEST.sha256"):
        assert name in names
    for name in ("events.json", "chain.json", "report.json", "summary.pdf", "attachments.json"):
        assert folder + name in names
    attachment = Attachment.objects.get(report=report)
    stored = [name for name in names if name.startswith(folder + "attachments/")]
    assert len(stored) == 1
    assert hashlib.sha256(bundle.read(stored[0])).hexdigest() == attachment.sha256  # the original, as stored
    assert bundle.read(stored[0]) == attachment.file.open("rb").read()

    # The manifest lists every other file with its SHA-256.
    manifest = dict(reversed(line.split("  ", 1)) for line in bundle.read("MANIFEST.sha256").decode().splitlines())
    assert set(manifest) == names - {"MANIFEST.sha256"}
    for name, digest in manifest.items():
        assert hashlib.sha256(bundle.read(name)).hexdigest() == digest

    # Events exactly as hashed, and Aduan's own verification.
    history = json.loads(bundle.read(folder + "events.json"))
    events = list(ReportEvent.objects.filter(report=report).order_by("seq"))
    assert [e["hash"] for e in history["events"]] == [e.hash for e in events]
    chain = json.loads(bundle.read(folder + "chain.json"))
    assert chain["verification"]["ok"] is True and chain["last_hash"] == events[-1].hash
    redacted = [e for e in history["events"] if e.get("redacted")]
    assert [e["fields"]["kind"] for e in redacted] == ["reporter_replied"]

    # No identity anywhere, in any member, PDF text included; the pseudonym instead.
    texts = all_text(bundle)
    for value in identity_values():
        assert not any(value in text for text in texts), value
    details = json.loads(bundle.read(folder + "report.json"))
    assert details["reporter"].startswith("Pelapor ") and details["identity_included"] is False
    assert any(report.code.encode() in text for text in texts if text.startswith(b"BT") or b" Tj" in text)

    # Another party verifies it with the shipped verify.py alone: unpacked, and as the ZIP itself.
    unpacked = tmp_path / "bundle"
    bundle.extractall(unpacked)
    good = run_verifier(unpacked)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "VERIFIED: 1 report(s)" in good.stdout and "redacted" in good.stdout
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as copy:
        for name in bundle.namelist():
            copy.writestr(name, bundle.read(name))
    assert run_verifier(unpacked, str(archive)).returncode == 0


def tamper(unpacked: Path, code: str, *, fix_manifest: bool) -> None:
    path = unpacked / "reports" / code / "events.json"
    history = json.loads(path.read_text())
    target = next(e for e in history["events"] if not e.get("redacted") and e["fields"]["kind"] == "responded")
    target["fields"]["public_text"] = "Sudah selesai sejak lama."
    path.write_text(json.dumps(history, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    if fix_manifest:
        manifest = unpacked / "MANIFEST.sha256"
        rel = f"reports/{code}/events.json"
        lines = [
            f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {rel}" if line.endswith("  " + rel) else line
            for line in manifest.read_text().splitlines()
        ]
        manifest.write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize("fix_manifest", [False, True])
def test_verify_fails_on_a_tampered_history(world, client_for, anonymous_history, tmp_path, fix_manifest):
    report = anonymous_history
    bundle = download(client_for(world.oversight), report.code)
    unpacked = tmp_path / "bundle"
    bundle.extractall(unpacked)
    tamper(unpacked, report.code, fix_manifest=fix_manifest)
    result = run_verifier(unpacked)
    assert result.returncode == 1
    assert "NOT VERIFIED" in result.stdout
    assert "content does not match its hash (altered)" in result.stdout
    assert ("SHA-256 differs from the manifest" in result.stdout) is not fix_manifest


def test_verify_fails_when_an_event_is_removed(world, client_for, anonymous_history, tmp_path):
    report = anonymous_history
    bundle = download(client_for(world.oversight), report.code)
    unpacked = tmp_path / "bundle"
    bundle.extractall(unpacked)
    path = unpacked / "reports" / report.code / "events.json"
    history = json.loads(path.read_text())
    history["events"].pop()
    path.write_text(json.dumps(history))
    result = run_verifier(unpacked)
    assert result.returncode == 1 and "recorded head" in result.stdout


def test_bundle_of_a_query_holds_the_filtered_reports_and_is_capped(world, client_for, routed, monkeypatch, tmp_path):
    secrets = [routed(confidential=True, anonymous=True) for _ in range(3)]
    plain = routed()
    client = client_for(world.oversight)
    bundle = download(client, query="rahasia=ya")
    index = json.loads(bundle.read("index.json"))
    assert sorted(index["reports"]) == sorted(r.code for r in secrets) and plain.code not in index["reports"]
    assert index["query"] == "rahasia=ya" and index["truncated"] is False
    texts = all_text(bundle)
    for value in identity_values():
        assert not any(value in text for text in texts), value
    bundle.extractall(tmp_path / "all")
    assert run_verifier(tmp_path / "all").returncode == 0

    monkeypatch.setattr(builder, "MAX_REPORTS", 2)
    capped = download(client, query="rahasia=ya")
    index = json.loads(capped.read("index.json"))
    assert len(index["reports"]) == 2 and index["truncated"] is True
    log = AccessLog.objects.filter(action="bundle_query").order_by("at")
    assert [entry.detail["reports"] for entry in log] == [3, 2]
    assert all(entry.query == "rahasia=ya" and entry.reason == REASON for entry in log)


def test_a_revealed_identity_is_mentioned_but_not_included(world, client_for, anonymous_history):
    report = anonymous_history
    client = client_for(world.oversight)
    reason = "Dugaan ancaman terhadap pelapor, perlu konfirmasi langsung."
    assert client.post(f"/kantor/laporan/{report.code}/identitas/", {"reason": reason}).status_code == 200
    bundle = download(client, report.code)
    details = json.loads(bundle.read(f"reports/{report.code}/report.json"))
    assert details["identity_included"] is False
    assert [r["reason"] for r in details["identity_reveals"]] == [reason]
    texts = all_text(bundle)
    for value in identity_values():
        assert not any(value in text for text in texts), value
    assert any(b"pernah dibuka pengawas" in text for text in texts)


def test_a_short_reason_downloads_nothing(world, client_for, routed):
    report = routed()
    response = client_for(world.oversight).post(f"/kantor/pengawasan/berkas/laporan/{report.code}/", {"reason": "x"})
    assert response.status_code == 400 and 'id="bundle-error"' in response.content.decode()
    assert not AccessLog.objects.exists()


def test_the_shipped_verifier_uses_the_standard_library_only():
    source = builder.verifier_source().decode()
    imported = set(re.findall(r"^(?:import|from) (\w+)", source, re.MULTILINE))
    assert imported <= set(sys.stdlib_module_names)
    assert "aduan" not in imported and "django" not in imported
