"""Specification of the clean stage: decoding, refusals, metadata and the post body."""

from __future__ import annotations

import codecs
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from pipeline.clean import clean, post_id_of
from pipeline.errors import CleanError
from pipeline.records import RawPage
from tests.support.cleaning import clean_bytes, clean_fixture

PAGE = """<html><head>{head}<title>Hill Repeats</title></head>
<body><article><h1 class="entry-title">Hill Repeats</h1>
<div class="entry-content"><p>{text}</p></div></article></body></html>"""
TEXT = "Café au lait, then 8 × 30 s hill repeats – “easy” they said. Ça brûle!"




# -- refusals ---------------------------------------------------------------------------

def test_clean_refuses_an_empty_file_saying_so() -> None:
    with pytest.raises(CleanError, match=r"^data/raw/x\.html: file is empty$"):
        clean_bytes(b"", path="data/raw/x.html")


def test_clean_refuses_a_whitespace_only_file_as_empty() -> None:
    with pytest.raises(CleanError, match="file is empty"):
        clean_bytes(b"  \n\t ")


def test_clean_refuses_binary_content() -> None:
    with pytest.raises(CleanError, match=r"^img\.html: binary content"):
        clean_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" * 20, path="img.html")


def test_clean_refuses_plain_text_without_markup() -> None:
    with pytest.raises(CleanError, match=r"^notes\.html: plain text with no HTML markup$"):
        clean_bytes(b"Just some notes about my run today.\nFelt good.", path="notes.html")


def test_clean_refuses_markup_without_any_body_text() -> None:
    with pytest.raises(CleanError, match=r"^blank\.html: no body text"):
        clean_bytes(b"<html><head><title>x</title></head><body><script>var a;</script></body></html>",
                    path="blank.html")


def test_clean_errors_belong_to_the_clean_stage() -> None:
    with pytest.raises(CleanError) as info:
        clean_bytes(b"")
    assert info.value.stage == "clean" and info.value.path == "page.html"


def test_clean_still_cleans_a_page_cut_off_mid_tag() -> None:
    page = PAGE.format(head="", text="Twelve easy miles and a short strength session afterwards.").encode()
    post = clean_bytes(page[: page.index(b"</p>") + 2])
    assert "Twelve easy miles" in post.body_text


# -- decoding ---------------------------------------------------------------------------

@pytest.mark.parametrize("charset,codec", [("windows-1252", "cp1252"), ("iso-8859-1", "cp1252"), ("utf-8", "utf-8")])
def test_clean_honours_a_meta_charset_declared_after_the_title(charset: str, codec: str) -> None:
    filler = "<meta name='description' content='" + "x" * 3000 + "'>"
    head = filler + f'<meta charset="{charset}">'
    page = PAGE.format(head="", text=TEXT).replace("</title>", "</title>" + head).encode(codec)
    assert TEXT in clean_bytes(page).body_text


def test_clean_reads_a_late_http_equiv_content_type() -> None:
    page = PAGE.format(head="", text=TEXT).replace(
        "</title>", '</title><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">')
    assert TEXT in clean_bytes(page.encode("cp1252")).body_text


def test_clean_decodes_a_utf8_page_with_a_byte_order_mark() -> None:
    page = "\ufeff" + PAGE.format(head='<meta charset="iso-8859-1">', text=TEXT)
    post = clean_bytes(page.encode("utf-8"))
    assert TEXT in post.body_text and post.title == "Hill Repeats"


def test_clean_prefers_the_http_charset_over_the_meta_declaration() -> None:
    page = PAGE.format(head='<meta charset="utf-8">', text=TEXT).encode("cp1252")
    assert TEXT in clean_bytes(page, http_charset="windows-1252").body_text


def test_clean_falls_through_an_unknown_declared_charset() -> None:
    page = PAGE.format(head='<meta charset="no-such-charset">', text=TEXT).encode("utf-8")
    assert TEXT in clean_bytes(page).body_text


