"""The SMS command parser and the GSM-7 rules, without a database or Kannel."""

from __future__ import annotations

import pytest

from aduan.channels.kannel import commands, gsm
from aduan.core.phones import normalize_phone


@pytest.mark.parametrize(
    ("text", "kind", "code", "rest"),
    [
        ("INFO K7M4-Q2X9", "info", "K7M4-Q2X9", ""),
        ("info k7m4q2x9", "info", "K7M4-Q2X9", ""),
        ("Status K7M4 Q2X9", "info", "K7M4-Q2X9", ""),
        ("STATUS: k7m4-q2x9", "info", "K7M4-Q2X9", ""),
        ("balas K7M4-Q2X9 jalan belum diperbaiki", "reply", "K7M4-Q2X9", "jalan belum diperbaiki"),
        ("REPLY k7m4 q2x9 masih rusak", "reply", "K7M4-Q2X9", "masih rusak"),
        ("Balas K7M4-Q2X9", "reply", "K7M4-Q2X9", ""),
        # O is read as 0 and I/L as 1, as the tracking code module reads them.
        ("INFO K7M4-QOXI", "info", "K7M4-Q0X1", ""),
    ],
)
def test_commands_in_any_case(text: str, kind: str, code: str, rest: str) -> None:
    command = commands.parse(text)
    assert (command.kind, command.code, command.text) == (kind, code, rest)


def test_any_other_text_is_a_new_report() -> None:
    command = commands.parse("  Jalan   di desa Bodas\tberlubang  besar ")
    assert command.kind == "report"
    assert command.text == "Jalan di desa Bodas berlubang besar"
    assert not command.anonymous and not command.confidential


def test_a_report_beginning_with_info_is_still_a_report() -> None:
    command = commands.parse("Info: lampu jalan mati sejak seminggu")
    assert command.kind == "report"
    assert command.text == "Info: lampu jalan mati sejak seminggu"


def test_keyword_alone_or_without_code_asks_for_the_format() -> None:
    assert commands.parse("INFO") == commands.Command("usage", keyword="INFO")
    assert commands.parse("balas") == commands.Command("usage", keyword="BALAS")
    assert commands.parse("BALAS kemarin jalan rusak").kind == "usage"


def test_empty_and_blank_messages() -> None:
    assert commands.parse("").kind == "empty"
    assert commands.parse(" \t \n ").kind == "empty"
    assert commands.parse("\x00\x1b").kind == "empty"


def test_leading_flags_make_a_report_anonymous_or_confidential() -> None:
    command = commands.parse("anonim RAHASIA pungli di kantor desa")
    assert command.kind == "report"
    assert command.anonymous and command.confidential
    assert command.text == "pungli di kantor desa"
    # A single word is the report itself, not a flag.
    assert commands.parse("Rahasia").text == "Rahasia"


def test_title_is_the_first_words() -> None:
    text = "Jalan utama Desa Bodas berlubang dalam sejak bulan lalu dan membahayakan pengendara motor"
    title = commands.title_of(text)
    assert len(title) <= commands.TITLE_LENGTH
    assert title.endswith("…")
    assert text.startswith(title[:-1])
    assert commands.title_of("Lampu mati") == "Lampu mati"


@pytest.mark.parametrize("raw", ["081234567890", "6281234567890", "+6281234567890", "+62 812-3456-7890"])
def test_indonesian_numbers_are_one_reporter(raw: str) -> None:
    assert normalize_phone(raw) == "+6281234567890"


@pytest.mark.parametrize("raw", ["", "abc", "TELKOMSEL", "12"])
def test_a_sender_that_is_not_a_number(raw: str) -> None:
    assert normalize_phone(raw) is None


def test_gsm7_alphabet() -> None:
    assert gsm.is_gsm7("Laporan K7M4-Q2X9 diterima. Biaya: €5 [kurung] {x} é à ñ")
    assert not gsm.is_gsm7("Rp 10.000 — ✓")
    assert not gsm.is_gsm7("مرحبا")
    assert not gsm.is_gsm7("😀")
    assert gsm.septets("€[]") == 6


def test_parts_and_fit() -> None:
    assert gsm.parts("a" * 160) == 1
    assert gsm.parts("a" * 161) == 2
    assert gsm.parts("✓" * 70) == 1
    assert gsm.parts("✓" * 71) == 2
    assert gsm.parts("😀" * 35) == 1  # two UTF-16 units each
    long = "kata " * 200
    cut = gsm.fit(long, 3)
    assert gsm.parts(cut) == 3 and cut.endswith("...")
    cut = gsm.fit("✓ " * 200, 2)
    assert gsm.parts(cut) == 2 and cut.endswith("…")
    assert gsm.fit("pendek", 1) == "pendek"
