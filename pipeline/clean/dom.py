"""Small helpers over lxml elements shared by the clean modules."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

_INVISIBLES = "\u200b\u200c\u200d\u2060\ufeff\u00ad"     # zero-width spaces and joiners, BOM, soft hyphen
_INVISIBLE = re.compile(f"[{_INVISIBLES}]")


def is_element(node: object) -> bool:
    """True for real elements (not comments, processing instructions or entities)."""
    return isinstance(node, etree._Element) and isinstance(node.tag, str)


def tag(el: etree._Element) -> str:
    """The element's tag ("" for a comment or processing instruction).  libxml2's HTML parser,
    the only one clean uses, writes every tag name in lower case ("<DIV>" -> "div")."""
    t = el.tag
    return t if isinstance(t, str) else ""


def classes(el: etree._Element) -> list[str]:
    return (el.get("class") or "").lower().split()


def has_class(el: etree._Element, name: str) -> bool:
    return name in classes(el)


def has_any_class(el: etree._Element, names: frozenset[str]) -> bool:
    """Whether one of the element's classes is among ``names`` (no split without a class)."""
    return el.get("class") is not None and not names.isdisjoint(classes(el))


def squash(text: str) -> str:
    """Collapse runs of whitespace (nbsp included) to one space and strip."""
    if not text.isascii() and any(c in text for c in _INVISIBLES):   # (isascii: a flag, no scan)
        text = _INVISIBLE.sub("", text)
    return " ".join(text.split())   # str.split: every Unicode space, nbsp included


def text_of(el: etree._Element | None) -> str:
    """All text under an element, whitespace collapsed ("" for None)."""
    if el is None:
        return ""
    if next(el.iter(*_SILENT), None) is None:
        return plain_text_of(el)
    return squash("".join(_texts(el)))


def plain_text_of(el: etree._Element) -> str:
    """:func:`text_of` for a tree :func:`strip_silent` has been through: with nothing to skip,
    it does not look for anything to skip (a walk of the element's subtree).  libxml2 serialises
    the text: the same string as "".join(el.itertext()), which makes a Python string of every
    text node first."""
    return squash(etree.tostring(el, method="text", encoding=str, with_tail=False))


def _texts(el: etree._Element) -> Iterator[str]:
    if el.text and tag(el) not in _SILENT:
        yield el.text
    for child in el:
        if is_element(child) and tag(child) not in _SILENT:
            yield from _texts(child)
        if child.tail:
            yield child.tail


_SILENT = frozenset({"script", "style", "noscript", "template"})


def strip_silent(root: etree._Element) -> None:
    """Remove every script, style, noscript and template element, keeping the text after each.
    Once nothing more is read from them, text gathering then never has to skip any."""
    etree.strip_elements(root, *_SILENT, with_tail=False)


def drop_tree(el: etree._Element) -> None:
    """Remove an element and what it holds, keeping the text that follows it (its tail)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


_PLAIN_RUN = re.compile(r"[\w.:-]+")


def source_needs(*needs: str) -> tuple[str, ...]:
    """Needs to look for in a page's raw source: each cut to its longest run of letters, digits,
    "_", "-", ".", ":", which no HTML escaper writes as character references.  Pages do write
    "/" and "+" so ("application&#x2F;ld&#x2B;json", a Handlebars theme of the corpus), and the
    parser reads them back, so "/wp-content/" is looked for as "wp-content"."""
    return tuple(max(_PLAIN_RUN.findall(n), key=len, default="") for n in needs)


@dataclass(frozen=True, slots=True)
class GatedXPath:
    """An XPath that is not run when ``text`` shows it cannot match: ``text`` lacks every one of
    ``any_of`` or one of ``all_of``.  The needs are attribute values or tags the XPath tests, and
    ``text`` is markup holding them (the page's source: the boilerplate patterns' content
    containers and comment widgets); a substring test of it is far cheaper than the tree walk.
    With ``text`` None the XPath always runs."""

    xpath: etree.XPath
    any_of: tuple[str, ...] = ()
    all_of: tuple[str, ...] = ()

    def __call__(self, el: etree._Element, text: str | None, **variables: Any) -> list[Any]:
        if text is not None and not needs_met(text, self.any_of, self.all_of):
            return []
        return self.xpath(el, **variables)


def needs_met(text: str, any_of: tuple[str, ...], all_of: tuple[str, ...] = ()) -> bool:
    """``text`` holds every one of ``all_of`` and, unless there are none, one of ``any_of``."""
    for need in all_of:
        if need not in text:
            return False
    if not any_of:
        return True
    for need in any_of:
        if need in text:
            return True
    return False


_XML_SPACE = str.maketrans("\t\n\r", "   ")


def tokens_of(value: str | None) -> list[str]:
    """The space-separated tokens of an attribute's value, split where XPath's normalize-space
    splits (space, tab, CR, LF: not nbsp), so that ``"tag" in tokens_of(a.get("rel"))`` is
    the same test as ``contains(concat(' ', normalize-space(@rel), ' '), ' tag ')``."""
    if not value:
        return [""]
    if "\t" in value or "\n" in value or "\r" in value:
        value = value.translate(_XML_SPACE)
    return value.split(" ")


_TOKEN_TEST = re.compile(r"(?<!and )contains\(concat\(' ', normalize-space\(@([\w-]+)\), ' '\), ' ([\w-]+) '\)")
_LITERAL = re.compile(r"'([^']*)'")


def quick_class_tests(xpath: str) -> str:
    """The XPath with each whole-token test of an attribute (class, itemprop, rel...) written as
    :func:`class_xpath` writes it (a plain contains() first): same matches, far fewer string
    operations per element.  A test already so written (after "and ") is left as it is."""
    return _TOKEN_TEST.sub(lambda m: class_xpath(m.group(2), m.group(1)), xpath)


def class_xpath(name: str, attribute: str = "class") -> str:
    """XPath predicate body matching an element having CSS class ``name`` (or token ``name`` in
    another space-separated attribute)."""
    # the plain contains() first: it is cheap and false for almost every element
    return (f"(contains(@{attribute}, '{name}') and "
            f"contains(concat(' ', normalize-space(@{attribute}), ' '), ' {name} '))")


def literal_needs(xpath: str) -> tuple[str, ...]:
    """The strings a page's source must hold for a simple XPath of the patterns file to match:
    its quoted literals as :func:`source_needs` cuts them ("//*[@id='disqus_thread']" ->
    "disqus_thread"); none for an XPath with a union, an "or" or a "not(", where a literal
    may not be needed."""
    if "|" in xpath or " or " in xpath or "not(" in xpath:
        return ()
    return tuple(dict.fromkeys(source_needs(*(v for v in _LITERAL.findall(xpath) if v.strip()))))