def test_clean_detects_the_encoding_of_an_undeclared_page() -> None:
    page = PAGE.format(head="", text=TEXT).encode("utf-8")
    assert TEXT in clean_bytes(page).body_text


def test_clean_accepts_an_xml_declaration() -> None:
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + PAGE.format(head="", text=TEXT)
    assert TEXT in clean_bytes(page.encode()).body_text


# -- identity and metadata ------------------------------------------------------------------

def test_clean_names_the_post_by_the_hash_of_its_bytes() -> None:
    page = PAGE.format(head="", text=TEXT).encode()
    post = clean_bytes(page)
    assert post.post_id == post_id_of(page) and len(post.post_id) == 16
    assert int(post.post_id, 16) >= 0


def test_clean_takes_the_canonical_url_over_the_fetch_url_and_derives_the_site() -> None:
    post = clean_fixture("genesis-threaded-comments.html")
    assert post.url == "https://www.kneenotes.example/clamshells-three-ways/"
    assert post.site == "kneenotes.example" and post.platform == "wordpress"


def test_clean_falls_back_to_the_fetch_url() -> None:
    post = clean_bytes(PAGE.format(head="", text=TEXT).encode(), url="https://www.hills.example/a/")
    assert post.url == "https://www.hills.example/a/" and post.site == "hills.example"


def test_clean_reads_genesis_metadata_from_theme_markup() -> None:
    post = clean_fixture("genesis-threaded-comments.html")
    assert post.title == "Clamshells Three Ways"
    assert post.author == "Dana"
    assert post.published == datetime(2021, 4, 3, 7, 30, tzinfo=timezone(timedelta(hours=-4)))
    assert post.categories == ("Strength", "Knee Rehab")  # WordPress category-* classes, last resort


def test_clean_reads_classic_wordpress_categories_tags_and_visible_german_date() -> None:
    post = clean_fixture("classic-wordpress-comments.html")
    assert post.title == "Kniebeugen richtig machen"
    assert post.author == "Jan"
    assert post.categories == ("Kraft",) and post.tags == ("Beine",)
    assert post.published is not None and post.published.date().isoformat() == "2019-06-17"


def test_clean_reads_blogger_metadata_labels_and_abbr_date() -> None:
    post = clean_fixture("blogger-threaded-comments.html")
    assert post.platform == "blogger"
    assert post.title == "Shin Splint Diary: Week One"
    assert post.author == "Kim"
    assert post.tags == ("shin splints",)
    assert post.published == datetime(2022, 3, 6, 9, 0, tzinfo=timezone(timedelta(hours=-8)))


def test_clean_strips_the_site_name_from_the_html_title() -> None:
    post = clean_fixture("disqus-placeholder.html")
    assert post.title == "Strides, Explained"


def test_clean_prefers_json_ld_when_the_page_has_it() -> None:
    head = ('<script type="application/ld+json">{"@context":"https://schema.org","@graph":['
            '{"@type":"BlogPosting","headline":"Hill Repeats","datePublished":"2020-01-02T03:04:05+01:00",'
            '"author":{"@id":"#p"},"articleSection":["Workouts","Hills"]},{"@type":"Person","@id":"#p","name":"Ola"}]}'
            "</script>")
    post = clean_bytes(PAGE.format(head=head, text=TEXT).encode())
    assert post.author == "Ola" and post.categories == ("Workouts", "Hills")
    assert post.published == datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=1)))


# -- body -------------------------------------------------------------------------------------

def test_clean_body_keeps_the_post_and_drops_share_boxes_navigation_comments_and_sidebar() -> None:
    post = clean_fixture("genesis-threaded-comments.html")
    assert "Clamshells are my favourite hip exercise. Do 3 sets of 15 on each side." in post.body_text
    for boilerplate in ("Share this", "Facebook", "About Dana", "Newsletter", "indicates required",
                        "Every other day is plenty", "Reader Interactions", "Home"):
        assert boilerplate not in post.body_text


