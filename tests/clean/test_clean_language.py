"""Specification of a post's language: the page's declaration, else its text's."""

from __future__ import annotations

import gzip

import pytest

from pipeline.clean import clean
from pipeline.records import RawPage
from tests.support.cleaning import clean_bytes
from tests.support.paths import FIXTURES, corpus_pages, require_corpus

_GERMAN = ("Nach dem Lauftraining dehne ich jeden Abend die Waden an der Wand, drei Sätze zu je dreißig Sekunden. "
           "Seit ich das mache, sind die Schmerzen an der Achillessehne fast verschwunden.")
_ENGLISH = ("After every run I stretch my calves against a wall, three sets of thirty seconds each. Since I "
            "started doing that, the pain in my Achilles tendon has almost gone.")
_FRENCH = ("Après chaque sortie, j'étire mes mollets contre un mur, trois séries de trente secondes. Depuis que "
           "je le fais, la douleur au tendon d'Achille a presque disparu.")


def _page(text: str, html_attributes: str = "") -> bytes:
    return (f"<!DOCTYPE html><html{html_attributes}><head><meta charset='utf-8'><title>Waden</title></head><body>"
            f"<article><h1>Waden dehnen</h1><div class='entry-content'><p>{text}</p><p>{text}</p></div>"
            f"</article></body></html>").encode()


@pytest.mark.parametrize(("text", "expected"), [(_GERMAN, "de"), (_ENGLISH, "en"), (_FRENCH, "fr")])
def test_a_page_that_declares_no_language_gets_the_language_of_its_text(text, expected) -> None:
    assert clean_bytes(_page(text)).language == expected


def test_the_language_a_page_declares_is_kept_even_when_its_text_reads_otherwise() -> None:
    assert clean_bytes(_page(_GERMAN, " lang='en-US'")).language == "en-us"
    assert clean_bytes(_page(_ENGLISH, " lang='de-DE'")).language == "de-de"


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("post.txt", "Waden dehnen\n\n" + _GERMAN, "de"),
    ("post.md", "# Calf stretches\n\n" + _ENGLISH, "en"),
])
def test_a_plain_text_or_markdown_post_gets_the_language_of_its_text(name, text, expected) -> None:
    assert clean_bytes(text.encode(), path=name).language == expected


def test_every_plain_text_fixture_post_has_a_language() -> None:
    posts = sorted((FIXTURES / "posts").glob("*.txt"))
    assert posts
    for path in posts:
        assert clean_bytes(path.read_bytes(), path=str(path)).language == "en", path.name


def test_every_corpus_post_has_a_language_and_a_declared_one_is_kept() -> None:
    require_corpus()
    pages = corpus_pages()
    assert len(pages) == 55
    for path in pages:
        data = path.read_bytes()
        data = gzip.decompress(data) if path.name.endswith(".gz") else data
        post = clean(RawPage(str(path), data, None, None, None))
        assert post.language, path
        head = data[:4000].decode("utf-8", "replace").lower()
        declared = head.split("<html", 1)[1].split(">", 1)[0] if "<html" in head else ""
        if " lang=" in declared:      # <html lang="de-DE">: the page's own word, as it wrote it
            assert post.language in declared, (path, post.language)
