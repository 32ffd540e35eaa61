"""What comment threads talk about: facts per comment, and themes per post and across a corpus.

    comment -> CommentFacts: exercises (from the extractor's records), muscles, equipment and
               conditions it names, whether it asks a question, whether the post's author
               answered it (a reply by the post's author anywhere beneath it)
    comments -> themes: small talk ("great post, thanks!") set apart by rule; the rest by
               seeded NMF over TF-IDF (scikit-learn, CPU, no model download)

The theme method, step by step: multi-word terms ("IT band", "foam roller", "SI joint") are
joined into single tokens and plurals folded, as ``lexicon/themes.json`` lists them; TF-IDF
weighs the tokens; NMF factorises the comment x term matrix into themes.  Components start
from the vocabulary's concepts (e.g. soft-tissue tools: lacrosse ball, foam roller, dry
needling, massage) that at least two comments of the thread use, plus a few free components,
so the themes that a thread supports come out under names a reader knows, and the data
decides which comment belongs where.  A theme keeps its concept's name only while the
concept's terms stay among its top terms; otherwise it is named by its top terms.
"""

from __future__ import annotations

import hashlib
import heapq
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import nmf
from .tfidf import Tfidf
from .lexicon import CONDITIONS, LEXICON_DIR, THEMES, alternation, load_theme_words, read_conditions
from .records import CleanPost, CommentFacts, ExerciseRecord, Theme, ThemeAssignment

__all__ = ["ThemeVocabulary", "load_vocabulary", "FactFinder", "comment_facts", "Reading", "ThemeInput", "fit_themes",
           "ThemeModel", "ThemeTally", "ThemeSink", "thread_themes", "run_themes", "preload", "MIN_POST_COMMENTS",
           "SMALL_TALK_LABEL"]

MIN_POST_COMMENTS = 10      # a thread shorter than this gets no themes of its own (it is in the corpus ones)
MIN_THEME_SIZE = 2          # a theme of one comment is not a theme
CONCEPT_WEIGHT = 3.0        # a concept's terms count this much more than other words
NMF_MAX_ITER = 600          # coordinate descent sweeps at most, for a fit and for placing comments
MAX_FIT = 20_000            # corpus themes are fitted on at most this many comments, then assigned to all
SMALL_TALK_LABEL = "Thanks and small talk"
_WORD = re.compile(r"[^\W\d_][^\W\d]+")        # words of any alphabet ("grüße"), "_" joins phrases
_NEGATION = re.compile(r"\b\w+n['’]t\b")            # don't, haven't: no topic in them
_APOSTROPHE = re.compile(r"\b(\w+)['’](s|m|re|ve|ll|d)\b")
_URL = re.compile(r"https?://\S+")


# -- vocabulary ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ThemeVocabulary:
    phrase_re: re.Pattern[str]
    phrases: dict[str, str]                      # surface phrase -> token (spaces as "_")
    concepts: tuple[tuple[str, frozenset[str]], ...]
    small_talk_re: re.Pattern[str]
    small_talk_max_words: int
    question_re: re.Pattern[str]
    stop_words: frozenset[str]
    phrase_words: frozenset[str] | None = None   # a word of each phrase (None: some phrase has none)

    def normalise(self, text: str) -> str:
        """Lower case, contractions and URLs dropped, phrases joined, plurals folded."""
        return " ".join(self._words(text))

    def _words(self, text: str) -> list[str]:
        text = text.lower().replace("’", "'")
        if "http" in text:          # the pattern's own first letters
            text = _URL.sub(" ", text)
        if "'" in text:            # both patterns need one (the cost of a comment's normalising)
            text = _APOSTROPHE.sub(r"\1", _NEGATION.sub(" ", text))
        words = _WORD.findall(text)
        # a phrase that stands in the text (between word boundaries) leaves its longest word among
        # the text's words: a text without any of them has no phrase to join, and most have none
        if self.phrase_words is None or not self.phrase_words.isdisjoint(words):
            words = _WORD.findall(self.phrase_re.sub(lambda m: self.phrases[m.group(0)], text))
        return [_singular(w) for w in words]

    def terms(self, text: str) -> list[str]:
        """The words themes are made of: normalised, stop words left out (TF-IDF's analyzer)."""
        return [w for w in self._words(text) if w not in self.stop_words]

    def content_words(self, text: str) -> list[str]:
        return [w for w in self._words(self.small_talk_re.sub(" ", text.lower())) if w not in self.stop_words]

    def is_small_talk(self, text: str) -> bool:
        """Thanks or praise, and little else to say."""
        return bool(self.small_talk_re.search(text.lower())) and \
            len(self.content_words(text)) <= self.small_talk_max_words

    def read(self, text: str) -> Reading:
        """All the themes need of a comment's text, read once (a run's workers do this for the
        corpus themes, which then only read the results back)."""
        return Reading(self.is_small_talk(text), tuple(self.terms(text)))

    def is_question(self, text: str) -> bool:
        text = _URL.sub(" ", text)
        if "?" in text:
            return True
        return any(self.question_re.match(s.strip()) for s in re.split(r"(?<=[.!])\s+|\n+", text))