def test_clean_body_places_a_caption_right_after_the_paragraph_it_follows() -> None:
    post = clean_fixture("genesis-threaded-comments.html")
    kinds = [(b.kind, b.text) for b in post.blocks]
    assert kinds == [
        ("paragraph", "Clamshells are my favourite hip exercise. Do 3 sets of 15 on each side."),
        ("caption", "clamshell with a mini band"),
        ("paragraph", "Add a band above the knees once that feels easy."),
    ]


def test_clean_body_offsets_point_into_body_text_joined_by_blank_lines() -> None:
    post = clean_fixture("classic-wordpress-comments.html")
    assert post.body_text == "\n\n".join(b.text for b in post.blocks)
    for block in post.blocks:
        assert post.body_text[block.start:block.end] == block.text


def test_clean_body_numbers_headings_sections_and_nested_lists() -> None:
    post = clean_fixture("classic-wordpress-comments.html")
    got = [(b.kind, b.text, b.level, b.section, b.list_id) for b in post.blocks]
    assert got == [
        ("heading", "Aufwärmen", 2, 1, None),
        ("paragraph", "Fünf Minuten locker laufen.", None, 1, None),
        ("heading", "Die Übung", 2, 2, None),
        ("list_item", "Drei Sätze", 1, 2, 1),
        ("list_item", "je zehn Wiederholungen", 2, 2, 2),
        ("list_item", "Pause: 60 Sekunden", 1, 2, 1),
        ("quote", "Langsam runter, schnell hoch.", None, 2, None),
    ]  # related posts (#jp-relatedposts) and the entry utility line are gone


def test_clean_splits_a_blogger_body_of_br_separated_text_and_divs_into_paragraphs() -> None:
    post = clean_fixture("blogger-threaded-comments.html")
    got = [(b.kind, b.text) for b in post.blocks]
    assert got == [
        ("paragraph", "Heel walks every morning."),
        ("paragraph", "Toe raises, 2 sets of 20.\nThen ice for ten minutes."),
        ("paragraph", "Calf stretch against the wall."),
        ("paragraph", "Rest day on Sunday."),
        ("caption", "my ice bucket"),
    ]


def test_clean_body_reads_block_theme_figcaptions() -> None:
    post = clean_fixture("block-theme-comments.html")
    assert [b.kind for b in post.blocks] == ["paragraph", "caption", "paragraph"]
    assert "Rolling the calves" not in post.body_text


def test_clean_finds_the_body_of_a_page_without_platform_containers() -> None:
    post = clean_fixture("disqus-placeholder.html")
    assert post.body_text.startswith("Strides Explained") or "Strides are short accelerations" in post.body_text
    assert "Archive" not in post.body_text and "© Track Notes" not in post.body_text


def test_clean_keeps_preformatted_text_and_tables() -> None:
    text = ("</p><pre>warm up\n  4 x 100 m</pre><table><tr><th>Week</th><th>Miles</th></tr>"
            "<tr><td>1</td><td>20</td></tr></table><p>Done.")
    post = clean_bytes(PAGE.format(head="", text="Plan for the month, with some notes." + text).encode())
    kinds = {b.kind: b.text for b in post.blocks}
    assert kinds["preformatted"] == "warm up\n  4 x 100 m"
    assert kinds["table"] == "Week | Miles\n1 | 20"


def test_clean_does_not_change_its_input() -> None:
    content = PAGE.format(head="", text=TEXT).encode()
    page = RawPage("p.html", content, None, None, None)
    assert clean(page).body_text == clean(page).body_text and page.content == content


