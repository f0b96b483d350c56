"""`aduan apikey create NAME [--institution CODE]` prints a key that Open311 accepts (DESIGN §7)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from aduan.channels.keys import check_key
from aduan.channels.models import ApiKey
from aduan.reports.models import Report

from .helpers import as_json, form, post


def test_created_key_files_a_report_into_its_institution(world, client) -> None:
    out = StringIO()
    call_command("apikey", "create", "Aplikasi Lapor Pekalongan", "--institution", "pemkab-33-26", stdout=out)
    secret = out.getvalue().strip()
    assert secret.startswith("adk_")
    key = ApiKey.objects.get()
    assert key.name == "Aplikasi Lapor Pekalongan" and key.institution == world.regency
    assert secret not in (key.key_hash, key.prefix) and key.key_hash != secret  # only the hash is kept
    assert check_key(secret) == key
    (row,) = as_json(post(client, "requests.json", form(api_key=secret)))
    report = Report.objects.get(code=row["service_request_id"])
    assert report.intake_institution == world.regency
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_key_without_institution_and_unknown_institution(world) -> None:
    out = StringIO()
    call_command("apikey", "create", "Aplikasi nasional", stdout=out)
    assert check_key(out.getvalue().strip()).institution is None
    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command("apikey", "create", "Salah", "--institution", "tidak-ada")
    assert ApiKey.objects.count() == 1
