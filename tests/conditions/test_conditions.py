"""Conditions on posts and exercises, and the question the project exists for:

    "Which exercises and doses do runners' PTs prescribe for IT band syndrome, and how does
    that differ from plantar fasciitis?"

answered from the tables of a real ``blogrx extract`` run over our own WordPress posts
(``tests/fixtures/conditions/``: three on ITBS from two sites, two on plantar fasciitis from two
sites, one post treating both in sections), then over the real posts in
``../shared/corpus/posts-text`` when that folder is there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.conditions import ConditionVocabulary
from pipeline.errors import LexiconError
from tests.support.paths import CORPUS
from tests.support.paths import FIXTURES as ALL_FIXTURES
from tests.support.paths import REPO as ROOT

FIXTURES = ALL_FIXTURES / "conditions"
POSTS_TEXT = CORPUS / "posts-text"


def run_extract(inputs: Path, out: Path) -> dict[str, pd.DataFrame]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(inputs), "-o", str(out), "--no-progress", "-q"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in ("posts", "exercises")}


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    return run_extract(FIXTURES, tmp_path_factory.mktemp("conditions"))


def protocols(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Exercises grouped by condition: how many posts and sites prescribe each, and the usual dose."""
    ex = tables["exercises"].merge(tables["posts"][["post_id", "site"]], on="post_id")
    ex = ex[ex["condition"].notna() & ex["prescribed"]]
    return (ex.groupby(["condition", "name"])
              .agg(posts=("post_id", "nunique"), sites=("site", "nunique"),
                   sets=("sets", "median"), reps=("reps", "median"), hold_seconds=("hold_seconds", "median"),
                   frequency=("frequency", lambda f: f.mode().iat[0] if f.notna().any() else None))
              .reset_index())


def post_of(tables: dict[str, pd.DataFrame], file: str) -> pd.Series:
    posts = tables["posts"]
    return posts[posts["source_path"].str.endswith(file)].iloc[0]


def test_a_post_is_about_the_condition_its_title_and_tags_name(tables):
    post = post_of(tables, "itbs-pt-rehab.html")
    assert list(post["conditions"]) == ["IT band syndrome"]
    assert list(post["condition_evidence"]) == ["title: IT band syndrome | tag: ITBS | body: IT band syndrome"]


def test_a_condition_named_once_in_passing_in_the_body_is_not_the_posts(tables):
    post = post_of(tables, "itbs-home-program.html")           # "A friend with plantar fasciitis ..."
    assert "plantar fasciitis" in post["body_text"]
    assert list(post["conditions"]) == ["IT band syndrome"]


def test_a_condition_named_twice_in_the_body_alone_is_the_posts(tmp_path):
    (tmp_path / "post.txt").write_text("Shin splints again.\n\nI did heel walks, 3 sets of 20 steps.\n\n"
                                       "The shin splints eased after a week.\n", encoding="utf-8")
    posts = run_extract(tmp_path, tmp_path / "out")["posts"]
    assert list(posts.iloc[0]["conditions"]) == ["shin splints"]
    assert list(posts.iloc[0]["condition_evidence"]) == ["body x2: Shin splints, shin splints"]


def test_each_exercise_takes_the_condition_of_its_section_where_a_post_treats_several(tables):
    post = post_of(tables, "two-injuries.html")
    assert list(post["conditions"]) == ["IT band syndrome", "plantar fasciitis"]
    ex = tables["exercises"]
    ex = ex[ex["post_id"] == post["post_id"]].set_index("name")["condition"]
    assert ex.to_dict() == {"clamshell": "IT band syndrome", "towel scrunch": "plantar fasciitis"}


def test_grouping_exercises_by_condition_answers_itbs_versus_plantar_fasciitis(tables):
    table = protocols(tables).set_index(["condition", "name"])
    itbs = table.loc["IT band syndrome"]
    pf = table.loc["plantar fasciitis"]

    # ITBS: hip strength, clamshells in four posts from both ITBS sites, 3 x 15 per side as the usual dose
    assert {"clamshell", "side-lying leg raise"} <= set(itbs.index)
    assert itbs.loc["clamshell", ["posts", "sites"]].tolist() == [4, 2]
    assert itbs.loc["clamshell", ["sets", "reps"]].tolist() == [3, 15]
    assert itbs.loc["side-lying leg raise", ["posts", "sites", "sets"]].tolist() == [2, 2, 3]
    # plantar fasciitis: the foot and the calf, towel scrunches daily in three posts from three sites
    assert {"towel scrunch", "calf stretch"} <= set(pf.index)
    assert pf.loc["towel scrunch", ["posts", "sites"]].tolist() == [3, 3]
    assert pf.loc["towel scrunch", "frequency"] == "daily"
    assert pf.loc["calf stretch", "hold_seconds"] == pytest.approx(37.5)
    # how they differ: nothing of the foot for ITBS, nothing of the hip for plantar fasciitis
    assert not {"towel scrunch", "calf stretch"} & set(itbs.index)
    assert not {"clamshell", "side-lying leg raise"} & set(pf.index)


