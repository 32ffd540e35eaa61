"""The dose grammar: one sentence of text -> the sets, reps, times, side, frequency and load it states.

    "2 sets of 15 with a 5 second hold"   -> sets 2, reps 15, hold 5 s
    "3x10", "3 x 10 reps"                 -> sets 3, reps 10
    "2-3 sets of 12-15 reps per leg"      -> sets 2..3, reps 12..15, per side
    "30 seconds x 3 on each foot"         -> time 30 s, sets 3, per side
    "10lb weights ... 30 times per leg each day" -> load "10 lb", reps 30, per side, "daily"

The words (numbers, units, frequency phrases) come from ``pipeline/lexicon/dose_terms.json``;
this module only knows how they combine.  Rules run from the most specific to the least, and
each match blanks out the characters it used, so "3 sets of 30 second holds" is read once, as
sets and a hold, and never again as "30" reps.

A time the text does not call a hold ("for 5 seconds") is left open by :meth:`DoseGrammar.scan`;
:meth:`DoseParts.to_dose` makes it a hold or a duration according to the exercise
(a stretch is held, a heel walk lasts).  :func:`parse_dose` does both for one sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from ..errors import LexiconError
from ..records import Dose
from .datafile import read_json_object

Timing = Literal["hold", "duration"]

PER_REP_HOLD_MAX = 10.0   # seconds: a time this short beside reps is a hold per rep, not the set's length
LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicon"
DOSE_TERMS = "dose_terms.json"

# One character -> one character, so that offsets in the normalised text are offsets in the input.
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"\w+")
_NORMALISE = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00d7": "x", "\u2019": "'"})

_REQUIRED_TERMS: dict[str, type] = {
    "numbers": dict, "article_numbers": list, "multipliers": dict, "set_words": list,
    "rep_words": list, "time_units": dict, "hold_words": list, "distance_units": list,
    "side_words": list, "side_quantifiers": list, "direction_words": list, "load_units": dict,
    "bodyweight_words": list, "frequency_phrases": dict, "frequency_counts": list,
    "frequency_links": list, "frequency_periods": dict, "daily_forms": list,
    "rest_words": list, "tempo_words_after": list, "per_side_phrases": list,
    "frequency_adjective_nouns": list, "per_period_blockers": list,
}


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


def _parts(got: dict[str, Any], start: int | None, end: int | None) -> DoseParts:
    return DoseParts(
        sets=got.get("sets"), sets_max=got.get("sets_max"), reps=got.get("reps"),
        reps_max=got.get("reps_max"), time=got.get("time"), time_max=got.get("time_max"),
        time_is_hold=bool(got.get("hold")), per_side=got.get("per_side"),
        frequency=got.get("frequency"), load=got.get("load"), start=start, end=end,
    )


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of literal words, longest first so "minutes" wins over "min"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _fold(text: str) -> str:
    """The text as IGNORECASE regexes see it, for substring tests of ASCII words: case-folded
    ("ſ" and the Kelvin sign fold to "s" and "k"), and the dotless "ı" that matches "i" made one."""
    return text.casefold().replace("\u0131", "i")


def _needs(groups: dict[str, list[list[str]]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Each rule's word groups, folded; a group holding a word that is not plain ASCII is left
    out (how a regex folds other scripts is not a substring question), so it never skips a rule."""
    def minimal(words: list[str]) -> tuple[str, ...]:    # "sec" holds for "secs" and "seconds"
        folded = {_fold(w) for w in words}
        return tuple(sorted(w for w in folded if not any(o != w and o in w for o in folded)))

    return {rule: tuple(minimal(words) for words in rule_groups if all(w.isascii() for w in words))
            for rule, rule_groups in groups.items()}


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class DoseGrammar:
    """The dose rules compiled from one ``dose_terms.json``; build once, use for every sentence."""

    def __init__(self, terms: dict[str, Any], path: str = DOSE_TERMS) -> None:
        _validate_terms(terms, path)
        self._numbers: dict[str, int] = {_fold(k): int(v) for k, v in terms["numbers"].items()}
        self._multipliers: dict[str, int] = {_fold(k): int(v) for k, v in terms["multipliers"].items()}
        self._time_units: dict[str, int] = {_fold(k): int(v) for k, v in terms["time_units"].items()}
        self._load_units: dict[str, str] = {_fold(k): v for k, v in terms["load_units"].items()}
        self._frequency_phrases: dict[str, str] = {_fold(k): v for k, v in terms["frequency_phrases"].items()}
        self._periods: dict[str, str] = {_fold(k): v for k, v in terms["frequency_periods"].items()}
        self._daily_forms = {_fold(f) for f in terms["daily_forms"]}
        self._articles = {_fold(a) for a in terms["article_numbers"]}

        words = [w for w in self._numbers if w not in {_fold(a) for a in terms["article_numbers"]}]
        num = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?:{_alternation(words)})\b)"   # "2,204.62"
        self._num_re = num

        def rng(name: str) -> str:
            return rf"(?P<{name}>{num})(?:\s*(?:-|to|or)\s*(?P<{name}_max>{num}))?"

        sets = _alternation(terms["set_words"])
        reps = _alternation(terms["rep_words"])
        unit = _alternation(list(self._time_units))
        hold = _alternation(terms["hold_words"])
        dist = _alternation(terms["distance_units"])
        mult = _alternation(list(self._multipliers))
        sides = _alternation(terms["side_words"])
        quants = _alternation([q for q in terms["side_quantifiers"] if _fold(q) != "both"])
        directions = _alternation(terms["direction_words"])
        load_units = _alternation(list(self._load_units))
        counts = _alternation(terms["frequency_counts"])
        links = _alternation(terms["frequency_links"])
        periods = _alternation(list(self._periods))
        articles = _alternation(terms["article_numbers"])
        long_units = _alternation([u for u, s in self._time_units.items() if s >= 60])

        rest = _alternation(terms["rest_words"])
        self._rest_before = re.compile(rf"\b(?:{rest})\b[\s\w-]{{0,6}}$", re.IGNORECASE)
        self._rest_after = re.compile(rf"^[\s-]*(?:{rest})\b", re.IGNORECASE)
        self._tempo_after = re.compile(rf"^\s+(?:{_alternation(terms['tempo_words_after'])})\b", re.IGNORECASE)
        adjective_nouns = _alternation(terms["frequency_adjective_nouns"])
        self._period_blockers = {_fold(w) for w in terms["per_period_blockers"]}
        b = r"(?<![\w.])"   # a number starts at a word boundary and is not a decimal tail
        e = r"(?![\w])"
        flags = re.IGNORECASE
        self._rules: list[tuple[str, re.Pattern[str]]] = [
            ("freq_count", re.compile(
                rf"{b}{rng('n')}[\s-]*(?:{counts})\s*(?:{links})\s*(?P<period>{periods}){e}", flags)),
            ("freq_mult", re.compile(rf"\b(?P<mult>{mult})[\s-]+(?:{links})[\s-]+(?P<period>{periods}){e}", flags)),
            ("freq_phrase", re.compile(
                rf"\b(?P<phrase>{_alternation(list(self._frequency_phrases))}){e}(?!\s+(?:{adjective_nouns})\b)", flags)),
            ("freq_per_period", re.compile(
                rf"(?<=[\w ])\s(?:a|per)\s+(?P<period>day|week){e}"
                rf"(?!\s+(?:off|or|and|of|later|ago|before|after|in|at)\b)", flags)),
            ("load", re.compile(rf"{b}(?P<n>{num})\s*-?\s*[(\[{{<]?(?P<unit>{load_units})[)\]}}>]?{e}", flags)),
            ("bodyweight", re.compile(   # "bodyweight squats", not "keep your body weight over the leg"
                rf"(?<!\bmy )(?<!\byour )(?<!\bhis )(?<!\bher )(?<!\btheir )(?<!\bthe )"
                rf"\b(?:{_alternation(terms['bodyweight_words'])}){e}", flags)),
            ("sets_of_time", re.compile(
                rf"{b}{rng('s')}\s*(?:{sets})\s+of\s+{rng('t')}[\s-]*(?P<unit>{unit}){e}(?P<hs>[\s-]*(?:{hold}){e})?",
                flags)),
            ("time_x_sets", re.compile(
                rf"{b}{rng('t')}[\s-]*(?P<unit>{unit}){e}\s*x\s*(?P<s>{num}){e}", flags)),
            ("sets_x_time", re.compile(
                rf"{b}(?P<s>{num})\s*x\s*{rng('t')}[\s-]*(?P<unit>{unit}){e}", flags)),
            ("sets_of_reps", re.compile(
                rf"{b}{rng('s')}\s*(?:{sets})\s+of\s+{rng('r')}(?:\s*(?:{reps}){e})?(?P<dist>\s*(?:{dist}){e})?",
                flags)),
            ("sets_x_reps", re.compile(
                rf"{b}{rng('s')}\s*x\s*{rng('r')}(?!\w|\.\d)(?:\s*(?:{reps}){e})?(?P<dist>\s*(?:{dist}){e})?",
                flags)),
            ("time_or", re.compile(
                rf"\b(?:{articles}|one)\s+(?P<unit>{long_units})\s+or\s+(?P<t_max>two|three|2|3){e}", flags)),
            ("time", re.compile(
                rf"(?P<hp>\b(?:{hold})\s+(?:it\s+|this\s+|each\s+|them\s+)?(?:at\s+the\s+(?:top|bottom)\s+)?(?:for\s+)?)?"
                rf"(?:{b}{rng('t')}[\s-]*(?P<unit>{unit})|\b(?P<art>{articles})\s+(?P<aunit>{long_units})){e}"
                rf"(?P<hs>[\s-]*(?:{hold}){e})?", flags)),
            ("time_colon", re.compile(rf"(?<![\w:]):(?P<t>\d{{2}}){e}(?!:)(?P<hs>[\s-]*(?:{hold}){e})?", flags)),  # "plank :60"
            ("time_compact", re.compile(rf"{b}(?P<t>\d+)s{e}(?P<hs>[\s-]*(?:{hold}){e})?", flags)),
            ("times_through", re.compile(
                rf"{b}{rng('s')}\s+times\s+(?:through|round|around){e}", flags)),
            ("x_time", re.compile(rf"(?<![\w.])x\s?{rng('t')}[\s-]*(?P<unit>{unit}){e}", flags)),
            ("x_sets", re.compile(rf"(?<![\w.])x\s?(?P<s>\d{{1,2}}){e}(?![\s-]*(?:{unit}){e})", flags)),
            ("reps_slash_side", re.compile(rf"{b}{rng('r')}\s*/\s*(?:{sides}){e}", flags)),
            ("sets", re.compile(rf"{b}{rng('s')}[\s-]*(?:{sets})(?![\w-])", flags)),
            ("reps", re.compile(rf"{b}{rng('r')}\s*(?:{reps}){e}", flags)),
            ("reps_each", re.compile(
                rf"{b}{rng('r')}x?\s+(?:(?:on|in|for)\s+)?(?:{quants})\s+(?:(?P<side>{sides})|{directions}){e}", flags)),
            ("multiplier", re.compile(rf"\b(?P<mult>{mult}){e}", flags)),
        ]
        # For each rule, groups of literal words: a rule can only match a sentence holding a word
        # of each of its groups (its unit, its "of", its period...).  A substring test of the
        # case-folded sentence is far cheaper than the rule's regex, and most sentences that
        # pass the prefilter (a digit: "Meal 1", "Resting time 1 hr") hold no dose at all.
        time_words = list(self._time_units)
        self._needs: dict[str, tuple[tuple[str, ...], ...]] = _needs({
            "freq_count": [list(self._periods)], "freq_mult": [list(self._periods)],
            "freq_phrase": [list(self._frequency_phrases)], "freq_per_period": [["day", "week"]],
            "load": [list(self._load_units)], "bodyweight": [terms["bodyweight_words"]],
            "sets_of_time": [terms["set_words"], ["of"], time_words], "time_x_sets": [time_words, ["x"]],
            "sets_x_time": [time_words, ["x"]], "sets_of_reps": [terms["set_words"], ["of"]],
            "sets_x_reps": [["x"]], "time_or": [time_words, ["or"]], "time": [time_words],
            "time_colon": [[":"]], "time_compact": [["s"]], "times_through": [["times"]],
            "x_time": [["x"], time_words], "x_sets": [["x"]], "reps_slash_side": [["/"], terms["side_words"]],
            "sets": [terms["set_words"]], "reps": [terms["rep_words"]], "reps_each": [terms["side_quantifiers"]],
            "multiplier": [list(self._multipliers)],
        })
        self._per_side = re.compile(
            rf"\b(?:(?:{quants})\s+(?:{sides})|both\s+sides|{_alternation(terms['per_side_phrases'])}){e}"
            rf"|(?<=\d)\s*/\s*(?:{sides}){e}"                                  # "100/leg"
            rf"|\b(?:{unit}|{reps}|\d+)\s+a\s+(?:{sides}){e}"               # "30 seconds a side"
            rf"|\b(?:{unit})\s+(?:each|per)\s+way{e}", flags)                 # "hold 30 seconds each way"
        self._prefilter = re.compile(
            rf"\d|\b(?:{_alternation(words + list(self._multipliers) + terms['bodyweight_words'])}"
            rf"|{_alternation(list(self._frequency_phrases))}|{_alternation(terms['per_side_phrases'])}"
            rf"|every|each|daily|weekly|nightly|alternate|minute|hour)\b", flags)
        # the words the prefilter's alternation starts with: a sentence with no digit and none of
        # them cannot pass it, and a set lookup of its words is far cheaper than the regex
        cue_terms = [*words, *self._multipliers, *terms["bodyweight_words"], *self._frequency_phrases,
                     *terms["per_side_phrases"], "every", "each", "daily", "weekly", "nightly", "alternate",
                     "minute", "hour"]
        firsts = [_WORD.findall(_fold(t))[:1] for t in cue_terms]
        self._cue_words: frozenset[str] | None = (
            None if any(not f for f in firsts) else frozenset(f[0] for f in firsts))

    def may_hold_a_dose(self, text: str) -> bool:
        """The prefilter of every rule: a digit, or a word a dose can be written with."""
        if _DIGIT.search(text):
            return True
        if self._cue_words is not None and self._cue_words.isdisjoint(_WORD.findall(_fold(text))):
            return False
        return bool(self._prefilter.search(text))

    def _may_match(self, rule: str, folded: str) -> bool:
        """False when the folded sentence lacks every word of one of the rule's groups."""
        return all(any(w in folded for w in words) for words in self._needs.get(rule, ()))

    # -- numbers ---------------------------------------------------------------------------
    def number_word(self, word: str) -> int | None:
        """The value of a number written as a word ("twenty"), not "a"/"an"; else None."""
        value = self._numbers.get(_fold(word))
        return value if value is not None and _fold(word) not in self._articles else None

    def _value(self, text: str | None) -> float | None:
        if text is None:
            return None
        text = _fold(text)
        if text in self._numbers:
            return float(self._numbers[text])
        return float(text.replace(",", ""))

    def _count(self, m: re.Match[str], name: str) -> tuple[int | None, int | None]:
        lo = self._value(m.group(name))
        hi = self._value(m.group(f"{name}_max")) if f"{name}_max" in m.re.groupindex else None
        lo_i = int(lo) if lo is not None else None
        hi_i = int(hi) if hi is not None and lo is not None and hi > lo else None
        return lo_i, hi_i

    # -- the grammar -----------------------------------------------------------------------
    def phrases(self, text: str) -> list[DoseParts]:
        """Each dose phrase of the sentence on its own, in order, ``start`` and ``end`` set:
        "Copenhagen planks, 3 x 20 seconds per side, and 3 sets of 10 Nordic curls" gives
        (sets 3, time 20), (per side), (sets 3, reps 10), for linking to the nearest exercise."""
        if not self.may_hold_a_dose(text):
            return []
        s = text.translate(_NORMALISE)
        folded = _fold(s)
        found: list[DoseParts] = []
        for name, rule in self._rules:
            if not self._may_match(name, folded):
                continue
            for m in list(rule.finditer(s)):
                got: dict[str, Any] = {}

                def put(field: str, value: Any, got: dict[str, Any] = got) -> None:
                    if value is not None and got.get(field) is None:
                        got[field] = value

                if not self._apply(name, m, got, put, text) or not got:
                    if got == {} and name in ("time", "time_compact", "time_colon", "x_time"):
                        s = s[: m.start()] + " " * (m.end() - m.start()) + s[m.end():]
                    continue
                found.append(_parts(got, m.start(), m.end()))
                s = s[: m.start()] + " " * (m.end() - m.start()) + s[m.end():]
        for m in self._per_side.finditer(text.translate(_NORMALISE)):
            found.append(DoseParts(per_side=True, start=m.start(), end=m.end()))
        return sorted(found, key=lambda p: p.start or 0)

    def scan(self, text: str) -> DoseParts:
        """Everything the sentence states, with times left as "hold" or open."""
        if not self.may_hold_a_dose(text):
            return DoseParts()
        s = text.translate(_NORMALISE)
        got: dict[str, Any] = {}
        first: int | None = None

        def put(field: str, value: Any) -> None:
            if value is not None and got.get(field) is None:
                got[field] = value

        folded = _fold(s)
        for name, rule in self._rules:
            if not self._may_match(name, folded):
                continue
            for m in list(rule.finditer(s)):
                if not self._apply(name, m, got, put, text):
                    continue
                first = m.start() if first is None else min(first, m.start())
                s = s[: m.start()] + " " * (m.end() - m.start()) + s[m.end():]
        if self._per_side.search(text.translate(_NORMALISE)):
            got["per_side"] = True
        if not got:
            return DoseParts()
        return _parts(got, first, None)

    def _not_a_dose_time(self, m: re.Match[str]) -> bool:
        before = m.string[max(0, m.start() - 20):m.start()]
        after = m.string[m.end():m.end() + 20]
        return bool(self._rest_before.search(before) or self._rest_after.match(after) or self._tempo_after.match(after))

    def _time(self, m: re.Match[str], put: Any) -> None:
        scale = self._time_units[_fold(m.group("unit"))]
        lo, hi = self._value(m.group("t")), self._value(m.groupdict().get("t_max"))
        put("time", lo * scale)
        if hi is not None and lo is not None and hi > lo:
            put("time_max", hi * scale)

    def _apply(self, name: str, m: re.Match[str], got: dict[str, Any], put: Any, text: str) -> bool:
        g = m.groupdict()
        if name in ("freq_count", "freq_mult"):
            period = self._periods[_fold(g["period"])]
            if name == "freq_mult":
                count = f"{self._multipliers[_fold(g['mult'])]}"
            else:
                lo, hi = self._count(m, "n")
                count = f"{lo}-{hi}" if hi is not None else f"{lo}"
            value = f"{count}x/{period}"
            put("frequency", "daily" if value in self._daily_forms else value)
        elif name == "freq_per_period":
            before = text[:m.start()].split()
            if not before or _fold(before[-1]).strip(",.") in self._period_blockers:
                return False    # "take a day off", "once a week" (read above), "in a day"
            period = self._periods[_fold(g["period"])]
            put("frequency", "daily" if period == "day" else f"1x/{period}")
        elif name == "freq_phrase":
            put("frequency", self._frequency_phrases[_fold(g["phrase"])])
        elif name == "load":
            put("load", f"{_number_text(self._value(g['n']))} {self._load_units[_fold(g['unit'])]}")
        elif name == "bodyweight":
            put("load", "bodyweight")
        elif name in ("sets_of_time", "time_x_sets", "sets_x_time"):
            lo, hi = self._count(m, "s")
            put("sets", lo)
            put("sets_max", hi)
            self._time(m, put)
            if g.get("hs"):
                got["hold"] = True
        elif name in ("sets_of_reps", "sets_x_reps"):
            lo, hi = self._count(m, "s")
            put("sets", lo)
            put("sets_max", hi)
            if not g.get("dist"):
                r_lo, r_hi = self._count(m, "r")
                put("reps", r_lo)
                put("reps_max", r_hi)
        elif name in ("time", "time_compact", "time_colon", "x_time") and self._not_a_dose_time(m):
            return True         # "rest 30 seconds", "10-secs recovery", "3 seconds up": used, not a dose
        elif name == "x_time":
            if got.get("time") is not None:
                return False
            self._time(m, put)
        elif name == "time":
            if got.get("time") is not None:
                return False
            if g.get("art"):
                put("time", float(self._time_units[_fold(g["aunit"])]))
            else:
                self._time(m, put)
            if g.get("hp") or g.get("hs"):
                got["hold"] = True
        elif name in ("time_colon", "time_compact"):   # ":60", "30s"
            if got.get("time") is not None:
                return False
            put("time", float(g["t"]))
            if g.get("hs"):
                got["hold"] = True
        elif name == "time_or":
            if got.get("time") is not None:
                return False
            scale = self._time_units[_fold(g["unit"])]
            put("time", float(scale))
            put("time_max", self._value(g["t_max"]) * scale)
        elif name == "times_through":
            lo, hi = self._count(m, "s")
            put("sets", lo)
            put("sets_max", hi)
        elif name == "x_sets":
            if got.get("sets") is not None:
                return False
            put("sets", int(g["s"]))
        elif name == "reps_slash_side":
            if got.get("reps") is not None:
                return False
            lo, hi = self._count(m, "r")
            put("reps", lo)
            put("reps_max", hi)
        elif name == "sets":
            lo, hi = self._count(m, "s")
            put("sets", lo)
            put("sets_max", hi)
        elif name in ("reps", "reps_each"):
            if got.get("reps") is not None:
                return False
            lo, hi = self._count(m, "r")
            put("reps", lo)
            put("reps_max", hi)
        elif name == "multiplier":
            n = self._multipliers[_fold(g["mult"])]
            if n < 2:          # "once" is a frequency ("once a week") or a conjunction ("once it feels easy")
                return False
            if got.get("time") is not None and got.get("sets") is None:
                put("sets", n)
            elif got.get("reps") is None and got.get("time") is None:
                put("reps", n)
            else:
                return False
        return True


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


def load_dose_grammar(path: Path) -> DoseGrammar:
    """Read and compile ``dose_terms.json``; a malformed file raises :class:`LexiconError`."""
    return DoseGrammar(read_json_object(path), str(path))


@lru_cache(maxsize=1)
def default_grammar() -> DoseGrammar:
    return load_dose_grammar(LEXICON_DIR / DOSE_TERMS)


def parse_dose(text: str, timing: Timing = "duration", grammar: DoseGrammar | None = None) -> Dose:
    """The dose one sentence states.  ``timing`` says what an unqualified time is for this
    exercise: "hold" for a stretch or balance, "duration" for rolling, walking, jogging."""
    return (grammar or default_grammar()).scan(text).to_dose(timing)
