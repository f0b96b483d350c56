"""Privacy is a test (DESIGN §4): who sees which report, which identity, which text and which history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from aduan.reports import lifecycle, visibility
from aduan.reports.actors import Actor
from aduan.reports.models import EventAudience, IdentityReveal, Report, ReportEvent
from aduan.reports.visibility import Viewer

from .helpers import T0, refused

NAME = "Siti Rahmawati"
PHONE_AS_WRITTEN = "0812-3456-7890"
EMAIL = "siti@example.id"
NIK = "3326011234560001"
# The reporter's own details written into the text, as people do.
TITLE = f"Jalan berlubang depan rumah {NAME}"
BODY = (
    f"Saya {NAME}, NIK {NIK}. Jalan utama Desa Bodas berlubang dalam sejak bulan lalu. "
    f"Hubungi saya di {PHONE_AS_WRITTEN} atau 081234567890 atau {EMAIL}."
)
SECRETS = (NAME, "Rahmawati", "0812", "+62812", "81234567890", "3456-7890", EMAIL, NIK)


@dataclass
class Matrix:
    ordinary: Report
    anonymous: Report
    confidential: Report
    anonymous_confidential: Report
    unverified: Report
    tokens: dict[str, str]

    @property
    def verified(self) -> set[str]:
        return {r.code for r in (self.ordinary, self.anonymous, self.confidential, self.anonymous_confidential)}

    @property
    def everything(self) -> set[str]:
        return self.verified | {self.unverified.code}


@pytest.fixture
def matrix(world: Any, file_report: Any) -> Matrix:
    """Four verified reports routed to the regency and sent on to its Dinas PU, and one left unverified.
    The citizen with an account filed the ordinary, anonymous and unverified ones; the confidential ones
    came from a reporter without an account (access link)."""
    citizen = world.actor(world.citizen)
    verifier, admin = world.actor(world.verifier), world.actor(world.regency_admin)
    filed = {
        "ordinary": file_report(actor=citizen, title=TITLE, body=BODY, at=T0),
        "anonymous": file_report(actor=citizen, title=TITLE, body=BODY, anonymous=True, at=T0),
        "confidential": file_report(title=TITLE, body=BODY, confidential=True, at=T0),
        "anonymous_confidential": file_report(title=TITLE, body=BODY, anonymous=True, confidential=True, at=T0),
        "unverified": file_report(actor=citizen, title=TITLE, body=BODY, at=T0),
    }
    reports = {}
    for key, sub in filed.items():
        report = sub.report
        if key != "unverified":
            report = lifecycle.verify(verifier, report, institution=world.regency, at=T0 + timedelta(hours=1))
            report = lifecycle.assign(admin, report, institution=world.dinas_pu, at=T0 + timedelta(hours=2))
        reports[key] = Report.objects.select_related("institution", "unit", "intake_institution", "reporter").get(
            pk=report.pk
        )
    tokens = {key: sub.access_token for key, sub in filed.items() if sub.access_token}
    return Matrix(**reports, tokens=tokens)


def codes(queryset: Any) -> set[str]:
    return set(queryset.values_list("code", flat=True))


# --- which reports each role sees ---


def test_public_sees_verified_non_confidential_reports_only(matrix: Matrix) -> None:
    assert codes(visibility.public_reports()) == {matrix.ordinary.code, matrix.anonymous.code}
    for report in (matrix.ordinary, matrix.anonymous):
        assert visibility.is_public(report)
    for report in (matrix.confidential, matrix.anonymous_confidential, matrix.unverified):
        assert not visibility.is_public(report)
    # Nobody signed in has no staff view at all.
    assert codes(visibility.reports_for(None)) == set()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("verifier", "everything"),
        ("oversight", "everything"),
        ("regency_admin", "verified"),
        ("province_admin", "verified"),  # the parent reads its subtree
        ("liaison", "verified"),  # Dinas PU holds them all
        ("other_admin", "nothing"),
        ("other_liaison", "nothing"),
        ("health_liaison", "nothing"),  # Dinas Kesehatan sees nothing of Dinas PU's
        ("stranger", "nothing"),
        ("citizen", "own"),
    ],
)
def test_reports_for_each_role(world: Any, matrix: Matrix, role: str, expected: str) -> None:
    user = getattr(world, role)
    wanted = {
        "everything": matrix.everything,
        "verified": matrix.verified,
        "nothing": set(),
        "own": {matrix.ordinary.code, matrix.anonymous.code, matrix.unverified.code},
    }[expected]
    assert codes(visibility.reports_for(user)) == wanted
    viewer = Viewer(user)
    for report in (
        matrix.ordinary,
        matrix.anonymous,
        matrix.confidential,
        matrix.anonymous_confidential,
        matrix.unverified,
    ):
        assert viewer.can_see(report) == (report.code in wanted), (role, report.code)


def test_staff_reports_do_not_include_what_one_merely_reported(world: Any, matrix: Matrix) -> None:
    assert codes(visibility.staff_reports(world.citizen)) == set()
    assert codes(visibility.staff_reports(world.liaison)) == matrix.verified


def test_reporter_without_account_opens_only_their_report_with_its_token(matrix: Matrix) -> None:
    token = matrix.tokens["confidential"]
    assert codes(visibility.reports_for_token(matrix.confidential.code, token)) == {matrix.confidential.code}
    # The token opens its own report only, and nothing without it.
    assert codes(visibility.reports_for_token(matrix.anonymous_confidential.code, token)) == set()
    assert codes(visibility.reports_for_token(matrix.confidential.code, token + "x")) == set()
    assert codes(visibility.reports_for_token(matrix.confidential.code, "")) == set()
    # Reports filed with an account have no access link at all.
    assert set(matrix.tokens) == {"confidential", "anonymous_confidential"}
    assert matrix.ordinary.access_token_hash == ""


# --- identity ---

INSTITUTION_ROLES = ["regency_admin", "province_admin", "liaison", "other_admin", "health_liaison", "stranger"]


def _leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret.lower() in text.lower()]


@pytest.mark.parametrize("role", INSTITUTION_ROLES)
@pytest.mark.parametrize("which", ["anonymous", "anonymous_confidential"])
def test_institution_users_never_get_an_anonymous_reporters_identity(
    world: Any, matrix: Matrix, role: str, which: str
) -> None:
    report = getattr(matrix, which)
    viewer = Viewer(getattr(world, role))
    label = visibility.reporter_label(viewer, report)
    assert label == visibility.pseudonym(report)
    assert not _leaks(label)
    assert visibility.reporter_identity(viewer, report) is None
    title, body = visibility.handler_text(viewer, report)
    assert not _leaks(title), title
    assert not _leaks(body), body
    assert "[nama disembunyikan]" in title
    assert "Jalan utama Desa Bodas berlubang" in body  # the substance stays
    public_title, public_body = visibility.public_text(report)
    assert not _leaks(public_title + public_body)


def test_pseudonym_is_stable_per_report_and_differs_between_reports(matrix: Matrix) -> None:
    first = visibility.pseudonym(matrix.anonymous)
    assert first == visibility.pseudonym(Report.objects.get(pk=matrix.anonymous.pk))
    assert first != visibility.pseudonym(matrix.anonymous_confidential)
    assert NAME not in first


def test_handlers_of_an_ordinary_report_see_the_name_but_not_contacts(world: Any, matrix: Matrix) -> None:
    for user in (world.regency_admin, world.liaison):
        viewer = Viewer(user)
        assert visibility.reporter_label(viewer, matrix.ordinary) == NAME
        assert visibility.reporter_identity(viewer, matrix.ordinary) is None
        assert visibility.handler_text(viewer, matrix.ordinary) == (TITLE, BODY)
    # Those not handling it get a pseudonym.
    for user in (world.other_admin, world.health_liaison, world.stranger):
        assert visibility.reporter_label(Viewer(user), matrix.ordinary) == visibility.pseudonym(matrix.ordinary)


def test_verifier_and_reporter_see_identity(world: Any, matrix: Matrix) -> None:
    expected = {"name": NAME, "phone": "+6281234567890", "email": EMAIL, "nik": NIK}
    for user in (world.verifier, world.citizen):
        viewer = Viewer(user)
        assert visibility.reporter_label(viewer, matrix.anonymous) == NAME
        assert visibility.reporter_identity(viewer, matrix.anonymous) == expected
        assert visibility.handler_text(viewer, matrix.anonymous) == (TITLE, BODY)
    assert visibility.reporter_identity(Viewer(world.verifier), matrix.anonymous_confidential) == expected
    # The citizen did not file the confidential reports.
    assert visibility.reporter_identity(Viewer(world.citizen), matrix.anonymous_confidential) is None


def test_oversight_sees_identity_only_through_a_logged_reveal(world: Any, matrix: Matrix) -> None:
    report = matrix.anonymous
    viewer = Viewer(world.oversight)
    assert visibility.reporter_label(viewer, report) == visibility.pseudonym(report)
    assert visibility.reporter_identity(viewer, report) is None
    title, body = visibility.handler_text(viewer, report)
    assert not _leaks(title + body)

    oversight = world.actor(world.oversight)
    refused("missing_field", report, lifecycle.reveal_identity, oversight, report, reason="perlu tahu")
    refused("missing_field", report, lifecycle.reveal_identity, oversight, report, reason=" " * 30)
    # Nobody but oversight may reveal, whatever the reason.
    reason = "Pemeriksaan dugaan maladministrasi nomor 12/ORI/2026"
    for user in (world.regency_admin, world.liaison, world.province_admin, world.verifier, world.citizen):
        refused("forbidden", report, lifecycle.reveal_identity, world.actor(user), report, reason=reason)
    refused("forbidden", report, lifecycle.reveal_identity, Actor(), report, reason=reason)
    assert IdentityReveal.objects.count() == 0

    revealed = lifecycle.reveal_identity(oversight, report, reason=reason, at=T0 + timedelta(days=3))
    assert revealed == {"name": NAME, "phone": "+6281234567890", "email": EMAIL, "nik": NIK}
    reveal = IdentityReveal.objects.get()
    assert (reveal.report_id, reveal.user_id, reveal.reason) == (report.pk, world.oversight.pk, reason)
    assert reveal.created_at == T0 + timedelta(days=3)
    event = ReportEvent.objects.filter(report=report).order_by("-seq").first()
    assert event.kind == "identity_revealed"
    assert event.audience == EventAudience.INTERNAL
    assert event.internal_note == reason
    assert event.actor_user_id == world.oversight.pk
    assert event.public_text == ""
    # The reveal is an internal event: not for the reporter, not for the public, and it changes no status.
    reloaded = Report.objects.get(pk=report.pk)
    assert reloaded.status == report.status
    assert event not in visibility.events_for(Viewer(world.citizen), reloaded)
    assert event not in visibility.events_for(Viewer(None), reloaded)
    # Revealing once does not make the identity part of oversight's ordinary view.
    assert visibility.reporter_identity(viewer, reloaded) is None


def test_oversight_reads_confidential_reports(world: Any, matrix: Matrix) -> None:
    viewer = Viewer(world.oversight)
    assert viewer.can_see(matrix.anonymous_confidential)
    report = matrix.anonymous_confidential
    assert visibility.events_for(viewer, report).count() == report.event_count


# --- text ---


def test_public_text_redacts_personal_data_of_anyone(world: Any, file_report: Any) -> None:
    body = (
        "Pak Budi (NIK 3326 0112 3456 0002, HP +62 813-1111-2222, budi.s@contoh.go.id) menarik pungutan liar "
        "di kantor desa; saksi bisa dihubungi di (0285) 381234 atau 0857 1234 5678."
    )
    sub = file_report(title="Pungutan liar 0813-1111-2222", body=body, at=T0)
    report = lifecycle.verify(
        world.actor(world.verifier), sub.report, institution=world.regency, at=T0 + timedelta(hours=1)
    )
    title, text = visibility.public_text(report)
    for secret in ("3326 0112 3456 0002", "813-1111-2222", "budi.s@contoh.go.id", "381234", "1234 5678"):
        assert secret not in title + text
    assert "[NIK disembunyikan]" in text
    assert "[email disembunyikan]" in text
    assert text.count("[nomor telepon disembunyikan]") == 3
    assert title == "Pungutan liar [nomor telepon disembunyikan]"
    assert "menarik pungutan liar di kantor desa" in text
    # The original stays internal, unchanged.
    assert Report.objects.get(pk=report.pk).body == body


def test_public_text_of_an_ordinary_report_hides_the_reporters_details(matrix: Matrix) -> None:
    title, body = visibility.public_text(matrix.ordinary)
    assert not _leaks(title + body)


def test_verifier_approved_public_text_is_redacted_too(world: Any, file_report: Any) -> None:
    sub = file_report(anonymous=True, at=T0)
    report = lifecycle.verify(
        world.actor(world.verifier),
        sub.report,
        institution=world.regency,
        at=T0 + timedelta(hours=1),
        public_title="Jalan rusak di Bodas",
        public_body=f"Laporan dari {NAME}, kontak {EMAIL} / 081234567890.",
    )
    stored = Report.objects.get(pk=report.pk)
    assert not _leaks(stored.public_title + stored.public_body)
    assert visibility.public_text(stored)[0] == "Jalan rusak di Bodas"
    assert not _leaks("".join(visibility.public_text(stored)))


# --- history ---


@pytest.fixture
def history(world: Any, matrix: Matrix) -> Matrix:
    """The ordinary report gets an internal note, a message to the reporter and a reply."""
    admin = world.actor(world.regency_admin)
    at = T0 + timedelta(hours=3)
    lifecycle.note(admin, matrix.ordinary, message="Cek anggaran pemeliharaan dulu.", at=at)
    lifecycle.comment(admin, matrix.ordinary, message="Mohon kirim foto lokasi yang lebih jelas.", at=at)
    lifecycle.reply(world.actor(world.citizen), matrix.ordinary, message="Foto menyusul besok.", at=at)
    matrix.ordinary = Report.objects.select_related("institution", "unit", "intake_institution").get(
        pk=matrix.ordinary.pk
    )
    return matrix


def _kinds_and_audiences(queryset: Any) -> list[tuple[str, str]]:
    return list(queryset.values_list("kind", "audience"))


def test_staff_read_the_whole_history_with_internal_notes(world: Any, history: Matrix) -> None:
    report = history.ordinary
    everything = list(report.events.order_by("seq").values_list("kind", "audience"))
    assert ("note", EventAudience.INTERNAL) in everything
    for user in (world.regency_admin, world.liaison, world.province_admin, world.verifier, world.oversight):
        assert _kinds_and_audiences(visibility.events_for(Viewer(user), report)) == everything
    note = report.events.get(kind="note")
    assert note.internal_note == "Cek anggaran pemeliharaan dulu."


def test_reporter_sees_no_internal_events(world: Any, history: Matrix) -> None:
    report = history.ordinary
    seen = _kinds_and_audiences(visibility.events_for(Viewer(world.citizen), report))
    assert [kind for kind, _ in seen] == ["submitted", "verified", "assigned", "staff_message", "reporter_replied"]
    assert all(audience != EventAudience.INTERNAL for _, audience in seen)
    # The same through the access link's view for a reporter without an account.
    confidential = history.confidential
    lifecycle.note(world.actor(world.liaison), confidential, message="Internal saja.", at=T0 + timedelta(hours=4))
    assert "note" in kinds_of(confidential.events.all())
    assert "note" not in kinds_of(visibility.reporter_events(confidential))


def kinds_of(queryset: Any) -> list[str]:
    return list(queryset.values_list("kind", flat=True))


def test_public_sees_only_public_events_of_public_reports(world: Any, history: Matrix) -> None:
    report = history.ordinary
    for viewer in (Viewer(None), Viewer(world.stranger), Viewer(world.other_admin), Viewer(world.health_liaison)):
        seen = _kinds_and_audiences(visibility.events_for(viewer, report))
        assert seen == [("submitted", "public"), ("verified", "public"), ("assigned", "public")]
        # Neither confidential nor unverified reports have a public history.
        for hidden in (history.confidential, history.anonymous_confidential, history.unverified):
            assert not visibility.events_for(viewer, hidden).exists()


def test_a_reporter_of_a_confidential_report_reads_it_but_the_public_does_not(world: Any, matrix: Matrix) -> None:
    report = matrix.confidential
    assert report not in visibility.public_reports()
    assert visibility.reports_for_token(report.code, matrix.tokens["confidential"]).get() == report
    assert kinds_of(visibility.reporter_events(report)) == ["submitted", "verified", "assigned"]
    assert not visibility.events_for(Viewer(None), report).exists()


def test_archived_and_unverified_reports_never_public(world: Any, file_report: Any) -> None:
    verifier = world.actor(world.verifier)
    spam = file_report(at=T0).report
    lifecycle.archive(verifier, spam, reason="spam", at=T0 + timedelta(hours=1))
    waiting = file_report(at=T0).report
    lifecycle.request_info(verifier, waiting, message="Mohon sebutkan lokasi persisnya.", at=T0 + timedelta(hours=1))
    assert codes(visibility.public_reports()) == set()
    for report in (spam, waiting):
        assert not visibility.is_public(Report.objects.get(pk=report.pk))
