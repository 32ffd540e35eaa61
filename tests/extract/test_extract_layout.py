"""Layout is evidence: name lines, their instruction and dose lines, routine intros and list items,
stated as small posts in the shapes real posts use (a line a paragraph, as themes lay them out),
and the same posts read as plain text."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.clean.text import clean_text
from pipeline.extract import extract, load_extractor
from pipeline.extract.layout import is_open_name, shape
from tests.support.posts import make_post


@pytest.fixture(scope="module")
def extractor():
    return load_extractor()


def lines(extractor, *texts, kind="paragraph"):
    """A post whose body is one paragraph a line (a list item a line where the text says so)."""
    blocks = [t if isinstance(t, tuple) else (kind, t) for t in texts]
    return {r.mention: r for r in extract(make_post(blocks, []), extractor)}


def text_post(extractor, text):
    return {r.mention: r for r in extract(clean_text(text, "post.txt"), extractor)}


def dose(r):
    d = r.dose
    return {k: v for k, v in (("sets", d.sets), ("reps", d.reps), ("hold", d.hold_seconds),
                              ("duration", d.duration_seconds), ("per_side", d.per_side),
                              ("frequency", d.frequency)) if v is not None}


ANKLE = ("Flexibility / Range of motion", "Toe circles", "10 times clockwise, 10 times anticlockwise. 3 sets.",
         "Towel calf stretch", "Straight back!", "30 sec x 3 sets.", "Strength", "Toe / heel rises",
         "10 reps each x 3 sets.")


def test_a_name_line_takes_the_dose_lines_under_it(extractor) -> None:
    records = lines(extractor, *ANKLE)
    assert dose(records["Towel calf stretch"]) == {"sets": 3, "hold": 30.0}
    assert records["Towel calf stretch"].equipment == ("towel",)
    assert dose(records["Toe circles"]) == {"sets": 3, "reps": 10, "per_side": True}


def test_field_lines_of_a_handout_dose_the_name_above_them(extractor) -> None:
    records = lines(extractor, "My physio's exercises for runner's knee.",
                    ("heading", "Clamshells"), "Lie on your side, knees bent, and lift the top knee.",
                    "Sets: 3", "Reps: 15 each side",
                    ("heading", "Wall sit"), "Description: slide down the wall until your knees are at 90 degrees.",
                    "Hold: 30 seconds", "Sets: 4")
    assert dose(records["Clamshells"]) == {"sets": 3, "reps": 15, "per_side": True}
    assert dose(records["Wall sit"]) == {"sets": 4, "hold": 30.0}


def test_the_same_post_as_plain_text_gives_the_same_records(extractor) -> None:
    html = lines(extractor, *ANKLE)
    text = text_post(extractor, "\n".join(ANKLE))
    assert {m: (r.name, dose(r)) for m, r in html.items()} == {m: (r.name, dose(r)) for m, r in text.items()}


def test_a_name_the_lexicon_lacks_is_kept_as_written_with_null_canonical_fields(extractor) -> None:
    r = lines(extractor, *ANKLE)["Toe circles"]
    assert (r.name, r.matched_by, r.category, r.usual_muscles) == ("toe circles", "layout", None, ())


def test_coordinated_names_are_each_an_exercise_with_the_shared_dose(extractor) -> None:
    records = lines(extractor, *ANKLE)
    assert {records[m].name for m in ("Toe rises", "heel rises")} == {"toe raise", "calf raise"}
    assert all(dose(records[m]) == {"sets": 3, "reps": 10} for m in ("Toe rises", "heel rises"))


def test_names_are_recognised_by_their_parts(extractor) -> None:
    records = lines(extractor, "Standing Quadricep stretch", "Three sets of twenty seconds for each leg.",
                    "Resistance Band Standing Kick Backs", "Do 2 sets of 12.", "Bench press 3 x 5 @ 40lbs")
    assert records["Standing Quadricep stretch"].name == "quad stretch"
    assert dose(records["Standing Quadricep stretch"]) == {"sets": 3, "hold": 20.0, "per_side": True}
    assert records["Resistance Band Standing Kick Backs"].name == "standing hip extension"
    assert records["Resistance Band Standing Kick Backs"].matched_by == "parts"
    bench = records["Bench press"]
    assert (bench.name, bench.dose.sets, bench.dose.reps, bench.dose.load) == ("bench press", 3, 5, "40 lb")


def test_a_routine_statement_after_a_list_doses_every_item(extractor) -> None:
    records = lines(extractor, ("heading", "Core Workout"), ("list_item", "Plank"), ("list_item", "Bicycle Crunch"),
                    ("paragraph", "Perform each exercise for 40 seconds with a 20 second rest in between."),
                    ("paragraph", "Do the sequence 2 times through."))
    assert dose(records["Plank"]) == {"sets": 2, "hold": 40.0}
    assert dose(records["Bicycle Crunch"]) == {"sets": 2, "duration": 40.0}


def test_body_parts_under_a_foam_rolling_intro_are_what_is_rolled(extractor) -> None:
    records = lines(extractor,
                    ("paragraph", "I typically foam roll about 3 times per week. My routine is pretty simple:"),
                    ("list_item", "Calves 60 sec per side"), ("list_item", "Quads 60 sec per side"))
    calves = records["Calves"]
    assert (calves.name, calves.muscles, calves.equipment) == ("calf rolling", ("calves",), ("foam roller",))
    assert dose(calves) == {"duration": 60.0, "per_side": True, "frequency": "3x/week"}
    assert records["Quads"].muscles == ("quadriceps",)
    assert "foam rolling" not in {r.name for r in records.values()}   # the routine's activity, not a record


def test_a_stretch_names_its_target_and_a_strength_exercise_does_not(extractor) -> None:
    records = lines(extractor, "Hamstring Stretch", "Hold for 30 seconds.", "Hamstring Bridge",
                    "Lie on your back and lift your hips, 3 sets of 10.")
    assert records["Hamstring Stretch"].muscles == ("hamstrings",)
    assert records["Hamstring Bridge"].muscles == ()
    # the lexicon's knowledge is a column of its own, never mixed into what the text states
    assert records["Hamstring Bridge"].usual_muscles == ("glutes", "hamstrings")


def test_a_lists_numbering_is_no_rep_count(extractor) -> None:
    records = lines(extractor, "1 Bridge", "Lie on the floor with knees bent.", "2 Resisted Squat",
                    "Stand with a band above your knees.", "3 Plank", "Hold on your forearms.")
    assert all(r.dose.reps is None for r in records.values())


def test_a_bare_part_in_a_list_of_stretches_is_one_more_stretch(extractor) -> None:
    records = lines(extractor, "Knee to Chest Stretch, Hamstring Stretch, Hip Flexor, Piriformis. "
                               "Hold for 20 seconds, 3 times, two sessions per day.")
    assert {r.name for r in records.values()} == {
        "knee-to-chest stretch", "hamstring stretch", "hip flexor stretch", "piriformis stretch"}
    assert all(r.dose.hold_seconds == 20 and r.dose.frequency == "2x/day" for r in records.values())


@pytest.mark.parametrize("texts", [
    ("Remove from canner and allow to cool", "Leave for 12 hours before storing."),
    ("Jump to Recipe Pin Recipe", "These cookies take 20 minutes."),
    ("Mon: Bike - 1 hour", "Tues: Run - 4 to 6 miles", "Wed: Bike - 1 hour"),
    ("The Walking Dead", "Season 3 starts in 2 weeks."),
    (("heading", "Healthy Game Day Dip:"), "1 cup Greek yogurt", "Mix with a packet of ranch seasoning."),
])
def test_recipe_steps_plans_and_titles_are_no_exercises(extractor, texts) -> None:
    assert lines(extractor, *texts) == {}


def test_shape_finds_the_name_before_its_separator_or_dose() -> None:
    ex = load_extractor()
    words, grammar = ex.lexicon.layout, ex.lexicon.grammar
    for text, name in (("Hand to heel – 4×5 each leg", "Hand to heel"), ("- quadruped rock: 30+ seconds", "quadruped rock"),
                       ("10 reps per side Fire Hydrants", "Fire Hydrants"), ("Carioca, 2 lengths of the car park", "Carioca"),
                       ("- 30 total plank hip twists", "plank hip twists")):
        s = shape(text, words, grammar)
        assert s.name is not None and text[s.name[0]:s.name[1]] == name, text
    assert shape("30 sec x 3 sets.", words, grammar).dose
    assert is_open_name("Dorsiflexion stretch on step", words) and not is_open_name("PB Crunch Bars", words)


def test_a_name_in_prose_is_read_by_its_parts(extractor) -> None:
    records = lines(extractor, "Standing on one leg I brush my teeth, 2 minutes morning and night.",
                    "Then I switch to a one-legged frog kick for a minute.", "I love my long walk to work.")
    r = records["one-legged frog kick"]
    assert (r.name, r.matched_by, r.dose.duration_seconds) == ("one-legged frog kick", "layout", 60.0)
    assert set(records) == {"Standing on one leg", "one-legged frog kick"}


def test_a_position_in_prose_is_no_exercise(extractor) -> None:
    assert lines(extractor, "Skaters: start in a lateral lunge with the right hand reaching for the left foot.") \
        .keys() == {"Skaters"}


def test_a_routine_timed_around_the_run_times_every_item(extractor) -> None:
    records = lines(extractor, "Post-Run Stretches", "Do these while your muscles are still warm.",
                    "Standing quad stretch", "Hold for 30 seconds on each leg.",
                    "Hamstring stretch", "Hold for 30 seconds on each leg.")
    assert {r.mention: r.dose.frequency for r in records.values()} == {
        "Standing quad stretch": "after every run", "Hamstring stretch": "after every run"}


def test_a_run_timing_said_of_something_else_is_not_given_to_the_exercise(extractor) -> None:
    records = text_post(extractor, "Avoid shin splints\n\nWhile stretching the calves is intuitive post run, "
                        "strengthening the muscles on the front of the shin is not. A simple exercise to do "
                        "just that is heel walks. Walk about 20 yards on your heels.")
    assert records["heel walks"].dose.frequency is None


def test_an_example_in_brackets_does_not_hide_the_routines_rounds(extractor) -> None:
    records = lines(extractor, "Basic Strength Plan for Runners",
                    "Perform the exercises in a circuit (ie. 1 set from exercise 1, then 1 set from exercise 2) "
                    "and perform 3 rounds of the exercises.",
                    "IMPORTANT INFORMATION:",
                    "This is a beginners program and can be done 1-2 times per week.",
                    "Step Up", "Perform 10-12 reps per leg on a step.",
                    "Squat", "Perform 10-12 reps.")
    assert dose(records["Squat"]) == {"sets": 3, "reps": 10, "frequency": "1-2x/week"}
    assert dose(records["Step Up"]) == {"sets": 3, "reps": 10, "per_side": True, "frequency": "1-2x/week"}


def test_an_intro_dose_said_of_each_item_reaches_every_item(extractor) -> None:
    records = lines(extractor, "Foot strength at home",
                    "Perform these activities 2 or 3 times a week for 1-2 minutes each. Stop if anything hurts.",
                    "(A) Heel Walk - walk slowly on your heels.", "(B) Towel Scrunch - curl a towel under your toes.")
    assert {m: dose(r) for m, r in records.items()} == {
        "Heel Walk": {"duration": 60.0, "frequency": "2-3x/week"},
        "Towel Scrunch": {"duration": 60.0, "frequency": "2-3x/week"}}
    assert records["Heel Walk"].dose.duration_seconds_max == 120.0


def test_an_intro_time_with_each_side_or_each_morning_is_not_said_of_each_item(extractor) -> None:
    for intro in ("Perform these activities 3 times a week, and 20 minutes each morning.",
                  "Perform these activities 3 times a week after 30 seconds each side of calf stretching."):
        records = lines(extractor, "Foot strength at home", intro,
                        "(A) Heel Walk - walk slowly on your heels.", "(B) Towel Scrunch - curl a towel under your toes.")
        assert {m: dose(r).get("duration") for m, r in records.items()} == {"Heel Walk": None, "Towel Scrunch": None}


def test_how_often_from_one_intro_and_how_much_from_another_both_reach_the_items(extractor) -> None:
    records = lines(extractor, ("heading", "Getting to the core"), "A strong core keeps you upright late in a race.",
                    "Here is a quick workout for your core. Try it a few times a week.",
                    "Core Workout", ("list_item", "Plank"), ("list_item", "Bicycle Crunch"),
                    ("paragraph", "Perform each exercise for 40 seconds with a 20 second rest in between."),
                    ("paragraph", "Do the sequence 2 times through."))
    assert dose(records["Plank"]) == {"sets": 2, "hold": 40.0, "frequency": "a few times/week"}
    assert dose(records["Bicycle Crunch"]) == {"sets": 2, "duration": 40.0, "frequency": "a few times/week"}


def test_a_time_for_each_area_reaches_every_area_rolled(extractor) -> None:
    records = lines(extractor, ("heading", "Foam rolling"),
                    "Here are the spots I roll. Give it about one minute at each area, longer where it is tight.",
                    "Quads: lie face down and roll along the front of your thighs.",
                    "Hamstrings: sit on the roller and roll along the back of your thighs.")
    assert {m: dose(r) for m, r in records.items()} == {"Quads": {"duration": 60.0}, "Hamstrings": {"duration": 60.0}}


def test_a_muscle_titled_heading_with_a_dose_doses_the_list_under_it(extractor) -> None:
    """GUIDE: "a heading such as 'Core – 2 sets of 12'" is a routine-level dose."""
    records = lines(extractor, "My core routine.", ("heading", "Core – 2 sets of 12"),
                    ("list_item", "Dead bug"), ("list_item", "Bird dog"))
    assert dose(records["Dead bug"]) == dose(records["Bird dog"]) == {"sets": 2, "reps": 12}


def test_a_handouts_description_field_is_the_named_exercises_own_step(extractor) -> None:
    records = lines(extractor, ("heading", "Exercises for Runners"), "Single leg squat to heel raise",
                    "Description: Balance on one leg. Bend your stance knee a little, then straighten. Rise up "
                    "on to your toes and lower back down. Try 2 to 3 sets of 10 repetitions on each side",
                    "Benefits: strengthens your calf and quadricep muscles.")
    assert list(records) == ["Single leg squat to heel raise"]
    assert dose(records["Single leg squat to heel raise"]) == {"sets": 2, "reps": 10, "per_side": True}


def test_how_often_said_after_the_last_routine_reaches_every_routine_of_the_workout(extractor) -> None:
    records = lines(extractor, ("heading", "At-home workout for runners"), "Start with these mobility movements:",
                    ("list_item", "inch worm: 5-10 reps"), "Then move onto the following circuit:",
                    ("list_item", "single-leg glute bridge: 10-15 per side"),
                    "Start with two days per week; this is plenty for most beginners.")
    assert records["inch worm"].dose.frequency == records["single-leg glute bridge"].dose.frequency == "2x/week"


def test_a_plain_texts_short_steps_separators_and_jog_lines_are_not_headings_or_exercises(extractor) -> None:
    records = text_post(extractor, "\n".join([
        "Yoga for runners", "Crescent Lunge – Sanskrit: Anjaneyasana", "Instructions:", "Begin in Downward Facing Dog",
        "Keep hips squared to the front of mat", "Step right foot forward aligning under right palm",
        "* Hold for 5-10 breaths or 30-60 seconds", "* Repeat opposite side", "-",
        "1. Jog 5 minutes easy", "2. Lateral lunges, 8 each side"]))
    assert set(records) == {"Crescent Lunge", "Lateral lunges"}
    assert dose(records["Crescent Lunge"]) == {"hold": 30.0, "per_side": True}
    assert dose(records["Lateral lunges"]) == {"reps": 8, "per_side": True}


def test_strides_are_a_drill_and_the_count_before_them_is_reps(extractor) -> None:
    """GUIDE: named running drills (A-skips, butt kicks, strides) are exercises; a stride of
    running form is not one."""
    records = lines(extractor, "Finish with four strides at about mile pace.",
                    "Lengthen your strides on the downhill and relax your shoulders.")
    assert [(r.name, r.dose.reps) for r in records.values()] == [("strides", 4)]


def test_what_the_posts_exercises_all_target_reaches_each_that_states_none(extractor) -> None:
    records = lines(extractor, "For Achilles tendinopathy, exercises will be targeting the muscles surrounding "
                    "the Achilles tendon.", "Start with double leg calf raises from flat ground, progressing to "
                    "single leg calf raises off a step.", "Later add repeated box jumps.")
    assert {r.name: r.muscles for r in records.values()} == {
        "calf raise": ("achilles tendon",), "single-leg calf raise": ("achilles tendon",), "box jump": ("achilles tendon",)}


def test_numbered_steps_of_a_name_are_that_one_exercise(extractor) -> None:
    records = lines(extractor, "Moves for postpartum runners.", ("heading", "Bridge"), "Bridge 1",
                    "Put your feet shoulder width apart on the floor, relax your shoulders and raise your hips.",
                    "Bridge 2", "Think about closing your rib cage.")
    assert [r.name for r in records.values()] == ["glute bridge"]
    assert "shoulders" not in next(iter(records.values())).muscles     # "relax your shoulders" is a form cue


def test_a_numbered_label_opens_a_name_line_like_a_number(extractor) -> None:
    """ "Exercise 1: Spanish squat", "Move #2 - ...", "Stretch 3) ...": the label numbers the list; the name
    after it takes the instruction and dose lines under it, bullets included."""
    records = lines(extractor, "Knee rehab exercises from my physio",
                    "Exercise 1: Spanish squat",
                    "Loop a heavy band around a post and behind your knees, then sit back into a squat.",
                    ("list_item", "5 x 45 second holds"), ("list_item", "Daily"),
                    "Move #2 - Copenhagen plank", "3 x 20 seconds each side",
                    "Stretch 3) Reverse Nordics", "2 x 6 slow reps",
                    "Exercise 4: 90/90 hip switches", "10 each way")
    assert dose(records["Spanish squat"]) == {"sets": 5, "hold": 45.0, "frequency": "daily"}
    assert dose(records["Copenhagen plank"]) == {"sets": 3, "hold": 20.0, "per_side": True}
    assert dose(records["Reverse Nordics"]) == {"sets": 2, "reps": 6}
    assert dose(records["90/90 hip switches"]) == {"reps": 10, "per_side": True}
    assert not any(m.lower().startswith(("exercise", "move", "stretch")) for m in records)


def test_a_step_label_before_an_instruction_is_no_name(extractor) -> None:
    records = lines(extractor, "Glute bridge", "Step 1: Lie on your back with your knees bent.",
                    "Step 2: Lift your hips until your body is straight.", "3 sets of 12")
    assert list(records) == ["Glute bridge"]
    assert dose(records["Glute bridge"]) == {"sets": 3, "reps": 12}


def test_an_unknown_short_line_between_name_lines_of_its_shape_is_a_name(extractor) -> None:
    """ "Stair hangs" has no movement word the vocabulary knows, but it stands as its neighbours
    do (a short line with how-to lines under it), so it opens a section, and the routine's
    closing "all of these every morning" still reaches every item after it."""
    records = lines(extractor, "Three moves that saved my Achilles",
                    "Alphabet tracing", "Sit on a chair and trace the alphabet with your big toe. Do it twice with each foot.",
                    "Stair hangs", "Stand on the edge of a stair and let your heels sink below the step. "
                                   "Hang there for 20 seconds and repeat five times.",
                    "Towel pulls", "Sit with your leg straight, loop a towel around your foot and pull. 3 x 30 seconds.",
                    "I do all of these every morning.")
    assert list(records) == ["Alphabet tracing", "Stair hangs", "Towel pulls"]
    assert records["Stair hangs"].matched_by == "layout"
    assert dose(records["Stair hangs"])["reps"] == 5
    assert {dose(r).get("frequency") for r in records.values()} == {"daily"}
    assert records["Towel pulls"].equipment == ("towel",)


def test_a_section_title_over_name_lines_stays_a_title(extractor) -> None:
    records = lines(extractor, "My ankle routine", "Mobility", "Ankle circles", "Draw circles with your foot. 10 each way.",
                    "Strength", "Calf raises", "Rise onto your toes slowly. 3 sets of 15.")
    assert list(records) == ["Ankle circles", "Calf raises"]


def test_a_dash_glued_to_a_list_line_keeps_the_name_and_its_equipment(extractor) -> None:
    """ "-Dumbbell squats 3 x 5 @ 50lbs": the dash is the list's, not part of the first word, so
    the name is the dumbbell squat and the dumbbell its equipment; "leg lifts (chiefly squats)"
    earlier in prose, with no dose of its own, is that one variant of squats the post names."""
    records = lines(extractor, "Strength day",
                    "I have been thinking about leg lifts (chiefly squats and deadlifts).",
                    "-Dumbbell squats 3 x 5 @ 50lbs", "-Bench press 3 x 5 @ 40lbs", "-Banded clamshells 2 x 20")
    assert {r.name for r in records.values()} >= {"dumbbell squat", "bench press", "clamshell"}
    assert "squat" not in {r.name for r in records.values()}
    squat = records["Dumbbell squats"]
    assert (dose(squat), squat.equipment, squat.dose.load) == ({"sets": 3, "reps": 5}, ("dumbbell",), "50 lb")
    assert records["Bench press"].equipment == ("bench",)
    assert records["Banded clamshells"].equipment == ("resistance band",)


def test_a_bare_name_is_not_read_as_a_variant_it_does_not_write(extractor) -> None:
    """ "lateral squats" is no bare "squats": it stays apart from the single-leg squats named beside it."""
    records = lines(extractor, "My rehab", "All of those clamshells, lateral squats & lunges, single leg squats.")
    assert records["lateral squats"].name != "single-leg squat"
    assert [r.name for r in records.values()].count("single-leg squat") == 1


def test_a_person_named_like_equipment_lends_no_equipment(extractor) -> None:
    """ "sessions with John Ball, her therapist": a name, not a ball; "Foam-Roller Leg Kicks", a
    title in capitals, still names its roller."""
    records = lines(extractor, "4 Post-Pregnancy Core Exercises to Try Now",
                    "She does them during weekly sessions with John Ball, her active-release therapist.",
                    "Bird Dogs", "Remain on all fours and slowly extend your left leg behind you. 3 sets of 10.",
                    "Foam-Roller Leg Kicks", "Lie on the floor and place a foam roller across your knees. 10 each side.")
    assert records["Bird Dogs"].equipment == ()
    assert "foam roller" in records["Foam-Roller Leg Kicks"].equipment


def test_a_purpose_line_states_the_targets_of_its_exercise(extractor) -> None:
    """ "Muscles worked: ...", "Why: ..." label what the exercise is for: the muscles they name are
    its targets, even with no verb such as "works" (GUIDE: muscles the text states)."""
    records = lines(extractor, "Hip strength for runners",
                    "Clamshells", "Muscles worked: gluteus medius, hip external rotators",
                    "Lie on your side with your knees bent and open the top knee. 3 x 15 each side.",
                    "High knees", "Why: the drill accentuates knee lift and glutes and hamstring power.",
                    "20 metres, twice.")
    assert records["Clamshells"].muscles[0] == "gluteus medius"
    assert set(records["High knees"].muscles) == {"glutes", "hamstrings"}


def test_names_the_vocabulary_lacks_in_a_run_of_dosed_lines(extractor) -> None:
    """A line that opens with a name and doses it at once, beside lines of that shape, is an
    exercise even when the vocabulary lacks the name ("Sumo pulses (30 reps)")."""
    records = lines(extractor, "Glute med circuit", "Sumo pulses (30 reps)", "Hip airplanes (5 each side)",
                    "Curtsy lunges - 12 each leg")
    assert records["Sumo pulses"].matched_by == "layout" and dose(records["Sumo pulses"]) == {"reps": 30}


def test_a_single_leg_variant_the_vocabulary_lacks_is_named_as_such(extractor) -> None:
    """ "Single leg hip thrust": the vocabulary has the hip thrust only; the variant keeps its
    one leg (GUIDE: single-leg glute bridge is not glute bridge) and the hip thrust's category.
    A movement on one leg by nature keeps its name ("Single-Leg Step Ups": step-ups)."""
    records = lines(extractor, "Leg day", "Single leg hip thrust — 3 sets of 10", "Single-Leg Step Ups x 12",
                    "one leg triceps dip (think normal triceps dip, but cross one leg over the other) 15 reps x3")
    thrust = records["Single leg hip thrust"]
    assert (thrust.name, thrust.matched_by, thrust.category) == ("single-leg hip thrust", "parts", "strength")
    assert records["Single-Leg Step Ups"].name == "step-up"
    assert [r.name for r in records.values()].count("single-leg tricep dip") == 1
    assert "tricep dip" not in [r.name for r in records.values()]


def test_a_lead_block_owns_what_its_unnamed_sentences_state(extractor) -> None:
    """In "Downward Facing Dog: After a minute in child's pose, it's into down dog. ... lengthening
    my hamstrings and chronically tight calves", the muscles are the lead's, not the pose named in
    passing before them; an adverb between the cue and the muscle keeps it a target."""
    records = lines(extractor, "Must do post run yoga poses",
                    "Downward Facing Dog: After a minute in child's pose, it's into down dog. Even after an easy "
                    "run, lengthening my hamstrings and chronically tight calves always feels great.",
                    "Pigeon: This big hip opener gives my legs a break. Stretching out my glutes is important.")
    assert set(records["Downward Facing Dog"].muscles) == {"hamstrings", "calves"}
    assert not any("hamstrings" in r.muscles for m, r in records.items() if m != "Downward Facing Dog")


def test_building_and_challenging_state_targets_a_feeling_does_not(extractor) -> None:
    """ "Great for building strong calves", "challenges the hamstrings in both legs" state what
    the exercise works; "you should feel this in your glutes" describes a sensation, like a form
    cue (GUIDE: only targets the text states)."""
    records = lines(extractor, "Three moves", "Calf raises", "Great for building strong calves. 3 x 20.",
                    "Nordic curls", "This one challenges the hamstrings like nothing else. 3 x 5.",
                    "Clamshells", "You should feel this in your glutes. 3 x 15 each side.")
    assert records["Calf raises"].muscles == ("calves",)
    assert records["Nordic curls"].muscles == ("hamstrings",)
    assert records["Clamshells"].muscles == ()


def test_a_numbered_name_with_a_bracketed_aside_takes_the_lines_under_it(extractor) -> None:
    """ "1. STEP DOWNS (QUADS)": the bracket says what the exercise works, and the how-to and dose
    line under it are the exercise's; a step named there is no equipment of the next exercise."""
    records = lines(extractor, "6 EXERCISES FOR HEALTHY KNEES", "1. STEP DOWNS (QUADS)",
                    "Stand on a step, slowly lower one heel to the floor and come back up. 3 sets of 10 each leg.",
                    "2. SIDE-LYING LEG LIFTS (GLUTE MED)", "Lie on your side and lift the top leg. 2 x 15.")
    steps, lifts = records["STEP DOWNS"], records["SIDE-LYING LEG LIFTS"]
    assert (dose(steps), steps.muscles) == ({"sets": 3, "reps": 10, "per_side": True}, ("quadriceps",))
    assert (dose(lifts), lifts.muscles, lifts.equipment) == ({"sets": 2, "reps": 15}, ("gluteus medius",), ())


