"""Post metadata: title, author, date, categories, tags, canonical URL, site, platform.

Each field is read from the most specific source first: the post's own markup
(JSON-LD of the article, theme classes) before site-wide defaults.  The queries over the
page's markup read one :class:`~.index.PageIndex` of it (see index.py); the XPath each
is written beside is what it finds, as the tests hold it to on every page of the corpus.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from .comments import COMMENT_ELEMENTS
from .dates import Dated, dated, find_dated, parse_iso, parse_visible
from .dom import class_xpath, squash, text_of, tokens_of
from .index import PageIndex, Query, attr, attr_contains, class_contains, classed, cls, has_token, inside, named, needs_of, prop, tag, union, where

_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»«~/]\s+|\s+::\s+")
_WP_CATEGORY = re.compile(r"^category-(.+)$")


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None
    author: str | None
    published: datetime | None
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    url: str | None
    site: str | None
    platform: str
    modified: datetime | None = None
    site_name: str | None = None
    language: str | None = None
    published_raw: str | None = None   # the page's words each date was read from (dates.Dated)
    modified_raw: str | None = None


def read_metadata(root: etree._Element, fetch_url: str | None, index: PageIndex | None = None) -> Metadata:
    """Everything the page says about the post, outside its body and comments (read before
    anything is cut from the tree).  ``index`` is the page's index when the caller made one
    (with :data:`INDEX_NEEDS`, picking the comment elements: comments.COMMENT_ELEMENTS)."""
    ix = PageIndex(root, *INDEX_NEEDS, pick=COMMENT_ELEMENTS) if index is None else index
    objects = _json_ld_objects(ix)
    ld = _json_ld_article(objects)
    site_name = _meta(ix, "og:site_name") or _ld_site_name(objects)
    url = _canonical(ix) or fetch_url
    language = _language(root, ix, ld)
    published = _published(ix, ld, reading_languages(language))
    modified = _modified(ix, ld)
    return Metadata(
        title=_title(ix, ld, site_name),
        author=_author(ix, ld),
        published=None if published is None else published.value,
        categories=_categories(ix, ld),
        tags=_tags(ix, ld),
        url=url,
        site=site_of(url, site_name),
        platform=detect_platform(ix),
        modified=None if modified is None else modified.value,
        site_name=site_name,
        language=language,
        published_raw=None if published is None else published.text,
        modified_raw=None if modified is None else modified.text,
    )


# -- JSON-LD -------------------------------------------------------------------------

_JSON_LD = named("script", "type", "application/ld+json")   # read once per page, for the article and the site


def _json_ld_objects(ix: PageIndex) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for script in _JSON_LD(ix):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                objects.append(item)
                if "@graph" in item:
                    stack.append(item["@graph"])
    return objects


def _types(obj: dict[str, Any]) -> set[str]:
    """The object's types, lower case, without a vocabulary's prefix ("http://schema.org/Article")."""
    value = obj.get("@type", [])
    values = value if isinstance(value, list) else [value]
    return {str(v).rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for v in values}


@cache
def post_types() -> dict[str, int]:
    """Every schema.org type a post's JSON-LD object can have (lower case), with its rank: 0 for
    an article or a work, 1 for a page around it or CreativeWork itself (schema_types.json)."""
    data = json.loads(Path(__file__).with_name("schema_types.json").read_text(encoding="utf-8"))
    parents: dict[str, str] = data["parents"]
    roots, last = set(data["roots"]), set(data["last"])

    def lineage(name: str) -> list[str]:
        line = [name]
        while line[-1] in parents:
            line.append(parents[line[-1]])
        return line

    ranks = {}
    for name in {*parents, *roots}:
        root = next((t for t in lineage(name) if t in roots), None)   # the nearest root above it
        if root is not None:
            ranks[name.lower()] = 1 if root in last else 0
    return ranks


def _post_rank(obj: dict[str, Any]) -> int | None:
    """The rank of a JSON-LD object as the post's (see :func:`post_types`); None when it is not one."""
    ranks = post_types()
    found = [ranks[t] for t in _types(obj) if t in ranks]
    return min(found) if found else None


