"""/kantor/laporan/<code>/: the staff view of one report — text, reporter, timeline, attachments, similar."""

from __future__ import annotations

import io

from PIL import Image

from aduan.reports import lifecycle
from aduan.reports.models import Attachment, Category

from .helpers import html


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_staff_only_and_unknown_codes_404(world, client, client_for, file_report):
    report = file_report().report
    anonymous_visit = client.get(f"/kantor/laporan/{report.code}/")
    assert anonymous_visit.status_code == 302 and anonymous_visit["Location"].startswith("/masuk/")
    assert client_for(world.citizen).get(f"/kantor/laporan/{report.code}/").status_code == 403
    verifier = client_for(world.verifier)
    assert verifier.get("/kantor/laporan/ZZZZ-ZZZZ/").status_code == 404
    assert verifier.get("/kantor/laporan/bukan-kode/").status_code == 404
    # Not yet routed: no institution reads it yet.
    assert client_for(world.regency_admin).get(f"/kantor/laporan/{report.code}/").status_code == 404
    # Codes are read the way people type them.
    assert verifier.get(f"/kantor/laporan/{report.code.lower().replace('-', '')}/").status_code == 200


def test_the_page_shows_the_report(world, client_for, file_report):
    report = file_report(address="Jl. Raya Bodas No. 3").report
    page = html(client_for(world.verifier).get(f"/kantor/laporan/{report.code}/"))
    assert report.title in page and "membahayakan pengendara" in page
    assert 'id="reporter-label">Siti Rahmawati<' in page
    assert "Jl. Raya Bodas No. 3" in page
    assert "Belum terverifikasi" in page
    assert 'id="reporter-identity"' in page  # the verifier screens reporters


def test_a_handler_of_an_ordinary_report_sees_the_name_only(world, client_for, routed):
    report = routed()
    page = html(client_for(world.regency_admin).get(f"/kantor/laporan/{report.code}/"))
    assert 'id="reporter-label">Siti Rahmawati<' in page
    assert 'id="reporter-identity"' not in page
    assert "siti@example.id" not in page and "3326011234560001" not in page


def test_timeline_keeps_internal_events_apart(world, client_for, routed):
    report = routed()
    admin = world.actor(world.regency_admin)
    lifecycle.note(admin, report, message="Tim survei berangkat Kamis.")
    lifecycle.comment(admin, report, message="Mohon kirim foto tambahan lewat balasan.")
    page = html(client_for(world.regency_admin).get(f"/kantor/laporan/{report.code}/"))
    timeline = page.split('id="timeline"')[1].split("</ol>")[0]
    items = timeline.split("<li ")[1:]
    by_kind = {item.split('data-kind="')[1].split('"')[0]: item for item in items}
    assert list(by_kind) == ["submitted", "verified", "note", "staff_message"]
    assert 'class="event audience-internal internal"' in by_kind["note"]
    assert "Tim survei berangkat Kamis." in by_kind["note"]
    assert "Internal petugas" in by_kind["note"]
    assert "audience-public" in by_kind["verified"] and "Publik" in by_kind["verified"]
    assert "audience-reporter" in by_kind["staff_message"]


def test_attachments_link_to_the_attachment_view(world, client_for, file_report):
    report = file_report(attachments=[("foto-jalan.png", png())]).report
    attachment = Attachment.objects.get(report=report)
    page = html(client_for(world.verifier).get(f"/kantor/laporan/{report.code}/"))
    assert f'<a href="/lampiran/{attachment.pk}/">foto-jalan.png</a>' in page


def test_similar_reports_same_category_and_district(world, client_for, file_report):
    report = file_report().report
    neighbours = [file_report(title=f"Jalan rusak {i}").report for i in range(6)]
    other_category = Category.objects.create(code="lampu-jalan", name="Lampu Jalan")
    file_report(title="Lampu mati", category=other_category.code)
    file_report(title="Di kota", region="33.75")
    page = html(client_for(world.verifier).get(f"/kantor/laporan/{report.code}/"))
    similar = page.split('id="similar"')[1].split("</ul>")[0]
    listed = [chunk.split('"')[0] for chunk in similar.split('<li data-code="')[1:]]
    assert len(listed) == 5
    assert set(listed) <= {n.code for n in neighbours}
    assert report.code not in listed
    assert "Lampu mati" not in similar and "Di kota" not in similar
    # The verifier may pick one as the merge target.
    assert 'data-target="merge-into"' in similar


def test_similar_reports_respect_visibility(world, client_for, routed):
    ours = routed()
    routed(institution="pemkot-33-75", title="Punya kota")  # same category and district, other holder
    page = html(client_for(world.regency_admin).get(f"/kantor/laporan/{ours.code}/"))
    assert "Punya kota" not in page
