"""Post metadata: title, author, date, categories, tags, canonical URL, site, platform.

Each field is read from the most specific source first: the post's own markup
(JSON-LD of the article, theme classes) before site-wide defaults.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from .dates import parse_iso, parse_visible
from .dom import class_xpath, first, squash, text_of

_ARTICLE_TYPES = {"article", "blogposting", "newsarticle", "posting", "socialmediaposting",
                  "report", "techarticle", "recipe", "howto", "creativework", "webpage"}
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


def read_metadata(root: etree._Element, fetch_url: str | None) -> Metadata:
    """Everything the page says about the post, outside its body and comments."""
    ld = _json_ld_article(root)
    site_name = _meta(root, "og:site_name") or _ld_site_name(root)
    url = _canonical(root) or fetch_url
    return Metadata(
        title=_title(root, ld, site_name),
        author=_author(root, ld),
        published=_published(root, ld),
        categories=_categories(root, ld),
        tags=_tags(root, ld),
        url=url,
        site=site_of(url, site_name),
        platform=detect_platform(root),
        modified=_modified(root, ld),
        site_name=site_name,
        language=_language(root, ld),
    )


# -- JSON-LD -------------------------------------------------------------------------

def _json_ld_objects(root: etree._Element) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for script in root.xpath("//script[@type='application/ld+json']"):
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


def _json_ld_article(root: etree._Element) -> dict[str, Any]:
    """The article object of the page's JSON-LD, with @id references to people resolved."""
    objects = _json_ld_objects(root)
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


def _ld_site_name(root: etree._Element) -> str | None:
    for obj in _json_ld_objects(root):
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

def _meta(root: etree._Element, key: str) -> str | None:
    for el in root.xpath("//meta[@property=$k or @name=$k]", k=key):
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
    f"//h1[{class_xpath('entry-title')}]", f"//h1[{class_xpath('post-title')}]",
    f"//h1[{class_xpath('wp-block-post-title')}]", f"//h3[{class_xpath('post-title')}]",
    f"//h2[{class_xpath('post-title')}]", f"//h2[{class_xpath('entry-title')}]",
    f"//*[{class_xpath('entry-title')}]", "//article//h1", "//h1[@itemprop='headline']",
)


def _title(root: etree._Element, ld: dict[str, Any], site_name: str | None) -> str | None:
    og = _meta(root, "og:title")
    if og and site_name and og.lower() == site_name.lower():
        og = None
    if og:
        return _strip_site_suffix(og, site_name, guess=False)
    headline = _ld_text(ld.get("headline"))
    if headline:
        return headline
    for xpath in _THEME_TITLES:
        text = text_of(first(root, xpath))
        if text:
            return text
    title = text_of(first(root, "//title"))
    if title:
        return _strip_site_suffix(title, site_name, guess=True)
    text = text_of(first(root, "//h1"))
    return text or None


_BYLINES = (
    "//meta[@name='author']/@content",
    f"//*[{class_xpath('author')} and {class_xpath('vcard')}]//*[{class_xpath('fn')}]",
    f"//*[{class_xpath('post-author')}]//*[{class_xpath('fn')}]",
    f"//*[{class_xpath('entry-author-name')}]",
    f"//*[{class_xpath('wp-block-post-author-name')}]",
    f"//*[{class_xpath('byline')}]//*[{class_xpath('fn')}]",
    "//a[@rel='author']",
    f"//*[{class_xpath('gh-article-author')}]",                     # Ghost
    f"//*[{class_xpath('blog-meta-item--author')}]",                # Squarespace
    "//*[@itemprop='author' and not(ancestor-or-self::*[contains(@itemtype, 'Comment')])]"
    "//*[@itemprop='name']",                                        # schema.org microdata
    "//*[@itemprop='author' and not(ancestor-or-self::*[contains(@itemtype, 'Comment')])]",
)


def _author(root: etree._Element, ld: dict[str, Any]) -> str | None:
    name = _ld_text(ld.get("author"))
    if name:
        return name
    for xpath in _BYLINES:
        for found in root.xpath(xpath):
            text = squash(found) if isinstance(found, str) else text_of(found)
            if text and not text.startswith(("http://", "https://")):
                return text
    return None


_DATE_ATTRIBUTES = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    f"//time[{class_xpath('entry-time')} or {class_xpath('entry-date')} or {class_xpath('published')}]/@datetime",
    f"//abbr[{class_xpath('published')}]/@title",
    "//*[@itemprop='datePublished']/@datetime",
    f"//*[{class_xpath('wp-block-post-date')}]//time/@datetime",
    "//meta[@name='date' or @name='pubdate' or @name='publish-date' or @property='og:published_time']/@content",
    "//article//time/@datetime",
)
_VISIBLE_DATES = (
    f"//*[{class_xpath('date-header')}]", f"//*[{class_xpath('entry-date')}]",
    f"//*[{class_xpath('post-date')}]", f"//*[{class_xpath('published')}]",
    f"//*[{class_xpath('posted-on')}]", "//time",
)


def _published(root: etree._Element, ld: dict[str, Any]) -> datetime | None:
    date = _declared_date(root, ld, "datePublished", _DATE_ATTRIBUTES)
    if date is not None:
        return date
    for xpath in _VISIBLE_DATES:
        for el in root.xpath(xpath)[:3]:
            date = parse_visible(text_of(el))
            if date is not None:
                return date
    return None


