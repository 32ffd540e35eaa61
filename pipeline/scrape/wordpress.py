"""A WordPress site's posts and comments through its REST API (``/wp-json/wp/v2/``).

    GET /wp-json/wp/v2/posts?per_page=100&page=N&_embed=author,wp:term     N = 1 .. X-WP-TotalPages
    GET /wp-json/wp/v2/comments?post=ID&per_page=100&page=N                 N = 1 .. X-WP-TotalPages

Each post is stored with its comments as one JSON document (``*.wp.json.gz``) that the
clean stage reads like a page: the post's and the comments' HTML go through the same
cleaner, and threading comes from each comment's ``parent``.

What the API answers is untrusted: a post's ``id`` must be a whole number (it goes into a
query and a file name), its ``link`` an http(s) URL (else the post is known by
``SITE/?p=ID``), and a post's comments together may not exceed the byte limit of a page.  A
page of results, or a post, that fails any of this is returned as a failure with its reason,
and the others are still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .fetch import PoliteClient, Response
from .urls import BadURL, normalize_url

PER_PAGE = 100
MAX_PAGES = 1000          # a site claiming more pages of results than this is not believed
MAX_ID = 10**18           # larger post ids are not believed either


@dataclass(frozen=True, slots=True)
class WordPressPost:
    id: int
    link: str                        # normalised http(s) URL of the post
    document: dict[str, Any]         # {"api", "post", "comments"}


@dataclass(frozen=True, slots=True)
class WordPressFailure:
    url: str
    error: str                       # one line, naming the URL
    response: Response | None = None


def api_base(site: str) -> str:
    return site.rstrip("/") + "/wp-json/wp/v2/"


def _pages(client: PoliteClient, url: str) -> Iterator[tuple[list[Any], Response] | WordPressFailure]:
    """Every page of a paginated collection; a page that fails is a failure, and the next page
    is still asked for when the number of pages is known."""
    page, total = 1, 1
    while page <= total:
        sep = "&" if "?" in url else "?"
        page_url = f"{url}{sep}per_page={PER_PAGE}&page={page}"
        response = client.get(page_url)
        items: Any = None
        problem = None
        if not response.ok or response.content is None:
            problem = response.error or f"{page_url}: HTTP {response.status}"
        else:
            try:
                items = json.loads(response.content)
            except ValueError as exc:
                problem = f"{page_url}: the API did not answer JSON ({exc})"
            else:
                if not isinstance(items, list):
                    problem = f"{page_url}: expected a JSON list, got {type(items).__name__}"
        if problem is not None:
            yield WordPressFailure(page_url, problem, response)
            if page == 1:
                return
            page += 1
            continue
        header = response.headers.get("x-wp-totalpages", "1").strip()
        total = min(int(header), MAX_PAGES) if header.isdigit() else 1
        yield items, response
        if not items:
            return                # WordPress never sends an empty page before the last one
        page += 1


def _post_id(post: Any) -> int | None:
    value = post.get("id") if isinstance(post, dict) else None
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < MAX_ID:
        return value
    return None


def _link(post: dict[str, Any], site: str, post_id: int) -> str:
    link = post.get("link")
    if isinstance(link, str):
        try:
            return normalize_url(link)
        except BadURL:
            pass
    return normalize_url(f"{site.rstrip('/')}/?p={post_id}")


def wordpress_posts(client: PoliteClient, site: str) -> Iterator[WordPressPost | WordPressFailure]:
    """One document per post, with the comments of every page in API order; or a failure."""
    base = api_base(site)
    limit = client.options.max_page_bytes
    for listing in _pages(client, f"{base}posts?_embed=author,wp:term"):
        if isinstance(listing, WordPressFailure):
            yield listing
            continue
        posts, response = listing
        for post in posts:
            post_id = _post_id(post)
            if post_id is None:
                shown = repr(post.get("id") if isinstance(post, dict) else post)[:60]
                yield WordPressFailure(response.final_url, f"{response.final_url}: a post whose id is not a "
                                                           f"whole number ({shown}); skipped")
                continue
            link = _link(post, site, post_id)
            comments: list[dict[str, Any]] = []
            size, failure = 0, None
            for page in _pages(client, f"{base}comments?post={post_id}"):
                if isinstance(page, WordPressFailure):
                    failure = WordPressFailure(link, f"{link}: comments not read: {page.error}", page.response)
                    break
                items, got = page
                size += len(got.content or b"")
                if size > limit:
                    failure = WordPressFailure(link, f"{link}: comments larger than the {limit:,}-byte limit "
                                                     "(--max-page-bytes)", got)
                    break
                comments.extend(c for c in items if isinstance(c, dict))
            if failure is not None:
                yield failure
                continue
            yield WordPressPost(post_id, link, {"api": base, "post": post, "comments": comments})
