"""The scraper cannot be led astray: hostile servers on 127.0.0.1, started by each test.

Everything a server sends is untrusted.  It never chooses a path on disk, never gets a URL
past robots.txt by spelling it differently, never holds a fetch longer than --max-time nor
costs more bytes than --max-page-bytes, and a failure is a manifest line with its reason
while the scrape goes on.  Each server logs the request targets exactly as they arrived.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipeline.errors import ScrapeError
from pipeline.scrape import FetchOptions, ScrapeOptions, normalize_url, page_file_name, read_manifest, scrape
from tests.support.http_site import send
from tests.support.paths import REPO, SAMPLES
from tests.support.peak import peak_memory

PAGE = (SAMPLES / "milebymile-pt-week-2.html").read_bytes()
FAST = FetchOptions(delay=0.0, timeout=2.0, max_time=5.0, retries=1, backoff=0.05, max_wait=5.0,
                    contact="https://example.org/blogrx-study")
Route = Callable[[BaseHTTPRequestHandler], None]


class Server:
    """A real HTTP server whose answers are the test's `routes` (path -> handler)."""

    def __init__(self, routes: dict[str, Route]) -> None:
        self.targets: list[str] = []          # request targets as received, robots.txt included
        served = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                served.targets.append(self.path)
                route = routes.get(self.path.split("?")[0]) or routes.get("*")
                if route is None:
                    return send(self, 404, b"not found")
                route(self)

        class Quiet(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                pass                           # clients that give up on a slow answer are the point

        self.server = Quiet(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.root + path

    def hits(self, path: str) -> int:
        return sum(1 for target in self.targets if target.split("?")[0] == path)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def page(body: bytes = PAGE, **headers: str) -> Route:
    return lambda h: send(h, 200, body, headers=headers)


def text(body: str, content_type: str = "text/plain") -> Route:
    return lambda h: send(h, 200, body.encode(), content_type)


def redirect(location: str, status: int = 302) -> Route:
    return lambda h: send(h, status, headers={"Location": location})


ROBOTS = text("User-agent: *\nDisallow: /private/\n")


@pytest.fixture()
def serve():
    servers: list[Server] = []

    def start(routes: dict[str, Route]) -> Server:
        servers.append(Server(routes))
        return servers[-1]
    yield start
    for server in servers:
        server.close()


def options(out: Path, **changes) -> ScrapeOptions:
    fetch = {**{f: getattr(FAST, f) for f in FAST.__dataclass_fields__}, **changes}
    return ScrapeOptions(out=out, fetch=FetchOptions(**fetch))


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


# -- 1. names on disk -------------------------------------------------------------------------

def wordpress_api(posts: list[dict]) -> dict[str, Route]:
    def comments(handler: BaseHTTPRequestHandler) -> None:
        send(handler, 200, b"[]", "application/json", {"X-WP-TotalPages": "1"})
    return {"/robots.txt": ROBOTS,
            "/wp-json/wp/v2/posts": lambda h: send(h, 200, json.dumps(posts).encode(), "application/json",
                                                   {"X-WP-TotalPages": "1"}),
            "/wp-json/wp/v2/comments": comments}


def wp_post(post_id, link) -> dict:
    return {"id": post_id, "link": link, "title": {"rendered": "Clamshells"},
            "content": {"rendered": "<p>Three sets of 15 clamshells.</p>"}, "date_gmt": "2024-03-02T14:20:11"}


def test_a_wordpress_api_cannot_choose_where_its_posts_are_written(serve, tmp_path: Path) -> None:
    site = serve(wordpress_api([
        wp_post("../../../../x", "http://127.0.0.1/x/"),
        wp_post({"nested": "../y"}, "http://127.0.0.1/y/"),
        wp_post(7, "http://../x/"),
        wp_post(8, "http://127.0.0.1/../../../../etc/passwd%2f..%2f..%2fz"),
        wp_post(9, "file:///etc/passwd"),
        wp_post(10, f"http://{'a' * 300}.example/{'b' * 500}/"),
    ]))
    out = tmp_path / "deep" / "raw"

    summary = scrape(wordpress=[site.root], options=options(out))

    assert files_under(tmp_path) == files_under(out)            # nothing written outside --out
    stored = [p.relative_to(out).as_posix() for p in files_under(out) if p.name != "manifest.jsonl"]
    assert len(stored) == 4 and summary.fetched == 4 and summary.failed == 2
    assert all(re.fullmatch(r"127\.0\.0\.1/wp-(7|8|9|10)-[a-z0-9-]{1,60}-[0-9a-f]{12}\.wp\.json\.gz", name)
               for name in stored), stored
    lines = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    failures = [line for line in lines if line["error"]]
    assert sorted(r["error"].split(": ", 1)[1] for r in failures) == [
        "a post whose id is not a whole number ('../../../../x'); skipped",
        "a post whose id is not a whole number ({'nested': '../y'}); skipped"]
    assert all(r["url"].startswith(site.url("/wp-json/wp/v2/posts?")) and r["path"] is None for r in failures)


def test_a_wordpress_api_claiming_a_thousand_empty_pages_costs_one_request(serve, tmp_path: Path) -> None:
    site = serve({**wordpress_api([wp_post(5, "http://127.0.0.1/five/")]),
                  "/wp-json/wp/v2/comments": lambda h: send(h, 200, b"[]", "application/json",
                                                            {"X-WP-TotalPages": "1000"})})

    summary = scrape(wordpress=[site.root], options=options(tmp_path))

    assert summary.fetched == 1 and site.hits("/wp-json/wp/v2/comments") == 1


def test_urls_from_a_sitemap_cannot_choose_where_pages_are_written(serve, tmp_path: Path) -> None:
    locs = ["/../../../../x/", "/%2e%2e/%2e%2e/etc/passwd", "/a/..%2F..%2Fb", "file:///etc/passwd"]
    site = serve({"/robots.txt": ROBOTS, "/sitemap.xml": lambda h: send(h, 200, SITEMAP_HEAD + b"".join(
        b"<url><loc>%s</loc></url>" % (loc if ":" in loc else site.url(loc)).encode() for loc in locs)
        + b"</urlset>", "application/xml"), "*": page()})
    out = tmp_path / "raw"

    summary = scrape(sitemaps=[site.url("/sitemap.xml")], options=options(out))

    assert files_under(tmp_path) == files_under(out)
    stored = sorted(r.path for r in read_manifest(out / "manifest.jsonl").values() if r.ok)
    assert [re.sub(r"-[0-9a-f]{12}\.", "-HASH.", p) for p in stored] == [
        "127.0.0.1/passwd-HASH.html.gz", "127.0.0.1/x-HASH.html.gz"]
    assert sorted(site.targets) == ["/etc/passwd", "/robots.txt", "/sitemap.xml", "/x/"]
    assert summary.fetched == 2 and summary.failed == 2
    errors = sorted(r.error for r in read_manifest(out / "manifest.jsonl").values() if r.error)
    assert errors == ["file:///etc/passwd: not an http(s) URL (file)",
                      f"{site.url('/a/..%2F..%2Fb')}: a dot segment hidden behind an encoded slash or a backslash"]


def test_page_names_are_a_slug_and_a_hash_whatever_the_url_holds() -> None:
    for url in ("http://../x/", "http://127.0.0.1/..%2f..%2fetc/passwd", "http://%2e%2e/%2e%2e/",
                "http://www.ex.ample/a/b/../../..;/x", f"http://{'x.' * 200}com/{'y' * 400}"):
        name = page_file_name(url)
        folder, _, file = name.partition("/")
        assert re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)*", folder) and len(folder) <= 100, name
        assert re.fullmatch(r"[a-z0-9-]{1,60}-[0-9a-f]{12}\.html\.gz", file), name


def test_a_path_that_would_leave_the_output_folder_is_refused_and_recorded(serve, tmp_path: Path) -> None:
    site = serve({"/robots.txt": ROBOTS, "/post/": page(), "/other/": page()})
    out, elsewhere = tmp_path / "raw", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "127.0.0.1").symlink_to(elsewhere)       # the page's folder resolves outside --out

    summary = scrape([site.url("/post/")], options=options(out))

    assert summary.failed == 1 and files_under(elsewhere) == []
    [record] = read_manifest(out / "manifest.jsonl").values()
    assert record.path is None and record.url == site.url("/post/")
    assert record.error.startswith(f"{site.url('/post/')}: refused to write '127.0.0.1/post-")
    assert record.error.endswith(f"outside the output folder {out}")


