"""Records -> parquet tables and a data dictionary in the output folder.

Tables: ``posts``, ``comments``, ``exercises``, ``themes``, ``comment_themes`` and ``errors``, each with a fixed
pyarrow schema (so an empty table still has its columns and types), described
column by column in ``datapackage.json`` (a Frictionless Data Package).

Writes are atomic as a set: rows stream in row groups into the files of a new generation
of the output folder, which is published (with the data dictionary and the dataset card)
by one switch when the run has finished (publish.py).  A run that dies at any moment leaves
the previous tables untouched, and never a mix of old and new.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__
from .lexicon import load_normalise
from .errors import ExportError, os_reason
from .files import sync_file, write_synced
from .jobs import DEFAULT_BATCH_ROWS
from .publish import current_generation, new_generation, output_folder, publish
from .records import DATE_TEXT_CHARS, CleanPost, CommentFacts, ErrorRecord, ExerciseRecord, Theme, ThemeAssignment

__all__ = ["Column", "TABLES", "SHARD_TABLES", "TableWriter", "post_row", "comment_rows", "exercise_row", "error_row",
           "theme_row", "comment_theme_row", "reading_row", "datapackage"]


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: pa.DataType
    description: str
    personal: bool = False  # holds data about a person (a commenter's name or words)


_STR = pa.string()
_STRS = pa.list_(pa.string())
_TS = pa.timestamp("us", tz="UTC")
_LOCAL = pa.timestamp("us")
_BLOCK = pa.struct([
    ("kind", pa.string()), ("text", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
    ("level", pa.int16()), ("section", pa.int32()), ("list_id", pa.int32()),
])

PRECISIONS = ("day", "minute", "second")


def _date_columns(name: str, what: str, comment: bool = False) -> tuple[Column, ...]:
    """A date as four columns: the moment (UTC), the wall-clock time the page shows, how precise
    it is, and the page's own words for it."""
    zone = ("the page's UTC offset, or for a time the comment shows without one the post date's "
            "offset when it is not +00:00 (the site's zone, which may be an hour off across a "
            "daylight-saving change)" if comment else "the page's UTC offset")
    return (
        Column(name, _TS, f"{what} time in UTC, from {zone}; null when no time zone is known "
                          f"(then see {name}_local)."),
        Column(f"{name}_local", _LOCAL, f"{what} date and time as the page shows it, in its own time "
                                        f"zone (no zone attached); midnight when only a date is given."),
        Column(f"{name}_precision", _STR, f"How precise {name} is: 'day' (a date alone, or a time of "
                                          f"exactly midnight), 'minute' or 'second'."),
        Column(f"{name}_text", _STR, f"The date exactly as the page writes it, whitespace collapsed, at most "
                                     f"{DATE_TEXT_CHARS} characters: the attribute's value when {name} was read "
                                     f"from one (a <time datetime>, a meta tag's content, JSON-LD, an API field), "
                                     f"else the text shown ('10. Februar 2019', 'March 4, 2015 at 8:01 am', "
                                     f"'3 days ago')."),
    )


