"""The dose grammar: one sentence of text -> the sets, reps, times, side, frequency and load it states.

    "2 sets of 15 with a 5 second hold"   -> sets 2, reps 15, hold 5 s
    "3x10", "3 x 10 reps"                 -> sets 3, reps 10
    "12 x 3 each leg", "12X2 ball pass"   -> reps 12, sets 3 (a rep count first, the small set count after)
    "2-3 sets of 12-15 reps per leg"      -> sets 2..3, reps 12..15, per side
    "Hold each 2 seconds x 10 times x 3 sets" -> hold 2 s, reps 10, sets 3
    "10 times clockwise, 10 anticlockwise" -> reps 10, per side (a count for one direction)
    "3 x 5 @ 40lbs", "95#"                -> load "40 lb", "95 lb"
    "twice daily", "2 or 3 times a week"  -> "2x/day", "2-3x/week"

How it is built.  The words (numbers, units, set and rep words, frequency phrases, side phrases)
come from ``pipeline/lexicon/dose_terms.json``; this module only knows how they combine.  The
grammar is one table of :class:`Rule` entries (:func:`build_rules`), in the manner of spaCy's span
ruler: each entry names a rule, builds its pattern from the words, lists the word groups a
sentence must hold for the pattern to have any chance (``needs``), and says what a match sets
(``read``).  The matching code (:meth:`DoseGrammar.scan`, :meth:`DoseGrammar.phrases`) knows no
rule by name.

Rules run in table order, from the most specific to the least, and each match blanks out the
characters it used, so "3 sets of 30 second holds" is read once, as sets and a hold, and never
again as "30" reps.  A reader answers one of three ways: ``None`` (not this rule's dose: the
characters stay for later rules), an empty reading (the words are used but state no dose, as in
"rest 30 seconds": blanked, nothing recorded), or the fields it sets.  After the table, the
*marks* (per side, per direction) are read on the whole sentence without consuming it.

Two fast paths stand beside the rules, each promising only "the rules would find nothing here":
:meth:`DoseGrammar.may_hold_a_dose` (no digit and no word any rule or mark starts with) and each
rule's ``needs`` (a substring test of the case-folded sentence).  Both are tested against the
rules run without them.

A time the text does not call a hold ("for 5 seconds") is left open by :meth:`DoseGrammar.scan`;
:meth:`DoseParts.to_dose` makes it a hold or a duration according to the exercise (a stretch is
held, a heel walk lasts).  :func:`parse_dose` does both for one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..lexicon import LEXICON_DIR, Timing, locating, read_json_object
from ..lexicon import alternation as _alternation
from ..errors import LexiconError
from ..records import Dose

PER_REP_HOLD_MAX = 10.0   # seconds: a time this short beside reps is a hold per rep, not the set's length
# "12 x 3", "10x2": a count this large before a count this small is reps before sets; sets are few,
# and "3x10" (the usual order) keeps its sets first.
REPS_FIRST_MIN = 8
SETS_AFTER_REPS_MAX = 5
DOSE_TERMS = "dose_terms.json"

# One character -> one character, so that offsets in the normalised text are offsets in the input.
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"\w+")
_NORMALISE = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00d7": "x", "\u2019": "'", "\u2033": '"',
                            "\u201d": '"'})

_REQUIRED_TERMS: dict[str, type] = {
    "numbers": dict, "article_numbers": list, "multipliers": dict, "set_words": list,
    "rep_words": list, "rep_qualifiers": list, "time_units": dict, "hold_words": list, "hold_objects": list, "time_qualifiers": list,
    "distance_units": list, "side_words": list, "side_quantifiers": list, "side_abbreviations": list,
    "direction_words": list, "way_words": list, "one_direction_phrases": list, "direction_adverbs": list, "load_units": dict, "bodyweight_words": list, "frequency_phrases": dict,
    "frequency_adverbs": dict, "frequency_counts": list, "frequency_links": list, "frequency_periods": dict,
    "daily_forms": list, "rest_words": list, "tempo_words_after": list, "tempo_words_before": list, "per_side_phrases": list,
    "frequency_adjective_nouns": list, "per_period_blockers": list, "decade_words": list, "clock_blockers": list, "repeat_distances": list, "whole_routine_nouns": list, "media_nouns": list, "whole_time_words": list, "whole_time_verbs": list,
    "session_timing_words": dict, "session_determiners": list, "session_story_determiners": list,
    "session_words": dict, "session_qualifiers": list, "example_leads": list, "frequency_vague_counts": dict,
}

Reading = dict[str, Any]
"""What one match sets: any of sets, sets_max, reps, reps_max, time, time_max, hold, per_side,
frequency, load.  Empty: the words were used but state no dose."""


@dataclass(frozen=True, slots=True)
class DoseParts:
    """What one sentence states, before the exercise decides whether a time is a hold."""

    sets: int | None = None
    sets_max: int | None = None
    reps: int | None = None
    reps_max: int | None = None
    time: float | None = None
    time_max: float | None = None
    time_is_hold: bool = False
    per_side: bool | None = None
    frequency: str | None = None
    load: str | None = None
    start: int | None = None      # offset of the first dose phrase in the sentence
    end: int | None = None        # end of the phrase (set by DoseGrammar.phrases)

    def has_volume(self) -> bool:
        """True when the sentence says how much: sets, reps or a time."""
        return self.sets is not None or self.reps is not None or self.time is not None

    def is_empty(self) -> bool:
        return not self.has_volume() and self.per_side is None and self.frequency is None and self.load is None

    def to_dose(self, timing: Timing = "duration") -> Dose:
        # a few seconds beside a rep count are held each rep: "5 reps / 5 seconds", "10 reps, 3 s each"
        per_rep = self.reps is not None and self.time is not None and self.time <= PER_REP_HOLD_MAX
        hold = self.time_is_hold or timing == "hold" or per_rep
        return Dose(
            sets=self.sets, sets_max=self.sets_max, reps=self.reps, reps_max=self.reps_max,
            hold_seconds=self.time if hold else None, hold_seconds_max=self.time_max if hold else None,
            duration_seconds=None if hold else self.time,
            duration_seconds_max=None if hold else self.time_max,
            per_side=self.per_side, frequency=self.frequency, load=self.load,
        )


def _parts(got: Mapping[str, Any], start: int | None, end: int | None) -> DoseParts:
    return DoseParts(
        sets=got.get("sets"), sets_max=got.get("sets_max"), reps=got.get("reps"),
        reps_max=got.get("reps_max"), time=got.get("time"), time_max=got.get("time_max"),
        time_is_hold=bool(got.get("hold")), per_side=got.get("per_side"),
        frequency=got.get("frequency"), load=got.get("load"), start=start, end=end,
    )



def _fold(text: str) -> str:
    """The text as IGNORECASE regexes see it, for substring tests of ASCII words: case-folded
    ("ſ" and the Kelvin sign fold to "s" and "k"), and the dotless "ı" that matches "i" made one."""
    return text.casefold().replace("\u0131", "i")


def _needs(groups: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    """A rule's word groups, folded; a group holding a word that is not plain ASCII is left out
    (how a regex folds other scripts is not a substring question), so it never skips a rule."""
    def minimal(words: list[str]) -> tuple[str, ...]:    # "sec" holds for "secs" and "seconds"
        folded = {_fold(w) for w in words}
        return tuple(sorted(w for w in folded if not any(o != w and o in w for o in folded)))

    return tuple(minimal(words) for words in groups if all(w.isascii() for w in words))


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# -- the words, folded once -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Words:
    """The values behind the words of ``dose_terms.json``, folded for lookup, and the few
    context patterns readers consult around a match (rest and tempo words)."""

    numbers: Mapping[str, int]
    articles: frozenset[str]
    multipliers: Mapping[str, int]
    time_units: Mapping[str, int]
    load_units: Mapping[str, str]
    frequency_phrases: Mapping[str, str]
    frequency_adverbs: Mapping[str, str]
    session_timing: Mapping[str, str]
    story_determiners: frozenset[str]
    vague_counts: Mapping[str, str]
    sessions: Mapping[str, str]
    periods: Mapping[str, str]
    daily_forms: frozenset[str]
    period_blockers: frozenset[str]
    decade_words: frozenset[str]
    repeat_distances: frozenset[float]
    distance_units: frozenset[str]
    clock_blockers: frozenset[str]
    rest_before: re.Pattern[str]
    rest_after: re.Pattern[str]
    tempo_after: re.Pattern[str]
    tempo_before: re.Pattern[str]
    routine_after: re.Pattern[str]
    total_after: re.Pattern[str]
    total_before: re.Pattern[str]

    def value(self, text: str | None) -> float | None:
        if text is None:
            return None
        text = _fold(text)
        if text in self.numbers:
            return float(self.numbers[text])
        words = _JOIN.split(text)
        if len(words) == 2 and words[0] in self.numbers and words[1] in self.numbers:
            return float(self.numbers[words[0]] + self.numbers[words[1]])     # "twenty five"
        return float(text.replace(",", "").rstrip("+"))

    def count(self, m: re.Match[str], name: str) -> tuple[int | None, int | None]:
        """The whole number of group ``name`` and, when larger, of ``name_max``."""
        lo = self.value(m.group(name))
        hi = self.value(m.group(f"{name}_max")) if f"{name}_max" in m.re.groupindex else None
        lo_i = int(lo) if lo is not None else None
        hi_i = int(hi) if hi is not None and lo is not None and hi > lo else None
        return lo_i, hi_i

    def time(self, m: re.Match[str]) -> Reading:
        """Group ``t`` (and ``t_max``) in the unit of group ``unit``, in seconds."""
        scale = self.time_units[_fold(m.group("unit"))]
        lo, hi = self.value(m.group("t")), self.value(m.groupdict().get("t_max"))
        got: Reading = {"time": lo * scale} if lo is not None else {}
        if hi is not None and lo is not None and hi > lo:
            got["time_max"] = hi * scale
        return got

    def not_a_dose_time(self, m: re.Match[str]) -> bool:
        """A rest ("rest 30 seconds", "10-secs recovery"), a tempo ("3 seconds up", "lower for 3 seconds"), or the length of
        a whole routine ("Three minute mountain legs routine", "a 20-minute workout", "about ten
        minutes in total", "it takes about ten minutes"), or of something that is no exercise ("7 min
        read", "a 3 minute video": ``media_nouns``)."""
        before = m.string[max(0, m.start() - 20):m.start()]
        after = m.string[m.end():m.end() + 40]
        return bool(self.rest_before.search(before) or self.rest_after.match(after) or self.tempo_after.match(after)
                    or self.tempo_before.search(before)
                    or self.routine_after.match(after)
                    or (self.total_after.match(after) is not None and not m.groupdict().get("hp"))
                    or self.total_before.search(before) is not None)


def _words(terms: dict[str, Any]) -> Words:
    rest = _alternation(terms["rest_words"])
    return Words(
        numbers={_fold(k): int(v) for k, v in terms["numbers"].items()},
        articles=frozenset(_fold(a) for a in terms["article_numbers"]),
        multipliers={_fold(k): int(v) for k, v in terms["multipliers"].items()},
        time_units={_fold(k): int(v) for k, v in terms["time_units"].items()},
        load_units={_fold(k): v for k, v in terms["load_units"].items()},
        frequency_phrases={_fold(k): v for k, v in terms["frequency_phrases"].items()},
        frequency_adverbs={_fold(k): v for k, v in terms["frequency_adverbs"].items()},
        session_timing={_fold(k): v for k, v in terms["session_timing_words"].items()},
        story_determiners=frozenset(_fold(w) for w in terms["session_story_determiners"]),
        vague_counts={_fold(k): v for k, v in terms["frequency_vague_counts"].items()},
        sessions={_fold(k): v for k, v in terms["session_words"].items()},
        periods={_fold(k): v for k, v in terms["frequency_periods"].items()},
        daily_forms=frozenset(_fold(f) for f in terms["daily_forms"]),
        period_blockers=frozenset(_fold(w) for w in terms["per_period_blockers"]),
        decade_words=frozenset(_fold(w) for w in terms["decade_words"]),
        repeat_distances=frozenset(float(n) for n in terms["repeat_distances"]),
        distance_units=frozenset(_fold(w) for w in terms["distance_units"]),
        clock_blockers=frozenset(_fold(w) for w in terms["clock_blockers"]),
        rest_before=re.compile(rf"\b(?:{rest})\b[\s\w-]{{0,6}}$", re.IGNORECASE),
        rest_after=re.compile(rf"^[\s-]*(?:{rest})\b", re.IGNORECASE),
        tempo_after=re.compile(rf"^\s+(?:{_alternation(terms['tempo_words_after'])})\b", re.IGNORECASE),
        tempo_before=re.compile(rf"\b(?:{_alternation(terms['tempo_words_before'])})\s+(?:slowly\s+)?(?:for|over)\s+$",
                                re.IGNORECASE),
        routine_after=re.compile(rf"^[\s-]*(?:(?!(?:per|each|every|a|for|in)\b)[A-Za-z’']+[\s-]+){{0,3}}?"
                                 rf"(?:{_alternation(terms['whole_routine_nouns'] + terms['media_nouns'])})\b",
                                 re.IGNORECASE),
        total_after=re.compile(rf"^[\s,]*(?:{_alternation(terms['whole_time_words'])})\b", re.IGNORECASE),
        total_before=re.compile(rf"\b(?:{_alternation(terms['whole_time_verbs'])})\s+(?:(?:{_alternation(terms['time_qualifiers'])})\s+)?$",
                                re.IGNORECASE),   # "The whole thing takes about ten minutes"
    )


# -- what each rule sets ----------------------------------------------------------------------
# A reader gets the words, the match, and what the sentence has stated so far (empty when the
# phrases are read one by one); it returns None (not this rule's dose), {} (used, no dose) or
# the fields the match sets.

Reader = Callable[[Words, "re.Match[str]", Mapping[str, Any]], "Reading | None"]


def _count_text(lo: int | None, hi: int | None) -> str:
    """ "2", or "2-3" for a range """
    return f"{lo}-{hi}" if hi is not None else f"{lo}"


def _frequency(w: Words, count: str, period: str) -> Reading:
    value = f"{count}x/{period}"
    return {"frequency": "daily" if value in w.daily_forms else value}


def read_frequency_count(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "3 times a week", "2-3x per week", "two sessions per day" """
    return _frequency(w, _count_text(*w.count(m, "n")), w.periods[_fold(m["period"])])


def read_frequency_vague(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "a couple of times a week" -> 2x/week; "a few times a week" -> "a few times/week" """
    count = w.vague_counts[_fold(re.sub(r"\s+", " ", m["vague"]))]
    period = w.periods[_fold(m["period"])]
    return _frequency(w, count, period) if count.isdigit() else {"frequency": f"{count} times/{period}"}


def read_nothing(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """A phrase that reads like a dose and says none: consumed, nothing set."""
    return {}


def read_frequency_multiplier(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "twice a day", "once a week" """
    return _frequency(w, f"{w.multipliers[_fold(m['mult'])]}", w.periods[_fold(m["period"])])


def read_frequency_adverb(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "twice daily", "3 times weekly" """
    count = f"{w.multipliers[_fold(m['mult'])]}" if m["mult"] else _count_text(*w.count(m, "n"))
    return _frequency(w, count, w.frequency_adverbs[_fold(m["adverb"])])


def read_frequency_phrase(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "every other day", "after every run", "daily" """
    return {"frequency": w.frequency_phrases[_fold(m["phrase"])]}


def read_session_timing(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "post-run", "after a run", "before your workout", "after my runs" -> "after every run";
    not "after my run" (that one run, a story) """
    what = _fold(m["what"])
    if m["det"] and _fold(m["det"]) in w.story_determiners and not what.endswith("s"):
        return None
    return {"frequency": f"{w.session_timing[_fold(m['when'])]} every {w.sessions[what]}"}


def read_frequency_per_period(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "stretch a day" -> daily; not "take a day off", "once a week" (read above), "in a day" """
    before = m.string[:m.start()].split()
    if not before or _fold(before[-1]).strip(",.") in w.period_blockers:
        return None
    period = w.periods[_fold(m["period"])]
    return {"frequency": "daily" if period == "day" else f"1x/{period}"}


def read_load(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "10lb", "a two- to six-pound dumbbell", "95#" """
    unit = w.load_units[_fold(m["unit"])]
    lo, hi = w.value(m["n"]), w.value(m["n_max"])
    if lo is None:
        return None
    amount = f"{_number_text(lo)}-{_number_text(hi)}" if hi is not None and hi > lo else _number_text(lo)
    return {"load": f"{amount} {unit}"}


def read_bodyweight(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    return {"load": "bodyweight"}


def _sets(w: Words, m: re.Match[str]) -> Reading:
    lo, hi = w.count(m, "s")
    return {"sets": lo, "sets_max": hi}


def _reps(w: Words, m: re.Match[str]) -> Reading:
    lo, hi = w.count(m, "r")
    return {"reps": lo, "reps_max": hi}


def _held(m: re.Match[str]) -> Reading:
    return {"hold": True} if m.groupdict().get("hp") or m.groupdict().get("hs") else {}


def read_sets_and_time(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "3 sets of 30 second holds", "30 sec x 3 sets", "2X1 minute" """
    return {**_sets(w, m), **w.time(m), **_held(m)}


def _seconds(w: Words, m: re.Match[str]) -> Reading:
    """Group ``t`` (and ``t_max``) as seconds, with the hold the match states."""
    lo, hi = w.value(m["t"]), w.value(m.groupdict().get("t_max"))
    reading: Reading = {"time": lo, **_held(m)}
    if hi is not None and lo is not None and hi > lo:
        reading["time_max"] = hi
    return reading


def read_sets_and_seconds(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "2 x 30s", "3x45s": sets of a time written with an "s" """
    if w.not_a_dose_time(m):
        return {}
    return {**_sets(w, m), **_seconds(w, m)}


def read_seconds_mark(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "3 x 45\"": sets of seconds written with a coach's mark; not the quote closing "do 3 x 10" """
    if m.string[:m.start()].count('"') % 2 == 1 or w.not_a_dose_time(m) or got.get("time") is not None:
        return None
    return {**_sets(w, m), **_seconds(w, m)}


def read_clock(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "Plank: 0:45", "wall sit 1:00": minutes and seconds as a stopwatch shows them; not a time
    of day ("at 5:30", "5:30 am") nor a pace ("7:45/mile", "8:30 pace") """
    before = m.string[:m.start()].split()
    if before and _fold(before[-1]) in w.clock_blockers:
        return None
    if got.get("time") is not None:
        return None
    sets: Reading = {"sets": int(m["s"])} if m["s"] else {}
    return {**sets, "time": float(int(m["mm"]) * 60 + int(m["ss"])), **_held(m)}


def read_series(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "30 seconds, 30 seconds, 45 seconds", "12, 10, 8 reps": one set each, the least and the
    most of them as the range """
    text = m["series"] or m["bare"]
    words = text.replace(",", " ").replace("/", " ").split()
    values = [v for v in (w.value(x) for x in words if _fold(x) in w.numbers or x.replace(".", "", 1).isdigit())
              if v is not None]
    if len(values) < 2:
        return None
    lo, hi = min(values), max(values)
    out: Reading = {"sets": len(values), "sets_max": None}
    unit = m["unit"] or (words[-1] if m["series"] else None)
    if unit:
        scale = w.time_units[_fold(unit)]
        out.update(time=lo * scale, **({"time_max": hi * scale} if hi > lo else {}))
    else:
        out.update(reps=int(lo), reps_max=int(hi) if hi > lo else None)
    return out


def read_sets_and_reps(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "2 sets of 15", "two to four reps of 15 kicks"; a distance ("2 x 20 m") keeps only the sets """
    return _sets(w, m) if m["dist"] else {**_sets(w, m), **_reps(w, m)}


def read_count_of_those(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "Eight of those", "Do 10 of them each side": reps of the movement just described; not one
    or two of something ("two of them") """
    lo, _ = w.count(m, "r")
    return _reps(w, m) if lo is not None and lo >= 3 else None


def read_a_set_of_reps(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "a set of 10" -> one set of 10 reps """
    return {"sets": 1, **_reps(w, m)}


def read_holds(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "10 slow holds of 5 seconds", "five 10-second holds" -> reps, and the hold of each """
    if m["t2"]:
        t = w.value(m["t2"])
        time: Reading = {"time": t * w.time_units[_fold(m["unit2"])]} if t is not None else {}
    else:
        time = w.time(m)
    return {**_reps(w, m), **time, "hold": True}


def read_count_by_count(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "3x10" -> sets 3, reps 10; "12 x 3", "12X2" -> reps 12, sets 3 (see REPS_FIRST_MIN) """
    if m["dist"]:
        if m["r_max"] is None and w.value(m["r"]) in w.repeat_distances:
            return {}       # "12x400m on the track": track repeats, a running session
        return _sets(w, m)  # "2 x 30m" of a drill: its sets
    first, second = _sets(w, m), _reps(w, m)
    a, b = first["sets"], second["reps"]
    if (a is not None and b is not None and first["sets_max"] is None and second["reps_max"] is None
            and a >= REPS_FIRST_MIN and b <= SETS_AFTER_REPS_MAX):
        return {"reps": a, "sets": b}
    return {**first, **second}


def read_reps_and_sets(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "10 pulls x 3 sets" """
    return {**_reps(w, m), **_sets(w, m)}


def read_timed(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "hold for 30 seconds", "for a minute", "x1 min"; a rest or a tempo is used, not a dose """
    if w.not_a_dose_time(m):
        return {}
    if got.get("time") is not None:
        return None
    if m.groupdict().get("art"):      # "for a minute", "half a minute"
        whole = float(w.time_units[_fold(m["aunit"])])
        return {"time": whole / 2 if m.groupdict().get("half") else whole, **_held(m)}
    return {**w.time(m), **_held(m)}


def read_time_or(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "a minute or two" """
    if got.get("time") is not None:
        return None
    scale = w.time_units[_fold(m["unit"])]
    return {"time": float(scale), "time_max": (w.value(m["t_max"]) or 0) * scale}


def read_seconds(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ ":60" after a name, "30s", "30-45s"; not "in my 30s", "the mid 30s", "400s" (repeats) """
    if w.not_a_dose_time(m):
        return {}
    if got.get("time") is not None:
        return None
    before = m.string[:m.start()].split()
    if before and _fold(before[-1]) in w.decade_words:
        return None
    if m.groupdict().get("t_max") is None and w.value(m["t"]) in w.repeat_distances and (
            m.group(0).rstrip().endswith("s")):
        return None     # "straight into 400s": track repeats, not seconds
    return _seconds(w, m)


def read_routine_times(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "do the circuit three times", "repeat the routine twice", "go through the circuit twice more"
    (three rounds): rounds of the routine, as sets """
    if m["mult"]:
        n = w.multipliers[_fold(m["mult"])] + (1 if m["more"] else 0)    # "twice more": three rounds in all
        return {"sets": n}      # "do the whole lot once": one round
    return _sets(w, m)


def read_sets(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "3 sets", "two or three times through" """
    return _sets(w, m)


def read_more_times(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "Do as written, then repeat 2 more times": the first time and the repeats, as sets """
    lo, hi = w.count(m, "s")
    if lo is None:
        return None
    return {"sets": lo + 1, **({"sets_max": hi + 1} if hi is not None else {})}


def read_x_count(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "x2" after reps, "clamshells x3" -> sets; "x8", "(x20-40)" -> reps (sets are few) """
    lo, hi = w.count(m, "s")
    if lo is None:
        return None
    if m["setword"] or got.get("reps") is not None or (lo <= SETS_AFTER_REPS_MAX and hi is None):
        return None if got.get("sets") is not None else {"sets": lo, "sets_max": hi}
    return {"reps": lo, "reps_max": hi}


def read_reps(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "10 reps", "10 times", "100/leg", "10 in each direction", "20 x side-to-side"; ", 3 times"
    after the reps ("10 reps, 3 times"; not "five times and then five to the left") is how many sets """
    if got.get("reps") is not None:
        if (got.get("sets") is None and m.group(0).rstrip().lower().endswith("times")
                and m.string[:m.start()].rstrip().endswith(",")):
            lo, hi = w.count(m, "r")
            return {"sets": lo, "sets_max": hi} if lo is not None and lo >= 2 else None
        return None
    return _reps(w, m)


def read_reps_one_way(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "10 times clockwise", "five to the left": a count for one side or direction """
    if got.get("reps") is not None:
        return {"per_side": True}
    return {**_reps(w, m), "per_side": True}


def read_multiplier(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "twice": sets beside a time or reps, else reps; "once" is a frequency or a conjunction """
    n = w.multipliers[_fold(m["mult"])]
    if n < 2:
        return None
    if (got.get("time") is not None or got.get("reps") is not None) and got.get("sets") is None:
        return {"sets": n}          # "30 seconds, twice", "20 steps on your heels, twice"
    if got.get("reps") is None and got.get("time") is None:
        return {"reps": n}
    return None


def read_per_side(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    return {"per_side": True}


def read_per_direction(w: Words, m: re.Match[str], got: Mapping[str, Any]) -> Reading | None:
    """ "10 in each direction", "5x each direction": per side; not a course run there and back
    ("20 meters each direction": a travel direction, and a distance is no field of the dose) """
    before = m.string[:m.start()].split()
    return None if before and _fold(before[-1]).strip(".,") in w.distance_units else {"per_side": True}


# -- the table --------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Rule:
    """One entry of the grammar: its name, its compiled pattern, the word groups a sentence must
    hold (a word of each) for the pattern to match, and what a match sets."""

    name: str
    pattern: re.Pattern[str]
    needs: tuple[tuple[str, ...], ...]
    read: Reader

    def may_match(self, folded: str) -> bool:
        """False when the folded sentence lacks every word of one of the rule's groups."""
        return all(any(w in folded for w in words) for words in self.needs)

    def met(self, present: frozenset[str]) -> bool:
        """:meth:`may_match`, given the needed words the sentence holds (see DoseGrammar._read)."""
        return all(not present.isdisjoint(words) for words in self.needs)


def build_rules(terms: dict[str, Any]) -> tuple[tuple[Rule, ...], tuple[Rule, ...], list[str], dict[str, list[str]]]:
    """The table of ``terms``: the rules that consume the sentence, in order; the marks read on
    the whole sentence after them; and what a dose-less sentence cannot hold (the prefilter): its
    words, and its patterns with the words each opens with."""
    numbers = [w for w in terms["numbers"] if _fold(w) not in {_fold(a) for a in terms["article_numbers"]}]
    tens, units = _tens_and_units(terms["numbers"], terms["article_numbers"])
    compound = rf"\b(?:{_alternation(tens)})[\s-](?:{_alternation(units)})\b"      # "twenty five", "thirty-five"
    num = (rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?\+?|{compound}"
           rf"|\b(?:{_alternation(numbers)})\b)")   # "2,204.62", "30+"

    digits = r"\d+\+?"      # a bare series is written in digits: "12, 10, 8 reps", not "Do 10, three times"

    def rng(name: str) -> str:    # "10", "10-12", "two to three", "two or four", "two- to six"
        return rf"(?P<{name}>{num})(?:(?:\s*(?:-|to|or)|-\s+to)\s*(?P<{name}_max>{num}))?"

    L = _alternation   # noqa: N806 - read as "the words of"
    sets, reps, hold = L(terms["set_words"]), L(terms["rep_words"]), L(terms["hold_words"])
    rep_label_words = [w for w in terms["rep_words"] if _fold(w).startswith("rep")]   # "Reps:", "Repetitions:"
    rep_labels = L(rep_label_words)
    quals = rf"(?:(?:{L(terms['rep_qualifiers'])})\s+){{0,2}}"    # "10 slow reps", "8 good strict reps"
    time_words = list(terms["time_units"])
    unit = L(time_words)
    long_units = L([u for u, s in terms["time_units"].items() if s >= 60])
    dist = L(terms["distance_units"])
    mult = L(list(terms["multipliers"]))
    sides = L(terms["side_words"])
    quants = L([q for q in terms["side_quantifiers"] if _fold(q) != "both"])
    abbreviated = L(terms["side_abbreviations"])      # "12 e/s"
    adverbs = L(terms["direction_adverbs"])
    directions, ways = L(terms["direction_words"]), L(terms["way_words"])
    one_way = L(terms["one_direction_phrases"])
    periods = L(list(terms["frequency_periods"]))
    links = L(terms["frequency_links"])
    counts = L(terms["frequency_counts"])
    articles = L(terms["article_numbers"])
    b = r"(?<![\w.])(?<!\d[:/])"   # a number starts a word, is no decimal tail, no "3:35" or "1/2" part
    e = r"(?![\w])"
    hold_lead = (rf"(?P<hp>\b(?:{hold}):?\s+(?:(?:{L(terms['hold_objects'])})\s+){{0,3}}"
                 rf"(?:at\s+the\s+(?:top|bottom)\s+)?(?:for\s+)?(?:(?:{L(terms['time_qualifiers'])})\s+)?)?")
    hold_tail = rf"(?P<hs>(?:'s)?[\s-]*(?:{hold}){e})?"
    x_then_word = rf"x\s+(?=[a-z])(?!(?:{L(numbers)}|{unit}|{dist})\b)"   # "20 x side-to-side", not "3 x five"

    # the seconds mark after a number, not inches before a noun ("a 12\" box") nor a closing quote
    seconds_mark = rf'"(?!\s*(?!(?:x|each|per|ea|e/s|on|off|rest|{hold})\b)[a-z])'

    session_nouns = sorted({w for s in terms["session_words"] for w in _WORD.findall(_fold(s))[-1:]})
    session_timing = (
        rf"\b(?P<when>{L(list(terms['session_timing_words']))})"
        rf"(?:[\s-]+(?P<det>{L(terms['session_determiners'])}))?(?:[\s-]+(?:{L(terms['session_qualifiers'])}))?"
        rf"[\s-]+(?P<what>{L(list(terms['session_words']))}){e}")

    def rule(name: str, pattern: str, needs: list[list[str]], read: Reader) -> Rule:
        return Rule(name, re.compile(pattern, re.IGNORECASE), _needs(needs), read)

    rules = (
        # "Then flex your feet and lift your toes. This is one repetition.": what a rep is, no count
        rule("one_rep_defined", r"\b(?:this|that)(?:\s+is|'s|\s+counts\s+as|\s+makes)\s+(?:one|1|a\s+single)\s+"
             r"(?:rep|repetition)\b", [["this", "that"], ["rep", "repetition"]], read_nothing),
        rule("frequency_count",
             rf"{b}{rng('n')}[\s-]*(?:x\s+[a-z]+\s+)?(?:(?:{counts})\s*(?:{links})|x)\s*(?P<period>{periods}){e}",   # "2x day"
             [list(terms["frequency_periods"])], read_frequency_count),
        rule("frequency_vague",
             rf"\b(?P<vague>{L(list(terms['frequency_vague_counts']))})[\s-]+(?:{counts})\s*(?:{links})\s*(?P<period>{periods}){e}",
             [list(terms["frequency_periods"]), terms["frequency_counts"]], read_frequency_vague),
        rule("frequency_multiplier", rf"\b(?P<mult>{mult})[\s-]+(?:{links})[\s-]+(?P<period>{periods}){e}",
             [list(terms["frequency_periods"])], read_frequency_multiplier),
        rule("frequency_adverb",
             rf"(?:\b(?P<mult>{mult})|{b}{rng('n')}[\s-]*(?:{counts}))[\s-]+(?P<adverb>{L(list(terms['frequency_adverbs']))}){e}",
             [list(terms["frequency_adverbs"])], read_frequency_adverb),
        rule("frequency_phrase",
             rf"\b(?P<phrase>{L(list(terms['frequency_phrases']))}){e}"
             rf"(?!\s+(?:{L(terms['frequency_adjective_nouns'])})\b)",
             [list(terms["frequency_phrases"])], read_frequency_phrase),
        rule("session_timing", session_timing, [list(terms["session_timing_words"]), session_nouns],
             read_session_timing),
        rule("frequency_per_period",
             rf"(?<=[\w ])\s(?:a|per)\s+(?P<period>day|week){e}(?!\s+(?:off|or|and|of|later|ago|before|after|in|at)\b)",
             [["day", "week"]], read_frequency_per_period),
        rule("load", rf"{b}{rng('n')}\s*-?\s*[(\[{{<]?(?P<unit>{L(list(terms['load_units']))})[)\]}}>]?{e}",
             [list(terms["load_units"])], read_load),
        rule("bodyweight",   # "bodyweight squats", not "keep your body weight over the leg"
             rf"(?<!\bmy )(?<!\byour )(?<!\bhis )(?<!\bher )(?<!\btheir )(?<!\bthe )"
             rf"\b(?:{L(terms['bodyweight_words'])}){e}",
             [terms["bodyweight_words"]], read_bodyweight),
        rule("series",      # "Plank @ 30 seconds, 30 seconds, 45 seconds", "12, 10, 8 reps": a set each
             # (not the reps of "3 x 15, 3 seconds up": a series does not start after an "x")
             rf"{b}(?<!x\s)(?:(?P<series>{num}[\s-]*(?:{unit}){e}(?:\s*,\s*(?:and\s+)?{num}[\s-]*(?:{unit}){e})+)(?<=\w)"
             rf"|(?P<bare>(?:{digits}(?:\s*,\s*{digits})+(?:,?\s+and\s+{digits})?|\d+(?:/\d+){{2,}}))"
             rf"(?:[\s-]*(?P<unit>{unit}){e}|\s*(?:{reps}){e}))(?!\s*[,/]\s*\d)",
             [[",", "/"]], read_series),
        rule("sets_of_time", rf"{b}{rng('s')}\s*(?:{sets})\s+of\s+{rng('t')}[\s-]*(?P<unit>{unit}){e}{hold_tail}",
             [terms["set_words"], ["of"], time_words], read_sets_and_time),
        rule("holds_of_time",   # "10 slow holds of 5 seconds", "five 10-second holds": each hold a rep
             rf"{b}{rng('r')}\s+(?:(?!x\s)[a-z]+\s+)?(?:(?:{hold})\s+of\s+{rng('t')}[\s-]*(?P<unit>{unit})"
             rf"|(?P<t2>{num})[\s-]*(?P<unit2>{unit})[\s-]*(?:{hold})){e}",
             [terms["hold_words"], time_words], read_holds),
        rule("time_x_sets",   # "Hold each 15 seconds x 3 sets"; "x 10 times" after it is reps, read below
             rf"{hold_lead}{b}{rng('t')}[\s-]*(?P<unit>{unit}){e}\s*x\s*(?P<s>{num}){e}(?!\s*(?:{reps}){e})",
             [time_words, ["x"]], read_sets_and_time),
        rule("sets_x_time", rf"{b}(?P<s>{num})\s*x\s*{rng('t')}[\s-]*(?P<unit>{unit}){e}{hold_tail}",
             [time_words, ["x"]], read_sets_and_time),
        rule("sets_x_seconds", rf"{b}(?P<s>\d+)\s*x\s*(?P<t>\d+)(?:\s*-\s*(?P<t_max>\d+))?\s?s{e}{hold_tail}",
             [["x"]], read_sets_and_seconds),
        rule("routine_times",   # "do the circuit below three times", "repeat the whole routine twice"
             rf"\b(?:repeat|do|complete|perform|go\s+through|run\s+through)\s+(?:(?:the|this|that|whole|entire|full)\s+){{0,3}}"
             rf"(?:{L(terms['whole_routine_nouns'])})(?:\s+[a-z]+){{0,2}}?\s+(?:{rng('s')}\s+times|(?P<mult>{mult})(?P<more>\s+more)?){e}",
             [terms["whole_routine_nouns"]], read_routine_times),
        rule("count_of_those",   # "lift my bottom off the floor, hold, and lower. Eight of those."
             rf"{b}{rng('r')}\s+of\s+(?:those|these|them){e}(?=\s*(?:[.,;!)]|$|each\b|per\b|on\s+each\b|every\b))",
             [["those", "these", "them"], ["of"]], read_count_of_those),
        rule("a_set_of_reps",    # "a set of 10 before bed": one set
             rf"\b(?:{articles})\s+(?:single\s+)?(?:{sets})\s+of\s+{rng('r')}(?!\d|\.\d)(?![\s-]*(?:{dist}|{unit}){e})"
             rf"(?:\s*(?:{reps}){e})?",
             [terms["set_words"], ["of"]], read_a_set_of_reps),
        rule("sets_of_reps",
             rf"{b}{rng('s')}\s*(?:{sets}|{reps})\s+of\s+{rng('r')}(?!\d|\.\d)(?![\s-]*(?:{unit}){e})"   # not "10 reps of 3 seconds"
             rf"(?:\s*(?:{reps}){e})?(?P<dist>\s*(?:{dist}){e})?",
             [terms["set_words"] + terms["rep_words"], ["of"]], read_sets_and_reps),
        rule("sets_x_seconds_mark", rf'{b}(?P<s>{num})\s*x\s*{rng("t")}\s?{seconds_mark}', [['"'], ["x"]],
             read_seconds_mark),                        # "Plank 3 x 45\"": a coach's seconds mark
        rule("count_x_count",
             rf"{b}{rng('s')}\s*x\s*{rng('r')}(?:(?=\s*(?:{dist}){e})|(?!\w|\.\d|:\d))"    # "2 x 30m": glued distance
             rf"(?:\s*(?:{reps}){e})?(?P<dist>\s*(?:{dist}){e})?",
             [["x"]], read_count_by_count),
        rule("reps_word_x_sets",   # "10 pulls x 3 sets", "10 reps each x 3 sets"
             rf"{b}{rng('r')}\s+(?!(?:{unit}|{dist}){e})[a-z]+(?:\s+(?!x\b)[a-z]+)?\s*x\s*{rng('s')}\s*(?:{sets})(?![\w-])",
             [["x"], terms["set_words"]], read_reps_and_sets),
        rule("time_or", rf"\b(?:{articles}|one)\s+(?P<unit>{long_units})\s+or\s+(?P<t_max>two|three|2|3){e}",
             [time_words, ["or"]], read_time_or),
        rule("time",
             rf"{hold_lead}(?:{b}{rng('t')}[\s-]*(?P<unit>{unit})|\b(?:(?P<half>half)\s+)?(?P<art>{articles})\s+(?P<aunit>{long_units})){e}"
             rf"{hold_tail}", [time_words], read_timed),
        rule("time_colon", rf"(?<![\w:]):(?P<t>\d{{2}}){e}(?!:){hold_tail}", [[":"]], read_seconds),   # "plank :60"
        rule("time_clock",   # after a name's colon or dash, a hold word or an "x": not a video's chapter mark "(2:01)"
             rf"(?:{b}(?P<s>\d+)\s*x\s*|(?P<hp>\b(?:{hold})(?:\s+for)?(?:\s*-\s*|\s+))|(?<=:\s)|(?<=\w\s-\s)"
             # or one a hold word, a count or a side follows, or that stands alone: "plank 1:00 hold x3", "1:00."
             rf"|(?<![\w:./,])(?<!\d,\s)(?=[0-5]:[0-5]\d(?:\s*(?:{hold}){e}|\s*[x\u00d7]\s*\d|\s+(?:each|per){e}|\s*[.!]?\s*$)))"
             rf"(?P<mm>[0-5]):(?P<ss>[0-5]\d)(?![\w:/])"
             rf"(?!\s*(?:am|pm|a\.m|p\.m|pace|per|/|mile|km|{unit})\b){hold_tail}", [[":"]], read_clock),
        rule("time_compact", rf"{hold_lead}{b}{rng('t')}\s?s{e}(?!')(?!\s+(?:of|to|and|or)\b){hold_tail}", [["s"]],
             read_seconds),            # "30s", "30-45s", "hold 30s"
        rule("times_through", rf"{b}{rng('s')}\s+times\s+(?:through|round|around){e}", [["times"]], read_sets),
        rule("more_times", rf"\brepeat\b(?:\s+\w+){{0,4}}?\s+{rng('s')}\s+more\s+times{e}", [["repeat"], ["more"]],
             read_more_times),
        rule("x_time", rf"(?<![\w.])x\s?{rng('t')}[\s-]*(?P<unit>{unit}){e}", [["x"], time_words], read_timed),
        rule("x_reps", rf"(?<![\w.])x\s*{rng('r')}\s*(?:{reps}){e}", [["x"], terms["rep_words"]], read_reps),
        rule("x_count", rf"(?<![\w.])x\s?{rng('s')}{e}(?![\s-]*(?:{unit}|{dist}){e})(?P<setword>\s*(?:{sets})(?![\w-]))?",
             [["x"]], read_x_count),
        rule("labelled_sets",   # a handout's field: "Sets: 3", "Rounds: 2-3"
             # (not "3 rounds: 10 deadlifts", where the count came before the word)
             rf"(?<!\d\s)(?<!\d)\b(?:{sets})\s*:\s*{rng('s')}{e}(?![\s-]*(?:{unit}|{dist}){e})", [terms["set_words"], [":"]], read_sets),
        rule("labelled_reps",   # "Reps: 12", "Repetitions: 8-10 each side"; not a name ("Leg swings: 10 each")
             rf"(?<!\d\s)(?<!\d)\b(?:{rep_labels})\s*:\s*{rng('r')}{e}(?![\s-]*(?:{unit}|{dist}){e})",
             [rep_label_words, [":"]], read_reps),
        rule("reps_slash_side", rf"{b}{rng('r')}\s*/\s*(?:{sides}){e}", [["/"], terms["side_words"]], read_reps),
        rule("reps_abbreviated_side", rf"{b}{rng('r')}\s*(?:reps?\s*)?(?:{abbreviated})(?![\w/])",
             [terms["side_abbreviations"]], read_reps),
        rule("reps_of_each", rf"{b}{rng('r')}\s+(?:(?:{reps})\s+)?of\s+each{e}(?!\s+(?:{sides}|{directions}|{ways}){e})",
             [["each"]], read_reps),
        rule("total_count",   # "Do a total of five left and right": the reps, all told
             rf"\btotal\s+of\s+{rng('r')}{e}(?![\s-]*(?:\d|(?:{unit}|{dist}|{sets}|to|or){e}))(?:\s*(?:{reps}){e})?",
             [["total"], ["of"]], read_reps),
        rule("do_count",   # "lie on your back and lift your hips. Do 15.": a bare count ordered, its reps
             rf"\b(?:do|perform|complete|repeat)\s+{rng('r')}(?:\s+(?:more|total|in\s+total))?(?=\s?[.!;]|$|,\s*then\b)",
             [["do", "perform", "complete", "repeat"]], read_reps),
        rule("reps_direction", rf"{b}{rng('r')}\s+(?:(?:{reps})\s+)?(?:{adverbs}){e}",
             [terms["direction_adverbs"]], read_reps),
        rule("sets", rf"{b}{rng('s')}[\s-]*(?:{sets})(?![\w-])", [terms["set_words"]], read_sets),
        rule("reps_one_way", rf"{b}{rng('r')}\s+(?:(?:{reps})\s+)?(?:{one_way}){e}",
             [terms["one_direction_phrases"]], read_reps_one_way),
        rule("reps", rf"{b}{rng('r')}\s*(?:x\s*)?{quals}(?:{reps}){e}", [terms["rep_words"]], read_reps),
        rule("reps_each",
             rf"{b}{rng('r')}\s*x?\s+(?:(?:{reps})\s+)?(?:(?:on|in|for|of)\s+)?"
             rf"(?:{quants})\s+(?:(?P<side>{sides})|{directions}|{ways}){e}",     # "5 circles each direction"
             [terms["side_quantifiers"]], read_reps),
        rule("reps_each_item",   # "clams, fire hydrants, glute bridges - 10 each": a count for each of them
             rf"{b}(?:x\s*)?{rng('r')}\s+(?:(?:{reps})\s+)?each(?=\s*(?:[,.;:)!]|-\s|$))", [["each"]], read_reps),
        rule("count_x", rf"{b}{rng('r')}\s*{x_then_word}", [["x"]], read_reps),
        rule("multiplier", rf"\b(?P<mult>{mult}){e}", [list(terms["multipliers"])], read_multiplier),
    )
    marks = (
        rule("per_side",
             rf"(?<!\bin\s)\b(?:(?:{quants})\s+(?:{sides})|both\s+sides"   # not "a dumbbell in each hand"
             rf"|{L(terms['per_side_phrases'])}){e}"
             rf"|(?:(?<=\d)|(?<=\ds)|\b(?:{reps}|{unit})\b)\s*/\s*(?:{sides}){e}"   # "100/leg", "30s/side", "reps/leg"
             rf"|\b(?:{unit}|{reps}|\d+)\s+a\s+(?:{sides}){e}"                       # "30 seconds a side"
             # "Do it on both legs", "3 sets on both feet": each of them, not standing on both
             rf"|\b(?:do\s+(?:it|this|that|them|these|each)|{sets}|{reps}|{unit})\s+on\s+both\s+(?:{sides}){e}(?!\s+together)"
             rf"|\b(?:{unit}|{reps})\s+(?:each|per)\s+(?:{ways}){e}"               # "30 seconds each way", "20 steps each way"
             rf"|(?:(?<=\d)|(?<=\ds)|(?<=\d\ss))\s*(?:reps?\s*)?(?:{abbreviated})(?![\w/])",   # "12 e/s", "3x20s e/s"
             [], read_per_side),
        rule("per_direction", rf"\b(?:{quants})\s+(?:{directions}){e}|(?<=\d)\s+(?:{quants})\s+(?:{ways}){e}",
             [terms["direction_words"] + terms["way_words"]], read_per_direction),
    )
    cue_words = [*numbers, *terms["multipliers"], *terms["bodyweight_words"], *terms["frequency_phrases"],
                 *terms["frequency_adverbs"], *terms["per_side_phrases"],
                 *terms["one_direction_phrases"], *terms["side_quantifiers"], *terms["rep_words"], *time_words,
                 *terms["frequency_periods"]]
    return rules, marks, cue_words, {session_timing: list(terms["session_timing_words"])}


def fill_parts(parts: DoseParts, more: DoseParts) -> DoseParts:
    """``parts`` with the fields it leaves empty taken from ``more``."""
    changes = {}
    if parts.sets is None and more.sets is not None:
        changes.update(sets=more.sets, sets_max=more.sets_max)
    if parts.reps is None and more.reps is not None:
        changes.update(reps=more.reps, reps_max=more.reps_max)
    if parts.time is None and more.time is not None:
        changes.update(time=more.time, time_max=more.time_max, time_is_hold=more.time_is_hold)
    for name in ("per_side", "frequency", "load"):
        if getattr(parts, name) is None and getattr(more, name) is not None:
            changes[name] = getattr(more, name)
    return replace_parts(parts, **changes) if changes else parts


def replace_parts(parts: DoseParts, **changes: Any) -> DoseParts:
    values = {name: getattr(parts, name) for name in parts.__slots__}
    values.update(changes)
    return DoseParts(**values)


class DoseGrammar:
    """The dose rules compiled from one ``dose_terms.json``; build once, use for every sentence."""

    def __init__(self, terms: dict[str, Any], path: str = DOSE_TERMS, names: Iterable[str] = ()) -> None:
        _validate_terms(terms, path)
        self._words = _words(terms)
        # "Figure four stretch for 30 seconds", "Warrior 3 for 5 breaths", "Kettlebell figure 8 x 10":
        # a number that is part of an exercise's name is no count (the vocabulary's names, ``names``)
        self._numbered_names = _numbered_names(names, self._words, terms["side_words"])
        self._rules, self._marks, cue_terms, cue_patterns = build_rules(terms)
        # "(ie. 1 set from exercise 1, then 1 set from exercise 2)": an example, no dose of its own
        leads = "|".join(re.escape(lead).replace(r"\ ", r"\s*") for lead in sorted(terms["example_leads"], key=len, reverse=True))
        self._example = re.compile(rf"\(\s*(?:{leads})(?![\w])[^()]*\)", re.IGNORECASE)
        self._need_words: tuple[str, ...] = tuple(sorted(
            {w for rule in (*self._rules, *self._marks) for group in rule.needs for w in group}))
        # what a sentence says, remembered while one post is read (the layout reads a line before
        # its sentences are read): see forget(), bounded by MEMORY entries
        self._scanned: dict[str, DoseParts] = {}
        self._phrased: dict[str, tuple[DoseParts, ...]] = {}
        self._prefilter = re.compile(rf"\d|\b(?:{_alternation(cue_terms)})\b|{'|'.join(cue_patterns)}",
                                     re.IGNORECASE)
        # a word every match of the prefilter's alternation holds (a term's longest word, a
        # pattern's opener): a sentence with no digit and none of them cannot pass it, and a set
        # lookup of its words is far cheaper than the regex ("then the other leg" needs "other",
        # not "then", which most sentences hold)
        openers = [_WORD.findall(_fold(w))[:1] for words in cue_patterns.values() for w in words]
        longest = [sorted(_WORD.findall(_fold(t)), key=len, reverse=True)[:1] for t in cue_terms]
        self._cue_words: frozenset[str] | None = (
            None if any(not f for f in [*longest, *openers]) else frozenset(f[0] for f in [*longest, *openers]))

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The table, in the order the rules run."""
        return self._rules

    def may_hold_a_dose(self, text: str) -> bool:
        """The prefilter of every rule: a digit, or a word a dose can be written with."""
        if _DIGIT.search(text):
            return True
        if self._cue_words is not None and self._cue_words.isdisjoint(_WORD.findall(_fold(text))):
            return False
        return bool(self._prefilter.search(text))

    def number_word(self, word: str) -> int | None:
        """The value of a number written as a word ("twenty"), not "a"/"an"; else None."""
        value = self._words.numbers.get(_fold(word))
        return value if value is not None and _fold(word) not in self._words.articles else None

    # -- matching ----------------------------------------------------------------------------
    def _read(self, text: str, merge: bool) -> tuple[list[tuple[Reading, int, int]], list[tuple[Reading, int, int]]]:
        """The readings of the rules, in table order, and of the marks: (fields, start, end).
        ``merge``: each reader sees what earlier matches stated (a scan); else nothing (phrases).
        An example in brackets ("(ie. 1 set from exercise 1, then ...)") is read only when the
        rest of the sentence states no dose: "perform 3 rounds" beside it is the dose."""
        s = text.translate(_NORMALISE)
        if self._numbered_names is not None:
            s = self._numbered_names.sub(_blank, s)
        if "(" in s:
            without = self._example.sub(_blank, s)
            if without != s:
                found, marks = self._read_normalised(without, merge)
                if found:
                    return found, marks
        return self._read_normalised(s, merge)

    def _read_normalised(self, s: str, merge: bool) -> tuple[list[tuple[Reading, int, int]], list[tuple[Reading, int, int]]]:
        whole = s
        folded = _fold(s)
        # the needed words the sentence holds, looked up once for every rule of the table
        present = frozenset(w for w in self._need_words if w in folded)
        found: list[tuple[Reading, int, int]] = []
        got: dict[str, Any] = {}
        for rule in self._rules:
            if not rule.met(present):
                continue
            for m in list(rule.pattern.finditer(s)):
                reading = rule.read(self._words, m, got if merge else {})
                if reading is None:
                    continue
                reading = {k: v for k, v in reading.items() if v is not None}
                found.append((reading, m.start(), m.end()))
                if merge:
                    for k, v in reading.items():
                        got.setdefault(k, v)
                s = s[: m.start()] + " " * (m.end() - m.start()) + s[m.end():]
        marks = [(mark.read(self._words, m, {}) or {}, m.start(), m.end())
                 for mark in self._marks if mark.met(present) for m in mark.pattern.finditer(whole)]
        return found, marks

    def _phrases(self, text: str) -> list[DoseParts]:
        """:meth:`phrases` without the prefilter (what the prefilter is tested against)."""
        rules, marks = self._read(text, merge=False)
        return sorted((_parts(r, a, z) for r, a, z in rules + marks if r), key=lambda p: p.start or 0)

    def _scan(self, text: str) -> DoseParts:
        """:meth:`scan` without the prefilter."""
        rules, marks = self._read(text, merge=True)
        got: dict[str, Any] = {}
        for reading, _, _ in rules:
            for k, v in reading.items():
                got.setdefault(k, v)
        sides = [r["per_side"] for r, _, _ in rules + marks if r.get("per_side") is not None]
        if sides:    # one phrase stating a side makes the sentence's dose per side
            got["per_side"] = any(sides)
        if not got:
            return DoseParts()
        return _parts(got, min(a for _, a, _ in rules) if rules else None, None)

    def forget(self) -> None:
        """Drop what was remembered: the extractor calls this before each post, so that a run's
        speed never depends on having read the same text before."""
        self._scanned.clear()
        self._phrased.clear()

    def phrases(self, text: str) -> tuple[DoseParts, ...]:
        """Each dose phrase of the sentence on its own, in order, ``start`` and ``end`` set:
        "Copenhagen planks, 3 x 20 seconds per side, and 3 sets of 10 Nordic curls" gives
        (sets 3, time 20), (per side), (sets 3, reps 10), for linking to the nearest exercise."""
        found = self._phrased.get(text)
        if found is None:
            found = tuple(self._phrases(text)) if self.may_hold_a_dose(text) else ()
            _remember(self._phrased, text, found)
        return found

    def scan(self, text: str) -> DoseParts:
        """Everything the sentence states, with times left as "hold" or open."""
        found = self._scanned.get(text)
        if found is None:
            found = self._scan(text) if self.may_hold_a_dose(text) else DoseParts()
            _remember(self._scanned, text, found)
        return found


def _numbered_names(names: Iterable[str], words: Words, side_words: list[str]) -> re.Pattern[str] | None:
    """The names that hold a number after a word of their own ("figure four stretch", "warrior 3",
    "kettlebell figure 8"), written with spaces or hyphens, as one pattern; None when there are none.
    A number before a side ("one-leg squat", "two arm row") is left out: the grammar reads that
    side ("on one leg") and no name reads as a count through it."""
    sides = tuple(_fold(w) for w in side_words)
    forms: set[str] = set()
    for name in names:
        tokens = _fold(name).replace("-", " ").split()
        for k, token in enumerate(tokens):
            number = token.isdigit() or (token in words.numbers and token not in words.articles)
            follows = tokens[k + 1] if k + 1 < len(tokens) else ""
            if number and k > 0 and not follows.startswith(sides):     # "one legged", "two arms"
                forms.add(r"[\s-]+".join(re.escape(t) for t in tokens))
                break
    if not forms:
        return None
    return re.compile(rf"(?<![\w-])(?:{'|'.join(sorted(forms, key=len, reverse=True))})(?![\w-])", re.IGNORECASE)


def _blank(m: re.Match[str]) -> str:
    """The match as spaces: offsets in the text stay offsets in the input."""
    return " " * (m.end() - m.start())


MEMORY = 4096     # sentences a grammar remembers what it read in


def _remember(memory: dict[str, Any], text: str, value: Any) -> None:
    if len(memory) >= MEMORY:
        memory.clear()
    memory[text] = value


def _tens_and_units(numbers: Mapping[str, int], articles: Iterable[str]) -> tuple[list[str], list[str]]:
    """The words that make a compound number as English writes 21 to 99 ("twenty five",
    "thirty-five"): the tens, and the units after them."""
    articles = {_fold(a) for a in articles}
    tens = [w for w, v in numbers.items() if 20 <= v <= 90 and v % 10 == 0 and " " not in w]
    units = [w for w, v in numbers.items() if 1 <= v <= 9 and " " not in w and _fold(w) not in articles]
    return tens, units


_JOIN = re.compile(r"[\s-]+")


def _validate_terms(terms: Any, path: str) -> None:
    if not isinstance(terms, dict):
        raise LexiconError(path, "top level must be a JSON object")
    for key, kind in _REQUIRED_TERMS.items():
        if key not in terms:
            raise LexiconError(path, f"missing key {key!r}")
        if not isinstance(terms[key], kind) or not terms[key]:
            raise LexiconError(path, f"{key!r} must be a non-empty {'object' if kind is dict else 'list'}")
    for key in ("numbers", "multipliers", "time_units"):
        for word, value in terms[key].items():
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
                raise LexiconError(path, f"{key}[{word!r}] must be a positive number, got {value!r}")
    for key, value in terms.items():
        if key not in _REQUIRED_TERMS:
            raise LexiconError(path, f"unknown key {key!r}")
        items = value if isinstance(value, list) else list(value) + list(value.values())
        for item in items:
            if isinstance(item, str) and not item.strip():
                raise LexiconError(path, f"{key!r} holds an empty string")
    for key, table in (("frequency_adverbs", "frequency_periods"),):
        for word, period in terms[key].items():
            if period not in terms[table].values():
                raise LexiconError(path, f"{key}[{word!r}] must name a period of {table}, got {period!r}")


@locating
def load_dose_grammar(path: Path, names: Iterable[str] = ()) -> DoseGrammar:
    """Read and compile ``dose_terms.json``; a malformed file raises :class:`LexiconError`.
    ``names``: the exercise names and aliases of the vocabulary, whose numbers are no counts."""
    return DoseGrammar(read_json_object(path), str(path), names)


@lru_cache(maxsize=1)
def default_grammar() -> DoseGrammar:
    return load_dose_grammar(LEXICON_DIR / DOSE_TERMS)


def parse_dose(text: str, timing: Timing = "duration", grammar: DoseGrammar | None = None) -> Dose:
    """The dose one sentence states.  ``timing`` says what an unqualified time is for this
    exercise: "hold" for a stretch or balance, "duration" for rolling, walking, jogging."""
    return (grammar or default_grammar()).scan(text).to_dose(timing)
