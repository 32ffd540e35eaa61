"""Post metadata: title, author, date, categories, tags, canonical URL, site, platform.

Each field is read from the most specific source first: the post's own markup
(JSON-LD of the article, theme classes) before site-wide defaults.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from .dates import parse_iso, parse_visible
from .dom import (GatedUnion, GatedXPath, Haystack, HeadFirst, TagQuery, class_xpath, quick_class_tests, source_needs, squash,
                  text_of, tokens_of)

_ARTICLE_TYPES = {"article", "blogposting", "newsarticle", "posting", "socialmediaposting",
                  "report", "techarticle", "recipe", "howto", "creativework", "webpage"}
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»«~/]\s+|\s+::\s+")
_WP_CATEGORY = re.compile(r"^category-(.+)$")


def _q(xpath: str, *needs: str) -> GatedXPath:
    """An XPath over the whole page, run only when the page's source holds one of ``needs``
    (as :func:`dom.source_needs` cuts them): most pages hold few of the platforms' classes.
    (A class name written with character references for its letters would be missed.)"""
    return GatedXPath(etree.XPath(quick_class_tests(xpath)), any_of=source_needs(*needs))


_h = HeadFirst.of   # a meta, link or title: searched in <head> first (see dom.HeadFirst)


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


def read_metadata(root: etree._Element, fetch_url: str | None, source: Haystack | None = None) -> Metadata:
    """Everything the page says about the post, outside its body and comments.

    ``source`` is the page's decoded text: with it, queries for classes the page never
    names are skipped (see :func:`_q`)."""
    objects = _json_ld_objects(root, source)
    ld = _json_ld_article(objects)
    site_name = _meta(root, "og:site_name") or _ld_site_name(objects)
    url = _canonical(root) or fetch_url
    language = _language(root, ld)
    return Metadata(
        title=_title(root, ld, site_name, source),
        author=_author(root, ld, source),
        published=_published(root, ld, source, reading_languages(language)),
        categories=_categories(root, ld, source),
        tags=_tags(root, ld, source),
        url=url,
        site=site_of(url, site_name),
        platform=detect_platform(root, source),
        modified=_modified(root, ld, source),
        site_name=site_name,
        language=language,
    )


# -- JSON-LD -------------------------------------------------------------------------

_JSON_LD = TagQuery(etree.XPath("//script[@type='application/ld+json']"), "script",  # read once per page,
                    lambda el: el.get("type") == "application/ld+json")           # for the article and the site


def _json_ld_objects(root: etree._Element, source: Haystack | None) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for script in _JSON_LD(root, source):
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
    value = obj.get("@type", [])
    values = value if isinstance(value, list) else [value]
    return {str(v).lower() for v in values}


def _json_ld_article(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """The article object of the page's JSON-LD, with @id references to people resolved."""
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    ranked = sorted((o for o in objects if _types(o) & _ARTICLE_TYPES),
                    key=lambda o: ("webpage" in _types(o) or "creativework" in _types(o)))
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

_META = _h("meta[@property=$k or @name=$k]")


def _meta(root: etree._Element, key: str) -> str | None:
    for el in _META(root, None, k=key):
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
    _q(f"//h1[{class_xpath('entry-title')}]", "entry-title"), _q(f"//h1[{class_xpath('post-title')}]", "post-title"),
    _q(f"//h1[{class_xpath('wp-block-post-title')}]", "wp-block-post-title"),
    _q(f"//h3[{class_xpath('post-title')}]", "post-title"), _q(f"//h2[{class_xpath('post-title')}]", "post-title"),
    _q(f"//h2[{class_xpath('entry-title')}]", "entry-title"), _q(f"//*[{class_xpath('entry-title')}]", "entry-title"),
    _q("//article//h1"), _q("//h1[@itemprop='headline']", "headline"),
)


