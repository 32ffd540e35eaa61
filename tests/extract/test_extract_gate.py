"""The name gate: which texts spaCy need not read, because no exercise can be named in them.

A "no" must be exact (the rulers would find nothing there); a "yes" only sends the text to spaCy.
"""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.clean import clean
from pipeline.clean.text import clean_text
from pipeline.errors import PipelineError
from pipeline.extract import extract, load_extractor
from pipeline.extract.gate import words_of
from pipeline.records import Block, CleanPost, Comment
from pipeline.sources import discover, read_page

from tests.support.paths import CORPUS, FIXTURES, SAMPLES, SHARED


@pytest.fixture(scope="module")
def extractor():
    return load_extractor()


def test_a_text_is_split_into_letter_runs_and_digit_runs_at_least_as_finely_as_spacy_splits_it() -> None:
    assert words_of("3x10Squats, 10kg (one-leg)") == {"3", "x", "10", "squats", "kg", "one", "leg"}


def test_a_word_shared_by_many_names_is_not_enough_every_word_of_one_name_is(extractor) -> None:
    # "one" and "leg" are words of "one-leg squat"; the old one-word anchor let such texts through
    assert not extractor.may_name_an_exercise("Thanks, one of my favourite posts!")
    assert not extractor.may_name_an_exercise("My leg felt great on the long run.")
    assert extractor.may_name_an_exercise("Then ten one-leg squats on each side.")
    assert extractor.may_name_an_exercise("CLAMSHELLS, every day")


def test_a_name_glued_to_numbers_or_after_a_contraction_still_passes(extractor) -> None:
    # the gate splits at every letter/digit change, so it never depends on how spaCy splits "10squats"
    assert extractor.may_name_an_exercise("3x10squats")
    # "gonna" is two tokens normed "going" "to": a word such an exception gives is never required
    assert extractor.may_name_an_exercise("I'm gonna do glute bridges")


def test_every_name_and_pattern_of_the_lexicon_passes(extractor) -> None:
    from pipeline.lexicon import variants

    for entry in extractor.lexicon.exercises.values():
        names = (entry.name,) if entry.match_name else ()
        for alias in (*names, *entry.aliases):
            for form in variants(alias):
                for text in (f"I did {form.upper()} today.", f"({form})!", f"{form.title()}: 3x10"):
                    assert extractor.may_name_an_exercise(text), (entry.name, text)


def _texts(posts: list[CleanPost]) -> list[str]:
    return [t for p in posts for t in (*(b.text for b in p.blocks), *(c.text for c in p.comments), p.body_text)]


def _assert_gate_never_hides_a_named_exercise(extractor, texts: list[str]) -> int:
    named = 0
    for text, doc in zip(texts, extractor.nlp.pipe(texts)):
        if len(doc.spans["exercise"]):
            named += 1
            assert extractor.may_name_an_exercise(text), [s.text for s in doc.spans["exercise"]]
    return named


def test_on_our_own_posts_every_text_spacy_finds_an_exercise_in_passes_the_gate(extractor) -> None:
    posts = [clean_text(p.read_text(encoding="utf-8"), str(p)) for p in sorted((FIXTURES / "posts").glob("*.txt"))]
    posts += [clean(read_page(p)) for p in discover([SAMPLES])]
    assert _assert_gate_never_hides_a_named_exercise(extractor, _texts(posts)) > 50


def test_on_the_shared_corpus_every_text_spacy_finds_an_exercise_in_passes_the_gate(extractor) -> None:
    corpus = CORPUS if (CORPUS / "html").is_dir() else None
    if corpus is None:
        pytest.skip(f"third-party corpus not found at {CORPUS} (../shared is absent beside the repo)")
    posts = []
    for path in discover([corpus / "html"]):
        try:
            posts.append(clean(read_page(path)))
        except PipelineError:
            pass
    excerpts = sorted((SHARED / "corpus" / "posts-text").glob("*.txt"))
    posts += [clean_text(p.read_text(encoding="utf-8"), str(p)) for p in excerpts]
    assert _assert_gate_never_hides_a_named_exercise(extractor, _texts(posts)) > 100


