"""Reading and validating the vocabularies in ``pipeline/lexicon/``.

    exercises.jsonl   one exercise a line: name, category, aliases, usual muscles and equipment,
                      optional "timing" ("hold" | "duration") and token "patterns"
    muscles.jsonl     one muscle (or region) a line: name, parent (a hierarchy), aliases
    equipment.jsonl   one piece of equipment a line: name, parent, aliases, optional "patterns"
    cues.json         words that say "this is the target" ("works the", "stretch for my"),
                      "this is an alternative", "this is a position, not an exercise"...
    dose_terms.json   numbers, units and frequency words of the dose grammar (see dose.py)
    cert.json         words for position, laterality, setting, prescriber, progression (cert.py)

Every problem is a :class:`LexiconError` naming the file and the line, e.g.
``pipeline/lexicon/exercises.jsonl: line 12: missing 'category'``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import LexiconError
from ..records import CATEGORIES
from ..data import read_json_object, read_jsonl
from .cert import CERT, CertVocabulary, load_cert
from .dose import DOSE_TERMS, DoseGrammar, Timing, load_dose_grammar
from .layout import LAYOUT, LayoutWords, load_layout_words

EXERCISES = "exercises.jsonl"
MUSCLES = "muscles.jsonl"
EQUIPMENT = "equipment.jsonl"
CUES = "cues.json"

HOLD_CATEGORIES = frozenset({"stretch", "balance"})


@dataclass(frozen=True, slots=True)
class Origin:
    path: str
    line: int

    def error(self, problem: str) -> LexiconError:
        return LexiconError(self.path, f"line {self.line}: {problem}")


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


@dataclass(frozen=True, slots=True)
class Cues:
    target_cues: frozenset[str]
    target_fillers: frozenset[str]
    target_after_cues: tuple[tuple[str, ...], ...]
    muscle_blockers_after: frozenset[str]
    alternative_openers: tuple[str, ...]
    alternative_phrases: tuple[str, ...]
    position_before: frozenset[tuple[str, str]]
    position_after: frozenset[str]
    anchor_verbs: frozenset[str]
    anchor_prepositions: frozenset[str]
    routine_cues: tuple[str, ...]
    alternative_re: re.Pattern[str]
    alternative_phrase_re: re.Pattern[str]
    clause_breaks: frozenset[str]
    routine_re: re.Pattern[str]
    routine_statement_re: re.Pattern[str]            # "perform each exercise for 20 seconds": doses all after it
    routine_frequency_re: re.Pattern[str]            # "do them once a day": how often, for every exercise after it
    routine_backward_re: re.Pattern[str]             # "do the programme four days a week": also for those before it
    abbreviations: tuple[str, ...]                   # "ie.", "eg.": one token, no sentence ends at its stop
    progression_dose_re: re.Pattern[str]             # "when that gets easy, hold a 10 lb dumbbell": not today's dose
    position_before_word: frozenset[str]             # "From low lunge, ...": a position
    mention_cues: tuple[tuple[str, ...], ...]        # "not", "n't", "instead of": named, not done
    mention_cue_exceptions_after: frozenset[str]     # "don't forget", "never skip": still done
    reference_re: re.Pattern[str]                    # "check out this post": a pointer elsewhere
    combination_links: tuple[tuple[str, ...], ...]   # "lunge into a hop": the hop is part of the lunge
    verb_uses: dict[str, frozenset[str]]             # "push up onto the toe": a verb, not the exercise
    each_not_distributive_before: frozenset[str]     # "30 seconds each side" is per side, not "each exercise"
    count_blockers_before: frozenset[str]            # "day 2 squats": not 2 reps
    equipment_blockers_after: dict[str, frozenset[str]]   # "balls of your feet", "table top": no equipment
    warm_up_re: re.Pattern[str]                      # "warm up on the bike": a sport as part of a routine
    stretch_verbs: frozenset[str]                    # "Stretch: your hamstrings", "stretch out the hip flexors"
    stretch_noun_before: frozenset[str]              # "a stretch", "the stretch": a noun, naming no stretch


@dataclass(frozen=True, slots=True)
class Lexicon:
    directory: Path
    exercises: dict[str, ExerciseEntry]
    muscles: dict[str, TermEntry]
    equipment: dict[str, TermEntry]
    cues: Cues
    grammar: DoseGrammar
    cert: CertVocabulary
    layout: LayoutWords
    generic: dict[str, ExerciseEntry] = field(default_factory=dict)   # derived names (names.NameIndex)

    def exercise(self, name: str) -> ExerciseEntry:
        """The entry of a canonical or generic name; for a name the vocabulary lacks, an open
        entry: kept as written, its category and usual muscles null."""
        entry = self.exercises.get(name) or self.generic.get(name)
        if entry is not None:
            return entry
        return ExerciseEntry(name, None, (), (), (), self.layout.timing(name), (),  # type: ignore[arg-type]
                             Origin(str(self.directory / LAYOUT), 0), True)

    def ancestors(self, table: dict[str, TermEntry], name: str) -> tuple[str, ...]:
        out: list[str] = []
        parent = table[name].parent
        while parent is not None:
            out.append(parent)
            parent = table[parent].parent
        return tuple(out)

    def sizes(self) -> dict[str, int]:
        def aliases(table: dict[str, Any]) -> int:
            return sum(len(e.aliases) + len(e.patterns) for e in table.values())

        return {
            "exercises": len(self.exercises), "exercise_aliases": aliases(self.exercises),
            "muscles": len(self.muscles), "muscle_aliases": aliases(self.muscles),
            "equipment": len(self.equipment), "equipment_aliases": aliases(self.equipment),
        }


# -- reading ---------------------------------------------------------------------------------
def _read_jsonl(path: Path) -> list[tuple[Origin, dict[str, Any]]]:
    rows = [(Origin(str(path), number), row) for number, row in read_jsonl(path)]
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


def _load_terms(path: Path, what: str, with_patterns: bool) -> dict[str, TermEntry]:
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


def _load_exercises(path: Path, muscles: dict[str, TermEntry],
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


def _words_re(phrases: tuple[str, ...], anchored: bool) -> re.Pattern[str]:
    body = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile((r"^\W*(?:" if anchored else r"\b(?:") + body + r")\b", re.IGNORECASE)


def _load_cues(path: Path) -> Cues:
    raw = read_json_object(path)
    lists = ("target_cues", "target_fillers", "target_after_cues", "muscle_blockers_after",
             "alternative_openers", "alternative_phrases", "position_after", "anchor_verbs",
             "anchor_prepositions", "routine_cues", "clause_breaks", "mention_cues",
             "mention_cue_exceptions_after", "reference_cues", "combination_links", "count_blockers_before", "routine_statement_cues",
             "progression_dose_cues", "position_before_word", "routine_frequency_cues",
             "each_not_distributive_before", "routine_backward_cues", "abbreviations", "warm_up_cues",
             "stretch_verbs", "stretch_noun_before")
    for key in (*lists, "position_before", "verb_uses", "equipment_blockers_after"):
        if key not in raw:
            raise LexiconError(str(path), f"missing key {key!r}")
    for key in lists:
        if not isinstance(raw[key], list) or not all(isinstance(w, str) and w.strip() for w in raw[key]):
            raise LexiconError(str(path), f"{key!r} must be a list of non-empty strings")
    pairs = raw["position_before"]
    if not isinstance(pairs, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(w, str) for w in p) for p in pairs
    ):
        raise LexiconError(str(path), "'position_before' must be a list of two-word lists")
    verbs = raw["verb_uses"]
    if not isinstance(verbs, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and v and all(isinstance(w, str) and w.strip() for w in v)
        for k, v in verbs.items()
    ):
        raise LexiconError(str(path), "'verb_uses' must map a mention to a non-empty list of following words")
    for key in ("verb_uses", "equipment_blockers_after"):
        value = raw[key]
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, list) and v and all(isinstance(w, str) and w.strip() for w in v)
            for k, v in value.items()
        ):
            raise LexiconError(str(path), f"{key!r} must map a word to a non-empty list of following words")
    unknown = sorted(set(raw) - set(lists) - {"position_before", "verb_uses", "equipment_blockers_after"})
    if unknown:
        raise LexiconError(str(path), f"unknown key {unknown[0]!r}")

    def low(key: str) -> tuple[str, ...]:
        return tuple(w.lower().strip() for w in raw[key])

    return Cues(
        target_cues=frozenset(low("target_cues")), target_fillers=frozenset(low("target_fillers")),
        target_after_cues=tuple(tuple(w.split()) for w in low("target_after_cues")),
        muscle_blockers_after=frozenset(low("muscle_blockers_after")),
        alternative_openers=low("alternative_openers"), alternative_phrases=low("alternative_phrases"),
        position_before=frozenset((a.lower(), b.lower()) for a, b in pairs),
        position_after=frozenset(low("position_after")), anchor_verbs=frozenset(low("anchor_verbs")),
        anchor_prepositions=frozenset(low("anchor_prepositions")), routine_cues=low("routine_cues"),
        alternative_re=_words_re(low("alternative_openers"), anchored=True),
        alternative_phrase_re=_words_re(low("alternative_phrases"), anchored=False),
        clause_breaks=frozenset(low("clause_breaks")),
        routine_re=_words_re(low("routine_cues"), anchored=False),
        routine_statement_re=_words_re(low("routine_statement_cues"), anchored=False),
        routine_frequency_re=_words_re(low("routine_frequency_cues"), anchored=False),
        routine_backward_re=_words_re(low("routine_backward_cues"), anchored=False),
        abbreviations=tuple(low("abbreviations")),
        progression_dose_re=_words_re(low("progression_dose_cues"), anchored=False),
        position_before_word=frozenset(low("position_before_word")),
        mention_cues=tuple(tuple(w.split()) for w in low("mention_cues")),
        mention_cue_exceptions_after=frozenset(low("mention_cue_exceptions_after")),
        reference_re=_words_re(low("reference_cues"), anchored=False),
        combination_links=tuple(tuple(w.split()) for w in low("combination_links")),
        verb_uses={k.lower(): frozenset(w.lower() for w in v) for k, v in verbs.items()},
        count_blockers_before=frozenset(low("count_blockers_before")),
        each_not_distributive_before=frozenset(low("each_not_distributive_before")),
        equipment_blockers_after={k.lower(): frozenset(w.lower() for w in v)
                                  for k, v in raw["equipment_blockers_after"].items()},
        warm_up_re=_words_re(low("warm_up_cues"), anchored=False),
        stretch_verbs=frozenset(low("stretch_verbs")), stretch_noun_before=frozenset(low("stretch_noun_before")),
    )


def load_lexicon(directory: Path) -> Lexicon:
    """Read every vocabulary file of ``directory`` and check that they agree with each other."""
    muscles = _load_terms(directory / MUSCLES, "muscle", with_patterns=False)
    equipment = _load_terms(directory / EQUIPMENT, "equipment", with_patterns=True)
    exercises = _load_exercises(directory / EXERCISES, muscles, equipment)
    cues = _load_cues(directory / CUES)
    grammar = load_dose_grammar(directory / DOSE_TERMS)
    return Lexicon(directory, exercises, muscles, equipment, cues, grammar, load_cert(directory / CERT),
                   load_layout_words(directory / LAYOUT))


# -- the forms a ruler matches ------------------------------------------------------------------
_ES_ENDINGS = ("s", "x", "z", "ch", "sh")


def plural(word: str) -> str:
    if word.endswith(_ES_ENDINGS):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def variants(alias: str) -> set[str]:
    """The alias as written, with spaces for hyphens (not "A-skip" -> "A skip"), and in the plural."""
    out = {alias}
    parts = alias.split("-")
    if len(parts) > 1 and all(len(p) > 1 for p in parts):
        out.add(alias.replace("-", " "))
    for form in list(out):
        head, _, last = form.rpartition(" ")
        if last[-1:].isalpha() and (not last.endswith("s") or last.endswith("ss")):   # "press" -> "presses"
            out.add(f"{head} {plural(last)}".strip())
    return out


def table(lexicon: Lexicon, key: str) -> dict[str, Any]:
    """A vocabulary of the lexicon by its key: "exercise", "muscle" or "equipment"."""
    return {"exercise": lexicon.exercises, "muscle": lexicon.muscles, "equipment": lexicon.equipment}[key]


def phrase_forms(entry: Any) -> Iterator[str]:
    """Every phrase the ruler matches for an entry: its name (unless ``match_name`` is false)
    and its aliases, each in all its variants."""
    names = (entry.name,) if getattr(entry, "match_name", True) else ()
    for alias in (*names, *entry.aliases):
        yield from variants(alias)
