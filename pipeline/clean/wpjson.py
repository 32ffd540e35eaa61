"""A post fetched through the WordPress REST API -> the same CleanPost an HTML page gives.

The document (written by ``blogrx scrape --wordpress``) is {"api", "post", "comments"} with
the API's own fields.  The post's ``content.rendered`` and each comment's HTML go through
the cleaner's block reader, so body blocks and comment text are made as for a saved page.
Threading comes from each comment's ``parent``; ``is_post_author`` from the comment's user
id being the post's author id (data the API states, never a guess from the name).
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import lxml.html

from ..errors import CleanError
from ..records import EMAIL_PLACEHOLDER, CleanPost, Comment, RawPage
from .blocks import text_blocks
from .body import assemble
from .comments import scrub
from .dates import Dated, dated, parse_iso
from .emails import scrub_emails
from .metadata import site_of

WP_JSON_SUFFIXES = (".wp.json", ".wp.json.gz")


_API_DOCUMENT = re.compile(rb'\s*\{"api": "')   # (a match: no copy of the page's bytes)


def is_wordpress_document(page: RawPage) -> bool:
    name = page.source_path.lower()
    return any(name.endswith(s) for s in WP_JSON_SUFFIXES) or _API_DOCUMENT.match(page.content) is not None


def clean_wordpress(page: RawPage, post_id: str) -> CleanPost:
    path = page.source_path
    try:
        doc = json.loads(page.content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CleanError(path, f"not a WordPress API document: invalid JSON ({exc})") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("post"), dict):
        raise CleanError(path, "not a WordPress API document: no 'post' object")
    post: dict[str, Any] = doc["post"]
    blocks, body_text = assemble(text_blocks(_fragment(_rendered(post, "content"))))
    if not body_text.strip():
        raise CleanError(path, "no body text: the post's content.rendered is empty")
    embedded = post.get("_embedded") or {}
    authors = [a for a in embedded.get("author") or [] if isinstance(a, dict)]
    terms = [t for group in embedded.get("wp:term") or [] if isinstance(group, list)
             for t in group if isinstance(t, dict)]
    url = post.get("link") if isinstance(post.get("link"), str) else page.url
    comments = _comments(doc.get("comments") or [], post, post_id,
                         authors[0].get("name") if authors else None)
    published = _date(post)
    return CleanPost(
        post_id=post_id, source_path=path, url=url,
        site=site_of(url, None), platform="wordpress-api",
        title=scrub_emails(_plain(_rendered(post, "title"))) or None,
        author=(authors[0].get("name") or None) if authors else None,
        published=None if published is None else published.value,
        categories=_terms(terms, "category"), tags=_terms(terms, "post_tag"),
        body_text=body_text, blocks=blocks, comments=comments, comment_widget=None,
        published_raw=None if published is None else published.text,
    )


def _rendered(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    if isinstance(value, dict):
        value = value.get("rendered")
    return value if isinstance(value, str) else ""


def _fragment(markup: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(f"<html><body><article>{markup}</article></body></html>").find(".//article")


def _plain(markup: str) -> str:
    if not markup.strip():
        return ""
    return " ".join(html.unescape(lxml.html.fromstring(f"<span>{markup}</span>").text_content()).split())


def _date(obj: dict[str, Any]) -> Dated | None:
    """The API's ``date_gmt`` (UTC), else its ``date`` (the site's time), with the field's value."""
    gmt = obj.get("date_gmt")
    if isinstance(gmt, str) and gmt:
        return dated(parse_iso(gmt + "+00:00"), gmt)
    local = obj.get("date")
    return dated(parse_iso(local), local) if isinstance(local, str) else None


def _terms(terms: list[dict[str, Any]], taxonomy: str) -> tuple[str, ...]:
    return tuple(html.unescape(t["name"]) for t in terms
                 if t.get("taxonomy") == taxonomy and isinstance(t.get("name"), str))


def _comments(raw: list[Any], post: dict[str, Any], post_id: str, post_author: str | None) -> tuple[Comment, ...]:
    items = sorted((c for c in raw if isinstance(c, dict) and isinstance(c.get("id"), int)
                    and c.get("status", "approved") == "approved"),
                   key=lambda c: (str(c.get("date_gmt") or c.get("date") or ""), c["id"]))
    ids = {c["id"]: f"{post_id}-c{i:04d}" for i, c in enumerate(items)}
    parents = {c["id"]: c.get("parent") if c.get("parent") in ids else None for c in items}

    def depth(comment_id: int) -> int:
        level, seen = 0, {comment_id}
        while parents.get(comment_id) is not None and parents[comment_id] not in seen:
            comment_id = parents[comment_id]
            seen.add(comment_id)
            level += 1
        return level

    author_id = post.get("author")
    out = []
    for c in items:
        by_author = bool(author_id) and c.get("author") == author_id
        name = scrub(str(c.get("author_name") or "")) or None
        if by_author and post_author and name == EMAIL_PLACEHOLDER:
            name = post_author
        text = scrub("\n\n".join(b.text for b in text_blocks(_fragment(_rendered(c, "content")))))
        date = _date(c)
        out.append(Comment(
            comment_id=ids[c["id"]], post_id=post_id,
            parent_id=ids[parents[c["id"]]] if parents[c["id"]] is not None else None,
            depth=depth(c["id"]), author=name, published=None if date is None else date.value,
            is_post_author=by_author, text=text, html_id=f"comment-{c['id']}",
            published_raw=None if date is None else date.text,
        ))
    return tuple(out)
