"""How extraction links doses, muscles and equipment to exercises, stated as small posts."""

from __future__ import annotations

import pytest

from pipeline.errors import ExtractError
from pipeline.extract import extract, load_extractor
from pipeline.records import Block
from tests.support.posts import make_post


@pytest.fixture(scope="module")
def extractor():
    return load_extractor()


def run(extractor, blocks, comments=()):
    return extract(make_post(blocks, list(comments)), extractor)


def by_name(records):
    return {r.name: r for r in records}


def test_generic_words_and_running_make_no_records(extractor) -> None:
    assert run(extractor, [("paragraph", "I love strength training and stretching after my runs.")]) == []
    assert run(extractor, [
        ("paragraph", "I’ve started doing hip strengthening exercises several times a week."),
        ("paragraph", "Cross training and my exercises keep me running 5 days a week."),
    ]) == []


def test_extract_reads_sets_and_reps_from_a_list_item(extractor) -> None:
    records = run(extractor, [("list_item", "Goblet squats holding a 10 lb dumbbell, 3x10")])
    [r] = records
    assert (r.name, r.equipment, r.dose.sets, r.dose.reps, r.dose.load) == ("goblet squat", ("dumbbell",), 3, 10, "10 lb")
    assert r.evidence == "Goblet squats holding a 10 lb dumbbell, 3x10"


def test_a_routine_instruction_before_a_list_applies_to_each_item(extractor) -> None:
    records = by_name(run(extractor, [
        ("paragraph", "I do this routine every other day. It takes about fifteen minutes. Do 3 sets of 10 of each:"),
        ("list_item", "Clamshells with a mini band"),
        ("list_item", "Glute bridges"),
        ("list_item", "Side plank, 30 seconds each side"),
    ]))
    for name in ("clamshell", "glute bridge"):
        d = records[name].dose
        assert (d.sets, d.reps, d.hold_seconds, d.duration_seconds, d.frequency) == (3, 10, None, None, "every other day")
        assert records[name].evidence == "Do 3 sets of 10 of each:"
    plank = records["side plank"].dose
    # the item states its own dose: it keeps its time, and takes the routine's sets and frequency
    assert (plank.sets, plank.reps, plank.hold_seconds, plank.per_side, plank.frequency) == (3, None, 30.0, True, "every other day")


def test_a_sentence_before_a_list_without_a_routine_cue_is_no_routine(extractor) -> None:
    records = run(extractor, [
        ("paragraph", "Start with 5 minutes of easy jogging, then go straight into the drills:"),
        ("list_item", "Butt kicks, 2 x 20 m"),
        ("list_item", "High knees"),
    ])
    d = by_name(records)["high knees"].dose
    assert d.is_empty()
    assert by_name(records)["butt kick"].dose.duration_seconds is None
    assert "easy jog" not in by_name(records)


def test_a_caption_names_the_exercise_of_the_paragraph_before_it(extractor) -> None:
    records = run(extractor, [
        ("paragraph", "The other stretch I am doing is for my adductors, 3 sets of 30 second holds on each side."),
        ("caption", "physical therapy week 2: adductor stretch"),
    ])
    [r] = records
    assert (r.name, r.muscles, r.dose.sets, r.dose.hold_seconds, r.dose.per_side) == (
        "adductor stretch", ("hip adductors",), 3, 30.0, True)
    assert r.evidence.startswith("The other stretch I am doing")


def test_a_caption_at_the_start_of_a_section_names_the_paragraph_after_it(extractor) -> None:
    records = run(extractor, [
        ("heading", "Week 3"),
        ("caption", "calf raises on the stairs"),
        ("paragraph", "I have been doing these 3 sets of 15 every day."),
    ])
    [r] = records
    assert (r.name, r.dose.sets, r.dose.reps, r.dose.frequency) == ("calf raise", 3, 15, "daily")


def test_a_dose_in_a_later_sentence_belongs_to_the_exercise_the_paragraph_is_about(extractor) -> None:
    [r] = run(extractor, [("paragraph",
                            "The next exercise is the bridge with a ball that you squeeze between your knees. "
                            "This works the glutes and adductors. I’ve been doing 2 sets of 15 with a 5 second hold.")])
    assert (r.name, r.muscles, r.equipment) == ("bridge with ball squeeze", ("glutes", "hip adductors"), ("ball",))
    assert (r.dose.sets, r.dose.reps, r.dose.hold_seconds) == (2, 15, 5.0)