def _json_ld_article(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """The post's object of the page's JSON-LD (an Article, a WebPage or another work that is the
    post, see schema_types.json), with @id references to people resolved."""
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    ranked = sorted((o for o in objects if _post_rank(o) is not None), key=lambda o: _post_rank(o))
    if not ranked:
        return {}
    article = dict(ranked[0])
    author = article.get("author")
    if isinstance(author, list) and author:
        author = author[0]
    if isinstance(author, dict) and "name" not in author and author.get("@id") in by_id:
        author = by_id[author["@id"]]
    article["author"] = author
    return article


def _ld_site_name(objects: list[dict[str, Any]]) -> str | None:
    for obj in objects:
        if "website" in _types(obj) and isinstance(obj.get("name"), str):
            return squash(obj["name"]) or None
    return None


def _ld_text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, str) and squash(value):
        return squash(value)
    return None


# -- fields ------------------------------------------------------------------------

def _meta(ix: PageIndex, key: str) -> str | None:
    """The first non-blank content of a <meta> whose property or name is ``key``
    (XPath: //meta[@property=$k or @name=$k])."""
    for el in ix.tagged("meta"):
        if el.get("property") == key or el.get("name") == key:
            value = squash(el.get("content") or "")
            if value:
                return value
    return None


def _strip_site_suffix(title: str, site_name: str | None, guess: bool) -> str:
    """"Post title | Site" -> "Post title" (the site part is the one naming the site)."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if site_name:
        site = site_name.lower()
        if parts[-1].lower() == site or site in parts[-1].lower():
            return _rejoin(title, parts[-1], at_end=True)
        if parts[0].lower() == site:
            return _rejoin(title, parts[0], at_end=False)
    if guess and len(parts[-1]) < len(title) / 2 and len(parts[-1]) <= 40:
        return _rejoin(title, parts[-1], at_end=True)
    return title


def _rejoin(title: str, part: str, at_end: bool) -> str:
    if at_end:
        cut = title.rfind(part)
        return re.sub(r"\s+[|\-–—:·•»«~/]+\s*$|\s+::\s*$", "", title[:cut]).strip() or title
    cut = title.find(part) + len(part)
    return re.sub(r"^\s*[|\-–—:·•»«~/]+\s+|^\s*::\s+", "", title[cut:]).strip() or title


_THEME_TITLES = (
    cls("entry-title", "h1"), cls("post-title", "h1"), cls("wp-block-post-title", "h1"), cls("post-title", "h3"),
    cls("post-title", "h2"), cls("entry-title", "h2"), cls("entry-title"), inside(tag("article"), tag("h1")),
    prop("headline", "h1"),
)


def _title(ix: PageIndex, ld: dict[str, Any], site_name: str | None) -> str | None:
    og = _meta(ix, "og:title")
    if og and site_name and og.lower() == site_name.lower():
        og = None
    if og:
        return _strip_site_suffix(og, site_name, guess=False)
    headline = _ld_text(ld.get("headline"))
    if headline:
        return headline
    for query in _THEME_TITLES:
        found = query(ix)
        text = text_of(found[0]) if found else ""
        if text:
            return text
    titles = _TITLE(ix)
    title = text_of(titles[0] if titles else None)
    if title:
        return _strip_site_suffix(title, site_name, guess=True)
    h1s = _H1(ix)
    return text_of(h1s[0] if h1s else None) or None


_TITLE, _H1 = tag("title"), tag("h1")


def _outside_comments(el: etree._Element) -> bool:
    """Neither the element nor an ancestor is a schema.org Comment."""
    return not any("Comment" in (a.get("itemtype") or "") for a in chain((el,), el.iterancestors()))


_PAGE_AUTHOR = where(prop("author"), "not(ancestor-or-self::*[contains(@itemtype, 'Comment')])", _outside_comments)
_BYLINES = (
    attr(named("meta", "name", "author"), "content"),
    inside(where(cls("author"), class_xpath("vcard"), lambda el: has_token(el, "class", "vcard")), cls("fn")),
    inside(cls("post-author"), cls("fn")),
    cls("entry-author-name"),
    cls("wp-block-post-author-name"),
    inside(cls("byline"), cls("fn")),
    named("a", "rel", "author"),
    cls("gh-article-author"),                   # Ghost
    cls("blog-meta-item--author"),              # Squarespace
    inside(_PAGE_AUTHOR, prop("name")),         # schema.org microdata
    _PAGE_AUTHOR,
)


def _author(ix: PageIndex, ld: dict[str, Any]) -> str | None:
    name = _ld_text(ld.get("author"))
    if name:
        return name
    for query in _BYLINES:
        for found in query(ix):
            text = squash(found) if isinstance(found, str) else text_of(found)
            if text and not text.startswith(("http://", "https://")):
                return text
    return None


_DATE_NAMES = frozenset({"date", "pubdate", "publish-date"})
_DATE_ATTRIBUTES = (
    attr(named("meta", "property", "article:published_time"), "content"),
    attr(prop("datePublished", "meta"), "content"),
    attr(where(tag("time"), f"{class_xpath('entry-time')} or {class_xpath('entry-date')} or {class_xpath('published')}",
               lambda el: any(has_token(el, "class", name) for name in ("entry-time", "entry-date", "published"))),
         "datetime"),
    attr(cls("published", "abbr"), "title"),
    attr(prop("datePublished"), "datetime"),
    attr(inside(cls("wp-block-post-date"), tag("time")), "datetime"),
    attr(where(tag("meta"), "@name='date' or @name='pubdate' or @name='publish-date' or @property='og:published_time'",
               lambda el: el.get("name") in _DATE_NAMES or el.get("property") == "og:published_time"), "content"),
    attr(inside(tag("article"), tag("time")), "datetime"),
)
_VISIBLE_DATES = (cls("date-header"), cls("entry-date"), cls("post-date"), cls("published"), cls("posted-on"), tag("time"))


def reading_languages(language: str | None) -> tuple[str, ...] | None:
    """The languages to read a page's visible dates in: its own, then English (None for English)."""
    primary = (language or "").split("-")[0].lower()
    return (primary, "en") if primary and primary != "en" else None


