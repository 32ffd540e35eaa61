"""The scrape stage: URLs, sitemaps and WordPress sites -> gzipped pages in data/raw/<site>/.

    URLs (arguments, --urls FILE, --sitemap) --PoliteClient--> <out>/<site>/<slug>-<hash>.html.gz
    --wordpress SITE --REST API--> <out>/<site>/wp-<id>-<slug>.wp.json.gz (post + its comments)
    every fetch -> one line of <out>/manifest.jsonl (url, final url, status, time, ETag, sha256...)

Hosts are fetched in parallel, each host one request at a time.  A file is written whole
(temporary name, then rename) before its manifest line, so a scrape killed at any moment
and started again fetches only what the manifest does not show as done; `refresh` fetches
the done pages again with conditional requests (If-None-Match / If-Modified-Since).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import ScrapeError
from ..files import write_atomically
from .discover import read_url_file, sitemap_urls
from .fetch import FetchOptions, PoliteClient, Response
from .manifest import MANIFEST, FetchRecord, Manifest, read_manifest
from .wordpress import wordpress_posts

__all__ = ["ScrapeOptions", "ScrapeSummary", "scrape", "page_file_name", "FetchOptions", "FetchRecord",
           "MANIFEST", "read_manifest"]

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class ScrapeOptions:
    out: Path = Path("data/raw")
    fetch: FetchOptions = FetchOptions()
    refresh: bool = False          # fetch done pages again, conditionally
    hosts_in_parallel: int = 4     # different hosts at once; one request at a time per host
    progress: bool = False


@dataclass
class ScrapeSummary:
    urls: int = 0
    fetched: int = 0
    not_modified: int = 0
    already_done: int = 0
    failed: int = 0
    requests: int = 0
    retries: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return (f"{self.urls} URLs: {self.fetched} fetched, {self.not_modified} not modified, "
                f"{self.already_done} already done, {self.failed} failed; {self.requests} requests "
                f"({self.retries} retries) in {self.seconds:.1f} s")


def site_of(url: str) -> str:
    host = (urlsplit(url).hostname or "unknown-host").lower()
    return host[4:] if host.startswith("www.") else host


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", unquote(text).lower()).strip("-")[:60]


def page_file_name(url: str, suffix: str = ".html.gz") -> str:
    """<site>/<slug>-<first 12 hex of sha1(url)><suffix>: the same URL always gets the same name."""
    path = urlsplit(url).path.rstrip("/")
    slug = _slug(path.rsplit("/", 1)[-1]) or "index"
    return f"{site_of(url)}/{slug}-{hashlib.sha1(url.encode()).hexdigest()[:12]}{suffix}"


def _store(folder: Path, name: str, body: bytes) -> None:
    """Gzip `body` into folder/name atomically (a temporary file renamed into place)."""
    write_atomically(folder / name, gzip.compress(body, mtime=0))


def _record(response: Response, kind: str, path: str | None, body: bytes | None, error: str | None) -> FetchRecord:
    headers = response.headers
    return FetchRecord(
        url=response.url, final_url=response.final_url, status=response.status, fetched_at=response.fetched_at,
        etag=headers.get("etag"), last_modified=headers.get("last-modified"),
        sha256=hashlib.sha256(body).hexdigest() if body is not None else None,
        content_type=headers.get("content-type"), bytes=len(body) if body is not None else None,
        path=path, kind=kind, attempts=response.attempts, error=error)


class _Scraper:
    def __init__(self, client: PoliteClient, manifest: Manifest, options: ScrapeOptions) -> None:
        self.client, self.manifest, self.options = client, manifest, options
        self.summary = ScrapeSummary()
        self._lock = threading.Lock()
        self._bar = None

    def _count(self, outcome: str, failure: str | None = None) -> None:
        with self._lock:
            setattr(self.summary, outcome, getattr(self.summary, outcome) + 1)
            if failure:
                self.summary.failures.append(failure)
            if self._bar is not None:
                self._bar.update(1)

    def page(self, url: str) -> None:
        done = self.manifest.done(url)
        if done is not None and not self.options.refresh:
            self._count("already_done")
            return
        headers = {}
        if done is not None:
            if done.etag:
                headers["If-None-Match"] = done.etag
            if done.last_modified:
                headers["If-Modified-Since"] = done.last_modified
        response = self.client.get(url, headers)
        if response.status == 304 and done is not None:
            self.manifest.add(replace(done, status=304, fetched_at=response.fetched_at,
                                      attempts=response.attempts, error=None))
            self._count("not_modified")
            return
        error = response.error
        content_type = response.headers.get("content-type", "")
        if error is None and content_type and content_type.split(";")[0].strip().lower() not in HTML_TYPES:
            error = f"{url}: not an HTML page (Content-Type {content_type})"
        if error is not None or response.content is None:
            error = error or f"{url}: HTTP {response.status}"
            self.manifest.add(_record(response, "page", None, None, error))
            self._count("failed", error)
            return
        name = page_file_name(url)
        _store(self.manifest.folder, name, response.content)
        self.manifest.add(_record(response, "page", name, response.content, None))
        self._count("fetched")

    def wordpress(self, site: str) -> None:
        for doc in wordpress_posts(self.client, site):
            post = doc["post"]
            link = post.get("link") if isinstance(post.get("link"), str) else f"{site.rstrip('/')}/?p={post['id']}"
            body = json.dumps(doc, ensure_ascii=False, sort_keys=True).encode("utf-8")
            name = page_file_name(link, suffix=".wp.json.gz").replace("/", f"/wp-{post['id']}-", 1)
            _store(self.manifest.folder, name, body)
            response = Response(link, link, 200, {"content-type": "application/json"}, body, 0, None)
            self.manifest.add(_record(response, "wordpress-post", name, body, None))
            with self._lock:
                self.summary.urls += 1
            self._count("fetched")


def scrape(urls: Sequence[str] = (), *, url_files: Sequence[Path] = (), sitemaps: Sequence[str] = (),
           wordpress: Sequence[str] = (), options: ScrapeOptions = ScrapeOptions()) -> ScrapeSummary:
    """Fetch every URL given, listed or found, politely, into ``options.out``; resumable."""
    started = time.perf_counter()
    targets = list(urls)
    for path in url_files:
        targets.extend(read_url_file(Path(path)))
    for url in targets:
        if urlsplit(url).scheme not in ("http", "https"):
            raise ScrapeError(url, "not an http(s) URL")
    manifest = Manifest(Path(options.out))
    with PoliteClient(options.fetch) as client:
        for sitemap in sitemaps:
            targets.extend(sitemap_urls(client, sitemap))
        targets = list(dict.fromkeys(targets))
        scraper = _Scraper(client, manifest, options)
        scraper.summary.urls = len(targets)
        by_host: dict[str, list[str]] = defaultdict(list)
        for url in targets:
            by_host[site_of(url)].append(url)
        if options.progress:
            from tqdm import tqdm
            scraper._bar = tqdm(total=len(targets), unit="page", desc="scrape", leave=False)
        try:
            with ThreadPoolExecutor(max_workers=max(1, options.hosts_in_parallel)) as pool:
                jobs = [pool.submit(_each, scraper.page, host_urls) for host_urls in by_host.values()]
                jobs += [pool.submit(scraper.wordpress, site) for site in wordpress]
                for job in jobs:
                    job.result()
        finally:
            if scraper._bar is not None:
                scraper._bar.close()
        summary = scraper.summary
        summary.requests, summary.retries = client.requests, client.retries
    summary.seconds = time.perf_counter() - started
    return summary


def _each(work, items: Iterable[str]) -> None:
    for item in items:
        work(item)