def test_a_pattern_xpath_needs_its_literals_in_the_page_source() -> None:
    """A content or widget XPath of boilerplate.json is run only on a page whose source holds
    what it tests for; one whose match may not need a literal ("or", a union, "not(") always runs."""
    from lxml import etree

    from pipeline.clean.dom import literal_needs
    from pipeline.clean.patterns import _gated

    assert literal_needs("//*[@id='disqus_thread']") == ("disqus_thread",)
    assert literal_needs("//div[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]") == \
        ("entry-content",)
    assert literal_needs("//article") == ()
    assert literal_needs("//a[@rel='tag'] | //a[@rel='category']") == ()
    assert literal_needs("//time[@class='a' or @class='b']") == ()
    query = _gated("//div[contains(concat(' ', normalize-space(@itemprop), ' '), ' articleBody ')]")
    page = etree.HTML("<html><body><div itemprop='text articleBody'>Post</div></body></html>")
    assert len(query(page, "<div itemprop='text articleBody'>")) == 1
    assert query(page, "<div itemprop='text'>") == []        # the source says it cannot match
    assert len(query(page, None)) == 1                       # no source: always run


def test_attribute_values_written_with_character_references_are_still_read() -> None:
    """Some themes escape "/" and "+" in attributes (a Handlebars theme of the corpus writes
    type="application&#x2F;ld&#x2B;json"); the parser reads them back, and skipping queries by
    the page's source must not lose them: the JSON-LD author and date, the WordPress stylesheet."""
    page = b"""<!DOCTYPE html><html lang="en"><head><title>Hip drills | Run Well</title>
<link rel="stylesheet" href="https:&#x2F;&#x2F;runwell.example&#x2F;wp-content&#x2F;themes&#x2F;x.css">
<script type="application&#x2F;ld&#x2B;json">{"@type": "BlogPosting", "headline": "Hip drills",
 "author": {"@type": "Person", "name": "Dana Ruiz"}, "datePublished": "2019-05-01T11:30:00+02:00"}</script>
</head><body><article><h1>Hip drills</h1><p>Three drills I do before every run, with the dose
I use for each of them and what they do for my hips and my knees.</p></article></body></html>"""
    post = clean_bytes(page)
    assert post.author == "Dana Ruiz"
    assert post.published == datetime(2019, 5, 1, 11, 30, tzinfo=timezone(timedelta(hours=2)))
    assert post.platform == "wordpress"


def test_the_content_container_queries_are_skipped_for_classes_the_page_source_never_names() -> None:
    """find_container tries the platform containers of boilerplate.json with the page's source:
    a container class the source does not hold is not searched for (here a source that, unlike
    the tree, lacks "entry-content" shows the gate is consulted; a real page's source holds
    every class its tree has)."""
    from lxml import etree

    from pipeline.clean.body import find_container

    words = "Hold the side plank for thirty seconds on each side, then rest and repeat it. " * 8
    page = f"<html><body><div class='entry-content'><p>{words}</p></div><main><p>{words}</p></main></body></html>"
    root = etree.HTML(page)
    assert find_container(root, page).get("class") == "entry-content"
    assert find_container(root, page.replace("entry-content", "other")).tag == "main"


def test_a_union_of_index_queries_gives_their_matches_in_document_order_each_once() -> None:
    """index.union("a | b"): when both alternatives match, the matches come back as XPath's
    union gives them, in document order and each once; with one, that one's matches."""
    from lxml import etree

    from pipeline.clean.index import PageIndex, cls, inside, named, needs_of, tag, union

    query = union(named("a", "rel", "tag"), inside(cls("post-labels"), tag("a")))
    source = ("<html><body><span class='post-labels'><a href='/l/knee'>knee</a></span>"
              "<a rel='tag' href='/t/hip'>hip</a><span class='post-labels'><a rel='tag' href='/l/calf'>calf</a>"
              "</span></body></html>")
    for page, texts in ((source, ["knee", "hip", "calf"]), (source.replace("post-labels", "x"), ["hip", "calf"]),
                        ("<html><body><p>none</p></body></html>", [])):
        root = etree.HTML(page)
        found = query(PageIndex(root, *needs_of(query)))
        assert [a.text for a in found] == texts
        assert found == etree.XPath(query.xpath)(root)


