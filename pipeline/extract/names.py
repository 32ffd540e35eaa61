"""Names by their parts: a name as a post writes it -> the nearest entry of the vocabulary.

People write the same movement many ways: "Toe / heel rises", "Standing Quadricep stretch",
"Resistance Band Standing Kick Backs", "Clam exercises", "Bench press".  Rather than an alias
for each, a name is reduced to its parts (words lower-cased, plurals folded, spelling variants
and synonyms made one, hyphens split) and compared with the parts of every name and alias of
the vocabulary:

1. the same parts, in any order: that entry ("Kick backs standing" = "standing kickback");
2. an entry whose parts are all in the name, the name's other parts being modifiers the
   vocabulary does not distinguish (equipment, position, "exercise"): the entry with the most
   parts ("Towel calf stretch" -> calf stretch unless "towel calf stretch" is a name);
3. a *generic* entry: each imported name without its equipment and position words
   ("dumbbell bench press" -> "bench press"), when no entry has that name already; its
   category is theirs and its usual muscles those they share.

A name that matches none of these is kept as written (normalised) by the caller, with its
canonical fields null (``open_entry``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .layout import LayoutWords
from ..lexicon import ExerciseEntry

_WORD = re.compile(r"[a-z0-9]+")
TYPO_MIN_LETTERS = 4     # a shorter word one slip from a name's word is as likely another word
_KEEP_S = ("ss", "us", "is", "ys")


def _singular(word: str) -> str:
    if len(word) <= 3 or word.endswith(_KEEP_S):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


@dataclass(frozen=True, slots=True)
class Parts:
    """The parts of names, with the words that fold into one."""

    synonyms: dict[str, str]      # word -> the word(s) it is read as ("quadricep" -> "quad", "sl" -> "single leg")
    joins: dict[tuple[str, str], str]   # two words written apart -> one ("kick", "back" -> "kickback")
    droppable: frozenset[str]     # parts a name may add to an entry's without naming another movement
    stop: frozenset[str]          # words that are no part of a name ("a", "with", "x")

    def of(self, text: str) -> tuple[str, ...]:
        """The parts of a name, in order: "Side-Lying Hip ABDuction" -> ("side", "lying", "hip", "abduction")."""
        words = [_singular(w) for w in _WORD.findall(text.lower().replace("\u2019", "'").replace("'s", ""))]
        # a synonym may stand for more than one word: "SL" -> "single leg", "RDL" -> "romanian deadlift"
        words = [x for w in words for x in self.synonyms.get(w, w).split()]
        out: list[str] = []
        i = 0
        while i < len(words):
            if i + 1 < len(words) and (words[i], words[i + 1]) in self.joins:
                out.append(self.joins[(words[i], words[i + 1])])
                i += 2
                continue
            if words[i] not in self.stop:
                out.append(words[i])
            i += 1
        return tuple(out)

    def key(self, text: str) -> frozenset[str]:
        return frozenset(self.of(text))


@dataclass(frozen=True, slots=True)
class Match:
    name: str            # the entry's canonical name
    matched_by: str      # "alias" (its parts are an alias's) | "parts" (an entry's parts and modifiers)


def parts_of(words: LayoutWords) -> Parts:
    return Parts(words.part_synonyms, words.part_joins, words.droppable_parts, words.part_stop)


class NameIndex:
    """Every name and alias of the vocabulary by its parts, and the generic names derived from
    the imported ones."""

    def __init__(self, exercises: dict[str, ExerciseEntry], words: LayoutWords,
                 body_parts: Iterable[str] = ()) -> None:
        parts = self.parts = parts_of(words)
        drop_for_generic: Iterable[str] = words.generic_strip
        self.exact: dict[frozenset[str], str] = {}
        self.by_part: dict[str, list[tuple[frozenset[str], str]]] = {}
        self._respellings: dict[str, str] = {}      # a word no name holds -> the name's word it was meant as
        hand = [e for e in exercises.values() if not _imported(e)]
        imported = [e for e in exercises.values() if _imported(e)]
        for entry in (*hand, *imported):                # hand-written entries win a shared key
            for form in (entry.name, *entry.aliases):
                key = parts.key(form)
                if key and key not in self.exact:
                    self.exact[key] = entry.name
        strip = frozenset(parts.of(" ".join(drop_for_generic)))
        # a generic name that is only a body part ("kneeling hip flexor" -> "hip flexor") names the
        # part, not an exercise: a "HIP FLEXOR" line is a part line, its exercise what its section does
        part_keys = self.part_keys = frozenset(parts.key(p) for p in body_parts)
        generic: dict[frozenset[str], list[ExerciseEntry]] = {}
        for entry in imported:
            kept = tuple(w for w in parts.of(entry.name) if w not in strip)
            key = frozenset(kept)
            if len(key) >= 2 and key != parts.key(entry.name) and key not in self.exact and key not in part_keys:
                generic.setdefault(key, []).append(entry)
        self.generic: dict[str, ExerciseEntry] = {}
        for key, entries in generic.items():
            name = _generic_name(entries[0].name, key, parts)
            shared = set(entries[0].muscles).intersection(*(e.muscles for e in entries[1:]))
            categories = {e.category for e in entries}
            self.generic[name] = ExerciseEntry(
                name, entries[0].category if len(categories) == 1 else "strength", (),
                tuple(m for m in entries[0].muscles if m in shared), (), entries[0].timing, (),
                entries[0].origin, True)
            self.exact[key] = name
        for key, name in self.exact.items():
            for part in key:
                self.by_part.setdefault(part, []).append((key, name))

    def is_part(self, text: str) -> bool:
        """Whether ``text`` is only a muscle or body part as the vocabulary writes one ("Quads",
        "IT band", "Hip flexors")."""
        key = self.parts.key(text)
        return bool(key) and key in self.part_keys

    def with_modifiers(self, words: frozenset[str]) -> None:
        """The words a name in running prose may be built of before its movement noun ("one-legged
        frog kick", "pike push-ups"): words of the vocabulary's own names, parts and equipment."""
        self.modifiers = words

    def find(self, text: str, typos: bool = False) -> Match | None:
        """The nearest entry for a name as written, or None.  With ``typos``, a word of four or more
        letters that no name holds is read as the one word of the vocabulary's names it is one
        slip away from ("Glut bridge", "Clamshels with a band"): for a line the layout already
        reads as a name."""
        key = self.parts.key(text)
        if not key:
            return None
        match = self._nearest(key)
        if match is not None or not typos:
            return match
        fixed = frozenset(self._respelt(w) for w in key)
        match = self._nearest(fixed) if fixed != key else None
        return Match(match.name, "parts") if match is not None else None

    def _respelt(self, word: str) -> str:
        if len(word) < TYPO_MIN_LETTERS or word in self.by_part:
            return word
        if word not in self._respellings:
            near = [w for w in self.by_part if abs(len(w) - len(word)) <= 1 and len(w) >= TYPO_MIN_LETTERS
                    and _one_slip(word, w)]
            self._respellings[word] = near[0] if len(near) == 1 else word
        return self._respellings[word]

    def _nearest(self, key: frozenset[str]) -> Match | None:
        name = self.exact.get(key)
        if name is not None:
            return Match(name, "alias")
        best: tuple[int, str] | None = None
        seen: set[frozenset[str]] = set()
        for part in key:
            for other, other_name in self.by_part.get(part, ()):
                if other in seen or not other < key:
                    continue
                seen.add(other)
                if all(w in self.parts.droppable for w in key - other):
                    if best is None or len(other) > best[0]:
                        best = (len(other), other_name)
        return Match(best[1], "parts") if best else None


def _one_slip(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one letter added, dropped, changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    k = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[k:] == long_[k + 1:]


def _imported(entry: ExerciseEntry) -> bool:
    return entry.source is not None


def _generic_name(full: str, key: frozenset[str], parts: Parts) -> str:
    """The imported name's words that survive, in its order: "dumbbell bench press" -> "bench press"."""
    out = [w for w in re.findall(r"[A-Za-z0-9']+", full.lower()) if parts.synonyms.get(_singular(w), _singular(w)) in key]
    return " ".join(out)


def normalised(text: str) -> str:
    """A written name as a record keeps it: lower case, single spaces, no surrounding punctuation."""
    return " ".join(re.sub(r"[\"\u201c\u201d*_]+", " ", text).lower().replace("\u2019", "'").split()).strip(" .,:;-")