def _published(ix: PageIndex, ld: dict[str, Any], languages: tuple[str, ...] | None = None) -> Dated | None:
    """The post's date with the words it was read from: a date declared for machines, else the
    text of an element a theme names as its date, else a date in the header, else one in the
    line of the post's byline."""
    date = _declared_date(ix, ld, "datePublished", _DATE_ATTRIBUTES)
    if date is not None:
        return date
    for query in _VISIBLE_DATES:
        for el in query(ix)[:3]:
            text = text_of(el)
            date = dated(parse_visible(text, languages), text)   # "Samstag, 5. Oktober 2013" in German
            if date is not None:
                return date
    return _header_date(ix, languages) or _byline_date(ix, languages)


MAX_HEADER_LINE = 80     # a line of the post's header, not a paragraph
MAX_HEADER_CLIMB = 3


def _header_date(ix: PageIndex, languages: tuple[str, ...] | None) -> Dated | None:
    """A date written in the post's header, the block around its title, in an element no class
    names as a date ("<span>Juni 19th, 2018</span>", "<span>publiziert am 25. September
    2018</span>" beside the <h1>): the title's parent, or its nearest ancestor holding more than
    the title.  Only short lines outside paragraphs are read, and none after the body's first
    paragraph."""
    title = next((hits[0] for hits in (query(ix) for query in (*_THEME_TITLES, _H1)) if hits), None)
    return None if title is None else _date_beside(title, languages)


def _byline_date(ix: PageIndex, languages: tuple[str, ...] | None) -> Dated | None:
    """A date written in the line of the post's byline, in an element no class names as a date:
    Blogger themes that put the post's meta line (date / author / comments / labels) under the
    post, "<a rel='bookmark'>Mai 03, 2017</a> / <span class='author vcard'><a class='fn'>Sandra</a>".
    The byline is the first element a byline query finds outside the comments (a commenter's
    vcard is not the post's); its line is read as the header's is."""
    comments = set(ix.picked)
    for query in _BYLINES:
        for found in query(ix):
            if isinstance(found, str):
                break                   # a meta tag's content: no line around it
            if not text_of(found) or not _outside_comments(found) or \
                    any(a in comments for a in chain((found,), found.iterancestors())):
                continue
            return _date_beside(found, languages)
    return None


def _date_beside(anchor: etree._Element, languages: tuple[str, ...] | None) -> Dated | None:
    """A date on a short line of the block around ``anchor`` (the title, or the byline): its
    parent, or its nearest ancestor holding more than it.  Only short lines outside paragraphs
    are read, none inside the anchor, and none after a paragraph that follows it."""
    header = anchor.getparent()
    for _ in range(MAX_HEADER_CLIMB):
        if header is None or len(text_of(header)) > len(text_of(anchor)):
            break
        header = header.getparent()
    if header is None:
        return None
    in_title = set(anchor.iter())       # a date in the title ("Race report, 10. Mai 2019") is not the post's
    after_title = False
    for el in header.iter():
        if el in in_title:
            after_title = True
            continue
        if not isinstance(el.tag, str) or el.tag in ("script", "style"):
            continue
        if el.tag == "p" and after_title and len(text_of(el)) > MAX_HEADER_LINE:
            return None                 # the body begins: its sentences are not the header
        if len(el) or el.tag == "p":
            continue
        line = text_of(el)
        if line and len(line) <= MAX_HEADER_LINE:
            date = find_dated(line, languages)
            if date is not None:
                return date
    return None


