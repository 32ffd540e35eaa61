"""Extraction is linear in the page: no step weighs each mention against all earlier ones.

A page dense in exercise names once took ten times longer each time it doubled (issue 23, 2):
the pass that reads "calf raises" after "single leg calf raises" as the single-leg ones
looked back over every earlier mention.  The end-to-end figure (a 2 MB dense page through
the whole pipeline) is in ``make bench``; here the pass itself is held to its shape.
"""

from __future__ import annotations

import time

import pytest

from pipeline.extract import load_extractor
from pipeline.extract.link import Mention, Unit, _refer_to_specific
from pipeline.records import Block


@pytest.fixture(scope="module")
def lexicon():
    return load_extractor().lexicon


def _paragraphs(count: int, names: list[str]) -> tuple[tuple[Block, ...], dict[int, Unit]]:
    blocks, units = [], {}
    for i in range(count):
        blocks.append(Block("paragraph", "", i, i, None, 0, None))
        units[i] = Unit("paragraph", 0, [], [Mention(n, n, 0, t, False) for t, n in enumerate(names)], [])
    return tuple(blocks), units


def test_a_general_name_after_the_specific_one_means_the_specific_one(lexicon) -> None:
    blocks, units = _paragraphs(2, ["single-leg calf raise", "calf raise"])
    _refer_to_specific(blocks, units, lexicon)
    assert [m.name for m in units[1].mentions] == ["single-leg calf raise", "single-leg calf raise"]


def test_a_heading_keeps_the_general_name(lexicon) -> None:
    blocks, units = _paragraphs(2, ["single-leg calf raise", "calf raise"])
    blocks = (blocks[0], Block("heading", "", 1, 1, 2, 1, None))
    _refer_to_specific(blocks, units, lexicon)
    assert units[1].mentions[1].name == "calf raise"


def test_fifty_thousand_mentions_take_well_under_a_second_each_thousand(lexicon) -> None:
    """At 50,000 mentions the old look-back made ~1.25e9 comparisons (minutes); a linear pass
    takes a fraction of a second.  The bound is 25x slack over a loaded machine's time."""
    names = [f"exercise {k}" for k in range(24)] + ["glute bridge"]
    blocks, units = _paragraphs(2_000, names)
    started = time.perf_counter()
    _refer_to_specific(blocks, units, lexicon)
    assert time.perf_counter() - started < 5.0
