"""Indonesian normalisation: words, reduplication, stopwords, stems; query parsing; highlights."""

from __future__ import annotations

import pytest

from aduan.search import text


def test_stemming_finds_the_base_words() -> None:
    assert text.terms("Jalanan yang berlubang-lubang") == ["jalan", "lubang", "lubang"]
    assert text.parse("jalan berlubang").include == ("jalan", "lubang")
    assert set(text.terms("Jalanan yang berlubang-lubang")) >= set(text.parse("jalan berlubang").include)
    assert text.terms("pungutan liar di sekolah") == ["pungut", "liar", "sekolah"]
    assert text.terms("Pelayanan Kesehatan") == ["layan", "sehat"]


def test_stopwords_and_placeholders_are_not_terms() -> None:
    assert text.terms("yang dan di ke dari untuk dengan pada ini itu") == []
    assert "yang" in text.stopwords() and "jalan" not in text.stopwords()
    # Words complaints are about stay searchable even where Tala's list drops them.
    assert text.terms("ibu hamil kecelakaan kerja") == ["ibu", "hamil", "celaka", "kerja"]
    # Redaction placeholders are not words of the report.
    assert text.terms("rumah [nama disembunyikan] dan [nomor telepon disembunyikan]") == ["rumah"]


def test_text_is_folded_and_bounded() -> None:
    assert text.terms("KTP-el Café ÉLAN") == ["ktp", "el", "cafe", "elan"]
    assert text.terms("a" * 500) == ["a" * text.MAX_WORD]
    assert text.terms("<script>alert(1)</script>") == ["script", "alert", "1", "script"]


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("x" * 10_000, "query_too_long"),
        ("yang di dan", "query_only_stopwords"),
        ("!!! ??? ***", "query_no_words"),
        ("", "query_no_words"),
        ("-banjir", "query_only_excluded"),
    ],
)
def test_unsearchable_queries_say_why(raw: str, code: str) -> None:
    with pytest.raises(text.QueryError) as caught:
        text.parse(raw)
    assert caught.value.code == code
    assert caught.value.message  # an Indonesian sentence for the citizen


def test_query_terms_are_capped_and_negation_is_read() -> None:
    words = " ".join(f"w{n}" for n in range(30))
    query = text.parse(words)
    assert len(query.include) == text.MAX_QUERY_TERMS and query.dropped == 30 - text.MAX_QUERY_TERMS
    query = text.parse('"banjir" -jalan sekolah sekolah')
    assert query.include == ("banjir", "sekolah") and query.exclude == ("jalan",)


def test_highlights_escape_and_mark_by_stem() -> None:
    stems = text.parse("jalan berlubang").stems
    html = text.highlight("<b>Jalanan</b> berlubang-lubang & rusak", stems)
    assert html == "&lt;b&gt;<mark>Jalanan</mark>&lt;/b&gt; <mark>berlubang-lubang</mark> &amp; rusak"
    long = " ".join(["kata"] * 60 + ["banjir"] + ["lain"] * 60)
    snip = text.snippet(long, text.parse("banjir").stems)
    assert "<mark>banjir</mark>" in snip and snip.startswith("… ") and snip.endswith(" …")
    assert len(snip.split()) < 40