def _declared_date(ix: PageIndex, ld: dict[str, Any], ld_key: str, attributes: tuple[Query, ...]) -> Dated | None:
    """An ISO date the page declares for machines, with the value that declares it: the
    article's JSON-LD first, then attributes."""
    value = ld.get(ld_key)
    date = dated(parse_iso(value), value) if isinstance(value, str) else None
    if date is not None:
        return date
    for query in attributes:
        for found in query(ix):
            date = dated(parse_iso(str(found)), str(found))
            if date is not None:
                return date
    return None


_MODIFIED_ATTRIBUTES = (
    attr(named("meta", "property", "article:modified_time"), "content"),
    attr(named("meta", "property", "og:updated_time"), "content"),
    attr(prop("dateModified"), "content"),
    attr(prop("dateModified"), "datetime"),
    attr(cls("updated", "time"), "datetime"),
)


def _modified(ix: PageIndex, ld: dict[str, Any]) -> Dated | None:
    """When the post was last changed: the article's JSON-LD first, then meta tags and microdata."""
    return _declared_date(ix, ld, "dateModified", _MODIFIED_ATTRIBUTES)


_LOWER_CONTENT_LANGUAGE = str.maketrans("CONTENT-LAGU", "content-lagu")   # as the XPath's translate() does
_CONTENT_LANGUAGE = attr(where(tag("meta"), "translate(@http-equiv, 'CONTENT-LAGU', 'content-lagu')='content-language'",
                               lambda el: (el.get("http-equiv") or "").translate(_LOWER_CONTENT_LANGUAGE)
                               == "content-language"), "content")
_LOCALE = attr(named("meta", "property", "og:locale"), "content")


