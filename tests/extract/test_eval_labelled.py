"""The quality gate on ../shared/corpus/labelled: 80 real posts from 80 sites, scored by the set's
own scorer, through the page path and the plain-text path (see benchmarks/eval_labelled.py); and
on the three sets of posts the team wrote and labelled by the same rules (tests/fixtures/written).

Scores never drop below the pinned floors, and a post that names no exercise gives no prescribed
record.  The set is read from ../shared; the tests skip, saying so, when it is absent.
"""

from __future__ import annotations

import json

import pytest

from benchmarks.eval_labelled import (LABELLED, PATHS, WRITTEN_SETS, _records, evaluate, headline, post_ids, present,
                                      split_of)
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


@pytest.fixture(scope="module")
def written_scores():
    return {split: {path: headline(report) for path, report in by_path.items()}
            for split, by_path in evaluate(WRITTEN_SETS).items()}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("split", WRITTEN_SETS)
def test_no_score_on_the_written_sets_drops_below_its_floor(written_scores, split, path) -> None:
    floor = BASELINE[split][path]
    got = written_scores[split][path]
    for key, value in floor.items():
        assert got[key] >= value, f"{split} {path} {key}: {got[key]} < floor {value} ({got})"


def test_a_written_post_that_names_no_exercise_gives_no_prescribed_record() -> None:
    # written-b and written-e are kept unread as honest estimates: their such records (a "Step Up"
    # in a post of b naming no exercise, four in e) are reported by make eval-extract, not fixed
    # by reading the posts
    from benchmarks.eval_labelled import folder
    for split in ("written-a", "written-c", "written-d"):
        base = folder(split)
        empty = [i for i in post_ids(split) if not json.loads((base / "gold" / f"{i}.json").read_text())["exercises"]]
        assert empty, f"{split} holds posts that name no exercise"
        _, exercises = _records(empty, "html", load_extractor(), base)
        assert [(e["name"], e["mention"]) for e in exercises if e["prescribed"]] == [], split