def _title(root: etree._Element, ld: dict[str, Any], site_name: str | None, source: Haystack | None) -> str | None:
    og = _meta(root, "og:title")
    if og and site_name and og.lower() == site_name.lower():
        og = None
    if og:
        return _strip_site_suffix(og, site_name, guess=False)
    headline = _ld_text(ld.get("headline"))
    if headline:
        return headline
    for query in _THEME_TITLES:
        found = query(root, source)
        text = text_of(found[0]) if found else ""
        if text:
            return text
    title = text_of(next(_TITLE(root, None), None))
    if title:
        return _strip_site_suffix(title, site_name, guess=True)
    found = _H1(root, None)
    return text_of(found[0] if found else None) or None


_TITLE = _h("title")
_H1 = _q("//h1")


_BYLINES = (
    _h("meta[@name='author']/@content", "author"),
    _q(f"//*[{class_xpath('author')} and {class_xpath('vcard')}]//*[{class_xpath('fn')}]", "vcard"),
    _q(f"//*[{class_xpath('post-author')}]//*[{class_xpath('fn')}]", "post-author"),
    _q(f"//*[{class_xpath('entry-author-name')}]", "entry-author-name"),
    _q(f"//*[{class_xpath('wp-block-post-author-name')}]", "wp-block-post-author-name"),
    _q(f"//*[{class_xpath('byline')}]//*[{class_xpath('fn')}]", "byline"),
    _q("//a[@rel='author']", "author"),
    _q(f"//*[{class_xpath('gh-article-author')}]", "gh-article-author"),            # Ghost
    _q(f"//*[{class_xpath('blog-meta-item--author')}]", "blog-meta-item--author"),  # Squarespace
    _q("//*[@itemprop='author' and not(ancestor-or-self::*[contains(@itemtype, 'Comment')])]"
       "//*[@itemprop='name']", "author"),                                          # schema.org microdata
    _q("//*[@itemprop='author' and not(ancestor-or-self::*[contains(@itemtype, 'Comment')])]", "author"),
)


def _author(root: etree._Element, ld: dict[str, Any], source: Haystack | None) -> str | None:
    name = _ld_text(ld.get("author"))
    if name:
        return name
    for query in _BYLINES:
        for found in query(root, source):
            text = squash(found) if isinstance(found, str) else text_of(found)
            if text and not text.startswith(("http://", "https://")):
                return text
    return None


_DATE_ATTRIBUTES = (
    _h("meta[@property='article:published_time']/@content", "article:published_time"),
    _q("//meta[@itemprop='datePublished']/@content", "datePublished"),
    _q(f"//time[{class_xpath('entry-time')} or {class_xpath('entry-date')} or {class_xpath('published')}]/@datetime",
       "entry-time", "entry-date", "published"),
    _q(f"//abbr[{class_xpath('published')}]/@title", "published"),
    _q("//*[@itemprop='datePublished']/@datetime", "datePublished"),
    _q(f"//*[{class_xpath('wp-block-post-date')}]//time/@datetime", "wp-block-post-date"),
    _h("meta[@name='date' or @name='pubdate' or @name='publish-date' or @property='og:published_time']/@content",
       "date", "og:published_time"),
    _q("//article//time/@datetime"),
)
_VISIBLE_DATES = (
    _q(f"//*[{class_xpath('date-header')}]", "date-header"), _q(f"//*[{class_xpath('entry-date')}]", "entry-date"),
    _q(f"//*[{class_xpath('post-date')}]", "post-date"), _q(f"//*[{class_xpath('published')}]", "published"),
    _q(f"//*[{class_xpath('posted-on')}]", "posted-on"), _q("//time"),
)


def reading_languages(language: str | None) -> tuple[str, ...] | None:
    """The languages to read a page's visible dates in: its own, then English (None for English)."""
    primary = (language or "").split("-")[0].lower()
    return (primary, "en") if primary and primary != "en" else None


def _published(root: etree._Element, ld: dict[str, Any], source: Haystack | None,
               languages: tuple[str, ...] | None = None) -> datetime | None:
    date = _declared_date(root, ld, "datePublished", _DATE_ATTRIBUTES, source)
    if date is not None:
        return date
    for query in _VISIBLE_DATES:
        for el in query(root, source)[:3]:
            date = parse_visible(text_of(el), languages)   # "Samstag, 5. Oktober 2013" in German
            if date is not None:
                return date
    return None


