"""A polite HTTP client: robots.txt, one request at a time per host, a delay, retries, limits.

    PoliteClient.get(url)
        robots.txt of the host (fetched once, parsed by protego) allows the URL?   else refused
        wait until `delay` seconds after the host's previous response ended
        GET, streamed: stop past `max_bytes`; 429 / 5xx / timeout -> wait and retry
            (Retry-After when the server says, else exponential backoff with jitter)
        3xx -> follow by hand, each hop checked against robots.txt, at most `max_redirects`

Per RFC 9309: a robots.txt that answers 4xx allows everything; one that cannot be fetched
(5xx, network errors, after retries) disallows everything on that host.  A Crawl-delay
longer than our delay is obeyed.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from .. import __version__

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How politely and how persistently to fetch."""

    delay: float = 1.0              # seconds between the end of one response and the next request, per host
    contact: str | None = None      # URL or address a site owner can reach the researcher at
    timeout: float = 20.0           # seconds to connect, and between bytes read
    retries: int = 3                # further attempts after a 429, a 5xx or a timeout
    backoff: float = 1.0            # first wait before a retry; doubled each time, plus jitter
    max_wait: float = 120.0         # longest wait we accept (a longer Retry-After fails the URL)
    max_bytes: int = 5_000_000      # larger bodies are refused
    max_redirects: int = 5

    @property
    def user_agent(self) -> str:
        contact = f"; +{self.contact}" if self.contact else ""
        return f"blogrx/{__version__} (research crawler for running and physiotherapy blogs{contact})"


@dataclass(frozen=True, slots=True)
class Response:
    url: str                        # asked for
    final_url: str                  # after redirects
    status: int | None              # None when no response came
    headers: dict[str, str]         # lower-case names
    content: bytes | None           # decoded body (Content-Encoding undone), None on failure
    attempts: int                   # requests made, robots.txt excluded
    error: str | None               # one line; None on success
    fetched_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)   # one request at a time
    ready_at: float = 0.0           # monotonic time before which no request may start
    robots: Protego | None = None
    robots_status: str = "unknown"  # "parsed", "allow-all", "disallow-all"
    delay: float = 0.0


