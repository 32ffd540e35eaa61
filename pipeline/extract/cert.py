"""CERT-aligned details of an exercise, where the text states them.

The Consensus on Exercise Reporting Template (CERT; Slade et al., 2016, Br J Sports Med
50:1428) is the checklist researchers use to compare exercise protocols.  Blog posts state a
few of its items in words this module reads, from ``pipeline/lexicon/cert.json``:

    position     standing, side-lying, supine, prone, seated, quadruped, kneeling, half-kneeling
    laterality   unilateral ("single-leg", "each side"), bilateral ("both legs"), alternating
    setting      home, clinic, gym; every one stated       (the post's or the comment's)
    prescriber   physical therapist, doctor, coach, self  (the post's or the comment's)
    progression  the sentence that says how to make it harder ("when that gets easy, add a band")

An item the text does not state stays None: nothing is guessed from the exercise's name
except laterality ("single-leg squat" is unilateral by name).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import LexiconError
from ..lexicon import locating, read_json_object

CERT = "cert.json"
GROUPS = ("position", "laterality", "setting", "prescriber")


def _phrases_re(phrases: Iterable[str]) -> re.Pattern[str]:
    body = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class CertVocabulary:
    groups: dict[str, tuple[tuple[str, re.Pattern[str]], ...]]   # group -> ((value, its phrases), ...)
    progression_re: re.Pattern[str]
    any_re: dict[str, re.Pattern[str]]        # group -> every phrase of every value: one scan finds the first

    def first(self, group: str, texts: Iterable[str]) -> str | None:
        """The value whose phrase comes first in the texts (read in order), else None; at one
        place, the value listed first in cert.json."""
        for text in texts:
            m = self.any_re[group].search(text)
            if m is not None:
                return next(value for value, pattern in self.groups[group] if pattern.match(text, m.start()))
        return None

    def every(self, group: str, text: str) -> str | None:
        """Every value the text states, in the order first stated, joined by ", " ("clinic, home")."""
        if not self.any_re[group].search(text):
            return None
        found = sorted((m.start(), value) for value, pattern in self.groups[group]
                       for m in [pattern.search(text)] if m)
        return ", ".join(dict.fromkeys(v for _, v in found)) or None

    def progression(self, sentences: Iterable[str]) -> str | None:
        return next((s.strip() for s in sentences if self.progression_re.search(s)), None)


@locating
def load_cert(path: Path) -> CertVocabulary:
    raw = read_json_object(path)
    unknown = sorted(set(raw) - set(GROUPS) - {"progression_cues"})
    if unknown:
        raise LexiconError(str(path), f"unknown key {unknown[0]!r}")
    groups = {}
    for group in GROUPS:
        table = raw.get(group)
        if not isinstance(table, dict) or not table:
            raise LexiconError(str(path), f"{group!r} must be an object of value -> phrases")
        entries = []
        for value, phrases in table.items():
            if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) and p.strip() for p in phrases):
                raise LexiconError(str(path), f"{group}[{value!r}] must be a non-empty list of phrases")
            entries.append((value, _phrases_re(phrases)))
        groups[group] = tuple(entries)
    cues = raw.get("progression_cues")
    if not isinstance(cues, list) or not cues or not all(isinstance(p, str) and p.strip() for p in cues):
        raise LexiconError(str(path), "'progression_cues' must be a non-empty list of phrases")
    phrases = {group: [p for _, ps in raw[group].items() for p in ps] for group in GROUPS}
    return CertVocabulary(groups, _phrases_re(cues), {group: _phrases_re(phrases[group]) for group in GROUPS})
