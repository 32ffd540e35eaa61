"""A WordPress site's posts and comments through its REST API (``/wp-json/wp/v2/``).

    GET /wp-json/wp/v2/posts?per_page=100&page=N&_embed=author,wp:term     N = 1 .. X-WP-TotalPages
    GET /wp-json/wp/v2/comments?post=ID&per_page=100&page=N                 N = 1 .. X-WP-TotalPages

Each post is stored with its comments as one JSON document (``*.wp.json.gz``) that the
clean stage reads like a page: the post's and the comments' HTML go through the same
cleaner, and threading comes from each comment's ``parent``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..errors import ScrapeError
from .fetch import PoliteClient

PER_PAGE = 100
MAX_PAGES = 1000          # a site claiming more pages of results than this is not believed


def api_base(site: str) -> str:
    return site.rstrip("/") + "/wp-json/wp/v2/"


def _pages(client: PoliteClient, url: str) -> Iterator[tuple[list[dict[str, Any]], int]]:
    """Every page of a paginated collection, with the number of requests each took."""
    page, total = 1, 1
    while page <= total:
        sep = "&" if "?" in url else "?"
        response = client.get(f"{url}{sep}per_page={PER_PAGE}&page={page}")
        if not response.ok or response.content is None:
            raise ScrapeError(url, f"page {page}: {response.error or f'HTTP {response.status}'}")
        try:
            items = json.loads(response.content)
        except ValueError as exc:
            raise ScrapeError(url, f"page {page}: the API did not answer JSON ({exc})") from exc
        if not isinstance(items, list):
            raise ScrapeError(url, f"page {page}: expected a JSON list, got {type(items).__name__}")
        header = response.headers.get("x-wp-totalpages", "1")
        total = min(int(header), MAX_PAGES) if header.isdigit() else 1
        yield items, response.attempts
        page += 1


def wordpress_posts(client: PoliteClient, site: str) -> Iterator[dict[str, Any]]:
    """One document per post: {"api", "post", "comments"}; comments of every page, in API order."""
    base = api_base(site)
    for posts, _ in _pages(client, f"{base}posts?_embed=author,wp:term"):
        for post in posts:
            if not isinstance(post, dict) or "id" not in post:
                raise ScrapeError(f"{base}posts", "a post without an id")
            comments: list[dict[str, Any]] = []
            for page, _ in _pages(client, f"{base}comments?post={post['id']}"):
                comments.extend(c for c in page if isinstance(c, dict))
            yield {"api": base, "post": post, "comments": comments}
