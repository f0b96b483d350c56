"""Tracking codes, redaction, identity crypto and phone normalisation."""

from __future__ import annotations

import re

import pytest

from aduan.core import crypto, hashchain, trackcode
from aduan.core.phones import normalize_phone
from aduan.core.redaction import redact


def test_tracking_codes_are_crockford_and_read_forgivingly() -> None:
    codes = {trackcode.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", code) for code in codes)
    assert trackcode.normalize("k7m4 q2x9") == "K7M4-Q2X9"
    assert trackcode.normalize("K7M4-Q2XO") == "K7M4-Q2X0"  # O read as zero
    assert trackcode.normalize("1L1I-0000") == "1111-0000"
    assert trackcode.normalize("K7M4-Q2X") is None
    assert trackcode.normalize("K7M4-Q2XU") is None  # U is not in the alphabet


def test_redaction_masks_personal_data() -> None:
    text = (
        "Saya Siti, NIK 3326011234560001, HP 0812-3456-7890 atau +62 812 3456 7890, "
        "email siti.r@example.id. Jalan rusak sejak 2024 sepanjang 200 meter."
    )
    out = redact(text, known=["Siti"])
    for secret in ("3326011234560001", "0812-3456-7890", "+62 812 3456 7890", "siti.r@example.id", "Siti"):
        assert secret not in out
    assert "2024" in out and "200 meter" in out


def test_identity_encryption_round_trip_and_blind_index() -> None:
    sealed = crypto.encrypt_json({"name": "Budi", "phone": "+6281234567890"})
    assert "Budi" not in sealed
    assert crypto.decrypt_json(sealed) == {"name": "Budi", "phone": "+6281234567890"}
    assert crypto.blind_index("phone", "+6281234567890") == crypto.blind_index("phone", "+6281234567890")
    assert crypto.blind_index("phone", "+6281234567890") != crypto.blind_index("email", "+6281234567890")
    assert crypto.pseudonym("a") != crypto.pseudonym("b")


@pytest.mark.parametrize("raw", ["081234567890", "6281234567890", "+6281234567890", "0812-3456-7890"])
def test_indonesian_numbers_are_one_reporter(raw: str) -> None:
    assert normalize_phone(raw) == "+6281234567890"


@pytest.mark.parametrize("raw", ["", "abc", "12", "0812"])
def test_non_numbers_are_refused(raw: str) -> None:
    assert normalize_phone(raw) is None


def test_hash_chain_is_order_and_content_sensitive() -> None:
    first = hashchain.link(hashchain.GENESIS, {"a": 1, "b": "x"})
    assert first == hashchain.link(hashchain.GENESIS, {"b": "x", "a": 1})
    assert first != hashchain.link(hashchain.GENESIS, {"a": 1, "b": "y"})
    assert first != hashchain.link("f" * 64, {"a": 1, "b": "x"})