def test_the_index_files_a_class_value_it_has_seen_before_as_it_filed_it_the_first_time(monkeypatch) -> None:
    """The index remembers which wanted tokens each class value holds (values repeat on every
    page); a value seen before, and one seen after that memory was dropped, file as a new one."""
    from lxml import etree

    from pipeline.clean import index
    from pipeline.clean.index import PageIndex

    page = ("<html><body><div class='entry-title\thidden'>a</div><p class='x entry-title'>b</p>"
            "<div class='entry-title\u00a0x'>c</div><p class='x entry-title'>d</p></body></html>")
    wanted = frozenset({"entry-title", "hidden"})

    def filed(root) -> dict[str, list[str]]:
        ix = PageIndex(root, frozenset(), wanted)
        return {name: [el.text for el in ix.with_class(name)] for name in sorted(wanted)}

    expected = {"entry-title": ["a", "b", "d"], "hidden": ["a"]}
    assert filed(etree.HTML(page)) == expected        # "entry-title\u00a0x" is one token, as in XPath
    assert filed(etree.HTML(page)) == expected        # the same values, now remembered
    monkeypatch.setattr(index, "MAX_FILED", 1)
    assert filed(etree.HTML(page)) == expected        # memory dropped on the way
    assert len(index._class_filing(wanted)) <= 4


def test_blogger_labels_and_rel_tag_links_on_one_page_are_both_tags_in_page_order() -> None:
    words = "Clamshells with a band, three sets of fifteen on each side, every other day. " * 4
    page = (f"<html><head><title>Clams</title></head><body><div class='post-body'><p>{words}</p></div>"
            "<span class='post-labels'>Labels: <a href='/search/label/hips'>hips</a></span>"
            "<a rel='tag' href='/tag/glutes'>glutes</a></body></html>").encode()
    assert clean_bytes(page).tags == ("hips", "glutes")


def test_a_utf8_page_is_parsed_from_its_own_bytes_and_any_other_from_its_text() -> None:
    """decode_page hands back the page's bytes when they are exactly the text's UTF-8 (no second
    copy for libxml2); a page in another encoding, or repaired while decoding, gets none."""
    from pipeline.clean.decode import decode_page

    utf8 = "<html><body><p>Calf raises — 3×15</p></body></html>".encode("utf-8")
    text, same = decode_page(utf8, None, "a.html")
    assert same is utf8 and text.encode("utf-8") == utf8
    assert decode_page(codecs.BOM_UTF8 + utf8, None, "b.html")[1] == utf8
    latin = "<html><head><meta charset='windows-1252'></head><body><p>Caf\u00e9 stretch</p></body></html>"
    assert decode_page(latin.encode("cp1252"), None, "c.html") == (latin, None)
    stray = utf8.replace(b"<p>", b"<p>\xff")           # one stray byte: decoded with a replacement
    assert decode_page(stray, None, "d.html")[1] is None


def _corpus_trees() -> list[Any]:
    """Each page of the corpus that clean accepts, parsed as clean parses it."""
    from pipeline.clean.decode import decode_page, parse_html
    from pipeline.sources import read_page
    from tests.support.paths import corpus_pages, require_corpus

    require_corpus()
    roots = []
    for path in corpus_pages():
        page = read_page(path)
        try:
            text, _ = decode_page(page.content, page.http_charset, page.source_path)
            roots.append(parse_html(text, page.source_path))
        except Exception:  # noqa: BLE001 - a page clean refuses has no tree to compare
            continue
    assert len(roots) > 40
    return roots


