"""The cleaning quality gate: blogrx's scores on ../shared/corpus never drop below the pinned baseline.

The baseline (tests/fixtures/eval_clean_baseline.json) is written by
`python benchmarks/eval_clean.py --write-baseline tests/fixtures/eval_clean_baseline.json`
after a change that improves a score; `make eval-clean` shows the same figures beside
trafilatura's.  A score may be re-pinned lower only with the reason in the commit message.
"""

from __future__ import annotations

import json

import pytest

from benchmarks.eval_clean import blogrx_baseline, evaluate_blogrx, load_pages
from tests.support.paths import FIXTURES, require_corpus

BASELINE = FIXTURES / "eval_clean_baseline.json"


@pytest.fixture(scope="module")
def scores() -> dict[str, float]:
    corpus = require_corpus()
    return blogrx_baseline(*evaluate_blogrx(load_pages(corpus)))


@pytest.mark.parametrize("figure", sorted(json.loads(BASELINE.read_text())))
def test_blogrx_does_not_clean_worse_than_the_pinned_baseline(figure: str, scores: dict[str, float]) -> None:
    pinned = json.loads(BASELINE.read_text())[figure]
    assert scores[figure] >= pinned, f"{figure}: {scores[figure]} < pinned {pinned}"


def test_no_corpus_page_gets_comments_it_does_not_have() -> None:
    corpus = require_corpus()
    _, counts = evaluate_blogrx(load_pages(corpus))
    assert counts.invented_on == []
