"""What a post prescribes, and how each dose finds its exercise, stated as small posts.

Covers the issue "Exercise extraction that generalizes": routine-level instructions, several
exercises in one sentence, progressions, mere mentions (the ``prescribed`` flag) and the CERT
items a post states.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.clean.text import clean_text, text_blocks
from pipeline.extract import extract, load_extractor
from tests.support.posts import make_post


@pytest.fixture(scope="module")
def extractor():
    return load_extractor()


def run(extractor, blocks):
    return {r.name: r for r in extract(make_post(blocks, []), extractor)}


def fields(record, *names):
    return tuple(getattr(record.dose, n) for n in names)


# -- routine-level instructions ------------------------------------------------------------------
def test_an_instruction_for_each_exercise_doses_every_exercise_after_it(extractor) -> None:
    records = run(extractor, [
        ("paragraph", "Perform each exercise for 40 seconds, rest 20 seconds, and do 3 rounds."),
        ("paragraph", "I do this routine twice a week."),
        ("heading", "Dead bug"),
        ("paragraph", "Keep your lower back pressed into the floor."),
        ("heading", "Side plank"),
        ("paragraph", "Both sides count as one exercise, so 20 seconds a side."),
    ])
    assert fields(records["dead bug"], "sets", "duration_seconds", "frequency") == (3, 40.0, "2x/week")
    # the item's own time wins; the rest comes from the routine ("rest 20 seconds" is no dose)
    assert fields(records["side plank"], "sets", "hold_seconds", "per_side", "frequency") == (3, 20.0, True, "2x/week")


def test_how_often_said_after_the_exercises_applies_to_them(extractor) -> None:
    records = run(extractor, [
        ("list_item", "Clamshells with a light band: 3 x 15 per side"),
        ("list_item", "Single-leg bridges: 2 x 10 each leg"),
        ("paragraph", "Do the programme four days a week."),
    ])
    for name in ("clamshell", "single-leg bridge"):
        assert records[name].dose.frequency == "4x/week"


def test_how_often_said_after_several_exercises_of_a_block_is_for_each(extractor) -> None:
    records = run(extractor, [("paragraph",
        "Homework: wall sits, 5 times 20 seconds, and step-ups onto the bottom stair, 10 on each leg. "
        "Twice a day if I can.")])
    assert fields(records["wall sit"], "reps", "hold_seconds", "frequency") == (5, 20.0, "2x/day")
    assert fields(records["step-up"], "reps", "per_side", "frequency") == (10, True, "2x/day")


def test_a_list_intro_that_only_says_how_often_doses_the_list(extractor) -> None:
    records = run(extractor, [
        ("paragraph", "Here is the full list she has me doing every day:"),
        ("list_item", "Straight leg raises: 3 sets of 12, with a 2 second hold at the top"),
        ("list_item", "Wall sit, 3 x 30 seconds"),
    ])
    assert fields(records["straight leg raise"], "sets", "reps", "hold_seconds", "frequency") == (3, 12, 2.0, "daily")
    assert fields(records["wall sit"], "sets", "hold_seconds", "frequency") == (3, 30.0, "daily")


def test_a_time_before_a_list_without_a_routine_cue_doses_nothing(extractor) -> None:
    records = run(extractor, [
        ("paragraph", "After my 30 minute run I did:"),
        ("list_item", "Clamshells"),
    ])
    assert records["clamshell"].dose.is_empty()


# -- several exercises in one sentence ------------------------------------------------------------
def test_each_exercise_of_a_sentence_takes_the_dose_next_to_it(extractor) -> None:
    records = run(extractor, [("paragraph",
        "Finish with Copenhagen planks, 3 x 20 seconds per side, and 3 sets of 10 Nordic curls.")])
    assert fields(records["copenhagen plank"], "sets", "reps", "hold_seconds", "per_side") == (3, None, 20.0, True)
    assert fields(records["nordic hamstring curl"], "sets", "reps", "per_side") == (3, 10, None)


def test_exercises_named_side_by_side_share_the_dose_after_them(extractor) -> None:
    records = run(extractor, [("list_item", "squats + overhead press with a 9 lb weight, 20 reps x2")])
    for name in ("squat", "overhead press"):
        assert fields(records[name], "sets", "reps", "load") == (2, 20, "9 lb")


def test_a_time_each_side_is_per_side_not_for_every_exercise(extractor) -> None:
    records = run(extractor, [("paragraph",
        "Finish with a supine twist, 30 seconds each way, and rest in legs up the wall for three minutes.")])
    assert fields(records["supine twist"], "hold_seconds", "per_side") == (30.0, True)
    assert fields(records["legs up the wall"], "hold_seconds", "per_side") == (180.0, None)


def test_a_pose_moved_into_is_the_exercise(extractor) -> None:
    records = run(extractor, [("paragraph", "Walk your feet to your hands into a standing forward fold.")])
    assert list(records) == ["forward fold"]


def test_a_count_before_the_name_is_the_reps(extractor) -> None:
    records = run(extractor, [("paragraph", "3 rounds of: 5x reverse lunge. 20 single leg calf raises.")])
    assert fields(records["reverse lunge"], "sets", "reps") == (3, 5)
    # "3 rounds of:" gives its sets to every exercise after it in the block
    assert fields(records["single-leg calf raise"], "sets", "reps") == (3, 20)


def test_part_of_a_combination_is_no_exercise_of_its_own(extractor) -> None:
    records = run(extractor, [("paragraph", "10 single leg deadlift through to heel raise with 5KG dumbbell.")])
    assert list(records) == ["single-leg deadlift"]
    assert fields(records["single-leg deadlift"], "reps", "load") == (10, "5 kg")


# -- progressions and mere mentions ---------------------------------------------------------------
@pytest.mark.parametrize(("text", "per_side"), [
    ("Step hops: hop forward onto the step and back off it for 10 repititions. Repeat with the opposite leg.", True),
    ("Step hops: hop forward onto the step and back off it for 10 reps.", None),
])
def test_repeating_on_the_other_leg_makes_the_dose_per_side(extractor, text, per_side) -> None:
    [record] = run(extractor, [("paragraph", text)]).values()
    assert fields(record, "reps", "per_side") == (10, per_side)


def test_a_progression_gives_no_load_to_today_s_dose_and_is_kept_as_such(extractor) -> None:
    records = run(extractor, [
        ("paragraph", "Wall sit, 3 x 30 seconds. When that gets easy she wants me to hold a 10 lb dumbbell on my lap."),
    ])
    wall = records["wall sit"]
    assert fields(wall, "sets", "hold_seconds", "load") == (3, 30.0, None)
    assert wall.progression == "When that gets easy she wants me to hold a 10 lb dumbbell on my lap."


@pytest.mark.parametrize(("text", "expected"), [
    ("Single leg balance: stand on one leg for 30 seconds; progress by closing your eyes.", (30.0, None)),
    ("Calf raises: start with 2 sets of 10 and progress to 3 sets of 15.", (None, 2)),
])
def test_what_is_said_before_a_progression_is_today_s_dose(extractor, text, expected) -> None:
    [record] = run(extractor, [("paragraph", text)]).values()
    assert fields(record, "hold_seconds", "sets") == expected


@pytest.mark.parametrize("text", [
    "The biggest game-changer for me wasn’t a fancy foam roller; it was patience.",
    "For some great foam rolling moves, check out this post.",
    "I used to do the leg press machine too but dropped it.",
    "Bounding is the next step, but not until my knees stop aching.",
    "My physio said to stop the lunges for two weeks.",
])
def test_an_exercise_only_named_is_kept_as_a_mention_not_a_prescription(extractor, text) -> None:
    [record] = run(extractor, [("paragraph", text)]).values()
    assert record.prescribed is False


@pytest.mark.parametrize("text", ["Don't stop doing squats just because you're running more.",
                                  "Never skip the bridges.", "Do 3 x 10 squats, stop if it hurts."])
def test_a_refusal_negated_or_after_the_name_leaves_it_prescribed(extractor, text) -> None:
    [record] = run(extractor, [("paragraph", text)]).values()
    assert record.prescribed is True


def test_a_prescribed_exercise_is_flagged_so(extractor) -> None:
    record = run(extractor, [("paragraph", "Don't forget your clamshells: 2 sets of 15 on each side.")])["clamshell"]
    assert record.prescribed is True
    assert fields(record, "sets", "reps", "per_side") == (2, 15, True)


# -- CERT items --------------------------------------------------------------------------------
def test_cert_items_come_from_the_words_of_the_post(extractor) -> None:
    records = run(extractor, [
        ("paragraph", "My physical therapist gave me a home program for my knee."),
        ("heading", "Single-leg bridge"),
        ("paragraph", "Lie on your back with your knees bent, lift one leg and push your hips up. 10 per side."),
        ("paragraph", "When that gets easy, add a band around your knees."),
    ])
    bridge = records["single-leg bridge"]
    assert (bridge.position, bridge.laterality, bridge.setting, bridge.prescriber) == (
        "supine", "unilateral", "home", "physical therapist")
    assert bridge.progression == "When that gets easy, add a band around your knees."


def test_a_block_spacy_need_not_read_still_gives_the_details_around_an_exercise(extractor) -> None:
    # "Lie sideways. Go slowly." can name nothing and dose nothing, so spaCy does not read it
    # with the others; when it turns out to be about the exercise above it, it is read then
    quiet = "Lie sideways, head resting. Go slowly and breathe."
    assert not extractor.may_say_something(quiet)
    record = run(extractor, [("heading", "Clamshells"), ("paragraph", quiet),
                             ("paragraph", "Then 2 sets of 15.")])["clamshell"]
    assert record.position == "side-lying"
    assert fields(record, "sets", "reps") == (2, 15)


def test_what_may_be_named_or_dosed_is_always_read(extractor) -> None:
    from pipeline.lexicon import variants

    lexicon = extractor.lexicon
    for table in (lexicon.exercises, lexicon.muscles, lexicon.equipment):
        for entry in table.values():
            names = (entry.name,) if getattr(entry, "match_name", True) else ()
            for alias in (*names, *entry.aliases):
                for form in variants(alias):
                    assert extractor.may_say_something(f"It was {form.upper()} today."), (entry.name, form)
    for dose in ("twice a day", "Hold for thirty seconds.", "every other day", "3x", "each side"):
        assert extractor.may_say_something(dose), dose
    assert not extractor.may_say_something("What a lovely view from the top of the hill!")


def test_cert_items_not_stated_stay_null(extractor) -> None:
    record = run(extractor, [("paragraph", "I did glute bridges today.")])["glute bridge"]
    assert (record.position, record.laterality, record.setting, record.prescriber, record.progression) == (
        None, None, None, None, None)


# -- plain-text posts ----------------------------------------------------------------------------
def test_plain_text_layout_becomes_headings_lists_and_paragraphs() -> None:
    body, blocks = text_blocks(
        "Calf strength\n\nSoleus raises (bent knee)\n\n  • Build up to 3 x 25\n  • Do daily after running\n\n"
        "1. Calf Stretch\nStand facing a wall and place one foot behind the other.\n3 sets of 8 reps\n"
        "I get wicked shin splints any time I try to run. I always have. A\ncouple of years ago I found the cure.")
    kinds = [(b.kind, b.text) for b in blocks]
    assert kinds == [
        ("heading", "Calf strength"),
        ("heading", "Soleus raises (bent knee)"),
        ("list_item", "Build up to 3 x 25"),
        ("list_item", "Do daily after running"),
        ("heading", "Calf Stretch"),
        ("paragraph", "Stand facing a wall and place one foot behind the other."),
        ("paragraph", "3 sets of 8 reps"),
        ("paragraph", "I get wicked shin splints any time I try to run. I always have. A couple of years ago I found the cure."),
    ]
    assert all(body[b.start:b.end] == b.text for b in blocks)
    assert blocks[2].list_id == blocks[3].list_id is not None


def test_a_text_post_is_extracted_like_a_page(extractor) -> None:
    post = clean_text("Calf strength\n\nSoleus raises (bent knee)\n\n  • Build up to 3 x 25\n  • Do daily after running\n",
                      "notes/calf.txt")
    assert post.title == "Calf strength" and post.platform == "text"
    [record] = extract(post, extractor)
    assert (record.name, *fields(record, "sets", "reps", "frequency")) == ("seated calf raise", 3, 25, "daily")


@settings(max_examples=200, deadline=2000)
@given(st.lists(st.one_of(st.sampled_from(["\n", "\n\n", "  • ", "- ", "1. ", "## ", "Calf raises", "3 x 10",
                                           "hold for 30 seconds.", "a\nb", "\r\n", ":"]),
                          st.text(max_size=20)), max_size=60).map("".join))
def test_any_text_gives_blocks_whose_offsets_point_into_the_body(text) -> None:
    body, blocks = text_blocks(text)
    assert all(body[b.start:b.end] == b.text and b.text.strip() for b in blocks)
    assert [b.start for b in blocks] == sorted(b.start for b in blocks)


def test_the_corpus_pages_that_are_no_exercise_posts_prescribe_nothing(extractor) -> None:
    """The 55 pages of ../shared/corpus/html are news, recipes, shops and blogs of other kinds:
    a recipe's "Healthy Game Day Dip:" or a training log's swim is no prescribed exercise."""
    from pipeline.clean import clean
    from pipeline.errors import PipelineError
    from pipeline.sources import discover, read_page
    from tests.support.paths import CORPUS_HTML

    if not CORPUS_HTML.is_dir():
        pytest.skip(f"third-party corpus not found at {CORPUS_HTML} (../shared is absent beside the repo)")
    prescribed = []
    for path in discover([CORPUS_HTML]):
        try:
            post = clean(read_page(path))
        except PipelineError:
            continue
        prescribed += [(path.name, r.name) for r in extract(post, extractor) if r.prescribed]
    assert prescribed == []