def test_the_index_walk_picks_the_comment_elements_their_own_walk_finds() -> None:
    """clean gathers the comment elements in the walk that indexes the page for metadata; they
    are the ones comments.comment_elements finds by itself, in the same order, on every page."""
    from pipeline.clean.comments import COMMENT_ELEMENTS, comment_elements
    from pipeline.clean.index import PageIndex
    from pipeline.clean.metadata import INDEX_NEEDS

    picked = 0
    for root in _corpus_trees():
        index = PageIndex(root, *INDEX_NEEDS, pick=COMMENT_ELEMENTS)
        assert index.picked == comment_elements(root)
        picked += len(index.picked)
    assert picked > 500


def test_each_comment_query_finds_what_its_xpath_finds_from_every_comment_of_the_corpus() -> None:
    """The queries into one comment read an index of the comment's elements; from each comment
    element of the corpus (and of tricky markup: an itemprop author outside the name, a union of
    two itemprops, a datetime on a span) each finds what its XPath finds from that element
    (".//..."), in the same order."""
    import re

    from lxml import etree

    from pipeline.clean import comments
    from pipeline.clean.index import PageIndex

    tricky = etree.HTML(
        "<html><body><ol><li class='comment' id='comment-1'><div itemprop='author'><b>by</b>"
        "<span itemprop='name'>Ann</span></div><span itemprop='dateCreated' content='2020-01-02' datetime='2020-01-02'></span>"
        "<p itemprop='commentTime' datetime='2020-01-01'>x</p><span datetime='2020-01-03'>y</span>"
        "<div class='comment-meta commentmetadata'><a href='#comment-1'>Jan 1</a><cite class='fn'>Bo</cite></div>"
        "<div class='comment-content x'><p>Calf raises</p></div><abbr class='published' title='2020'>t</abbr>"
        "</li></ol></body></html>")
    nodes = []
    for root in [tricky, *_corpus_trees()]:
        nodes += [found.node for found in comments._threaded_nodes(comments.comment_elements(root))]
    assert len(nodes) > 500
    relative = {q: etree.XPath(re.sub(r"(^|\(| \| )//", r"\1.//", q.xpath)) for q in comments.queries()}
    found_any = set()
    for node in nodes:
        index = PageIndex(node, *comments.INDEX_NEEDS, descendants=True)
        for query, xpath in relative.items():
            found = query(index)
            assert found == xpath(node), xpath.path
            if found:
                found_any.add(query.xpath)
    assert len(found_any) > 25   # the comparison is not only of empty lists


def test_each_metadata_query_finds_what_its_xpath_finds_on_every_page_of_the_corpus() -> None:
    """The metadata queries read one index of the page's elements (PageIndex) instead of
    running XPaths; each must find exactly what the XPath it is written beside finds, in the
    same order, on real pages (each parsed as clean parses it) and on tricky markup: a rel of
    several tokens, tabs or an nbsp between class tokens, a token twice, an element matching
    both halves of an "//a//b", a tag link inside a category list, an author inside a
    schema.org Comment, meta tags outside <head>."""
    from lxml import etree

    from pipeline.clean import metadata
    from pipeline.clean.dom import squash
    from pipeline.clean.index import PageIndex

    from pipeline.clean import _index_needs
    from pipeline.clean.patterns import patterns

    queries = metadata.queries()
    assert len(queries) > 50
    content = [q for q in patterns().content_queries if q is not None]
    assert len(content) >= 10
    needs = _index_needs()   # what clean's index files
    tricky = etree.HTML(
        "<html><head><meta name='generator' content='WordPress 6.4'><meta name='generator'>"
        "<script type='application/ld+json'>{}</script><script type='application/json'>{}</script></head>"
        "<body><meta property='og:title' content='late'><meta name='author' content='Ann'>"
        "<a rel='noopener\ttag' href='/t/a'>a</a><a rel='tags' href='/t/b'>b</a>"
        "<a rel='category tag' href='/c/c'>c</a><ul class='x taxonomy-category'><li><a rel='tag'>d</a></li></ul>"
        "<a rel='tag\u00a0x'>e</a><h1 class='post-title\tentry-title entry-title'>T</h1>"
        "<h2 class='entry-title\u00a0x'>U</h2><span class='post-author fn'>Al</span>"
        "<div class='author vcard'><span class='fn fn'>Bo</span><div class='byline'><b class='fn'>Cy</b></div></div>"
        "<div itemtype='https://schema.org/Comment'><span itemprop='author'><i itemprop='name'>Di</i></span></div>"
        "<article class='post category-knees'><time datetime='2020-01-01' class='published'>x</time></article>"
        "<span class='post-labels'><a href='/l/hips'>hips</a><a rel='tag' href='/l/x'>x</a></span>"
        "<div itemprop='text articleBody'>a</div><section itemprop='articleBody'>b</section></body></html>")
    roots = [tricky, *_corpus_trees()]
    meta_by_key = etree.XPath("//meta[@property=$k or @name=$k]")
    found_any = set()
    for root in roots:
        index = PageIndex(root, *needs)
        for query in queries:
            found = query(index)
            assert found == etree.XPath(query.xpath)(root), query.xpath
            if found:
                found_any.add(query.xpath)
        for query, written in zip(patterns().content_queries, patterns().content_sources):
            if query is None:
                continue
            found = query(index)
            assert found == etree.XPath(written)(root), written
            if found:
                found_any.add(query.xpath)
        for key in ("og:title", "og:site_name", "author"):
            first = next((squash(el.get("content") or "") for el in meta_by_key(root, k=key)
                          if squash(el.get("content") or "")), None)
            assert metadata._meta(index, key) == first
    assert len(found_any) > 40   # the comparison is not only of empty lists