TABLES: dict[str, tuple[Column, ...]] = {
    "posts": (
        Column("post_id", _STR, "Stable id: first 16 hex digits of the sha256 of the page bytes."),
        Column("source_path", _STR, "The input file the post was read from."),
        Column("url", _STR, "Canonical URL the page declares (else the URL it was fetched from)."),
        Column("fetched_url", _STR, "URL the page was fetched from, as the scrape manifest or WARC record says "
                                    "(null for a page saved by hand)."),
        Column("fetched_at", _TS, "When the page was fetched (UTC), as the scrape manifest or WARC record says."),
        Column("site", _STR, "Host name of the URL without 'www.', else the site name."),
        Column("platform", _STR, "Blog platform recognised from the markup: wordpress, blogger, generic..."),
        Column("title", _STR, "Post title."),
        Column("author", _STR, "Post author's display name."),
        *_date_columns("published", "Publication"),
        *_date_columns("modified", "Last modification the page declares (JSON-LD, meta, microdata):"),
        Column("site_name", _STR, "The site's own name (og:site_name, JSON-LD)."),
        Column("language", _STR, "Language of the page as a BCP 47 tag: as the page declares it (html lang, meta, "
               "og:locale, JSON-LD), else as its body text reads (py3langid, a two-letter code)."),
        Column("categories", _STRS, "Categories the post is filed under."),
        Column("tags", _STRS, "Tags / labels of the post."),
        Column("conditions", _STRS, "Injuries / conditions the post is about (canonical names of "
                                    "lexicon/conditions.jsonl), strongest evidence first: named in the title, a "
                                    "category, a tag or a heading, or at least twice in the body (pipeline/conditions.py)."),
        Column("condition_evidence", _STRS, "For each of conditions, in the same order, where it was named and as "
                                            "what: 'title: ITBS | body x3: IT band'."),
        Column("body_text", _STR, "Main text without boilerplate; blocks separated by a blank line."),
        Column("blocks", pa.list_(_BLOCK),
               "Body blocks in order: kind (heading, paragraph, list_item, caption, quote, preformatted, "
               "table), text, start/end offsets in body_text, level, section number, list id."),
        Column("word_count", pa.int32(), "Whitespace-separated words in body_text."),
        Column("comment_count", pa.int32(), "Comments found in the static HTML (pingbacks not counted)."),
        Column("pingback_count", pa.int32(), "Pingbacks and trackbacks shown in the comment thread."),
        Column("comment_widget", _STR,
               "Script-only comment widget (e.g. disqus) when comments are not in the static HTML."),
    ),
    "comments": (
        Column("comment_id", _STR, "Comment id: '<post_id>-c<index>' in document order."),
        Column("post_id", _STR, "The post the comment belongs to."),
        Column("parent_id", _STR, "comment_id of the comment this one replies to; null at top level."),
        Column("depth", pa.int16(), "Reply depth: 0 = top level, 1 = reply, 2 = reply to a reply..."),
        Column("author", _STR, "Commenter's display name as the page shows it (never an e-mail address).",
               personal=True),
        *_date_columns("published", "Comment", comment=True),
        Column("is_post_author", pa.bool_(),
               "True when the markup marks the comment as the post author's (bypostauthor, blog-author)."),
        Column("text", _STR, "Comment text.", personal=True),
        Column("html_id", _STR, "The comment element's id in the page (e.g. comment-1234)."),
        Column("kind", _STR, "'comment', or 'pingback' / 'trackback': another site's automatic notice that "
                             "links here, shown in the thread (no theme or fact is drawn from those)."),
        Column("exercises", _STRS, "Canonical names of the exercises the extractor found in the comment."),
        Column("muscles", _STRS, "Muscles the comment names (canonical names from the lexicon)."),
        Column("equipment", _STRS, "Equipment the comment names."),
        Column("conditions", _STRS, "Conditions the comment names: piriformis syndrome, SI joint dysfunction, "
                                    "IT band syndrome, plantar fasciitis, runner's knee..."),
        Column("is_question", pa.bool_(), "The comment asks something (a question mark, or a sentence opening "
                                          "as a question: 'any tips', 'does anyone'...)."),
        Column("answered_by_post_author", pa.bool_(),
               "A reply by the post's author sits somewhere beneath the comment."),
    ),
    "exercises": (
        Column("exercise_id", _STR, "Exercise id: '<post_id>-e<n>' for the body, '<comment_id>-e<n>' for a comment."),
        Column("post_id", _STR, "The post the exercise was found in."),
        Column("comment_id", _STR, "The comment it was found in; null for the post body."),
        Column("source", _STR, "'body' or 'comment'."),
        Column("name", _STR, "Canonical exercise name from the lexicon; for an exercise the lexicon lacks "
                             "(matched_by 'layout'), the name as the post writes it, lower-cased."),
        Column("mention", _STR, "The words in the text that named the exercise."),
        Column("matched_by", _STR, "How the name was recognised: 'alias' (a lexicon name or alias, any word "
                                   "order or number), 'parts' (a lexicon entry plus modifiers it does not "
                                   "distinguish, e.g. 'towel calf stretch'), 'layout' (a name line followed by "
                                   "its instructions or dose; not in the lexicon, so category and "
                                   "usual_muscles are null)."),
        Column("category", _STR,
               "strength, balance, plyometric, stretch, soft-tissue, mobility, cardio or other; null when "
               "the lexicon lacks the exercise."),
        Column("muscles", _STRS, "Target muscles the text states for this exercise (canonical names): in its "
                                 "sentence, its section or routine title, a purpose line, or the body part a "
                                 "stretch or roll names."),
        Column("usual_muscles", _STRS, "The lexicon's usual primary muscles of the exercise: knowledge, not the "
                                       "text; empty when the lexicon lacks it. Never mixed into muscles."),
        Column("equipment", _STRS, "Equipment the text names for this exercise."),
        Column("sets", pa.int32(), "Number of sets (lower bound of a range)."),
        Column("sets_max", pa.int32(), "Upper bound when sets are given as a range, else null."),
        Column("reps", pa.int32(), "Repetitions per set (lower bound of a range)."),
        Column("reps_max", pa.int32(), "Upper bound when reps are given as a range, else null."),
        Column("hold_seconds", pa.float64(), "Hold time per repetition, seconds (lower bound)."),
        Column("hold_seconds_max", pa.float64(), "Upper bound of a hold-time range, else null."),
        Column("duration_seconds", pa.float64(), "Duration of the exercise or set, seconds (lower bound)."),
        Column("duration_seconds_max", pa.float64(), "Upper bound of a duration range, else null."),
        Column("per_side", pa.bool_(), "True when the dose is per side / leg / foot; null when not stated."),
        Column("frequency", _STR, "How often: daily, every other day, 3x/week, after every run..."),
        Column("sessions_per_week", pa.float64(), "frequency as sessions a week: daily = 7, every other day = "
                                                  "3.5, 3x/week = 3, 2x/day = 14, 1x/month = 0.23 (lower bound "
                                                  "of a range); null when it is not a count ('after every run')."),
        Column("load", _STR, "External load as written, normalised: '10 lb', '5 kg', '8-16 kg', 'bodyweight'."),
        Column("load_kg", pa.float64(), "load in kilograms (lower bound of a range; pounds x 0.45359237), "
                                        "rounded to 0.001; null for 'bodyweight' and when no load is stated."),
        Column("evidence", _STR, "The sentence the dose (or, without a dose, the mention) came from; for a "
                                 "comment's exercise, the commenter's words.", personal=True),
        Column("char_start", pa.int32(), "Offset of evidence in the post's body_text or the comment's text."),
        Column("char_end", pa.int32(), "End offset (exclusive) of evidence."),
        Column("prescribed", pa.bool_(), "True when the text prescribes or reports doing it; false when it "
                                         "only names it (\"it wasn't the foam roller\", \"check out my post on lunges\")."),
        Column("position", _STR, "CERT: body position the text states (standing, side-lying, supine, prone, "
                                 "seated, quadruped, kneeling, half-kneeling), else null."),
        Column("laterality", _STR, "CERT: unilateral, bilateral or alternating, from the name or the text, else null."),
        Column("setting", _STRS, "CERT: home, clinic or gym, as the post (or comment) states it (several in the "
                                 "order stated); empty when it states none."),
        Column("prescriber", _STR, "CERT: physical therapist, doctor, coach or self, as the post (or comment) "
                                   "states who set the exercises, else null."),
        Column("progression", _STR, "CERT: the sentence that says how to progress it, else null."),
        Column("condition", _STR, "The condition the exercise is given for: that of its section (the nearest "
                                  "enclosing heading naming one of the post's conditions), else the post's first "
                                  "condition; null when the post names none."),
    ),
    "themes": (
        Column("theme_id", _STR, "'<post_id>-tNN' for a thread's theme, 'corpus-tNN' for a corpus theme; "
                                 "tNN = t00 is small talk."),
        Column("scope", _STR, "'post': themes of one comment thread; 'corpus': of all the run's comments."),
        Column("post_id", _STR, "The thread, for scope 'post'; null for 'corpus'."),
        Column("label", _STR, "Short human-readable name: a concept of lexicon/themes.json when its terms "
                              "lead the theme, else its top three terms."),
        Column("terms", _STRS, "Key terms of the theme, most telling first (multi-word terms kept whole)."),
        Column("size", pa.int32(), "Comments in the theme."),
        Column("examples", _STRS, "comment_ids of two or three representative comments, most typical first."),
    ),
    "comment_themes": (
        Column("comment_id", _STR, "The comment."),
        Column("theme_id", _STR, "A theme it belongs to (one per scope)."),
        Column("score", pa.float64(), "Share of the comment's theme weight that is this theme's, 0-1 "
                                      "(1.0 for small talk)."),
    ),
    "errors": (
        Column("source_path", _STR, "The input file."),
        Column("stage", _STR, "Stage that failed: read, clean, extract."),
        Column("severity", _STR, "'error': the input gave no post; 'warning': it gave a post with a caveat."),
        Column("error", _STR, "One line naming the file and the problem."),
    ),
}


