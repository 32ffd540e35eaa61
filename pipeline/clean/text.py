"""Plain text -> a :class:`CleanPost`: for post excerpts kept as text, and for posts written as notes.

    "Calf strength\\n\\n  • Build up to 3 x 25\\n  • Do daily after running"
        -> heading "Calf strength", list items "Build up to 3 x 25", "Do daily after running"

Text has no markup, so the blocks are read from the layout:

* one line is one block, and a line wrapped in the middle of a sentence (the next line starts
  in lower case, the line does not end a sentence) is joined to the next, unless the next
  line's first words hold a number: notes in lower case ("bulgarians 3x10/side") put an
  exercise and its dose on each line;
* a line that starts with a bullet ("•", "-", "–", "*", "➡️"...) or a number ("1.", "2)")
  and holds a sentence is a list item; consecutive items, blank lines between them allowed,
  are one list;
* a short line (at most ``HEADING_WORDS`` words) that does not end like a sentence and does
  not start with a digit (that is a dose line: "3 sets of 8 reps"), and any
  Markdown heading ("## Calf strength"), is a heading; a numbered short line ("1. Calf
  Stretch") too, since posts number their exercises that way, unless it holds a number of its
  own ("1. Jog 5 minutes easy": an item and its dose); a short line that opens with an
  instruction word ("Keep hips squared to the front of mat") is a step, not a heading;
* a line of no letters or digits ("-", "***") separates and is no block;
* everything else is a paragraph.

Text posts have no comments and no metadata beyond a title: the first heading, if the text
starts with one.

A post read from a file (``clean_text_page``: ``.txt``, ``.md``) may open with front matter,
a block of ``key: value`` lines between two ``---`` lines, as static-site generators write it;
its ``url:`` and ``title:`` are the post's (the URL wins over a sidecar ``.url`` file, as a
canonical link wins over the fetch URL), so are its ``date:`` (or ``published:``) and
``lastmod:`` (or ``updated:``, ``modified:``), kept with the value as written, and the block
is no part of the body.  In a Markdown
post, links and images keep their text and emphasis marks go.  A file whose lines are all URLs
is a list for ``blogrx scrape --urls``, not a post.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from ..lexicon import LEXICON_DIR, read_json_object
from ..errors import CleanError
from ..records import Block, CleanPost, RawPage
from .dates import Dated, dated, parse_iso, parse_visible
from .ids import post_id_of
from .metadata import site_of

HEADING_WORDS = 8
INSTRUCTION_WORDS = 3    # "Keep gaze over front palm" is a step; "Relax" alone may be a heading
DOSE_WITHIN_WORDS = 4    # a line of notes whose first words hold a number is a new line ("tib bar 2x20")
_BULLET = re.compile(r"^(?:[•◦▪▫●○■□➡➔→✔✓*\-–—+]\ufe0f?|▫️)\s*")
_NUMBER = re.compile(r"^\(?\d{1,2}(?:[.)]\s+|(?=[A-Z][a-z]))")   # "1. Calf Stretch", "2Bridge" (number glued on)
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+")
_DIGIT = re.compile(r"\d")
_SENTENCE_END = re.compile(r"[.!?;,…][\"”')\]]*$")   # "(bent knee)" alone does not end a sentence


def _logical_lines(text: str) -> list[tuple[str, bool]]:
    """(line, blank line before it) with lines wrapped mid-sentence joined."""
    out: list[tuple[str, bool]] = []
    blank = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            blank = True
            continue
        if (out and not blank and line[:1].islower() and not _BULLET.match(line)
                and not _SENTENCE_END.search(out[-1][0]) and not out[-1][0].endswith(":")
                and len(out[-1][0].split()) > HEADING_WORDS and not _names_a_dose(line)):
            prev, prev_blank = out[-1]
            out[-1] = (f"{prev} {line}", prev_blank)
        else:
            out.append((line, blank))
        blank = False
    return out


def _names_a_dose(line: str) -> bool:
    """A line of notes written in lower case that opens with a name and its dose ("bulgarians
    3x10/side w 2x12kg db", "calf raise machine 4x15, slow") is a line of its own, not the rest
    of a sentence wrapped from the line above."""
    return bool(_DIGIT.search(" ".join(line.split()[:DOSE_WITHIN_WORDS])))


def _kind(line: str) -> tuple[str, str, int | None]:
    """(kind, text without its marker, heading level)."""
    m = _MARKDOWN_HEADING.match(line)
    if m:
        return "heading", line[m.end():].strip(), len(m.group(1))
    m = _BULLET.match(line)
    if m and line[m.end():].strip():
        return "list_item", line[m.end():].strip(), None
    m = _NUMBER.match(line)
    if m:
        rest = line[m.end():].strip()
        if _is_heading(rest) and not _DIGIT.search(rest):
            return "heading", rest, 3     # "1. Calf Stretch"; "1. Jog 5 minutes easy" is an item with its dose
        return "list_item", rest, None
    if _is_heading(line):
        return "heading", line, 2
    return "paragraph", line, None


def _is_heading(line: str) -> bool:
    """Short, not ended like a sentence, not a bare dose line ("3 sets of 8 reps", "5 seconds"),
    and not a step of instructions ("Keep hips squared to the front of mat", "Pivot left foot
    90 degrees": an instruction word first, that is not also a movement's name, as "Squat" is)."""
    words = line.split()
    return (0 < len(words) <= HEADING_WORDS and not _SENTENCE_END.search(line) and not line.endswith(":")
            and not line[:1].isdigit() and not (len(words) >= INSTRUCTION_WORDS and _opens_instruction(words)))


def _opens_instruction(words: list[str]) -> bool:
    """An instruction word first; when it also names a movement ("Step", "Squat"), the word after
    it makes it a verb ("Step right foot forward", not "Step ups")."""
    starts, heads, objects = _instruction_words()
    first, second = (w.lower().strip("\"'“”‘’(,") for w in words[:2])
    return first in starts and (first not in heads or second in objects)


@lru_cache(maxsize=1)
def _instruction_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The layout vocabulary's instruction openers, movement words and the words after a movement
    word that make it a verb (``lexicon/layout.json``)."""
    layout = read_json_object(LEXICON_DIR / "layout.json")
    return (frozenset(layout.words("instruction_starts", blank=" ")), frozenset(layout.table("movement_heads")),
            frozenset(layout.words("instruction_objects", blank=" ")))


def text_blocks(text: str) -> tuple[str, tuple[Block, ...]]:
    """The body text and its blocks, offsets into the body as :class:`Block` promises."""
    blocks: list[Block] = []
    parts: list[str] = []
    position = 0
    section = 0
    list_id: int | None = None
    lists = 0
    for line, _blank in _logical_lines(text):
        kind, content, level = _kind(line)
        if not any(c.isalnum() for c in content):
            continue        # a separator ("-", "***", "~~~"): no block
        if kind == "heading":
            section += 1
        if kind == "list_item":
            if list_id is None:
                list_id = lists
                lists += 1
        else:
            list_id = None
        if parts:
            position += 2
        blocks.append(Block(kind, content, position, position + len(content),
                            level if kind == "heading" else (1 if kind == "list_item" else None),
                            section, list_id if kind == "list_item" else None))
        parts.append(content)
        position += len(content)
    return "\n\n".join(parts), tuple(blocks)


def clean_text(text: str, source_path: str) -> CleanPost:
    """A post record from plain text (UTF-8 already decoded)."""
    body, blocks = text_blocks(text)
    title = blocks[0].text if blocks and blocks[0].kind == "heading" else None
    return CleanPost(
        post_id=post_id_of(text.encode("utf-8")), source_path=source_path, url=None, site=None,
        platform="text", title=title, author=None, published=None, categories=(), tags=(),
        body_text=body, blocks=blocks, comments=(), comment_widget=None,
    )


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.S)
_FIELD = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$", re.M)
_URL = re.compile(r"^https?://\S+$")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|`)(?=\S)(.+?)(?<=\S)\1")
MARKDOWN_SUFFIXES = (".md", ".markdown")
PUBLISHED_KEYS = ("date", "published")              # front matter keys, as Hugo, Jekyll, Eleventy write them
MODIFIED_KEYS = ("lastmod", "updated", "modified")


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """(the front matter's fields, the text after it); no front matter: ({}, the text)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    fields = {key.lower(): value.strip("\"'") for key, value in _FIELD.findall(match.group(1))}
    return fields, text[match.end():]


def front_matter_date(fields: dict[str, str], keys: tuple[str, ...]) -> Dated | None:
    """The first of ``keys`` the front matter gives as a date ("2019-02-10", "2019-02-10
    08:00:00 +0100", "March 3, 2015"), with the value as written."""
    for key in keys:
        value = fields.get(key)
        if value:
            date = dated(parse_iso(value) or parse_visible(value), value)
            if date is not None:
                return date
    return None


def markdown_to_text(text: str) -> str:
    """Markdown's inline marks taken off: "[calf raises](/x)" -> "calf raises", "**3 x 10**" -> "3 x 10"."""
    text = _MD_IMAGE.sub(lambda m: m.group(1), text)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    return _MD_EMPHASIS.sub(lambda m: m.group(2), text)


def clean_text_page(page: RawPage) -> CleanPost:
    """A post record from a plain-text or Markdown file's bytes (UTF-8), with its URL (front
    matter's ``url:``, else the page's: a sidecar ``.url`` file or the scrape manifest)."""
    path = page.source_path
    if not page.content or page.content.isspace():
        raise CleanError(path, "file is empty")
    if b"\x00" in page.content[:4096]:
        raise CleanError(path, "binary content (NUL bytes), not a text post")
    try:
        text = page.content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CleanError(path, f"not UTF-8 text (byte {exc.start} cannot be decoded); save the post as UTF-8") from exc
    fields, body = front_matter(text.replace("\r\n", "\n"))
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if lines and all(_URL.match(line) for line in lines):
        raise CleanError(path, f"a list of {len(lines)} URLs, not a post: fetch them with "
                               f"`blogrx scrape --urls {path}`")
    if path.lower().endswith(MARKDOWN_SUFFIXES):
        body = markdown_to_text(body)
    post = clean_text(body, path)
    url = fields.get("url") if _URL.match(fields.get("url", "")) else page.url
    title = fields.get("title") or post.title
    if not post.body_text.strip():
        raise CleanError(path, "no body text: the file holds no words")
    published, modified = front_matter_date(fields, PUBLISHED_KEYS), front_matter_date(fields, MODIFIED_KEYS)
    return dataclasses.replace(post, post_id=post_id_of(page.content), url=url, site=site_of(url, None),
                               title=title,
                               published=None if published is None else published.value,
                               published_raw=None if published is None else published.text,
                               modified=None if modified is None else modified.value,
                               modified_raw=None if modified is None else modified.text)