def test_a_title_naming_many_targets_gives_each_item_those_it_usually_works(extractor) -> None:
    """ "Strengthening exercises for the glutes, hamstrings and calves": three targets describe the
    whole routine; each exercise under it takes those of them it usually works, so the calf raise
    is not said to work the glutes."""
    records = lines(extractor, ("heading", "Strengthening exercises for the glutes, hamstrings and calves"),
                    "These are the moves I come back to every week.",
                    "Nordic curls", "Kneel and lower yourself slowly. 3 x 5.",
                    "Calf raises", "Rise onto your toes. 3 x 20.")
    assert records["Nordic curls"].muscles == ("hamstrings",)
    assert records["Calf raises"].muscles == ("calves",)


def test_a_closing_line_said_of_all_the_stretches_reaches_back_to_each(extractor) -> None:
    """ "Hold each of these stretches for 30 to 60 seconds ... I do them after every run", after the
    last stretch's how-to, doses every stretch above it, not the last one only."""
    records = lines(extractor, "Stretches for tight hips",
                    "Pigeon pose", "From all fours, bring one knee forward behind your wrist and lower your hips.",
                    "Figure four stretch", "Lie on your back, cross one ankle over the other knee and pull.",
                    "Lizard pose", "From a lunge, bring both hands inside the front foot.",
                    "Hold each of these stretches for 30 to 60 seconds, and do both sides. I do them after every run.")
    for mention in ("Pigeon pose", "Figure four stretch", "Lizard pose"):
        assert dose(records[mention]) == {"hold": 30.0, "per_side": True, "frequency": "after every run"}