# Tables only a run's shard parts hold: the run reads them back and never publishes them.
SHARD_ONLY: dict[str, tuple[Column, ...]] = {
    "readings": (
        Column("comment_id", _STR, "A comment of kind 'comment'."),
        Column("small_talk", pa.bool_(), "Thanks or praise, and little else to say (themes.py)."),
        Column("terms", _STRS, "Its words as the themes read them: normalised, stop words left out.", personal=True),
    ),
}
SHARD_TABLES = {**TABLES, **SHARD_ONLY}


def schema(table: str) -> pa.Schema:
    """The table's Arrow schema: each field carries its description, and the schema carries the
    pandas metadata that makes a plain ``pd.read_parquet`` give nullable ``Int64`` integers and
    ``boolean`` flags (without it, an integer column with nulls reads as float64, a flag as object)."""
    return _schema(table)


@cache
def _schema(table: str) -> pa.Schema:
    columns = SHARD_TABLES[table]
    fields = [pa.field(c.name, c.type, metadata={b"description": c.description.encode("utf-8")})
              for c in columns]
    return pa.schema(fields, metadata={b"pandas": _pandas_metadata(columns)})


def _pandas_metadata(columns: Iterable[Column]) -> bytes:
    """What pandas reads back: only the integer and boolean columns need saying (the rest read as
    they are without it).  Written as ``pa.Table.from_pandas`` would for a frame of those dtypes."""
    described = []
    for c in columns:
        if pa.types.is_integer(c.type):
            pandas_type, numpy_type = "int64", "Int64"
        elif pa.types.is_boolean(c.type):
            pandas_type, numpy_type = "bool", "boolean"
        else:
            continue
        described.append({"name": c.name, "field_name": c.name, "pandas_type": pandas_type,
                          "numpy_type": numpy_type, "metadata": None})
    return json.dumps({"index_columns": [], "column_indexes": [], "columns": described, "attributes": {},
                       "creator": {"library": "pyarrow", "version": pa.__version__},
                       "pandas_version": _pandas_version()}).encode("utf-8")


