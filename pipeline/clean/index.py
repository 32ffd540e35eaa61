"""One walk over a page's (or a comment's) elements, filing the ones the queries read.

An XPath over the whole page (``//*[class has 'entry-title']``) visits every node and, to test
an attribute, builds a node set and a string at each one, and metadata asks a dozen such
questions of every page; a comment's reader asks a dozen of its comment.  :class:`PageIndex`
walks the elements once, filing them by tag, by class token and by itemprop value; each query
after it reads a short list.

A query (:class:`Query`) is built from a few parts (:func:`tag`, :func:`cls`, :func:`prop`,
:func:`prop_token`, :func:`named`, :func:`everything`, :func:`where`, :func:`inside`, :func:`attr`,
:func:`classed`, :func:`class_contains`, :func:`attr_contains`, :func:`union`) that write its XPath beside the lookup
that answers it (:func:`query_of` reads the simple XPaths of a patterns file); the tests hold
every query's answer to its XPath's on every page of the corpus.  Matches come in document order, each once, as XPath
gives them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .dom import class_xpath, tokens_of

Element = etree._Element


@dataclass(frozen=True, slots=True)
class Pick:
    """The elements of ``tags`` that ``test`` accepts, given each with its tag and its class
    attribute (None without one): gathered in the index's walk for another reader, so that it
    needs no walk of its own (comments.COMMENT_ELEMENTS)."""

    tags: frozenset[str]
    test: Callable[[Element, str, str | None], bool]


class PageIndex:
    """The elements under ``root`` (``root`` among them, unless ``descendants``: a query from
    a comment's element, ".//x", looks below it) of some tags, of some class tokens, and by
    itemprop value, in document order, read in one walk before anything is cut from the tree.
    ``elements`` holds them all, ``classed`` those with a class attribute beside its value, and
    with a :class:`Pick`, ``picked`` the elements it picks.  The lists it hands out are its
    own: callers read them and do not change them."""

    __slots__ = ("_tags", "_classes", "_props", "elements", "classed", "picked")

    def __init__(self, root: Element, tags: frozenset[str], classes: frozenset[str], pick: Pick | None = None,
                 *, descendants: bool = False) -> None:
        by_tag: dict[str, list[Element]] = {name: [] for name in tags}
        by_class: dict[str, list[Element]] = {name: [] for name in classes}
        props: dict[str, list[Element]] = {}
        classed: list[tuple[Element, str]] = []
        picked: list[Element] = []
        pick_tags, test = (pick.tags, pick.test) if pick is not None else (frozenset(), None)
        filed = _class_filing(classes)
        # "*": elements only, chosen in C; the list is made in C too
        elements = list(root.iterdescendants("*") if descendants else root.iter("*"))
        for el in elements:
            name = el.tag
            hits = by_tag.get(name)
            if hits is not None:
                hits.append(el)
            value = el.get("class")
            if name in pick_tags and test(el, name, value):   # type: ignore[misc]
                picked.append(el)
            if value is not None:
                classed.append((el, value))
                tokens = filed.get(value)
                if tokens is None:
                    tokens = _filed_tokens(filed, classes, value)
                for token in tokens:
                    by_class[token].append(el)
            value = el.get("itemprop")
            if value is not None:
                props.setdefault(value, []).append(el)
        self._tags, self._classes, self._props = by_tag, by_class, props
        self.elements, self.classed, self.picked = elements, classed, picked

    def tagged(self, name: str) -> list[Element]:
        """The elements of tag ``name`` (one of the tags the index was built for)."""
        return self._tags[name]

    def with_class(self, name: str, tag: str = "*") -> list[Element]:
        """The elements (of ``tag``, "*" for any) whose class attribute holds the token ``name``."""
        found = self._classes[name]
        return found if tag == "*" else [el for el in found if el.tag == tag]

    def with_prop(self, value: str, tag: str = "*") -> list[Element]:
        """The elements (of ``tag``, "*" for any) whose itemprop is exactly ``value``."""
        found = self._props.get(value, [])
        return found if tag == "*" else [el for el in found if el.tag == tag]

    def with_prop_token(self, name: str, tag: str = "*") -> list[Element]:
        """The elements (of ``tag``, "*" for any) whose itemprop holds the token ``name``."""
        lists = [found for value, found in self._props.items() if name in value and name in tokens_of(value)]
        if not lists:
            return []
        found = lists[0] if len(lists) == 1 else in_order(self, set().union(*lists))
        return found if tag == "*" else [el for el in found if el.tag == tag]


_FILINGS: dict[frozenset[str], dict[str, tuple[str, ...]]] = {}
MAX_FILED = 50_000     # class values remembered per set of tokens; the memory is then dropped


def _class_filing(classes: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Class attribute values seen before -> the tokens of ``classes`` each holds: values repeat
    within a page (every menu item, every comment) and across a site's pages."""
    filed = _FILINGS.setdefault(classes, {})
    if len(filed) > MAX_FILED:
        filed.clear()
    return filed


def _filed_tokens(filed: dict[str, tuple[str, ...]], classes: frozenset[str], value: str) -> tuple[str, ...]:
    # str.split first: most values hold none of the tokens, whatever the exact split says
    tokens = () if classes.isdisjoint(value.split()) else tuple(classes.intersection(tokens_of(value)))
    filed[value] = tokens        # each token once ("fn fn")
    return tokens


def in_order(ix: PageIndex, wanted: set[Element]) -> list[Element]:
    """``wanted`` in document order."""
    return [el for el in ix.elements if el in wanted]


def attached(elements: list[Element], root: Element) -> list[Element]:
    """Those of ``elements`` still in ``root``'s tree: an index made before the tree was pruned
    holds elements since cut from it (with what held them), which a search of the tree now
    would not find."""
    kept = []
    for el in elements:
        top = el
        for top in el.iterancestors():
            pass
        if top is root:
            kept.append(el)
    return kept


def has_token(el: Element, attribute: str, token: str) -> bool:
    """The attribute's value holds ``token`` as XPath's ``contains(concat(' ',
    normalize-space(@a), ' '), ' token ')`` finds it (a plain substring test first)."""
    value = el.get(attribute)
    return value is not None and token in value and token in tokens_of(value)


@dataclass(frozen=True, slots=True)
class Query:
    """What ``xpath`` finds on a page, read from the page's :class:`PageIndex` by ``find``;
    ``tags`` and ``classes`` are what the index must file for it."""

    xpath: str
    find: Callable[[PageIndex], list[Any]]
    tags: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()

    def __call__(self, index: PageIndex) -> list[Any]:
        return self.find(index)


def needs_of(*queries: Query) -> tuple[frozenset[str], frozenset[str]]:
    """The tags and class tokens an index must file to answer ``queries``."""
    return (frozenset().union(*(q.tags for q in queries)), frozenset().union(*(q.classes for q in queries)))


def everything() -> Query:
    """//*"""
    return Query("//*", lambda ix: ix.elements)


def tag(name: str) -> Query:
    """//name"""
    return Query(f"//{name}", lambda ix: ix.tagged(name), frozenset({name}))


def cls(name: str, tag: str = "*") -> Query:
    """//tag[class has name]"""
    return Query(f"//{tag}[{class_xpath(name)}]", lambda ix: ix.with_class(name, tag), frozenset(), frozenset({name}))


def prop(value: str, tag: str = "*") -> Query:
    """//tag[@itemprop='value']"""
    return Query(f"//{tag}[@itemprop='{value}']", lambda ix: ix.with_prop(value, tag))


def named(tag: str, attribute: str, value: str) -> Query:
    """//tag[@attribute='value']"""
    return Query(f"//{tag}[@{attribute}='{value}']",
                 lambda ix: [el for el in ix.tagged(tag) if el.get(attribute) == value], frozenset({tag}))


def where(query: Query, predicate: str, test: Callable[[Element], bool]) -> Query:
    """The query's elements that ``test`` accepts: XPath's ``query[predicate]``."""
    return Query(f"{query.xpath}[{predicate}]", lambda ix: [el for el in query.find(ix) if test(el)],
                 query.tags, query.classes)


def inside(outer: Query, inner: Query) -> Query:
    """``inner``'s elements that stand inside one of ``outer``'s: XPath's ``outer//inner``."""
    def find(ix: PageIndex) -> list[Element]:
        holders = outer.find(ix)
        found = inner.find(ix) if holders else []
        if not found:
            return []
        holders_set = set(holders)
        return [el for el in found if any(a in holders_set for a in el.iterancestors())]
    return Query(outer.xpath + inner.xpath, find, outer.tags | inner.tags, outer.classes | inner.classes)


def attr(query: Query, name: str) -> Query:
    """The ``name`` attribute of each of the query's elements that has one: ``query/@name``."""
    return Query(f"{query.xpath}/@{name}",
                 lambda ix: [v for el in query.find(ix) if (v := el.get(name)) is not None],
                 query.tags, query.classes)


def classed(predicate: str, test: Callable[[Element, str], bool]) -> Query:
    """The elements with a class attribute that ``test`` accepts, given each with the value:
    ``//*[predicate]``, for a predicate false without one (a substring test of @class, say)."""
    return Query(f"//*[{predicate}]", lambda ix: [el for el, value in ix.classed if test(el, value)])


def attr_contains(tag: str, attribute: str, *parts: str) -> Query:
    """//tag[contains(@attribute, 'part') or ...]: elements of an indexed tag whose attribute
    holds one of ``parts`` as a substring."""
    def test(el: Element) -> bool:
        value = el.get(attribute)
        return value is not None and any(part in value for part in parts)
    predicate = " or ".join(f"contains(@{attribute}, '{part}')" for part in parts)
    return Query(f"//{tag}[{predicate}]", lambda ix: [el for el in ix.tagged(tag) if test(el)], frozenset({tag}))


def class_contains(part: str) -> Query:
    """//*[contains(@class, 'part')]: a substring of the class attribute, not a whole token."""
    return classed(f"contains(@class, '{part}')", lambda el, value: part in value)


def union(*queries: Query) -> Query:
    """XPath's ``(a | b)`` for queries of elements: their matches in document order, each once."""
    def find(ix: PageIndex) -> list[Element]:
        hits = [found for found in (q.find(ix) for q in queries) if found]
        if len(hits) < 2:
            return hits[0] if hits else []
        return in_order(ix, set().union(*hits))
    return Query("(" + " | ".join(q.xpath for q in queries) + ")", find, *needs_of(*queries))


def prop_token(name: str, tag: str = "*") -> Query:
    """//tag[itemprop has the token name]"""
    return Query(f"//{tag}[{class_xpath(name, 'itemprop')}]", lambda ix: ix.with_prop_token(name, tag))


_TOKEN_STEP = re.compile(r"^//([\w*]+)\[contains\(concat\(' ', normalize-space\(@(class|itemprop)\), ' '\), ' ([\w-]+) '\)\]$")
_TAG_STEP = re.compile(r"^//(\w+)$")


def query_of(xpath: str) -> Query | None:
    """The index query for an XPath of a patterns file, when it has one of the simple shapes
    an index answers: "//tag" and "//tag[the class (or itemprop) holds a token]" (written as
    ``contains(concat(' ', normalize-space(@class), ' '), ' token ')``); None for any other."""
    m = _TOKEN_STEP.match(xpath)
    if m:
        return cls(m[3], m[1]) if m[2] == "class" else prop_token(m[3], m[1])
    m = _TAG_STEP.match(xpath)
    return tag(m[1]) if m else None