@pytest.mark.parametrize("line", ["Activates the gluteus medius. 2 x 12.", "Strengthens the calves. 2 x 12."])
def test_a_line_that_speaks_of_a_muscle_is_no_body_part_name(extractor, line) -> None:
    # "Calves 60 sec per side" opens with the part it rolls; a sentence about one does not
    [hikes] = lines(extractor, "Strength", "Hip hikes", line).values()
    assert dose(hikes) == {"sets": 2, "reps": 12}
    assert hikes.muscles in (("gluteus medius",), ("calves",))


def test_a_trailing_phrase_does_not_change_what_a_held_exercise_is(extractor) -> None:
    # "on knees" names no movement: the side plank is still held, not timed
    [plank] = lines(extractor, "Core", ("list_item", "Side plank on knees, 20 seconds each side.")).values()
    assert dose(plank) == {"hold": 20.0, "per_side": True}


def test_a_tempo_is_no_hold(extractor) -> None:
    [raises] = lines(extractor, "Calves", ("list_item", "Single-leg calf raises off a step. Slowly lower for 3 "
                                                        "seconds. 3x15 each leg.")).values()
    assert dose(raises) == {"sets": 3, "reps": 15, "per_side": True}


def test_the_length_of_the_whole_routine_in_its_title_is_no_items_dose(extractor) -> None:
    records = lines(extractor, "Six Drills, Ten Minutes: Sharpen Your Form",
                    "A-skips – drive the knee up to hip height. 2 x 30m.",
                    "Butt kicks: heels flick up to the glutes. 2 x 20m.")
    assert {m: dose(r) for m, r in records.items()} == {"A-skips": {"sets": 2}, "Butt kicks": {"sets": 2}}