def test_pages_are_written_readable_by_all_like_the_tables(serve, tmp_path: Path) -> None:
    site = serve({"/robots.txt": ROBOTS, "/post/": page()})
    old = os.umask(0o022)
    try:
        scrape([site.url("/post/")], options=options(tmp_path))
    finally:
        os.umask(old)

    [record] = read_manifest(tmp_path / "manifest.jsonl").values()
    assert (tmp_path / record.path).stat().st_mode & 0o777 == 0o644


# -- 6. robots.txt and the URL fetched ---------------------------------------------------------

def test_urls_are_normalised_per_rfc_3986_before_the_robots_check() -> None:
    assert normalize_url("HTTP://Example.COM:80/ok/../private/x#top") == "http://example.com/private/x"
    assert normalize_url("http://example.com/./private/x") == "http://example.com/private/x"
    assert normalize_url("http://example.com/ok/%2e%2E/private/x") == "http://example.com/private/x"
    assert normalize_url("http://example.com/%70rivate/%7Ex?q=%7e%2f") == "http://example.com/private/~x?q=~%2F"
    assert normalize_url("https://example.com:443") == "https://example.com/"
    assert normalize_url("http://example.com:8080/a/b/../../../c") == "http://example.com:8080/c"
    for hidden in ("http://example.com/ok/..%2Fprivate/x", "http://example.com/ok\\..\\private/x"):
        with pytest.raises(ValueError, match="dot segment hidden behind an encoded slash or a backslash"):
            normalize_url(hidden)


