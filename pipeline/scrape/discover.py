"""Which URLs to fetch: given on the command line or in a file, or listed by sitemaps.

A sitemap may be a ``<urlset>`` of pages or a ``<sitemapindex>`` of further sitemaps
(followed to a depth of 3), plain or gzipped.  ``robots.txt`` lists a site's sitemaps in
its ``Sitemap:`` lines: a --sitemap URL that names a site's root or its robots.txt starts
from those.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from ..errors import ScrapeError
from .fetch import PoliteClient

MAX_SITEMAP_DEPTH = 3


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


def sitemap_urls(client: PoliteClient, url: str) -> list[str]:
    """Page URLs a sitemap lists (through sitemap indexes), or those of the site's robots.txt sitemaps."""
    parts = urlsplit(url)
    if parts.path in ("", "/") or parts.path.endswith("/robots.txt"):
        roots = client.sitemaps(url)
        if not roots:
            raise ScrapeError(url, "robots.txt lists no Sitemap: lines")
    else:
        roots = [url]
    found: list[str] = []
    seen: set[str] = set()
    for root in roots:
        _walk(client, root, 0, found, seen)
    return list(dict.fromkeys(found))


def _walk(client: PoliteClient, url: str, depth: int, found: list[str], seen: set[str]) -> None:
    if url in seen:
        return
    seen.add(url)
    response = client.get(url)
    if not response.ok or response.content is None:
        raise ScrapeError(url, f"sitemap cannot be fetched ({response.error or f'HTTP {response.status}'})")
    kind, locs = parse_sitemap(response.content, url)
    if kind == "urlset":
        found.extend(locs)
        return
    if depth >= MAX_SITEMAP_DEPTH:
        raise ScrapeError(url, f"sitemap indexes nested deeper than {MAX_SITEMAP_DEPTH}")
    for child in locs:
        _walk(client, child, depth + 1, found, seen)


def parse_sitemap(content: bytes, url: str) -> tuple[str, list[str]]:
    """("urlset" | "sitemapindex", the <loc> URLs) of a sitemap document, gzipped or not."""
    if content[:2] == b"\x1f\x8b":
        try:
            content = gzip.decompress(content)
        except (OSError, EOFError, zlib.error) as exc:
            raise ScrapeError(url, f"corrupt gzipped sitemap ({exc})") from exc
    try:
        root = etree.fromstring(content, parser=etree.XMLParser(resolve_entities=False, no_network=True,
                                                                huge_tree=False))
    except etree.XMLSyntaxError as exc:
        raise ScrapeError(url, f"sitemap is not XML ({exc})") from exc
    kind = etree.QName(root).localname
    if kind not in ("urlset", "sitemapindex"):
        raise ScrapeError(url, f"not a sitemap: the root element is <{kind}>")
    return kind, [loc.strip() for loc in _locs(root) if loc and loc.strip()]


def _locs(root: etree._Element) -> Iterable[str]:
    for element in root.iter():
        if isinstance(element.tag, str) and etree.QName(element).localname == "loc":
            yield element.text or ""
