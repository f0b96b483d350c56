"""`aduan audit verify` (DESIGN §3): an intact history verifies; any edit made behind the application's back —
an altered event, a deleted event, a status changed in the row — is caught and names the report."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from aduan.reports import audit, lifecycle
from aduan.reports.events import expected_hash
from aduan.reports.models import Report, ReportEvent

from .helpers import T0, Steps, wib


@pytest.fixture
def histories(world: Any, steps: Steps) -> dict[str, Report]:
    """A few reports with histories of different shapes."""
    new = steps.file(at=T0).report
    handled = steps.assigned(at=T0)
    lifecycle.respond(steps.liaison, handled.report, message="Sudah ditambal oleh Dinas PU.", at=wib(3, 3))
    lifecycle.confirm(steps.reporter(handled), handled.report, at=wib(3, 4))
    lifecycle.rate(steps.reporter(handled), handled.report, score=5, at=wib(3, 4))
    declined = steps.routed(at=T0).report
    lifecycle.not_authority(steps.admin, declined, reason="Jalan provinsi, bukan kabupaten.", at=wib(3, 3))
    lifecycle.note(steps.verifier, declined, message="Arahkan ke provinsi.", at=wib(3, 3, 11))
    return {"new": new, "handled": Report.objects.get(pk=handled.report.pk), "declined": declined}


def sql(statement: str, *params: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def problems(code: str | None = None) -> list[audit.Problem]:
    return list(audit.verify(code))


def test_intact_histories_verify(histories: dict[str, Report]) -> None:
    assert problems() == []
    for report in histories.values():
        assert problems(report.code) == []


def test_an_altered_event_text_is_caught(histories: dict[str, Report]) -> None:
    report = histories["handled"]
    sql(
        "UPDATE reports_reportevent SET public_text = %s WHERE report_id = %s AND kind = %s",
        "Sudah ditambal (diubah diam-diam).",
        report.pk,
        "responded",
    )
    found = problems()
    assert {p.code for p in found} == {report.code}
    assert any("altered" in p.message for p in found)
    seq = report.events.get(kind="responded").seq
    assert [p.seq for p in found if "altered" in p.message] == [seq]
    assert report.code in str(found[0])
    # The other reports still verify on their own.
    assert problems(histories["new"].code) == []
    assert problems(histories["declined"].code) == []


def test_an_altered_internal_note_or_data_is_caught(histories: dict[str, Report]) -> None:
    declined = histories["declined"]
    sql("UPDATE reports_reportevent SET internal_note = %s WHERE report_id = %s AND kind = %s", "", declined.pk, "note")
    handled = histories["handled"]
    sql(
        "UPDATE reports_reportevent SET data = %s WHERE report_id = %s AND kind = %s",
        '{"score": 1}',
        handled.pk,
        "rated",
    )
    assert {p.code for p in problems()} == {declined.code, handled.code}


def test_a_deleted_last_event_is_caught(histories: dict[str, Report]) -> None:
    report = histories["handled"]
    sql("DELETE FROM reports_reportevent WHERE report_id = %s AND seq = %s", report.pk, report.event_count)
    found = problems()
    assert {p.code for p in found} == {report.code}
    assert any("shorter or longer" in p.message for p in found)


def test_a_deleted_middle_event_is_caught(histories: dict[str, Report]) -> None:
    report = histories["handled"]
    sql("DELETE FROM reports_reportevent WHERE report_id = %s AND seq = %s", report.pk, 2)
    assert {p.code for p in problems()} == {report.code}


def test_a_status_changed_in_the_row_is_caught(histories: dict[str, Report]) -> None:
    report = histories["declined"]
    sql("UPDATE reports_report SET status = %s WHERE id = %s", "completed", report.pk)
    found = problems()
    assert {p.code for p in found} == {report.code}
    assert any("status" in p.message and "'completed'" in p.message for p in found)


def test_a_holder_changed_in_the_row_is_caught(world: Any, histories: dict[str, Report]) -> None:
    report = histories["handled"]
    sql("UPDATE reports_report SET unit_id = %s WHERE id = %s", world.dinas_kesehatan.pk, report.pk)
    found = problems()
    assert {p.code for p in found} == {report.code}
    assert any("unit" in p.message for p in found)


def test_a_forged_event_with_a_fresh_hash_still_breaks_the_chain(histories: dict[str, Report]) -> None:
    """Rewriting an event's hash to match its new text breaks the link to the next event."""
    report = histories["handled"]
    event = ReportEvent.objects.get(report=report, kind="responded")
    event.public_text = "Teks palsu."
    forged = expected_hash(str(report.global_id), event)
    sql("UPDATE reports_reportevent SET public_text = %s, hash = %s WHERE id = %s", "Teks palsu.", forged, event.pk)
    found = problems(report.code)
    assert found
    assert any(p.seq == event.seq + 1 and "previous-hash" in p.message for p in found)


# --- the command line ---


def test_cli_verifies_an_intact_history(histories: dict[str, Report]) -> None:
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert "OK" in out.getvalue()
    assert "3" in out.getvalue()
    out = StringIO()
    call_command("audit", "verify", "--report", histories["handled"].code, stdout=out)
    assert "OK" in out.getvalue()
    # A typed code is normalised like everywhere else.
    out = StringIO()
    call_command("audit", "verify", "--report", histories["handled"].code.replace("-", "").lower(), stdout=out)
    assert "OK" in out.getvalue()


def test_cli_names_the_damaged_report(histories: dict[str, Report]) -> None:
    report = histories["declined"]
    sql("UPDATE reports_reportevent SET public_text = %s WHERE report_id = %s AND seq = %s", "diubah", report.pk, 1)
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("audit", "verify", stderr=err)
    assert report.code in str(caught.value)
    assert histories["new"].code not in str(caught.value)
    assert f"ALTERED {report.code}" in err.getvalue()
    # The intact ones still pass one by one; the damaged one fails alone too.
    call_command("audit", "verify", "--report", histories["new"].code, stdout=StringIO())
    with pytest.raises(CommandError, match=report.code):
        call_command("audit", "verify", "--report", report.code, stdout=StringIO(), stderr=StringIO())


def test_cli_refuses_an_unknown_report(histories: dict[str, Report]) -> None:
    with pytest.raises(CommandError, match="ZZZZ-ZZZZ"):
        call_command("audit", "verify", "--report", "ZZZZ-ZZZZ")
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--report", "bukan-kode")


def test_an_action_after_tampering_does_not_hide_it(world: Any, steps: Steps, histories: dict[str, Report]) -> None:
    """New events chain onto the stored head; the altered one stays altered."""
    report = histories["declined"]
    sql("UPDATE reports_reportevent SET public_text = %s WHERE report_id = %s AND seq = %s", "diubah", report.pk, 1)
    lifecycle.verify(steps.verifier, report, institution=world.province, at=T0 + timedelta(days=2))
    assert {p.code for p in problems()} == {report.code}
