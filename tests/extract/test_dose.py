"""The dose grammar, phrase by phrase: what each way of writing a dose means."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract import parse_dose
from pipeline.extract.dose import DoseParts, default_grammar
from pipeline.records import Dose

FIELDS = Dose.__slots__


def said(**fields) -> dict:
    return {k: fields.get(k) for k in FIELDS}


def as_dict(dose: Dose) -> dict:
    return {k: getattr(dose, k) for k in FIELDS}


@pytest.mark.parametrize(("text", "expected"), [
    ("2 sets of 15", said(sets=2, reps=15)),
    ("3x10", said(sets=3, reps=10)),
    ("3 x 10 reps", said(sets=3, reps=10)),
    ("3 × 12", said(sets=3, reps=12)),
    ("10-12 reps", said(reps=10, reps_max=12)),
    ("2-3 sets", said(sets=2, sets_max=3)),
    ("2 to 3 sets of 8–10 reps", said(sets=2, sets_max=3, reps=8, reps_max=10)),
    ("three sets of ten", said(sets=3, reps=10)),
    ("hold for 30 seconds", said(hold_seconds=30.0)),
    ("5 second hold", said(hold_seconds=5.0)),
    ("30-60 seconds", said(duration_seconds=30.0, duration_seconds_max=60.0)),
    ("30s", said(duration_seconds=30.0)),
    ("1 min", said(duration_seconds=60.0)),
    ("for a minute", said(duration_seconds=60.0)),
    ("10 times on each side", said(reps=10, per_side=True)),
    ("30 on each foot", said(reps=30, per_side=True)),
    ("10 each leg", said(reps=10, per_side=True)),
    ("12 per side", said(reps=12, per_side=True)),
    ("10 in each direction", said(reps=10, per_side=True)),      # GUIDE: per direction is per side
    ("daily", said(frequency="daily")),
    ("every day", said(frequency="daily")),
    ("each day", said(frequency="daily")),
    ("every other day", said(frequency="every other day")),
    ("3 times a week", said(frequency="3x/week")),
    ("twice a week", said(frequency="2x/week")),
    ("3x/week", said(frequency="3x/week")),
    ("2-3 times per week", said(frequency="2-3x/week")),
    ("after every run", said(frequency="after every run")),
    ("10lb", said(load="10 lb")),
    ("a 15-pound dumbbell", said(load="15 lb")),
    ("holding a 5 kg kettlebell", said(load="5 kg")),
    ("bodyweight only", said(load="bodyweight")),
    # the forms the issue "Exercise extraction that generalizes" lists, and a few more seen in posts
    ("clamshells x3", said(sets=3)),
    ("20 reps each leg x2", said(sets=2, reps=20, per_side=True)),
    ("plank :60", said(duration_seconds=60.0)),
    (":30 each side", said(duration_seconds=30.0, per_side=True)),
    ("a minute or two", said(duration_seconds=60.0, duration_seconds_max=120.0)),
    ("30 seconds a side", said(duration_seconds=30.0, per_side=True)),
    ("100/leg", said(reps=100, per_side=True)),
    ("2x/week", said(frequency="2x/week")),
    ("twice-a-day", said(frequency="2x/day")),
    ("two minutes a day", said(duration_seconds=120.0, frequency="daily")),
    ("10 lb ankle weights", said(load="10 lb")),
    ("5 kg", said(load="5 kg")),
    ("Pause at the top for 1-2 seconds", said(hold_seconds=1.0, hold_seconds_max=2.0)),
    ("3-sets, 3-times per week", said(sets=3, frequency="3x/week")),
    ("do this circuit two or three times through", said(sets=2, sets_max=3)),
    ("2 or 3 sets", said(sets=2, sets_max=3)),
    ("10 round-trip passes each side", said(reps=10, per_side=True)),
    ("20 steps forward and 20 back", said(reps=20)),
    ("Hold for 20 seconds, then switch sides", said(hold_seconds=20.0, per_side=True)),
    ("x1 min", said(duration_seconds=60.0)),
])
def test_parse_dose_reads_each_way_of_writing_a_dose(text, expected) -> None:
    assert as_dict(parse_dose(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("I’ve been doing 2 sets of 15 with a 5 second hold.", said(sets=2, reps=15, hold_seconds=5.0)),
    ("again, 3 sets of 30 second holds on each side.", said(sets=3, hold_seconds=30.0, per_side=True)),
    ("holding for 30 seconds each and completing 3 sets on each side.", said(sets=3, hold_seconds=30.0, per_side=True)),
    ("Stand on one foot for 30 seconds x 3 on each foot.", said(sets=3, duration_seconds=30.0, per_side=True)),
    ("Walk on your heels for 1 minute, twice.", said(sets=2, duration_seconds=60.0)),
    ("hold for 30 seconds, twice on each side", said(sets=2, hold_seconds=30.0, per_side=True)),
    ("Butt kicks, 2 x 20 m", said(sets=2)),
    ("2-3 sets of 12-15 reps per leg", said(sets=2, sets_max=3, reps=12, reps_max=15, per_side=True)),
    ("I strap 10lb weights to each ankle, lie on my side and lift my leg slowly up, 30 times per leg each day.",
     said(reps=30, per_side=True, frequency="daily", load="10 lb")),
    ("I did 3 sets of 15 every day for six weeks", said(sets=3, reps=15, frequency="daily")),
    ("Rest your hands on your bent leg and hold the stretch for 20 seconds before swapping.",
     said(hold_seconds=20.0, per_side=True)),
    ("Lift your foot to thigh level. Repeat with the other foot.", said(per_side=True)),
    ("Lift the big toe while the others stay down, then swap. 10 of each.", said(reps=10)),   # toes, not sides
])
def test_parse_dose_reads_whole_sentences(text, expected) -> None:
    assert as_dict(parse_dose(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # sets x time, and a rep count before a small set count (GUIDE: "2X1 minute" -> sets 2; sets are few)
    ("2X1 minute bridge", said(sets=2, duration_seconds=60.0)),
    ("12X2 stability ball pass", said(sets=2, reps=12)),
    ("Banded Hip Flexion 10 x 3 each leg", said(sets=3, reps=10, per_side=True)),
    ("3x8 straight leg raises", said(sets=3, reps=8)),
    ("Back Squat: 3×3", said(sets=3, reps=3)),
    # a time, then reps and sets, each after an "x"
    ("Hold each 15 seconds x 3 sets", said(sets=3, hold_seconds=15.0)),
    ("Hold each 2 seconds x 10 times x 3 sets", said(sets=3, reps=10, hold_seconds=2.0)),
    ("30 sec x 3 sets", said(sets=3, duration_seconds=30.0)),
    ("10 reps each x 3 sets", said(sets=3, reps=10)),
    ("10 pulls x 3 sets", said(sets=3, reps=10)),
    ("Rear Lunges (x20-40)", said(reps=20, reps_max=40)),
    ("Clams, 10 x each leg", said(reps=10, per_side=True)),
    ("20 x Side-to-Side", said(reps=20)),
    # a handout's fields: "Sets: 3", "Reps: 10 each side", "Hold: 30 seconds"
    ("Sets: 3", said(sets=3)),
    ("Reps: 10 each side", said(reps=10, per_side=True)),
    ("Sets: 2-3, Reps: 8-12 per leg", said(sets=2, sets_max=3, reps=8, reps_max=12, per_side=True)),
    ("Reps: 10, Sets: 3, Hold: 5 seconds", said(sets=3, reps=10, hold_seconds=5.0)),
    ("Rounds: 3 of the circuit", said(sets=3)),
    ("3 x times per set", said(reps=3)),
    # per side, per direction
    ("10 times clockwise, 10 times anticlockwise. 3 sets.", said(sets=3, reps=10, per_side=True)),
    ("roll your head to the right five times and then five to the left", said(reps=5, per_side=True)),
    ("Around the world – 5x each direction", said(reps=5, per_side=True)),
    ("Hand to heel – 4×5 each leg", said(sets=4, reps=5, per_side=True)),
    ("60 sec (plus) per side", said(duration_seconds=60.0, per_side=True)),
    ("side plank 30–45s/side", said(duration_seconds=30.0, duration_seconds_max=45.0, per_side=True)),
    ("Perform 8–10 reps/leg", said(reps=8, reps_max=10, per_side=True)),
    ("switch sides and repeat", said(per_side=True)),
    ("one leg at a time", said(per_side=True)),
    ("Do two to four reps of 15 lifts on each knee", said(sets=2, sets_max=4, reps=15, per_side=True)),
    # per side in a log's shorthand, per hand, both ways; not a weight held in each hand
    ("Copenhagen plank 3x20s e/s", said(sets=3, duration_seconds=20.0, per_side=True)),
    ("3 x 12 R+L.", said(sets=3, reps=12, per_side=True)),
    ("Suitcase carries, 3 x 40 metres each hand.", said(sets=3, per_side=True)),
    ("Face sideways, step across in front, then behind. Go both directions.", said(per_side=True)),
    ("Repeat with a dumbbell in each hand for 10 reps", said(reps=10)),
    ("Hold 45-60s. Press to a rigid plank and control both directions.", said(hold_seconds=45.0, hold_seconds_max=60.0)),
    ("Hold it for 30 seconds, relax and repeat. Do it on both legs, at least twice.",
     said(sets=2, hold_seconds=30.0, per_side=True)),
    ("Do this 10 - 12 times, for 3 sets on both feet.", said(sets=3, reps=10, reps_max=12, per_side=True)),
    ("Pogo hops on both feet together, 2 sets of 20", said(sets=2, reps=20)),
    ("Stand on both legs and rise onto your toes, 3 x 15.", said(sets=3, reps=15)),
    ("Then flex your feet and lift your toes. This is one repetition.", said()),   # what a rep is
    ("That's 1 rep. Complete three sets of 12 reps.", said(sets=3, reps=12)),
    ("30 reps, 2x day.", said(reps=30, frequency="2x/day")),
    ("3x10, 3x week", said(sets=3, reps=10, frequency="3x/week")),
    ("for a minute or two each before I run.", said(duration_seconds=60.0, duration_seconds_max=120.0,
                                                  frequency="before every run")),
    ("after you run", said(frequency="after every run")),
    ("After I ran 10 miles", said()),
    ("I do them most days after work", said(frequency="most days")),
    ("10 reps morning and night", said(reps=10, frequency="2x/day")),
    ("on my rest days", said(frequency="on rest days")),
    ("do a set of 15 calf raises before bed", said(sets=1, reps=15)),
    ("a set of 20 metres", said()),
    ("Do a set of 10.", said(sets=1, reps=10)),
    ("hold 30s", said(hold_seconds=30.0)),
    ("10 reps of 3 seconds", said(reps=10, hold_seconds=3.0)),
    ("3 sets of 10.", said(sets=3, reps=10)),
    ("Lift my bottom off the floor, hold, and lower. Eight of those.", said(reps=8)),
    ("20 of these each side", said(reps=20, per_side=True)),
    ("I bought two of them", said()),
    ("I did 3 of those sessions", said()),
    # a stopwatch time with a hold word, a count or a side after it, or on its own
    ("plank 1:00 hold x3 with 30s rest", said(sets=3, hold_seconds=60.0)),
    ("Side plank 0:45 each side", said(duration_seconds=45.0, per_side=True)),
    ("1:00.", said(duration_seconds=60.0)),
    ("my 1k pace was 4:10.", said()),
    ("mile splits 4:45, 4:30", said()),
    # rounds of the whole routine are its sets, one round too; once a day is how often
    ("and do the whole lot once", said(sets=1)),
    ("Go through the circuit twice.", said(sets=2)),
    ("Do the routine once a day.", said(frequency="daily")),
    # number words join as English writes 21 to 99, spaced or hyphenated
    ("two sets of twenty five", said(sets=2, reps=25)),
    ("hold for forty-five seconds", said(hold_seconds=45.0)),
    ("thirty five seconds each side", said(duration_seconds=35.0, per_side=True)),
    # holds
    ("Three sets of twenty-second's stretch for each leg", said(sets=3, hold_seconds=20.0, per_side=True)),
    ("Hold each stretch for 20 seconds", said(hold_seconds=20.0)),
    ("holding each position for up to 45 sec", said(hold_seconds=45.0)),
    ("10 slow holds of 5 seconds", said(reps=10, hold_seconds=5.0)),
    ("Progress to five 10-second holds", said(reps=5, hold_seconds=10.0)),
    ("2 to 3 min.", said(duration_seconds=120.0, duration_seconds_max=180.0)),
    # load
    ("3 x 5 @ 40lbs", said(sets=3, reps=5, load="40 lb")),
    ("95#", said(load="95 lb")),
    ("a two- to six-pound dumbbell", said(load="2-6 lb")),
    # frequency, normalised
    ("3 times per week", said(frequency="3x/week")),
    ("2 or 3 times a week", said(frequency="2-3x/week")),
    ("twice daily", said(frequency="2x/day")),
    ("3 times weekly", said(frequency="3x/week")),
    ("2x a day", said(frequency="2x/day")),
    ("3x gym sessions per week", said(frequency="3x/week")),
    ("after runs", said(frequency="after every run")),
    ("before runs", said(frequency="before every run")),
    ("Try it a few times a week.", said(frequency="a few times/week")),
    ("a couple of times a week", said(frequency="2x/week")),
    ("several times a day", said(frequency="several times/day")),
])
def test_parse_dose_reads_the_forms_of_the_labelled_posts(text, expected) -> None:
    assert as_dict(parse_dose(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("3 x 5 km", said(sets=3)),                                  # a race or interval: no reps
    ("Carioca, 2 x 20 meters each direction", said(sets=2)),     # a course there and back, not a side
    ("12x400m on the track", said()),
    ("people going straight into 400s", said()),                 # track repeats, not 400 seconds
    # a series: one set each, the least and the most as the range
    ("Plank @ 30 seconds, 30 seconds, 45 seconds", said(sets=3, duration_seconds=30.0, duration_seconds_max=45.0)),
    ("12, 10, 8 reps", said(sets=3, reps=8, reps_max=12)),
    ("12/10/8 reps", said(sets=3, reps=8, reps_max=12)),
    ("hold 30 seconds, 10 times", said(reps=10, hold_seconds=30.0)),       # a hold and a count, no series
    ("I ran 5, 10 and 15 miles", said()),
    # GUIDE: "A whole-circuit time limit is no per-exercise dose"
    ("Three minute mountain legs routine (lunges and step-ups)", said()),
    ("Try this 20-minute workout", said()),
    ("That's it, about ten minutes in total.", said()),          # the routine's length, no item's
    ("Hold the stretch for 60 seconds total", said(hold_seconds=60.0)),
    ("40 seconds per station in the circuit", said(duration_seconds=40.0)),
    ("10 minute warm-up on the bike", said(duration_seconds=600.0)),
    ("3.77 miles @ 8:33 pace", said()),
    ("TRANSITION: 3:35 min", said()),                            # a clock time, not 35 minutes
    ("a great 1/2 hour show", said()),
    ("in my 40s", said()),
    ("the mid 30s", said()),
    ("twist to the left and back to center", said()),
    ("Running Wild: Weekly Wrap-up", said()),
])
def test_parse_dose_keeps_the_new_forms_to_themselves(text, expected) -> None:
    assert as_dict(parse_dose(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the short forms of handouts and training logs
    ("Fire hydrants: 12 e/s", said(reps=12, per_side=True)),
    ("Donkey kicks: x10 ea side", said(reps=10, per_side=True)),
    ("Side plank: 2 x 30s", said(sets=2, duration_seconds=30.0)),
    ("3x45s", said(sets=3, duration_seconds=45.0)),
    # a stopwatch time after the name's colon, a hold word or an "x"
    ("Wall sit: 1:00", said(duration_seconds=60.0)),
    ("hold 0:30", said(hold_seconds=30.0)),
    ("3 x 0:45", said(sets=3, duration_seconds=45.0)),
    # counts per direction of travel, and per way
    ("Leg swings 15 forwards and 15 sideways each leg", said(reps=15, per_side=True)),
    ("Monster walks: 20 steps each way, 3 rounds", said(sets=3, reps=20, per_side=True)),
    ("Do 10 of each", said(reps=10)),
    ("10 of each side", said(reps=10, per_side=True)),
    # rounds of a whole routine are its sets
    ("then do the circuit below three times", said(sets=3)),
    ("Repeat the whole routine twice.", said(sets=2)),
    # a bare count ordered at the end of a sentence
    ("Lie on your back and lift your hips. Do 15.", said(reps=15)),
    ("I do 3 a week.", said(frequency="1x/week")),
    ("Side plank: 20 s each side", said(duration_seconds=20.0, per_side=True)),
    # a word or two on how to do them between the count and "reps"
    ("Then 10 slow reps of single leg squats on each leg.", said(reps=10, per_side=True)),
    ("8 slow and controlled reps", said(reps=8)),
    ("Finally, 10 repeats of the bird dog.", said(reps=10)),
    # a drill's lengths, the distance glued to its count; a count for each of a list
    ("Drive the knee up to hip height. 2 x 30m.", said(sets=2)),
    ("clams, fire hydrants, glute bridges - 10 each, no band today", said(reps=10)),
    ("x10 each.", said(reps=10)),
    ("Deep squat hold – 2:00", said(hold_seconds=120.0)),      # a stopwatch time after a hold and a dash
    ("Plank - 1:00", said(duration_seconds=60.0)),
    ("The whole thing takes about ten minutes.", said()),       # the routine's length, no item's time
    ("go through the whole thing 3 times", said(sets=3)),
    ("Isometric hamstring curl: push the heel up. 5 x 30 s holds.", said(sets=5, hold_seconds=30.0)),
    ("5 circles each direction, each leg.", said(reps=5, per_side=True)),
    ("Hold a wall. 15 forward and back, then 15 across the body. Switch legs.", said(reps=15, per_side=True)),
    # a count of times after the reps is how many sets; one before them is not
    ("10 reps, 3 times", said(sets=3, reps=10)),
    ("Walk 20 steps on your heels then 20 steps on your toes, twice.", said(sets=2, reps=20)),
    ("10 each side, twice", said(sets=2, reps=10, per_side=True)),
    ("roll your head to the right five times and then five to the left", said(reps=5, per_side=True)),
    ("12, 10, 8 reps", said(sets=3, reps=8, reps_max=12)),
    # rounds of a routine: "twice more" is three in all; a list gone through is a routine
    ("rest 2 minutes and go through the circuit twice more (3 rounds total)", said(sets=3)),
    ("Do each drill down, walk back, and go through the list twice:", said(sets=2)),
    # a coach's seconds mark after sets, not inches before a noun
    ('Plank 3 x 45"', said(sets=3, duration_seconds=45.0)),
    ('Step downs off a 12" box, slow, 3x10 ea.', said(sets=3, reps=10)),
    # a total is the reps, all told, and not per side
    ("Do a total of five left and right.", said(reps=5)),
    ("a total of 2-3 rounds", said(sets=2, sets_max=3)),
    # the other side said in more ways; alternating reps are reps
    ("Do 10, then repeat with the left leg.", said(reps=10, per_side=True)),
    ("Hold 30 seconds and switch.", said(hold_seconds=30.0, per_side=True)),
    ("20 alternating reps", said(reps=20)),
    ("Stand on the other leg", said()),
    # something that takes time and is no exercise
    ("Updated March 2024 · 7 min read", said()),
    ("Watch the 3 minute video below", said()),
])
def test_parse_dose_reads_the_short_and_routine_forms(text, expected) -> None:
    assert as_dict(parse_dose(text)) == expected


@pytest.mark.parametrize("text", [
    "- Band Work, 20 x Side-to-Side: (2:01)",         # a video's chapter mark
    "I woke at 5:30 and ran",
    "finished in 1:45",
    "do 10 forward lunges",                            # an adjective, no count per direction
])
def test_parse_dose_reads_no_time_from_clocks_and_chapters(text) -> None:
    got = as_dict(parse_dose(text))
    assert got.get("duration_seconds") is None and got.get("hold_seconds") is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Post-Run Stretches", said(frequency="after every run")),
    ("Must Do Post Run Yoga Poses", said(frequency="after every run")),
    ("Pre-Run Dynamic Warm-Up", said(frequency="before every run")),
    ("Do these after a long run.", said(frequency="after every run")),
    ("Try these before your workout.", said(frequency="before every workout")),
    ("I stretch after my runs.", said(frequency="after every run")),
    ("before each training session", said(frequency="before every workout")),
    # one run, told as a story, or no session at all: no frequency
    ("After my run today I was sore.", said()),
    ("after the run we had coffee", said()),
    ("the post office run", said()),
    ("after a while", said()),
    ("I ran a few times this week", said()),
])
def test_a_routine_timed_around_a_run_or_workout_is_a_frequency(text, expected) -> None:
    assert as_dict(parse_dose(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("perform them in a circuit (ie. 1 set from exercise 1, then 1 set from exercise 2) and do 3 rounds",
     said(sets=3)),
    ("Do a few (e.g. 3 sets of 10)", said(sets=3, reps=10)),       # the example is all the dose there is
    ("Bridges (3 sets of 10)", said(sets=3, reps=10)),             # brackets alone are no example
])
def test_an_example_in_brackets_gives_way_to_the_dose_beside_it(text, expected) -> None:
    assert as_dict(parse_dose(text)) == expected


def test_an_unqualified_time_is_a_hold_for_an_exercise_that_is_held() -> None:
    assert parse_dose("Push into the wall for 5 seconds, 10 times on each side.", timing="hold") == Dose(
        None, None, 10, None, 5.0, None, None, None, True, None, None)


@pytest.mark.parametrize("text", [
    "week 2 of PT was focused on basic hip exercises",
    "These are two stretches I am doing",
    "stand with feet hip width apart",
    "off a 6-inch step",
    "that you hold for a couple of minutes",
    "once the raises feel easy",
    "I have had a nagging hip problem for two years now",
    "I learned this the last time I was in PT",
    "both feet",                     # a stance; "both legs" is laterality (CERT), not a per-side dose
    "I rest 30 seconds between sets",
    "three seconds up and three seconds down",
    "take a day off",
    "my weekly mileage",
    "keep your body weight over the front leg",
    "10 round-trip",
    "5:30 pace",
    "8:30/mile",
    "race week 3 of 12",
    "2 eggs, 1 cup of oats and 3 tbsp of honey",
    "at 6:30 am",
])
def test_parse_dose_invents_nothing(text) -> None:
    assert parse_dose(text).is_empty()


_DOSE_WORDS = ["sets", "reps", "of", "x", "each", "side", "seconds", "min", "a", "or", "times", "hold", "rest",
               "lb", "kg", "per", "week", "day", "every", "other", "twice", "/", "-", ":", ",", "."]
_dose_text = st.lists(st.one_of(st.sampled_from(_DOSE_WORDS), st.integers(0, 200).map(str),
                                st.text(max_size=6)), max_size=200).map(" ".join)


@settings(max_examples=300, deadline=2000)
@given(_dose_text)
def test_the_grammar_reads_any_text_without_failing_or_inventing_impossible_doses(text) -> None:
    grammar = default_grammar()
    parts = grammar.scan(text)
    for low, high in (("sets", "sets_max"), ("reps", "reps_max"), ("time", "time_max")):
        lo, hi = getattr(parts, low), getattr(parts, high)
        assert lo is None or lo >= 0
        assert hi is None or (lo is not None and hi > lo)
    for phrase in grammar.phrases(text):
        assert 0 <= (phrase.start or 0) <= (phrase.end or 0) <= len(text)


_GATE_WORDS = [*_DOSE_WORDS, "SETS", "Sec", "HRS", "2h", "30s", "10lb", "Set", "ROUNDS", "Daily", "EVERY DAY",
               "ſets", "ſec", "\u212ag", "\u0131", "×", "–", "leg", "legs", "both", "once", "bodyweight", "times",
               "#", "95#", "clockwise", "to the left", "on the right", "feet together", "daily", "weekly", "stretch",
               "hold each", "pulls", "x", "X", "12X2", "direction", "way", "knee", "one leg at a time", "in my", "'s"]
_gate_text = st.lists(st.one_of(st.sampled_from(_GATE_WORDS), st.integers(0, 120).map(str), st.text(max_size=4)),
                      max_size=40).map(lambda words: "".join(w + (" " if i % 3 else "") for i, w in enumerate(words)))


@settings(max_examples=400, deadline=2000)
@given(_gate_text)
def test_a_rule_is_skipped_only_where_it_cannot_match(text) -> None:
    """Each rule runs only on sentences holding a word of each of its groups (a unit, a period,
    "of"...): on any text, in any case, with "ſ", the Kelvin sign and the dotless i that
    IGNORECASE regexes fold, the grammar reads what it reads with every rule run."""
    grammar = default_grammar()
    grammar.forget()
    gated = (grammar.scan(text), grammar.phrases(text))
    original = (grammar._rules, grammar._marks)
    grammar._rules, grammar._marks = (tuple(replace(r, needs=()) for r in table) for table in original)
    grammar.forget()          # what it remembers was read with the gates
    try:
        assert (grammar.scan(text), grammar.phrases(text)) == gated
    finally:
        grammar._rules, grammar._marks = original
        grammar.forget()


@settings(max_examples=400, deadline=2000)
@given(_gate_text)
def test_a_sentence_the_prefilter_turns_away_holds_nothing_the_rules_would_read(text) -> None:
    grammar = default_grammar()
    if not grammar.may_hold_a_dose(text):
        assert grammar._phrases(text) == [] and grammar._scan(text) == DoseParts()


def test_every_rule_of_the_table_has_a_name_of_its_own_and_a_reader() -> None:
    grammar = default_grammar()
    names = [r.name for r in grammar.rules]
    assert len(names) == len(set(names))
    assert all(callable(r.read) and r.pattern.flags & re.IGNORECASE for r in grammar.rules)


@pytest.mark.parametrize(("text", "expected"), [
    ("Figure four stretch for 30 seconds per side.", said(hold_seconds=30.0, per_side=True)),
    ("Warrior 3 for 30 seconds each side.", said(hold_seconds=30.0, per_side=True)),
    ("Kettlebell figure 8 x 10", said(reps=10)),
    ("3 sets of 10 figure-4 stretches", said(sets=3, reps=10)),
    # a number before a side is no part of the name: the side is still read
    ("Single leg squat on one leg at a time, 3x8", said(sets=3, reps=8, per_side=True)),
])
def test_a_number_inside_an_exercise_name_is_no_count(text, expected) -> None:
    from pipeline.extract.lexicon import load_lexicon
    from pipeline.lexicon import LEXICON_DIR
    grammar = load_lexicon(LEXICON_DIR).grammar
    assert as_dict(grammar.scan(text).to_dose("hold")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("3 x 15, 3 seconds up and 3 seconds down", said(sets=3, reps=15)),
    ("Heavy slow calf raises: 3 x 15, 3 seconds down", said(sets=3, reps=15)),
    ("12, 10, 8 reps", said(sets=3, reps=8, reps_max=12)),      # a series still
])
def test_a_series_does_not_start_inside_a_sets_by_reps(text, expected) -> None:
    assert as_dict(parse_dose(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Hold for half a minute", said(hold_seconds=30.0)),
    ("about half a minute each side", said(hold_seconds=30.0, per_side=True)),
    ("Hold for a minute", said(hold_seconds=60.0)),
])
def test_half_a_minute_is_thirty_seconds(text, expected) -> None:
    assert as_dict(parse_dose(text, "hold")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("3 rounds: 10 single leg deadlifts per side", said(sets=3, per_side=True)),
    ("Rounds: 2-3", said(sets=2, sets_max=3)),
    ("Reps: 12", said(reps=12)),
])
def test_a_field_label_is_no_label_after_its_own_count(text, expected) -> None:
    assert as_dict(parse_dose(text)) == expected