def test_a_container_cut_from_the_tree_after_the_page_was_indexed_is_not_the_body() -> None:
    """The page index is made before the tree is pruned; a container read from it that was cut
    since (inside a <noscript>, or a comment area) is passed over, as a search of the pruned
    tree passes it over."""
    from lxml import etree

    from pipeline.clean.body import content_needs, find_container
    from pipeline.clean.dom import drop_tree, strip_silent
    from pipeline.clean.index import PageIndex

    words = "Two sets of fifteen bridges, holding each for five seconds at the top. " * 3
    page = ("<html><body><noscript><div class='entry-content'>Please enable JavaScript to read this blog "
            f"{'properly ' * 20}</div></noscript><ol class='comments'><li class='comment'><div class='entry-content'>"
            f"{words}{words}</div></li></ol><div class='entry-content'><p>{words}</p></div></body></html>")
    root = etree.HTML(page)
    index = PageIndex(root, *content_needs())
    assert len(index.with_class("entry-content", "div")) == 3
    strip_silent(root)
    drop_tree(root.find(".//ol"))
    container = find_container(root, page, index)
    assert container is find_container(root, page) and "bridges" in "".join(container.itertext())
    assert container.getparent().tag == "body"


@pytest.mark.parametrize("markup", [
    "<div>a<!-- note -->b<?php echo 1 ?>c<span>d<b>e</b>f</span>g &amp; h&nbsp;i<br>j</div>",
    "<div><p>one</p>\n<p>two</p>tail<ul><li>three</li></ul></div>",
    "<div>caf\u00e9 \u2019 \U0001F600 \u00ad soft</div>",
])
def test_text_of_is_the_text_nodes_of_the_element_joined_and_squashed(markup: str) -> None:
    """text_of (libxml2's text serialisation) gives what joining the element's text nodes gives,
    in trees made by each parser clean uses; plain_text_of the same for a stripped tree."""
    from lxml import etree, html

    from pipeline.clean.dom import plain_text_of, squash, text_of

    for root in (etree.HTML(markup), html.fromstring(markup),
                 etree.fromstring(markup.encode(), etree.HTMLParser(encoding="utf-8", remove_comments=True))):
        div = root if root.tag == "div" else root.find(".//div")
        assert text_of(div) == plain_text_of(div) == squash("".join(div.itertext()))