def _pandas_version() -> str:
    try:
        return version("pandas")
    except PackageNotFoundError:   # pandas is a dependency; without it, no reader needs the field
        return "0"


def precision(value: datetime) -> str:
    """'day' for a date alone (read as midnight), 'minute' for a time without seconds, else 'second'."""
    if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
        return "day"
    return "minute" if (value.second, value.microsecond) == (0, 0) else "second"


def date_fields(name: str, value: datetime | None, text: str | None, zone_of: datetime | None = None) -> dict:
    """The four date columns of ``name`` (see ``_date_columns``); ``text`` is the page's words for
    the date (the record's ``*_raw``).  A time without a zone takes the zone of ``zone_of`` (the
    post's date, for a comment) when that has a non-zero UTC offset: the page then speaks the
    site's local time; +00:00 may be the site's zone or UTC put in its place (Yoast writes UTC),
    so it is not taken."""
    if value is None:
        return {name: None, f"{name}_local": None, f"{name}_precision": None, f"{name}_text": None}
    level = precision(value)
    zoned = value
    if value.tzinfo is None and zone_of is not None and zone_of.utcoffset() not in (None, timedelta(0)):
        zoned = value.replace(tzinfo=zone_of.tzinfo)
    return {
        name: zoned.astimezone(timezone.utc) if zoned.tzinfo is not None else None,
        f"{name}_local": value.replace(tzinfo=None),
        f"{name}_precision": level,
        f"{name}_text": text,
    }