def test_an_alternative_takes_neither_a_record_nor_the_main_dose(extractor) -> None:
    records = run(extractor, [("paragraph",
                               "Balance on one foot and use a medicine ball to throw against a wall. "
                               "Another option is to just balance or do one-legged squats. I’ve been doing 30 on each foot.")])
    assert [r.name for r in records] == ["single-leg balance with ball toss"]
    assert (records[0].dose.reps, records[0].dose.per_side) == (30, True)


def test_one_record_per_exercise_with_the_dose_the_text_gives(extractor) -> None:
    records = run(extractor, [
        ("paragraph", "They are ankle hops and jump squats."),
        ("paragraph", "For ankle hops, hop quickly without stopping in between, 2 sets of 30."),
        ("paragraph", "For squat jumps, jump up and back down into a squat, 3 sets of 10."),
    ])
    assert [(r.name, r.dose.sets, r.dose.reps) for r in records] == [("ankle hop", 2, 30), ("squat jump", 3, 10)]
    assert [r.exercise_id for r in records] == ["p0001-e000", "p0001-e001"]


def test_equipment_that_only_anchors_a_band_is_not_equipment(extractor) -> None:
    [r] = run(extractor, [("paragraph",
                            "I tied a band to the leg of my table and made a loop for my foot. "
                            "Standing hip adduction, 2 sets of 15 on each side.")])
    assert r.equipment == ("resistance band",)


def test_a_weight_held_is_equipment_and_sitting_up_is_no_sit_up(extractor) -> None:
    [twists] = run(extractor, [("paragraph",
                                 "2X25 Russian twists. Sit up and lift your feet so you are in a boat position. "
                                 "I usually do these with a 10 lb weight.")])
    assert (twists.name, twists.equipment) == ("russian twist", ("weight",))
    [squats] = run(extractor, [("list_item", "Split squats, 10 per leg with optional weight")])
    assert squats.equipment == ("weight",)
    [bridge] = run(extractor, [("paragraph", "Glute bridges, 3 x 12. Keep your weight in your heels.")])
    assert bridge.equipment == ()


def test_a_dose_after_a_name_found_in_prose_is_that_names(extractor) -> None:
    records = by_name(run(extractor, [("paragraph",
        "Clam exercises and leg raises are best. You lay on your side with your knees bent. Then lift the "
        "top knee. Repeat slowly fifteen times. For leg raises, hips stacked again. Raise the top leg "
        "18 inches and lower it. Repeat ten times.")]))
    assert (records["clamshell"].dose.reps, records["leg raise"].dose.reps) == (15, 10)


def test_muscles_are_only_the_ones_the_text_states(extractor) -> None:
    records = by_name(run(extractor, [
        ("paragraph", "Calf raises, 3x15."),
        ("paragraph", "Then foam roll your quads for 60 seconds on each leg."),
        ("paragraph", "Heel walks for 1 minute, twice. My shins burn by the end."),
    ]))
    assert records["calf raise"].muscles == ()
    assert records["quad rolling"].muscles == ("quadriceps",)      # foam rolling the quads: their roll
    assert records["quad rolling"].equipment == ("foam roller",)
    assert records["quad rolling"].dose.duration_seconds == 60.0
    assert records["heel walk"].muscles == ("tibialis anterior",)


def test_a_heading_states_the_target_of_its_section(extractor) -> None:
    records = by_name(run(extractor, [
        ("heading", "Glute medius work"),
        ("paragraph", "Clamshells, 2 sets of 20."),
        ("heading", "Calves"),
        ("paragraph", "Heel drops off a step, 3x15."),
    ]))
    assert records["clamshell"].muscles == ("gluteus medius",)
    assert records["heel drop"].muscles == ("calves",)
    assert records["heel drop"].equipment == ("step",)


def test_a_muscle_in_a_headings_exercise_name_states_no_target(extractor) -> None:
    records = by_name(run(extractor, [
        ("heading", "Exercise 1: Glute Bridge"),
        ("paragraph", "Lie on your back with knees bent. Lift your hips."),
        ("paragraph", "Sets/Reps: 3 x 12"),
        ("heading", "Hamstring stretch"),
        ("paragraph", "Hold for 30 seconds."),
    ]))
    assert records["glute bridge"].muscles == ()          # a bare name states no target (GUIDE)
    assert records["hamstring stretch"].muscles == ("hamstrings",)   # a stretch names what it stretches