def _declared_date(root: etree._Element, ld: dict[str, Any], ld_key: str,
                   attributes: tuple[GatedXPath | HeadFirst, ...], source: Haystack | None) -> datetime | None:
    """An ISO date the page declares for machines: the article's JSON-LD first, then attributes."""
    value = ld.get(ld_key)
    date = parse_iso(value) if isinstance(value, str) else None
    if date is not None:
        return date
    for query in attributes:
        for found in query(root, source):
            date = parse_iso(str(found))
            if date is not None:
                return date
    return None


_MODIFIED_ATTRIBUTES = (
    _h("meta[@property='article:modified_time']/@content", "article:modified_time"),
    _h("meta[@property='og:updated_time']/@content", "og:updated_time"),
    _q("//*[@itemprop='dateModified']/@content", "dateModified"),
    _q("//*[@itemprop='dateModified']/@datetime", "dateModified"),
    _q(f"//time[{class_xpath('updated')}]/@datetime", "updated"),
)


def _modified(root: etree._Element, ld: dict[str, Any], source: Haystack | None) -> datetime | None:
    """When the post was last changed: the article's JSON-LD first, then meta tags and microdata."""
    return _declared_date(root, ld, "dateModified", _MODIFIED_ATTRIBUTES, source)


_CONTENT_LANGUAGE = _h("meta[translate(@http-equiv, 'CONTENT-LAGU', 'content-lagu')='content-language']/@content")
_LOCALE = _h("meta[@property='og:locale']/@content")


def _language(root: etree._Element, ld: dict[str, Any]) -> str | None:
    """The page's language as a BCP 47 tag ("de", "en-us"): <html lang>, then meta tags, then JSON-LD."""
    candidates = chain((root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang")),
                       _CONTENT_LANGUAGE(root, None), _LOCALE(root, None),
                       (ld.get("inLanguage") if isinstance(ld.get("inLanguage"), str) else None,))
    for value in candidates:
        if value and str(value).strip():
            return str(value).strip().split(",")[0].replace("_", "-").lower()
    return None


def _link_texts(root: etree._Element, query: GatedXPath | GatedUnion | TagQuery, source: Haystack | None) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for el in query(root, source):
        text = text_of(el)
        if text:
            seen.setdefault(text, None)
    return tuple(seen)


_CATEGORY_LINKS = (
    TagQuery(etree.XPath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' category ')]"), "a",
             lambda el: _rel_says(el, "category"), source_needs("category")),
    _q(f"//*[{class_xpath('taxonomy-category')}]//a", "taxonomy-category"),
    _q(f"//*[{class_xpath('gh-article-tag')}]", "gh-article-tag"),                # Ghost's primary tag
)
_CATEGORY_CLASSES = (
    _q("//article[contains(@class, 'category-')]", "category-"),
    _q("//*[contains(@class, 'category-') and contains(@class, 'post')]", "category-"),
)


def _categories(root: etree._Element, ld: dict[str, Any], source: Haystack | None) -> tuple[str, ...]:
    section = ld.get("articleSection")
    if isinstance(section, str) and squash(section):
        return tuple(squash(s) for s in section.split(",") if squash(s))
    if isinstance(section, list):
        names = tuple(squash(str(s)) for s in section if squash(str(s)))
        if names:
            return tuple(dict.fromkeys(names))
    for query in _CATEGORY_LINKS:
        found = _link_texts(root, query, source)
        if found:
            return found
    article = next((hits[0] for hits in (q(root, source) for q in _CATEGORY_CLASSES) if hits), None)
    if article is not None:
        names = []
        for token in (article.get("class") or "").split():
            m = _WP_CATEGORY.match(token)
            if m:
                names.append(m.group(1).replace("-", " ").title())
        return tuple(names)
    return ()


