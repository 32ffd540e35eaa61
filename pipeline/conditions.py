"""Which injuries or conditions a post is about, and which one each of its exercises is for.

The vocabulary is data (``lexicon/conditions.jsonl``: a canonical name and its aliases).  An
alias written in capitals of up to five letters ("PF", "ITBS", "MTSS") matches only as written;
the rest match in any case, as whole words.

The rule for a post's conditions (``posts.conditions``):

    a condition named in the title, a category, a tag or a heading is the post's;
    a condition named only in the body text counts when it is named at least twice there
    (one mention in passing in a long post does not make it the post's subject).

They are ordered by evidence strength: title 4, category or tag 3, heading 2, each body mention
1; ties keep the order of first appearance.  ``posts.condition_evidence`` says, for each
condition in the same order, where it was named and as what ("title: ITBS | body x3: IT band").

An exercise's condition (``exercises.condition``): for an exercise of the body, the condition of
its section, i.e. of the nearest enclosing heading above its evidence (a heading of a higher
level than every heading between) that names one of the post's conditions; else the post's
first condition.  An exercise of a comment takes the post's first condition.  None when the post
has none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .lexicon import CONDITIONS, LEXICON_DIR, alternation, read_conditions
from .records import CleanPost, ExerciseRecord

__all__ = ["PostConditions", "ConditionVocabulary", "load_conditions", "post_conditions", "exercise_condition"]

WEIGHTS = {"title": 4, "category": 3, "tag": 3, "heading": 2, "body": 1}
MIN_BODY_MENTIONS = 2


@dataclass(frozen=True, slots=True)
class PostConditions:
    names: tuple[str, ...]        # canonical names, strongest evidence first
    evidence: tuple[str, ...]     # for each name: "title: ITBS | body x3: IT band"


class ConditionVocabulary:
    """Canonical condition names and a matcher for their aliases."""

    def __init__(self, path: Path = LEXICON_DIR / CONDITIONS) -> None:
        folded: dict[str, str] = {}
        exact: dict[str, str] = {}
        for name, aliases in read_conditions(path):
            for alias in (name, *aliases):
                alias = alias.replace("’", "'")
                if alias.isupper() and len(alias) <= 5:
                    exact.setdefault(alias, name)
                else:
                    folded.setdefault(alias.lower(), name)
                    if not alias.lower().endswith("s"):
                        folded.setdefault(alias.lower() + "s", name)
        self._folded, self._exact = folded, exact
        edge = r"(?<![\w-])(?:{})(?![\w-])"
        self._folded_re = re.compile(edge.format(alternation(folded)), re.I)
        self._exact_re = re.compile(edge.format(alternation(exact))) if exact else None
        # the words of every alias, filed under its longest: a text that holds every word of no
        # alias names no condition, and the long alternations (the slow part) need not run on it
        self._words_of: dict[str, list[frozenset[str]]] = {}
        for alias in (*folded, *exact):
            words = _WORD.findall(_folded_case(alias))
            self._words_of.setdefault(max(words, key=len, default=""), []).append(frozenset(words))
        self._anchors = frozenset(self._words_of)

    def mentions(self, text: str) -> list[tuple[int, str, str]]:
        """(offset, canonical name, phrase as written) for every alias in the text, in order."""
        return self.matched(text) if self.may_name(text) else []

    def may_name(self, text: str) -> bool:
        """False when the text holds every word of no alias, so names no condition: the shortcut
        of ``mentions``, and of a post's texts at once (words do not run across them)."""
        if "" in self._anchors:      # an alias without a word (all punctuation): no shortcut
            return True
        words = set(_WORD.findall(_folded_case(text)))
        return any(needed <= words for anchor in self._anchors.intersection(words) for needed in self._words_of[anchor])

    def matched(self, text: str) -> list[tuple[int, str, str]]:
        """``mentions`` without its shortcut: the aliases' regexes run over the whole text."""
        text = text.replace("’", "'")
        found = [(m.start(), self._folded[_folded_case(m.group(0))], m.group(0)) for m in self._folded_re.finditer(text)]
        if self._exact_re is not None:
            found += [(m.start(), self._exact[m.group(0)], m.group(0)) for m in self._exact_re.finditer(text)]
        return sorted(found)


_WORD = re.compile(r"\w+")
# the letters a case-blind match takes for an ASCII one that lower() does not turn into it
_CASE_BLIND = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def _folded_case(text: str) -> str:
    """The text in lower case, with every letter that ``re.I`` matches to an ASCII letter made
    that letter: an alias the matcher finds has each of its words among this text's words."""
    if not text.isascii() and ("\u0130" in text or "\u0131" in text or "\u017f" in text):
        text = text.translate(_CASE_BLIND)      # (a dict's translation is slow: only when needed)
    return text.lower()


@lru_cache(maxsize=1)
def load_conditions() -> ConditionVocabulary:
    return ConditionVocabulary()


def post_conditions(post: CleanPost, vocabulary: ConditionVocabulary | None = None) -> PostConditions:
    """The post's conditions and where each was named (the rule in the module docstring)."""
    vocab = vocabulary or load_conditions()
    places: list[tuple[str, str]] = [("title", post.title or "")]
    places += [("category", c) for c in post.categories] + [("tag", t) for t in post.tags]
    places += [("heading" if b.kind == "heading" else "body", b.text) for b in post.blocks]
    if not vocab.may_name("\n".join(text for _, text in places)):
        return PostConditions((), ())
    score: dict[str, int] = {}
    body: dict[str, int] = {}
    phrases: dict[str, dict[str, list[str]]] = {}
    for where, text in places:
        for _, name, phrase in vocab.mentions(text):
            score[name] = score.get(name, 0) + WEIGHTS[where]
            if where == "body":
                body[name] = body.get(name, 0) + 1
            phrases.setdefault(name, {}).setdefault(where, []).append(phrase)
    kept = [n for n in score if set(phrases[n]) - {"body"} or body.get(n, 0) >= MIN_BODY_MENTIONS]
    kept.sort(key=lambda n: -score[n])          # stable: first appearance breaks ties
    return PostConditions(tuple(kept), tuple(_evidence(phrases[n]) for n in kept))


def _evidence(places: dict[str, list[str]]) -> str:
    parts = []
    for where in WEIGHTS:
        said = places.get(where)
        if said:
            count = f" x{len(said)}" if len(said) > 1 else ""
            parts.append(f"{where}{count}: {', '.join(dict.fromkeys(said))}")
    return " | ".join(parts)


def exercise_condition(post: CleanPost, conditions: PostConditions, exercise: ExerciseRecord,
                       vocabulary: ConditionVocabulary | None = None) -> str | None:
    """The exercise's condition: its section's (nearest enclosing heading naming one), else the post's first."""
    if not conditions.names:
        return None
    if exercise.comment_id is None:
        vocab = vocabulary or load_conditions()
        ceiling = 7                                  # enclosing headings have a level below every one passed
        for block in reversed(_headings_before(post.blocks, exercise.char_start)):
            level = block.level or 2
            if level >= ceiling:
                continue
            ceiling = level
            named = [n for _, n, _ in vocab.mentions(block.text) if n in conditions.names]
            if named:
                return named[0]
    return conditions.names[0]


def _headings_before(blocks: Sequence, offset: int) -> list:
    return [b for b in blocks if b.kind == "heading" and b.start <= offset]