def post_row(post: CleanPost, conditions: Sequence[str] = (), condition_evidence: Sequence[str] = ()) -> dict:
    """A posts row; ``conditions`` and their evidence come from pipeline/conditions.py (shards.py)."""
    return {
        "post_id": post.post_id,
        "source_path": post.source_path,
        "url": post.url,
        "fetched_url": post.fetched_url,
        "fetched_at": None if post.fetched_at is None else (
            post.fetched_at.astimezone(timezone.utc) if post.fetched_at.tzinfo is not None
            else post.fetched_at.replace(tzinfo=timezone.utc)),
        "site": post.site,
        "platform": post.platform,
        "title": post.title,
        "author": post.author,
        **date_fields("published", post.published, post.published_raw),
        **date_fields("modified", post.modified, post.modified_raw),
        "site_name": post.site_name,
        "language": post.language,
        "categories": list(post.categories),
        "tags": list(post.tags),
        "conditions": list(conditions),
        "condition_evidence": list(condition_evidence),
        "body_text": post.body_text,
        "blocks": [
            {"kind": b.kind, "text": b.text, "start": b.start, "end": b.end, "level": b.level,
             "section": b.section, "list_id": b.list_id}
            for b in post.blocks
        ],
        "word_count": len(post.body_text.split()),
        "comment_count": sum(c.kind == "comment" for c in post.comments),
        "pingback_count": sum(c.kind != "comment" for c in post.comments),
        "comment_widget": post.comment_widget,
    }


def comment_rows(post: CleanPost, facts: Iterable[CommentFacts] = ()) -> list[dict]:
    by_id = {f.comment_id: f for f in facts}
    return [
        {
            "comment_id": c.comment_id,
            "post_id": c.post_id,
            "parent_id": c.parent_id,
            "depth": c.depth,
            "author": c.author,
            **date_fields("published", c.published, c.published_raw, zone_of=post.published),
            "is_post_author": c.is_post_author,
            "text": c.text,
            "html_id": c.html_id,
            "kind": c.kind,
            **_fact_columns(by_id.get(c.comment_id)),
        }
        for c in post.comments
    ]


def _fact_columns(facts: CommentFacts | None) -> dict:
    if facts is None:
        return {"exercises": [], "muscles": [], "equipment": [], "conditions": [], "is_question": None,
                "answered_by_post_author": None}
    return {"exercises": list(facts.exercises), "muscles": list(facts.muscles), "equipment": list(facts.equipment),
            "conditions": list(facts.conditions), "is_question": facts.is_question,
            "answered_by_post_author": facts.answered_by_post_author}


def theme_row(theme: Theme) -> dict:
    return {"theme_id": theme.theme_id, "scope": theme.scope, "post_id": theme.post_id, "label": theme.label,
            "terms": list(theme.terms), "size": theme.size, "examples": list(theme.examples)}


def comment_theme_row(assignment: ThemeAssignment) -> dict:
    return {"comment_id": assignment.comment_id, "theme_id": assignment.theme_id, "score": assignment.score}


def reading_row(comment_id: str, small_talk: bool, terms: Iterable[str]) -> dict:
    """A row of a shard's readings part (SHARD_ONLY): what the themes read of one comment."""
    return {"comment_id": comment_id, "small_talk": small_talk, "terms": list(terms)}


def exercise_row(ex: ExerciseRecord, condition: str | None = None) -> dict:
    """An exercises row; ``condition`` comes from pipeline/conditions.py (shards.py)."""
    d = ex.dose
    return {
        "exercise_id": ex.exercise_id,
        "post_id": ex.post_id,
        "comment_id": ex.comment_id,
        "source": ex.source,
        "name": ex.name,
        "mention": ex.mention,
        "matched_by": ex.matched_by,
        "category": ex.category,
        "muscles": list(ex.muscles),
        "usual_muscles": list(ex.usual_muscles),
        "equipment": list(ex.equipment),
        "sets": d.sets,
        "sets_max": d.sets_max,
        "reps": d.reps,
        "reps_max": d.reps_max,
        "hold_seconds": d.hold_seconds,
        "hold_seconds_max": d.hold_seconds_max,
        "duration_seconds": d.duration_seconds,
        "duration_seconds_max": d.duration_seconds_max,
        "per_side": d.per_side,
        "frequency": d.frequency,
        "sessions_per_week": sessions_per_week(d.frequency),
        "load": d.load,
        "load_kg": load_kg(d.load),
        "evidence": ex.evidence,
        "char_start": ex.char_start,
        "char_end": ex.char_end,
        "prescribed": ex.prescribed,
        "position": ex.position,
        "laterality": ex.laterality,
        "setting": [part.strip() for part in ex.setting.split(",") if part.strip()] if ex.setting else [],
        "prescriber": ex.prescriber,
        "progression": ex.progression,
        "condition": condition,
    }


@cache
def _units() -> dict:
    return load_normalise()