def test_dot_segments_and_escapes_do_not_get_past_robots_txt(serve, tmp_path: Path) -> None:
    site = serve({"/robots.txt": ROBOTS, "/ok/page/": page(), "/jump/": redirect("/ok/../private/y"),
                  "/hop/": redirect("/%70rivate/z"), "/sneak/": redirect("/ok/..%2Fprivate/w"),
                  "*": page(b"<html><body>secret</body></html>")})
    tricks = {"/ok/../private/x1": "/private/x1", "/./private/x2": "/private/x2",
              "/ok/%2e%2e/private/x3": "/private/x3", "/ok/%2E%2E/./private/x4": "/private/x4",
              "/%70rivate/x5": "/private/x5", "/jump/": "/private/y", "/hop/": "/private/z"}

    summary = scrape([site.url(t) for t in [*tricks, "/sneak/", "/ok/./a/../page/"]], options=options(tmp_path))

    fetched = [t for t in site.targets if t != "/robots.txt"]
    assert sorted(fetched) == ["/hop/", "/jump/", "/ok/page/", "/sneak/"]    # exactly the URLs checked
    assert summary.fetched == 1 and summary.failed == len(tricks) + 1
    records = read_manifest(tmp_path / "manifest.jsonl")
    assert records[site.url("/ok/page/")].ok
    for trick, checked in tricks.items():
        asked = normalize_url(site.url(trick))
        assert records[asked].error == f"{site.url(checked)}: disallowed by robots.txt", trick
    assert records[site.url("/sneak/")].error == (
        f"{site.url('/sneak/')}: redirect to '/ok/..%2Fprivate/w' not followed: "
        "a dot segment hidden behind an encoded slash or a backslash")


