"""Turn an element's subtree into text blocks in document order.

Used for the post body and for each comment's text.  Inline content between
block-level elements becomes paragraphs; a single ``<br>`` is kept as a newline
and a double ``<br>`` (Blogger's paragraph break) starts a new paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from .dom import classes, has_any_class, is_element, squash, tag

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "caption", "body", "html", "menu",
})
SILENT_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "meta", "link"})
CAPTION_CLASSES = frozenset({"wp-caption-text", "tr-caption", "wp-element-caption", "caption-text", "gallery-caption"})
_BR = "\x01"
_LINE = re.compile(r" *\x01 *")
_BLANK_LINES = re.compile(r"\n{3,}")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

Skip = Callable[[etree._Element], bool]


@dataclass(frozen=True, slots=True)
class TextBlock:
    """A block before its place in the body text is known."""

    kind: str
    text: str
    level: int | None
    list_id: int | None


def _never(_: etree._Element) -> bool:
    return False


def text_blocks(root: etree._Element, skip: Skip = _never) -> list[TextBlock]:
    """The blocks under ``root`` (``root`` itself is treated as a container)."""
    walker = _Walker(skip)
    walker.container(root, "paragraph")
    return walker.blocks


def _normalise(raw: str) -> str:
    """Collapse whitespace, keep <br> as newlines, trim each line."""
    if _BR not in raw:
        return squash(raw)
    text = "\n".join(squash(part) for part in raw.split(_BR)).strip("\n")
    return _BLANK_LINES.sub("\n\n", text) if "\n\n\n" in text else text


def _is_caption(el: etree._Element) -> bool:
    return tag(el) == "figcaption" or has_any_class(el, CAPTION_CLASSES)


def _is_layout_table(el: etree._Element) -> bool:
    if "tr-caption-container" in classes(el):
        return True
    return bool(el.xpath(".//table | .//p | .//div | .//ul | .//ol | .//figure | .//h1 | .//h2 | .//h3 | .//blockquote"))


class _Walker:
    def __init__(self, skip: Skip) -> None:
        self.skip = skip
        self.blocks: list[TextBlock] = []
        self.lists = 0

    # -- emitting -------------------------------------------------------------
    def emit(self, kind: str, raw: str, level: int | None = None, list_id: int | None = None) -> None:
        text = _normalise(raw)
        if not text:
            return
        if kind in ("paragraph", "quote") and "\n" in text:
            for part in _PARAGRAPH_BREAK.split(text):
                part = part.strip()
                if part:
                    self.blocks.append(TextBlock(kind, part, level, list_id))
        else:
            self.blocks.append(TextBlock(kind, text, level, list_id))

    # -- inline text ----------------------------------------------------------
    def inline(self, el: etree._Element, out: list[str]) -> None:
        """Append the text of an inline element (and its tail-less subtree) to ``out``."""
        name = tag(el)
        if name == "br":
            out.append(_BR)
            return
        if name in SILENT_TAGS or self.skip(el):
            return
        block = name in BLOCK_TAGS
        if block:
            out.append(_BR * 2)
        self._inline_children(el, out)
        if block:
            out.append(_BR * 2)

    # -- containers -------------------------------------------------------------
    def container(self, el: etree._Element, kind: str) -> None:
        run: list[str] = [el.text] if el.text else []
        skip = self.skip
        for child in el:
            name = child.tag      # a str for an element (a function for a comment or PI)
            if isinstance(name, str) and name not in SILENT_TAGS and not skip(child):
                if name in BLOCK_TAGS or _is_caption(child):
                    self.emit(kind, "".join(run))
                    run = []
                    self.block(child, kind)
                else:
                    self.inline(child, run)
            if child.tail:
                run.append(child.tail)
        self.emit(kind, "".join(run))

    def block(self, el: etree._Element, kind: str) -> None:
        name = tag(el)
        if _is_caption(el):
            self.emit("caption", self.inline_text(el))
        elif name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.emit("heading", self.inline_text(el), level=int(name[1]))
        elif name in ("ul", "ol", "menu"):
            self.list(el, 1)
        elif name == "li":
            self.list_item(el, 1, self.new_list())
        elif name == "blockquote":
            self.container(el, "quote")
        elif name == "pre":
            text = "".join(el.itertext()).strip("\n")
            if text.strip():
                self.blocks.append(TextBlock("preformatted", text.rstrip(), None, None))
        elif name == "table" and not _is_layout_table(el):
            self.table(el)
        elif name == "hr":
            return
        else:
            self.container(el, kind)

    def inline_text(self, el: etree._Element) -> str:
        out: list[str] = []
        self._inline_children(el, out)
        return "".join(out)

    def _inline_children(self, el: etree._Element, out: list[str]) -> None:
        """Append the text of ``el`` and of its children, in order, to ``out``."""
        if el.text:
            out.append(el.text)
        for child in el:
            if isinstance(child.tag, str):
                self.inline(child, out)
            if child.tail:
                out.append(child.tail)

    # -- lists and tables -------------------------------------------------------
    def new_list(self) -> int:
        self.lists += 1
        return self.lists

    def list(self, el: etree._Element, level: int) -> None:
        list_id = self.new_list()
        for child in el:
            if not is_element(child) or self.skip(child):
                continue
            if tag(child) == "li":
                self.list_item(child, level, list_id)
            elif tag(child) in ("ul", "ol"):
                self.list(child, level + 1)
            elif tag(child) not in SILENT_TAGS:
                self.emit("list_item", self.inline_text(child), level, list_id)

    def list_item(self, el: etree._Element, level: int, list_id: int) -> None:
        run: list[str] = [el.text] if el.text else []
        nested: list[etree._Element] = []
        for child in el:
            if is_element(child) and not self.skip(child):
                if tag(child) in ("ul", "ol"):
                    nested.append(child)
                elif tag(child) not in SILENT_TAGS:
                    self.inline(child, run)
            if child.tail:
                run.append(child.tail)
        text = _PARAGRAPH_BREAK.sub("\n", _normalise("".join(run)))
        if text:
            self.blocks.append(TextBlock("list_item", text, level, list_id))
        for sub in nested:
            self.list(sub, level + 1)

    def table(self, el: etree._Element) -> None:
        rows: list[str] = []
        for caption in el.xpath("./caption"):
            self.emit("caption", self.inline_text(caption))
        for row in el.xpath(".//tr"):
            cells = [squash(_normalise(self.inline_text(cell)).replace("\n", " ")) for cell in row.xpath("./td | ./th")]
            cells = [c for c in cells if c]
            if cells:
                rows.append(" | ".join(cells))
        if rows:
            self.blocks.append(TextBlock("table", "\n".join(rows), None, None))