def test_a_circuit_said_to_time_each_exercise_times_each(extractor) -> None:
    records = lines(extractor, "Plyo circuit",
                    "The circuit: do each exercise for 40 seconds, rest 20, and go through everything 3 rounds.",
                    ("list_item", "Pogo hops – small, quick, stiff ankles."),
                    ("list_item", "Tuck jumps – only if your knees are happy."))
    assert {m: dose(r) for m, r in records.items()} == {
        "Pogo hops": {"sets": 3, "duration": 40.0}, "Tuck jumps": {"sets": 3, "duration": 40.0}}


def test_a_default_dose_in_the_intro_reaches_the_items_that_say_none(extractor) -> None:
    records = lines(extractor, "The post-run hip routine",
                    "Do it right after your run. Unless a move says otherwise, do 10 reps per leg.",
                    ("list_item", "Clamshells"), ("list_item", "Fire hydrants"),
                    ("list_item", "Hip hikes on a kerb, 15 per leg"))
    assert {m: (dose(r).get("reps"), dose(r).get("per_side")) for m, r in records.items()} == {
        "Clamshells": (10, True), "Fire hydrants": (10, True), "Hip hikes on a kerb": (15, True)}


def test_a_routine_dose_beside_a_refusal_reaches_the_items_and_not_the_refused(extractor) -> None:
    records = {r.name: r for r in extract(make_post([
        ("paragraph", "Then the actual exercises, which I do every other day:"),
        ("list_item", "Heel slides: 10 each leg"), ("list_item", "Bird dogs, 8 per side"),
        ("paragraph", "All of it 2 sets. Sarah said NO crunches, sit-ups or full planks for now."),
    ], []), extractor)}
    assert records["heel slide"].dose.sets == records["bird dog"].dose.sets == 2
    refused = [records[n] for n in ("crunch", "sit-up") if n in records]
    assert all(not r.prescribed and r.dose.sets is None for r in refused)


def test_a_dose_said_of_all_after_the_list_reaches_the_items_and_not_the_refused_after_it(extractor) -> None:
    records = {r.name: r for r in extract(make_post([
        ("paragraph", "These are the moves our club's physio is happy with."),
        ("list_item", "Heel slides. Lying on your back, slide one heel out and back."),
        ("list_item", "Bird dogs: 8 per side."),
        ("paragraph", "Do all of these 3-4 times a week, 2 sets of 10 each unless I've said otherwise."),
        ("paragraph", "Avoid for now: full crunches and sit-ups."),
    ], []), extractor)}
    assert dose(records["heel slide"]) == {"sets": 2, "reps": 10, "frequency": "3-4x/week"}
    assert dose(records["bird dog"]) == {"sets": 2, "reps": 8, "per_side": True, "frequency": "3-4x/week"}
    refused = [records[n] for n in ("crunch", "sit-up") if n in records]
    assert all(not r.prescribed and r.dose.sets is None for r in refused)


def test_a_dose_said_of_all_before_a_list_is_the_lists_not_the_exercise_named_above(extractor) -> None:
    records = lines(extractor, "My calf raises were sore again this week, so my physio changed the plan.",
                    "Do all of these, 2 sets of 12:",
                    ("list_item", "Glute bridge"), ("list_item", "Clamshells"))
    assert dose(records["Glute bridge"]) == dose(records["Clamshells"]) == {"sets": 2, "reps": 12}
    assert "sets" not in dose(records["calf raises"])


def test_a_statement_over_a_circuits_label_doses_the_circuit_not_the_warm_up_above(extractor) -> None:
    records = lines(extractor, ("heading", "Warm up"), "10 reps per side Fire Hydrants",
                    ("heading", "Workout"),
                    "Complete 3 rounds of each circuit, resting as needed between rounds of the circuit.",
                    "CIRCUIT #1:", "15 reps Weighted Glute Bridges", "8 reps per side Airborne Lunges")
    assert dose(records["Fire Hydrants"]) == {"reps": 10, "per_side": True}
    assert dose(records["Weighted Glute Bridges"]) == {"sets": 3, "reps": 15}


def test_a_dose_line_of_each_variation_under_a_lone_name_is_that_names(extractor) -> None:
    records = lines(extractor, "Stage 2 (weeks 3-6)",
                    ("list_item", "Exercise 3: Single-leg heel drops"),
                    "Straight knee and bent knee, off a step, 3 sets of 15 of each, every other day.",
                    ("list_item", "Exercise 4: Standing calf raise with load"),
                    "Progress to a loaded backpack, aiming for 3x8 heavy.")
    assert dose(records["Single-leg heel drops"]) == {"sets": 3, "reps": 15, "frequency": "every other day"}
    assert "frequency" not in dose(records["Standing calf raise with load"])


def test_a_line_of_each_under_a_run_of_bare_names_is_the_runs(extractor) -> None:
    records = lines(extractor, "Core", ("list_item", "Plank"), ("list_item", "Side plank"),
                    "Hold each for 30 seconds, 3 rounds.")
    assert dose(records["Plank"]) == dose(records["Side plank"]) == {"sets": 3, "hold": 30.0}


def test_a_prose_line_right_after_a_routines_items_is_one_more_item_of_it(extractor) -> None:
    records = lines(extractor, "Here's the routine I do after every run, on the foam roller.",
                    "Calves: 60 sec per side. Cross the other leg on top for more pressure.",
                    "Hamstrings: 60 sec per side, sitting on the roller.",
                    "Then 2 minutes of toe yoga.",
                    "What roller should I buy? Any medium-density roller works; I do lunges with mine too.")
    toes = records["toe yoga"]
    assert dose(toes) == {"duration": 120.0, "frequency": "after every run"}
    assert toes.equipment == ()            # the routine's roller is the rolls', not this line's
    assert "frequency" not in dose(records["lunges"])     # prose further on is no item


def test_a_prose_line_after_a_list_takes_how_often_but_not_the_lists_own_dose(extractor) -> None:
    records = lines(extractor, "My hip routine, done twice a week. Do 2 sets of 15 of each:",
                    ("list_item", "Clamshells"), ("list_item", "Fire hydrants"),
                    "Then monster walks with the band around the ankles, 20 steps forward and 20 back.")
    assert dose(records["Clamshells"]) == {"sets": 2, "reps": 15, "frequency": "2x/week"}
    assert dose(records["monster walks"]) == {"reps": 20, "frequency": "2x/week"}


def test_a_numbered_name_before_a_capitalised_field_label_keeps_its_fields(extractor) -> None:
    records = lines(extractor, "Four exercises every runner should do",
                    "1 Bridge AIM To strengthen the glutes and improve pelvic stability.",
                    "DO IT Lie on the floor with knees bent. Hold for five seconds, then lower. Repeat 10 times.",
                    "2 Resisted Squat", "AIM To strengthen the hips.", "DO IT Squat to parallel. Aim for eight repetitions.")
    assert dose(records["Bridge"]) == {"reps": 10, "hold": 5.0}
    assert dose(records["Resisted Squat"]) == {"reps": 8}