def test_a_robots_txt_that_redirects_is_followed(serve, tmp_path: Path) -> None:
    site = serve({"/robots.txt": redirect("/r1"), "/r1": redirect("/r2", 301), "/r2": redirect("/real-robots"),
                  "/real-robots": text("User-agent: *\nDisallow: /secret/\n"), "*": page()})

    scrape([site.url("/secret/a/"), site.url("/open/")], options=options(tmp_path))

    records = read_manifest(tmp_path / "manifest.jsonl")
    assert records[site.url("/open/")].ok
    assert records[site.url("/secret/a/")].error == f"{site.url('/secret/a/')}: disallowed by robots.txt"
    assert site.hits("/secret/a/") == 0


def test_a_robots_txt_redirecting_more_than_five_times_leaves_the_host_unreachable(serve, tmp_path: Path) -> None:
    site = serve({"/robots.txt": redirect("/r1"), **{f"/r{i}": redirect(f"/r{i + 1}") for i in range(1, 9)},
                  "*": page()})

    scrape([site.url("/open/")], options=options(tmp_path))

    [record] = read_manifest(tmp_path / "manifest.jsonl").values()
    assert record.error == (f"{site.url('/open/')}: host unreachable: robots.txt redirects more than 5 times; "
                            f"nothing on {site.root} is fetched (RFC 9309)")
    assert site.hits("/r5") == 1 and site.hits("/r6") == 0 and site.hits("/open/") == 0


def test_an_unreachable_host_is_reported_as_unreachable_not_as_disallowed(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]            # closed again: nothing listens there
    url = f"http://127.0.0.1:{port}/post/"

    summary = scrape([url], options=options(tmp_path))

    [record] = read_manifest(tmp_path / "manifest.jsonl").values()
    assert summary.failed == 1 and "disallowed" not in record.error
    assert record.error.startswith(f"{url}: host unreachable: robots.txt could not be fetched "
                                   f"(http://127.0.0.1:{port}/robots.txt: network error (ConnectError")
    assert record.error.endswith(f"after 2 attempts); nothing on http://127.0.0.1:{port} is fetched (RFC 9309)")


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://127.0.0.1/pub/x", "javascript:alert(1)"])
def test_a_redirect_to_anything_but_http_fails_at_once(serve, tmp_path: Path, location: str) -> None:
    site = serve({"/robots.txt": ROBOTS, "/post/": redirect(location)})

    scrape([site.url("/post/")], options=options(tmp_path, retries=3))

    [record] = read_manifest(tmp_path / "manifest.jsonl").values()
    scheme = location.split(":")[0]
    assert record.error == f"{site.url('/post/')}: redirect to {location!r} not followed: not an http(s) URL ({scheme})"
    assert record.attempts == 1 and site.hits("/post/") == 1


# -- 7. a total deadline per fetch ---------------------------------------------------------------

def drip(handler: BaseHTTPRequestHandler, data: bytes, every: float = 0.05) -> None:
    """Send `data` a byte at a time: never idle long enough for --timeout, never done."""
    for byte in data:
        try:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
        except OSError:
            return
        time.sleep(every)


def drip_headers(handler: BaseHTTPRequestHandler) -> None:
    drip(handler, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + b"X-Padding: " + b"p" * 2000)


def drip_body(handler: BaseHTTPRequestHandler) -> None:
    body = b"<html><body><p>" + b"a" * 2000 + b"</p></body></html>"
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
                        + str(len(body)).encode() + b"\r\n\r\n")
    drip(handler, body)


@pytest.mark.parametrize("route", [drip_headers, drip_body])
def test_a_server_dripping_bytes_is_cut_off_at_max_time(serve, tmp_path: Path, route: Route) -> None:
    site = serve({"/robots.txt": ROBOTS, "/slow/": route, "/next/": page()})
    started = time.monotonic()

    summary = scrape([site.url("/slow/"), site.url("/next/")], options=options(tmp_path, timeout=0.5, max_time=1.0))

    assert time.monotonic() - started < 4.0
    records = read_manifest(tmp_path / "manifest.jsonl")
    slow = records[site.url("/slow/")]
    assert slow.error == f"{site.url('/slow/')}: took longer than the 1-second limit (--max-time)"
    assert slow.path is None and slow.attempts == 1 and site.hits("/slow/") == 1
    assert records[site.url("/next/")].ok and summary.fetched == 1


