"""What comment threads talk about: comment facts, themes, pseudonymised tables, the dataset card."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.errors import LexiconError
from pipeline.extract import load_extractor
from pipeline.privacy import load_key, pseudonym
from pipeline.publish import work_folder
from pipeline.run import RunOptions, run
from pipeline.shards import PARTS_DIR, fact_finder
from pipeline.themes import (SMALL_TALK_LABEL, ThemeInput, ThemeVocabulary, comment_facts, fit_themes,
                             load_vocabulary)
from tests.support.cleaning import clean_bytes
from tests.support.paths import FOUNDING_PAGE, SAMPLES


@pytest.fixture(scope="module")
def founding():
    return clean_bytes(FOUNDING_PAGE.read_bytes(), path=str(FOUNDING_PAGE))


@pytest.fixture(scope="module")
def founding_themes(founding):
    items = [ThemeInput(c.comment_id, c.post_id, c.text) for c in founding.comments]
    return fit_themes(items, "post", founding.post_id)


@pytest.fixture(scope="module")
def finder():
    return fact_finder(load_extractor())


def theme_with(themes, *, any_of: set[str], also: str | None = None):
    found = [t for t in themes if t.label != SMALL_TALK_LABEL and any_of & set(t.terms)
             and (also is None or also in t.terms)]
    assert found, f"no theme with {any_of} (and {also}): {[(t.label, t.terms) for t in themes]}"
    return found[0]


# -- themes of the founding post's 65 comments -----------------------------------------------------

def test_the_founding_thread_talks_about_hip_weakness_being_common_among_runners(founding_themes) -> None:
    theme_with(founding_themes[0], any_of={"weak hips", "hip problems", "hip strength"}, also="runner")


def test_the_founding_thread_talks_about_tools_for_the_piriformis(founding_themes) -> None:
    theme_with(founding_themes[0], any_of={"lacrosse ball", "foam roller", "dry needling", "massage",
                                           "myofascial release", "roll"}, also="piriformis")


def test_the_founding_thread_talks_about_the_si_joint(founding_themes) -> None:
    theme_with(founding_themes[0], any_of={"si joint"})


def test_the_founding_thread_talks_about_keeping_up_with_exercises_once_healthy(founding_themes) -> None:
    theme_with(founding_themes[0], any_of={"keep up"})


def test_the_founding_thread_talks_about_cross_training(founding_themes) -> None:
    theme_with(founding_themes[0], any_of={"pure barre", "yoga", "hiit", "cross training"})


def test_thanks_and_small_talk_are_a_theme_of_their_own(founding, founding_themes) -> None:
    themes, assignments = founding_themes
    [small] = [t for t in themes if t.label == SMALL_TALK_LABEL]
    members = {a.comment_id for a in assignments if a.theme_id == small.theme_id}
    assert small.size == len(members) >= 2
    elsewhere = {a.comment_id for a in assignments if a.theme_id != small.theme_id}
    assert not members & elsewhere
    assert all(t.size >= 2 and len(t.examples) <= 3 and t.theme_id.startswith(founding.post_id) for t in themes)


def no_second_reading(monkeypatch) -> None:
    def read_again(self, text: str):
        raise AssertionError(f"a comment was read again: {text[:60]!r}")
    monkeypatch.setattr(ThemeVocabulary, "is_small_talk", read_again)
    monkeypatch.setattr(ThemeVocabulary, "terms", read_again)


def test_a_thread_read_beforehand_gets_the_same_themes_without_being_read_again(founding, founding_themes,
                                                                                 monkeypatch) -> None:
    vocabulary = load_vocabulary()
    items = [ThemeInput(c.comment_id, c.post_id, c.text, vocabulary.read(c.text)) for c in founding.comments]
    no_second_reading(monkeypatch)

    assert fit_themes(items, "post", founding.post_id) == founding_themes


def test_small_talk_and_questions_are_read_from_the_words() -> None:
    vocabulary = load_vocabulary()
    assert vocabulary.is_small_talk("Great post, thanks!")
    assert not vocabulary.is_small_talk("Thanks! I roll my piriformis on a lacrosse ball every night before bed.")
    assert vocabulary.is_question("Any tips for IT band pain.")
    assert vocabulary.is_question("What do you do for your hip flexors?")
    assert not vocabulary.is_question("I do these every day. They help.")


def test_themes_are_made_of_words_not_numbers_or_single_letters() -> None:
    # numbers, "3x" and "I" name no topic; a regex of the comment facts once shadowed the one
    # that says so, and "2019" and "10k" became theme words
    vocabulary = load_vocabulary()
    assert vocabulary.normalise("I ran 10k in 2019, 3x a week on my IT band") == "ran in week on my it_band"
    assert vocabulary.normalise("Grüße aus München") == "grüße aus münchen"


# -- comment facts -------------------------------------------------------------------------------

def test_bryan_flakes_question_is_flagged_and_the_post_author_did_not_answer_it(founding, finder) -> None:
    extractor = load_extractor()
    from pipeline.extract import extract

    facts = {f.comment_id: f for f in comment_facts(founding, extract(founding, extractor), finder)}
    [bryan] = [c for c in founding.comments if c.author == "bryan flake"]
    assert facts[bryan.comment_id].is_question
    assert not facts[bryan.comment_id].answered_by_post_author
    assert "hip flexors" in facts[bryan.comment_id].muscles
    first = founding.comments[0]              # Michele's comment, which Lisa answered
    assert facts[first.comment_id].answered_by_post_author
    assert "lacrosse ball" in facts[first.comment_id].equipment
    si = [c for c in founding.comments if "SI joint" in c.text][0]
    assert "SI joint dysfunction" in facts[si.comment_id].conditions


def _names_in_the_whole_text(finder, kind: str, text: str) -> tuple[str, ...]:
    """The slow path the finder shortcuts: the kind's patterns over the whole text, every text."""
    (folded, exact), (folded_re, exact_re) = finder._tables[kind], finder._patterns[kind]
    text = text.replace("’", "'")
    names = [folded[m.group(0).lower()] for m in folded_re.finditer(text)] if folded_re else []
    names += [exact[m.group(0)] for m in exact_re.finditer(text)] if exact_re else []
    return tuple(dict.fromkeys(names))


