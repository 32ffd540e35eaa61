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

import re
from collections.abc import Iterator
from typing import Any

import spacy
from spacy.attrs import LOWER, NORM
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, make_first_longest_spans_filter

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
    for key, label in RULERS:
        patterns: list[dict[str, Any]] = []
        token_patterns: list[tuple[str, list[dict[str, Any]]]] = []
        for entry in _table(lexicon, key).values():
            patterns.extend({"label": label, "id": entry.name, "pattern": form} for form in phrase_forms(entry))
            for token_pattern in entry.patterns:
                _check_pattern(checker, entry.origin, entry.name, token_pattern)
                token_patterns.append((entry.name, token_pattern))
        ruler = nlp.add_pipe("blogrx_phrase_ruler", name=f"{key}_ruler", config={"spans_key": key})
        ruler.add_patterns(patterns)
        if token_patterns:
            anchored = nlp.add_pipe("blogrx_anchored_ruler", name=f"{key}_token_ruler",
                                    config={"spans_key": key, "label": label})
            anchored.add_patterns(token_patterns)
    return nlp


def _table(lexicon: Lexicon, key: str) -> dict[str, Any]:
    return {"exercise": lexicon.exercises, "muscle": lexicon.muscles, "equipment": lexicon.equipment}[key]


def phrase_forms(entry: Any) -> Iterator[str]:
    """Every phrase the ruler matches for an entry: its name (unless ``match_name`` is false)
    and its aliases, each in all its variants."""
    names = (entry.name,) if getattr(entry, "match_name", True) else ()
    for alias in (*names, *entry.aliases):
        yield from variants(alias)


def _longest_word(phrase: str) -> str | None:
    tokens = _WORDS.findall(phrase.lower().replace("\u2019", "'"))
    return max(tokens, key=len) if tokens else None


def anchor_words(lexicon: Lexicon, table: str = "exercise") -> frozenset[str] | None:
    """One word of every way a ruler can name an entry of the table ("exercise", "muscle",
    "equipment"): of each name, alias and variant its longest word, of each token pattern its
    anchor.  A text holding none of them names nothing of the table.  None when some pattern
    has no anchor (then every text must be read)."""
    words: set[str] = set()
    for entry in _table(lexicon, table).values():
        words.update(word for word in map(_longest_word, phrase_forms(entry)) if word)
        for pattern in entry.patterns:
            anchor = _anchor_words(pattern)
            if anchor is None:
                return None
            words |= anchor
    return frozenset(words)


_WORDS = re.compile(r"\w+")


def _anchor_words(pattern: list[dict[str, Any]]) -> frozenset[str] | None:
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


def _values(doc: Doc, attr: int) -> set[int]:
    """The distinct values of a token attribute in the doc, read once per doc for all the rulers."""
    key = ("blogrx", attr)
    found = doc.user_data.get(key)
    if found is None:
        found = doc.user_data[key] = set(doc.to_array(attr).tolist())
    return found


class AnchoredRuler:
    """Token patterns of one ruler, matched only in texts holding one of their anchor words.

    spaCy's Matcher tests every pattern's first token at every token of every text, which made
    it the largest cost of extraction; one array lookup of the text's lower-case words says
    first whether any pattern could match at all.  Matches join the phrase ruler's spans under the same filter (the
    first longest span wins).
    """

    def __init__(self, nlp: Language, spans_key: str, label: str) -> None:
        self.spans_key = spans_key
        self.label = label
        self.matcher = Matcher(nlp.vocab, validate=True)
        self.anchor_ids: frozenset[int] = frozenset()   # LOWER hashes of the anchor words
        self.always = False

    def add_patterns(self, patterns: list[tuple[str, list[dict[str, Any]]]]) -> None:
        words: set[str] = set()
        for name, pattern in patterns:
            self.matcher.add(name, [pattern])
            anchor = _anchor_words(pattern)
            if anchor is None:
                self.always = True
            else:
                words |= anchor
        strings = self.matcher.vocab.strings
        self.anchor_ids = frozenset(int(strings.add(w)) for w in words)

    def __call__(self, doc: Doc) -> Doc:
        if not self.always and self.anchor_ids.isdisjoint(_values(doc, LOWER)):
            return doc
        found = [Span(doc, start, end, label=self.label, span_id=self.matcher.vocab.strings[key])
                 for key, start, end in self.matcher(doc)]
        if found:
            doc.spans[self.spans_key] = filter_spans([*doc.spans[self.spans_key], *found])
        return doc


@Language.factory("blogrx_anchored_ruler", default_config={"spans_key": "", "label": ""})
def _make_anchored_ruler(nlp: Language, name: str, spans_key: str, label: str) -> AnchoredRuler:
    return AnchoredRuler(nlp, spans_key, label)


class PhraseRuler:
    """A vocabulary's phrases (spaCy's SpanRuler on NORM, first longest span wins), run only on
    texts holding a word of one of them.

    Each phrase is tokenized as the SpanRuler does it, and the NORM of its longest token is that
    phrase's anchor: a text without any anchor cannot match, and most blocks of a post (and most
    pages of a crawl) name nothing of a vocabulary.  For them the PhraseMatcher, its span filter
    and its annotations are skipped, and the spans key is set empty.
    """

    def __init__(self, nlp: Language, name: str, spans_key: str) -> None:
        self.nlp = nlp
        self.spans_key = spans_key
        self.ruler = SpanRuler(nlp, name, spans_key=spans_key, phrase_matcher_attr="NORM", validate=True,
                               overwrite=True, spans_filter=make_first_longest_spans_filter())
        self.anchor_ids: frozenset[int] = frozenset()   # NORM hashes
        self.always = False

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        self.ruler.add_patterns(patterns)
        ids = set(self.anchor_ids)
        for pattern in patterns:
            phrase = pattern["pattern"]
            tokens = list(self.nlp.make_doc(phrase)) if isinstance(phrase, str) else []
            if not tokens:
                self.always = True
                continue
            ids.add(max(tokens, key=lambda t: len(t.text)).norm)
        self.anchor_ids = frozenset(ids)

    def __call__(self, doc: Doc) -> Doc:
        if self.always or not self.anchor_ids.isdisjoint(_values(doc, NORM)):
            return self.ruler(doc)
        doc.spans[self.spans_key] = []
        return doc


@Language.factory("blogrx_phrase_ruler", default_config={"spans_key": ""})
def _make_phrase_ruler(nlp: Language, name: str, spans_key: str) -> PhraseRuler:
    return PhraseRuler(nlp, name, spans_key)
