"""Tables of exercises: a header naming dose columns over a row per exercise, in a page's
``<table>`` or in lines of text written with ``|`` between cells; a cell means what its column says."""

from __future__ import annotations

import pytest

from pipeline.clean import clean
from pipeline.clean.text import clean_text
from pipeline.extract import extract, load_extractor
from pipeline.extract.tables import cut_tables
from pipeline.records import RawPage
from tests.support.posts import make_post


@pytest.fixture(scope="module")
def extractor():
    return load_extractor()


def doses(records):
    return {r.mention: {k: v for k, v in (("sets", r.dose.sets), ("reps", r.dose.reps), ("hold", r.dose.hold_seconds),
                                          ("per_side", r.dose.per_side), ("load", r.dose.load)) if v is not None}
            for r in records}


HANDOUT = """<html><head><title>Home programme: runner's knee</title></head><body><article>
<h1 class="entry-title">Home programme: runner's knee</h1>
<div class="entry-content">
<p>Please do the programme once a day unless your physio has written something different.</p>
<table>
<tr><th>Exercise</th><th>Sets</th><th>Reps</th><th>Hold</th></tr>
<tr><td>Wall sit</td><td>3</td><td>5</td><td>30 sec</td></tr>
<tr><td>Straight leg raise</td><td>3</td><td>10</td><td>3 sec</td></tr>
<tr><td>Step down</td><td>2</td><td>10 each leg</td><td>&ndash;</td></tr>
</table>
<p>Step down &ndash; control is everything. Knee stays over the second toe.</p>
</div></article></body></html>"""


def test_a_pages_table_doses_each_row_by_its_columns(extractor) -> None:
    post = clean(RawPage("handout.html", HANDOUT.encode(), None, None, None))
    assert doses(extract(post, extractor)) == {
        "Wall sit": {"sets": 3, "reps": 5, "hold": 30.0},
        "Straight leg raise": {"sets": 3, "reps": 10, "hold": 3.0},
        "Step down": {"sets": 2, "reps": 10, "per_side": True},
    }


def test_lines_written_as_a_table_are_read_as_one(extractor) -> None:
    text = ("Gym log, week 6\n\nExercise | Sets | Reps | Load\n\nBack squat | 5 | 5 | 80-90 kg\n\n"
            "Bulgarian split squat | 3 | 8 e/s | 2 x 12 kg DB\n\nNordic curl | 3 | 5 | –\n\n"
            "Notes\n\nSquats: tempo 3 seconds down, explode up.\n")
    records = extract(clean_text(text, "log.txt"), extractor)
    assert doses(records) == {
        "Back squat": {"sets": 5, "reps": 5, "load": "80-90 kg"},
        "Bulgarian split squat": {"sets": 3, "reps": 8, "per_side": True, "load": "12 kg"},
        "Nordic curl": {"sets": 3, "reps": 5},
    }       # the notes' "Squats:" is the table's back squat again, not a record of its own


def test_a_column_of_whole_doses_is_read_as_written(extractor) -> None:
    text = ("Week 1-2\n\nExercise | Sets x Reps | Load\n\nBox step-up (knee height) | 2 x 10/leg | bodyweight\n\n"
            "Stability ball hamstring curl | 2 x 10 | -\n\nPlank | 3 x 45\" | -\n")
    records = extract(clean_text(text, "plan.txt"), extractor)
    assert {m: (d.get("sets"), d.get("reps"), d.get("per_side")) for m, d in doses(records).items()} == {
        "Box step-up": (2, 10, True), "Stability ball hamstring curl": (2, 10, None), "Plank": (3, None, None)}
    assert next(r for r in records if r.mention == "Plank").dose.hold_seconds == 45.0


@pytest.mark.parametrize("rows", [
    ["Ingredient | Amount", "Oats | 50 g", "Milk | 200 ml"],          # no dose column: a recipe's table
    ["Split | Time", "Mile 1 | 7:45"],                              # no exercise column named, a time first
])
def test_a_table_without_dose_columns_is_left_as_it_is(rows) -> None:
    post = make_post([("paragraph", r) for r in rows], [])
    blocks, found = cut_tables(post.blocks, {"exercise": "name", "sets": "sets", "reps": "reps", "time": "time",
                                             "amount": "other"})
    assert (blocks, found) == (post.blocks, [])
