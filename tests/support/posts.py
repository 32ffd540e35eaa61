"""Shared test helpers: ``CleanPost``s for extraction tests, built without the cleaner.

``make_post([("paragraph", "..."), ("caption", "..."), ...])`` lays the blocks out the way the
cleaner does (joined by a blank line, offsets into ``body_text``, a section counter that a
heading advances, a list id per run of list items), so a test can state a post as text.
``founding_post()`` rebuilds the founding post from ``../shared/seeds`` as the cleaner would see it
(the test skips, saying so, when ../shared is absent).
"""

from __future__ import annotations

import re

import pytest

from pipeline.records import Block, CleanPost, Comment
from tests.support.paths import SHARED

SEED = SHARED / "seeds" / "milebymile-pt-week-2.txt"

FOUNDING_CAPTIONS = frozenset({
    "Adventures in Physical Therapy Week 2",
    "physical therapy week 2: abductor strengthening",
    "physical therapy week 2: balance ball toss",
    "physical therapy week 2: bridge with ball",
    "adductors with band",
    "piriformis stretching",
    "piriformis release",
    "physical therapy week 2: adductor stretch",
})


def make_post(blocks: list[tuple[str, str]], comments: list[str] = (), post_id: str = "p0001") -> CleanPost:
    made: list[Block] = []
    parts: list[str] = []
    offset = 0
    section = 0
    list_id = 0
    previous_kind = None
    for kind, text in blocks:
        if kind == "heading":
            section += 1
        if kind == "list_item" and previous_kind != "list_item":
            list_id += 1
        if parts:
            offset += 2
        made.append(Block(
            kind=kind, text=text, start=offset, end=offset + len(text),
            level=2 if kind == "heading" else (1 if kind == "list_item" else None),
            section=section, list_id=list_id if kind == "list_item" else None,
        ))
        parts.append(text)
        offset += len(text)
        previous_kind = kind
    body = "\n\n".join(parts)
    thread = tuple(
        Comment(comment_id=f"{post_id}-c{i:04d}", post_id=post_id, parent_id=None, depth=0, author=None,
                published=None, is_post_author=False, text=text, html_id=None)
        for i, text in enumerate(comments)
    )
    return CleanPost(
        post_id=post_id, source_path=f"test/{post_id}.html", url=None, site=None, platform="generic",
        title=None, author=None, published=None, categories=(), tags=(), body_text=body,
        blocks=tuple(made), comments=thread, comment_widget=None,
    )


def founding_blocks_and_comments() -> tuple[list[tuple[str, str]], list[str]]:
    if not SEED.is_file():
        pytest.skip(f"founding seed not found at {SEED} (../shared is absent beside the repo)")
    lines = [re.sub(r"\s+", " ", line).strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    start = next(i for i, l in enumerate(lines) if l.startswith("Today I will be sharing the first set"))
    end = next(i for i, l in enumerate(lines) if l == "Have you found any other good ways to release the piriformis?")
    blocks = [("caption" if l in FOUNDING_CAPTIONS else "paragraph", l) for l in lines[start:end + 1] if l]
    comments: list[str] = []
    current: list[str] | None = None
    first = lines.index("Comments")
    for line in lines[first + 1:]:
        if line == "Primary Sidebar":
            break
        if line.endswith(" says"):
            if current:
                comments.append("\n".join(current))
            current = []
        elif current is not None and line and not re.match(r"^[A-Z][a-z]+ \d{1,2}, \d{4} at ", line):
            current.append(line)
    if current:
        comments.append("\n".join(current))
    return blocks, comments


def founding_post() -> CleanPost:
    blocks, comments = founding_blocks_and_comments()
    return make_post(blocks, comments, post_id="milebymile0000")
