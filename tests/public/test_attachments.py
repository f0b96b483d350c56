"""`/lampiran/<id>/`: the public gets the copy without EXIF of a public report's public attachments, under
a neutral name; handlers and the reporter get the original; everything else is 404."""

from __future__ import annotations

from django.test import Client

from aduan.reports import lifecycle

from .helpers import MP4, PDF, exif_of, has_gps, photo, signed_in


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_public_gets_the_photo_without_exif(sensitive) -> None:
    original = sensitive.photo.file.open("rb").read()
    assert has_gps(original)  # the reporter's phone put the position of the house in it
    response = Client().get(f"/lampiran/{sensitive.photo.pk}/")
    assert response.status_code == 200
    data = body(response)
    assert data != original
    assert not has_gps(data)
    assert exif_of(data) == {}
    assert b"Samsung" not in data
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'inline; filename="lampiran-{sensitive.photo.pk}.jpg"'
    assert "rumah_bambang" not in response["Content-Disposition"]  # the original name can identify
    assert "public" in response["Cache-Control"]


def test_private_attachments_are_404_for_the_public(sensitive) -> None:
    client = Client()
    for attachment in (sensitive.secret_photo, sensitive.reply_photo):
        assert client.get(f"/lampiran/{attachment.pk}/").status_code == 404
    assert client.get("/lampiran/999999/").status_code == 404
    assert client.get("/lampiran/abc/").status_code == 404


def test_unverified_reports_attachments_are_404(world, file_report, media) -> None:
    report = file_report(attachments=[("foto.jpg", photo())]).report
    assert Client().get(f"/lampiran/{report.attachments.get().pk}/").status_code == 404


def test_a_withheld_attachment_is_404_for_the_public(sensitive) -> None:
    type(sensitive.photo).objects.filter(pk=sensitive.photo.pk).update(is_public=False)
    assert Client().get(f"/lampiran/{sensitive.photo.pk}/").status_code == 404


def test_handlers_and_oversight_get_the_original(world, sensitive) -> None:
    for user in (world.regency_admin, world.verifier, world.oversight):
        client = signed_in(user)
        for attachment in (sensitive.photo, sensitive.secret_photo, sensitive.reply_photo):
            response = client.get(f"/lampiran/{attachment.pk}/")
            assert response.status_code == 200, (user, attachment)
            data = body(response)
            assert exif_of(data)[0x010F] == "Samsung"
            assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
            assert attachment.original_name in response["Content-Disposition"]


def test_staff_of_another_institution_are_the_public(world, sensitive) -> None:
    client = signed_in(world.other_admin)
    assert client.get(f"/lampiran/{sensitive.secret_photo.pk}/").status_code == 404
    data = body(client.get(f"/lampiran/{sensitive.photo.pk}/"))
    assert not has_gps(data)


def test_the_reporter_gets_the_original(world, file_report, media) -> None:
    report = file_report(
        actor=world.actor(world.citizen), confidential=True, attachments=[("foto.jpg", photo())]
    ).report
    attachment = report.attachments.get()
    assert Client().get(f"/lampiran/{attachment.pk}/").status_code == 404
    response = signed_in(world.citizen).get(f"/lampiran/{attachment.pk}/")
    assert response.status_code == 200
    assert exif_of(body(response)).get(0x8825) is not None
    assert signed_in(world.stranger).get(f"/lampiran/{attachment.pk}/").status_code == 404


def test_the_reporter_by_secret_link_gets_the_original(sensitive) -> None:
    url = f"/lampiran/{sensitive.reply_photo.pk}/"
    assert Client().get(url, {"t": "salah"}).status_code == 404
    response = Client().get(url, {"t": sensitive.anonymous_token})
    assert response.status_code == 200
    assert has_gps(body(response))


def test_documents_inline_and_other_files_as_downloads(world, file_report, media) -> None:
    sub = file_report(attachments=[("surat.pdf", PDF), ("video.mp4", MP4)])
    lifecycle.verify(world.actor(world.verifier), sub.report, institution="pemkab-33-26")
    by_type = {a.content_type: a for a in sub.report.attachments.all()}
    pdf = Client().get(f"/lampiran/{by_type['application/pdf'].pk}/")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("inline;")
    assert body(pdf) == PDF
    video = Client().get(f"/lampiran/{by_type['video/mp4'].pk}/")
    assert video["Content-Type"] == "video/mp4"
    assert video["Content-Disposition"].startswith("attachment;")
    assert video["X-Content-Type-Options"] == "nosniff"


def test_a_missing_file_is_404_not_500(sensitive) -> None:
    sensitive.photo.public_file.storage.delete(sensitive.photo.public_file.name)
    assert Client().get(f"/lampiran/{sensitive.photo.pk}/").status_code == 404


def test_only_get_and_head(sensitive) -> None:
    url = f"/lampiran/{sensitive.photo.pk}/"
    assert Client().head(url).status_code == 200
    assert Client().post(url).status_code == 405
