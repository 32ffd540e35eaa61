"""The scrape stage: URLs, sitemaps and WordPress sites -> gzipped pages in data/raw/<site>/.

    URLs (arguments, --urls FILE, --sitemap) --PoliteClient--> <out>/<site>/<slug>-<hash>.html.gz
    --wordpress SITE --REST API--> <out>/<site>/wp-<id>-<slug>-<hash>.wp.json.gz (post + its comments)
    every fetch -> one line of <out>/manifest.jsonl (url, final url, status, time, ETag, sha256...)

Hosts are fetched in parallel, each host one request at a time.  A file is written whole
(temporary name, then rename) before its manifest line, so a scrape killed at any moment
and started again fetches only what the manifest does not show as done; `refresh` fetches
the done pages again with conditional requests (If-None-Match / If-Modified-Since).

Nothing a server sends chooses a path: URLs are normalised (urls.py) before anything else,
a page's name is made of a slug of ``[a-z0-9-]`` and a hash of its URL in a folder named
after its host's ``[a-z0-9-]`` labels (a WordPress post's folder is the site's as given, its
name starts with the post's numeric id), and every path is resolved and checked to lie
inside ``out`` before it is written.  Pages are written 0644 (less the umask), like the
tables.  A URL, sitemap or post that fails for any reason is one manifest line with the
reason, and the scrape goes on.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import secrets
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import ScrapeError
from .discover import read_url_file, sitemap_urls
from .fetch import FetchOptions, PoliteClient, Response
from .manifest import MANIFEST, FetchRecord, Manifest, read_manifest
from .urls import BadURL, normalize_url, site_folder, slug
from .wordpress import WordPressFailure, wordpress_posts

__all__ = ["ScrapeOptions", "ScrapeSummary", "scrape", "page_file_name", "FetchOptions", "FetchRecord",
           "MANIFEST", "read_manifest", "normalize_url"]

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


def _url_hash(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8", errors="surrogatepass")).hexdigest()[:12]


def page_file_name(url: str, suffix: str = ".html.gz") -> str:
    """<site>/<slug>-<first 12 hex of sha1(url)><suffix>: the same URL always gets the same name,
    made only of ``[a-z0-9.-]`` whatever the URL holds."""
    path = urlsplit(url).path.rstrip("/")
    return f"{site_folder(url)}/{slug(path.rsplit('/', 1)[-1]) or 'index'}-{_url_hash(url)}{suffix}"


def wordpress_file_name(site: str, post_id: int, link: str) -> str:
    """<site>/wp-<id>-<slug>-<hash of the link>.wp.json.gz, in the folder of the site as given."""
    path = urlsplit(link).path.rstrip("/")
    return f"{site_folder(site)}/wp-{post_id}-{slug(path.rsplit('/', 1)[-1]) or 'index'}-{_url_hash(link)}.wp.json.gz"


def _inside(out: Path, name: str) -> Path | None:
    """out/name resolved, when it lies inside out (resolved too); None when it does not."""
    root = out.resolve()
    target = (root / name).resolve()
    return target if target != root and target.is_relative_to(root) else None


def _write_page(path: Path, data: bytes) -> None:
    """Write `data` to a new temporary file beside `path` (0644 less the umask, never through a
    symlink), sync it, and rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _store(out: Path, name: str, body: bytes, url: str) -> str | None:
    """Gzip `body` into out/name; the reason, naming the URL, when it is not written."""
    target = _inside(out, name)
    if target is None:
        return f"{url}: refused to write {name!r}: outside the output folder {out}"
    try:
        _write_page(target, gzip.compress(body, mtime=0))
    except OSError as exc:
        return f"{url}: cannot store the page as {name} ({exc.strerror or exc})"
    return None


def _record(response: Response, kind: str, path: str | None, body: bytes | None, error: str | None) -> FetchRecord:
    headers = response.headers
    return FetchRecord(
        url=response.url, final_url=response.final_url, status=response.status, fetched_at=response.fetched_at,
        etag=headers.get("etag"), last_modified=headers.get("last-modified"),
        sha256=hashlib.sha256(body).hexdigest() if body is not None else None,
        content_type=headers.get("content-type"), bytes=len(body) if body is not None else None,
        path=path, kind=kind, attempts=response.attempts, error=error)


