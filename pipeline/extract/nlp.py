"""The spaCy pipeline: a blank English tokenizer, a sentencizer and three span rulers.

    text --tokenizer--> tokens --sentencizer--> sentences (none starting after a comma)
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
from spacy.attrs import LOWER, NORM
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.symbols import ORTH
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, make_first_longest_spans_filter

from .gate import pattern_anchor_words, phrase_doc
from ..lexicon import Origin, phrase_forms
from .lexicon import Lexicon, table

RULERS = (("exercise", "EXERCISE"), ("muscle", "MUSCLE"), ("equipment", "EQUIPMENT"))
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
    # "-Dumbbell squats", "•Squats": a list's dash or bullet glued to the first word is no part of it
    prefixes = list(nlp.Defaults.prefixes) + [r"[-\u2022*>]+(?=[A-Za-z])"]
    nlp.tokenizer.prefix_search = spacy.util.compile_prefix_regex(prefixes).search
    for abbreviation in lexicon.cues.abbreviations:   # "(ie. 1 set ...)": the stop ends no sentence
        for form in {abbreviation, abbreviation.capitalize(), abbreviation.upper()}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("blogrx_clause_joiner")
    checker = Matcher(nlp.vocab, validate=True)
    for key, label in RULERS:
        patterns: list[dict[str, Any]] = []
        token_patterns: list[tuple[str, list[dict[str, Any]]]] = []
        for entry in table(lexicon, key).values():
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


_CLAUSE_MARKS = frozenset({",", ";"})


@Language.component("blogrx_clause_joiner")
def clause_joiner(doc: Doc) -> Doc:
    """No sentence starts right after a comma or a semicolon: "step ups (drive up hard!), bridges
    and calf raises" is one list, though the sentencizer ends a sentence after the "!)," of a
    bracketed aside."""
    for sent in list(doc.sents)[1:]:
        if doc[sent.start - 1].text in _CLAUSE_MARKS:
            doc[sent.start].is_sent_start = False
    return doc


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
            anchor = pattern_anchor_words(pattern)
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
    """A vocabulary's phrases (a PhraseMatcher on NORM, first longest span wins), run only on
    texts holding a word of one of them.

    Each phrase is tokenized once, by the pipeline's own tokenizer (see :func:`phrase_doc`), and
    the NORM of its longest token is that phrase's anchor: a text without any anchor cannot
    match, and most blocks of a post (and most pages of a crawl) name nothing of a vocabulary.
    For them the matcher and its span filter are skipped, and the spans key is set empty.
    """

    def __init__(self, nlp: Language, name: str, spans_key: str) -> None:
        self.nlp = nlp
        self.spans_key = spans_key
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.keys: dict[int, tuple[str, str]] = {}      # match key -> (label, id)
        self.spans_filter = make_first_longest_spans_filter()
        self.anchor_ids: frozenset[int] = frozenset()   # NORM hashes

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        ids = set(self.anchor_ids)
        by_key: dict[str, list[Doc]] = {}
        for pattern in patterns:
            phrase, label, entry_id = pattern["pattern"], pattern["label"], pattern.get("id", "")
            doc = phrase_doc(self.nlp, phrase)
            if not len(doc):
                continue
            key = f"{label}\u241f{entry_id}"
            by_key.setdefault(key, []).append(doc)
            self.keys[self.nlp.vocab.strings.add(key)] = (label, entry_id)
            ids.add(max(doc, key=lambda t: len(t.text)).norm)
        for key, docs in by_key.items():
            self.matcher.add(key, docs)
        self.anchor_ids = frozenset(ids)

    def __call__(self, doc: Doc) -> Doc:
        if not self.anchor_ids.isdisjoint(_values(doc, NORM)):
            found = sorted({Span(doc, start, end, label=self.keys[key][0], span_id=self.keys[key][1])
                            for key, start, end in self.matcher(doc) if start != end and _joined(doc, start, end)})
            doc.spans[self.spans_key] = self.spans_filter([], found)
            return doc
        doc.spans[self.spans_key] = []
        return doc


def _joined(doc: Doc, start: int, end: int) -> bool:
    """No dash inside the match stands apart from the words around it: "plank-hold" is one name,
    "Side plank – hold 45 seconds" a name and its instruction (NORM makes every dash "-")."""
    return not any(doc[t].norm_ == "-" and (doc[t].whitespace_ or doc[t - 1].whitespace_)
                   for t in range(start + 1, end - 1))


@Language.factory("blogrx_phrase_ruler", default_config={"spans_key": ""})
def _make_phrase_ruler(nlp: Language, name: str, spans_key: str) -> PhraseRuler:
    return PhraseRuler(nlp, name, spans_key)
