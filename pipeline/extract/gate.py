"""What spaCy need not read: the one module whose only promise is "no means the rules would
find nothing".  The extractor asks :class:`Gates` before reading a body, a block or a comment, and
the rulers (nlp.py) skip a text without any of their anchor words (:func:`anchor_words`); the dose
grammar keeps its own needed words beside each of its rules (dose.py), since they are part of the
rule.  Each of these is tested against the slow path it shortcuts.

Which texts can name an exercise at all, before spaCy reads them.

A ruler names an exercise only where the text holds every word of one of its phrases, or a
word for every required token of one of its token patterns.  :class:`NameGate` keeps those
word requirements and answers, from the text's words alone, "could any of them match here?"
A "no" is exact: the rulers would find nothing.  A "yes" only means spaCy must look.

    "I did three sets of clamshells"   -> yes (every word of "clamshells")
    "Thanks, one of my favourite posts" -> no  ("one" alone names nothing; "one-leg squat" needs "leg" and "squat")

Texts and phrases are split into words the same way, at every change between letters and
digits ("10kg" -> "10", "kg"), never more coarsely than spaCy's tokenizer splits them.  The
one place where spaCy splits a run of letters, its exceptions ("gonna" -> "gon" + "na", normed
"going" + "to"), is handled by never requiring a word such an exception can produce.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from .dose import DoseGrammar
from ..lexicon import phrase_forms
from .lexicon import Lexicon
from .lexicon import table as lexicon_table

_PIECES = re.compile(r"[^\W\d_]+|\d+")      # runs of letters, runs of digits
_REQUIRED_OPS = ("1", "+")                  # a token pattern's OP that makes the token required
_WORD_ATTRS = ("LOWER", "ORTH", "TEXT", "NORM")

# A requirement: one tuple per required position, each a tuple of alternatives, each the set
# of words that alternative needs.  A phrase's positions are its words, one alternative each.
Requirement = tuple[tuple[frozenset[str], ...], ...]


def words_of(text: str) -> frozenset[str]:
    """The lower-case letter runs and digit runs of ``text``."""
    return frozenset(_PIECES.findall(text.lower()))


_PHRASE_DOCS: "weakref.WeakKeyDictionary[Language, dict[str, Doc]]" = weakref.WeakKeyDictionary()


def phrase_doc(nlp: Language, phrase: str) -> Doc:
    """The phrase as the pipeline's tokenizer cuts it, made once per pipeline (the rulers and the
    gate read every name of the vocabulary)."""
    docs = _PHRASE_DOCS.setdefault(nlp, {})
    doc = docs.get(phrase)
    if doc is None:
        doc = docs[phrase] = nlp.make_doc(phrase)
    return doc


def forget_phrases(nlp: Language) -> None:
    """Drop the phrases cut for ``nlp`` once its rulers and gates are built."""
    _PHRASE_DOCS.pop(nlp, None)


def _exception_words(nlp: Language) -> frozenset[str]:
    """Words a tokenizer exception can give a token that the text's own letter runs do not
    hold: its NORM when that differs from what is written ("cos" -> "because"), and the pieces
    of an exception that cuts one word in two ("cannot" -> "can" + "not")."""
    out: set[str] = set()
    for written, tokens in nlp.tokenizer.rules.items():
        cut = len(tokens) > 1 and re.fullmatch(r"\w+", written) is not None
        for token in tokens:
            orth = str(token.get(ORTH, token.get("ORTH", "")))
            norm = str(token.get(NORM, token.get("NORM", "")) or "")
            if norm and norm.lower() != orth.lower():
                out.update(_PIECES.findall(norm.lower()))
            if cut:
                out.update(_PIECES.findall(orth.lower()))
    return frozenset(out)


def _phrase_requirement(nlp: Language, phrase: str, unsure: frozenset[str]) -> Requirement:
    words = {w for token in phrase_doc(nlp, phrase) for w in _PIECES.findall(token.norm_.lower())} - unsure
    return tuple((frozenset({w}),) for w in sorted(words))


def _pattern_requirement(pattern: list[dict[str, Any]], unsure: frozenset[str]) -> Requirement:
    positions: list[tuple[frozenset[str], ...]] = []
    for token in pattern:
        if str(token.get("OP", "1")) not in _REQUIRED_OPS:
            continue                       # optional, repeated zero times, or negated
        for attr in _WORD_ATTRS:
            value = token.get(attr)
            if isinstance(value, str):
                values = [value]
            elif isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
                values = [str(v) for v in value["IN"]]
            else:
                continue
            alternatives = [frozenset(_PIECES.findall(v.lower())) for v in values]
            if attr == "NORM":
                alternatives = [a - unsure for a in alternatives]
            if all(alternatives):          # a value with no word in it ("-") requires nothing here
                positions.append(tuple(dict.fromkeys(alternatives)))
            break
    return tuple(positions)


class NameGate:
    """The word requirements of every way one vocabulary can be named, indexed by one word
    of each (the longest of its rarest position), so that a text is checked only against
    the requirements its own words could meet."""

    def __init__(self, requirements: Iterable[Requirement]) -> None:
        self.always = False
        self._by_word: dict[str, list[Requirement]] = {}
        for requirement in dict.fromkeys(requirements):     # a form with a hyphen needs the same words
            if not requirement:
                self.always = True         # nothing to require: every text must be read
                continue
            key = min(requirement, key=len)
            for alternative in key:
                self._by_word.setdefault(max(alternative, key=len), []).append(requirement)

    def may_match(self, words: frozenset[str]) -> bool:
        """False only when no requirement is met by ``words`` (see :func:`words_of`)."""
        if self.always:
            return True
        return any(self._met(word, words) for word in words.intersection(self._by_word))

    def met_keys(self, words: frozenset[str], limit: int) -> frozenset[str] | None:
        """The index words of the requirements ``words`` meet (empty: :meth:`may_match` is False),
        or None for more than ``limit`` of them or when every text passes.  A part of the text
        (one block of a body) can meet one only if it holds one of these words, and a substring
        test of it for a few words is cheaper than splitting it into words."""
        if self.always:
            return None
        met: set[str] = set()
        for word in words.intersection(self._by_word):
            if self._met(word, words):
                met.add(word)
                if len(met) > limit:
                    return None
        return frozenset(met)

    def _met(self, word: str, words: frozenset[str]) -> bool:
        return any(all(any(alternative <= words for alternative in position) for position in requirement)
                   for requirement in self._by_word[word])


def name_gate(nlp: Language, lexicon: Lexicon, table: str = "exercise") -> NameGate:
    """The gate of one table ("exercise", "muscle", "equipment"), for the rulers ``nlp`` runs."""
    unsure = _exception_words(nlp)
    requirements: list[Requirement] = []
    for entry in lexicon_table(lexicon, table).values():
        requirements.extend(_phrase_requirement(nlp, form, unsure) for form in phrase_forms(entry))
        requirements.extend(_pattern_requirement(pattern, unsure) for pattern in entry.patterns)
    if table == "exercise":
        # "Stretch: your hamstrings", "I roll my calves" name a stretch and a roll (link._stretched_targets);
        # "a lacrosse ball on my piriformis" names a release (link._rolled_with_a_tool)
        cues = lexicon.cues
        verbs = tuple(frozenset({verb}) for verb in sorted(cues.stretch_verbs | cues.roll_verbs))
        tools = tuple(frozenset(w for position in _phrase_requirement(nlp, form, unsure) for alt in position for w in alt)
                      for name in sorted(cues.soft_tissue_tools) if name in lexicon.equipment
                      for form in phrase_forms(lexicon.equipment[name]))
        for muscle in lexicon.muscles.values():
            for form in phrase_forms(muscle):
                muscle_words = _phrase_requirement(nlp, form, unsure)
                requirements.append((verbs, *muscle_words))
                requirements.append((tools, *muscle_words))
    return NameGate(requirements)


# -- anchor words: one word every match of a ruler needs ------------------------------------------
def _longest_word(phrase: str) -> str | None:
    tokens = _WORDS.findall(phrase.lower().replace("\u2019", "'"))
    return max(tokens, key=len) if tokens else None


def anchor_words(lexicon: Lexicon, table: str = "exercise") -> frozenset[str] | None:
    """One word of every way a ruler can name an entry of the table ("exercise", "muscle",
    "equipment"): of each name, alias and variant its longest word, of each token pattern its
    anchor.  A text holding none of them names nothing of the table.  None when some pattern
    has no anchor (then every text must be read)."""
    words: set[str] = set()
    for entry in lexicon_table(lexicon, table).values():
        words.update(word for word in map(_longest_word, phrase_forms(entry)) if word)
        for pattern in entry.patterns:
            anchor = pattern_anchor_words(pattern)
            if anchor is None:
                return None
            words |= anchor
    return frozenset(words)


_WORDS = re.compile(r"\w+")


def pattern_anchor_words(pattern: list[dict[str, Any]]) -> frozenset[str] | None:
    """The words one required token of the pattern must be (its last one that names words).

    A text without any of them cannot match, so the Matcher need not run on it; None when the
    pattern has no such token.
    """
    for token in reversed(pattern):
        if token.get("OP") in ("?", "*"):
            continue
        for attr in ("LOWER", "ORTH", "TEXT", "NORM"):
            value = token.get(attr)
            if isinstance(value, str):
                return frozenset({value.lower()})
            if isinstance(value, dict) and isinstance(value.get("IN"), list):
                return frozenset(v.lower() for v in value["IN"])
    return None


# -- the gates of one extractor ---------------------------------------------------------------------
FEW_KEYS = 6      # a body meeting at most this many names' words has its blocks tested for them as substrings first


@dataclass(frozen=True, slots=True)
class Gates:
    """Every question extraction asks before spaCy reads a text.  Each "no" is exact: the rulers
    (and the dose grammar) would find nothing there."""

    exercises: NameGate | None              # the words every way to name an exercise needs
    term_anchors: frozenset[str] | None     # one word of every way to name an exercise, muscle or equipment
    grammar: DoseGrammar

    def may_name_an_exercise(self, text: str, keys: frozenset[str] | None = None) -> bool:
        """False only when no exercise can be named in ``text``: no phrase has all its words in
        it, and no token pattern a word for each required token.  ``keys``, the :meth:`name_keys`
        of a text holding this one (a body, for one of its blocks), skips what holds none of them."""
        if self.exercises is None:
            return True
        if keys is not None:
            lowered = text.lower()
            if not any(key in lowered for key in keys):
                return False
        return self.exercises.may_match(words_of(text))

    def name_keys(self, text: str) -> frozenset[str] | None:
        """One word of each way to name an exercise that ``text`` can meet (empty: none); None when
        more than FEW_KEYS are met, or every text must be read."""
        return None if self.exercises is None else self.exercises.met_keys(words_of(text), FEW_KEYS)

    def may_say_something(self, text: str) -> bool:
        """False only when ``text`` can name no exercise, muscle or equipment and state no dose:
        a block of the body that spaCy need not read (see link.quiet_unit)."""
        if self.term_anchors is None or not self.term_anchors.isdisjoint(_WORDS.findall(text.lower())):
            return True
        return self.grammar.may_hold_a_dose(text)
