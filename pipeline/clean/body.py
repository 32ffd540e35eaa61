"""The post body: find the main content container, strip boilerplate, make blocks.

Platform containers (WordPress ``div.entry-content``, Blogger ``div.post-body``...)
are tried first; pages without them get a readability-style score: paragraphs
vote for their parent and grandparent, and link-heavy candidates are penalised.
"""

from __future__ import annotations

import re

from lxml import etree

from ..records import Block
from .blocks import TextBlock, text_blocks
from .dom import classes, drop_tree, plain_text_of, squash, strip_silent
from .emails import scrub_emails
from .index import PageIndex, attached, needs_of
from .patterns import Patterns, patterns

MIN_CONTAINER_CHARS = 140   # a generic <article>/<main> must hold at least this much text
MIN_PLATFORM_CHARS = 20     # a platform container (entry-content, post-body) just a little
SHORT_PLATFORM_CHARS = 500  # ...but one this short is a teaser when
SIBLING_LEVELS = 3          # _widen climbs at most this far,
SIBLING_GAIN = 3.0          # to an ancestor whose paragraphs score this many times the chosen block's,
SIBLING_MAX_LINKS = 0.35    # and that is not mostly links
TEASER_RATIO = 5            # the page's densest text block holds 5x more
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_PARAGRAPH_TAGS = ("p", "pre", "td", "blockquote", "li", "h2", "h3")
_BLOCK_CHILDREN = ("p", "div", "table", "ul", "ol")   # a div holding one of these is not a paragraph


def extract_body(root: etree._Element, title: str | None = None, source: str | None = None,
                 index: PageIndex | None = None) -> tuple[tuple[Block, ...], str]:
    """Blocks and body text of the page's main content (the tree is pruned in place: scripts,
    styles, noscript and templates first, which the body never reads).

    A heading that only repeats the post's title (Medium and many themes put the <h1> inside
    the content) is metadata, not body, and is left out.  ``source``, the page's text, lets
    :func:`find_container` skip the platform containers the page never names, and ``index``,
    the page's index made before any pruning, find them without a search of the tree."""
    strip_silent(root)
    lengths: dict[etree._Element, int] = {}     # text lengths, measured once until the tree is pruned
    container = find_container(root, source, index, lengths)
    strip_boilerplate(container, patterns(), lengths)
    raw = text_blocks(container)
    if title and raw and raw[0].kind == "heading" and squash(raw[0].text).lower() == squash(title).lower():
        raw = raw[1:]
    return assemble(raw)


def find_container(root: etree._Element, source: str | None = None, index: PageIndex | None = None,
                   lengths: dict[etree._Element, int] | None = None) -> etree._Element:
    """The element holding the post's main text, in a tree without scripts, styles, noscript or
    templates (:func:`extract_body` strips them first): their text would count as the page's.
    With the page's ``index`` (which must file :func:`content_needs`), the containers it can
    answer for are read from it, less those cut from the tree since it was made.  ``lengths``
    keeps the text lengths measured (see :func:`text_length`) for the caller to read again."""
    pats = patterns()
    lengths = {} if lengths is None else lengths
    for xpath, query, written in zip(pats.content_xpaths, pats.content_queries, pats.content_sources):
        found = attached(query(index), root) if index is not None and query is not None else xpath(root, source)
        if not found:
            continue
        sized = [(text_length(el, lengths), el) for el in found]
        size, best = max(sized, key=lambda pair: pair[0])
        broad = written in pats.broad_content_xpaths
        if size < (MIN_CONTAINER_CHARS if broad else MIN_PLATFORM_CHARS):
            continue
        if broad:
            scored = _best_scored(best, lengths)
            return best if scored is None else scored
        if size < SHORT_PLATFORM_CHARS:  # a platform class on a teaser or a subtitle, not the post?
            body = root.find("body")
            scored = _best_scored(body if body is not None else root, lengths)
            if scored is not None and text_length(scored, lengths) >= TEASER_RATIO * max(size, 1):
                return scored
        return best
    body = root.find("body")
    start = body if body is not None else root
    scored = _best_scored(start, lengths)
    return start if scored is None else scored


def text_length(el: etree._Element, lengths: dict[etree._Element, int]) -> int:
    """``len(plain_text_of(el))``, measured once: ``lengths`` keeps what was measured, and
    holds only while nothing is cut from the tree (a container, its candidates and the links
    in them are measured several times over while the body is looked for)."""
    size = lengths.get(el)
    if size is None:
        size = lengths[el] = len(plain_text_of(el))
    return size