def test_comment_records_are_per_comment_with_offsets_into_the_comment(extractor) -> None:
    comments = ["Great post! I do clamshells with a band, 3 sets of 20 every day.",
                "Clamshells are my favourite. Also pigeon pose."]
    records = run(extractor, [("paragraph", "Nothing here.")], comments)
    assert [(r.comment_id, r.exercise_id, r.name) for r in records] == [
        ("p0001-c0000", "p0001-c0000-e00", "clamshell"),
        ("p0001-c0001", "p0001-c0001-e00", "clamshell"),
        ("p0001-c0001", "p0001-c0001-e01", "pigeon pose"),
    ]
    first = records[0]
    assert comments[0][first.char_start:first.char_end] == first.evidence
    assert (first.dose.sets, first.dose.reps, first.dose.frequency, first.equipment) == (3, 20, "daily", ("resistance band",))
    assert records[1].dose.is_empty()


def test_a_post_whose_block_offsets_disagree_with_its_body_is_an_extract_error(extractor) -> None:
    post = make_post([("paragraph", "Clamshells, 2 sets of 20.")])
    bad = type(post)(**{**{f: getattr(post, f) for f in post.__dataclass_fields__},
                        "blocks": (Block("paragraph", "Clamshells", 5, 15, None, 0, None),)})
    with pytest.raises(ExtractError) as info:
        extract(bad, extractor)
    assert str(info.value) == (
        "test/p0001.html: block 0 (paragraph) says it spans 5-15 of body_text, but the text there differs")


def test_a_sport_is_an_exercise_only_as_a_routines_warm_up(extractor) -> None:
    """GUIDE: whole sport sessions (a swim, a spin class) are no exercise; a bike warm-up is."""
    warm = by_name(run(extractor, [("paragraph", "Warm up with 5 minutes on the rower, then do 3 sets of 10 squats.")]))
    assert warm["rowing"].prescribed and warm["rowing"].dose.duration_seconds == 300.0
    session = by_name(run(extractor, [("paragraph", "I am cycling for 45 minutes every other day while my Achilles heals.")]))
    assert "cycling" not in session      # a whole session is no exercise, so it is no row at all


@pytest.mark.parametrize("text", ["Also, any of the Warrior positions (I, II, III, reverse).",
                                  "Try Warrior poses I, II and III, and reverse."])
def test_a_pose_with_its_variants_counted_after_it_is_each_variant(extractor, text) -> None:
    names = {r.name for r in run(extractor, [("paragraph", text)])}
    assert names == {"warrior i", "warrior ii", "warrior iii", "reverse warrior"}


def test_a_count_after_a_name_with_no_variants_stays_a_count(extractor) -> None:
    assert {r.name for r in run(extractor, [("paragraph", "Hold warrior pose for 2 breaths, then squat 3 times.")])} \
        == {"warrior pose", "squat"}


@pytest.mark.parametrize(("text", "name", "muscle"), [
    ("Stretch: your hamstrings. From standing, take a short stride forwards.", "hamstring stretch", "hamstrings"),
    ("STRETCH: YOUR QUADS. Hold for 20 seconds and then swap legs.", "quad stretch", "quadriceps"),
    ("I focus on my core and then stretch out the hip flexors.", "hip flexor stretch", "hip flexors"),
    ("I hang a heel off a step and stretch both the gastroc.", "calf stretch", "gastrocnemius"),
])
def test_stretching_a_muscle_names_its_stretch(extractor, text, name, muscle) -> None:
    [record] = run(extractor, [("paragraph", text)])
    assert (record.name, record.muscles) == (name, (muscle,))


@pytest.mark.parametrize("text", ["You should feel a stretch in your hamstrings.",
                                  "Downward dog stretches the hamstrings and calves.",
                                  "While stretching the calves is intuitive post run, few strengthen the shins."])
def test_a_stretch_felt_or_done_by_a_named_exercise_names_no_stretch(extractor, text) -> None:
    assert "hamstring stretch" not in by_name(run(extractor, [("paragraph", text)]))
    assert "calf stretch" not in by_name(run(extractor, [("paragraph", text)]))


def test_stretching_timed_around_the_run_times_every_stretch_named_after(extractor) -> None:
    records = by_name(run(extractor, [("paragraph", "This is how to stretch post run. Stretch: your hamstrings, and "
                                                    "hold for 20 seconds. Stretch: your calves. Then 10 squats.")]))
    assert records["hamstring stretch"].dose.frequency == records["calf stretch"].dose.frequency == "after every run"
    assert records["squat"].dose.frequency is None