def _tags(root: etree._Element, ld: dict[str, Any] | None = None, source: Haystack | None = None) -> tuple[str, ...]:
    found = _link_texts(root, _TAG_LINKS, source)
    if found:
        return found
    metas = tuple(dict.fromkeys(squash(v) for v in _ARTICLE_TAGS(root, source) if squash(v)))
    if metas:
        return metas
    keywords = (ld or {}).get("keywords")
    if isinstance(keywords, str):
        keywords = keywords.split(",")
    if isinstance(keywords, list):
        return tuple(dict.fromkeys(squash(str(k)) for k in keywords if squash(str(k))))
    return ()


_ARTICLE_TAGS = _q("//meta[@property='article:tag']/@content", "article:tag")
_TAG_LINKS = GatedUnion.of(
    TagQuery(etree.XPath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')"
                         f" and not(ancestor::*[{class_xpath('taxonomy-category')}])"
                         " and not(contains(concat(' ', normalize-space(@rel), ' '), ' category '))]"),
             "a", lambda el: _is_tag_link(el), source_needs("tag")),
    _q(f"//*[{class_xpath('post-labels')}]//a[not(@rel='tag')]", "post-labels"),   # Blogger's labels
)


def _rel_says(el: etree._Element, token: str) -> bool:
    """The link's rel holds ``token`` (a plain substring test first: most links have no rel)."""
    rel = el.get("rel")
    return rel is not None and token in rel and token in tokens_of(rel)


def _is_tag_link(el: etree._Element) -> bool:
    """rel="tag", not also "category", and not in a list of categories."""
    return (_rel_says(el, "tag") and "category" not in tokens_of(el.get("rel"))
            and not any("taxonomy-category" in tokens_of(a.get("class")) for a in el.iterancestors()))


_CANONICAL = (_h("link[@rel='canonical']/@href"), _h("meta[@property='og:url']/@content"))


def _canonical(root: etree._Element) -> str | None:
    for query in _CANONICAL:
        for value in query(root, None):
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


_GENERATOR = TagQuery(etree.XPath("//meta[@name='generator' and @content]"), "meta",
                      lambda el: el.get("name") == "generator" and el.get("content") is not None,
                      source_needs("generator"))
_PLATFORM_MARKUP = (
    ("wordpress", GatedUnion.of(
        _q("//link[contains(@href, '/wp-content/') or contains(@href, '/wp-includes/')]", "/wp-content/", "/wp-includes/"),
        _q("//script[contains(@src, '/wp-content/') or contains(@src, '/wp-includes/')]", "/wp-content/", "/wp-includes/"),
        _q("//*[contains(@class, 'wp-block-')][1]", "wp-block-"))),
    ("blogger", GatedUnion.of(
        _q("//*[contains(@class, 'post-body') and starts-with(@id, 'post-body-')]", "post-body-"),
        _q("//script[contains(@src, 'blogger.com')] | //link[contains(@href, 'blogger.com')]", "blogger.com"))),
    ("squarespace", GatedUnion.of(
        _q("//*[contains(@class, 'sqs-block')][1]", "sqs-block"),
        _q("//script[contains(@src, 'squarespace')]", "squarespace"))),
    ("ghost", GatedUnion.of(
        _q("//*[contains(@class, 'gh-content')][1]", "gh-content"),
        _q("//*[contains(@class, 'gh-article')][1]", "gh-article"))),
    ("medium", GatedUnion.of(
        _q("//meta[@property='al:ios:app_name' and @content='Medium'] | //meta[@name='twitter:site' and "
           "@content='@Medium']", "Medium"))),
)


def detect_platform(root: etree._Element, source: Haystack | None = None) -> str:
    """wordpress / blogger / squarespace / ghost / medium / generic, from the generator meta or markup."""
    generator = " ".join(el.get("content") for el in _GENERATOR(root, source)).lower()
    for name in ("wordpress", "blogger", "squarespace", "ghost", "medium"):
        if name in generator:
            return name
    for name, query in _PLATFORM_MARKUP:
        if query.exists(root, source):
            return name
    return "generic"
