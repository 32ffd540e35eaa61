"""Typed, frozen records passed between stages.

This module is the bottom floor of the package: it imports nothing of ours.
Every field is required; a missing value is an explicit ``None``.

    RawPage  --clean-->  CleanPost (with Block and Comment)  --extract-->  ExerciseRecord (with Dose)
    any stage failure on one input  -->  ErrorRecord
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item", "caption", "quote", "preformatted", "table"]
Source = Literal["body", "comment"]
Category = Literal[
    "strength", "balance", "plyometric", "stretch", "soft-tissue", "mobility", "cardio", "other"
]
# Cloudflare shows this in place of an e-mail address it hides; blogrx keeps it as shown (never
# the decoded address), so a comment's author may be this stand-in rather than a name.
EMAIL_PLACEHOLDER = "[email protected]"

# A RawPage whose source_path ends so holds a plain-text post (clean/text.py), not a page: sources.py
# finds such files and their sidecar URL, clean() routes them to clean_text_page.
TEXT_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".markdown")

# The page's words for a date (CleanPost.published_raw...) are kept to this many characters: a
# date, not the paragraph around it.
DATE_TEXT_CHARS = 100

CATEGORIES: tuple[str, ...] = (
    "strength", "balance", "plyometric", "stretch", "soft-tissue", "mobility", "cardio", "other",
)


@dataclass(frozen=True, slots=True)
class RawPage:
    """One input page as bytes, plus what is known about where it came from."""

    source_path: str            # the file it was read from, as given to the run
    content: bytes              # the page exactly as stored (already gunzipped)
    url: str | None             # the URL it was fetched from, when a manifest or WARC says so
    fetched_at: datetime | None  # when it was fetched, when known
    http_charset: str | None    # charset from the HTTP Content-Type header, when known


@dataclass(frozen=True, slots=True)
class Block:
    """A block of the post body: a paragraph, heading, list item, image caption...

    ``start``/``end`` are character offsets of ``text`` inside ``CleanPost.body_text``
    (``body_text[start:end] == text``).  ``section`` counts the headings seen before
    the block (0 before the first heading); ``list_id`` numbers the list an item
    belongs to (None outside lists).
    """

    kind: BlockKind
    text: str
    start: int
    end: int
    level: int | None      # heading level 1-6, list nesting depth for list items, else None
    section: int
    list_id: int | None


@dataclass(frozen=True, slots=True)
class Comment:
    """One comment of the thread as the static HTML shows it."""

    comment_id: str          # f"{post_id}-c{index:04d}", index in document order
    post_id: str
    parent_id: str | None    # comment_id of the comment replied to; None at top level
    depth: int               # 0 = top level
    author: str | None       # display name as shown (never a decoded e-mail address)
    published: datetime | None  # tz-aware when the page gives an offset, else naive
    is_post_author: bool     # read from the markup (bypostauthor, blog-author), never guessed
    text: str
    html_id: str | None      # the element id in the page, e.g. "comment-1234" or "c8427118"
    kind: str = "comment"    # "comment", or "pingback" / "trackback": another site's automatic notice
    # the page's words ``published`` was read from (an attribute's value, or the text shown:
    # "March 4, 2015 at 8:01 am"), whitespace collapsed; None when ``published`` is
    published_raw: str | None = None


@dataclass(frozen=True, slots=True)
class CleanPost:
    """A cleaned post: metadata, boilerplate-free body, and its threaded comments."""

    post_id: str             # first 16 hex digits of the sha256 of the raw bytes
    source_path: str
    url: str | None          # canonical URL when the page declares one, else the fetch URL
    site: str | None         # host name of ``url`` (without "www."), else the site name
    platform: str            # "wordpress", "blogger", "generic", ...
    title: str | None
    author: str | None
    published: datetime | None
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    body_text: str           # blocks joined by a blank line
    blocks: tuple[Block, ...]
    comments: tuple[Comment, ...]
    comment_widget: str | None  # e.g. "disqus" when comments are loaded by a script only
    warnings: tuple[str, ...] = ()  # problems worth a row in the errors table that still left a post
    modified: datetime | None = None  # last change the page declares (JSON-LD, meta, microdata)
    site_name: str | None = None      # the site's own name (og:site_name, JSON-LD WebSite/publisher)
    language: str | None = None       # BCP 47 tag the page declares ("en-us"), else its body text's ("de")
    fetched_url: str | None = None    # the URL it was fetched from (scrape manifest or WARC), when known
    fetched_at: datetime | None = None  # when it was fetched, when known
    # the page's words each date was read from: an attribute's value ("2015-03-03T19:12:00+00:00"
    # of a <time datetime>, a meta content, JSON-LD) or the text shown ("10. Februar 2019"),
    # whitespace collapsed; None when the date is
    published_raw: str | None = None
    modified_raw: str | None = None


@dataclass(frozen=True, slots=True)
class Dose:
    """A dose as written. Ranges keep the lower bound in the field, the upper in ``*_max``."""

    sets: int | None
    sets_max: int | None
    reps: int | None
    reps_max: int | None
    hold_seconds: float | None
    hold_seconds_max: float | None
    duration_seconds: float | None
    duration_seconds_max: float | None
    per_side: bool | None       # True when "each side", "per leg"...; None when not said
    frequency: str | None       # normalised: "daily", "3x/week", "every other day", ...
    load: str | None            # as normalised text: "10 lb", "5 kg", "bodyweight"

    @classmethod
    def empty(cls) -> Dose:
        return cls(None, None, None, None, None, None, None, None, None, None, None)

    def is_empty(self) -> bool:
        return all(getattr(self, f) is None for f in self.__slots__)


@dataclass(frozen=True, slots=True)
class ExerciseRecord:
    """One exercise found in a post body or in one comment."""

    exercise_id: str          # f"{post_id}-e{index:03d}" (body) or f"{comment_id}-e{index:02d}"
    post_id: str
    comment_id: str | None    # None for the body
    source: Source
    name: str                 # canonical name from the lexicon; a name it lacks as written (normalised)
    mention: str              # the surface text that named it
    category: str | None      # one of CATEGORIES; None for a name the lexicon lacks
    muscles: tuple[str, ...]  # target muscles the text states (canonical names)
    equipment: tuple[str, ...]
    dose: Dose
    evidence: str             # the sentence the dose (or, without dose, the mention) came from
    char_start: int           # offsets of ``evidence`` in body_text or in the comment's text
    char_end: int
    prescribed: bool          # False when only named: "it wasn't the foam roller", "check out my post on lunges"
    # CERT items the text states (None when it does not; see extract/cert.py)
    position: str | None      # standing, side-lying, supine, prone, seated, quadruped, kneeling, half-kneeling
    laterality: str | None    # unilateral, bilateral, alternating
    setting: str | None       # home, clinic, gym: where the post (or comment) says it is done ("clinic, home")
    prescriber: str | None    # physical therapist, doctor, coach, self: who the post (or comment) says set it
    progression: str | None   # the sentence saying how to progress it
    # how the name was recognised: "alias" (a name or alias of the lexicon, in any word order and
    # number), "parts" (a lexicon entry plus modifiers it does not distinguish: "towel calf stretch"),
    # "layout" (a name line followed by its instructions or dose; not in the lexicon)
    matched_by: str = "alias"
    usual_muscles: tuple[str, ...] = ()   # the lexicon's usual primary muscles of the exercise (never the text's)


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """One input that a stage could not handle, with a reason a person can act on."""

    source_path: str
    stage: str                # "read", "clean", "extract", ...
    severity: str             # "error": no post from this input; "warning": a post, with a caveat
    error: str                # one line: "<path>: <what was wrong>"


@dataclass(frozen=True, slots=True)
class CommentFacts:
    """What one comment mentions and whether it asks, and was answered (see themes.py)."""

    comment_id: str
    exercises: tuple[str, ...]     # canonical names of the exercises the extractor found in it
    muscles: tuple[str, ...]
    equipment: tuple[str, ...]
    conditions: tuple[str, ...]    # piriformis syndrome, SI joint dysfunction, IT band syndrome...
    is_question: bool
    answered_by_post_author: bool  # a reply by the post's author somewhere beneath it


@dataclass(frozen=True, slots=True)
class Theme:
    """A theme of a comment thread (scope "post") or of all the threads of a run ("corpus")."""

    theme_id: str
    scope: str                     # "post" or "corpus"
    post_id: str | None            # the thread, for scope "post"
    label: str
    terms: tuple[str, ...]         # key terms, most telling first
    size: int                      # comments in it
    examples: tuple[str, ...]      # comment_ids of two or three representative comments


@dataclass(frozen=True, slots=True)
class ThemeAssignment:
    comment_id: str
    theme_id: str
    score: float                   # share of the comment's theme weight that is this theme's (1.0 for small talk)
