"""/kantor/instansi-cari/: the htmx institution picker — suggestions first, then matches (at most 20)."""

from __future__ import annotations

from aduan.institutions.models import Institution
from aduan.reports.models import Category

from .helpers import html


def test_suggestions_first_then_matches(world, client_for, file_report):
    Category.objects.filter(code="jalan-rusak").update(institution_kinds="regency|province")
    report = file_report().report
    response = client_for(world.verifier).get(
        "/kantor/instansi-cari/", {"q": "", "report": report.code}, HTTP_HX_REQUEST="true"
    )
    page = html(response)
    assert response.status_code == 200 and "<html" not in page
    assert page.index('data-code="pemkab-33-26"') < page.index('data-code="pemprov-33"')
    assert 'data-fill="institution"' in page
    assert "Pemerintah daerah lokasi kejadian" in page
    typed = html(client_for(world.verifier).get("/kantor/instansi-cari/", {"q": "pekalongan", "report": report.code}))
    suggestions, results = typed.split('class="options results"')
    assert 'data-code="pemkab-33-26"' in suggestions and 'data-code="pemkab-33-26"' not in results
    assert 'data-code="pemkot-33-75"' in results
    assert 'data-code="pemprov-33"' not in typed  # a suggestion that does not match what was typed


def test_results_without_a_report_and_at_most_twenty(world, client_for):
    for i in range(25):
        Institution.objects.create(code=f"dinas-{i}", slug=f"dinas-{i}", name=f"Dinas Uji {i}", kind="unit")
    page = html(client_for(world.verifier).get("/kantor/instansi-cari/", {"q": "dinas uji", "field": "proposal"}))
    assert page.count('class="option secondary"') == 20
    assert 'data-fill="proposal"' in page
    nothing = html(client_for(world.verifier).get("/kantor/instansi-cari/", {"q": "tidak ada"}))
    assert "Tidak ada instansi yang cocok" in nothing


def test_staff_only_and_report_visibility(world, client, client_for, file_report):
    report = file_report().report
    assert client.get("/kantor/instansi-cari/", {"q": "pemkab"}).status_code == 302
    assert client_for(world.citizen).get("/kantor/instansi-cari/", {"q": "pemkab"}).status_code == 403
    # A report the person cannot read gives no suggestions away.
    response = client_for(world.other_admin).get("/kantor/instansi-cari/", {"q": "", "report": report.code})
    assert response.status_code == 404


def test_the_verify_form_carries_the_picker(world, client_for, file_report):
    report = file_report().report
    page = html(client_for(world.verifier).get(f"/kantor/laporan/{report.code}/"))
    form = page.split('id="action-verify"')[1].split("</form>")[0]
    assert 'hx-get="/kantor/instansi-cari/"' in form
    assert f'"report": "{report.code}"' in form
    assert 'id="verify-results"' in form and 'data-code="pemkab-33-26"' in form