def test_practising_this_so_often_at_the_end_is_said_of_the_whole_sequence(extractor) -> None:
    records = lines(extractor, "Yoga for Runners: A 15-Minute Sequence", "Move slowly and use your breath.",
                    "Lizard pose", "Walk the front foot to the outside of the hand. Stay for 5 breaths.",
                    "Supine twist", "Knees to one side, arms wide. Both sides.",
                    "If you practise this three times a week, your hips will thank you.")
    assert records["Lizard pose"].dose.frequency == records["Supine twist"].dose.frequency == "3x/week"


def test_how_often_said_of_all_with_an_exception_named_still_reaches_every_item(extractor) -> None:
    records = lines(extractor, "Here's what she gave me. Daily, she said, except the foam rolling which is "
                               "whenever you feel like it.",
                    "Clamshells", "Lie on your side, knees bent.", "3x15 each side",
                    "Monster walks", "Band around the ankles, walk forward and out.")
    assert records["Clamshells"].dose.frequency == records["Monster walks"].dose.frequency == "daily"


def test_levels_of_a_progression_are_its_items_and_a_closing_line_names_more(extractor) -> None:
    records = lines(extractor, "Below is the progression I use, two sessions a week.",
                    "Level 1: Split squat", "Both feet on the floor, drop straight down. 3 sets of 10 per leg.",
                    "Level 2: Rear-foot elevated split squat", "Back foot on a bench. 3 x 8 per leg.",
                    "Finish each session with some calf raises and a plank if you have time.",
                    "Coach Lee")
    assert dose(records["Split squat"]) == {"sets": 3, "reps": 10, "per_side": True, "frequency": "2x/week"}
    assert dose(records["Rear-foot elevated split squat"])["reps"] == 8
    assert {"calf raises", "plank"} <= set(records)


def test_a_count_for_each_of_a_list_of_names_reaches_each(extractor) -> None:
    records = lines(extractor, "Strength day",
                    "Warm-up: hip circuit from my PT (clams, fire hydrants, glute bridges – 10 each, no band today).")
    assert {m: dose(r).get("reps") for m, r in records.items()} == {
        "clams": 10, "fire hydrants": 10, "glute bridges": 10}


def test_a_name_written_with_a_hyphen_for_a_space_is_found_in_prose(extractor) -> None:
    [pulls] = lines(extractor, "Prehab", "Twice a week I do 2 sets of 15 band pull-aparts.").values()
    assert (pulls.name, dose(pulls)) == ("band pull apart", {"sets": 2, "reps": 15, "frequency": "2x/week"})


def test_what_a_leads_how_to_names_in_passing_is_the_leads_own_movement(extractor) -> None:
    records = lines(extractor, "Balance work",
                    "Hip airplanes – balance on one leg, hinge, rotate the pelvis open and closed. Five each side.",
                    "Inchworms – walk the hands out to a plank, walk the feet in. Do 5.",
                    "Lunges, 2 sets of 8 each leg. Walking lunges are fine too if you have the space.")
    assert {m: dose(r) for m, r in records.items()} == {
        "Hip airplanes": {"reps": 5, "per_side": True}, "Inchworms": {"reps": 5},
        "Lunges": {"sets": 2, "reps": 8, "per_side": True}, "Walking lunges": {}}


def test_a_lead_under_a_name_line_of_the_same_exercise_is_that_names_dose(extractor) -> None:
    records = lines(extractor, "Runner strength circuit", "Do 3 sets of 12 of each, three times a week.",
                    "5. Glute bridge", "Lie on your back and drive the hips up. Pause for 2 seconds at the top.",
                    "6. Plank", "Forearm plank, 45 seconds. Don't let the hips sag.")
    assert {m: dose(r) for m, r in records.items()} == {
        # a pause in each rep leaves the routine's reps standing; the plank's own hold is its dose
        "Glute bridge": {"sets": 3, "reps": 12, "hold": 2.0, "frequency": "3x/week"},
        "Plank": {"sets": 3, "hold": 45.0, "frequency": "3x/week"}}


def test_a_count_range_before_a_name_is_its_reps(extractor) -> None:
    [strides] = lines(extractor, "Drills", "Finish with 4-6 strides of about 100 m, building to 5k pace.").values()
    assert (strides.dose.reps, strides.name) == (4, "strides")


def test_the_same_again_takes_the_dose_of_the_exercise_before(extractor) -> None:
    records = lines(extractor, "Rehab", "My physio has me doing clamshells every night, 3 sets of 20 each side, "
                                        "and side-lying leg lifts, same deal but no band.")
    assert {m: dose(r) for m, r in records.items()} == {
        "clamshells": {"sets": 3, "reps": 20, "per_side": True, "frequency": "daily"},
        "side-lying leg lifts": {"sets": 3, "reps": 20, "per_side": True, "frequency": "daily"}}


def test_a_name_the_vocabulary_lacks_laid_out_as_the_leads_beside_it_is_a_lead(extractor) -> None:
    records = lines(extractor, "Balance for older runners",
                    "Tandem walk. Walk heel-to-toe along a line on the floor for 20 steps.",
                    "Chair rise. From a dining chair, stand up without using your hands. Ten times.",
                    "Heel-to-toe rocks. Rock forward onto your toes, then back onto your heels, 15 times.",
                    "That's it. From next week we add a cushion.")
    assert {m: (r.matched_by, dose(r).get("reps")) for m, r in records.items()} == {
        "Tandem walk": ("alias", 20), "Chair rise": ("layout", 10), "Heel-to-toe rocks": ("layout", 15)}


def test_a_short_line_over_dosed_prose_among_name_lines_over_prose_is_a_name(extractor) -> None:
    records = lines(extractor, "Mobility Monday",
                    "Hip CARs", "Standing, holding onto something, draw the biggest circle you can with your knee.",
                    "Ankle distraction", "1 min each side, the band anchored low around the front of the ankle.",
                    "See you next Monday", "Questions in the comments as always.")
    assert {m: dose(r) for m, r in records.items()} == {
        "Hip CARs": {}, "Ankle distraction": {"duration": 60.0, "per_side": True}}


def test_a_list_line_names_its_exercise_before_the_comma_that_starts_its_how_to(extractor) -> None:
    records = lines(extractor, "Standing", ("list_item", "Leg swings, front to back, holding onto a tree or fence"),
                    ("list_item", "Leg swings, side to side"), ("list_item", "Hip hikes on a kerb, 15 per leg"))
    assert sorted(records) == ["Hip hikes on a kerb", "Leg swings", "Leg swings, side to side"]


def test_a_bare_movement_noun_with_a_names_words_before_it_names_that_exercise(extractor) -> None:
    records = lines(extractor, "Rehab", "And hamstring slider curls on the kitchen floor, 2 sets of 8.",
                    "I do bicep curls too.")
    assert {r.name: (r.matched_by, dose(r)) for r in records.values()} == {
        "hamstring curl": ("parts", {"sets": 2, "reps": 8}), "bicep curl": ("alias", {})}


def test_rounds_of_a_list_are_the_sets_of_each_exercise_in_it(extractor) -> None:
    records = lines(extractor, "WOD", "Warm-up: 500m row, then 2 rounds of 10 air squats, 10 walking lunges, 10 push-ups.")
    assert {m: dose(r) for m, r in records.items() if m != "row"} == {
        "air squats": {"sets": 2, "reps": 10}, "walking lunges": {"sets": 2, "reps": 10},
        "push-ups": {"sets": 2, "reps": 10}}


def test_how_often_said_after_all_the_exercises_of_a_sentence_is_said_of_each(extractor) -> None:
    records = lines(extractor, "Strength", "Alongside it, do 20 squats and 10 lunges per leg every day.",
                    "I do clamshells daily and bridges 3x10.")
    assert {m: dose(r) for m, r in records.items()} == {
        "squats": {"reps": 20, "frequency": "daily"}, "lunges": {"reps": 10, "per_side": True, "frequency": "daily"},
        "clamshells": {"frequency": "daily"}, "bridges": {"sets": 3, "reps": 10}}


def test_a_time_of_something_that_is_no_exercise_is_not_the_exercises(extractor) -> None:
    [stretch] = lines(extractor, "Cool down", "Cool down with 5 minutes of easy spinning and stretch your hip flexors.",
                      ).values()
    assert (stretch.name, dose(stretch)) == ("hip flexor stretch", {})


def test_a_muscle_naming_a_profession_is_no_target(extractor) -> None:
    title = "Rebuilding my core after baby #2 (what my pelvic floor PT actually gave me)"
    post = replace(make_post([("paragraph", title), ("list_item", "Heel slides: 10 each leg"),
                              ("list_item", "Bird dogs, 8 per side")], []), title=title)
    assert {r.mention: r.muscles for r in extract(post, extractor)} == {"Heel slides": ("core",), "Bird dogs": ("core",)}


def test_a_name_written_with_a_digit_for_a_number_word_is_read_by_its_parts(extractor) -> None:
    records = lines(extractor, "Desk stretches", "1. Standing quad stretch – pull the heel to your butt.",
                    "2. Seated figure 4 – ankle on the opposite knee, lean forward. Hold 30 seconds.")
    figure = records["Seated figure 4"]
    assert (figure.name, figure.matched_by, figure.dose.hold_seconds) == ("figure-four stretch", "parts", 30.0)


@pytest.mark.parametrize("line", ["This one hammers your hamstrings and glutes.",
                                  "It recruits the hamstrings and glutes."])
def test_more_verbs_state_what_an_exercise_works(extractor, line) -> None:
    [rdl] = lines(extractor, "Strength", "Single Leg RDL", "Hinge at the hip on one leg. " + line).values()
    assert set(rdl.muscles) == {"hamstrings", "glutes"}