@lru_cache(maxsize=1 << 16)    # words repeat in every corpus: most are looked up, not folded again
def _singular(word: str) -> str:
    if "_" in word or len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def preload() -> None:
    """Import scikit-learn's parts the themes use (slow to import): a run whose shards go to other
    processes calls this in a background thread, so the import overlaps the workers' work
    instead of delaying the corpus themes at the end."""
    import sklearn.decomposition  # noqa: F401
    import sklearn.feature_extraction.text  # noqa: F401
    import sklearn.preprocessing  # noqa: F401


@lru_cache(maxsize=1)
def _english_stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(_singular(w) for w in ENGLISH_STOP_WORDS)


@lru_cache(maxsize=4)
def load_vocabulary(path: Path = LEXICON_DIR / THEMES) -> ThemeVocabulary:
    raw = load_theme_words(path)
    phrases = {k.lower(): v.lower().replace(" ", "_") for k, v in raw["phrases"].items()}
    base = ThemeVocabulary(
        phrase_re=re.compile(rf"\b(?:{alternation(list(phrases))})\b"), phrases=phrases, concepts=(),
        small_talk_re=re.compile(rf"\b(?:{alternation([p.lower() for p in raw['small_talk']])})\b"),
        small_talk_max_words=raw["small_talk_max_words"],
        question_re=re.compile(rf"^(?:{alternation([p.lower() for p in raw['question_openers']])})\b", re.I),
        stop_words=frozenset(_singular(w.lower()) for w in raw["stop_words"]) | _english_stop_words(),
        phrase_words=_phrase_words(phrases),
    )
    concepts = []
    for concept in raw["concepts"]:
        tokens = frozenset(t for term in concept["terms"] for t in base._words(term))
        concepts.append((concept["label"], tokens))
    return ThemeVocabulary(**{**base.__dict__, "concepts": tuple(concepts)})


def _phrase_words(phrases: Iterable[str]) -> frozenset[str] | None:
    """The longest word (as the themes split words) of each phrase; None when a phrase has none."""
    longest = [max(_WORD.findall(phrase), key=len, default=None) for phrase in phrases]
    return None if None in longest else frozenset(longest)


# -- comment facts ---------------------------------------------------------------------------------