@pytest.mark.parametrize(("text", "name"), [
    ("Clam exercises are best for the hips.", "clamshell"),
    ("Hold a prone bridge for 45 seconds.", "plank"),
    ("I did jane fonda leg raises every night.", "side-lying leg raise"),
    ("Glut bridge 3x10.", "glute bridge"),
    ("Legs on the Wall for 5 minutes.", "legs up the wall"),
])
def test_names_people_use_for_common_exercises(extractor, text, name) -> None:
    assert name in by_name(run(extractor, [("paragraph", text)]))


def test_the_mention_keeps_the_modifiers_written_before_the_name(extractor) -> None:
    [record] = run(extractor, [("paragraph", "Then do a bent-kneed eccentric heel drop, 3 x 15.")])
    assert (record.name, record.mention) == ("heel drop", "bent-kneed eccentric heel drop")


def test_rolling_timed_around_the_run_times_every_part_rolled(extractor) -> None:
    records = run(extractor, [("paragraph", text) for text in (
        "I try to foam roll after every run for about 5 minutes.",
        "Below are the top spots to focus on. I suggest about one minute on each area.",
        "Quads: in a plank position, roll along the front of your thighs.",
        "Iliotibial Band: in a side plank position, roll along the outside of your thigh.")])
    assert len(records) >= 2 and {r.dose.frequency for r in records} == {"after every run"}


def test_rolling_a_muscle_names_its_roll_in_a_body_or_a_comment(extractor) -> None:
    records = by_name(run(extractor, [("paragraph", "Every morning I do clamshells, 3 x 15. I also roll my IT "
                                                    "band after runs. I never roll the shin bone itself.")],
                          comments=["I foam roll my calves every night for 5 minutes."]))
    assert set(records) == {"clamshell", "it band rolling", "calf rolling"}
    assert records["calf rolling"].source == "comment" and records["calf rolling"].dose.duration_seconds == 300.0
    assert records["clamshell"].muscles == ()       # the IT band is the roll's, not the clamshells'


def test_a_comments_loose_talk_of_a_kind_of_stretch_names_no_exercise(extractor) -> None:
    records = run(extractor, [("paragraph", "Clamshells, 3 x 15 each side.")],
                  comments=["I also love a good hip stretch! Thanks for stopping by!"])
    assert [r.name for r in records] == ["clamshell"]


def test_rounds_said_after_a_list_of_counted_exercises_are_the_rounds_of_all_of_them(extractor) -> None:
    records = by_name(run(extractor, [("paragraph", "I did 20 squats, 20 lunges, 10 push-ups, a 30 second plank "
                                                    "and 15 burpees, three rounds.")]))
    assert {n: (r.dose.sets, r.dose.reps, r.dose.hold_seconds) for n, r in records.items()} == {
        "squat": (3, 20, None), "lunge": (3, 20, None), "push-up": (3, 10, None), "plank": (3, None, 30.0),
        "burpee": (3, 15, None)}
    # sets of their own: a trailing "2 sets" is the last one's
    records = by_name(run(extractor, [("paragraph", "Clamshells 3x15 and bridges, 2 sets.")]))
    assert (records["clamshell"].dose.sets, records["glute bridge"].dose.sets) == (3, 2)


def test_a_list_with_counts_before_its_names_is_dosed_by_the_sentence_after_it(extractor) -> None:
    records = by_name(run(extractor, [("paragraph", "I did squats, lunges and 20 push-ups. 3 rounds.")]))
    assert {n: (r.dose.sets, r.dose.reps) for n, r in records.items()} == {
        "squat": (3, None), "lunge": (3, None), "push-up": (3, 20)}


def test_exercises_listed_after_a_leads_name_are_exercises_not_its_how_to(extractor) -> None:
    # the line is laid out as a lead ("Warm up with leg swings (10 each leg), ..."); the names listed
    # after its own, their doses in brackets between them, are each an exercise
    records = by_name(run(extractor, [("paragraph", "Warm up with leg swings (10 each leg), hip circles (10 each "
                                                    "way) and walking lunges.")]))
    assert set(records) == {"leg swing", "hip circle", "walking lunge"}
    assert (records["leg swing"].dose.reps, records["leg swing"].dose.per_side) == (10, True)



def test_a_dose_said_of_each_is_of_those_named_before_it(extractor) -> None:
    records = by_name(run(extractor, [("paragraph", "Side plank and plank, 30 seconds each, then bird dogs and "
                                                    "dead bugs, 10 each side.")]))
    # "plank" beside "Side plank" is an exercise of its own, not the side plank named again
    assert {n: (r.dose.hold_seconds, r.dose.duration_seconds, r.dose.reps, r.dose.per_side)
            for n, r in records.items()} == {
        "side plank": (30.0, None, None, None), "plank": (30.0, None, None, None),
        "bird dog": (None, None, 10, True), "dead bug": (None, None, 10, True)}

