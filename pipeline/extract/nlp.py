"""The spaCy pipeline: a blank English tokenizer, a sentencizer and three span rulers.

    text --tokenizer--> tokens --sentencizer--> sentences
         --exercise_ruler--> doc.spans["exercise"]    (label EXERCISE, id = canonical name)
         --muscle_ruler----> doc.spans["muscle"]
         --equipment_ruler-> doc.spans["equipment"]

The rulers only match; every phrase and token pattern comes from the lexicon files.  Phrases
are compared on spaCy's NORM (lower case, curly quotes straightened), and each alias also
matches with spaces for hyphens and with its last word in the plural.  Overlapping matches
keep the longest, so "bridge with a ball" wins over "bridge".
"""

from __future__ import annotations

from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher

from .lexicon import Lexicon, Origin

RULERS = (("exercise", "EXERCISE"), ("muscle", "MUSCLE"), ("equipment", "EQUIPMENT"))
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


def _check_pattern(matcher: Matcher, origin: Origin, name: str, pattern: list[dict[str, Any]]) -> None:
    try:
        matcher.add("check", [pattern])
    except Exception as exc:  # spaCy raises MatchPatternError / ValueError with its own report
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise origin.error(f"invalid token pattern for {name!r}: {first}") from exc
    matcher.remove("check")


def build_nlp(lexicon: Lexicon) -> Language:
    nlp = spacy.blank("en")
    # "Skaters:?Start", "raise:Stand": a colon or stray "?" glued between words splits them
    infixes = list(nlp.Defaults.infixes) + [r"(?<=[A-Za-z])[:?]+(?=[A-Za-z])"]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    nlp.add_pipe("sentencizer")
    checker = Matcher(nlp.vocab, validate=True)
    tables = {"exercise": lexicon.exercises, "muscle": lexicon.muscles, "equipment": lexicon.equipment}
    for key, label in RULERS:
        patterns: list[dict[str, Any]] = []
        for entry in tables[key].values():
            names = (entry.name,) if getattr(entry, "match_name", True) else ()
            for alias in (*names, *entry.aliases):
                for form in variants(alias):
                    patterns.append({"label": label, "id": entry.name, "pattern": form})
            for token_pattern in entry.patterns:
                _check_pattern(checker, entry.origin, entry.name, token_pattern)
                patterns.append({"label": label, "id": entry.name, "pattern": token_pattern})
        ruler = nlp.add_pipe("span_ruler", name=f"{key}_ruler", config={
            "spans_key": key,
            "phrase_matcher_attr": "NORM",
            "validate": True,
            "overwrite": True,
            "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
        })
        ruler.add_patterns(patterns)
    return nlp