class FactFinder:
    """Names of muscles, equipment and conditions in a text, from the lexicon's aliases.

    ``names`` gives, for "muscles" and for "equipment", every name and the ways to write it (the
    name first, then its aliases), as the extractor's lexicon holds them; ``forms`` gives the
    forms an alias is matched in (the lexicon's spelling variants and plurals).  The caller
    hands both in (shards.fact_finder), so that the themes need nothing of the extractor's.
    The conditions are the themes' own vocabulary (``lexicon/conditions.jsonl``)."""

    def __init__(self, names: Mapping[str, Mapping[str, Sequence[str]]], forms: Callable[[str], Iterable[str]],
                 conditions: Path = LEXICON_DIR / CONDITIONS, vocabulary: ThemeVocabulary | None = None) -> None:
        self.vocabulary = vocabulary or load_vocabulary()
        self._tables = {
            "muscles": _matcher(names["muscles"], forms),
            "equipment": _matcher(names["equipment"], forms),
            "conditions": _matcher(_conditions(conditions), forms),
        }

        self._patterns = {kind: (_compiled(folded, re.I), _compiled(exact, 0))
                          for kind, (folded, exact) in self._tables.items()}
        # one word of every alias: a text holding none of them names nothing of the kind, and the
        # long alternations (the slow part) need not run on it
        self._anchors = {kind: frozenset(max(_ANCHOR_WORD.findall(alias.lower()), key=len, default="")
                                         for alias in (*folded, *exact))
                         for kind, (folded, exact) in self._tables.items()}
        self._clauses = {kind: _clause_splitter((*folded, *exact)) for kind, (folded, exact) in self._tables.items()}

    def find(self, kind: str, text: str) -> tuple[str, ...]:
        """The names of one kind ("muscles", "equipment", "conditions") in the text."""
        return self.find_all(text, (kind,))[kind]

    def find_all(self, text: str, kinds: Iterable[str] | None = None) -> dict[str, tuple[str, ...]]:
        """Each kind's names in the text (every kind by default); its words are split once."""
        text = text.replace("’", "'")
        words = frozenset(_ANCHOR_WORD.findall(text.lower()))
        return {kind: self._names(kind, text) if not self._anchors[kind].isdisjoint(words) else ()
                for kind in (self._tables if kinds is None else kinds)}

    def _names(self, kind: str, text: str) -> tuple[str, ...]:
        folded, exact = self._tables[kind]
        folded_re, exact_re = self._patterns[kind]
        pieces = self._pieces(kind, text)
        names = [folded[m.group(0).lower()] for piece in pieces for m in folded_re.finditer(piece)] if folded_re else []
        names += [exact[m.group(0)] for piece in pieces for m in exact_re.finditer(piece)] if exact_re else []
        return tuple(dict.fromkeys(names))

    def _pieces(self, kind: str, text: str) -> list[str]:
        """The stretches of ``text`` where a name of the kind may stand, in order: the text cut at
        every character no alias holds that is not a word character or a hyphen (full stops,
        commas, line breaks...), and of those pieces the ones holding one of the kind's anchor
        words.  No alias spans such a character, and it ends a piece as the text's end does for
        the patterns' look-arounds (no word character or hyphen before or after): the patterns
        find in the pieces what they find in the whole text, and the long alternations read a
        clause, not a comment.  A piece not in ASCII is kept whatever its words (case folding
        beyond ASCII is the pattern's to judge), and so is every piece when an alias is not."""
        splitter, ascii_aliases = self._clauses[kind]
        anchors = self._anchors[kind]
        return [piece for piece in splitter.split(text)
                if piece and (not ascii_aliases or not piece.isascii()
                              or not anchors.isdisjoint(_ANCHOR_WORD.findall(piece.lower())))]


_ANCHOR_WORD = re.compile(r"\w+")   # not _WORD (the themes' words): any run of word characters


def _clause_splitter(aliases: Iterable[str]) -> tuple[re.Pattern[str], bool]:
    """(the runs of characters no alias holds, other than word characters and hyphens; whether
    every alias is in ASCII): see FactFinder._pieces."""
    aliases = list(aliases)
    kept = sorted({c for alias in aliases for c in alias if not _ANCHOR_WORD.fullmatch(c)} | {"-"})
    return re.compile(f"[^\\w{''.join(re.escape(c) for c in kept)}]+"), all(alias.isascii() for alias in aliases)


def _conditions(path: Path) -> dict[str, tuple[str, ...]]:
    return {name: (name, *aliases) for name, aliases in read_conditions(path)}


def _matcher(names: Mapping[str, Sequence[str]],
             forms: Callable[[str], Iterable[str]]) -> tuple[dict[str, str], dict[str, str]]:
    """(case-folded alias -> name, ALL-CAPS abbreviation -> name): "PF" must not match "pf"."""
    folded: dict[str, str] = {}
    exact: dict[str, str] = {}
    for name, aliases in names.items():
        for alias in aliases:
            for form in forms(alias):
                if form.isupper() and len(form) <= 5:
                    exact.setdefault(form, name)
                else:
                    folded.setdefault(form.lower().replace("’", "'"), name)
    return folded, exact


def _compiled(table: dict[str, str], flags: int) -> re.Pattern[str] | None:
    if not table:
        return None
    return re.compile(rf"(?<![\w-])(?:{alternation(list(table))})(?![\w-])", flags)