@pytest.mark.parametrize(("text", "name"), [
    ("I added decline squats on a slant board for my patellar tendon, 3 x 15.", "decline squat"),
    ("Walking backwards on the treadmill took the load off my knee.", "backward walking"),
    ("Ball squeezes between the knees, 5 x 10 seconds.", "adductor squeeze"),
    ("Before the track session we did A-skips, grapevine and side shuffles.", "carioca"),
    ("Before the track session we did A-skips, grapevine and side shuffles.", "lateral shuffle"),
    ("Frog pumps, 2 sets of 20.", "frog pump"),
    ("Copenhagen adductor plank, 3 x 20 seconds each side.", "copenhagen plank"),
    ("Then single leg marches on the mat, 10 each side.", "single-leg march"),
    ("Dead hangs from the pull-up bar for 30 seconds, three times.", "dead hang"),
    ("My physio swapped sit-ups for McGill curl-ups, 3 x 8.", "mcgill curl-up"),
    ("Reverse clams with a band, 2 x 15 each side.", "reverse clamshell"),
    ("Long-lever bridges: heels far from the hips, 3 x 10.", "long-lever bridge"),
    ("Peterson step-ups off a low step, 3 x 12 each leg.", "peterson step-up"),
    ("Side plank with leg lift, 3 x 20 seconds each side.", "side plank leg lift"),
    ("After the run I did walkouts and then a TFL stretch against the wall.", "inchworm"),
    ("After the run I did walkouts and then a TFL stretch against the wall.", "tfl stretch"),
    ("Yoga tonight: puppy pose, boat pose and locust pose.", "boat pose"),
])
def test_common_rehab_and_drill_names_are_in_the_vocabulary(extractor, text, name) -> None:
    assert name in by_name(run(extractor, [("paragraph", text)]))


def test_words_of_new_names_in_everyday_phrases_are_no_exercises(extractor) -> None:
    assert run(extractor, [("paragraph", "My running has improved by leaps and bounds, and the trail was out "
                                         "of bounds after the storm.")]) == []
    # the whole name, not a shorter alias inside it and a second exercise after it
    assert [r.name for r in run(extractor, [("paragraph", "Copenhagen adductor plank, 3 x 20 seconds each "
                                                          "side.")])] == ["copenhagen plank"]


def test_the_number_of_a_name_is_neither_its_reps_nor_the_end_of_its_name(extractor) -> None:
    [figure_four] = run(extractor, [("paragraph", "Figure four stretch for 30 seconds per side.")])
    assert (figure_four.name, figure_four.mention) == ("figure-four stretch", "Figure four stretch")
    assert (figure_four.dose.reps, figure_four.dose.hold_seconds, figure_four.dose.per_side) == (None, 30.0, True)
    [ninety] = run(extractor, [("paragraph", "Do the 90/90 stretch for 30 seconds.")])
    assert ninety.mention == "90/90 stretch"


def test_each_muscle_of_a_list_stretched_or_rolled_is_its_own_exercise(extractor) -> None:
    records = by_name(run(extractor, [("paragraph", "Then I stretch my hamstrings, quads and calves for 30 seconds each.")]))
    assert sorted(records) == ["calf stretch", "hamstring stretch", "quad stretch"]
    assert {r.dose.hold_seconds for r in records.values()} == {30.0}
    rolled = by_name(run(extractor, [("paragraph", "I foam roll my calves, quads and IT band after every run.")]))
    assert sorted(rolled) == ["calf rolling", "it band rolling", "quad rolling"]
    assert rolled["quad rolling"].evidence == "I foam roll my calves, quads and IT band after every run."
    # a muscle after the list's end is not stretched: "and then do 20 squats"
    assert sorted(by_name(run(extractor, [("paragraph", "I stretch my calves and then do 20 squats.")]))) == ["calf stretch", "squat"]


