"""The exercise, muscle and equipment vocabularies: entries read and checked, and the forms a name is matched in.

    exercises.jsonl   one exercise a line: name, category, aliases, usual muscles and equipment,
                      optional "timing" ("hold" | "duration") and token "patterns"
    muscles.jsonl     one muscle (or region) a line: name, parent (a hierarchy), aliases
    equipment.jsonl   one piece of equipment a line: name, parent, aliases, optional "patterns"

Every problem is a :class:`LexiconError` naming the file and the line, e.g.
``pipeline/lexicon/exercises.jsonl: line 12: missing 'category'``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import LexiconError
from ..records import CATEGORIES
from .files import Origin, read_jsonl

__all__ = ["EXERCISES", "MUSCLES", "EQUIPMENT", "Timing", "ExerciseEntry", "TermEntry", "load_terms",
           "load_exercises", "Entries", "load_entries", "alias_key", "plural", "variants", "phrase_forms"]

EXERCISES = "exercises.jsonl"
MUSCLES = "muscles.jsonl"
EQUIPMENT = "equipment.jsonl"

Timing = Literal["hold", "duration"]   # what an unqualified time means for an exercise

HOLD_CATEGORIES = frozenset({"stretch", "balance"})


@dataclass(frozen=True, slots=True)
class ExerciseEntry:
    name: str
    category: str | None           # None for a name the vocabulary lacks (see names.open_entry)
    aliases: tuple[str, ...]
    muscles: tuple[str, ...]       # usual primary muscles: reference only, never copied to ``muscles``
    equipment: tuple[str, ...]     # typical equipment: a name like "foam rolling" may state it
    timing: Timing                 # what an unqualified time means: a hold or a duration
    patterns: tuple[list[dict[str, Any]], ...]
    origin: Origin
    match_name: bool = True        # False when the name alone is a common word ("crunch": food has it too)
    source: str | None = None      # where an imported name came from ("free-exercise-db"); None if hand-written
    session: bool = False          # a whole sport session (a ride, a swim): prescribed only with a dose of its own


@dataclass(frozen=True, slots=True)
class TermEntry:
    """A muscle or a piece of equipment: a node of a hierarchy."""

    name: str
    parent: str | None
    aliases: tuple[str, ...]
    patterns: tuple[list[dict[str, Any]], ...]
    origin: Origin
    match_name: bool = True    # False when the name alone is too common a word ("step")
    region: bool = False       # a region ("hip", "thigh"), not a muscle: never a stated target



# -- reading ---------------------------------------------------------------------------------
def _read_jsonl(path: Path) -> list[tuple[Origin, dict[str, Any]]]:
    rows = read_jsonl(path)
    if not rows:
        raise LexiconError(str(path), "no entries")
    return rows


def _text(origin: Origin, row: dict[str, Any], key: str) -> str:
    if key not in row:
        raise origin.error(f"missing {key!r}")
    value = row[key]
    if not isinstance(value, str) or not value.strip():
        raise origin.error(f"{key!r} must be a non-empty string")
    return value.strip()


def _texts(origin: Origin, row: dict[str, Any], key: str, required: bool = True) -> tuple[str, ...]:
    if key not in row:
        if required:
            raise origin.error(f"missing {key!r}")
        return ()
    value = row[key]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise origin.error(f"{key!r} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _patterns(origin: Origin, row: dict[str, Any]) -> tuple[list[dict[str, Any]], ...]:
    value = row.get("patterns", [])
    if not isinstance(value, list) or not all(
        isinstance(p, list) and p and all(isinstance(t, dict) for t in p) for p in value
    ):
        raise origin.error("'patterns' must be a list of token patterns (non-empty lists of objects)")
    return tuple(value)


def _flag(origin: Origin, row: dict[str, Any], key: str, default: bool = False) -> bool:
    value = row.get(key, default)
    if not isinstance(value, bool):
        raise origin.error(f"{key!r} must be true or false")
    return value


def _source(origin: Origin, row: dict[str, Any]) -> str | None:
    value = row.get("source")
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise origin.error("'source' must be a non-empty string")
    return value


def _unknown_keys(origin: Origin, row: dict[str, Any], allowed: set[str]) -> None:
    extra = sorted(set(row) - allowed)
    if extra:
        raise origin.error(f"unknown key {extra[0]!r} (allowed: {', '.join(sorted(allowed))})")


def alias_key(alias: str) -> str:
    """How two aliases are compared for duplicates: case, hyphens and spacing do not count."""
    return " ".join(alias.lower().replace("-", " ").replace("\u2019", "'").split())


def _check_aliases(entries: list[tuple[Origin, str, tuple[str, ...]]], what: str) -> None:
    seen: dict[str, tuple[str, Origin]] = {}
    for origin, name, aliases in entries:
        for alias in (name, *aliases):
            key = alias_key(alias)
            if key in seen and seen[key][0] != name:
                other, first = seen[key]
                raise origin.error(
                    f"{what} alias {alias!r} of {name!r} is already an alias of {other!r} (line {first.line})"
                )
            seen.setdefault(key, (name, origin))


def load_terms(path: Path, what: str, with_patterns: bool) -> dict[str, TermEntry]:
    table: dict[str, TermEntry] = {}
    allowed = {"name", "parent", "aliases", "match_name"} | ({"patterns"} if with_patterns else {"region"})
    for origin, row in _read_jsonl(path):
        _unknown_keys(origin, row, allowed)
        name = _text(origin, row, "name")
        if "parent" not in row:
            raise origin.error("missing 'parent' (null for a top-level entry)")
        parent = row["parent"]
        if parent is not None and (not isinstance(parent, str) or not parent.strip()):
            raise origin.error("'parent' must be a name or null")
        if name in table:
            raise origin.error(f"duplicate {what} {name!r} (first on line {table[name].origin.line})")
        table[name] = TermEntry(name, parent, _texts(origin, row, "aliases"),
                                _patterns(origin, row) if with_patterns else (), origin,
                                _flag(origin, row, "match_name", True), _flag(origin, row, "region"))
    for entry in table.values():
        seen = {entry.name}
        parent = entry.parent
        while parent is not None:
            if parent not in table:
                raise entry.origin.error(f"parent {parent!r} of {entry.name!r} is not a {what} in this file")
            if parent in seen:
                raise entry.origin.error(f"{what} hierarchy has a cycle through {parent!r}")
            seen.add(parent)
            parent = table[parent].parent
    _check_aliases([(e.origin, e.name, e.aliases) for e in table.values()], what)
    return table


def load_exercises(path: Path, muscles: dict[str, TermEntry],
                    equipment: dict[str, TermEntry]) -> dict[str, ExerciseEntry]:
    table: dict[str, ExerciseEntry] = {}
    allowed = {"name", "category", "aliases", "muscles", "equipment", "timing", "patterns", "source", "match_name",
               "session"}
    for origin, row in _read_jsonl(path):
        _unknown_keys(origin, row, allowed)
        name = _text(origin, row, "name")
        category = _text(origin, row, "category")
        if category not in CATEGORIES:
            raise origin.error(f"category {category!r} of {name!r} is not one of {', '.join(CATEGORIES)}")
        for key, known in (("muscles", muscles), ("equipment", equipment)):
            for item in _texts(origin, row, key, required=False):
                if item not in known:
                    raise origin.error(f"{key} {item!r} of {name!r} is not a name in {key}.jsonl")
        timing = row.get("timing", "hold" if category in HOLD_CATEGORIES else "duration")
        if timing not in ("hold", "duration"):
            raise origin.error(f"'timing' must be \"hold\" or \"duration\", got {timing!r}")
        if name in table:
            raise origin.error(f"duplicate exercise {name!r} (first on line {table[name].origin.line})")
        table[name] = ExerciseEntry(
            name, category, _texts(origin, row, "aliases"), _texts(origin, row, "muscles", required=False),
            _texts(origin, row, "equipment", required=False), timing, _patterns(origin, row), origin,
            _flag(origin, row, "match_name", True), _source(origin, row), _flag(origin, row, "session"),
        )
    _check_aliases([(e.origin, e.name, e.aliases) for e in table.values()], "exercise")
    return table


# -- the forms a ruler matches ------------------------------------------------------------------
_ES_ENDINGS = ("s", "x", "z", "ch", "sh")


def plural(word: str) -> str:
    if word.endswith(_ES_ENDINGS):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def variants(alias: str) -> set[str]:
    """The alias as written, with spaces for hyphens (not "A-skip" -> "A skip"), with a hyphen for
    its last space ("band pull apart" as "band pull-apart"), and in the plural."""
    out = {alias}
    parts = alias.split("-")
    if len(parts) > 1 and all(len(p) > 1 for p in parts):
        out.add(alias.replace("-", " "))
    for form in list(out):
        head, _, last = form.rpartition(" ")
        if head[-1:].isalpha() and last[:1].isalpha():
            out.add(f"{head}-{last}")
    for form in list(out):
        head, _, last = form.rpartition(" ")
        if last[-1:].isalpha() and (not last.endswith("s") or last.endswith("ss")):   # "press" -> "presses"
            out.add(f"{head} {plural(last)}".strip())
    return out


def phrase_forms(entry: Any) -> Iterator[str]:
    """Every phrase the ruler matches for an entry: its name (unless ``match_name`` is false)
    and its aliases, each in all its variants."""
    names = (entry.name,) if getattr(entry, "match_name", True) else ()
    for alias in (*names, *entry.aliases):
        yield from variants(alias)


@dataclass(frozen=True, slots=True)
class Entries:
    """The three vocabularies of one lexicon folder, checked against each other."""

    exercises: dict[str, ExerciseEntry]
    muscles: dict[str, TermEntry]
    equipment: dict[str, TermEntry]


def load_entries(directory: Path) -> Entries:
    """Read ``muscles.jsonl``, ``equipment.jsonl`` and ``exercises.jsonl`` of ``directory``; an
    exercise may name only muscles and equipment of the other two."""
    muscles = load_terms(directory / MUSCLES, "muscle", with_patterns=False)
    equipment = load_terms(directory / EQUIPMENT, "equipment", with_patterns=True)
    return Entries(load_exercises(directory / EXERCISES, muscles, equipment), muscles, equipment)