_AMOUNT = re.compile(r"^(?P<n>\d+(?:\.\d+)?)(?:-\d+(?:\.\d+)?)? (?P<unit>\w+)$")
_COUNT = re.compile(r"^(?:at least )?(?P<n>\d+(?:\.\d+)?)(?:-\d+(?:\.\d+)?)?x/(?P<period>\w+)$")


def load_kg(load: str | None) -> float | None:
    """ "10 lb" -> 4.536, "8-16 kg" -> 8.0; "bodyweight", an unknown unit or no load -> None."""
    m = _AMOUNT.match(load or "")
    factor = _units()["kg_per_load_unit"].get(m["unit"]) if m else None
    return round(float(m["n"]) * factor, 3) if factor is not None else None


def sessions_per_week(frequency: str | None) -> float | None:
    """ "daily" -> 7, "every other day" -> 3.5, "3x/week" -> 3, "2-3x/week" -> 2, "2x/day" -> 14;
    what is not a count of sessions ("after every run", "a few times/week") -> None."""
    if frequency is None:
        return None
    units = _units()
    if frequency in units["sessions_per_week_named"]:
        return float(units["sessions_per_week_named"][frequency])
    m = _COUNT.match(frequency)
    per_week = units["per_week_of_period"].get(m["period"]) if m else None
    return round(float(m["n"]) * per_week, 3) if per_week is not None else None


def error_row(err: ErrorRecord) -> dict:
    return {"source_path": err.source_path, "stage": err.stage, "severity": err.severity, "error": err.error}


# Each table's primary key and the columns that point at another table's key (Table Schema
# foreignKeys; a null points nowhere).  errors has no key: one input may fail in several ways.
KEYS: dict[str, tuple[str, ...]] = {
    "posts": ("post_id",), "comments": ("comment_id",), "exercises": ("exercise_id",),
    "themes": ("theme_id",), "comment_themes": ("comment_id", "theme_id"),
}
REFERENCES: dict[str, tuple[tuple[str, str, str], ...]] = {   # table: (column, table it points at, its column)
    "comments": (("post_id", "posts", "post_id"), ("parent_id", "comments", "comment_id")),
    "exercises": (("post_id", "posts", "post_id"), ("comment_id", "comments", "comment_id")),
    "themes": (("post_id", "posts", "post_id"),),
    "comment_themes": (("comment_id", "comments", "comment_id"), ("theme_id", "themes", "theme_id")),
}
TITLE = "blogrx: exercises, doses and comments from running and physical-therapy blog posts"
LICENSE_NOTE = ("The tables quote the posts and comments they were made from: those words remain their "
                "authors' and the sites', under the sites' own terms. blogrx's code is MIT-licensed; the "
                "tables carry no licence of their own beyond what the sources allow: check each site "
                "before sharing them.")


def table_schema_type(type_: pa.DataType) -> dict:
    """The Table Schema type of an Arrow type.  A list is "any" with the item type said in
    ``blogrx:items``: frictionless reads a parquet list as a numpy array, which its "array" type
    rejects, so "array" would fail every row of a valid table."""
    if pa.types.is_string(type_):
        return {"type": "string"}
    if pa.types.is_integer(type_):
        return {"type": "integer"}
    if pa.types.is_floating(type_):
        return {"type": "number"}
    if pa.types.is_boolean(type_):
        return {"type": "boolean"}
    if pa.types.is_timestamp(type_):
        return {"type": "datetime"}
    if pa.types.is_list(type_):
        item = type_.value_type
        items = "object" if pa.types.is_struct(item) else table_schema_type(item)["type"]
        return {"type": "any", "blogrx:items": items}
    if pa.types.is_struct(type_):
        return {"type": "object"}
    raise ValueError(f"no Table Schema type for {type_}")


def datapackage(table_names: Iterable[str] = TABLES, *, sources: Iterable[str] = (),
                created: datetime | None = None) -> dict:
    """The data dictionary, a Frictionless Data Package: every table and column with its Table
    Schema type, meaning and whether it holds personal data, the tables' keys and the references
    between them; ``sources`` are the inputs the run was given, ``created`` when it was made."""
    names = list(table_names)
    return {
        "name": "blogrx",
        "title": TITLE,
        "version": __version__,
        "created": (created or datetime.now(timezone.utc)).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "profile": "data-package",
        "description": "Made by blogrx from saved blog pages; see README.md beside this file.",
        "sources": [{"title": source, "path": source} for source in sources]
                   or [{"title": "saved blog pages given to blogrx extract"}],
        "licenses": [{"title": "The sources' own terms (see README.md)", "path": "README.md",
                      "description": LICENSE_NOTE}],
        "resources": [_resource(name, names) for name in names],
    }