def test_a_dose_opening_a_list_is_every_item_s_and_an_item_s_own_aside_is_its_alone(extractor) -> None:
    records = by_name(run(extractor, [(
        "paragraph", "I did 3 sets of 5 of each: squats, step ups on each leg, bridges and calf raises.")]))
    assert {n: (r.dose.sets, r.dose.reps, r.dose.per_side) for n, r in records.items()} == {
        "squat": (3, 5, None), "step-up": (3, 5, True), "glute bridge": (3, 5, None), "calf raise": (3, 5, None)}
    # an item's own dose wins over the list's
    own = by_name(run(extractor, [("paragraph", "3 x 10 reps each: squats, lunges 2x8, bridges.")]))
    assert {n: (r.dose.sets, r.dose.reps) for n, r in own.items()} == {
        "squat": (3, 10), "lunge": (2, 8), "glute bridge": (3, 10)}


def test_a_bracketed_exclamation_inside_a_list_does_not_end_its_sentence(extractor) -> None:
    """The sentencizer ends a sentence after "!)," and so cut the list from its dose; no sentence
    starts after a comma."""
    records = by_name(run(extractor, [(
        "paragraph", "3 x 5 sets each of: goblet squats, step ups (drive up hard!), bridges, deadlifts and calf raises.")]))
    assert {r.dose.sets for r in records.values()} == {3} and len(records) == 5


def test_a_dash_between_spaces_joins_no_name(extractor) -> None:
    """NORM makes every dash a hyphen; "plank – hold" is not the alias "plank-hold", and the
    side plank named before the dash stays a side plank."""
    [r] = run(extractor, [("list_item", "Side plank – hold 45 seconds, 3 times")])
    assert (r.name, r.mention, r.dose.hold_seconds, r.dose.reps) == ("side plank", "Side plank", 45.0, 3)
    [held] = run(extractor, [("list_item", "Plank-hold, 45 seconds")])
    assert held.name == "plank"


def test_the_time_of_a_jog_before_a_list_is_no_exercise_s(extractor) -> None:
    records = by_name(run(extractor, [(
        "paragraph", "The warm-up: 5 minutes easy jog, then 10 leg swings each side, 10 walking lunges, and 20 butt kicks.")]))
    assert {n: (r.dose.reps, r.dose.duration_seconds) for n, r in records.items()} == {
        "leg swing": (10, None), "walking lunge": (10, None), "butt kick": (20, None)}


def test_a_list_of_muscles_rolled_with_a_time_in_brackets_after_each(extractor) -> None:
    records = by_name(run(extractor, [(
        "paragraph", "Foam roll your calves (60 seconds each), your quads (60 seconds) and your IT band (90 seconds each side).")]))
    assert {n: (r.dose.duration_seconds, r.dose.per_side) for n, r in records.items()} == {
        "calf rolling": (60.0, None), "quad rolling": (60.0, None), "it band rolling": (90.0, True)}


def test_a_name_at_the_top_or_bottom_of_a_movement_is_a_position_even_in_quotes(extractor) -> None:
    records = by_name(run(extractor, [
        ("paragraph", "The protocol calls for three sets of fifteen eccentric heel drops."),
        ("paragraph", "Standing on a step (at the top of a \u201ccalf raise\u201d), shift your weight onto the injured leg."),
        ("paragraph", "Pause at the bottom of the squat for two seconds before you do 10 lunges."),
    ]))
    assert sorted(records) == ["heel drop", "lunge"]


def test_common_names_the_vocabulary_holds(extractor) -> None:
    """Names runners' physios write that are no alias spelling of another: a hip raise is a glute
    bridge; "Ankle 4 ways" (the four-way banded ankle exercise) keeps its 4 out of the dose."""
    records = by_name(run(extractor, [("list_item", "Hip Raise: 3 x 12"), ("list_item", "Ankle 4 ways - 10 reps each way")]))
    assert (records["glute bridge"].dose.sets, records["glute bridge"].dose.reps) == (3, 12)
    assert (records["4-way ankle"].dose.reps, records["4-way ankle"].dose.sets) == (10, None)


def test_a_tool_that_rolls_put_to_a_muscle_names_the_roll_of_that_muscle(extractor) -> None:
    """The founding post's shape: "I use a lacrosse ball on my piriformis"."""
    records = run(extractor, [("paragraph", "Here is my favourite routine: clamshells, 3 sets of 15.")], comments=[
        "I use a lacrosse ball on my piriformis.",
        "I keep a handy lacrosse ball to work out knots in my calves & quads.",
        "I use a foam roller on my quads and IT band after every run.",
        "A foam roller under your back makes the bridge harder.",
    ])
    by_comment = {}
    for r in records:
        if r.comment_id:
            by_comment.setdefault(r.comment_id[-1], []).append((r.name, r.equipment))
    assert by_comment["0"] == [("piriformis release", ("lacrosse ball",))]
    assert by_comment["1"] == [("calf rolling", ("lacrosse ball",)), ("quad rolling", ())]
    assert [n for n, _ in by_comment["2"]] == ["quad rolling", "it band rolling"]
    assert "glute bridge" in [n for n, _ in by_comment["3"]]      # the roller is the bridge's: no roll of the back
    assert not any(n.startswith("back") for n, _ in by_comment["3"])