def comment_facts(post: CleanPost, exercises: Sequence[ExerciseRecord], finder: FactFinder) -> tuple[CommentFacts, ...]:
    """One CommentFacts per comment of the post, in the post's comment order."""
    named: dict[str, list[str]] = {}
    for record in exercises:
        if record.comment_id is not None:
            named.setdefault(record.comment_id, []).append(record.name)
    children: dict[str, list[str]] = {}
    for comment in post.comments:
        if comment.parent_id is not None:
            children.setdefault(comment.parent_id, []).append(comment.comment_id)
    by_author = {c.comment_id for c in post.comments if c.is_post_author}

    def answered(comment_id: str) -> bool:
        stack = list(children.get(comment_id, ()))
        while stack:
            reply = stack.pop()
            if reply in by_author:
                return True
            stack.extend(children.get(reply, ()))
        return False

    vocabulary = finder.vocabulary
    return tuple(
        CommentFacts(
            comment_id=c.comment_id,
            exercises=tuple(dict.fromkeys(named.get(c.comment_id, ()))),
            muscles=found["muscles"], equipment=found["equipment"], conditions=found["conditions"],
            is_question=vocabulary.is_question(c.text), answered_by_post_author=answered(c.comment_id),
        )
        for c in post.comments
        for found in [finder.find_all(c.text)]
    )


# -- themes ----------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Reading:
    """What the theme vocabulary makes of one comment's text (ThemeVocabulary.read)."""

    small_talk: bool
    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ThemeInput:
    comment_id: str
    post_id: str
    text: str
    reading: Reading | None = None     # the text read by the same vocabulary, when done already


def fit_themes(items: Sequence[ThemeInput], scope: str, post_id: str | None = None,
               vocabulary: ThemeVocabulary | None = None) -> tuple[list[Theme], list[ThemeAssignment]]:
    """Themes of a set of comments (one post's thread, or a whole corpus) and who belongs to which."""
    model = ThemeModel.fit(items, scope, post_id, vocabulary)
    tally = ThemeTally(model)
    assignments = model.assign(items)
    tally.add(assignments)
    return tally.themes(), assignments