def test_a_timer_for_the_whole_thing_times_each_item_and_its_rounds_are_their_sets(extractor) -> None:
    records = lines(extractor, "Core after Couch to 5K",
                    "Set a timer: 40 seconds on, 20 seconds off, and go through the whole thing 3 times.",
                    ("list_item", "Mountain climbers"), ("list_item", "Bicycle crunches"))
    assert {m: dose(r) for m, r in records.items()} == {
        "Mountain climbers": {"sets": 3, "duration": 40.0}, "Bicycle crunches": {"sets": 3, "duration": 40.0}}


def test_a_closing_line_said_of_each_one_doses_every_stretch_above_it(extractor) -> None:
    records = lines(extractor, "Post-run stretches", ("list_item", "Standing quad stretch"),
                    ("list_item", "Hamstring stretch"),
                    "That's it. Hold each one for 30 seconds on each side, after every run.")
    assert {m: (dose(r).get("hold"), dose(r).get("per_side")) for m, r in records.items()} == {
        "Standing quad stretch": (30.0, True), "Hamstring stretch": (30.0, True)}


def test_numbered_body_parts_under_a_rolling_routine_are_each_a_roll(extractor) -> None:
    records = lines(extractor, "The foam rolling routine I do before every run",
                    "1) Calves", "Sit with one calf on the roller. 60 seconds per leg.",
                    "2) IT band / outer thigh", "Lie on your side. 30 seconds per side.")
    assert {m: (r.name, dose(r).get("duration")) for m, r in records.items() if r.name != "foam rolling"} == {
        "Calves": ("calf rolling", 60.0), "IT band / outer thigh": ("it band rolling", 30.0)}



def test_a_dosed_line_among_the_items_is_an_item_not_the_intro_of_those_after_it(extractor) -> None:
    records = lines(extractor, "My twice-weekly prehab",
                    "I do it twice a week, usually after the Tuesday swim and the Friday bike.",
                    "Band pull-aparts – 2x15. Light band, squeeze the shoulder blades.",
                    "Reverse snow angels lying face down on a bench, 2lb plates. 8 slow ones, 2 rounds.",
                    "Dead bug – 3 sets of 10. Lower back glued to the floor.",
                    "Bird dog – 10 each side, hold 3 seconds at full reach.")
    # the unread line's bench and rounds stay its own; the intro's how-often reaches every item
    # (a swim named in passing does not make the intro a line about the swim)
    assert {m: (r.equipment, dose(r)) for m, r in records.items()} == {
        "Band pull-aparts": (("resistance band",), {"sets": 2, "reps": 15, "frequency": "2x/week"}),
        "Dead bug": ((), {"sets": 3, "reps": 10, "frequency": "2x/week"}),
        "Bird dog": ((), {"reps": 10, "hold": 3.0, "per_side": True, "frequency": "2x/week"})}


def test_a_line_the_vocabulary_lacks_right_under_a_name_line_is_its_how_to(extractor) -> None:
    records = lines(extractor, "Yoga for tight hips", "Supine twist",
                    "Knees to one side, arms wide, gaze the opposite way. Both sides.",
                    "Pigeon", "Fold forward over the front shin. Stay for a minute each side.")
    assert {m: r.name for m, r in records.items()} == {"Supine twist": "supine twist", "Pigeon": "pigeon pose"}
    assert dose(records["Supine twist"]) == {"per_side": True}


def test_a_name_line_of_two_exercises_gives_its_dose_line_to_both(extractor) -> None:
    records = lines(extractor, "Ankle sprain rehab, phase 2", "6) Single-leg balance",
                    "Stand on the injured leg for 30 seconds, 3 times.", "7) Heel walks and toe walks",
                    "Walk 20 steps on your heels then 20 steps on your toes, twice.")
    assert dose(records["Heel walks"]) == dose(records["toe walks"]) == {"sets": 2, "reps": 20}


def test_a_byline_or_a_comment_header_with_a_date_is_no_name_line(extractor) -> None:
    records = lines(extractor, "Hip strength for runners", "Updated March 2024 · 7 min read",
                    "Clamshells", "Lie on your side and open the top knee. 3 sets of 15.",
                    "Dave R. · 15 March 2022", "Great list, I do these after runs.",
                    "Kinetic Physio · 15 March 2022", "Thanks Dave, keep it up!")
    assert set(records) == {"Clamshells"}


def test_a_how_to_under_a_dosed_numbered_item_is_that_items(extractor) -> None:
    records = lines(extractor, "5 exercises for runner's knee", "3. Single leg hop landing 8 x 3 each leg",
                    "Stand on a step on one leg. Hop down and land on the same leg.",
                    "4. Side plank 30 sec x 3 each side")
    assert {m: r.equipment for m, r in records.items()} == {
        "Single leg hop landing": ("step",), "Side plank": ()}


def test_a_numbered_part_label_opens_a_name_line_and_a_lists_intro_doses_only_its_list(extractor) -> None:
    records = lines(extractor, "A 10-minute warm-up for new runners", "Part 2: Leg swings",
                    "Hold onto a fence. 10 forward and back, then 10 side to side, each leg.",
                    "Part 3: Drills", "Do each drill down, walk back, and go through the list twice:",
                    ("list_item", "High knees"), ("list_item", "Butt kicks"))
    assert {m: dose(r) for m, r in records.items()} == {
        "Leg swings": {"reps": 10, "per_side": True}, "High knees": {"sets": 2}, "Butt kicks": {"sets": 2}}


def test_how_often_an_intro_says_reaches_the_items_it_names_ahead(extractor) -> None:
    records = lines(extractor, "Week 3 of the knee saga",
                    "Here's what she gave me. Daily, she said, and the glute bridges too.",
                    "Clamshells", "Lie on your side, knees bent. 3x15 each side.",
                    "Glute bridges", "Lift the hips and lower slowly. 2 sets of 12.")
    assert records["Clamshells"].dose.frequency == records["Glute bridges"].dose.frequency == "daily"


def test_bare_body_parts_listed_under_a_rolling_intro_are_each_rolled(extractor) -> None:
    records = lines(extractor, "Post-run foam rolling", "Spend 1-2 minutes rolling each of these areas:",
                    ("list_item", "Calves"), ("list_item", "Hamstrings"), ("list_item", "IT band"))
    assert {m: (r.name, r.dose.duration_seconds) for m, r in records.items()} == {
        "Calves": ("calf rolling", 60.0), "Hamstrings": ("hamstring rolling", 60.0),
        "IT band": ("it band rolling", 60.0)}


def test_what_follows_a_list_of_rolled_parts_doses_every_part_however_long_the_list(extractor) -> None:
    # the list runs past the lines read around the intro; the line after it is read as layout too
    parts = ["Calves", "Quads", "IT band", "Glutes", "Hamstrings", "Hip flexors"]
    records = lines(extractor, "Foam rolling after long runs", "After every long run I foam roll these:",
                    *(("list_item", p) for p in parts), "Spend 1-2 minutes on each area, and go slowly.")
    assert list(records) == parts
    assert {r.dose.duration_seconds for r in records.values()} == {60.0}
    assert {r.dose.duration_seconds_max for r in records.values()} == {120.0}


def test_body_parts_on_lines_of_their_own_under_a_rolling_title_are_each_rolled(extractor) -> None:
    records = lines(extractor, "Foam rolling after long runs", "Calves", "Quads", "IT band", "Glutes",
                    "Spend 1-2 minutes on each area.")
    assert {m: r.name for m, r in records.items()} == {
        "Calves": "calf rolling", "Quads": "quad rolling", "IT band": "it band rolling", "Glutes": "glute rolling"}
    assert {r.dose.duration_seconds for r in records.values()} == {60.0}


def test_body_parts_laid_out_as_names_in_a_stretching_post_name_its_stretches_though_no_name_is_written(
        extractor) -> None:
    # no line names an exercise the vocabulary knows: the parts, told how and how long, are the names
    leads = lines(extractor, "My post-run stretches",
                  "Hamstrings: lie on your back and pull one leg up with a strap. Hold 30 seconds.",
                  "Calves: lean into a wall with one leg back. Hold 30 seconds each side.")
    assert {m: (r.name, dose(r).get("hold")) for m, r in leads.items()} == {
        "Hamstrings": ("hamstring stretch", 30.0), "Calves": ("calf stretch", 30.0)}
    name_lines = lines(extractor, "Stretching after runs", "Hamstrings",
                       "Lie on your back and pull one leg up with a strap. Hold 30 seconds.", "Quads",
                       "Stand on one leg and pull your heel back. Hold 30 seconds.")
    assert {m: r.name for m, r in name_lines.items()} == {"Hamstrings": "hamstring stretch", "Quads": "quad stretch"}


def test_body_parts_over_why_they_get_tight_are_no_stretches(extractor) -> None:
    assert lines(extractor, "Why runners should stretch",
                 "Stretching is something most runners skip. Here is which muscles get tight:",
                 "Hamstrings", "The back of the thigh gets short when you sit all day.",
                 "Calves", "They take a beating on every run.") == {}


def test_body_parts_on_lines_of_their_own_under_no_rolling_or_stretching_are_no_exercises(extractor) -> None:
    records = lines(extractor, "Bulgarian split squats", "Muscles worked:", "Glutes", "Quads", "Hamstrings",
                    "Do 3 sets of 8 per leg.")
    assert [r.name for r in records.values()] == ["bulgarian split squat"]


