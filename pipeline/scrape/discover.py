"""Which URLs to fetch: given on the command line or in a file, or listed by sitemaps.

A sitemap may be a ``<urlset>`` of pages or a ``<sitemapindex>`` of further sitemaps
(followed to a depth of 3), plain or gzipped.  ``robots.txt`` lists a site's sitemaps in
its ``Sitemap:`` lines: a --sitemap URL that names a site's root or its robots.txt starts
from those.  A sitemap is read as a stream, within the byte limit of the fetch (inflated
size included) and the protocol's 50,000 URLs; one that cannot be fetched or read is
returned as a failure with its reason, and the others are still read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from ..errors import ScrapeError
from .fetch import PoliteClient, Response
from .inflate import Inflater, TooLarge, Undecodable
from .urls import BadURL, normalize_url

MAX_SITEMAP_DEPTH = 3
MAX_SITEMAP_URLS = 50_000     # the sitemap protocol's limit per file
CHUNK = 1 << 16               # bytes handed to the parser at a time
GZIP_CHUNK = 1 << 12          # gzipped bytes inflated at a time (deflate expands 1032:1 at most)


def read_url_file(path: Path) -> list[str]:
    """URLs one per line; blank lines and lines starting with # are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ScrapeError(str(path), f"cannot read the URL file ({exc})") from exc
    urls = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if urlsplit(line).scheme not in ("http", "https"):
            raise ScrapeError(str(path), f"line {number}: not an http(s) URL: {line!r}")
        urls.append(line)
    return urls


@dataclass(frozen=True, slots=True)
class SitemapFailure:
    """A sitemap that could not be used: it becomes a manifest line, and the scrape goes on."""

    url: str
    error: str                       # one line, naming the URL
    response: Response | None = None


def sitemap_urls(client: PoliteClient, url: str) -> tuple[list[str], list[SitemapFailure]]:
    """Page URLs a sitemap lists (through sitemap indexes), or those of the site's robots.txt
    sitemaps; and the sitemaps that could not be used, each with its reason."""
    parts = urlsplit(url)
    failures: list[SitemapFailure] = []
    if parts.path in ("", "/") or parts.path.endswith("/robots.txt"):
        roots, problem = client.sitemaps(url)
        if not roots:
            return [], [SitemapFailure(url, f"{url}: {problem or 'robots.txt lists no Sitemap: lines'}")]
    else:
        roots = [url]
    found: list[str] = []
    seen: set[str] = set()
    for root in roots:
        _walk(client, root, 0, found, seen, failures)
    return list(dict.fromkeys(found)), failures


def _walk(client: PoliteClient, url: str, depth: int, found: list[str], seen: set[str],
          failures: list[SitemapFailure]) -> None:
    try:
        key = normalize_url(url)
    except BadURL as exc:
        failures.append(SitemapFailure(url, f"{url}: {exc}"))
        return
    if key in seen:
        return
    seen.add(key)
    response = client.get(key)
    if not response.ok or response.content is None:
        problem = response.error or f"{key}: HTTP {response.status}"
        failures.append(SitemapFailure(url, f"sitemap cannot be fetched: {problem}", response))
        return
    try:
        kind, locs = parse_sitemap(response.content, key, client.options.max_page_bytes)
    except ScrapeError as exc:
        failures.append(SitemapFailure(url, str(exc), response))
        return
    if kind == "urlset":
        found.extend(locs)
        return
    if depth >= MAX_SITEMAP_DEPTH:
        failures.append(SitemapFailure(url, f"{key}: sitemap indexes nested deeper than {MAX_SITEMAP_DEPTH}", response))
        return
    for child in locs:
        _walk(client, child, depth + 1, found, seen, failures)


def parse_sitemap(content: bytes, url: str, limit: int) -> tuple[str, list[str]]:
    """("urlset" | "sitemapindex", the <loc> URLs) of a sitemap document, gzipped or not.

    Read as a stream: a gzipped sitemap is inflated a piece at a time into an XML pull parser
    that keeps no element it has read, and stops past `limit` bytes inflated or MAX_SITEMAP_URLS
    locations."""
    inflater = Inflater(["gzip"], limit) if content[:2] == b"\x1f\x8b" else None
    parser = etree.XMLPullParser(events=("start", "end"), resolve_entities=False, no_network=True,
                                 huge_tree=False, remove_comments=True, remove_pis=True)
    kind: str | None = None
    locs: list[str] = []
    step = GZIP_CHUNK if inflater is not None else CHUNK
    try:
        for start in range(0, max(len(content), 1), step):
            piece = content[start:start + step]
            if inflater is not None:
                piece = inflater.feed(piece)
            for at in range(0, len(piece), CHUNK):
                parser.feed(piece[at:at + CHUNK])
                kind = _read_events(parser, url, kind, locs)
        if inflater is not None:
            inflater.finish()
        parser.close()
        kind = _read_events(parser, url, kind, locs)
    except TooLarge as exc:
        raise ScrapeError(url, f"gzipped sitemap larger than the {exc.args[0]:,}-byte limit once "
                               "inflated (--max-page-bytes)") from exc
    except Undecodable as exc:
        raise ScrapeError(url, f"corrupt gzipped sitemap ({exc})") from exc
    except etree.XMLSyntaxError as exc:
        raise ScrapeError(url, f"sitemap is not XML ({exc})") from exc
    if kind is None:
        raise ScrapeError(url, "sitemap is not XML (no root element)")
    return kind, locs


def _read_events(parser: etree.XMLPullParser, url: str, kind: str | None, locs: list[str]) -> str | None:
    for event, element in parser.read_events():
        tag = element.tag
        name = tag.rpartition("}")[2] if isinstance(tag, str) else ""
        if event == "start":
            if kind is None:
                kind = name
                if kind not in ("urlset", "sitemapindex"):
                    raise ScrapeError(url, f"not a sitemap: the root element is <{kind}>")
            continue
        if name == "loc":
            loc = (element.text or "").strip()
            if loc:
                if len(locs) >= MAX_SITEMAP_URLS:
                    raise ScrapeError(url, f"sitemap lists more than {MAX_SITEMAP_URLS:,} URLs "
                                           "(the sitemap protocol's limit)")
                locs.append(loc)
        if name in ("url", "sitemap"):
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    return kind
