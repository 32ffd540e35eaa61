"""URLs as the scraper checks and fetches them, and the names pages get on disk.

    normalize_url("HTTP://Example.COM:80/ok/../%70rivate/./x#top")  ->  "http://example.com/private/x"

`normalize_url` applies RFC 3986 section 6.2.2 in its order (lower-case scheme and host,
percent-decoding of unreserved characters with the other escapes upper-cased, dot-segment
removal per section 5.2.4), drops the default port and the fragment, and then hands the
result to httpx and back, so that the string robots.txt is checked against is the very URL
httpx sends (a fixed point of both).  A path that would still hide a dot segment behind an
encoded slash or a backslash (``/ok/..%2Fprivate/``), which some servers resolve, is refused.

Names on disk never come from a server's text as is: a site folder is the host reduced to
labels of ``[a-z0-9-]`` and a file name is a slug of ``[a-z0-9-]`` (both bounded) and a hash.
"""

from __future__ import annotations

import re
import string
from urllib.parse import unquote, urlsplit

import httpx

__all__ = ["BadURL", "normalize_url", "site_folder", "slug"]

UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_SLUG = 60
MAX_SITE = 100
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_HIDDEN_SLASH = re.compile(r"%2[fF]|%5[cC]|\\")


class BadURL(ValueError):
    """A URL the scraper will not fetch; the message says why, in a few words."""


def _unescape_unreserved(part: str) -> str:
    def one(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in UNRESERVED else "%" + match.group(1).upper()
    return _ESCAPE.sub(one, part)


def remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, step by step."""
    given, kept = path, []
    while given:
        if given.startswith("../"):
            given = given[3:]
        elif given.startswith("./"):
            given = given[2:]
        elif given.startswith("/./"):
            given = given[2:]
        elif given == "/.":
            given = "/"
        elif given.startswith("/../"):
            given = given[3:]
            if kept:
                kept.pop()
        elif given == "/..":
            given = "/"
            if kept:
                kept.pop()
        elif given in (".", ".."):
            given = ""
        else:
            end = given.find("/", 1)
            end = len(given) if end == -1 else end
            kept.append(given[:end])
            given = given[end:]
    return "".join(kept)


def _normalize_once(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise BadURL(f"not a valid URL ({exc})") from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise BadURL(f"not an http(s) URL ({scheme or 'no scheme'})")
    host = parts.hostname
    if not host:
        raise BadURL("no host")
    host = f"[{host}]" if ":" in host else host
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = (f"{userinfo}@" if userinfo else "") + host
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    path = remove_dot_segments(_unescape_unreserved(parts.path)) or "/"
    if not path.startswith("/"):
        path = "/" + path
    query = _unescape_unreserved(parts.query)
    return f"{scheme}://{netloc}{path}" + (f"?{query}" if query else "")


def normalize_url(url: str) -> str:
    """The URL in the one form the scraper checks against robots.txt and fetches; BadURL if none."""
    ours = _normalize_once(url)
    try:
        sent = str(httpx.URL(ours))
    except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
        raise BadURL(f"not a valid URL ({exc})") from exc
    if sent != ours:
        ours = _normalize_once(sent)
        try:
            if str(httpx.URL(ours)) != ours:
                raise BadURL("no stable form: the HTTP client would send another URL")
        except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
            raise BadURL(f"not a valid URL ({exc})") from exc
    path = urlsplit(ours).path
    if _HIDDEN_SLASH.search(path):
        for segment in _HIDDEN_SLASH.sub("/", path).split("/"):
            if unquote(segment) in (".", ".."):
                raise BadURL("a dot segment hidden behind an encoded slash or a backslash")
    return ours


def slug(text: str) -> str:
    """Lower-case ``[a-z0-9-]`` words of `text` (percent-escapes decoded first), at most 60 characters."""
    return re.sub(r"[^a-z0-9]+", "-", unquote(text).lower())[:MAX_SLUG].strip("-")


def site_folder(url: str) -> str:
    """The folder of a URL's pages: its host without "www.", as labels of ``[a-z0-9-]`` joined by
    dots (never "." or ".."; "unknown-host" when nothing is left), at most 100 characters."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        host = ""
    labels = [re.sub(r"[^a-z0-9-]+", "-", label).strip("-") for label in host.lower().split(".")]
    labels = [label for label in labels if label]
    if labels and labels[0] == "www" and len(labels) > 1:
        labels = labels[1:]
    return ".".join(labels)[:MAX_SITE].strip(".-") or "unknown-host"