# -- 4. bytes read and decompressed --------------------------------------------------------------

def gzip_bomb(prefix: bytes, filler: bytes, size: int, level: int = 1) -> bytes:
    """gzip of prefix + filler repeated to `size` bytes, compressed a block at a time."""
    packer = zlib.compressobj(level, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = filler * ((1 << 20) // len(filler))
    parts, written = [packer.compress(prefix)], len(prefix)
    while written < size:
        parts.append(packer.compress(block))
        written += len(block)
    parts.append(packer.flush())
    return b"".join(parts)


SITEMAP_HEAD = b"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"


def test_a_gzipped_sitemap_bomb_is_a_failure_naming_the_limit_in_bounded_memory(serve, tmp_path: Path) -> None:
    bomb = gzip_bomb(SITEMAP_HEAD, b"<!-- padding -->", 300 * 2**20)
    good = SITEMAP_HEAD + b"<url><loc>%s</loc></url></urlset>"
    site = serve({"/robots.txt": ROBOTS, "/bomb.xml.gz": page(bomb, **{"Content-Type": "application/x-gzip"}),
                  "/good.xml": lambda h: send(h, 200, good % site.url("/post/").encode(), "application/xml"),
                  "/post/": page()})
    out = tmp_path / "raw"
    command = [sys.executable, "-m", "pipeline", "scrape", "--sitemap", site.url("/bomb.xml.gz"),
               "--sitemap", site.url("/good.xml"), "--out", str(out), "--delay", "0", "--no-progress"]

    status, peak_mib, stderr = peak_memory(command)

    assert status == 0, stderr
    assert len(bomb) < 2 * 2**20 and peak_mib < 200, f"peak {peak_mib:.0f} MiB"
    records = read_manifest(out / "manifest.jsonl")
    assert records[site.url("/bomb.xml.gz")].error == (
        f"{site.url('/bomb.xml.gz')}: gzipped sitemap larger than the 52,428,800-byte limit once inflated "
        "(--max-page-bytes)")
    assert records[site.url("/post/")].ok                      # the other sitemap's pages are still fetched


def test_a_content_encoding_bomb_is_stopped_at_the_limit_and_the_scrape_goes_on(serve, tmp_path: Path) -> None:
    bomb = gzip_bomb(b"<html><body>", b"<p>a</p>", 64 * 2**20)
    site = serve({"/robots.txt": ROBOTS, "/bomb/": page(bomb, **{"Content-Encoding": "gzip"}),
                  "/big/": page(b"x" * 3_000_000), "/post/": page()})

    summary = scrape([site.url(p) for p in ("/bomb/", "/big/", "/post/")],
                     options=options(tmp_path, max_page_bytes=2_000_000))

    records = read_manifest(tmp_path / "manifest.jsonl")
    assert records[site.url("/bomb/")].error == (
        f"{site.url('/bomb/')}: larger than the 2,000,000-byte limit (--max-page-bytes) once decoded")
    assert records[site.url("/big/")].error == (
        f"{site.url('/big/')}: larger than the 2,000,000-byte limit (--max-page-bytes): 3,000,000 bytes declared")
    assert records[site.url("/post/")].ok and summary.fetched == 1 and summary.failed == 2


def test_a_robots_txt_over_the_limit_leaves_its_host_unreachable(serve, tmp_path: Path) -> None:
    bomb = gzip_bomb(b"User-agent: *\n", b"# comment\n", 8 * 2**20)
    site = serve({"/robots.txt": page(bomb, **{"Content-Encoding": "gzip", "Content-Type": "text/plain"}),
                  "/post/": page()})

    scrape([site.url("/post/")], options=options(tmp_path, max_page_bytes=1_000_000))

    [record] = read_manifest(tmp_path / "manifest.jsonl").values()
    assert record.error == (f"{site.url('/post/')}: host unreachable: robots.txt could not be fetched "
                            f"({site.url('/robots.txt')}: larger than the 1,000,000-byte limit (--max-page-bytes) "
                            f"once decoded); nothing on {site.root} is fetched (RFC 9309)")
    assert site.hits("/post/") == 0


# -- 10. a Retry-After pauses the whole host -----------------------------------------------------

def test_a_retry_after_pauses_every_later_request_to_the_host(serve, tmp_path: Path) -> None:
    arrivals: dict[str, float] = {}

    def busy(handler: BaseHTTPRequestHandler) -> None:
        arrivals["busy"] = time.monotonic()
        send(handler, 429, b"slow down", headers={"Retry-After": "1"})

    def after(handler: BaseHTTPRequestHandler) -> None:
        arrivals["after"] = time.monotonic()
        send(handler, 200, PAGE)
    site = serve({"/robots.txt": ROBOTS, "/busy/": busy, "/after/": after})

    scrape([site.url("/busy/"), site.url("/after/")], options=options(tmp_path, retries=0))

    records = read_manifest(tmp_path / "manifest.jsonl")
    assert records[site.url("/busy/")].error == f"{site.url('/busy/')}: HTTP 429 after 1 attempts"
    assert records[site.url("/after/")].ok
    assert arrivals["after"] - arrivals["busy"] >= 1.0


def test_a_retry_after_beyond_max_wait_defers_the_hosts_other_urls(serve, tmp_path: Path) -> None:
    site = serve({"/robots.txt": ROBOTS, "/busy/": lambda h: send(h, 503, b"", headers={"Retry-After": "3600"}),
                  "/a/": page(), "/b/": page()})
    other = serve({"/robots.txt": ROBOTS, "/c/": page()})
    started = time.monotonic()

    summary = scrape([site.url(p) for p in ("/busy/", "/a/", "/b/")] + [other.url("/c/")],
                     options=options(tmp_path, max_wait=2.0))

    assert time.monotonic() - started < 3.0
    records = read_manifest(tmp_path / "manifest.jsonl")
    assert records[site.url("/busy/")].error == (
        f"{site.url('/busy/')}: HTTP 503; the server asks to wait 3600 s, longer than the 2-second limit (--max-wait)")
    for path in ("/a/", "/b/"):
        assert re.fullmatch(re.escape(f"{site.url(path)}: deferred: {site.root} asked for a pause (")
                            + r"\d+" + re.escape(" s left) longer than the 2-second limit (--max-wait)"),
                            records[site.url(path)].error)
        assert site.hits(path) == 0
    assert records[other.url("/c/")].ok and summary.fetched == 1 and summary.failed == 3


# -- the command line ----------------------------------------------------------------------------

def test_the_scrape_command_takes_the_limits(serve, tmp_path: Path) -> None:
    site = serve({"/robots.txt": ROBOTS, "/slow/": drip_body})
    command = [sys.executable, "-m", "pipeline", "scrape", site.url("/slow/"), "--out", str(tmp_path),
               "--delay", "0", "--timeout", "0.5", "--max-time", "1", "--max-wait", "5",
               "--max-page-bytes", "100000", "--no-progress"]

    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=60)

    assert done.returncode == 1, done.stderr          # its one fetch failed (issue 22: say so by the status)
    assert f"failed: {site.url('/slow/')}: took longer than the 1-second limit (--max-time)" in done.stdout


def test_a_url_given_that_is_not_http_is_refused_before_anything_is_fetched(tmp_path: Path) -> None:
    with pytest.raises(ScrapeError, match=r"^file:///etc/passwd: not an http\(s\) URL \(file\)$"):
        scrape(["file:///etc/passwd"], options=options(tmp_path))
    assert not (tmp_path / "manifest.jsonl").exists()