def _best_scored(scope: etree._Element, lengths: dict[etree._Element, int]) -> etree._Element | None:
    """Readability-like choice of the densest text container under ``scope``."""
    scores: dict[etree._Element, float] = {}
    direct: dict[etree._Element, float] = {}       # only what paragraphs give their own parent
    for el in scope.iter(*_PARAGRAPH_TAGS, "div"):
        if el.tag == "div" and next(el.iterchildren(*_BLOCK_CHILDREN), None) is not None:
            continue     # a div of blocks: its paragraphs vote for it
        text = plain_text_of(el)
        lengths[el] = len(text)
        if len(text) < 25:
            continue
        score = 1 + text.count(",") + min(len(text) // 100, 3)
        parent = el.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + score
        direct[parent] = direct.get(parent, 0.0) + score
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + score / 2
    if not scores:
        return None
    top = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[:8]
    best, best_score = None, 0.0
    for el, score in top:      # the candidates nest: each one's links are measured once
        if patterns().token_match(_tokens(el)):
            score *= 0.3
        final = score * (1 - _link_density(el, lengths))
        if final > best_score:
            best, best_score = el, final
    return _widen(best, scope, direct, lengths) if best is not None else None


def _widen(best: etree._Element, scope: etree._Element, direct: dict[etree._Element, float],
           lengths: dict[etree._Element, int]) -> etree._Element:
    """Page builders (Squarespace, Elementor...) put each paragraph of a post in a block of its
    own: climb to the ancestor holding the sibling blocks when they carry much more text."""
    own = direct.get(best, 0.0) or 1.0
    chosen, ancestor = best, best
    for _ in range(SIBLING_LEVELS):
        ancestor = ancestor.getparent()
        if ancestor is None or ancestor is scope.getparent():
            break
        inside = sum(score for el, score in direct.items() if el is ancestor or ancestor in el.iterancestors())
        if inside >= SIBLING_GAIN * own and _link_density(ancestor, lengths) <= SIBLING_MAX_LINKS:
            chosen = ancestor
    return chosen


def _link_density(el: etree._Element, lengths: dict[etree._Element, int]) -> float:
    """The share of the element's text that is link text."""
    total = text_length(el, lengths) or 1
    linked = sum(text_length(a, lengths) for a in el.iter("a"))
    return min(linked / total, 1.0)


def _tokens(el: etree._Element) -> list[str]:
    tokens = classes(el)
    html_id = el.get("id")
    if html_id:
        tokens.append(html_id.lower())
    return tokens


_HIDING = frozenset({"hidden", "aria-hidden", "style"})   # the attributes _is_hidden reads


def _is_hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def strip_boilerplate(container: etree._Element, pats: Patterns,
                      lengths: dict[etree._Element, int] | None = None) -> None:
    """Remove scripts, forms, share/related/newsletter boxes... from inside the container
    (``lengths``: text lengths measured since the tree was last cut, see :func:`text_length`)."""
    lengths = {} if lengths is None else lengths
    total = text_length(container, lengths) or 1
    doomed: list[etree._Element] = []
    stack = list(container.iterchildren("*"))     # "*": elements only, chosen in C
    while stack:
        el = stack.pop()
        drop = el.tag in pats.drop_tags
        if not drop:
            names = el.keys()     # read only the attributes it has (most have a class at most)
            if not _HIDING.isdisjoint(names):
                drop = _is_hidden(el)
            if not drop and ("class" in names or "id" in names):
                tokens = _tokens(el)
                if tokens and pats.token_match(tokens):
                    # never let a keyword take most of the post with it
                    drop = text_length(el, lengths) < 0.5 * total
        if drop:
            doomed.append(el)
        else:
            stack.extend(el.iterchildren("*"))
    for el in doomed:
        drop_tree(el)


def assemble(raw: list[TextBlock]) -> tuple[tuple[Block, ...], str]:
    """Place blocks in the body text (joined by blank lines), with offsets and sections.

    E-mail addresses in a block (captions included) are replaced by the placeholder here,
    before any offset is taken, so every offset into the body text is that of the text stored."""
    blocks: list[Block] = []
    parts: list[str] = []
    offset = 0
    section = 0
    for tb in raw:
        if tb.kind == "heading":
            section += 1
        if parts:
            offset += 2
        text = scrub_emails(tb.text)
        blocks.append(Block(tb.kind, text, offset, offset + len(text), tb.level, section, tb.list_id))
        parts.append(text)
        offset += len(text)
    return tuple(blocks), "\n\n".join(parts)


def content_needs() -> tuple[frozenset[str], frozenset[str]]:
    """The tags and class tokens a page index must file for :func:`find_container`."""
    return needs_of(*(q for q in patterns().content_queries if q is not None))
