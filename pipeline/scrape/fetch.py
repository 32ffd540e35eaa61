"""A polite HTTP client: robots.txt, one request at a time per host, a delay, retries, limits.

    PoliteClient.get(url)
        normalize_url(url) (urls.py): the one form that is both checked and fetched, http(s) only
        robots.txt of the host (fetched once, parsed by protego) allows the URL?   else refused
        wait until `delay` seconds after the host's previous response ended (or a Retry-After)
        GET, streamed: at most `max_page_bytes` read and decoded, within `max_time` seconds;
            429 / 5xx / timeout between bytes / network error -> wait and retry
            (Retry-After when the server says, else exponential backoff with jitter)
        3xx -> follow by hand, each hop normalised and checked against robots.txt, at most
            `max_redirects`; a redirect to anything but http(s) fails at once

Per RFC 9309: robots.txt redirects are followed (five hops at most, paced as requests to the
host whose robots.txt it is); a robots.txt that answers 4xx (429 excepted) allows everything;
one that cannot be fetched (5xx, 429, network errors, limits, after retries) leaves the host
unreachable: nothing on it is fetched, and each of its URLs fails saying so.  A Crawl-delay
longer than our delay is obeyed.

A Retry-After pauses the whole host, not only the URL that got it: every later request to the
host waits for it, and when it is longer than `max_wait` those requests are not sent but fail
as deferred, naming the pause.  The total deadline (`max_time`) holds for each request (one
attempt, one redirect hop): for the connection, the headers and the body alike, since the
network backend gives every socket operation the smaller of `timeout` and the time left; a
request that runs out is a failure, not retried.  Only the body of a 2xx is read.
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

import httpcore
import httpx
from protego import Protego

from .. import __version__
from ..limits import MAX_PAGE_BYTES
from .inflate import Inflater, TooLarge, Undecodable
from .urls import BadURL, normalize_url

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_ROBOTS_REDIRECTS = 5            # RFC 9309 section 2.3.1.2


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How politely and how persistently to fetch, and the limits on what a server may cost."""

    delay: float = 1.0              # seconds between the end of one response and the next request, per host
    contact: str | None = None      # URL or address a site owner can reach the researcher at
    timeout: float = 20.0           # seconds to connect, and between bytes read
    max_time: float = 60.0          # seconds for one request and its whole response (a total deadline)
    retries: int = 3                # further attempts after a 429, a 5xx or a timeout
    backoff: float = 1.0            # first wait before a retry; doubled each time, plus jitter
    max_wait: float = 120.0         # longest pause accepted (a longer Retry-After fails the host's URLs)
    max_page_bytes: int = MAX_PAGE_BYTES   # bytes read, and bytes decoded, of any response
    max_redirects: int = 5

    @property
    def user_agent(self) -> str:
        contact = f"; +{self.contact}" if self.contact else ""
        return f"blogrx/{__version__} (research crawler for running and physiotherapy blogs{contact})"


@dataclass(frozen=True, slots=True)
class Response:
    url: str                        # asked for
    final_url: str                  # after normalisation and redirects
    status: int | None              # None when no response came
    headers: dict[str, str]         # lower-case names
    content: bytes | None           # decoded body (Content-Encoding undone), None on failure
    attempts: int                   # requests made, robots.txt excluded
    error: str | None               # one line; None on success
    fetched_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300


@dataclass(frozen=True, slots=True)
class _Attempt:
    status: int | None
    headers: dict[str, str]
    content: bytes | None
    error: str | None               # without the URL
    retryable: bool = False


