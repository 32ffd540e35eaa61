"""Hostile input: the cleaner returns a post or raises CleanError, whatever the bytes, and never hangs.

Hypothesis mutates the project's own sample pages (so the test runs without ../shared): cut
them anywhere, swap tag names, nest them thousands of elements deep, flip bytes, and declare a
wrong charset.  Any other exception, or an example slower than the deadline, fails the test.
"""

from __future__ import annotations

import re
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import CleanError
from pipeline.records import CleanPost
from tests.support.cleaning import clean_bytes
from tests.support.paths import SAMPLES

PAGES = [p.read_bytes() for p in sorted(SAMPLES.glob("*.html"))]
TAGS = [b"div", b"p", b"li", b"ol", b"ul", b"article", b"section", b"span", b"table", b"td", b"h2", b"script",
        b"style", b"a", b"footer", b"nav", b"aside", b"main"]
CHARSETS = ["utf-8", "latin-1", "shift_jis", "utf-16", "koi8-r", "no-such-charset", "utf-7"]
HOSTILE = settings(max_examples=40, deadline=timedelta(seconds=5), derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def cleans_or_refuses(content: bytes, http_charset: str | None = None) -> None:
    try:
        post = clean_bytes(content, path="hostile.html", http_charset=http_charset)
    except CleanError as exc:
        assert str(exc).startswith("hostile.html: ")
    else:
        assert isinstance(post, CleanPost)


@HOSTILE
@given(page=st.sampled_from(PAGES), cut=st.floats(0, 1))
def test_a_page_cut_anywhere(page: bytes, cut: float) -> None:
    cleans_or_refuses(page[: int(len(page) * cut)])


@HOSTILE
@given(page=st.sampled_from(PAGES), swaps=st.lists(st.tuples(st.sampled_from(TAGS), st.sampled_from(TAGS)),
                                                  min_size=1, max_size=6))
def test_a_page_with_its_tags_shuffled(page: bytes, swaps: list[tuple[bytes, bytes]]) -> None:
    for old, new in swaps:
        page = re.sub(rb"(</?)" + old + rb"\b", rb"\g<1>" + new, page)
    cleans_or_refuses(page)


@HOSTILE
@given(page=st.sampled_from(PAGES), depth=st.integers(100, 5000), tag=st.sampled_from([b"div", b"span", b"li", b"b"]))
def test_a_page_nested_thousands_deep(page: bytes, depth: int, tag: bytes) -> None:
    opened = b"<" + tag + b">"
    closed = b"</" + tag + b">"
    page = page.replace(b"<body", opened * depth + b"<body", 1) if b"<body" in page else opened * depth + page
    cleans_or_refuses(page + closed * (depth // 2))


@HOSTILE
@given(page=st.sampled_from(PAGES), flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)),
                                                   min_size=1, max_size=50))
def test_a_page_with_bytes_flipped(page: bytes, flips: list[tuple[float, int]]) -> None:
    data = bytearray(page)
    for where, value in flips:
        data[min(int(len(data) * where), len(data) - 1)] = value
    cleans_or_refuses(bytes(data))


@HOSTILE
@given(page=st.sampled_from(PAGES), charset=st.sampled_from(CHARSETS), in_header=st.booleans())
def test_a_page_that_declares_the_wrong_charset(page: bytes, charset: str, in_header: bool) -> None:
    if in_header:
        cleans_or_refuses(page, http_charset=charset)
    else:
        cleans_or_refuses(re.sub(rb'charset=["\']?[\w-]+', b"charset=" + charset.encode(), page, count=1))


def test_nesting_deeper_than_the_parser_reads_is_an_error_saying_where() -> None:
    page = PAGES[0].replace(b"<body", b"<div>" * 5000 + b"<body", 1)

    try:
        clean_bytes(page, path="deep.html")
    except CleanError as exc:
        assert str(exc).startswith("deep.html: elements nested more than 256 deep at line ")
    else:
        raise AssertionError("a page the parser stopped reading was cleaned as if whole")
