"""Page bytes -> text -> one lxml tree.

We decode ourselves, because libxml2 only honours a ``<meta charset>`` that comes
early in ``<head>``; some pages declare it after ``<title>`` and would come out as
Latin-1 mojibake.  The order is: byte-order mark, the HTTP header's charset, a
``<meta>`` declaration anywhere in the first 64 KB, then detection.
"""

from __future__ import annotations

import codecs
import re

from bs4.dammit import UnicodeDammit
from lxml import etree

from ..errors import CleanError

SNIFF_BYTES = 65536
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")   # control characters but tab, newline, form feed, CR
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_MARKUP = re.compile(r"<\s*(?:html|head|body|p|div|br|title|meta|a|span|h[1-6]|article|table|!doctype)\b", re.I)
# Windows code pages are what "latin-1" pages really use (as browsers do).
_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}


def _codec(name: str | None) -> str | None:
    """The Python codec for a declared charset name, or None when the name is unknown."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return None
    return _ALIASES.get(name, _ALIASES.get(canonical, canonical))


def _attempt(content: bytes, codec: str | None) -> tuple[str, bool] | None:
    """The text, and whether ``content`` is exactly its UTF-8 (a strict UTF-8 decoding)."""
    if codec is None:
        return None
    try:
        return content.decode(codec), codec == "utf-8"
    except (UnicodeDecodeError, LookupError):
        pass
    if codec == "cp1252":
        return content.decode("latin-1"), False
    if codec == "utf-8":
        text = content.decode("utf-8", errors="replace")
        if text.count("\ufffd") * 200 < len(text):  # a few stray bytes in a UTF-8 page
            return text, False
    return None


def decode_page(content: bytes, http_charset: str | None, path: str) -> tuple[str, bytes | None]:
    """Decode page bytes to text, raising CleanError for empty or binary input; beside the text,
    the bytes that are exactly its UTF-8 when the page had them (most pages are UTF-8):
    :func:`parse_html` then hands those to libxml2 as they are."""
    if not content or content.isspace():      # (stops at the first other byte: no copy of the page)
        raise CleanError(path, "file is empty")
    for bom, codec in _BOMS:
        if content.startswith(bom):
            decoded = _attempt(content[len(bom):], codec)
            if decoded is not None:
                return _check_text(decoded[0], path), content[len(bom):] if decoded[1] else None
    if b"\x00" in content[:SNIFF_BYTES]:
        raise CleanError(path, "binary content (NUL bytes), not an HTML page")
    decoded = _attempt(content, _codec(http_charset))
    if decoded is None:
        for match in _META_CHARSET.finditer(content[:SNIFF_BYTES]):
            decoded = _attempt(content, _codec(match.group(1).decode("ascii", "replace")))
            if decoded is not None:
                break
    if decoded is None:
        try:
            decoded = content.decode("utf-8"), True
        except UnicodeDecodeError:
            decoded = None
    if decoded is None:
        dammit = UnicodeDammit(content[: SNIFF_BYTES * 4], ["utf-8", "cp1252"], is_html=True)
        decoded = _attempt(content, _codec(dammit.original_encoding))
    if decoded is None:
        raise CleanError(path, "binary content: bytes cannot be decoded as text in any known encoding")
    text, exact = decoded
    return _check_text(text, path), content if exact else None


def _check_text(text: str, path: str) -> str:
    head = text[:SNIFF_BYTES]
    if "\x00" in head:
        raise CleanError(path, "binary content (NUL bytes), not an HTML page")
    if len(_CONTROLS.findall(head, 0, 4096)) > 40:
        raise CleanError(path, "binary content (control bytes), not an HTML page")
    if not _MARKUP.search(head):
        raise CleanError(path, "plain text with no HTML markup")
    return text


MAX_DEPTH = 256   # libxml2's nesting limit for HTML without XML_PARSE_HUGE (kept: it guards against abuse)
TAIL_CHARS = 4096  # looks_truncated reads this much of the end first
_CLOSING = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)


def looks_truncated(text: str) -> bool:
    """True when the page never closes its body or document: the save or download stopped early.

    Every page of the reference corpus closes both; a page that closes neither was cut off,
    so what follows the cut (often the end of the body and the comments) is missing.
    """
    # the closing tags stand at the end: look there first, and through the whole page only if not
    return _CLOSING.search(text, max(0, len(text) - TAIL_CHARS)) is None and _CLOSING.search(text) is None


def parse_html(text: str, path: str, utf8: bytes | None = None) -> etree._Element:
    """Parse decoded text into an lxml HTML document (the one parse per page).  ``utf8``, when
    given, is ``text`` encoded as UTF-8 (the page's own bytes, see :func:`decode_page`)."""
    declaration = _XML_DECL.match(text)
    if declaration:
        text, utf8 = text[declaration.end():], None
    # plain elements: lxml.html's per-element class lookup costs more than the parse; and UTF-8
    # bytes, which libxml2 reads faster than a str handed over as UCS-4 or Latin-1 (same tree)
    parser = etree.HTMLParser(encoding="utf-8", collect_ids=False, remove_comments=True)
    try:
        root = etree.fromstring(utf8 if utf8 is not None else text.encode("utf-8", errors="replace"), parser)
    except (etree.ParserError, ValueError) as exc:
        raise CleanError(path, f"HTML cannot be parsed ({exc})") from exc
    if root is None:
        raise CleanError(path, "HTML cannot be parsed (Document is empty)")
    too_deep = [e for e in parser.error_log if "Excessive depth" in e.message]
    if too_deep:   # libxml2 stops reading there: what follows is lost, so say so
        raise CleanError(path, f"elements nested more than {MAX_DEPTH} deep at line {too_deep[0].line}; "
                               "the HTML parser stops reading there")
    return root