@dataclass
class _Host:
    name: str                       # scheme://host[:port]
    lock: threading.Lock = field(default_factory=threading.Lock)   # one request at a time
    ready_at: float = 0.0           # monotonic time before which no request may start
    robots: Protego | None = None
    robots_status: str = "unknown"  # "parsed", "allow-all", "unreachable"
    robots_error: str | None = None  # why robots.txt could not be read
    delay: float = 0.0


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, backend: _DeadlineBackend) -> None:
        self._stream, self._backend = stream, backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._backend.cap(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._backend.cap(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        tls = self._stream.start_tls(ssl_context, server_hostname, self._backend.cap(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(tls, self._backend)

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's socket backend, each operation bounded by the calling thread's deadline too."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()
        self._local = threading.local()

    def set_deadline(self, deadline: float | None) -> None:
        self._local.deadline = deadline

    def cap(self, timeout: float | None, timeout_error: type[Exception]) -> float | None:
        deadline = getattr(self._local, "deadline", None)
        if deadline is None:
            return timeout
        left = deadline - time.monotonic()
        if left <= 0:
            raise timeout_error("the total deadline has passed")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        stream = self._inner.connect_tcp(host, port, self.cap(timeout, httpcore.ConnectTimeout),
                                         local_address, socket_options)
        return _DeadlineStream(stream, self)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        stream = self._inner.connect_unix_socket(path, self.cap(timeout, httpcore.ConnectTimeout), socket_options)
        return _DeadlineStream(stream, self)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _DeadlineTransport(httpx.HTTPTransport):
    """httpx's transport over the deadline backend (httpx builds its pool without a way to pass
    a backend, so the pool is built again here with httpx's defaults and this backend)."""

    def __init__(self, backend: _DeadlineBackend) -> None:
        super().__init__()
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(), max_connections=100,
                                             max_keepalive_connections=20, keepalive_expiry=5.0,
                                             network_backend=backend)


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
        self._backend = _DeadlineBackend() if transport is None else None
        self._transport = transport or _DeadlineTransport(self._backend)
        self._client = httpx.Client(
            headers={"User-Agent": options.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(options.timeout), follow_redirects=False, transport=self._transport)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- robots.txt ---------------------------------------------------------------------------
    def _host(self, url: str) -> _Host:
        parts = urlsplit(url)
        name = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}".lower()
        with self._hosts_lock:
            return self._hosts.setdefault(name, _Host(name=name, delay=self.options.delay))

    def _load_robots(self, host: _Host) -> None:
        """Fetch and parse the host's robots.txt, following up to five redirects (RFC 9309)."""
        target = f"{host.name}/robots.txt"
        for _hop in range(MAX_ROBOTS_REDIRECTS + 1):
            response = self._send(target, host, {})
            location = response.headers.get("location")
            if response.status not in REDIRECT_STATUSES or not location:
                break
            try:
                target = normalize_url(urljoin(target, location))
            except (BadURL, ValueError) as exc:
                host.robots_status = "unreachable"
                host.robots_error = f"robots.txt redirects to {location!r}, not followed: {exc}"
                return
        else:
            host.robots_status = "unreachable"
            host.robots_error = f"robots.txt redirects more than {MAX_ROBOTS_REDIRECTS} times"
            return
        status = response.status
        if response.ok and response.content is not None:
            host.robots = Protego.parse(response.content.decode("utf-8", errors="replace"))
            host.robots_status = "parsed"
            crawl_delay = host.robots.crawl_delay(self.options.user_agent)
            if crawl_delay:
                host.delay = max(host.delay, float(crawl_delay))
        elif status is not None and 400 <= status < 500 and status != 429:
            host.robots_status = "allow-all"
        else:
            host.robots_status = "unreachable"
            host.robots_error = f"robots.txt could not be fetched ({response.error or f'HTTP {status}'})"

    def refusal(self, url: str) -> str | None:
        """Why the (normalised) URL may not be fetched, or None. Fetches the host's robots.txt
        the first time."""
        host = self._host(url)
        with host.lock:
            if host.robots_status == "unknown":
                self._load_robots(host)
        if host.robots_status == "parsed":
            return None if host.robots.can_fetch(url, self.options.user_agent) else "disallowed by robots.txt"
        if host.robots_status == "allow-all":
            return None
        return f"host unreachable: {host.robots_error}; nothing on {host.name} is fetched (RFC 9309)"

    def allowed(self, url: str) -> bool:
        """May we fetch this URL? (Fetches the host's robots.txt the first time.)"""
        try:
            return self.refusal(normalize_url(url)) is None
        except BadURL:
            return False

    def sitemaps(self, url: str) -> tuple[list[str], str | None]:
        """The Sitemap: lines of the robots.txt of the URL's host, and why there are none when
        robots.txt could not be read."""
        try:
            url = normalize_url(url)
        except BadURL as exc:
            return [], str(exc)
        self.refusal(url)
        host = self._host(url)
        if host.robots_status == "unreachable":
            return [], f"host unreachable: {host.robots_error}"
        return (list(host.robots.sitemaps) if host.robots is not None else []), None

    # -- requests -----------------------------------------------------------------------------
    def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        """GET politely, following redirects by hand; never raises for a network problem."""
        try:
            current = normalize_url(url)
        except BadURL as exc:
            return Response(url, url, None, {}, None, 0, f"{url}: {exc}")
        attempts = 0
        for _hop in range(self.options.max_redirects + 1):
            refused = self.refusal(current)
            if refused is not None:
                return Response(url, current, None, {}, None, attempts, f"{current}: {refused}")
            host = self._host(current)
            with host.lock:
                response = self._send(current, host, headers or {})
            attempts += response.attempts
            location = response.headers.get("location")
            if response.status in REDIRECT_STATUSES and location:
                try:
                    target = normalize_url(urljoin(current, location))
                except (BadURL, ValueError) as exc:
                    return Response(url, current, response.status, response.headers, None, attempts,
                                    f"{current}: redirect to {location!r} not followed: {exc}")
                current, headers = target, None      # conditions apply to the first URL only
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
            pause = host.ready_at - self._clock()
            if pause > options.max_wait:
                return Response(url, url, None, {}, None, attempt,
                                f"{url}: deferred: {host.name} asked for a pause ({pause:.0f} s left) longer "
                                f"than the {options.max_wait:g}-second limit (--max-wait)")
            attempt += 1
            self._wait(host)
            try:
                got = self._once(url, headers)
            finally:
                host.ready_at = max(host.ready_at, self._clock() + host.delay)
            status, error = got.status, got.error
            asked = _retry_after(got.headers.get("retry-after")) if status in RETRY_STATUSES else None
            if asked is not None:                 # the whole host waits, whatever becomes of this URL
                host.ready_at = max(host.ready_at, self._clock() + asked)
            retryable = got.retryable or (error is None and status in RETRY_STATUSES)
            if not retryable or attempt > options.retries:
                if retryable:
                    error = f"{url}: {error or f'HTTP {status}'} after {attempt} attempts"
                elif error is not None:
                    error = f"{url}: {error}"
                elif status is not None and status >= 400:
                    error = f"{url}: HTTP {status}"
                return Response(url, url, status, got.headers, got.content if error is None else None, attempt, error)
            if asked is not None and asked > options.max_wait:
                return Response(url, url, status, got.headers, None, attempt,
                                f"{url}: HTTP {status}; the server asks to wait {asked:.0f} s, longer than the "
                                f"{options.max_wait:g}-second limit (--max-wait)")
            wait = asked if asked is not None else self._backoff(attempt)
            host.ready_at = max(host.ready_at, self._clock() + wait)
            self.retries += 1

    def _wait(self, host: _Host) -> None:
        pause = host.ready_at - self._clock()
        if pause > 0:
            self._sleep(pause)

    def _once(self, url: str, headers: dict[str, str]) -> _Attempt:
        """One request: the body only of a 2xx, read within the byte and time limits."""
        self.requests += 1
        limit, max_time = self.options.max_page_bytes, self.options.max_time
        deadline = time.monotonic() + max_time
        late = f"took longer than the {max_time:g}-second limit (--max-time)"
        too_large = f"larger than the {limit:,}-byte limit (--max-page-bytes)"
        request = self._client.build_request("GET", url, headers=headers)
        if str(request.url) != url:
            return _Attempt(None, {}, None, f"the HTTP client would fetch {request.url}, not the URL checked")
        if self._backend is not None:
            self._backend.set_deadline(deadline)
        try:
            # straight to the transport: the client would also parse a redirect's Location, and
            # fail on one it cannot read before we could say where it pointed
            response = self._transport.handle_request(request)
            response.request = request
            try:
                self._client.cookies.extract_cookies(response)
                got = {k.lower(): v for k, v in response.headers.items()}
                if not 200 <= response.status_code < 300:
                    return _Attempt(response.status_code, got, None, None)
                declared = got.get("content-length", "").strip()
                if declared.isdigit() and int(declared) > limit:
                    return _Attempt(response.status_code, got, None, f"{too_large}: {int(declared):,} bytes declared")
                encodings = [e.strip().lower() for e in got.get("content-encoding", "").split(",")]
                inflater = Inflater([e for e in encodings if e and e != "identity"], limit)
                chunks, wire = [], 0
                for raw in response.iter_raw():
                    wire += len(raw)
                    if wire > limit:
                        return _Attempt(response.status_code, got, None, too_large)
                    chunks.append(inflater.feed(raw))
                    if time.monotonic() > deadline:
                        return _Attempt(response.status_code, got, None, late)
                inflater.finish()
                return _Attempt(response.status_code, got, b"".join(chunks), None)
            finally:
                response.close()
        except TooLarge:
            return _Attempt(None, {}, None, f"{too_large} once decoded")
        except Undecodable as exc:
            return _Attempt(None, {}, None, f"undecodable body ({exc})")
        except httpx.TimeoutException as exc:
            if time.monotonic() >= deadline:
                return _Attempt(None, {}, None, late)
            return _Attempt(None, {}, None, f"timed out ({type(exc).__name__})", retryable=True)
        except httpx.TransportError as exc:
            return _Attempt(None, {}, None, f"network error ({type(exc).__name__}: {exc})", retryable=True)
        except httpx.HTTPError as exc:
            return _Attempt(None, {}, None, f"HTTP error ({type(exc).__name__}: {exc})")
        finally:
            if self._backend is not None:
                self._backend.set_deadline(None)

    def _backoff(self, attempt: int) -> float:
        """Seconds before attempt `attempt` + 1 when the server does not say: doubling, with jitter."""
        base = self.options.backoff * 2 ** (attempt - 1)
        return base + self._rng.uniform(0, self.options.backoff)


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number of seconds or an HTTP date), None if none."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