def _resource(name: str, names: list[str]) -> dict:
    schema_: dict = {
        "fields": [
            {"name": c.name, **table_schema_type(c.type), "description": c.description,
             "personal_data": c.personal}
            for c in SHARD_TABLES[name]
        ],
    }
    if name in KEYS:
        schema_["primaryKey"] = list(KEYS[name])
    references = [
        {"fields": column, "reference": {"resource": "" if target == name else target, "fields": target_column}}
        for column, target, target_column in REFERENCES.get(name, ()) if target in names
    ]
    if references:
        schema_["foreignKeys"] = references
    return {"name": name, "path": f"{name}.parquet", "format": "parquet", "profile": "tabular-data-resource",
            "schema": schema_}


COPY_FORMATS = ("csv", "jsonl")


def write_copy(parquet: Path, path: Path, fmt: str) -> None:
    """Write the table in ``parquet`` again as CSV (a header row; lists and blocks as JSON, null as
    an empty cell) or JSON Lines (one object a row), one row group at a time, and sync it.  Times
    are ISO 8601 (with +00:00 for UTC ones)."""
    table = pq.ParquetFile(parquet)
    names = table.schema_arrow.names
    with open(path, "w", encoding="utf-8", newline="") as handle:
        rows = csv.writer(handle) if fmt == "csv" else None
        if rows is not None:
            rows.writerow(names)
        for group in range(table.num_row_groups):
            for row in table.read_row_group(group).to_pylist():
                if rows is not None:
                    rows.writerow([_cell(row[name]) for name in names])
                else:
                    handle.write(json.dumps(row, ensure_ascii=False, default=_json_value) + "\n")
    sync_file(path)


def _json_value(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"no JSON form for {type(value).__name__}")


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=_json_value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