def test_where_a_dose_starts_is_todays_and_a_bare_goal_is_the_dose(extractor) -> None:
    records = lines(extractor, "Calf strength", "Single-leg calf raises",
                    "Start with 10 reps each side and work up to 3 sets of 20.",
                    "Wall sit", "Back against the wall. Hold 30 seconds and build up to 60; 4 repetitions.",
                    "Bridges", "Build up to 2 sets of 10.")
    assert {m: dose(r) for m, r in records.items()} == {
        "Single-leg calf raises": {"reps": 10, "per_side": True}, "Wall sit": {"reps": 4, "hold": 30.0},
        "Bridges": {"sets": 2, "reps": 10}}


def test_a_workout_part_with_its_rounds_titles_the_items_under_it(extractor) -> None:
    records = lines(extractor, "Strength day", ("list_item", "Leg swings: 10 each direction"),
                    ("list_item", "Hip circles: 10 each way"), "Strength (3 rounds)",
                    ("list_item", "Goblet squat x 12"), ("list_item", "Reverse lunge x 8/leg"))
    assert {m: dose(r) for m, r in records.items()} == {
        "Leg swings": {"reps": 10, "per_side": True}, "Hip circles": {"reps": 10, "per_side": True},
        "Goblet squat": {"sets": 3, "reps": 12}, "Reverse lunge": {"sets": 3, "reps": 8, "per_side": True}}


def test_a_repeat_of_a_counted_set_is_its_sets_and_an_order_in_an_items_how_to_is_no_exercise(extractor) -> None:
    records = lines(extractor, "Hip strength",
                    "2. Monster walks. Place a band around your ankles and walk forward in a wide stance. "
                    "Take 10 steps forward and 10 back. Repeat 3 times.",
                    "3. Single-leg deadlift. Balance on one leg and hinge forward. Do 8-10 on each leg.",
                    "4. Side plank. Hold for 30 seconds. Repeat 3 times.")
    assert {m: dose(r) for m, r in records.items()} == {
        "Monster walks": {"sets": 3, "reps": 10}, "Single-leg deadlift": {"reps": 8, "per_side": True},
        "Side plank": {"reps": 3, "hold": 30.0}}


def test_a_position_then_an_order_under_a_bare_name_line_is_its_how_to(extractor) -> None:
    records = lines(extractor, "The cooldown stretches we do", "Hold each stretch for 30 seconds, each side.",
                    "HIP FLEXOR", "Kneeling lunge, tuck the pelvis under and feel it at the front of the hip.",
                    "GLUTES", "Lie on your back, cross one ankle over the other knee and pull the legs in.")
    assert {m: r.name for m, r in records.items()} == {"HIP FLEXOR": "hip flexor stretch", "GLUTES": "glute stretch"}


def test_recipe_steps_and_a_machines_parts_are_no_exercises(extractor) -> None:
    records = lines(extractor, "Post-run smoothie", "1. Blend 1 frozen banana and oats.", "2. Blend 30 seconds.",
                    "Nordic hamstring curls, hook your feet under the lat pulldown pad. 3x4.")
    assert {r.name for r in records.values()} == {"nordic hamstring curl"}


def test_a_form_cue_refusing_a_movement_keeps_the_line_its_exercises(extractor) -> None:
    # "don't squat" tells how to hinge; it names no exercise the line is about
    records = lines(extractor, "Hill strength", "Single-leg deadlift",
                    "8kg kettlebell in the opposite hand. Hinge, don't squat. 3x8 each side.")
    assert dose(records["Single-leg deadlift"]) == {"sets": 3, "reps": 8, "per_side": True}
    assert records["Single-leg deadlift"].equipment == ("kettlebell",)


def test_stepping_down_between_reps_is_no_step_down(extractor) -> None:
    records = lines(extractor, "Plyometrics", "Box jumps", "3x6, step down between reps.")
    assert {m: (r.name, dose(r)) for m, r in records.items()} == {"Box jumps": ("box jump", {"sets": 3, "reps": 6})}


def test_the_activity_of_a_part_list_said_of_each_part_after_it_doses_the_parts(extractor) -> None:
    """"- Foam roll each area for 60 seconds" closing a list of body parts is how long each part
    is rolled, not a foam-rolling exercise of its own holding the minute."""
    records = lines(extractor, "Foam rolling after long runs:", ("list_item", "Calves"), ("list_item", "Hamstrings"),
                    ("list_item", "Quads"), ("list_item", "Foam roll each area for 60 seconds"))
    assert {r.name: dose(r).get("duration") for r in records.values()} == {
        "calf rolling": 60.0, "hamstring rolling": 60.0, "quad rolling": 60.0}


def test_do_each_after_a_list_is_said_of_every_item(extractor) -> None:
    records = lines(extractor, "Warm-up drills:", *(("list_item", t) for t in (
        "Leg swings", "Butt kicks", "High knees", "A skips", "Do each for 30 seconds")))
    assert {r.name: dose(r).get("duration") for r in records.values()} == {
        "leg swing": 30.0, "butt kick": 30.0, "high knees": 30.0, "A-skip": 30.0}


def test_a_routine_intro_that_opens_with_perform_is_no_exercise_and_doses_the_leads_under_it(extractor) -> None:
    records = lines(extractor, "Perform 2-3 sets of 10-15 reps of the following exercises, three times a week.",
                    "Clamshells: lie on your side with your knees bent and lift the top knee.",
                    "Glute bridge: lie on your back and lift your hips.")
    assert {r.name: (dose(r).get("sets"), dose(r).get("reps"), dose(r).get("frequency")) for r in records.values()} == {
        "clamshell": (2, 10, "3x/week"), "glute bridge": (2, 10, "3x/week")}


def test_complete_n_sets_under_a_name_is_that_exercise_s_and_keeps_the_reps_before_it(extractor) -> None:
    [r] = lines(extractor, "Clamshells", "Perform 10 repetitions. Complete 3 sets. Do this daily.").values()
    assert dose(r) == {"sets": 3, "reps": 10, "frequency": "daily"}


def test_a_lead_in_said_of_each_item_before_the_next_exercise_closes_the_list(extractor) -> None:
    """"- 30 seconds of each, then 4 strides" after a list of drills: the drills' time, the
    strides' own count."""
    records = lines(extractor, "Warm-up drills:", *(("list_item", t) for t in (
        "Leg swings", "Butt kicks", "High knees", "30 seconds of each, then 4 strides")))
    assert {r.name: dose(r) for r in records.values()} == {
        "leg swing": {"duration": 30.0}, "butt kick": {"duration": 30.0}, "high knees": {"duration": 30.0},
        "strides": {"reps": 4}}


def test_lines_of_notes_in_lower_case_each_name_an_exercise_and_its_dose(extractor) -> None:
    """A wrapped sentence continues in lower case on the next line; a line of notes that opens with
    a name and a number is a line of its own, though written in lower case."""
    records = text_post(extractor, "leg day\n\nI do this once a week on my easy day, the other strength day is upper body.\n"
                                   "warm up: glute bridges x15 + clams x15/side with the mini band\n"
                                   "bulgarians 3x10/side w 2x12kg db\n"
                                   "calf raise machine 4x15, slow\n")
    assert {r.name: (dose(r).get("sets"), dose(r).get("reps"), dose(r).get("frequency")) for r in records.values()} == {
        "glute bridge": (None, 15, "1x/week"), "clamshell": (None, 15, "1x/week"),
        "bulgarian split squat": (3, 10, "1x/week"), "calf raise": (4, 15, "1x/week")}


def test_abbreviated_names_read_as_their_words(extractor) -> None:
    """"SL" is single-leg, "DL" a deadlift and "RDL" a Romanian deadlift, in a name line or in prose."""
    records = lines(extractor, ("list_item", "SL RDL 3x8 each leg"), ("list_item", "Trap bar DL 4x5 @ 90kg"),
                    "When that got easy I swapped to SL glute bridge on the floor, 3x8 each side.")
    assert {r.mention: r.name for r in records.values()} == {
        "SL RDL": "single-leg deadlift", "Trap bar DL": "deadlift", "SL glute bridge": "single-leg bridge"}


@pytest.mark.parametrize("kind", ["paragraph", "list_item"])
def test_body_parts_under_a_foam_rolling_name_line_are_what_is_rolled(extractor, kind) -> None:
    """"Foam rolling routine" over "Calves – 60 seconds each leg": the routine's title, and each
    part line a roll of that part with its own time."""
    records = lines(extractor, "Foam rolling routine", (kind, "Calves – 60 seconds each leg"),
                    (kind, "Hamstrings – 60 seconds each leg"), (kind, "IT band – 30 seconds each side"))
    assert {r.name: (dose(r).get("duration"), dose(r).get("per_side")) for r in records.values()} == {
        "calf rolling": (60.0, True), "hamstring rolling": (60.0, True), "it band rolling": (30.0, True)}


@pytest.mark.parametrize(("line", "name"), [
    ("Banded ankle distraction", "banded ankle distraction"),
    ("Doorway hangs", "doorway hangs"),
    ("Wall angels", None),                 # (a name of the vocabulary: the rulers name it)
])
def test_a_name_line_ending_in_a_movement_word_the_vocabulary_lacks_is_an_exercise(extractor, line, name) -> None:
    records = lines(extractor, line, "Loop a band around the front of your ankle and rock your knee forward.",
                    "2 sets of 10 each side.")
    [r] = records.values()
    assert (r.name if name is None else name) == r.name
    assert (r.dose.sets, r.dose.reps, r.dose.per_side) == (2, 10, True)