class PoliteClient:
    """One client for a whole scrape; safe to use from one thread per host."""

    def __init__(self, options: FetchOptions = FetchOptions(), *,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.options = options
        self._sleep, self._clock = sleep, clock
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self._rng = random.Random()
        self.requests = 0               # every request sent, robots.txt and retries included
        self.retries = 0
        self._client = httpx.Client(
            headers={"User-Agent": options.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(options.timeout), follow_redirects=False, transport=transport)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- robots.txt ---------------------------------------------------------------------------
    def _host(self, url: str) -> tuple[str, _Host]:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}".lower()
        with self._hosts_lock:
            host = self._hosts.setdefault(key, _Host(delay=self.options.delay))
        return key, host

    def _load_robots(self, key: str, host: _Host) -> None:
        response = self._send(f"{key}/robots.txt", host, {})
        if response.status is not None and 200 <= response.status < 300 and response.content is not None:
            host.robots = Protego.parse(response.content.decode("utf-8", errors="replace"))
            host.robots_status = "parsed"
            crawl_delay = host.robots.crawl_delay(self.options.user_agent)
            if crawl_delay:
                host.delay = max(host.delay, float(crawl_delay))
        elif response.status is not None and 400 <= response.status < 500:
            host.robots_status = "allow-all"
        else:
            host.robots_status = "disallow-all"

    def allowed(self, url: str) -> bool:
        """May we fetch this URL? (Fetches the host's robots.txt the first time.)"""
        key, host = self._host(url)
        with host.lock:
            if host.robots_status == "unknown":
                self._load_robots(key, host)
        if host.robots_status == "parsed":
            return host.robots.can_fetch(url, self.options.user_agent)
        return host.robots_status == "allow-all"

    def sitemaps(self, url: str) -> list[str]:
        """The Sitemap: lines of the robots.txt of the URL's host."""
        self.allowed(url)
        _, host = self._host(url)
        return list(host.robots.sitemaps) if host.robots is not None else []

    # -- requests -----------------------------------------------------------------------------
    def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        """GET politely, following redirects by hand; never raises for a network problem."""
        current, attempts = url, 0
        for _hop in range(self.options.max_redirects + 1):
            if not self.allowed(current):
                return Response(url, current, None, {}, None, attempts, f"{current}: disallowed by robots.txt")
            _, host = self._host(current)
            with host.lock:
                response = self._send(current, host, headers or {})
            attempts += response.attempts
            location = response.headers.get("location")
            if response.status in REDIRECT_STATUSES and location:
                current, headers = urljoin(current, location), None   # conditions apply to the first URL only
                continue
            return Response(url, current, response.status, response.headers, response.content, attempts,
                            response.error)
        return Response(url, current, None, {}, None, attempts,
                        f"{url}: more than {self.options.max_redirects} redirects (a redirect loop?)")

    def _send(self, url: str, host: _Host, headers: dict[str, str]) -> Response:
        """One URL, no redirects: wait for the host's turn, retry what is worth retrying."""
        options = self.options
        attempt = 0
        while True:
            attempt += 1
            self._wait(host)
            try:
                status, got_headers, content, error = self._once(url, headers)
            finally:
                host.ready_at = self._clock() + host.delay
            retryable = status in RETRY_STATUSES or (
                status is None and error is not None and error.startswith(("timed out", "network")))
            if not retryable or attempt > options.retries:
                if retryable:
                    error = f"{url}: {error or f'HTTP {status}'} after {attempt} attempts"
                elif error is not None:
                    error = f"{url}: {error}"
                elif status is not None and status >= 400 and status not in REDIRECT_STATUSES:
                    error = f"{url}: HTTP {status}"
                return Response(url, url, status, got_headers, content if error is None else None, attempt, error)
            wait = self._retry_wait(got_headers.get("retry-after"), attempt)
            if wait is None or wait > options.max_wait:
                return Response(url, url, status, got_headers, None, attempt,
                                f"{url}: HTTP {status}; the server asks to wait longer than {options.max_wait:g} s")
            self.retries += 1
            host.ready_at = max(host.ready_at, self._clock() + wait)

    def _wait(self, host: _Host) -> None:
        pause = host.ready_at - self._clock()
        if pause > 0:
            self._sleep(pause)

    def _once(self, url: str, headers: dict[str, str]) -> tuple[int | None, dict[str, str], bytes | None, str | None]:
        self.requests += 1
        limit = self.options.max_bytes
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                got = {k.lower(): v for k, v in response.headers.items()}
                declared = got.get("content-length", "")
                if declared.isdigit() and int(declared) > limit and "content-encoding" not in got:
                    return response.status_code, got, None, f"larger than the {limit:,}-byte limit ({int(declared):,} bytes)"
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        return response.status_code, got, None, f"larger than the {limit:,}-byte limit"
                    chunks.append(chunk)
                return response.status_code, got, b"".join(chunks), None
        except httpx.TimeoutException as exc:
            return None, {}, None, f"timed out ({type(exc).__name__})"
        except httpx.DecodingError as exc:
            return None, {}, None, f"undecodable content encoding ({exc})"
        except httpx.TransportError as exc:
            return None, {}, None, f"network error ({type(exc).__name__}: {exc})"

    def _retry_wait(self, retry_after: str | None, attempt: int) -> float | None:
        """Seconds to wait before the next attempt: Retry-After when given, else backoff with jitter."""
        if retry_after:
            value = retry_after.strip()
            if value.isdigit():
                return float(value)
            try:
                when = parsedate_to_datetime(value)
            except (TypeError, ValueError):
                when = None
            if when is not None:
                if when.tzinfo is None:
                    when = when.replace(tzinfo=timezone.utc)
                return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
        base = self.options.backoff * 2 ** (attempt - 1)
        return base + self._rng.uniform(0, self.options.backoff)