def _language(root: etree._Element, ix: PageIndex, ld: dict[str, Any]) -> str | None:
    """The page's language as a BCP 47 tag ("de", "en-us"): <html lang>, then meta tags, then JSON-LD."""
    candidates = chain((root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang")),
                       _CONTENT_LANGUAGE(ix), _LOCALE(ix),
                       (ld.get("inLanguage") if isinstance(ld.get("inLanguage"), str) else None,))
    for value in candidates:
        if value and str(value).strip():
            return str(value).strip().split(",")[0].replace("_", "-").lower()
    return None


def _link_texts(ix: PageIndex, query: Query) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for el in query(ix):
        text = text_of(el)
        if text:
            seen.setdefault(text, None)
    return tuple(seen)


_CATEGORY_LINKS = (
    where(tag("a"), "contains(concat(' ', normalize-space(@rel), ' '), ' category ')",
          lambda el: has_token(el, "rel", "category")),
    inside(cls("taxonomy-category"), tag("a")),
    cls("gh-article-tag"),                                                  # Ghost's primary tag
)
_CATEGORY_CLASSES = (
    attr_contains("article", "class", "category-"),
    classed("contains(@class, 'category-') and contains(@class, 'post')",
            lambda el, value: "category-" in value and "post" in value),
)


def _categories(ix: PageIndex, ld: dict[str, Any]) -> tuple[str, ...]:
    section = ld.get("articleSection")
    if isinstance(section, str) and squash(section):
        return tuple(squash(s) for s in section.split(",") if squash(s))
    if isinstance(section, list):
        names = tuple(squash(str(s)) for s in section if squash(str(s)))
        if names:
            return tuple(dict.fromkeys(names))
    for query in _CATEGORY_LINKS:
        found = _link_texts(ix, query)
        if found:
            return found
    article = next((hits[0] for hits in (q(ix) for q in _CATEGORY_CLASSES) if hits), None)
    if article is not None:
        names = []
        for token in (article.get("class") or "").split():
            m = _WP_CATEGORY.match(token)
            if m:
                names.append(m.group(1).replace("-", " ").title())
        return tuple(names)
    return ()


def _tags(ix: PageIndex, ld: dict[str, Any] | None = None) -> tuple[str, ...]:
    found = _link_texts(ix, _TAG_LINKS)
    if found:
        return found
    metas = tuple(dict.fromkeys(squash(v) for v in _ARTICLE_TAGS(ix) if squash(v)))
    if metas:
        return metas
    keywords = (ld or {}).get("keywords")
    if isinstance(keywords, str):
        keywords = keywords.split(",")
    if isinstance(keywords, list):
        return tuple(dict.fromkeys(squash(str(k)) for k in keywords if squash(str(k))))
    return ()


def _is_tag_link(el: etree._Element) -> bool:
    """rel="tag", not also "category", and not in a list of categories."""
    return (has_token(el, "rel", "tag") and "category" not in tokens_of(el.get("rel"))
            and not any("taxonomy-category" in tokens_of(a.get("class")) for a in el.iterancestors()))


_ARTICLE_TAGS = attr(named("meta", "property", "article:tag"), "content")
_TAG_LINKS = union(
    where(tag("a"), "contains(concat(' ', normalize-space(@rel), ' '), ' tag ')"
                    f" and not(ancestor::*[{class_xpath('taxonomy-category')}])"
                    " and not(contains(concat(' ', normalize-space(@rel), ' '), ' category '))", _is_tag_link),
    inside(cls("post-labels"), where(tag("a"), "not(@rel='tag')", lambda el: el.get("rel") != "tag")),  # Blogger's labels
)
_CANONICAL = (attr(named("link", "rel", "canonical"), "href"), attr(named("meta", "property", "og:url"), "content"))


def _canonical(ix: PageIndex) -> str | None:
    for query in _CANONICAL:
        for value in query(ix):
            value = squash(str(value))
            if value.startswith(("http://", "https://")):
                return value
    return None


def site_of(url: str | None, site_name: str | None) -> str | None:
    """Host name of the URL without "www.", else the site's name."""
    if url:
        host = urlsplit(url).hostname
        if host:
            return host[4:] if host.startswith("www.") else host
    return site_name


_GENERATOR = where(named("meta", "name", "generator"), "@content", lambda el: el.get("content") is not None)


_PLATFORM_MARKUP = (       # a platform's markup: any one of its queries finding something
    ("wordpress", (
        attr_contains("link", "href", "/wp-content/", "/wp-includes/"),
        attr_contains("script", "src", "/wp-content/", "/wp-includes/"),
        class_contains("wp-block-"))),
    ("blogger", (
        classed("contains(@class, 'post-body') and starts-with(@id, 'post-body-')",
                lambda el, value: "post-body" in value and (el.get("id") or "").startswith("post-body-")),
        attr_contains("script", "src", "blogger.com"),
        attr_contains("link", "href", "blogger.com"))),
    ("squarespace", (
        class_contains("sqs-block"),
        attr_contains("script", "src", "squarespace"))),
    ("ghost", (
        class_contains("gh-content"),
        class_contains("gh-article"))),
    ("medium", (
        where(named("meta", "property", "al:ios:app_name"), "@content='Medium'", lambda el: el.get("content") == "Medium"),
        where(named("meta", "name", "twitter:site"), "@content='@Medium'", lambda el: el.get("content") == "@Medium"))),
)


def detect_platform(ix: PageIndex) -> str:
    """wordpress / blogger / squarespace / ghost / medium / generic, from the generator meta or markup."""
    generator = " ".join(el.get("content") for el in _GENERATOR(ix)).lower()
    for name in ("wordpress", "blogger", "squarespace", "ghost", "medium"):
        if name in generator:
            return name
    for name, queries in _PLATFORM_MARKUP:
        if any(query(ix) for query in queries):
            return name
    return "generic"


def queries() -> list[Query]:
    """Every query metadata runs over a page's index (the tests hold each to its XPath)."""
    return [_JSON_LD, *_THEME_TITLES, _TITLE, _H1, *_BYLINES, *_DATE_ATTRIBUTES, *_VISIBLE_DATES,
            *_MODIFIED_ATTRIBUTES, _CONTENT_LANGUAGE, _LOCALE, *_CATEGORY_LINKS, *_CATEGORY_CLASSES, _ARTICLE_TAGS,
            _TAG_LINKS, *_CANONICAL, _GENERATOR, *(q for _, qs in _PLATFORM_MARKUP for q in qs)]


INDEX_NEEDS = needs_of(*queries(), tag("meta"))   # the tags and classes the index must file (meta: for _meta)