def test_a_name_labelled_without_a_number_heads_its_field_lines(extractor) -> None:
    """"Exercise: Side plank" over "Duration: 30 seconds each side" / "Repetitions: 3"; a
    "Stretch:" label still names what is stretched."""
    [plank] = lines(extractor, "Exercise: Side plank", "Duration: 30 seconds each side", "Repetitions: 3").values()
    assert (plank.name, plank.dose.hold_seconds, plank.dose.per_side, plank.dose.reps) == ("side plank", 30.0, True, 3)
    [stretch] = lines(extractor, "Stretch: your hamstrings", "Hold for 30 seconds.").values()
    assert stretch.name == "hamstring stretch"


def test_a_heading_that_names_an_exercise_and_its_dose_is_that_exercise_s_line(extractor) -> None:
    # a short line set apart by blank lines reads as a heading in a text post, and a theme may set
    # "name, dose" as a heading too: the dose is the exercise's, not its section's title
    text = ("My physio gave me these for my ankle, twice a day.\n\n\n"
            "Resistance band cross-over. 3 set of 15, 2x/day\n\n\n"
            "Bosu balancing, 3 sets of 30 seconds\n\n\n"
            "Speaking of rehab, what are yours?\n")
    records = text_post(extractor, text)
    assert dose(records["Resistance band cross-over"]) == {"sets": 3, "reps": 15, "frequency": "2x/day"}
    assert dose(records["Bosu balancing"]) == {"sets": 3, "hold": 30.0, "frequency": "2x/day"}   # the intro's
    page = lines(extractor, "Here is my gym session.", ("heading", "Trap bar deadlift 4x5 @ 90kg"),
                 "Keep the bar close and push the floor away.")
    assert dose(page["Trap bar deadlift"]) == {"sets": 4, "reps": 5}
    assert page["Trap bar deadlift"].muscles == ()       # a trap bar is no trapezius


def test_a_heading_the_vocabulary_lacks_between_name_headings_of_its_level_is_a_name(extractor) -> None:
    # a text post sets each pose's name on a short line of its own: each reads as a heading
    text = ("Yoga for tight hips\n\nMove slowly and use your breath.\n\n"
            "Lizard pose\n\nWalk the front foot to the outside of the hand and lower onto the forearms.\n\n"
            "Half splits\n\nShift the hips back and straighten the front leg – lovely for the hamstrings.\n\n"
            "Pigeon\n\nBring the right knee behind the right wrist and fold forward. Stay for a minute.\n")
    records = text_post(extractor, text)
    assert list(records) == ["Lizard pose", "Half splits", "Pigeon"]
    assert records["Half splits"].matched_by == "layout"
    assert records["Half splits"].muscles == ("hamstrings",)
    assert records["Pigeon"].muscles == ()        # the hamstrings are the half splits', not the routine's


def test_a_line_that_refers_to_something_names_no_exercise(extractor) -> None:
    text = ("A Short Warm-Up Before Every Run\nMost beginners I see just head out the door. Then the first mile "
            "feels like wading through mud, and they blame their fitness. Do it before every run, even the slow "
            "ones.\nPart 1: Walk it out\nThree minutes of brisk walking. Swing your arms. Nothing more.\n"
            "Part 2: Leg swings\nHold onto a railing. 10 forward and back, then 10 side to side, each leg.\n"
            "Part 3: Drills\nFind a flat stretch of road and do each drill twice.\n")
    records = text_post(extractor, text)
    assert list(records) == ["Leg swings"]       # "Walk it out" is walking, said of "it"


def test_an_intro_naming_an_exercise_in_passing_still_says_how_often_the_routine_is_done(extractor) -> None:
    text = ("Holding a hamstring stretch before a 5k is not doing much. Do this before every run instead.\n"
            "Leg swings – 10 per leg.\nWalking lunges – 8 each leg.\nInchworms – x5.\n")
    records = text_post(extractor, text)
    assert {records[m].dose.frequency for m in ("Leg swings", "Walking lunges", "Inchworms")} == {"before every run"}


def test_a_bare_count_after_a_list_items_name_and_comma_is_its_reps(extractor) -> None:
    records = lines(extractor, "Leg day, twice a week:",
                    ("list_item", "Nordic hamstring curls, 8 supporting your weight with your hands"),
                    ("list_item", "Step ups, 20-30 with a light dumbbell"),
                    ("list_item", "Carioca, 2 lengths of the hall"),
                    ("list_item", "Planks, 2 variations"))
    assert (records["Nordic hamstring curls"].dose.reps, records["Nordic hamstring curls"].dose.reps_max) == (8, None)
    assert (records["Step ups"].dose.reps, records["Step ups"].dose.reps_max) == (20, 30)
    assert records["Carioca"].dose.reps is None      # lengths are a distance, not reps
    assert records["Planks"].dose.reps is None       # a count of variations


def test_a_long_line_opening_with_another_exercise_and_its_dose_is_no_how_to_of_the_one_above(extractor) -> None:
    records = lines(extractor, "Three times a week, strength:",
                    "Sit to stand from a dining chair, arms crossed. 2 sets of 10 reps.",
                    "Step ups onto the bottom stair with a 4kg dumbbell in each hand, 12x3 each leg, slowly on the way down.")
    assert dose(records["Sit to stand from a dining chair, arms crossed"]) == {"sets": 2, "reps": 10, "frequency": "3x/week"}
    assert {k: v for k, v in dose(records["Step ups"]).items() if k != "frequency"} == {"sets": 3, "reps": 12, "per_side": True}
    assert records["Step ups"].equipment == ("step", "dumbbell")


@pytest.mark.parametrize("line, name", [("Sit-to-stands from a kitchen chair, 3 x 8", "sit-to-stand"),
                                        ("Chair stands, 3 x 8", "sit-to-stand"),
                                        ("Half-kneeling chop with a band, 2 x 8", "wood chop")])
def test_common_rehab_movements_are_in_the_vocabulary(extractor, line, name) -> None:
    records = lines(extractor, "My physio's homework:", ("list_item", line))
    assert [(r.name, r.dose.sets, r.dose.reps) for r in records.values()] == [(name, 3 if "3 x" in line else 2, 8)]


def test_a_line_rolling_a_muscle_under_a_rolling_name_line_says_what_that_roll_is_of(extractor) -> None:
    records = lines(extractor, "Rehab for runner's knee", "Exercise 1: Hip hikes",
                    "Stand on a step on one leg and drop the other hip, then lift it. 2 x 15 per leg.",
                    "Exercise 2: Foam roll the outer thigh (optional)",
                    "Rolling the TFL and the side of the quad can ease symptoms. 60 sec per side.",
                    "Do the strength exercises every second day.")
    assert list(records) == ["Hip hikes", "Foam roll the outer thigh"]
    roll = records["Foam roll the outer thigh"]
    assert (roll.dose.duration_seconds, roll.dose.per_side) == (60.0, True)
    assert "tensor fasciae latae" in roll.muscles
    assert records["Hip hikes"].dose.frequency == "every other day"    # said of the exercises, after the last


def test_a_name_line_with_a_slip_of_spelling_names_the_exercise_it_was_meant_to(extractor) -> None:
    records = lines(extractor, "My physio's plan for ITBS:", "Exercise 1: Clamshels with a band",
                    "Lie on your side, knees bent, and open the top knee. 3 x 15 each side.",
                    "Exercise 2: Side plankk", "Hold 30 seconds, 3 times.",
                    "Exercise 3: Hip hikes", "Stand on a step and drop one hip, then lift it. 15 per side.")
    assert {m: (r.name, r.matched_by) for m, r in records.items()} == {
        "Clamshels with a band": ("clamshell", "parts"), "Side plankk": ("side plank", "parts"),
        "Hip hikes": ("hip hike", "alias")}
    assert dose(records["Side plankk"]) == {"reps": 3, "hold": 30.0}


def test_a_word_one_slip_from_two_names_words_is_left_as_written() -> None:
    from pipeline.extract.names import _one_slip
    assert _one_slip("clamshel", "clamshell") and _one_slip("plakn", "plank") and _one_slip("folloer", "foller")
    assert not _one_slip("plank", "plank") and not _one_slip("glute", "gluteal")


def test_what_i_do_so_often_in_a_posts_intro_is_how_often_its_routines_are_done(extractor) -> None:
    records = lines(extractor, "Bulletproof ankles for trail runners",
                    "This is what I do 3x a week, usually after an easy run. Unless I say otherwise, do 2 sets of 15.",
                    ("heading", "Balance"), "1) Single leg balance", "Hold 30 seconds, then switch.",
                    ("heading", "Strength"), "2) Calf raises - slow, on the edge of a step.")
    assert {r.name: r.dose.frequency for r in records.values()} == {"single-leg balance": "3x/week",
                                                                    "calf raise": "3x/week"}


@pytest.mark.parametrize("line, expected", [
    ("Warm up: 5 minutes on the bike, then 10 leg swings each side.", {"leg swing": {"reps": 10, "per_side": True}}),
    ("Warm up: 5 minutes on the bike, then leg swings.", {"leg swing": {}}),
    ("Warm up: 5 minutes on the rower, then 10 leg swings each side.",
     {"rowing": {"duration": 300.0}, "leg swing": {"reps": 10, "per_side": True}}),
])
def test_time_on_a_cardio_machine_is_no_exercises_unless_the_machine_is_the_exercise(extractor, line, expected) -> None:
    records = lines(extractor, line)
    assert {r.name: dose(r) for r in records.values()} == expected