def _failure(url: str, kind: str, error: str, response: Response | None) -> FetchRecord:
    if response is None:
        response = Response(url, url, None, {}, None, 0, error)
    return replace(_record(response, kind, None, None, error), url=url)


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

    def fail(self, url: str, kind: str, error: str, response: Response | None = None, *, counted: bool = True) -> None:
        """One manifest line for what could not be fetched, read or stored; the scrape goes on."""
        self.manifest.add(_failure(url, kind, error, response))
        if not counted:
            with self._lock:
                self.summary.urls += 1
        self._count("failed", error)

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
            self.fail(url, "page", error or f"{url}: HTTP {response.status}", response)
            return
        name = page_file_name(url)
        error = _store(self.manifest.folder, name, response.content, url)
        if error is not None:
            self.fail(url, "page", error, response)
            return
        self.manifest.add(_record(response, "page", name, response.content, None))
        self._count("fetched")

    def wordpress(self, site: str) -> None:
        limit = self.options.fetch.max_page_bytes
        for item in wordpress_posts(self.client, site):
            if isinstance(item, WordPressFailure):
                self.fail(item.url, "wordpress-post", item.error, item.response, counted=False)
                continue
            body = json.dumps(item.document, ensure_ascii=False, sort_keys=True).encode("utf-8")
            response = Response(item.link, item.link, 200, {"content-type": "application/json"}, body, 0, None)
            if len(body) > limit:
                self.fail(item.link, "wordpress-post", f"{item.link}: post and comments larger than the "
                                                       f"{limit:,}-byte limit (--max-page-bytes)", counted=False)
                continue
            name = wordpress_file_name(site, item.id, item.link)
            error = _store(self.manifest.folder, name, body, item.link)
            if error is not None:
                self.fail(item.link, "wordpress-post", error, response, counted=False)
                continue
            self.manifest.add(_record(response, "wordpress-post", name, body, None))
            with self._lock:
                self.summary.urls += 1
            self._count("fetched")


def _normalized(url: str, where: str) -> str:
    try:
        return normalize_url(url)
    except BadURL as exc:
        raise ScrapeError(where, str(exc) if where == url else f"{url!r}: {exc}") from exc


def scrape(urls: Sequence[str] = (), *, url_files: Sequence[Path] = (), sitemaps: Sequence[str] = (),
           wordpress: Sequence[str] = (), options: ScrapeOptions = ScrapeOptions()) -> ScrapeSummary:
    """Fetch every URL given, listed or found, politely, into ``options.out``; resumable.

    URLs given (arguments, URL files, --sitemap and --wordpress sites) that are no http(s) URL
    raise ScrapeError before anything is fetched; everything a server sends that fails is a
    manifest line with the reason."""
    started = time.perf_counter()
    targets = [_normalized(url, url) for url in urls]
    for path in url_files:
        targets.extend(_normalized(url, str(path)) for url in read_url_file(Path(path)))
    sitemaps = [_normalized(url, url) for url in sitemaps]
    wordpress = [_normalized(url, url) for url in wordpress]
    manifest = Manifest(Path(options.out))
    with PoliteClient(options.fetch) as client:
        scraper = _Scraper(client, manifest, options)
        for sitemap in sitemaps:
            found, failures = sitemap_urls(client, sitemap)
            for failure in failures:
                scraper.fail(failure.url, "sitemap", failure.error, failure.response, counted=False)
            for url in found:
                try:
                    targets.append(normalize_url(url))
                except BadURL as exc:
                    scraper.fail(url, "page", f"{url}: {exc}", counted=False)
        targets = list(dict.fromkeys(targets))
        scraper.summary.urls += len(targets)
        by_host: dict[str, list[str]] = defaultdict(list)
        for url in targets:
            by_host[site_folder(url)].append(url)
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