_EDGES = [
    "I roll my IT band on a foam roller.\nThen a lacrosse ball under the glutes, and PF stretches (plantar fascia).",
    "foam-roller work; a foam roller-based routine; my foam rollers, resistance bands!",
    "Runner's knee, runner’s knee and ITBS: the hip flexors, hamstrings, calves.",
    "(Foam roller)\u00a0and\tKETTLEBELL\u2014swings, Schaumstoffrolle, Hüftbeuger, it band, I.T. band",
    "Ich nutze eine Faszienrolle für den Tractus iliotibialis und das Knie.",
]


def test_the_finder_finds_clause_by_clause_what_the_patterns_find_in_the_whole_text(finder) -> None:
    from pipeline.sources import read_page
    from tests.support.paths import corpus_pages

    texts = list(_EDGES)
    for path in [*corpus_pages(), *sorted(SAMPLES.glob("*.html"))]:
        texts += [c.text for c in clean_bytes(read_page(path).content, path=str(path)).comments]
    found = 0
    for text in texts:
        for kind in ("muscles", "equipment", "conditions"):
            expected = _names_in_the_whole_text(finder, kind, text)
            assert finder.find(kind, text) == expected, (kind, text[:200])
            found += bool(expected)
    assert found >= 10


def test_a_comments_words_are_those_of_the_phrase_pattern_run_on_every_text() -> None:
    """The vocabulary runs its phrase pattern only on a text holding a word of some phrase: the
    words are those the pattern run on every text gives."""
    from dataclasses import replace

    from pipeline.sources import read_page
    from tests.support.paths import corpus_pages

    vocabulary = load_vocabulary()
    every_text = replace(vocabulary, phrase_words=None)
    texts = [*_EDGES, "The IT-band, the it band and the I.T. band; si joints and a lax ball", "Foam rolling!"]
    for path in [*corpus_pages(), *sorted(SAMPLES.glob("*.html"))]:
        texts += [c.text for c in clean_bytes(read_page(path).content, path=str(path)).comments]
    joined = 0
    for text in texts:
        assert vocabulary.terms(text) == every_text.terms(text), text[:200]
        assert vocabulary.is_small_talk(text) == every_text.is_small_talk(text)
        joined += any("_" in w for w in vocabulary.terms(text))
    assert joined >= 5


def test_a_malformed_theme_vocabulary_is_an_error_naming_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "themes.json"
    broken.write_text(json.dumps({"phrases": {}, "concepts": [{"terms": ["x"]}], "small_talk": [],
                                  "question_openers": [], "stop_words": [], "small_talk_max_words": 4}, indent=1))

    # the concept's line: {"phrases": ..., "concepts": [ on lines 1-3, the concept on line 4
    with pytest.raises(LexiconError, match=r"themes.json: line 4: concept 1 needs a 'label' and a list of 'terms'$"):
        load_vocabulary(broken)


# -- the tables ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    run([SAMPLES], out)
    return out


