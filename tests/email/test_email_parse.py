"""Reading mail: codes and tags in subjects, quoted text in replies, HTML, loops (no database)."""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from email_support import PDF, png

from aduan.channels.email.parse import external_id, html_to_text, parse, strip_quoted


def raw(subject: str = "Halo", body: str = "Isi", **headers: str) -> bytes:
    message = EmailMessage()
    message["From"] = headers.pop("From", "Budi <Budi@Warga.Test>")
    message["To"] = "lapor@aduan.test"
    message["Subject"] = subject
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message.as_bytes()


@pytest.mark.parametrize(
    ("subject", "code"),
    [
        ("Re: [Aduan] Laporan Anda telah kami terima [K7M4-Q2X9]", "K7M4-Q2X9"),
        ("Balas: [k7m4q2x9] masih rusak", "K7M4-Q2X9"),
        ("[ASPIRASI] Taman kota", None),  # a tag, not a code, though it has eight letters
        ("Jalan rusak", None),
        ("[ABCD-EFGU]", None),  # U is not in Crockford's alphabet
    ],
)
def test_code_in_subject(subject: str, code: str | None) -> None:
    assert parse(raw(subject)).code == code


def test_tags_and_title() -> None:
    mail = parse(raw("Fwd: RE: [ANONIM] [rahasia] [Aspirasi]  Pungutan   liar"))
    assert mail.tags == {"anonymous", "confidential", "aspiration"}
    assert mail.title == "Pungutan liar"
    assert (mail.sender, mail.sender_name) == ("budi@warga.test", "Budi")


def test_title_falls_back_to_the_first_line() -> None:
    assert parse(raw("", "\n\nSampah menumpuk di pasar.\nSudah seminggu.")).title == "Sampah menumpuk di pasar."


@pytest.mark.parametrize(
    "reply",
    [
        "Masih rusak.\n\nOn Mon, 2 Mar 2026 at 10:00, Aduan <noreply@aduan.test> wrote:\n> Laporan diterima\n",
        "Masih rusak.\n\nPada Sen, 2 Mar 2026 pukul 10.00 Aduan <\nnoreply@aduan.test> menulis:\n> Laporan\n",
        "Masih rusak.\n\n-----Original Message-----\nFrom: Aduan\nSent: Monday\n",
        "Masih rusak.\n\nFrom: Aduan <noreply@aduan.test>\nSent: Monday, 2 March 2026 10:00\nTo: Budi\n",
        "> Laporan diterima\nMasih rusak.\n-- \nBudi Santoso\nRT 03",
    ],
)
def test_quoted_text_and_signature_are_stripped_from_replies(reply: str) -> None:
    assert parse(raw("Re: [K7M4-Q2X9]", reply)).reply_text == "Masih rusak."


def test_a_line_beginning_with_dari_is_not_a_quote() -> None:
    text = "Dari: warga RT 03\nJalan masih rusak."
    assert strip_quoted(text) == text


def test_html_is_read_as_text_without_the_quoted_part() -> None:
    markup = (
        "<div>Masih&nbsp;rusak<br>parah</div><style>p{color:red}</style>"
        '<div class="gmail_quote">On Mon wrote:<blockquote>lama</blockquote></div>'
    )
    assert html_to_text(markup) == "Masih rusak\nparah"


def test_attachments_keep_images_and_documents_only() -> None:
    message = EmailMessage()
    message["From"] = "budi@warga.test"
    message["Subject"] = "Foto"
    message.set_content("Lihat lampiran.")
    message.add_attachment(png(), maintype="image", subtype="png", filename="foto.png")
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="surat.pdf")
    message.add_attachment(b"BEGIN:VCARD\r\nEND:VCARD\r\n", maintype="text", subtype="vcard", filename="budi.vcf")
    mail = parse(message.as_bytes())
    assert [name for name, _ in mail.attachments] == ["foto.png", "surat.pdf"]


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto_Submitted": "auto-replied"},
        {"Precedence": "bulk"},
        {"List_Id": "<warga.lists.test>"},
        {"From": "MAILER-DAEMON@mx.warga.test"},
    ],
)
def test_automatic_mail_is_recognised(headers: dict[str, str]) -> None:
    assert parse(raw(**headers)).automatic


def test_a_person_is_not_automatic() -> None:
    assert not parse(raw(Auto_Submitted="no")).automatic


def test_messages_without_message_id_are_known_by_their_bytes() -> None:
    data = raw()
    assert parse(data).message_id == ""
    assert external_id(data, "") == external_id(data, "")
    assert external_id(data, "") != external_id(data + b"x", "")


def test_broken_charset_does_not_stop_reading() -> None:
    data = (
        b"From: budi@warga.test\r\nSubject: Jalan\r\nContent-Type: text/plain; charset=x-tidak-ada\r\n"
        b"\r\nJalan rusak \xe9 parah.\r\n"
    )
    assert "Jalan rusak" in parse(data).text