class TableWriter:
    """Streams rows into row groups of parquet files; ``commit`` publishes them as one set.

    By default the tables, ``datapackage.json`` and any file given to ``add_file`` (the dataset
    card) go into a new generation of ``out_dir``, which ``commit`` publishes with one atomic
    switch (publish.py): a reader of ``out_dir`` sees the previous set or this one, never a mix.
    With ``direct`` they are written straight into ``out_dir``, a folder the caller owns and
    publishes whole (a shard's temporary folder, renamed into place when complete).

    Use as a context manager: leaving the block normally commits, leaving it through an
    exception discards what was written and keeps the previous tables.  ``tables`` names the
    tables it writes: the published ones, or SHARD_TABLES for a run's shard parts; ``sources``
    the run's inputs, named in datapackage.json; ``copies`` "csv" and/or "jsonl", each table
    written again so beside its parquet (``write_copy``), in the same set; without
    ``dictionary``, no datapackage.json (a shard's part, which only the merge reads).  A file
    system failure (a full disk...) is an ExportError naming the folder.
    """

    def __init__(self, out_dir: Path, batch_rows: int = DEFAULT_BATCH_ROWS, tables: Iterable[str] = TABLES,
                 direct: bool = False, sources: Iterable[str] = (), copies: Iterable[str] = (),
                 dictionary: bool = True) -> None:
        copies = tuple(copies)
        unknown = set(copies) - set(COPY_FORMATS)
        if unknown:
            raise ValueError(f"no such table format: {', '.join(sorted(unknown))} (csv or jsonl)")
        self.out_dir = Path(out_dir)
        self.direct = direct
        self.folder = output_folder(self.out_dir)
        if not direct:
            with self._failing("cannot start a new generation of the tables"):
                self.folder = new_generation(self.out_dir)
        self.batch_rows = batch_rows
        self.tables = tuple(tables)
        self.sources = tuple(sources)    # the inputs as the run was given them, for datapackage.json
        self.copies = tuple(copies)      # "csv" / "jsonl": each table also written so, beside its parquet
        self.dictionary = dictionary     # datapackage.json beside the tables
        self._pending: dict[str, list[dict]] = {name: [] for name in self.tables}    # rows as dicts
        self._chunks: dict[str, list[pa.Table]] = {name: [] for name in self.tables}  # rows as Arrow, in order
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._files: list[str] = []         # written into self.folder, in order
        self.counts: dict[str, int] = {name: 0 for name in self.tables}
        self._finished = False
        self._closed = False

    @contextmanager
    def _failing(self, what: str) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            raise ExportError(str(self.out_dir), f"{what} ({os_reason(exc)})") from exc

    def add(self, table: str, rows: Iterable[dict]) -> None:
        pending = self._pending[table]
        pending.extend(rows)
        if self._buffered(table) >= self.batch_rows:
            self._flush(table)

    def add_arrow(self, table: str, rows: pa.RecordBatch | pa.Table) -> None:
        """Append rows already in Arrow form (e.g. read back from another run's parts)."""
        if rows.num_rows == 0:
            return
        self._chunk_pending(table)
        chunk = rows if isinstance(rows, pa.Table) else pa.Table.from_batches([rows])
        self._chunks[table].append(chunk.select([c.name for c in SHARD_TABLES[table]]).cast(schema(table)))
        if self._buffered(table) >= self.batch_rows:
            self._flush(table)

    def add_file(self, name: str, data: bytes) -> None:
        """A file published with the tables, under ``name`` (the dataset card); call after ``finish``."""
        if name != Path(name).name or name.startswith(".") or name in self._files:
            raise ValueError(f"not a file name of its own beside the tables: {name!r}")
        with self._failing(f"cannot write {name}"):
            write_synced(self.folder / name, data)
        self._files.append(name)

    def _buffered(self, table: str) -> int:
        return len(self._pending[table]) + sum(c.num_rows for c in self._chunks[table])

    def _chunk_pending(self, table: str) -> None:
        rows = self._pending[table]
        if rows:
            self._chunks[table].append(pa.Table.from_pylist(rows, schema=schema(table)))
            rows.clear()

    def _writer(self, table: str) -> pq.ParquetWriter:
        if table not in self._writers:
            self._files.append(f"{table}.parquet")
            self._writers[table] = pq.ParquetWriter(self.folder / f"{table}.parquet", schema(table),
                                                    compression="zstd")
        return self._writers[table]

    def _flush(self, table: str) -> None:
        self._chunk_pending(table)
        chunks = self._chunks[table]
        if chunks:
            data = pa.concat_tables(chunks) if len(chunks) > 1 else chunks[0]
            with self._failing("cannot write the tables"):
                self._writer(table).write_table(data, row_group_size=max(self.batch_rows, data.num_rows))
            self.counts[table] += data.num_rows
            chunks.clear()

    def finish(self) -> dict[str, int]:
        """Write what is pending, close every table and write the data dictionary, all synced to
        the disk; nothing is published yet.  Returns the rows written per table."""
        if self._finished:
            return dict(self.counts)
        with self._failing("cannot write the tables"):
            for table in self.tables:
                self._flush(table)
                self._writer(table).close()  # an empty table is still written, with its schema
                sync_file(self.folder / f"{table}.parquet")
                for fmt in self.copies:
                    self._files.append(f"{table}.{fmt}")
                    write_copy(self.folder / f"{table}.parquet", self.folder / f"{table}.{fmt}", fmt)
            if self.dictionary:
                self._files.append("datapackage.json")
                write_synced(self.folder / "datapackage.json",
                             (json.dumps(datapackage(self.tables, sources=self.sources), indent=2) + "\n").encode("utf-8"))
        self._finished = True
        return dict(self.counts)

    def commit(self) -> dict[str, int]:
        """Finish, then publish the tables, the data dictionary and the added files together."""
        if self._closed:
            return dict(self.counts)
        try:
            counts = self.finish()
            if not self.direct:
                with self._failing("cannot publish the tables"):
                    publish(self.out_dir, self.folder)
        except BaseException:
            self.discard()
            raise
        self._closed = True
        return counts

    def discard(self) -> None:
        """Drop what this writer wrote; the tables published before stay as they were."""
        self._closed = True
        for writer in self._writers.values():
            try:
                writer.close()
            except Exception:  # closing a writer after a failed write; the file is dropped anyway
                pass
        self._writers.clear()
        if self.direct:
            for name in self._files:
                (self.folder / name).unlink(missing_ok=True)
        elif current_generation(self.out_dir) != self.folder:     # a failure after the switch keeps it
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        elif not self._closed:
            self.discard()