def test_each_after_the_dose_of_a_one_legged_exercise_is_per_leg(extractor) -> None:
    [rdl] = run(extractor, [("list_item", "Single leg RDL 3x8 each")])
    assert (rdl.name, rdl.dose.sets, rdl.dose.reps, rdl.dose.per_side) == ("single-leg deadlift", 3, 8, True)
    [squat] = run(extractor, [("list_item", "Squats 3x8 each")])      # no side to speak of
    assert squat.dose.per_side is None


def test_a_counted_kind_of_exercise_titles_a_list_and_is_none_of_them(extractor) -> None:
    """"3 Pelvic Floor Exercises For Postpartum Runners" titles the post's list: no pelvic floor
    contraction of its own; "Do your pelvic floor exercises, 10 squeezes" is one."""
    names = {r.name for r in run(extractor, [
        ("heading", "3 Pelvic Floor Exercises For Postpartum Runners"),
        ("paragraph", "Dead bugs: 10 each side."), ("paragraph", "Glute bridge: 2 sets of 12.")])}
    assert names == {"dead bug", "glute bridge"}
    [kegel] = run(extractor, [("paragraph", "Do your pelvic floor exercises, 10 squeezes, three times a day.")])
    assert kegel.name == "pelvic floor contraction"


def test_rounds_before_a_colon_are_the_rounds_of_the_list_after_it(extractor) -> None:
    records = by_name(run(extractor, [(
        "paragraph", "Today's rehab - 3 rounds: 10 single leg deadlifts per side, 15 glute bridges, 20 calf raises")]))
    assert {n: (r.dose.sets, r.dose.reps) for n, r in records.items()} == {
        "single-leg deadlift": (3, 10), "glute bridge": (3, 15), "calf raise": (3, 20)}


def test_a_dose_of_each_but_an_exception_is_the_list_s_and_the_exception_its_own(extractor) -> None:
    records = by_name(run(extractor, [("paragraph",
        "My physio gave me three exercises: single leg squats, side plank and hip hikes. "
        "I do 3 sets of 10 of each, except the side plank which I hold for 30 seconds.")]))
    assert {n: (r.dose.sets, r.dose.reps, r.dose.hold_seconds) for n, r in records.items()} == {
        "single-leg squat": (3, 10, None), "side plank": (None, None, 30.0), "hip hike": (3, 10, None)}


def test_a_dose_said_back_of_the_exercises_before_it_is_theirs_not_the_next_one_s(extractor) -> None:
    """Prose that names each stretch in its own paragraph, then "Do each of these for 30 seconds on
    each leg. Finish with the pigeon stretch, for a minute on each side."."""
    records = by_name(run(extractor, [
        ("heading", "Post-run stretches"),
        ("paragraph", "The first stretch is the standing quad stretch. Stand on one leg and pull your heel to your bottom."),
        ("paragraph", "Next is the calf stretch. Put your hands on a wall and step one foot back."),
        ("paragraph", "Do each of these for 30 seconds on each leg. Finish with the pigeon stretch, for a minute on each side."),
    ]))
    assert {n: (r.dose.hold_seconds, r.dose.per_side) for n, r in records.items()} == {
        "quad stretch": (30.0, True), "calf stretch": (30.0, True), "pigeon pose": (60.0, True)}


def test_regions_in_a_list_of_targets_are_no_targets_and_do_not_end_the_list(extractor) -> None:
    """The GUIDE's rule: joints and regions (legs, hips, ankles, shoulders) are no muscles."""
    records = by_name(run(extractor, [
        ("paragraph", "Crescent lunge"),
        ("paragraph", "Step one foot back and sink the hips. Hold for 30 seconds."),
        ("paragraph", "Stretches the legs, groin, and hip flexors."),
        ("paragraph", "Doorway stretch"),
        ("paragraph", "Hold the door frame and lean through. It stretches your shoulders and chest."),
    ]))
    assert set(records["low lunge"].muscles) == {"hip adductors", "hip flexors"}
    assert records["chest stretch"].muscles == ("chest",)


