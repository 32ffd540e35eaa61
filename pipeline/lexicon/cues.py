"""The cue words of ``cues.json``: what says "this is the target" ("works the", "stretch for
my"), "this is an alternative", "this is a position, not an exercise", a routine's statement...

They are read and compiled once into :class:`Cues`; a problem is a :class:`LexiconError` naming
the file and the line of the key (``cues.json: line 7: 'anchor_verbs' must be a list of non-empty strings``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .files import Document, read_json_object

__all__ = ["CUES", "Cues", "load_cues"]

CUES = "cues.json"


@dataclass(frozen=True, slots=True)
class Cues:
    target_cues: frozenset[str]
    target_fillers: frozenset[str]
    target_after_cues: tuple[tuple[str, ...], ...]
    muscle_blockers_after: frozenset[str]
    alternative_openers: tuple[str, ...]
    alternative_phrases: tuple[str, ...]
    position_before: frozenset[tuple[str, ...]]       # "into a", "top of a": words before a position
    position_after: frozenset[str]                   # "squat position", "lat pulldown pad": a position or a part of a machine
    anchor_verbs: frozenset[str]
    anchor_prepositions: frozenset[str]
    routine_cues: tuple[str, ...]
    alternative_re: re.Pattern[str]
    alternative_phrase_re: re.Pattern[str]
    clause_breaks: frozenset[str]
    routine_re: re.Pattern[str]
    routine_statement_re: re.Pattern[str]            # "perform each exercise for 20 seconds": doses all after it
    routine_frequency_re: re.Pattern[str]            # "do them once a day": how often, for every exercise after it
    routine_backward_re: re.Pattern[str]             # "do the programme four days a week": also for those before it
    abbreviations: tuple[str, ...]                   # "ie.", "eg.": one token, no sentence ends at its stop
    progression_dose_re: re.Pattern[str]             # "when that gets easy, hold a 10 lb dumbbell": not today's dose
    goal_re: re.Pattern[str]                         # "start with 10 and work up to 3 x 20": the start is today's
    position_before_word: frozenset[str]             # "From low lunge, ...": a position
    mention_cues: tuple[tuple[str, ...], ...]        # "not", "n't", "instead of": named, not done
    mention_cue_exceptions_after: frozenset[str]     # "don't forget", "never skip": still done
    reference_re: re.Pattern[str]                    # "check out this post": a pointer elsewhere
    combination_links: tuple[tuple[str, ...], ...]   # "lunge into a hop": the hop is part of the lunge
    verb_uses: dict[str, frozenset[str]]             # "push up onto the toe": a verb, not the exercise
    each_not_distributive_before: frozenset[str]     # "30 seconds each side" is per side, not "each exercise"
    count_blockers_before: frozenset[str]            # "day 2 squats": not 2 reps
    equipment_blockers_after: dict[str, frozenset[str]]   # "balls of your feet", "table top": no equipment
    warm_up_re: re.Pattern[str]                      # "warm up on the bike": a sport as part of a routine
    stretch_verbs: frozenset[str]                    # "Stretch: your hamstrings", "stretch out the hip flexors"
    roll_verbs: frozenset[str]                       # "I roll my IT band", "foam roll the calves"
    soft_tissue_tools: frozenset[str]                # equipment that rolls a muscle: "a lacrosse ball on my piriformis"
    tool_target_links: frozenset[str]                # "on", "for", "under": a tool's words before the muscle it rolls
    exception_re: re.Pattern[str]                    # "except", "apart from": what follows is the exception to a list
    stretch_noun_before: frozenset[str]              # "a stretch", "the stretch": a noun, naming no stretch
    muscle_list_words: frozenset[str]                # "(quads and glutes)": words of a bracket naming only muscles
    position_hold_re: re.Pattern[str]                # "lift up your butt and hold": the position is held
    purpose_label_re: re.Pattern[str]                # "Why:", "Muscles worked:", "AIM": what follows states targets
    same_dose_re: re.Pattern[str]                    # "side-lying leg lifts, same deal": the dose of the one before



def _words_re(phrases: tuple[str, ...], anchored: bool) -> re.Pattern[str]:
    body = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile((r"^\W*(?:" if anchored else r"\b(?:") + body + r")\b", re.IGNORECASE)


def _word_map(raw: Document, key: str, what: str) -> dict[str, list[str]]:
    value = raw.get(key)
    if not isinstance(value, dict):
        raise raw.error(key, f"{key!r} must map {what} to a non-empty list of following words")
    for k, v in value.items():
        if not (isinstance(v, list) and v and all(isinstance(w, str) and w.strip() for w in v)):
            raise raw.error((key, k), f"{key!r} must map {what} to a non-empty list of following words")
    return value


def load_cues(path: Path) -> Cues:
    """The cue words of ``cues.json``, checked and compiled."""
    raw = read_json_object(path)
    lists = ("target_cues", "target_fillers", "target_after_cues", "muscle_blockers_after",
             "alternative_openers", "alternative_phrases", "position_after", "anchor_verbs",
             "anchor_prepositions", "routine_cues", "clause_breaks", "mention_cues",
             "mention_cue_exceptions_after", "reference_cues", "combination_links", "count_blockers_before", "routine_statement_cues",
             "progression_dose_cues", "position_before_word", "routine_frequency_cues",
             "each_not_distributive_before", "routine_backward_cues", "abbreviations", "warm_up_cues",
             "stretch_verbs", "stretch_noun_before", "purpose_labels", "muscle_list_words", "same_dose_cues",
             "goal_cues", "roll_verbs", "soft_tissue_tools", "tool_target_links", "exception_cues",
             "position_hold_cues")
    maps = ("verb_uses", "equipment_blockers_after")
    raw.require((*lists, "position_before", *maps))
    for key in lists:
        raw.words(key)
    pairs = raw["position_before"]
    if not isinstance(pairs, list) or not all(
        isinstance(p, list) and len(p) in (2, 3) and all(isinstance(w, str) for w in p) for p in pairs
    ):
        raise raw.error("position_before", "'position_before' must be a list of two- or three-word lists")
    verbs = _word_map(raw, "verb_uses", "a mention")
    _word_map(raw, "equipment_blockers_after", "a word")
    raw.only((*lists, "position_before", *maps))

    def low(key: str) -> tuple[str, ...]:
        return tuple(w.lower().strip() for w in raw[key])

    return Cues(
        target_cues=frozenset(low("target_cues")), target_fillers=frozenset(low("target_fillers")),
        target_after_cues=tuple(tuple(w.split()) for w in low("target_after_cues")),
        muscle_blockers_after=frozenset(low("muscle_blockers_after")),
        alternative_openers=low("alternative_openers"), alternative_phrases=low("alternative_phrases"),
        position_before=frozenset(tuple(w.lower() for w in p) for p in pairs),
        position_after=frozenset(low("position_after")), anchor_verbs=frozenset(low("anchor_verbs")),
        anchor_prepositions=frozenset(low("anchor_prepositions")), routine_cues=low("routine_cues"),
        alternative_re=_words_re(low("alternative_openers"), anchored=True),
        alternative_phrase_re=_words_re(low("alternative_phrases"), anchored=False),
        clause_breaks=frozenset(low("clause_breaks")),
        routine_re=_words_re(low("routine_cues"), anchored=False),
        routine_statement_re=_words_re(low("routine_statement_cues"), anchored=False),
        routine_frequency_re=_words_re(low("routine_frequency_cues"), anchored=False),
        routine_backward_re=_words_re(low("routine_backward_cues"), anchored=False),
        abbreviations=tuple(low("abbreviations")),
        progression_dose_re=_words_re(low("progression_dose_cues"), anchored=False),
        goal_re=_words_re(low("goal_cues"), anchored=False),
        position_before_word=frozenset(low("position_before_word")),
        mention_cues=tuple(tuple(w.split()) for w in low("mention_cues")),
        mention_cue_exceptions_after=frozenset(low("mention_cue_exceptions_after")),
        reference_re=_words_re(low("reference_cues"), anchored=False),
        combination_links=tuple(tuple(w.split()) for w in low("combination_links")),
        verb_uses={k.lower(): frozenset(w.lower() for w in v) for k, v in verbs.items()},
        count_blockers_before=frozenset(low("count_blockers_before")),
        each_not_distributive_before=frozenset(low("each_not_distributive_before")),
        equipment_blockers_after={k.lower(): frozenset(w.lower() for w in v)
                                  for k, v in raw["equipment_blockers_after"].items()},
        warm_up_re=_words_re(low("warm_up_cues"), anchored=False),
        stretch_verbs=frozenset(low("stretch_verbs")), stretch_noun_before=frozenset(low("stretch_noun_before")),
        roll_verbs=frozenset(low("roll_verbs")),
        soft_tissue_tools=frozenset(low("soft_tissue_tools")), tool_target_links=frozenset(low("tool_target_links")),
        exception_re=_words_re(low("exception_cues"), anchored=False),
        position_hold_re=_words_re(low("position_hold_cues"), anchored=False),
        purpose_label_re=_label_re(low("purpose_labels")), muscle_list_words=frozenset(low("muscle_list_words")),
        same_dose_re=_words_re(low("same_dose_cues"), anchored=False),
    )


def _label_re(labels: tuple[str, ...]) -> re.Pattern[str]:
    """A field label opening a line or sentence: "Why:", "Muscles worked -", or a label in
    capitals before the text it labels ("AIM To strengthen the glutes")."""
    body = "|".join(re.escape(p) for p in sorted(labels, key=len, reverse=True))
    upper = "|".join(re.escape(p.upper()) for p in sorted(labels, key=len, reverse=True))
    return re.compile(rf"^\W*(?:(?i:{body})\s*[:\u2013\u2014-]|(?:{upper})\s+(?=[A-Z]))")