def test_a_post_naming_no_condition_leaves_its_exercises_without_one(tmp_path):
    (tmp_path / "post.txt").write_text("Leg day.\n\nClamshells, 3 sets of 15 reps each side.\n", encoding="utf-8")
    t = run_extract(tmp_path, tmp_path / "out")
    assert list(t["posts"].iloc[0]["conditions"]) == []
    assert t["exercises"]["condition"].isna().all() and len(t["exercises"]) == 1


def test_a_broken_condition_vocabulary_names_the_file_and_line(tmp_path):
    bad = tmp_path / "conditions.jsonl"
    bad.write_text('{"name": "shin splints", "aliases": ["MTSS"]}\n{"aliases": ["ITBS"]}\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"conditions\.jsonl.*line 2: needs a 'name'"):
        ConditionVocabulary(bad)


def test_a_short_capitalised_alias_matches_only_as_written():
    vocab = ConditionVocabulary()
    assert [name for _, name, _ in vocab.mentions("My PF flared up")] == ["plantar fasciitis"]
    assert vocab.mentions("a pf file and a knee") == []


@pytest.mark.skipif(not POSTS_TEXT.is_dir(), reason="../shared/corpus/posts-text is not there")
def test_the_real_posts_answer_the_question_too(tmp_path):
    t = run_extract(POSTS_TEXT, tmp_path / "out")
    by_file = {Path(p).name: list(c) for p, c in zip(t["posts"]["source_path"], t["posts"]["conditions"])}
    assert by_file["02-stayathomept-it-band.txt"] == ["IT band syndrome"]
    assert by_file["06-lisamigratesultras-plantar-fasciitis.txt"] == ["plantar fasciitis"]
    assert by_file["33-drtrunning-best-headlight.txt"] == []
    names = protocols(t).groupby("condition")["name"].apply(set)
    assert "clamshell" in names["IT band syndrome"]
    assert names["plantar fasciitis"] and names["plantar fasciitis"] != names["IT band syndrome"]


def test_the_notebook_compares_itbs_and_plantar_fasciitis_protocols(tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    run_extract(FIXTURES, tmp_path / "out")
    monkeypatch.setenv("BLOGRX_PROCESSED", str(tmp_path / "out"))
    notebook = ROOT / "notebooks" / "compare_protocols.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}).execute()

    section = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## Protocols by condition"))
    shown = "".join(o.get("data", {}).get("text/plain", "") + o.get("text", "") for o in nb.cells[section + 1].outputs)
    assert "IT band syndrome" in shown and "plantar fasciitis" in shown
    assert "clamshell" in shown and "towel scrunch" in shown


def test_a_text_without_a_word_of_any_alias_is_not_searched_and_names_nothing():
    vocab = ConditionVocabulary()
    assert vocab.mentions("Ten easy miles along the river, then tacos.") == []
    assert vocab.matched("Ten easy miles along the river, then tacos.") == []


def test_an_alias_written_with_letters_the_case_blind_search_folds_names_its_condition():
    vocab = ConditionVocabulary()      # a long s and a dotted capital I used to raise KeyError
    assert [name for _, name, _ in vocab.mentions("My \u017fciatica is back")] == ["sciatica"]
    assert [name for _, name, _ in vocab.mentions("\u0130liotibial band pain")] == ["IT band syndrome"]


@pytest.mark.parametrize("text", [
    "My \u017fciatica is back",            # long s: the case-blind regex reads it as an s
    "\u0130liotibial band pain again",     # dotted capital I, which lower() turns into two characters
    "IT\u2019s my IT-band syndrome, not ITBS",
    "Plantar Fasciitis and SI joint pain; runner\u2019s knee",
])
def test_the_word_shortcut_finds_what_the_full_search_finds_in_odd_letters(text):
    vocab = ConditionVocabulary()
    assert vocab.mentions(text) == vocab.matched(text)
    assert vocab.matched(text)


def test_the_word_shortcut_finds_what_the_full_search_finds_on_every_corpus_page_and_post():
    from pipeline.sources import read_page
    from tests.support.cleaning import clean_bytes
    from tests.support.paths import corpus_pages, require_corpus

    require_corpus()
    vocab = ConditionVocabulary()
    texts = []
    for path in corpus_pages():
        post = clean_bytes(read_page(path).content, path=str(path))
        texts += [post.title or "", *post.categories, *post.tags, *(b.text for b in post.blocks)]
    for path in sorted(POSTS_TEXT.glob("*.txt")):     # the running posts: these name conditions
        texts += path.read_text(encoding="utf-8").split("\n\n")
    for text in texts:
        assert vocab.mentions(text) == vocab.matched(text), text[:80]
    assert sum(bool(vocab.matched(text)) for text in texts) > 20   # not only empty lists compared