def test_weights_worn_on_an_ankle_are_equipment_and_what_a_routine_targets_reaches_a_knee_exercise(extractor) -> None:
    records = by_name(run(extractor, [
        ("paragraph", "These two exercises build your core."),
        ("paragraph", "Side leg raises with ankle weights, 3 sets of 10 on each side."),
        ("paragraph", "Knee to chest on a stability ball, 2 sets of 12."),
    ]))
    assert records["side-lying leg raise"].equipment == ("ankle weights",)
    assert records["knee-to-chest stretch"].muscles == ("core",)


def test_equipment_is_named_as_specifically_as_the_text_names_it(extractor) -> None:
    records = by_name(run(extractor, [
        ("paragraph", "Smith machine calf raises, 3 x 12."),
        ("paragraph", "Single leg balance holding the kitchen counter, 30 seconds, then on a cushion."),
        ("paragraph", "Step ups in a weighted vest, 3 x 10 each leg."),
    ]))
    assert records["calf raise"].equipment == ("smith machine",)
    assert set(records["single-leg balance"].equipment) == {"kitchen counter", "cushion"}
    assert records["step-up"].equipment == ("weighted vest",)


def test_couch_to_5k_is_a_programme_not_a_couch(extractor) -> None:
    records = by_name(run(extractor, [
        ("paragraph", "You've finished Couch to 5K! Now add core work twice a week: planks, 3 x 30 seconds."),
    ]))
    assert records["plank"].equipment == ()


def test_rolling_a_muscle_the_vocabulary_rolls_rarely_names_its_roll(extractor) -> None:
    records = by_name(run(extractor, [], comments=["My physio says: roll the TFL and glutes, a minute each."]))
    assert {n: r.dose.duration_seconds for n, r in records.items()} == {"tfl rolling": 60.0, "glute rolling": 60.0}


def test_muscles_rolled_one_after_another_each_with_its_time_are_each_rolled(extractor) -> None:
    records = by_name(run(extractor, [("paragraph", "After long runs I roll my quads for two minutes and then my "
                                                    "calves for a minute.")]))
    assert {n: r.dose.duration_seconds for n, r in records.items()} == {"quad rolling": 120.0, "calf rolling": 60.0}


def test_a_belly_that_domes_is_a_sign_and_a_foot_doming_exercise_an_exercise(extractor) -> None:
    tummy = run(extractor, [("paragraph", "Exhale on the effort. If you see your tummy doming along the midline, "
                                          "make it easier: 2 sets of 10 dead bugs.")])
    assert set(by_name(tummy)) == {"dead bug"}
    foot = run(extractor, [("paragraph", "Foot doming, 10 reps each foot, twice a day.")])
    assert set(by_name(foot)) == {"short foot"}


def test_a_pose_walked_or_stepped_to_is_a_position_not_an_exercise(extractor) -> None:
    records = run(extractor, [("list_item", "Inchworms x5 – walk the hands out to a plank and back"),
                              ("list_item", "Burpees x10: jump the feet back to a plank, then up")])
    assert set(by_name(records)) == {"inchworm", "burpee"}


def test_a_moving_exercise_told_to_hold_its_position_holds_its_time(extractor) -> None:
    held = run(extractor, [("paragraph", "4. 2X1 minute bridge. Lying on your back, bend knees with feet on the "
                                         "ground, lift up your butt and lower back and hold.")])
    assert (held[0].dose.sets, held[0].dose.hold_seconds, held[0].dose.duration_seconds) == (2, 60.0, None)
    moving = run(extractor, [("paragraph", "Bridges, 10 reps, then 1 minute of marching. Hold onto a chair if needed.")])
    bridge = by_name(moving)["glute bridge"]
    assert bridge.dose.reps == 10 and bridge.dose.hold_seconds is None


def test_a_time_spent_in_a_pose_is_that_poses_even_on_another_poses_line(extractor) -> None:
    records = by_name(run(extractor, [
        ("paragraph", "Child's Pose: This pose gives my whole body a break."),
        ("paragraph", "Downward Facing Dog: After a minute in child's pose, it's into down dog."),
    ]))
    assert records["child's pose"].dose.hold_seconds == 60.0
    assert records["downward dog"].dose.hold_seconds is None


def test_a_name_line_that_says_what_it_works_keeps_the_name_alone_as_its_mention(extractor) -> None:
    [plank] = run(extractor, [("paragraph", "Side planks build the obliques, 3 x 30s.")])
    assert (plank.name, plank.mention, plank.muscles) == ("side plank", "Side planks", ("obliques",))
