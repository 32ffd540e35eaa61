"""A small blog site served on 127.0.0.1 by a real HTTP server, for the scrape tests.

It serves what real blogs do to a crawler: a robots.txt that disallows /private/ and lists
a sitemap index, pages with ETags (answering 304 to a matching If-None-Match), a 429 with
Retry-After, intermittent 500s, a response slower than the client's timeout, a redirect
loop, a gzip-encoded page, a page larger than the limit, and the WordPress REST API with
two pages of comments.  Every request is logged with its arrival time.
"""

from __future__ import annotations

import gzip
import json
import sys
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.support.paths import SAMPLES

PAGES = {
    "/posts/hip-routine/": "strideright-classic-hip-routine.html",
    "/posts/ankle-diary/": "trailmends-blogger-ankle-rehab.html",
    "/posts/drills/": "coreandcadence-block-theme-running-drills.html",
    "/posts/pt-week-2/": "milebymile-pt-week-2.html",
}
SLOW_SECONDS = 1.5


@dataclass
class Logged:
    path: str
    at: float                      # time.monotonic() when the request arrived
    headers: dict[str, str]


@dataclass
class Site:
    server: ThreadingHTTPServer
    log: list[Logged] = field(default_factory=list)
    hits: dict[str, int] = field(default_factory=dict)

    @property
    def root(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.root + path

    def paths(self) -> list[str]:
        return [entry.path for entry in self.log]


def _wp_post(root: str) -> dict:
    return {
        "id": 42, "author": 7, "link": f"{root}/2024/03/clamshells-done-right/",
        "date": "2024-03-02T09:20:11", "date_gmt": "2024-03-02T14:20:11",
        "title": {"rendered": "Clamshells, Done Right &#8211; My Routine"},
        "content": {"rendered": "<p>Three sets of 15 clamshells with a mini band, daily.</p>"
                                "<h2>Why</h2><p>They wake up the gluteus medius.</p>"},
        "_embedded": {"author": [{"id": 7, "name": "Maya Okafor"}],
                      "wp:term": [[{"taxonomy": "category", "name": "Injury Prevention"}],
                                  [{"taxonomy": "post_tag", "name": "glutes"}]]},
    }


def _wp_comments(root: str) -> list[list[dict]]:
    def comment(cid, parent, author, name, text, minute):
        return {"id": cid, "post": 42, "parent": parent, "author": author, "author_name": name,
                "date": f"2024-03-03T10:{minute:02d}:00", "date_gmt": f"2024-03-03T15:{minute:02d}:00",
                "content": {"rendered": f"<p>{text}</p>"}, "status": "approved"}
    return [
        [comment(101, 0, 0, "Jen R.", "How many sets should I start with?", 1),
         comment(102, 101, 7, "Maya Okafor", "Start with 2 sets of 10 and build up.", 5)],
        [comment(103, 102, 0, "Jen R.", "Thanks, will do! jen@example.com", 9),
         comment(104, 0, 0, "Sam", "Love this routine.", 12)],
    ]


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A client that gave up on /slow/ closed its end; that is the point, not a failure."""

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", content_type: str = "text/html",
         headers: dict[str, str] | None = None) -> None:
    """One whole response: status, type, length, the headers given, and the body (not for HEAD)."""
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)


def start_site() -> Site:
    state = {"flaky": 0, "busy": 0}
    site: Site

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:   # the test reads site.log instead
            pass

        def _send(self, status: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8",
                  headers: dict[str, str] | None = None) -> None:
            send(self, status, body, content_type, headers)

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            parts = urlsplit(self.path)
            site.log.append(Logged(parts.path, time.monotonic(), {k.lower(): v for k, v in self.headers.items()}))
            site.hits[parts.path] = site.hits.get(parts.path, 0) + 1
            root = site.root
            path, query = parts.path, parse_qs(parts.query)
            if path == "/robots.txt":
                body = (f"User-agent: *\nDisallow: /private/\n\nSitemap: {root}/sitemap_index.xml\n").encode()
                return self._send(200, body, "text/plain")
            if path == "/sitemap_index.xml":
                body = ("<?xml version='1.0' encoding='UTF-8'?>"
                        "<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                        f"<sitemap><loc>{root}/sitemap-posts.xml</loc></sitemap>"
                        f"<sitemap><loc>{root}/sitemap-extra.xml.gz</loc></sitemap></sitemapindex>").encode()
                return self._send(200, body, "application/xml")
            if path == "/sitemap-posts.xml":
                locs = "".join(f"<url><loc>{root}{p}</loc></url>" for p in PAGES)
                body = ("<?xml version='1.0' encoding='UTF-8'?>"
                        f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{locs}</urlset>").encode()
                return self._send(200, body, "application/xml")
            if path == "/sitemap-extra.xml.gz":
                locs = "".join(f"<url><loc>{root}{p}</loc></url>"
                               for p in ("/private/notes/", "/flaky/", "/busy/"))
                body = gzip.compress(("<?xml version='1.0' encoding='UTF-8'?><urlset "
                                      f"xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{locs}</urlset>").encode())
                return self._send(200, body, "application/x-gzip")
            if path in PAGES:
                body = (SAMPLES / PAGES[path]).read_bytes()
                etag = f'"{zlib.crc32(body):08x}"'
                if self.headers.get("If-None-Match") == etag:
                    return self._send(304, b"", headers={"ETag": etag})
                return self._send(200, body, headers={"ETag": etag,
                                                      "Last-Modified": "Sat, 02 Mar 2024 14:20:11 GMT"})
            if path == "/private/notes/":
                return self._send(200, b"<html><body><p>never to be fetched</p></body></html>")
            if path == "/flaky/":
                state["flaky"] += 1
                if state["flaky"] <= 2:
                    return self._send(500, b"oops")
                return self._send(200, (SAMPLES / PAGES["/posts/drills/"]).read_bytes())
            if path == "/busy/":
                state["busy"] += 1
                if state["busy"] == 1:
                    return self._send(429, b"slow down", headers={"Retry-After": "1"})
                return self._send(200, (SAMPLES / PAGES["/posts/ankle-diary/"]).read_bytes())
            if path == "/slow/":
                time.sleep(SLOW_SECONDS)
                return self._send(200, b"<html><body><p>too late</p></body></html>")
            if path in ("/loop/a", "/loop/b"):
                other = "/loop/b" if path == "/loop/a" else "/loop/a"
                return self._send(302, b"", headers={"Location": other})
            if path == "/gzipped/":
                body = gzip.compress((SAMPLES / PAGES["/posts/hip-routine/"]).read_bytes())
                return self._send(200, body, headers={"Content-Encoding": "gzip"})
            if path == "/huge/":
                return self._send(200, b"<html><body>" + b"<p>padding</p>" * 20000 + b"</body></html>")
            if path == "/wp-json/wp/v2/posts":
                return self._send(200, json.dumps([_wp_post(root)]).encode(), "application/json",
                                  {"X-WP-Total": "1", "X-WP-TotalPages": "1"})
            if path == "/wp-json/wp/v2/comments" and query.get("post") == ["42"]:
                pages = _wp_comments(root)
                page = int(query.get("page", ["1"])[0])
                if not 1 <= page <= len(pages):
                    return self._send(400, b'{"code":"rest_post_invalid_page_number"}', "application/json")
                return self._send(200, json.dumps(pages[page - 1]).encode(), "application/json",
                                  {"X-WP-Total": "4", "X-WP-TotalPages": str(len(pages))})
            return self._send(404, b"not found")

    server = _QuietServer(("127.0.0.1", 0), Handler)
    site = Site(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return site


def stop_site(site: Site) -> None:
    site.server.shutdown()
    site.server.server_close()


def write_url_file(path: Path, site: Site, paths: list[str]) -> Path:
    path.write_text("# test URLs\n" + "".join(site.url(p) + "\n" for p in paths), encoding="utf-8")
    return path