class ThemeModel:
    """Themes fitted on some comments, able to place any comment (of the same scope) in one."""

    def __init__(self, scope: str, post_id: str | None, vocabulary: ThemeVocabulary) -> None:
        self.scope, self.post_id, self.vocabulary = scope, post_id, vocabulary
        self.prefix = f"{post_id}-t" if scope == "post" else "corpus-t"
        self.small_talk_id: str | None = None
        self.small_talk_terms: tuple[str, ...] = ()
        self._vectorizer: Tfidf | None = None
        self._boost = None
        self._components: np.ndarray | None = None   # the NMF's H (nmf.py), None before a fit
        self._kept: list[int] = []           # NMF components that are themes, in theme order
        self.labels: list[str] = []
        self.terms: list[tuple[str, ...]] = []
        # what the vocabulary made of each comment the model was fitted on that came without a
        # Reading, by comment_id: assign reads those again (a thread's themes are fitted and
        # assigned on the same comments, the corpus themes on a sample of all); bounded by the
        # fit set, never by the run
        self._small_talk: dict[str, tuple[str, bool]] = {}            # id -> (text, is small talk)
        self._read: dict[str, tuple[str, tuple[str, ...]]] = {}       # id -> (text, its terms)

    @classmethod
    def fit(cls, items: Sequence[ThemeInput], scope: str, post_id: str | None = None,
            vocabulary: ThemeVocabulary | None = None) -> ThemeModel:
        model = cls(scope, post_id, vocabulary or load_vocabulary())
        talk = [i.reading.small_talk if i.reading is not None else model.vocabulary.is_small_talk(i.text)
                for i in items]
        model._small_talk = {i.comment_id: (i.text, is_talk) for i, is_talk in zip(items, talk) if i.reading is None}
        small = [i for i, is_talk in zip(items, talk) if is_talk]
        if len(small) >= MIN_THEME_SIZE:
            model.small_talk_id = f"{model.prefix}00"
            found = Counter(m.group(0) for i in small for m in model.vocabulary.small_talk_re.finditer(i.text.lower()))
            model.small_talk_terms = tuple(t for t, _ in sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[:8])
            rest = [i for i, is_talk in zip(items, talk) if not is_talk]
        else:
            rest = list(items)
        if len(rest) >= 2 * MIN_THEME_SIZE:
            model._fit_nmf(rest if len(rest) <= MAX_FIT else
                           [rest[i] for i in np.linspace(0, len(rest) - 1, MAX_FIT).astype(int)])
        return model

    def theme_id(self, number: int) -> str:
        return f"{self.prefix}{number + 1:02d}"

    def _fit_nmf(self, items: list[ThemeInput]) -> None:
        # each comment's terms (vocabulary.terms, read once and kept for assign) into scikit-learn's
        # TF-IDF (tfidf.py: TfidfVectorizer's matrices, without its checks on every fit)
        vectorizer = Tfidf(min_df=2 if len(items) >= 20 else 1, max_df=0.5 if len(items) >= 20 else 1.0)
        self._read = {i.comment_id: (i.text, tuple(self.vocabulary.terms(i.text))) for i in items if i.reading is None}
        try:
            x_raw = vectorizer.fit_transform([self._terms(i) for i in items])
        except ValueError:            # nothing left after stop words: no themes to find
            return
        terms = vectorizer.terms()
        column = {t: n for n, t in enumerate(terms)}
        doc_freq = np.asarray((x_raw > 0).sum(axis=0)).ravel()
        seeds = []
        for label, tokens in self.vocabulary.concepts:
            present = [column[t] for t in tokens if t in column and doc_freq[column[t]] >= MIN_THEME_SIZE]
            if present:
                seeds.append((label, tokens, present))
        free = max(1, min(4, len(items) // 25))
        k = min(len(seeds) + free, x_raw.shape[0] - 1, x_raw.shape[1])
        if k < 1:
            return
        seeds = seeds[:k]
        boost = np.ones(x_raw.shape[1])
        for _, _, cols in seeds:
            boost[cols] = CONCEPT_WEIGHT
        x_fit = _rows_normalised(x_raw.multiply(boost).tocsr())
        rng = np.random.default_rng(0)
        h0 = rng.uniform(0.0, 0.01, size=(k, x_fit.shape[1]))
        for row, (_, _, cols) in enumerate(seeds):
            h0[row, cols] += 1.0
        heaviest = np.asarray(x_fit.sum(axis=0)).ravel()
        for row in range(len(seeds), k):     # free components start from the heaviest unseeded terms
            h0[row] += heaviest / (heaviest.max() or 1.0) * rng.uniform(0.5, 1.0, size=heaviest.shape)
        w0 = np.maximum(np.asarray(x_fit @ h0.T), 1e-4)
        weights, components = nmf.fit(x_fit, w0, h0, NMF_MAX_ITER)
        best, strength = weights.argmax(axis=1), weights.max(axis=1)
        sizes = np.bincount(best[strength > 0], minlength=k)
        self._kept = [int(c) for c in np.argsort(-sizes, kind="stable") if sizes[c] >= MIN_THEME_SIZE]
        self._vectorizer, self._boost, self._components = vectorizer, boost, components
        for component in self._kept:
            top = [terms[t] for t in np.argsort(-components[component])[:8]]
            self.labels.append(_label(component, seeds, top))
            self.terms.append(tuple(t.replace("_", " ") for t in top))

    def assign(self, items: Sequence[ThemeInput]) -> list[ThemeAssignment]:
        """Each comment's theme: small talk by rule, else the strongest kept NMF theme (if any)."""
        out: list[ThemeAssignment] = []
        topical: list[ThemeInput] = []
        for item in items:
            if self.small_talk_id is not None and self._is_small_talk(item):
                out.append(ThemeAssignment(item.comment_id, self.small_talk_id, 1.0))
            else:
                topical.append(item)
        if self._components is None or not topical or not self._kept:
            return out
        x = _rows_normalised(self._vectorizer.transform([self._terms(i) for i in topical])
                             .multiply(self._boost).tocsr())
        weights = nmf.transform(x, self._components, NMF_MAX_ITER)[:, self._kept]
        totals = weights.sum(axis=1)
        for item, row, total in zip(topical, weights, totals):
            if total > 0:
                best = int(row.argmax())
                out.append(ThemeAssignment(item.comment_id, self.theme_id(best), float(row[best] / total)))
        return out


    def _is_small_talk(self, item: ThemeInput) -> bool:
        if item.reading is not None:
            return item.reading.small_talk
        known = self._small_talk.get(item.comment_id)
        return known[1] if known is not None and known[0] == item.text else self.vocabulary.is_small_talk(item.text)

    def _terms(self, item: ThemeInput) -> tuple[str, ...]:
        if item.reading is not None:
            return item.reading.terms
        known = self._read.get(item.comment_id)
        return known[1] if known is not None and known[0] == item.text else tuple(self.vocabulary.terms(item.text))


class ThemeTally:
    """Sizes and most typical members of a model's themes, counted as assignments stream by."""

    def __init__(self, model: ThemeModel) -> None:
        self.model = model
        self.sizes: dict[str, int] = {}
        self.best: dict[str, list[tuple[float, str]]] = {}

    def add(self, assignments: Iterable[ThemeAssignment]) -> None:
        for a in assignments:
            self.sizes[a.theme_id] = self.sizes.get(a.theme_id, 0) + 1
            heap = self.best.setdefault(a.theme_id, [])
            entry = (a.score, a.comment_id) if a.theme_id != self.model.small_talk_id else (-len(heap), a.comment_id)
            if len(heap) < 3:
                heapq.heappush(heap, entry)
            else:
                heapq.heappushpop(heap, entry)

    def themes(self) -> list[Theme]:
        model = self.model
        rows = []
        if model.small_talk_id is not None:
            rows.append((model.small_talk_id, SMALL_TALK_LABEL, model.small_talk_terms))
        rows += [(model.theme_id(n), label, terms) for n, (label, terms) in enumerate(zip(model.labels, model.terms))]
        return [Theme(theme_id, model.scope, model.post_id, label, terms, self.sizes[theme_id],
                      tuple(cid for _, cid in sorted(self.best[theme_id], reverse=True)))
                for theme_id, label, terms in rows if self.sizes.get(theme_id, 0) >= MIN_THEME_SIZE]


def _rows_normalised(matrix):
    """``sklearn.preprocessing.normalize(matrix)`` (rows to unit length): for the CSR matrix of
    float64 the themes make, its own kernel on a copy, as ``normalize`` runs it after checks
    that cost more, on a small thread, than the work."""
    if matrix.format != "csr" or matrix.dtype != np.float64:
        from sklearn.preprocessing import normalize

        return normalize(matrix, norm="l2", axis=1)
    from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

    normalised = matrix.copy()
    inplace_csr_row_normalize_l2(normalised)
    return normalised


def _label(component: int, seeds: list, top: list[str]) -> str:
    if component < len(seeds):
        label, tokens, _ = seeds[component]
        if tokens.intersection(top[:5]):
            return label
    return " / ".join(t.replace("_", " ") for t in top[:3])


# -- a run's themes --------------------------------------------------------------------------------
#
# A run's workers each read every comment of their shard once for the themes (a Reading per
# comment, into the shard's readings part) and fit the themes of its threads (into its themes and
# comment_themes parts); after the merge, run_themes copies the threads' themes of the posts the
# merge kept, fits the corpus themes from the readings and gives them to every comment.

ASSIGN_BATCH = 2000         # comments given their corpus theme together, in input order (whatever the shards)
POST_ID_LENGTH = 16         # a post_id is the first 16 hex digits of the page's sha256 (clean.post_id_of)


class ThemeSink(Protocol):
    """Where the themes' rows go: the caller's tables (a shard's parts, or the run's tables)."""

    def readings(self, items: Iterable[ThemeInput]) -> None:
        """Each comment's Reading (the items carry one each)."""

    def themes(self, themes: Iterable[Theme]) -> None: ...

    def assignments(self, assignments: Iterable[ThemeAssignment]) -> None: ...

    def copy(self, table: str, batch: Any) -> None:
        """Rows of a shard part's "themes" or "comment_themes" table (an Arrow batch), as they are."""


def thread_themes(post: CleanPost, sink: ThemeSink) -> None:
    """A worker's part of the themes, for one post: every comment (pingbacks left out) read once
    for the corpus themes, and the thread's own themes when it has at least MIN_POST_COMMENTS."""
    vocabulary = load_vocabulary()
    thread = [ThemeInput(c.comment_id, post.post_id, text, vocabulary.read(text))
              for c in post.comments if c.kind == "comment" for text in [c.text or ""]]
    sink.readings(thread)
    if len(thread) >= MIN_POST_COMMENTS:
        themes, assignments = fit_themes(thread, "post", post.post_id)
        sink.themes(themes)
        sink.assignments(assignments)


def run_themes(parts: Sequence[tuple[Path, Set[str]]], sink: ThemeSink) -> None:
    """Themes of every thread of at least MIN_POST_COMMENTS comments, and of all comments together.

    ``parts`` are the run's shard part folders in plan order, each with the post_ids the merge
    dropped from it (posts an earlier shard already gave).  Each thread's own themes were fitted
    by the worker that processed its shard (``thread_themes``); they are copied for the posts
    the merge kept.  Then the parts are streamed twice, one at a time: first for a fixed-size
    sample of comments; then the corpus themes, fitted on that sample, are given to every
    comment.  Memory stays bounded by one shard and the sample, however large the run."""
    for part, dropped in parts:
        _copy_thread_themes(part, sink, dropped)
    total = sum(_comment_rows(part) for part, _ in parts)
    rate = min(1.0, MAX_FIT / total) if total else 1.0
    sample: list[ThemeInput] = []
    for _, thread in _threads(parts):
        sample.extend(_shared_words(i) for i in thread if rate >= 1.0 or _sampled(i.comment_id, rate))
    model = ThemeModel.fit(sample, "corpus")
    tally = ThemeTally(model)

    def assign(batch: list[ThemeInput]) -> None:
        assignments = model.assign(batch)
        tally.add(assignments)
        sink.assignments(assignments)

    batch: list[ThemeInput] = []
    for _, thread in _threads(parts):
        batch.extend(thread)
        if len(batch) >= ASSIGN_BATCH:     # one NMF transform per batch, not per thread (far fewer calls)
            assign(batch)
            batch = []
    assign(batch)
    sink.themes(tally.themes())


def _comment_rows(part: Path) -> int:
    return pq.ParquetFile(part / "comments.parquet").metadata.num_rows


def _copy_thread_themes(part: Path, sink: ThemeSink, dropped: Set[str]) -> None:
    """A shard's per-thread themes and their comment assignments, less those of dropped posts
    (a comment_id and a thread's theme_id both start with the post_id)."""
    for table, column in (("themes", "theme_id"), ("comment_themes", "comment_id")):
        for batch in pq.ParquetFile(part / f"{table}.parquet").iter_batches():
            if dropped:
                post_ids = pc.utf8_slice_codeunits(batch.column(column), 0, POST_ID_LENGTH)
                batch = batch.filter(pc.invert(pc.is_in(post_ids, pa.array(sorted(dropped)))))
            sink.copy(table, batch)


def _threads(parts: Sequence[tuple[Path, Set[str]]]) -> Iterator[tuple[str, list[ThemeInput]]]:
    """(post_id, its comments, pingbacks left out) for every post kept by the merge, one shard at a
    time, each comment with the reading its worker made of it."""
    columns = ("comment_id", "post_id", "text", "kind")
    for part, skip in parts:
        table = pq.read_table(part / "comments.parquet", columns=list(columns))
        readings = _readings(part)
        threads: dict[str, list[ThemeInput]] = {}
        for comment_id, post_id, text, kind in zip(*(table.column(n).to_pylist() for n in columns)):
            if post_id not in skip and kind == "comment":
                threads.setdefault(post_id, []).append(ThemeInput(comment_id, post_id, text or "",
                                                                  readings.get(comment_id)))
        yield from threads.items()


def _readings(part: Path) -> dict[str, Reading]:
    """A shard's readings by comment_id (a comment without one is read again by the model)."""
    table = pq.read_table(part / "readings.parquet")
    return {comment_id: Reading(small_talk, tuple(terms)) for comment_id, small_talk, terms
            in zip(*(table.column(n).to_pylist() for n in ("comment_id", "small_talk", "terms")))}


def _shared_words(item: ThemeInput) -> ThemeInput:
    """The item with one string object per distinct term: read back from parquet, every term
    of every comment is a string of its own, and the sample holds up to MAX_FIT comments, whose
    words the vocabulary hands out shared (they repeat)."""
    if item.reading is None:
        return item
    return replace(item, reading=Reading(item.reading.small_talk, tuple(map(sys.intern, item.reading.terms))))


def _sampled(comment_id: str, rate: float) -> bool:
    return int(hashlib.sha1(comment_id.encode()).hexdigest()[:8], 16) < rate * 0xFFFFFFFF