class _CountingNlp:
    """The extractor's spaCy pipeline, counting the texts it is given."""

    def __init__(self, nlp) -> None:
        self.nlp, self.texts = nlp, []

    def pipe(self, texts, **kwargs):
        texts = list(texts)
        self.texts.extend(texts)
        return self.nlp.pipe(texts, **kwargs)

    def __getattr__(self, name):
        return getattr(self.nlp, name)


def _post(paragraphs: list[str], comments: list[str]) -> CleanPost:
    blocks, start = [], 0
    for text in paragraphs:
        blocks.append(Block("paragraph", text, start, start + len(text), None, 0, None))
        start += len(text) + 2
    return CleanPost(
        post_id="p", source_path="recipe.html", url=None, site=None, platform="generic", title=None,
        author=None, published=None, categories=(), tags=(), body_text="\n\n".join(paragraphs),
        blocks=tuple(blocks), comment_widget=None,
        comments=tuple(Comment(f"p-c{i}", "p", None, 0, "Ann", None, False, text, None)
                       for i, text in enumerate(comments)))


def test_spacy_reads_nothing_of_a_page_that_names_no_exercise(extractor) -> None:
    counting = _CountingNlp(extractor.nlp)
    spy = dataclasses.replace(extractor, nlp=counting)
    recipe = _post(["Mix 2 cups of flour with 3 eggs.", "Bake for 20 minutes at 180 degrees, twice a week."],
                   ["Lovely recipe, one of my favourites!", "My leg of lamb came out great."])
    assert extract(recipe, spy) == []
    assert counting.texts == []


def test_a_page_that_names_one_has_its_dosed_blocks_and_naming_comments_read(extractor) -> None:
    counting = _CountingNlp(extractor.nlp)
    spy = dataclasses.replace(extractor, nlp=counting)
    post = _post(["Clamshells help my hip.", "Do 2 sets of 15, twice a day.", "What a view from the hill!"],
                 ["I love clamshells too", "Great post!"])
    records = extract(post, spy)
    assert [(r.name, r.source) for r in records] == [("clamshell", "body"), ("clamshell", "comment")]
    # the blocks and comments that can name an exercise first, then (one did) the dosed blocks
    assert counting.texts == ["Clamshells help my hip.", "I love clamshells too", "Do 2 sets of 15, twice a day."]


def test_a_body_whose_words_meet_a_name_only_across_blocks_is_not_read_past_its_naming_blocks(extractor) -> None:
    """"bird" in one block, "dog" in another: the body's words can name a bird dog, no block can,
    and spaCy reads one block at a time; a block that could name one but does not ("the dog
    chased a bird") leaves the dosed blocks unread too."""
    counting = _CountingNlp(extractor.nlp)
    spy = dataclasses.replace(extractor, nlp=counting)
    across = _post(["A bird sang in the tree.", "The dog sat for 20 minutes, twice a week."], [])
    assert extractor.may_name_an_exercise(across.body_text)
    assert not any(extractor.may_name_an_exercise(b.text) for b in across.blocks)
    assert extract(across, spy) == [] and counting.texts == []

    unnamed = _post(["The dog chased a bird.", "Water it 3 times a week."], [])
    assert extract(unnamed, spy) == []
    assert counting.texts == ["The dog chased a bird."]


def test_a_body_says_which_names_it_can_meet_and_a_block_holding_none_of_their_words_is_not_split(extractor) -> None:
    gate = extractor.exercises
    body = words_of("A bird sang in the tree.\n\nThe dog sat for 20 minutes.")
    keys = gate.met_keys(body, limit=6)
    assert keys and all(key in {"bird", "dog"} for key in keys)
    assert gate.met_keys(words_of("Mix 2 cups of flour."), limit=6) == frozenset()
    assert gate.met_keys(words_of("clamshells, bridges, planks, lunges, squats, deadlifts, crunches, "
                                  "side planks and bird dogs"), limit=6) is None       # too many to list
    assert not extractor.may_name_an_exercise("A bird sang in the tree.", keys)
    assert extractor.may_name_an_exercise("The dog chased a bird.", keys)