def _declared_date(root: etree._Element, ld: dict[str, Any], ld_key: str,
                   attributes: tuple[str, ...]) -> datetime | None:
    """An ISO date the page declares for machines: the article's JSON-LD first, then attributes."""
    value = ld.get(ld_key)
    date = parse_iso(value) if isinstance(value, str) else None
    if date is not None:
        return date
    for xpath in attributes:
        for found in root.xpath(xpath):
            date = parse_iso(str(found))
            if date is not None:
                return date
    return None


_MODIFIED_ATTRIBUTES = (
    "//meta[@property='article:modified_time']/@content", "//meta[@property='og:updated_time']/@content",
    "//*[@itemprop='dateModified']/@content", "//*[@itemprop='dateModified']/@datetime",
    f"//time[{class_xpath('updated')}]/@datetime",
)


def _modified(root: etree._Element, ld: dict[str, Any]) -> datetime | None:
    """When the post was last changed: the article's JSON-LD first, then meta tags and microdata."""
    return _declared_date(root, ld, "dateModified", _MODIFIED_ATTRIBUTES)


def _language(root: etree._Element, ld: dict[str, Any]) -> str | None:
    """The page's language as a BCP 47 tag ("de", "en-us"): <html lang>, then meta tags, then JSON-LD."""
    candidates = [root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang"),
                  *root.xpath("//meta[translate(@http-equiv, 'CONTENT-LAGU', 'content-lagu')="
                              "'content-language']/@content"),
                  *root.xpath("//meta[@property='og:locale']/@content"),
                  ld.get("inLanguage") if isinstance(ld.get("inLanguage"), str) else None]
    for value in candidates:
        if value and str(value).strip():
            return str(value).strip().split(",")[0].replace("_", "-").lower()
    return None


def _link_texts(root: etree._Element, xpath: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for el in root.xpath(xpath):
        text = text_of(el)
        if text:
            seen.setdefault(text, None)
    return tuple(seen)


def _categories(root: etree._Element, ld: dict[str, Any]) -> tuple[str, ...]:
    section = ld.get("articleSection")
    if isinstance(section, str) and squash(section):
        return tuple(squash(s) for s in section.split(",") if squash(s))
    if isinstance(section, list):
        names = tuple(squash(str(s)) for s in section if squash(str(s)))
        if names:
            return tuple(dict.fromkeys(names))
    found = _link_texts(root, "//a[contains(concat(' ', normalize-space(@rel), ' '), ' category ')]")
    if found:
        return found
    found = _link_texts(root, f"//*[{class_xpath('taxonomy-category')}]//a")
    if found:
        return found
    found = _link_texts(root, f"//*[{class_xpath('gh-article-tag')}]")   # Ghost's primary tag
    if found:
        return found
    article = first(root, "//article[contains(@class, 'category-')]")
    if article is None:
        article = first(root, "//*[contains(@class, 'category-') and contains(@class, 'post')]")
    if article is not None:
        names = []
        for token in (article.get("class") or "").split():
            m = _WP_CATEGORY.match(token)
            if m:
                names.append(m.group(1).replace("-", " ").title())
        return tuple(names)
    return ()


def _tags(root: etree._Element, ld: dict[str, Any] | None = None) -> tuple[str, ...]:
    found = _link_tags(root)
    if found:
        return found
    metas = tuple(dict.fromkeys(squash(v) for v in root.xpath("//meta[@property='article:tag']/@content")
                                if squash(v)))
    if metas:
        return metas
    keywords = (ld or {}).get("keywords")
    if isinstance(keywords, str):
        keywords = keywords.split(",")
    if isinstance(keywords, list):
        return tuple(dict.fromkeys(squash(str(k)) for k in keywords if squash(str(k))))
    return ()


def _link_tags(root: etree._Element) -> tuple[str, ...]:
    return _link_texts(
        root,
        "//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')"
        f" and not(ancestor::*[{class_xpath('taxonomy-category')}])"
        " and not(contains(concat(' ', normalize-space(@rel), ' '), ' category '))]"
        f" | //*[{class_xpath('post-labels')}]//a[not(@rel='tag')]",
    )


def _canonical(root: etree._Element) -> str | None:
    for xpath in ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
        for value in root.xpath(xpath):
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


def detect_platform(root: etree._Element) -> str:
    """wordpress / blogger / squarespace / ghost / medium / generic, from the generator meta or markup."""
    generator = " ".join(root.xpath("//meta[@name='generator']/@content")).lower()
    for name in ("wordpress", "blogger", "squarespace", "ghost", "medium"):
        if name in generator:
            return name
    if root.xpath("//link[contains(@href, '/wp-content/') or contains(@href, '/wp-includes/')]"
                  " | //script[contains(@src, '/wp-content/') or contains(@src, '/wp-includes/')]"
                  " | //*[contains(@class, 'wp-block-')][1]"):
        return "wordpress"
    if root.xpath("//*[contains(@class, 'post-body') and starts-with(@id, 'post-body-')]"
                  " | //script[contains(@src, 'blogger.com')] | //link[contains(@href, 'blogger.com')]"):
        return "blogger"
    if root.xpath("//*[contains(@class, 'sqs-block')][1] | //script[contains(@src, 'squarespace')]"):
        return "squarespace"
    if root.xpath("//*[contains(@class, 'gh-content')][1] | //*[contains(@class, 'gh-article')][1]"):
        return "ghost"
    if root.xpath("//meta[@property='al:ios:app_name' and @content='Medium'] | //meta[@name='twitter:site' and "
                  "@content='@Medium']"):
        return "medium"
    return "generic"
