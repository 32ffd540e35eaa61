"""The quality gate on ../shared/corpus/labelled: 80 real posts from 80 sites, scored by the set's
own scorer, through the page path and the plain-text path (see benchmarks/eval_labelled.py).

Scores never drop below the pinned floors, and a post that names no exercise gives no prescribed
record.  The set is read from ../shared; the tests skip, saying so, when it is absent.
"""

from __future__ import annotations

import json

import pytest

from benchmarks.eval_labelled import LABELLED, PATHS, _records, evaluate, headline, post_ids, present, split_of
from pipeline.extract import load_extractor
from tests.support.paths import FIXTURES

BASELINE = json.loads((FIXTURES / "eval_labelled_baseline.json").read_text(encoding="utf-8"))
pytestmark = pytest.mark.skipif(not present(), reason=f"labelled set not found under {LABELLED} (../shared is absent)")


@pytest.fixture(scope="module")
def scores():
    return {path: headline(report) for path, report in evaluate(("all",))["all"].items()}


@pytest.mark.parametrize("path", PATHS)
def test_no_score_drops_below_the_pinned_floor(scores, path) -> None:
    floor = BASELINE["all"][path]
    got = scores[path]
    for key, value in floor.items():
        assert got[key] >= value, f"{path} {key}: {got[key]} < floor {value} ({got})"


@pytest.mark.parametrize("path", PATHS)
def test_a_post_that_names_no_exercise_gives_no_prescribed_record(path) -> None:
    empty = [i for i in post_ids("all") if not json.loads((LABELLED / "gold" / f"{i}.json").read_text())["exercises"]]
    assert empty, "the set holds posts that name no exercise"
    _, exercises = _records(empty, path, load_extractor())
    assert [(e["name"], e["mention"]) for e in exercises if e["prescribed"]] == []


def test_the_holdout_is_a_fixed_fifth_of_the_set() -> None:
    ids = post_ids("all")
    held = [i for i in ids if split_of(i) == "holdout"]
    assert post_ids("holdout") == held and 0.1 < len(held) / len(ids) < 0.3
    assert set(post_ids("dev")) | set(held) == set(ids) and not set(post_ids("dev")) & set(held)
