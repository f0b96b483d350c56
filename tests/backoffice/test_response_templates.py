"""Response templates: kept by institution admins at /kantor/templat/, offered on the respond form of the
institution and every unit below it, to prefill the response."""

from __future__ import annotations

from aduan.backoffice.models import ResponseTemplate

from .helpers import html


def test_admin_keeps_templates_for_its_institution_and_units(world, client_for):
    client = client_for(world.regency_admin)
    page = html(client.get("/kantor/templat/"))
    options = page.split('id="id_institution"')[1].split("</select>")[0]
    assert f'value="{world.regency.pk}"' in options and f'value="{world.dinas_pu.pk}"' in options
    assert f'value="{world.other_regency.pk}"' not in options
    response = client.post(
        "/kantor/templat/",
        {"institution": world.regency.pk, "title": "Jalan sudah diperbaiki", "body": "Terima kasih, jalan sudah..."},
    )
    assert response.status_code == 302
    template = ResponseTemplate.objects.get()
    assert template.institution == world.regency
    refused = client.post("/kantor/templat/", {"institution": world.other_regency.pk, "title": "x", "body": "y"})
    assert refused.status_code == 200 and ResponseTemplate.objects.count() == 1
    assert client_for(world.other_admin).post(f"/kantor/templat/{template.pk}/hapus/").status_code == 404
    client.post(f"/kantor/templat/{template.pk}/hapus/")
    assert not ResponseTemplate.objects.exists()
    assert client_for(world.liaison).get("/kantor/templat/").status_code == 403


def test_the_respond_form_offers_the_holders_templates(world, client_for, assigned):
    ResponseTemplate.objects.create(institution=world.regency, title="Sudah ditambal", body="Lubang sudah ditambal.")
    ResponseTemplate.objects.create(institution=world.dinas_pu, title="Survei", body="Tim kami akan survei.")
    ResponseTemplate.objects.create(institution=world.other_regency, title="Milik kota", body="Bukan untuk kabupaten.")
    report = assigned()
    page = html(client_for(world.liaison).get(f"/kantor/laporan/{report.code}/"))
    form = page.split('id="action-respond"')[1].split("</form>")[0]
    select = form.split('id="respond-template"')[1].split("</select>")[0]
    assert 'data-template-for="respond-message"' in form
    assert 'data-body="Lubang sudah ditambal."' in select and 'data-body="Tim kami akan survei."' in select
    assert "Milik kota" not in select