def test_a_run_writes_themes_and_comment_themes_that_agree_with_each_other(tables: Path) -> None:
    themes = pq.read_table(tables / "themes.parquet").to_pylist()
    assignments = pq.read_table(tables / "comment_themes.parquet").to_pylist()
    comments = {c["comment_id"] for c in pq.read_table(tables / "comments.parquet").to_pylist()}
    assert {t["scope"] for t in themes} == {"post", "corpus"}
    assert all(a["comment_id"] in comments and 0 < a["score"] <= 1 for a in assignments)
    for theme in themes:
        assert theme["size"] == sum(a["theme_id"] == theme["theme_id"] for a in assignments)
        assert set(theme["examples"]) <= comments
    corpus_members = [a["comment_id"] for a in assignments if a["theme_id"].startswith("corpus-")]
    assert len(corpus_members) == len(set(corpus_members))


def test_comments_carry_their_facts_as_columns(tables: Path) -> None:
    comments = pq.read_table(tables / "comments.parquet").to_pylist()
    [bryan] = [c for c in comments if c["author"] == "bryan flake"]
    assert bryan["is_question"] is True and bryan["answered_by_post_author"] is False
    assert any(c["exercises"] for c in comments) and any(c["conditions"] for c in comments)


def test_the_dataset_card_says_what_each_table_holds_and_its_row_count(tables: Path) -> None:
    card = (tables / "README.md").read_text(encoding="utf-8")
    comments = pq.read_table(tables / "comments.parquet").num_rows
    assert f"| `comments.parquet` | {comments:,} |" in card
    assert "blogrx" in card and "## Limits" in card and "`answered_by_post_author`" in card


def test_pseudonymized_tables_hold_no_commenter_name_and_keep_the_post_author(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([SAMPLES], out, RunOptions(pseudonymize=True))

    salt = load_key(out)           # the folder's key (kept beside the folder, not in it)
    comments = pq.read_table(out / "comments.parquet").to_pylist()
    michele = pseudonym("Michele @ paleorunningmomma", salt)
    assert comments[0]["author"] == michele
    assert any(c["author"] == "Lisa" and c["is_post_author"] for c in comments)
    everything = json.dumps([pq.read_table(out / f"{t}.parquet").to_pylist() for t in
                             ("posts", "comments", "exercises", "themes", "comment_themes", "errors")],
                            default=str, ensure_ascii=False)
    assert "Lisa" in everything and "commenter-" in everything
    for name in ("Michele @ paleorunningmomma", "bryan flake", "Sara @ Lake Shore Runner"):
        assert name not in everything
    texts = {c["comment_id"]: c["text"] for c in comments}
    for ex in pq.read_table(out / "exercises.parquet").to_pylist():
        if ex["comment_id"]:
            assert texts[ex["comment_id"]][ex["char_start"]:ex["char_end"]] == ex["evidence"]

    run([SAMPLES], out, RunOptions(pseudonymize=True))   # same folder, same salt: same pseudonyms
    assert pq.read_table(out / "comments.parquet").to_pylist()[0]["author"] == michele


def test_the_corpus_themes_use_the_readings_the_workers_made_of_each_comment(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    run([SAMPLES], out)
    first = {t: pq.read_table(out / f"{t}.parquet") for t in ("themes", "comment_themes")}
    parts = list((work_folder(out) / PARTS_DIR).iterdir())
    readings = [r for part in parts for r in pq.read_table(part / "readings.parquet").to_pylist()]
    comments = [c for part in parts for c in pq.read_table(part / "comments.parquet").to_pylist()]
    assert [r["comment_id"] for r in readings] == [c["comment_id"] for c in comments if c["kind"] == "comment"]
    no_second_reading(monkeypatch)

    run([SAMPLES], out)     # every shard is complete: only the merge and the corpus themes run

    assert all(pq.read_table(out / f"{t}.parquet").equals(table) for t, table in first.items())
    assert not (out / "readings.parquet").exists()      # a shard's working table, never published


def test_corpus_themes_fitted_on_a_sample_still_place_every_comment(tmp_path: Path, monkeypatch) -> None:
    import pipeline.themes

    monkeypatch.setattr(pipeline.themes, "MAX_FIT", 20)     # fit on a sample of about 20 comments

    run([SAMPLES], tmp_path / "out")

    comments = pq.read_table(tmp_path / "out" / "comments.parquet").to_pylist()
    people = {c["comment_id"] for c in comments if c["kind"] == "comment"}
    corpus = [a for a in pq.read_table(tmp_path / "out" / "comment_themes.parquet").to_pylist()
              if a["theme_id"].startswith("corpus-")]
    themes = {t["theme_id"]: t for t in pq.read_table(tmp_path / "out" / "themes.parquet").to_pylist()}
    placed = {a["comment_id"] for a in corpus}
    assert len(placed) > 20 and placed <= people          # more comments placed than the sample held
    assert all(themes[a["theme_id"]]["size"] == sum(b["theme_id"] == a["theme_id"] for b in corpus) for a in corpus)
