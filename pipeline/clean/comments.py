"""Comments present in the static HTML, threaded by their nesting.

A comment is an element the platform marks as one: WordPress ``li.comment`` /
``li#comment-N`` (classic, Genesis, block themes), Blogger ``li.comment#cNNN``,
``article#comment-N`` themes, schema.org ``Comment`` microdata, and old Blogger's
``dl#comments-block``.  Parents come from nesting, never from class names.

A comment's controls are never part of its author or its words, in any language: they are known
by their role in the markup (:func:`is_control`: a reply link's ``?replytocom=`` / ``#respond``
href, WordPress's ``data-commentid`` / ``data-respondelement`` attributes, its ``moveForm``
handler, a class naming a reply), and a counter by its position (:func:`leading_counter`: a
lone "12" or "#12" before anything else the comment says).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from ..records import EMAIL_PLACEHOLDER, Comment
from .blocks import text_blocks
from .dates import Dated, dated, from_epoch_ms, parse_iso, parse_visible
from .dom import classes, drop_tree, has_any_class, is_element, tag, text_of
from .emails import scrub_emails
from .index import (PageIndex, Pick, Query, attr, attr_contains, class_contains, cls, everything, has_token, inside,
                    needs_of, prop, union)
from .index import tag as tagged   # (tag is dom's: an element's tag name)

MAX_AUTHOR_CHARS = 80
_ID_COMMENT = re.compile(r"^(?:li-|div-|article-)?comment-?\d+$|^c\d{6,}$")
_ID_WORDPRESS = re.compile(r"^(?:li-|div-|article-)?comment-?\d+$")
_ID_DIGITS = re.compile(r"\d+")
_SAYS = re.compile(r"\s*(?:says|sagt|schreibt|disse|dice|dit|zegt|said\.*|wrote|meinte|kommentierte)\s*:?\s*$", re.I)
_DATE_IN_TEXT = re.compile(
    r"\d{1,2}\.? ?(?:[A-Za-zÄÖÜäöüéû]{3,}\.?|\d{1,2}\.) ?\d{4}(?:,? (?:um|at|à|às)? ?\d{1,2}[:.]\d{2}(?: ?[ap]\.?m\.?)?)?"
    r"|[A-Za-zÄÖÜäöü]{3,}\.? \d{1,2},? \d{4}(?:,? (?:at|um|-|@)? ?\d{1,2}:\d{2}(?: ?[ap]\.?m\.?)?)?", re.I)
_SHOW_COMMENT = re.compile(r"showComment=(\d{10,})")
_COUNTER = re.compile(r"#?\d{1,5}\.?")
_REPLY_HREF = re.compile(r"[?&]replytocom=|#respond$|#reply-title$|/wp-admin/comment\.php", re.I)
_CONTROL_ATTRIBUTES = ("data-commentid", "data-respondelement", "data-replyto", "data-reply-to")
_CONTROL_TAGS = frozenset({"a", "button"})
MAX_CONTROL_CHARS = 40   # a reply or edit control with a class naming it is a word or two, not a paragraph
_PING_KINDS = frozenset({"pingback", "trackback"})
_THREAD_BREAKS = frozenset({"ul", "ol", "dl"})
_META_TOKENS = frozenset({
    "comment-author", "vcard", "comment-meta", "commentmetadata", "comment-metadata", "reply",
    "comment-reply", "comment-reply-link", "says", "avatar", "comment-actions", "children",
    "comment-replies", "comment-header", "comment-footer", "comment-awaiting-moderation",
    "screen-reader-text", "comment-author-name", "comment-time", "comment-date", "datetime",
    "comment-edit-link", "edit-link", "user", "wp-block-comment-author-name", "wp-block-comment-date",
    "wp-block-comment-reply-link", "wp-block-comment-edit-link", "comment-replybox-single",
    "comment-permalink", "comment-link", "comment-timestamp", "thread-toggle", "continue",
    "epoch-comment-meta", "epoch-comment-actions", "author",
})


# Queries into one comment (".//..." from its element), read from the comment's PageIndex.
_TEXT_QUERIES = (
    cls("comment-content"),
    union(prop("text"), prop("commentText")),
    cls("wp-block-comment-content"),
    cls("comment-text"),
    cls("comment_text"),
    cls("comment-entry"),
    cls("comment-body"),
    class_contains("comment-content"),
    class_contains("comment-text"),
)
_AUTHOR_QUERIES = (
    inside(prop("author"), prop("name")),
    cls("comment-author-name"),
    cls("wp-block-comment-author-name"),
    inside(cls("comment-author"), cls("fn")),
    cls("fn", "cite"),
    cls("fn"),
    cls("user", "cite"),
    cls("comment-author"),
    inside(cls("comment-meta"), tagged("cite")),
    tagged("cite"),
    class_contains("author-link"),
    class_contains("comment-author"),
    cls("author"),
    prop("author"),
)
_COMMENT_TIME = union(prop("commentTime"), prop("dateCreated"))
_DATE_ATTRIBUTES = (
    attr(tagged("time"), "datetime"),
    attr(prop("datePublished"), "content"),
    attr(prop("datePublished"), "datetime"),
    attr(cls("published", "abbr"), "title"),
    attr(_COMMENT_TIME, "datetime"),
    attr(_COMMENT_TIME, "content"),
    attr(everything(), "datetime"),
)
_DATE_TEXTS = (
    inside(cls("comment-metadata"), tagged("a")),
    inside(cls("commentmetadata"), tagged("a")),
    inside(cls("comment-meta"), tagged("a")),
    cls("wp-block-comment-date"),
    cls("comment-date"),
    cls("comment-time"),
    cls("datetime"),
    cls("comment-timestamp"),
    cls("comment-metadata"),
    cls("comment-meta"),
    cls("commentmetadata"),
    attr_contains("a", "href", "#comment-"),
    class_contains("comment-date"),
)
_DATES_NEAR = (cls("comment-author"), cls("comment-body"))
_BLOGGER_LINK = inside(cls("datetime"), tagged("a"))   # its href's showComment= is the time, its text the date shown
_BLOG_AUTHOR = cls("blog-author")


def queries() -> list[Query]:
    """Every query into a comment (the tests hold each to its XPath, from the comment's element)."""
    return [*_TEXT_QUERIES, *_AUTHOR_QUERIES, *_DATE_ATTRIBUTES, *_DATE_TEXTS, *_DATES_NEAR, _BLOGGER_LINK,
            _BLOG_AUTHOR]


INDEX_NEEDS = needs_of(*queries())   # what a comment's index files


def _holds_cloudflare_email(el: etree._Element) -> bool:
    """Whether an element holds an address Cloudflare hid (.//*[@data-cfemail] | .//*[class has
    '__cf_email__']): the author's name is then an e-mail address, never stored."""
    return any(d.get("data-cfemail") is not None or has_token(d, "class", "__cf_email__")
               for d in el.iterdescendants("*"))


_OLD_BLOGGER_AUTHOR = etree.XPath("." + _BLOG_AUTHOR.xpath)   # from a <dt> of old Blogger, which has no index


@dataclass(frozen=True, slots=True)
class PostContext:
    """What a comment needs to know about its post."""

    post_id: str
    author: str | None
    published: datetime | None
    languages: tuple[str, ...] | None
    fetched_at: datetime | None = None   # when the page was saved: the base of "3 years ago"
    # how the page writes 04/05/2020 (dates.numeric_day_first); a function is called only if a comment needs it
    day_first: bool | Callable[[], bool] | None = None


@dataclass(slots=True)
class _Found:
    node: etree._Element
    parent: etree._Element | None
    depth: int


def read_comments(root: etree._Element, post: PostContext, elements: list[etree._Element] | None = None
                  ) -> tuple[tuple[Comment, ...], list[etree._Element]]:
    """The page's comments in document order, and the elements holding them (to cut from the body).
    ``elements`` are the page's comment elements when a walk made for another reason found them
    (a :class:`~.index.PageIndex` with :data:`COMMENT_ELEMENTS`); else they are looked for here."""
    found = _threaded_nodes(comment_elements(root) if elements is None else elements)
    if found:
        nodes = {f.node for f in found}
        fields: list[_Fields] = []
        for f in reversed(found):      # last first: a reply is read, then cut out of the comment holding it,
            fields.append(_read_node(f, post))  # so every XPath below sees only its own comment's markup
            if _owner(f.node, nodes) is not None:
                drop_tree(f.node)
        comments = _number(fields[::-1], found, post)
        return comments, [f.node for f in found if f.parent is None]
    blocks = root.xpath("//dl[@id='comments-block']")
    if blocks:
        return _old_blogger(blocks, post), list(blocks)
    return (), []


# -- finding comment elements ---------------------------------------------------------

def _is_candidate(el: etree._Element) -> bool:
    tokens = classes(el)
    if not _PING_KINDS.isdisjoint(tokens):   # pingbacks stand in the thread, recorded with their kind
        return True
    if "comment" in tokens or (el.get("itemtype") or "").rstrip("/").endswith("/Comment"):
        return True
    return bool(_ID_WORDPRESS.match(el.get("id") or ""))


def _mentions_comment(el: etree._Element, name: str, cls: str | None) -> bool:
    """Whether an li, article or div (``name``) has a class, id or itemtype that mentions a comment."""
    if cls and "comment" in cls:
        return True
    html_id = el.get("id")
    if name == "li":
        return bool(html_id) and html_id.startswith(("comment-", "li-comment-"))
    if html_id and ("comment" in html_id if name == "article" else "comment-" in html_id):
        return True
    return "Comment" in (el.get("itemtype") or "")


def _is_comment_element(el: etree._Element, name: str, cls: str | None) -> bool:
    """An li, article or div that the platform marks as a comment (a quick test, then the exact one)."""
    return _mentions_comment(el, name, cls) and _is_candidate(el)


COMMENT_ELEMENTS = Pick(frozenset({"li", "article", "div"}), _is_comment_element)


def comment_elements(root: etree._Element) -> list[etree._Element]:
    """The page's comment elements in document order, by a walk of their own (a walk in Python:
    one XPath testing the three attributes of every element is slower).  clean gathers the
    same in the walk that indexes the page for metadata (:data:`COMMENT_ELEMENTS`)."""
    return [el for el in root.iter(*COMMENT_ELEMENTS.tags) if _is_comment_element(el, el.tag, el.get("class"))]


def _threaded_nodes(candidates: list[etree._Element]) -> list[_Found]:
    if not candidates:
        return []
    pool = set(candidates)
    kept: list[_Found] = []
    index: dict[etree._Element, _Found] = {}
    for el in candidates:  # document order
        holder, crossed = None, False
        for anc in el.iterancestors():
            if anc in pool:
                holder = anc
                break
            tokens = classes(anc)
            if "children" in tokens:  # some themes close the <li> before its ul.children
                prev = anc.getprevious()
                while prev is not None and not is_element(prev):
                    prev = prev.getprevious()
                if prev is not None and prev in index and anc.getparent() is not prev:
                    holder, crossed = prev, True
                    break
            if tag(anc) in _THREAD_BREAKS or "children" in tokens or "comment-replies" in tokens:
                crossed = True
        if holder is not None and _same_comment(el, holder, crossed):
            pool.discard(el)  # the same comment's inner wrapper (li > article)
            continue
        if holder is not None and holder not in index:
            pool.discard(el)
            continue
        parent = index[holder] if holder is not None else None
        item = _Found(el, holder, parent.depth + 1 if parent else 0)
        index[el] = item
        kept.append(item)
    return kept


def _same_comment(inner: etree._Element, outer: etree._Element, crossed: bool) -> bool:
    """li#comment-5 > article#div-comment-5 is one comment; a nested reply is another."""
    a, b = _ID_DIGITS.findall(inner.get("id") or ""), _ID_DIGITS.findall(outer.get("id") or "")
    if a and b:
        return a == b
    return not crossed


def _owner(el: etree._Element, nodes: set[etree._Element]) -> etree._Element | None:
    for anc in el.iterancestors():
        if anc in nodes:
            return anc
    return None


# -- reading one comment ----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Fields:
    author: str | None
    published: Dated | None
    is_post_author: bool
    text: str
    html_id: str | None
    kind: str


def _read_node(found: _Found, post: PostContext) -> _Fields:
    """One comment's fields; its replies are already cut out of ``found.node``."""
    node = found.node
    ix = PageIndex(node, *INDEX_NEEDS, descendants=True)    # what every query below reads
    own = [(el, value) for el, value in ix.classed if value][:40]
    node_classes = classes(node)
    marked = "bypostauthor" in node_classes or any("bypostauthor" in value.lower().split() for _, value in own[:5])
    marked = marked or bool(_BLOG_AUTHOR(ix))
    counter = leading_counter(node)
    author = _author(ix, post if marked else None, counter)
    return _Fields(
        author=author,
        published=_date(ix, post),
        is_post_author=marked,
        text=_text(node, ix, counter),
        html_id=node.get("id") or _inner_id([el for el, _ in own]),
        kind=next((k for k in ("pingback", "trackback") if k in node_classes), "comment"),
    )


def _inner_id(elements: list[etree._Element]) -> str | None:
    for el in elements:
        if _ID_COMMENT.match(el.get("id") or ""):
            return el.get("id")
    return None


def is_control(el: etree._Element) -> bool:
    """Whether an element is one of a comment's controls (reply, edit), by its role in the
    markup rather than its words: a link or button whose href replies (``?replytocom=``,
    ``#respond``) or edits (``wp-admin/comment.php``), which carries WordPress's reply
    attributes or its ``addComment.moveForm`` handler, or whose class names a reply; any other
    element whose class names a reply and whose text is a word or two."""
    names = classes(el)
    reply_class = any("reply" in name for name in names)
    if tag(el) not in _CONTROL_TAGS:
        return reply_class and len(text_of(el)) <= MAX_CONTROL_CHARS
    if reply_class or _REPLY_HREF.search(el.get("href") or ""):
        return True
    return any(el.get(name) is not None for name in _CONTROL_ATTRIBUTES) or "moveForm" in (el.get("onclick") or "")


def leading_counter(node: etree._Element) -> etree._Element | None:
    """The element holding a comment's number ("12", "#12", "12.") when it is the first thing
    the comment says (themes number their comments before the avatar and name); else None.
    A paragraph is words, never a counter."""
    first = next(_texts_in_order(node), None)
    if first is None or first is node or first.text is None or len(first) or tag(first) == "p":
        return None
    return first if _COUNTER.fullmatch(first.text.strip()) else None


def _texts_in_order(el: etree._Element) -> Iterator[etree._Element | None]:
    """Each element whose own text is not blank, in document order; None for a tail that is not."""
    if el.text and el.text.strip() and tag(el) not in ("script", "style"):
        yield el
    for child in el:
        if is_element(child):
            yield from _texts_in_order(child)
        if child.tail and child.tail.strip():
            yield None


def _author(ix: PageIndex, post: PostContext | None, counter: etree._Element | None = None) -> str | None:
    for query in _AUTHOR_QUERIES:
        for el in query(ix):
            if is_control(el) or el is counter:
                continue
            if _holds_cloudflare_email(el):
                if post is not None and post.author:
                    return post.author
                return scrub(_author_text(el, counter)) or EMAIL_PLACEHOLDER
            name = scrub(_author_text(el, counter))
            if name and len(name) <= MAX_AUTHOR_CHARS:  # longer: we hit a wrapper, not a name
                return name
    return None


_NOT_NAME = frozenset({"says", "screen-reader-text", "avatar", "comment-metadata", "comment-meta",
                       "comment-reply-link", "reply", "comment-date", "comment-time", "datetime"})


def _author_text(el: etree._Element, counter: etree._Element | None = None) -> str:
    """The name in an author element, without its controls, its counter, a date or "says"."""
    def skip(child: etree._Element) -> bool:
        return child is counter or is_control(child)

    if _DATE_IN_TEXT.search(text_of(el)):  # "Ben 19. Juni 2018 um 15:28": the name is the emphasised part
        for child in el.iterchildren("strong", "b", "a", "cite", "span"):
            name = text_of(child)
            if name and not _DATE_IN_TEXT.search(name) and not has_any_class(child, _NOT_NAME) and not skip(child):
                return _SAYS.sub("", name)
    parts: list[str] = [el.text or ""]
    for child in el:
        if is_element(child) and not has_any_class(child, _NOT_NAME) and tag(child) not in ("time", "script", "style"):
            parts.extend(_words(child, skip))
        if child.tail:
            parts.append(child.tail)
    return _SAYS.sub("", text_of_parts(parts))


def _words(el: etree._Element, skip: Callable[[etree._Element], bool]) -> list[str]:
    """The text under ``el`` but for the subtrees ``skip`` names (their tails kept)."""
    if skip(el):
        return []
    parts = [el.text or ""] if tag(el) not in ("script", "style") else []
    for child in el:
        if is_element(child):
            parts.extend(_words(child, skip))
        if child.tail:
            parts.append(child.tail)
    return parts


def text_of_parts(parts: list[str]) -> str:
    return " ".join(" ".join(parts).split())


def _date(ix: PageIndex, post: PostContext) -> Dated | None:
    """The comment's date with the words it was read from: an ISO attribute's value, the date
    a Blogger permalink shows, or the text of a date element."""
    for query in _DATE_ATTRIBUTES:
        for value in query(ix):
            date = dated(parse_iso(str(value)), str(value))
            if date is not None:
                return date
    for link in _BLOGGER_LINK(ix):
        date = _blogger_link_date(link, post)
        if date is not None:
            return date
    for query in _DATE_TEXTS:
        for el in query(ix)[:2]:
            date = _visible(text_of(el), post)
            if date is not None:
                return date
    for query in _DATES_NEAR:  # a date written next to the name / in the body box
        for el in query(ix)[:1]:
            m = _DATE_IN_TEXT.search(text_of(el)[:200])
            if m:
                date = _visible(m.group(0), post)
                if date is not None:
                    return date
    return None


def _blogger_link_date(link: etree._Element, post: PostContext) -> Dated | None:
    """The time of a Blogger comment's permalink (``?showComment=<ms>``), with the date the link
    shows ("6. Juni 2015 um 10:23"), or the ``showComment=`` it was read from when it shows none."""
    m = _SHOW_COMMENT.search(link.get("href") or "")
    if not m:
        return None
    return dated(from_epoch_ms(int(m.group(1)), post.published), text_of(link) or m.group(0))


def _visible(text: str, post: PostContext) -> Dated | None:
    return dated(parse_visible(text, post.languages, post.fetched_at, day_first=post.day_first,
                               after=post.published), text)


def _is_meta(el: etree._Element) -> bool:
    """Name, date, reply links, avatars and forms around a comment's words."""
    return tag(el) in ("form", "button", "noscript", "img") or has_any_class(el, _META_TOKENS)


def _text(node: etree._Element, ix: PageIndex, counter: etree._Element | None = None) -> str:
    scope = next((hits[0] for hits in (query(ix) for query in _TEXT_QUERIES) if hits), node)
    blocks = text_blocks(scope, lambda el: el is not scope and (_is_meta(el) or el is counter or is_control(el)))
    while blocks and len(blocks[0].text) <= 40 and _DATE_IN_TEXT.fullmatch(blocks[0].text.strip()):
        blocks = blocks[1:]      # a bare date line above the words (themes without a date element)
    return scrub("\n\n".join(b.text for b in blocks))


def scrub(text: str) -> str:
    """Replace any e-mail address by the placeholder (nothing decodable is stored), stripped."""
    return scrub_emails(text).strip()


def _number(fields: list[_Fields], found: list[_Found], post: PostContext) -> tuple[Comment, ...]:
    ids = {f.node: f"{post.post_id}-c{i:04d}" for i, f in enumerate(found)}
    return tuple(
        Comment(comment_id=ids[f.node], post_id=post.post_id,
                parent_id=ids.get(f.parent) if f.parent is not None else None, depth=f.depth,
                author=x.author, published=None if x.published is None else x.published.value,
                is_post_author=x.is_post_author, text=x.text, html_id=x.html_id, kind=x.kind,
                published_raw=None if x.published is None else x.published.text)
        for f, x in zip(found, fields)
    )


# -- old Blogger: <dl id="comments-block"> <dt/><dd/><dd/> ... ------------------------------

def _old_blogger(blocks: list[etree._Element], post: PostContext) -> tuple[Comment, ...]:
    comments: list[Comment] = []
    for dl in blocks:
        current: dict[str, object] | None = None
        rows: list[dict[str, object]] = []
        for child in dl:
            if not is_element(child):
                continue
            tokens = classes(child)
            if tag(child) == "dt":
                current = {"dt": child, "body": None, "footer": None}
                rows.append(current)
            elif current is not None and "comment-body" in tokens:
                current["body"] = child
            elif current is not None and "comment-footer" in tokens:
                current["footer"] = child
        for row in rows:
            dt = row["dt"]
            assert isinstance(dt, etree._Element)
            marked = "blog-author" in classes(dt) or bool(_OLD_BLOGGER_AUTHOR(dt))
            if _holds_cloudflare_email(dt):
                author = post.author if marked and post.author else EMAIL_PLACEHOLDER
            else:
                author = scrub(_SAYS.sub("", text_of(dt))) or None
            body, footer = row["body"], row["footer"]
            text = scrub("\n\n".join(b.text for b in text_blocks(body))) if isinstance(body, etree._Element) else ""
            published: Dated | None = None
            if isinstance(footer, etree._Element):
                for link in footer.iter("a"):
                    published = _blogger_link_date(link, post)
                    if published is not None:
                        break
                if published is None:
                    published = _visible(text_of(footer), post)
            html_id = dt.get("id") or next(iter(dt.xpath(".//a/@name | ./preceding-sibling::a[1]/@name")), None)
            index = len(comments)
            comments.append(Comment(f"{post.post_id}-c{index:04d}", post.post_id, None, 0, author,
                                    None if published is None else published.value, marked, text,
                                    str(html_id) if html_id else None,
                                    published_raw=None if published is None else published.text))
    return tuple(comments)
