"""Linking: which exercise each dose, muscle and piece of equipment belongs to.

A *unit* is one block of the body (paragraph, heading, list item, caption, quote) or one
comment.  Inside a unit, a thing said in a sentence belongs to

    1. the exercise named in that sentence (the nearest one before it, else the first after);
    2. else the nearest exercise named earlier in the unit, else the first one named later;
    3. else, in the body, the exercise the unit is about: the one its image caption names,
       or (for a caption) the one of the paragraph it sits with, or the one its section
       heading names.

Then across units:

    * "Do 3 sets of 10 of each:" before a list applies to each list item, field by field
      unless the item states its own ("Side plank, 30 seconds each side" keeps 3 sets);
    * muscles named in a heading are targets of the exercises of that section;
    * an exercise named in an alternative ("Another option is to ... do one-legged squats")
      is no record when its unit has a main exercise, and takes nothing from other sentences;
    * one record per canonical exercise per source: the dose is the first one the text
      gives (volume), frequency and load fill in from any sentence about it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from spacy.tokens import Doc

from ..records import Block, CleanPost, Comment, ExerciseRecord
from .dose import DoseParts
from .dose import fill_parts as _fill
from .dose import replace_parts as _replace
from .layout import LOWER_WORDS, OPENING_KINDS, Line, activity, first_word, plausible_name, rolls_as_its_name_line
from ..lexicon import ExerciseEntry, TermEntry, alternation
from .lexicon import SINGLE_LEG, Lexicon
from .names import NameIndex, normalised

SAME_DOSE_REACH = 4      # tokens after a name within which "same deal" speaks of it
HELD_POSES = frozenset({"stretch"})   # categories whose "into a ..." is the exercise, not a position
TEXT_KINDS = frozenset({"paragraph", "heading", "list_item", "caption", "quote"})
HOST_KINDS = frozenset({"paragraph", "list_item", "quote"})


@dataclass(slots=True)
class Mention:
    name: str
    text: str
    sent: int
    tok: int
    alternative: bool
    only_named: bool = False   # "it wasn't the foam roller", "check out this post on lunges"
    end: int = 0               # token after the mention
    part_of: bool = False      # "lunge into a hop": part of the exercise before it, so transparent to doses
    start_char: int = 0        # where the mention stands in the unit's text
    end_char: int = 0
    matched_by: str = "alias"  # "alias", "parts" or "layout" (see ExerciseRecord.matched_by)
    written: str | None = None  # the whole name as a name line writes it, when longer than ``text``
    refused: bool = False      # named to be refused: "not", "avoid", "NO crunches, sit-ups or planks"


@dataclass(slots=True)
class Sentence:
    start: int          # offset in the unit's text
    end: int
    text: str
    parts: DoseParts


@dataclass(slots=True)
class Attr:
    """One thing said: a dose, a stated muscle, a piece of equipment."""

    kind: str                 # "dose" | "muscle" | "equipment"
    value: Any                # DoseParts, or a canonical muscle / equipment name
    sent: int
    target: str | None        # the exercise it belongs to; None: the unit's topic decides


@dataclass(slots=True)
class Unit:
    kind: str
    offset: int               # where the unit's text starts in body_text (0 for a comment)
    said: list[Sentence] | Callable[[], list[Sentence]]   # its sentences, or how to read them (quiet)
    mentions: list[Mention]   # main mentions first in document order; alternatives flagged
    attrs: list[Attr]
    heading_muscles: list[str] = field(default_factory=list)
    quiet: bool = False       # can name no exercise, muscle or equipment and state no dose
    muscle_spans: list[tuple[int, int, str]] = field(default_factory=list)   # every muscle named: chars, name
    doc: Doc | None = None                 # what spaCy read (None for a quiet unit)
    tok_sent: list[int] = field(default_factory=list)
    equipment_spans: list[tuple[int, int, str]] = field(default_factory=list)   # every piece of equipment named

    @property
    def sentences(self) -> list[Sentence]:
        """The unit's sentences; a quiet unit reads them only when first asked (for CERT details)."""
        if callable(self.said):
            self.said = self.said()
        return self.said

    def main(self) -> list[Mention]:
        return [m for m in self.mentions if not m.alternative]

    def topic(self) -> str | None:
        """What the unit is about: its first exercise not named to be refused ("NO crunches")."""
        return next((m.name for m in self.main() if not m.refused), None)


def quiet_unit(kind: str, offset: int, sentences: Callable[[], Doc]) -> Unit:
    """The unit of a block in which no exercise, muscle or equipment can be named and no dose
    stated: nothing of it is observed, but its sentences may still be read as the context of
    an exercise named around it (a position, a progression), so they are kept at hand."""
    def read() -> list[Sentence]:
        return [Sentence(s.start_char, s.end_char, s.text, DoseParts()) for s in sentences().sents]
    return Unit(kind, offset, read, [], [], [], quiet=True)


@dataclass(slots=True)
class Observation:
    """Something attributed to an exercise, with where it was said (for order and evidence)."""

    kind: str                 # "mention" | "dose" | "muscle" | "equipment"
    value: Any
    unit: int
    sent: int
    tok: int = 0


# -- one unit ----------------------------------------------------------------------------------
@dataclass(slots=True)
class Reading:
    """One unit as the linking rules read it: its tokens, sentences and the exercises named."""

    doc: Doc
    sents: list[Any]
    tok_sent: list[int]            # token -> its sentence
    sentences: list[Sentence]
    alt_starts: list[list[int]]    # where an alternative is announced, per sentence (doc chars)
    mentions: list[Mention] = field(default_factory=list)
    spans: list[tuple[int, int, Mention]] = field(default_factory=list)   # the rulers' own, by token

    def resolve(self, cues: Any, sent: int, tok: int, clauses: bool = False) -> tuple[bool, str | None]:
        """(keep, exercise) for something said at token ``tok`` of sentence ``sent``: the exercise of
        the sentence (the nearest before it, else the first after), else the nearest named earlier
        in the unit, else the first named later.

        With ``clauses``, an exercise across a "but" or ";" in the sentence is not a candidate
        ("the foam roller works ok too but the lax ball really gets in there").
        """
        doc, mentions = self.doc, self.mentions
        # a part of a combination or a mere naming ("it wasn't the foam roller") takes no dose
        here = [m for m in mentions if m.sent == sent and not m.part_of and not m.only_named]
        if clauses:
            here = [m for m in here if not any(
                doc[t].lower_ in cues.clause_breaks for t in range(min(m.tok, tok), max(m.tok, tok)))]
        if here:
            before = [m for m in here if m.tok <= tok]
            m = max(before, key=lambda m: m.tok) if before else min(here, key=lambda m: m.tok)
            return (not m.alternative, m.name)
        if any(m.sent == sent and not m.part_of and not m.only_named for m in mentions):
            return False, None
        main = [m for m in mentions if not m.alternative and not m.only_named]
        earlier = [m for m in main if m.sent < sent]
        if earlier:
            return True, max(earlier, key=lambda m: m.tok).name
        later = [m for m in main if m.sent > sent]
        if later:
            return True, min(later, key=lambda m: m.tok).name
        return True, None


def analyse(doc: Doc, kind: str, offset: int, lexicon: Lexicon, index: NameIndex | None = None) -> Unit:
    """One unit read by the linking rules: its sentences and their doses, the exercises it names,
    and the dose, equipment and muscles each thing said belongs to."""
    reading = read_sentences(doc, lexicon)
    find_mentions(reading, lexicon)
    if index is not None:
        reading.mentions.extend(_list_ellipsis(doc, reading.sents, reading.tok_sent, reading.mentions, index))
        _numbered_variants(doc, reading, index, lexicon)
        _stretched_targets(doc, reading, index, lexicon)
        _rolled_with_a_tool(doc, reading, index, lexicon)
        _fuller_names(doc, reading, index, lexicon)
        # (names no alias spells are read in a body's prose once its layout is known, see
        # apply_layout; a comment's loose talk, "I also love a good hip stretch!", is not read so)
        reading.mentions.sort(key=lambda m: (m.sent, m.tok))
    attrs = link_doses(reading, lexicon)
    equipment, equipment_spans = link_equipment(reading, lexicon)
    muscles, heading_muscles, muscle_spans = link_muscles(reading, kind, lexicon)
    unit = Unit(kind, offset, reading.sentences, reading.mentions, attrs + equipment + muscles, heading_muscles,
                muscle_spans=muscle_spans, equipment_spans=equipment_spans)
    unit.doc = doc
    unit.tok_sent = reading.tok_sent
    return unit


_GOAL_CLAUSE_END = re.compile(r"[;,]\s*|\s+and\s+")


def read_sentences(doc: Doc, lexicon: Lexicon) -> Reading:
    """The unit's sentences, each with the dose it states and where it announces an alternative."""
    cues = lexicon.cues
    sents = list(doc.sents)
    tok_sent = [0] * len(doc)
    sentences: list[Sentence] = []
    alt_starts: list[list[int]] = []
    for i, sent in enumerate(sents):
        for t in range(sent.start, sent.end):
            tok_sent[t] = i
        text = sent.text
        # "When that gets easy, hold a 10 lb dumbbell": the progression's dose, not today's; what
        # comes before the cue still is ("stand on one leg for 30 seconds; progress by closing your eyes")
        progression = cues.progression_dose_re.search(text)
        before = text[:progression.start()] if progression else text
        parts = lexicon.grammar.scan(before) if before.strip() else DoseParts()
        # "Start with 10 reps and work up to 3 sets of 20": the start, when it says how much; a
        # bare goal ("build up to 2 sets of 10") is the dose (GUIDE)
        goal = cues.goal_re.search(before) if parts.has_volume() else None
        if goal is not None:
            start = lexicon.grammar.scan(before[:goal.start()])
            if start.has_volume():
                # what follows the goal's own clause still counts ("Hold 30 seconds and build up
                # to 60; 4 repetitions"), and so does how often and on which side
                after = _GOAL_CLAUSE_END.search(before, goal.end())
                rest = lexicon.grammar.scan(before[after.end():]) if after else DoseParts()
                parts = _fill(_fill(start, rest), DoseParts(frequency=parts.frequency, per_side=parts.per_side))
        sentences.append(Sentence(sent.start_char, sent.end_char, text, parts))
        starts = [sent.start_char] if cues.alternative_re.search(text) else []
        starts += [sent.start_char + m.start() for m in cues.alternative_phrase_re.finditer(text)]
        alt_starts.append(starts)
    return Reading(doc, sents, tok_sent, sentences, alt_starts)


def find_mentions(reading: Reading, lexicon: Lexicon) -> None:
    """The exercises the rulers name, less positions ("into a squat"), verbs ("push up onto the
    toe") and bare head nouns that name the one before; alternatives, combinations and mere
    namings flagged."""
    doc, sents, tok_sent = reading.doc, reading.sents, reading.tok_sent
    cues = lexicon.cues
    mentions, spans = reading.mentions, reading.spans
    previous_end: dict[int, int] = {}
    for span in doc.spans["exercise"]:
        span = _without_leading_count(doc, span)
        before = _words_before(doc, span.start)
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        held = lexicon.exercise(span.id_).category in HELD_POSES   # "walk into a standing forward fold"
        if (_is_position(before, cues) and not held) or after in cues.position_after or (
                before and before[-1] in cues.position_before_word):
            continue        # "down into a squat", "in a plank position": a position, not an exercise
        if after in cues.verb_uses.get(span.text.lower(), ()):
            continue        # "push up onto the toe", "bridging the gap": the words as a verb
        if _counted_kind(doc, span, lexicon):
            continue        # "3 Pelvic Floor Exercises For Postpartum Runners": a list's title, its muscle their target
        s = tok_sent[span.start]
        # an alternative announced after the previous exercise of the sentence and before this one
        since = previous_end.get(s, sents[s].start_char)
        alternative = any(since <= p < span.start_char for p in reading.alt_starts[s])
        previous_end[s] = span.end_char
        last = next((m for m in reversed(mentions) if m.sent == s), None)
        part_of = last is not None and _is_combination(doc, last.end, span.start, cues)
        alternative = alternative or part_of   # "reverse lunge into a single leg hop": one exercise
        if span.end - span.start == 1 and any(
                m.sent == s and m.name != span.id_ and doc[m.end - 1].norm_ == doc[span.start].norm_
                and not (m.end < span.start and all(doc[t].lower_ in _LIST_JOINERS for t in range(m.end, span.start)))
                for m in mentions):
            continue            # "one-legged squats 10 squats/leg": the bare head noun names the one before
            #                     (not "Side plank and plank": named beside it, another exercise)
        refused = _only_named(doc, span.start, sents[s].start, cues) or _listed_after(
            doc, mentions, s, span.start, lambda m: m.refused)      # "NO crunches, sit-ups or full planks"
        mention = Mention(span.id_, _as_written(doc, span, sents[s].start, lexicon), s, span.start, alternative,
                          refused
                          or bool(cues.reference_re.search(sents[s].text))
                          or bool(cues.progression_dose_re.search(sents[s].text)),   # "when 10 squats feel easy"
                          span.end, part_of, span.start_char, span.end_char, refused=refused)
        mentions.append(mention)
        spans.append((span.start, span.end, mention))
    if mentions and all(m.alternative for m in mentions):
        for m in mentions:
            m.alternative = False   # an alternative with nothing to be an alternative to


_QUOTES = frozenset({'"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "`"})


def _counted_kind(doc: Doc, span: Any, lexicon: Lexicon) -> bool:
    """A name ending in a plural kind of exercise after a count ("3 Pelvic Floor Exercises",
    "five hip exercises") titles a list of exercises; it is none of them."""
    last = doc[span.end - 1].lower_
    if last not in lexicon.layout.kinds_of_exercise or span.start == 0:
        return False
    before = doc[span.start - 1]
    return before.like_num or lexicon.grammar.number_word(before.text) is not None


def _words_before(doc: Doc, start: int) -> tuple[str, ...]:
    """The (up to) three words before token ``start``, lower case, quotes skipped: "at the top of a
    “calf raise”" gives ("top", "of", "a")."""
    out: list[str] = []
    k = start - 1
    while k >= 0 and len(out) < 3:
        if doc[k].text not in _QUOTES:
            out.append(doc[k].lower_)
        k -= 1
    return tuple(reversed(out))


def _is_position(before: tuple[str, ...], cues: Any) -> bool:
    """The words before a name make it a position: "into a squat", "at the top of a calf raise"."""
    return before[-2:] in cues.position_before or before[-3:] in cues.position_before


def _as_written(doc: Doc, span: Any, sent_start: int, lexicon: Lexicon) -> str:
    """The name with the modifiers written just before it ("bent-kneed eccentric heel drop",
    "double leg calf raises"): what the text calls it, though the entry needs fewer words."""
    words = lexicon.layout
    k = span.start
    while k - 1 >= sent_start:
        low = doc[k - 1].lower_
        if low == "-":
            if k - 2 >= sent_start and (doc[k - 2].lower_ in words.modifier_parts or doc[k - 2].lower_ in words.name_modifiers):
                k -= 2        # "bent-kneed", "one-legged": one modifier
                continue
            break
        if low in words.modifier_parts or (low in words.name_modifiers and low not in words.part_stop
                                      and low not in words.generic_names and doc[k - 1].is_alpha):
            k -= 1
            continue
        break
    return doc[k:span.end].text if k < span.start else span.text



def _without_leading_count(doc: Doc, span: Any) -> Any:
    """A pattern may need the count before a name ("6 x 100m strides") to know it names an
    exercise; the count is the dose, not the name, so the mention starts after it."""
    start = span.start
    while start < span.end - 1 and ((doc[start].like_num and "/" not in doc[start].text)   # "90/90 stretch"
                                    or doc[start].lower_ in ("x", "×")
                                    or _COUNT_OR_DISTANCE.match(doc[start].text)):
        start += 1
    if start == span.start:
        return span
    trimmed = doc[start:span.end]
    trimmed.id_ = span.id_
    return trimmed


_COUNT_OR_DISTANCE = re.compile(r"\d+(?:x|×|m|k|km)?$|m$|meters?$|metres?$", re.IGNORECASE)


def link_doses(reading: Reading, lexicon: Lexicon) -> list[Attr]:
    """Each sentence's dose to its exercise: split phrase by phrase when the sentence names
    several ("Copenhagen planks, 3 x 20 seconds per side, and 3 sets of 10 Nordic curls"), to every
    item of a list named just before ("... Hip Flexor, Piriformis. Hold for 20 seconds"), to all
    of the unit's exercises for a bare how-often ("Twice a day if I can."); counts written before
    a name are its reps ("20 single leg calf raises"); "3 rounds of:" sets what follows."""
    doc, sents, sentences, mentions = reading.doc, reading.sents, reading.sentences, reading.mentions
    cues = lexicon.cues
    coordinated = _coordinated_lists(doc, mentions)
    counts = {id(m): n for m in mentions if not m.alternative
              for n in [_count_before(doc, m.tok, sents[m.sent].start, cues, lexicon)] if n is not None}
    attrs: list[Attr] = []
    counted: set[int] = set()
    for i, sentence in enumerate(sentences):
        if sentence.parts.is_empty():
            continue
        named = [m for m in mentions if m.sent == i and not m.alternative]
        excepted = _except_clause(doc, sents[i], sentence, named, mentions, coordinated, lexicon)
        if excepted is not None:
            # "I do 3 sets of 10 of each, except the side plank which I hold for 30 seconds"
            attrs.extend(Attr("dose", parts, i, name) for name, parts in excepted)
            continue
        said = lexicon.grammar.phrases(sentence.text) if named else []
        named_at = [(m.start_char - sentence.start, m.end_char - sentence.start) for m in named]
        phrases = [p for p in said if p.time is None or not _times_a_run(sentence.text, p, lexicon, named_at)]
        if len({m.name for m in named}) > 1 or len(phrases) < len(said):
            # "5 minutes easy jog, then 10 leg swings each side": the jog's time is no exercise's,
            # nor is the bike's ("Warm up: 5 minutes on the bike, then 10 leg swings each side")
            if phrases:
                for name, parts in _split_by_exercise(doc, sents[i], phrases, named, cues):
                    owner = next((m for m in named if m.name == name and id(m) in counts), None)
                    if owner is not None and parts.reps is None and parts.time is None:
                        parts = _replace(parts, reps=counts[id(owner)])
                        counted.add(id(owner))
                    attrs.append(Attr("dose", parts, i, name))
                continue
            if len(phrases) < len(said):
                continue    # only the time of a run or a machine: "5 minutes on the bike, then leg swings"
        if (_only_frequency(sentence.parts) and _RUN_RELATIVE.search(sentence.parts.frequency or "")
                and not any(m.sent == i for m in mentions) and not cues.routine_frequency_re.search(sentence.text)):
            continue    # "stretching is intuitive post run": said of no exercise, and of no routine
        char = sents[i].start_char + (sentence.parts.start or 0)
        tok = next((t.i for t in sents[i] if t.idx >= char), sents[i].end - 1)
        keep, target = reading.resolve(cues, i, tok)
        if keep and target is not None and not any(m.sent == i for m in mentions):
            listed = next((run for run in coordinated if any(m.name == target for m in run)
                           and all(m.sent < i for m in run)), None)
            if listed is not None and max(m.sent for m in listed) == max(
                    (m.sent for m in mentions if m.sent < i and not m.alternative), default=-1):
                # "Knee to Chest Stretch, Hamstring Stretch, Hip Flexor, Piriformis. Hold for 20 seconds"
                attrs.extend(Attr("dose", sentence.parts, i, name) for name in dict.fromkeys(m.name for m in listed))
                continue
        if keep and _only_frequency(sentence.parts) and not any(m.sent == i for m in mentions):
            # "Clamshells 3x15. Bridges 3x10. Twice a day if I can.": how often, for each of them
            names = list(dict.fromkeys(m.name for m in mentions if not m.alternative and not m.only_named))
            if len(names) > 1:
                attrs.extend(Attr("dose", sentence.parts, i, name) for name in names)
                continue
        if keep:
            parts = sentence.parts if sentence.parts.time is None else \
                _without_time_of_other(doc, sents[i], sentence, mentions, lexicon)
            cut = _lead_in_end(doc, sents[i], [m for m in mentions if m.sent == i and not m.alternative], cues)
            if cut is not None:     # "30 seconds of each, then 4 strides": the list's, not the strides'
                parts = lexicon.grammar.scan(sentence.text[cut:])
                if parts.is_empty():
                    continue
            owner = next((m for m in mentions if m.sent == i and m.name == target and id(m) in counts), None)
            if owner is not None and parts.reps is None and parts.time is None:
                parts = _replace(parts, reps=counts[id(owner)])   # "3 rounds of: 5x reverse lunge"
                counted.add(id(owner))
            here = [m for m in mentions if m.sent == i and not m.alternative]
            if (parts.per_side is None and parts.has_volume() and len({m.name for m in here}) == 1
                    and _one_sided(here[0]) and _each_after_a_dose(doc, sents[i], sentence, lexicon, cues)):
                parts = _replace(parts, per_side=True)    # "Single leg RDL 3x8 each": each leg
            attrs.append(Attr("dose", parts, i, target))
    for m in mentions:
        if id(m) in counts and id(m) not in counted and not any(
                a.kind == "dose" and a.sent == m.sent and a.target == m.name for a in attrs):
            attrs.append(Attr("dose", DoseParts(reps=counts[id(m)], start=0), m.sent, m.name))
    _rounds_of(doc, sents, sentences, mentions, attrs, lexicon)
    _repeats_as_sets(sentences, attrs)
    _same_dose(reading, attrs, lexicon)
    return attrs


_REPEAT = re.compile(r"^\W*(?:then\s+|and\s+)?(?:repeat|do\s+(?:this|it|that|the\s+whole\s+thing))\b", re.IGNORECASE)


def _repeats_as_sets(sentences: list[Sentence], attrs: list[Attr]) -> None:
    """ "Take 10 steps forward and 10 back. Repeat 3 times.": the repeats of a counted set are
    its sets (a repeat of a hold stays its reps: "Hold for 30 seconds. Repeat 3 times")."""
    last: dict[str | None, Attr] = {}
    for a in sorted((a for a in attrs if a.kind == "dose"), key=lambda a: a.sent):
        p = a.value
        before = last.get(a.target)
        if (before is not None and before.sent == a.sent - 1 and p.reps is not None and p.sets is None
                and p.time is None and _REPEAT.match(sentences[a.sent].text)
                and not _REPEAT.match(sentences[before.sent].text)
                and before.value.reps is not None and before.value.sets is None):
            a.value = _replace(p, sets=p.reps, sets_max=p.reps_max, reps=None, reps_max=None)
        last[a.target] = a


_PACE = r"(?:(?:easy|light|gentle|steady|slow|brisk|some)\s+)?"     # "5 minutes of easy spinning", "5 minutes easy jog"
_TIME_OF = re.compile(rf"\s+of\s+{_PACE}([a-z]+)", re.IGNORECASE)
_OF_REFERS = frozenset({"this", "that", "it", "each", "the", "these", "those", "them", "your", "my", "a", "an"})


def _without_time_of_other(doc: Doc, sent: Any, sentence: Sentence, mentions: list[Mention],
                           lexicon: Lexicon) -> DoseParts:
    """The sentence's dose less a time said of something it names that is no exercise: "Cool down
    with 5 minutes of easy spinning and stretch your hip flexors" times the spinning."""
    for phrase in lexicon.grammar.phrases(sentence.text):
        if phrase.time is None or phrase.end is None:
            continue
        m = _TIME_OF.match(sentence.text, phrase.end)
        if m is None or m.group(1).lower() in _OF_REFERS:
            continue
        at = sent.start_char + m.start(1)
        if any(x.start_char <= at < max(x.end_char, x.start_char + 1) for x in mentions):
            continue            # "10 minutes of foam rolling": the exercise's own time
        return _replace(sentence.parts, time=None, time_max=None)
    return sentence.parts


@lru_cache(maxsize=4)
def _run_after(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile(rf"\s*(?:of\s+)?{_PACE}(?:{alternation(sorted(words))})\b", re.IGNORECASE)


@lru_cache(maxsize=4)
def _on_a_machine(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile(rf"\s*(?:on|at)\s+(?:the|a|an|my)?\s*(?:{alternation(sorted(words))})\b", re.IGNORECASE)


def _times_a_run(text: str, phrase: DoseParts, lexicon: Lexicon, named_at: Sequence[tuple[int, int]] = ()) -> bool:
    """The phrase is the time of a run, a jog or a walk said right after it ("5 minutes easy jog",
    "10 minutes of walking"), or of a cardio machine no exercise of the sentence names ("5 minutes
    on the bike"; not "5 minutes on the rower", when rowing is the exercise).  ``named_at``: the
    characters of the sentence's exercises."""
    layout = lexicon.layout
    if phrase.end is None:
        return False
    if _run_after(layout.running_as_such).match(text, phrase.end) is not None:
        return True
    machine = _on_a_machine(layout.cardio_machines).match(text, phrase.end)
    return machine is not None and not any(a < machine.end() and machine.start() < b for a, b in named_at)


def _same_dose(reading: Reading, attrs: list[Attr], lexicon: Lexicon) -> None:
    """An exercise said to take the same as the one before, in a clause of its own with no dose
    ("clamshells, 3 sets of 20 each side, and side-lying leg lifts, same deal but no band"),
    takes that one's dose."""
    doc, sents, mentions = reading.doc, reading.sents, reading.mentions
    for k, m in enumerate(mentions):
        if k == 0 or m.alternative or m.only_named or any(a.kind == "dose" and a.target == m.name for a in attrs):
            continue
        sent = sents[m.sent]
        after = doc[m.end:min(m.end + SAME_DOSE_REACH, sent.end)].text
        cue = lexicon.cues.same_dose_re.search(after)
        if cue is None or lexicon.grammar.scan(after[:cue.start()]).has_volume():
            continue
        before = next((p for p in reversed(mentions[:k]) if p.name != m.name and not p.alternative), None)
        doses = [a for a in attrs if a.kind == "dose" and before is not None and a.target == before.name]
        attrs.extend(Attr("dose", a.value, m.sent, m.name) for a in doses)


def link_equipment(reading: Reading, lexicon: Lexicon) -> tuple[list[Attr], list[tuple[int, int, str]]]:
    """Each piece of equipment to its exercise, and every piece the unit names (for its name
    lines).  Not a muscle's name ("IT bands"), not anatomy ("the balls of your feet"), not what
    holds the band ("tied a band to the table"); inside a name, only what the exercise uses."""
    doc, sents, tok_sent = reading.doc, reading.sents, reading.tok_sent
    cues = lexicon.cues
    attrs: list[Attr] = []
    muscle_chars = [(span.start_char, span.end_char) for span in doc.spans["muscle"]]
    equipment_spans: list[tuple[int, int, str]] = []
    for span in doc.spans["equipment"]:
        name = span.id_
        s = tok_sent[span.start]
        if any(a < span.end_char and span.start_char < b and b - a >= len(span.text) for a, b in muscle_chars):
            continue        # "my IT bands": a muscle's name, not a band ("ankle weights" are weights)
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        if after in cues.equipment_blockers_after.get(span.text.lower(), ()):
            continue        # "the balls of your feet", "table top position"
        if _in_a_proper_name(doc, span.start, sents[s].start, sents[s].end):
            continue        # "sessions with John Ball, her therapist": a person, not a ball
        equipment_spans.append((span.start_char, span.end_char, name))
        inside = next((m for a, b, m in reading.spans if a <= span.start and span.end <= b), None)
        if inside is not None:
            # a name like "foam rolling" or "bridge with a ball" states its own equipment
            entry = lexicon.exercise(inside.name)
            if _related(lexicon.equipment, lexicon, name, entry.equipment) or (
                    name in cues.soft_tissue_tools and entry.category == "soft-tissue"):   # "a lacrosse ball for the glutes"
                if not inside.alternative:
                    attrs.append(Attr("equipment", name, s, inside.name))
            continue
        if _is_anchor(doc, span.start, sents[s].start, cues):
            continue        # "I tied a band to the leg of my table": the table holds the band
        keep, target = reading.resolve(cues, s, span.start, clauses=True)
        if keep:
            attrs.append(Attr("equipment", name, s, target))
    return attrs, equipment_spans


def _in_a_proper_name(doc: Doc, start: int, sent_start: int, sent_end: int) -> bool:
    """The word at ``start`` is capitalised after a capitalised word that opens no sentence, in a
    sentence written in lower case ("with John Ball", "at Wall Street"), so it is part of a name."""
    if start - 1 <= sent_start or not doc[start].text[:1].isupper():
        return False
    before = doc[start - 1]
    if not (before.is_alpha and before.text[:1].isupper()):
        return False
    words = [t for t in doc[sent_start:sent_end] if t.is_alpha]
    capitalised = sum(1 for t in words if t.text[:1].isupper())
    return capitalised * 2 < len(words)      # a title ("Foam Roller Leg Kicks") capitalises most words


def link_muscles(reading: Reading, kind: str,
                 lexicon: Lexicon) -> tuple[list[Attr], list[str], list[tuple[int, int, str]]]:
    """Each muscle the text states as a target to its exercise ("this works your glutes"), the part
    a stretch or roll names ("hamstring stretch"), a heading's muscles for its section, and every
    muscle the unit names (for its name lines)."""
    doc, sents, tok_sent = reading.doc, reading.sents, reading.tok_sent
    cues = lexicon.cues
    attrs: list[Attr] = []
    heading_muscles: list[str] = []
    muscle_spans: list[tuple[int, int, str]] = []
    muscle_tokens = {t for span in doc.spans["muscle"] for t in range(span.start, span.end)}
    for span in doc.spans["muscle"]:
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        if after in cues.muscle_blockers_after:
            continue        # "hip labrum", "hip strength", "hip width apart"
        muscle_spans.append((span.start_char, span.end_char, span.id_))
        inside = next((m for a, b, m in reading.spans if a <= span.start and span.end <= b), None)
        destination = span.start > 0 and doc[span.start - 1].lower_ in ("to", "into", "toward", "towards")
        if inside is not None and not inside.alternative and _names_its_target(lexicon, inside) and not destination:
            attrs.append(Attr("muscle", span.id_, tok_sent[span.start], inside.name))
            continue        # "hamstring stretch", "calf rolling": the part a stretch or roll acts on
        if kind == "heading":
            if inside is None:      # not the muscle inside an exercise's name ("Glute Bridge"): no target
                heading_muscles.append(span.id_)
            continue
        s = tok_sent[span.start]
        if not _is_stated_target(doc, span.start, span.end, sents[s].start, sents[s].end, muscle_tokens, cues):
            continue
        keep, target = reading.resolve(cues, s, span.start, clauses=True)
        if keep:
            attrs.append(Attr("muscle", span.id_, s, target))
    return attrs, heading_muscles, muscle_spans


TARGET_NAMING = frozenset({"stretch", "soft-tissue"})   # categories whose name says what they act on


def _names_its_target(lexicon: Lexicon, mention: Mention) -> bool:
    """A stretch or a roll names the part it acts on ("hamstring stretch", "rolling the IT band");
    a strength exercise's name does not state a target ("hamstring bridge")."""
    entry = lexicon.exercise(canonical(mention.name))
    if entry.category is not None:
        return entry.category in TARGET_NAMING
    return lexicon.layout.timing(mention.written or mention.text) == "hold" and any(
        w in ("stretch", "stretches", "roll", "rolls", "rolling", "release", "massage", "smash")
        for w in (mention.written or mention.text).lower().split())


def routine_cue(text: str, cues: Any) -> re.Match[str] | None:
    """The routine cue of a sentence ("each exercise", "the circuit", "of each:"), or None; "for
    each leg", "of each other" are no cue."""
    for m in cues.routine_statement_re.finditer(text):
        if m.group(0).lower().endswith("each"):
            following = _NEXT_WORD.match(text, m.end())
            if following and following.group(1).lower() in cues.each_not_distributive_before:
                continue
        return m
    return None


_NEXT_WORD = re.compile(r"\W*(\w+)")


def _prose_names(doc: Doc, tok_sent: list[int], mentions: list[Mention], index: NameIndex,
                 lexicon: Lexicon) -> list[Mention]:
    """Names in running prose that no alias spells: a movement noun with the words of exercise
    names before it ("a one-legged frog kick", "Clam exercises"), mapped by parts to the nearest
    entry, else kept as written.  A bare movement noun ("the stretch") names nothing."""
    words = lexicon.layout
    taken = {t for m in mentions for t in range(max(m.tok, 0), m.end)}
    named = {m.sent for m in mentions}     # a sentence that names a known exercise is read as it is
    out: list[Mention] = []
    t = 0
    n = len(doc)
    while t < n:
        low = doc[t].lower_
        if low not in words.prose_heads or t in taken or tok_sent[t] in named:
            t += 1
            continue
        k = t
        while k - 1 >= 0 and tok_sent[k - 1] == tok_sent[t] and (k - 1) not in taken:
            if doc[k - 1].text == "-" and k - 2 >= 0 and doc[k - 2].is_alpha and (k - 2) not in taken:
                k -= 2        # a hyphened word is one modifier: "one-legged", "side-lying"
            elif doc[k - 1].lower_ in index.modifiers:
                k -= 1
            else:
                break
        cues = lexicon.cues
        before = _words_before(doc, k)
        after = doc[t + 1].lower_ if t + 1 < n else ""
        if k == t or doc[k].text == "-" or _is_position(before, cues) or after in cues.position_after or (
                before and before[-1] in cues.position_before_word) or after in words.verb_particles:
            t += 1        # "start in a lateral lunge": a position, as the rulers read it
            continue
        span = doc[k:t + 1]
        match = index.find(span.text)
        if match is not None:
            name, by = match.name, "parts"
        elif any((doc[i].lower_ in words.body_words or doc[i].lower_ in words.laterality_words)
                 and doc[i].lower_ not in words.prose_stop for i in range(k, t)):
            name, by = normalised(span.text), "layout"      # "one-legged frog kick"
        else:
            t += 1
            continue
        out.append(Mention(name, span.text, tok_sent[t], k, False, start_char=span.start_char,
                           end_char=span.end_char, end=t + 1, matched_by=by, written=span.text))
        taken.update(range(k, t + 1))
        t += 1
    return out


def _fuller_names(doc: Doc, reading: Reading, index: NameIndex, lexicon: Lexicon) -> None:
    """A bare movement noun the rulers matched ("curls") with the words of a name before it
    ("hamstring slider curls") names what those words make by parts: a hamstring curl."""
    taken = {t for m in reading.mentions for t in range(max(m.tok, 0), m.end)}
    for m in reading.mentions:
        t = m.tok
        # (any name after an abbreviation of words: "SL glute bridge" is a single-leg bridge)
        abbreviated = t >= 1 and " " in index.parts.synonyms.get(doc[t - 1].lower_, "") and (t - 1) not in taken
        if abbreviated:
            match = index.find(doc[t - 1:m.end].text)
            if match is not None and match.name != m.name:
                span = doc[t - 1:m.end]
                m.name, m.text, m.tok, m.start_char, m.matched_by = match.name, span.text, t - 1, span.start_char, "parts"
            continue
        if m.end - t != 1 or t < 1 or doc[t].lower_ not in lexicon.layout.prose_heads:
            continue
        k = t
        while k - 1 >= 0 and reading.tok_sent[k - 1] == m.sent and (k - 1) not in taken \
                and doc[k - 1].lower_ in index.modifiers:
            k -= 1
        if k == t:
            continue
        match = index.find(doc[k:t + 1].text)
        if match is not None and match.name != m.name:
            span = doc[k:t + 1]
            m.name, m.text, m.tok, m.start_char, m.matched_by = match.name, span.text, k, span.start_char, "parts"


def _coordinated_lists(doc: Doc, mentions: list[Mention]) -> list[list[Mention]]:
    """Runs of two or more exercises of one sentence named side by side ("A, B and C")."""
    runs: list[list[Mention]] = []
    main = [m for m in mentions if not m.alternative and not m.only_named and m.tok >= 0]
    for prev, m in zip(main, main[1:]):
        if m.sent == prev.sent and _only_joiners(doc, prev.end, m.tok):
            if runs and runs[-1][-1] is prev:
                runs[-1].append(m)
            else:
                runs.append([prev, m])
    return runs


def _list_ellipsis(doc: Doc, sents: list[Any], tok_sent: list[int], mentions: list[Mention],
                   index: NameIndex) -> list[Mention]:
    """In a list of stretches, a bare part is one more of them: "Knee to Chest Stretch, Hamstring
    Stretch, Hip Flexor, Piriformis" names the hip flexor and piriformis stretches too."""
    out: list[Mention] = []
    for s, sent in enumerate(sents):
        here = [m for m in mentions if m.sent == s and not m.alternative and m.tok >= 0]
        if len(here) < 2:
            continue
        heads = {doc[m.end - 1].lower_.rstrip("es").rstrip("s") for m in here}
        if len(heads) != 1:
            continue
        head = doc[here[-1].end - 1].lower_
        taken = {t for m in here for t in range(m.tok, m.end)}
        for span in doc.spans["muscle"]:
            if tok_sent[span.start] != s or any(t in taken for t in range(span.start, span.end)):
                continue
            before = doc[span.start - 1].lower_ if span.start > sent.start else ""
            after = doc[span.end].lower_ if span.end < sent.end else "."
            if before not in _JOINERS or after not in _JOINERS | {".", ";", "!"}:
                continue
            if not any(m.end <= span.start for m in here):
                continue          # a list element after the named ones
            written = f"{span.text} {head}"
            match = index.find(written)
            name, by = (match.name, "parts") if match else (normalised(written), "layout")
            out.append(Mention(name, span.text, s, span.start, False, start_char=span.start_char,
                               end_char=span.end_char, end=span.end, matched_by=by, written=written))
    return out


def stretches_a_muscle(doc: Doc, lexicon: Lexicon) -> bool:
    """Whether :func:`_stretched_targets` or :func:`_rolled_with_a_tool` may find an exercise here:
    a stretch or roll verb, or a tool that rolls, before a muscle."""
    if "muscle" not in doc.spans or not len(doc.spans["muscle"]):
        return False
    last = max(span.start for span in doc.spans["muscle"])
    cues = lexicon.cues
    return any(t.lower_ in cues.stretch_verbs or t.lower_ in cues.roll_verbs for t in doc[:last]) or any(
        span.id_ in cues.soft_tissue_tools and span.start < last for span in doc.spans.get("equipment", ()))


def _stretched_targets(doc: Doc, reading: Reading, index: NameIndex, lexicon: Lexicon) -> None:
    """Stretching or rolling a muscle names its stretch or roll: "Stretch: your hamstrings",
    "STRETCH: YOUR QUADS", "stretch out the hip flexors", "stretch both the gastroc" name the
    hamstring, quad, hip flexor and calf stretches, where the vocabulary has "<muscle> stretch";
    "I roll my IT band", "I foam roll my calves" the IT band and calf rolls ("<muscle> rolling").
    Not "a stretch in your hamstrings" (a noun: what is felt), nor in a sentence naming an
    exercise, where it says what that exercise does ("heel walks, strengthening the shins and
    stretching the calves"); a roll's "foam roll" is no other exercise but the roll itself."""
    if "muscle" not in doc.spans or not len(doc.spans["muscle"]):
        return
    cues = lexicon.cues
    activities = lexicon.layout.routine_activities
    by_tok = {t: m for m in reading.mentions for t in range(max(m.tok, 0), m.end)}
    taken = set(by_tok)
    muscles = {span.start: span for span in doc.spans["muscle"]}
    for t, token in enumerate(doc):
        suffix = "stretch" if token.lower_ in cues.stretch_verbs else (
            "rolling" if token.lower_ in cues.roll_verbs else None)
        if suffix is None:
            continue
        s = reading.tok_sent[t]
        activity = by_tok.get(t) if suffix == "rolling" else None
        if activity is not None and activity.name not in activities:
            continue
        if t in taken and activity is None:
            continue
        if any(m.sent == s and m is not activity and m.name not in activities for m in reading.mentions):
            continue      # "Downward dog stretches the hamstrings": what the exercise named does
        if t > 0 and reading.tok_sent[t - 1] == s and doc[t - 1].lower_ in cues.stretch_noun_before:
            continue
        if _only_named(doc, activity.tok if activity is not None else t, reading.sents[s].start, cues):
            continue      # "I never roll the shin bone itself"
        j = t + 1
        if j < len(doc) and doc[j].text == ":":
            j += 1
        fillers = 0
        while j < len(doc) and fillers < 3 and doc[j].lower_ in cues.target_fillers and doc[j].lower_ not in ("to", "into", "and", "&", ","):
            j, fillers = j + 1, fillers + 1
        span = muscles.get(j)
        if span is None or reading.tok_sent[span.start] != s or any(k in taken for k in range(span.start, span.end)):
            continue
        match = index.find(f"{span.text} {suffix}")
        if match is None:
            continue
        start = activity.tok if activity is not None else t
        mention = Mention(match.name, doc[start:span.end].text, s, start, False, start_char=doc[start].idx,
                          end_char=doc[span.end - 1].idx + len(doc[span.end - 1].text), end=span.end,
                          matched_by="parts")
        if activity is not None:      # "I foam roll my calves": the roll of the calves, not a second exercise
            reading.mentions.remove(activity)
            reading.spans[:] = [x for x in reading.spans if x[2] is not activity]
        reading.mentions.append(mention)
        reading.spans.append((start, span.end, mention))     # the muscle inside is what it stretches
        taken.update(range(start, span.end))
    # "stretch my hamstrings, quads and calves", "foam roll your calves, quads and IT band": each
    # muscle of the list is stretched or rolled, as the first is
    ends = {span.end: span for span in muscles.values()}
    for m in list(reading.mentions):
        span = ends.get(m.end)
        if span is None or m.alternative or m.refused:
            continue
        suffix = next((x for x in ("stretch", "rolling") if getattr(index.find(f"{span.text} {x}"), "name", None) == m.name), None)
        if suffix is None:
            continue
        for other in _listed_muscles(doc, reading, muscles, span, cues, _dose_tokens(doc, reading, m.sent, lexicon)):
            match = index.find(f"{other.text} {suffix}")
            if match is None or any(k in taken for k in range(other.start, other.end)):
                break
            item = Mention(match.name, other.text, m.sent, other.start, False, m.only_named, start_char=other.start_char,
                           end_char=other.end_char, end=other.end, matched_by="parts")
            reading.mentions.append(item)
            reading.spans.append((other.start, other.end, item))
            taken.update(range(other.start, other.end))


TOOL_REACH = 8       # tokens from a tool to the muscle it rolls: "a lacrosse ball to work out knots in my calves"


def _rolled_with_a_tool(doc: Doc, reading: Reading, index: NameIndex, lexicon: Lexicon) -> None:
    """A tool that rolls, put to a muscle, names the roll of that muscle: "I use a lacrosse ball
    on my piriformis", "my lacrosse ball for the glutes", "a handy lacrosse ball to work out knots
    in my calves & quads" name the piriformis release, the glute roll, the calf and quad rolls
    (the vocabulary's "<muscle> rolling" or "<muscle> release").  Not in a sentence naming another
    exercise ("a foam roller under your back for the bridge")."""
    if "equipment" not in doc.spans or "muscle" not in doc.spans or not len(doc.spans["muscle"]):
        return
    cues = lexicon.cues
    activities = lexicon.layout.routine_activities
    muscles = {span.start: span for span in doc.spans["muscle"]}
    taken = {t for m in reading.mentions for t in range(max(m.tok, 0), m.end)}
    for tool in doc.spans["equipment"]:
        if tool.id_ not in cues.soft_tissue_tools or doc[tool.end - 1].lower_.endswith("ing"):
            continue        # (the activity, "a foam rolling session, ten minutes on the quads", is one exercise)
        s = reading.tok_sent[tool.start]
        if any(m.sent == s and m.name not in activities for m in reading.mentions):
            continue
        end = min(tool.end + TOOL_REACH, reading.sents[s].end)
        first = next((muscles[k] for k in range(tool.end, end) if k in muscles), None)
        if first is None or not any(doc[k].lower_ in cues.tool_target_links for k in range(tool.end, first.start)):
            continue
        if any(doc[k].lower_ in cues.clause_breaks or doc[k].text in (";", ".") for k in range(tool.end, first.start)):
            continue
        found = []
        for span in (first, *_listed_muscles(doc, reading, muscles, first, cues)):
            match = index.find(f"{span.text} rolling") or index.find(f"{span.text} release")
            if match is None or any(k in taken for k in range(span.start, span.end)):
                break
            found.append((span, match))
        if not found:
            continue
        for activity in [m for m in reading.mentions if m.sent == s and m.name in activities]:
            reading.mentions.remove(activity)       # "a foam roller on my quads": the quads' roll, no second exercise
            reading.spans[:] = [x for x in reading.spans if x[2] is not activity]
        for k, (span, match) in enumerate(found):
            start = tool.start if k == 0 else span.start
            mention = Mention(match.name, doc[start:span.end].text, s, start, False, start_char=doc[start].idx,
                              end_char=span.end_char, end=span.end, matched_by="parts")
            reading.mentions.append(mention)
            reading.spans.append((start, span.end, mention))
            taken.update(range(start, span.end))


_MUSCLE_LIST_JOINERS = frozenset({",", "and", "&", "then"})
_BEFORE_A_DOSE = frozenset({"for", "about", "around"})     # "for two minutes": the dose's own words
BRACKET_ASIDE_TOKENS = 12     # an aside in brackets inside a list is short: "(60 seconds each)"


def _dose_tokens(doc: Doc, reading: Reading, sent: int, lexicon: Lexicon) -> frozenset[int]:
    """The tokens of sentence ``sent`` that its dose phrases cover ("for two minutes")."""
    sentence, out = reading.sentences[sent], set()
    for p in lexicon.grammar.phrases(sentence.text):
        span = doc.char_span(sentence.start + (p.start or 0), sentence.start + (p.end or 0), alignment_mode="expand")
        if span is not None:
            before = span.start - 1 if span.start > 0 and doc[span.start - 1].lower_ in _BEFORE_A_DOSE else span.start
            out.update(range(before, span.end))
    return frozenset(out)


def _listed_muscles(doc: Doc, reading: Reading, muscles: dict[int, Any], first: Any, cues: Any,
                    dosed: frozenset[int] = frozenset()) -> list[Any]:
    """The muscles listed after ``first`` in its sentence, joined by commas, "and" or "then" with
    no other word between them than a filler ("my", "the"), an aside in brackets or a dose
    (``dosed``: the tokens of the sentence's dose phrases): "hamstrings, quads and calves", "your
    calves (60 seconds each), your quads (60 seconds) and your IT band", "my quads for two minutes
    and then my calves for a minute"."""
    out: list[Any] = []
    j, sent = first.end, reading.tok_sent[first.start]
    while True:
        k, joined = j, False
        while k < len(doc) and reading.tok_sent[k] == sent:
            if k in dosed and not joined:
                k += 1
                continue
            if doc[k].text == "(" and not joined:
                close = next((c for c in range(k + 1, min(k + BRACKET_ASIDE_TOKENS, len(doc)))
                              if doc[c].text == ")" and reading.tok_sent[c] == sent), None)
                if close is None:
                    break
                k = close + 1
                continue
            if not (doc[k].lower_ in _MUSCLE_LIST_JOINERS or (joined and doc[k].lower_ in cues.target_fillers)):
                break
            joined = joined or doc[k].lower_ in _MUSCLE_LIST_JOINERS
            k += 1
        span = muscles.get(k)
        if not joined or span is None or reading.tok_sent[k] != sent:
            return out
        out.append(span)
        j = span.end


def _numbered_variants(doc: Doc, reading: Reading, index: NameIndex, lexicon: Lexicon) -> None:
    """A name with its variants counted after it is each variant: "any of the Warrior positions
    (I, II, III, reverse)", "warrior 1 and 2" name warrior i, ii, iii and reverse warrior, where
    the vocabulary has them; the one mention of the bare name gives way to them."""
    words = lexicon.layout
    marks = words.variant_marks
    n = len(doc)
    for t in range(n - 2):
        stem = doc[t].lower_
        if not doc[t].is_alpha or stem in marks or doc[t + 1].lower_ not in marks | words.variant_kinds | {"("}:
            continue
        j = t + 1
        while j < n and (doc[j].lower_ in words.variant_kinds or doc[j].text == "("):
            j += 1
        found: list[tuple[int, str]] = []
        while j < n and reading.tok_sent[j] == reading.tok_sent[t]:
            low = doc[j].lower_
            if low in marks:
                written = f"{low} {stem}" if low == "reverse" else f"{stem} {low}"
                match = index.find(written)
                if match is None or match.matched_by != "alias":
                    break
                found.append((j, match.name))
            elif low not in _JOINERS and low != "or":
                break
            j += 1
        if len({name for _, name in found}) < 2:
            continue
        s = reading.tok_sent[t]
        reading.mentions[:] = [m for m in reading.mentions if not (m.sent == s and t <= m.tok < j)]
        for k, name in found:
            reading.mentions.append(Mention(name, doc[k].text, s, k, False, start_char=doc[k].idx,
                                            end_char=doc[k].idx + len(doc[k].text), end=k + 1, matched_by="parts",
                                            written=f"{doc[t].text} {doc[k].text}"))


_FORWARD_GAP = frozenset({"of", "x", "\u00d7", "in", "a", "the", "your", "my"})   # "a minute in child's pose"
_EACH_AFTER = frozenset({"each", "apiece"})
_JOINERS = frozenset({"+", "&", "and", ",", "/"})


def _only_sets(parts: DoseParts) -> bool:
    return parts.sets is not None and parts.reps is None and parts.time is None


def _only_frequency(parts: DoseParts) -> bool:
    return parts.frequency is not None and not parts.has_volume() and parts.per_side is None and parts.load is None


def _split_by_exercise(doc: Doc, sent: Any, phrases: list[DoseParts], named: list[Mention],
                       cues: Any) -> list[tuple[str, DoseParts]]:
    """Each phrase to one exercise of the sentence: the one it runs straight into ("3 sets of 10
    Nordic curls"), else the nearest one before it, else the first after; merged per exercise."""
    # "squats + overhead press ... 20 reps x2", "clamshells and bridges, 3 x 15": named side by side, dosed alike
    groups: dict[int, list[Mention]] = {}
    ordered = sorted(named, key=lambda m: m.tok)
    run: list[Mention] = ordered[:1]
    for prev, m in zip(ordered, ordered[1:]):
        between = [doc[t].lower_ for t in range(prev.end, m.tok)]
        if between and all(w in _JOINERS for w in between):
            run.append(m)
        else:
            run = [m]
        for member in run:
            groups[id(member)] = run
    merged: dict[str, DoseParts] = {}
    order: list[str] = []
    leading: list[DoseParts] = []

    def give(name: str, phrase: DoseParts) -> None:     # merged per exercise, what came first winning
        if name not in merged:
            order.append(name)
            merged[name] = phrase
        else:
            merged[name] = _fill(merged[name], phrase)

    for phrase in phrases:
        start, end = _token_at(sent, phrase.start or 0), _token_at(sent, phrase.end or 0)
        if _opens_a_list(doc, end, named):
            # "3 sets of 5 of each: squats, step ups on each leg, bridges and calf raises": the dose
            # of every exercise listed after it, an item's own values winning
            leading.append(phrase)
            continue
        if _said_of_each(doc, sent, end, cues) or _of_each(doc, end, cues):
            # "high knees, butt kicks and A-skips, two times each" (not "30 seconds each side"); said
            # of those named before it ("Side plank and plank, 30 seconds each, then bird dogs ...");
            # with none before it, of the items of the list above ("30 seconds of each, then 4 strides")
            owners = [m for m in named if m.end <= start] or ([] if _then_after_each(doc, end) else named)
        elif _only_frequency(phrase) and (all(m.end <= start for m in named) or (
                start - sent.start <= 1 and all(m.tok >= end for m in named))):
            owners = named      # how often, said after all of them or first: "20 squats and 10 lunges per leg every day"
        elif (_only_sets(phrase) and all(m.end <= start for m in named)
              and not any(p.sets is not None for p in phrases if p is not phrase)):
            owners = named      # rounds said after all of them, none with sets of its own: "20 squats, 20
            #                     lunges, 10 push-ups and 15 burpees, three rounds"
        else:
            owner = _phrase_owner(doc, start, end, named)
            owners = groups.get(id(owner), [owner]) if owner is not None else []
            if owner is not None and _inside_a_list(doc, start, end, owner, named):
                owners = [owner]    # "step ups on each leg, bridges and ...": that item's alone
        for owner in owners:
            if owner is not None:
                give(owner.name, phrase)
    for phrase in leading:          # after the items' own phrases, so an item's own values win
        for m in sorted(named, key=lambda m: m.tok):
            give(m.name, phrase)
    return [(name, merged[name]) for name in order]


_LIST_OPENERS = frozenset({":", "each", "of", "-", "\u2013", "sets", "set", "reps", "rep", "repetitions", "times", "rounds"})


def _opens_a_list(doc: Doc, end: int, named: list[Mention]) -> bool:
    """A dose phrase before every exercise of its sentence that ends in a colon ("3x5 each:",
    "3 sets of 5 of each:"): it opens their list."""
    first = min((m.tok for m in named), default=-1)
    if first < end or not any(doc[t].text == ":" for t in range(end, first)):
        return False
    return all(doc[t].lower_ in _LIST_OPENERS for t in range(end, first))


def _inside_a_list(doc: Doc, start: int, end: int, owner: Mention, named: list[Mention]) -> bool:
    """A phrase right after one item of a list and before the next ("squats, step ups on each leg,
    bridges"): said of that item only."""
    if owner.tok >= start or start - owner.end > 1:
        return False
    ahead = [m for m in named if m.tok >= end]
    if not ahead:
        return False
    nxt = min(ahead, key=lambda m: m.tok)
    return 0 < nxt.tok - end <= 2 and all(doc[t].lower_ in _JOINERS for t in range(end, nxt.tok))


_ONE_SIDED = re.compile(r"\b(?:single|one)[\s-]*(?:leg|legged|arm|armed|sided)\b|\bSL\b|^single-leg ", re.IGNORECASE)


def _one_sided(m: Mention) -> bool:
    """The exercise is done on one leg or arm at a time: "Single leg RDL", "SL bridge", "one-arm row"."""
    return bool(_ONE_SIDED.search(m.written or m.text) or _ONE_SIDED.search(m.name))


def _each_after_a_dose(doc: Doc, sent: Any, sentence: Sentence, lexicon: Lexicon, cues: Any) -> bool:
    """A dose phrase of the sentence is followed by a bare "each" ("3x8 each", "10 each.")."""
    for phrase in lexicon.grammar.phrases(sentence.text):
        if phrase.has_volume() and phrase.end is not None:
            end = _token_at(sent, phrase.end)
            if _said_of_each(doc, sent, end, cues):
                return True
    return False


def _except_clause(doc: Doc, sent: Any, sentence: Sentence, named: list[Mention], mentions: list[Mention],
                   coordinated: list[list[Mention]], lexicon: Lexicon) -> list[tuple[str, DoseParts]] | None:
    """A dose said of each exercise of a list named before the sentence, then an exception named
    after "except" ("I do 3 sets of 10 of each, except the side plank which I hold for 30 seconds"):
    the list's items but the exception take the dose before the cue, the exception what follows
    it. None when the sentence is not of that shape."""
    if not named:
        return None
    cue = lexicon.cues.exception_re.search(sentence.text)
    if cue is None:
        return None
    cut = sent.start_char + cue.start()
    if any(m.start_char < cut for m in named):
        return None                     # a name before the cue: not a dose of a list named before
    before, after = sentence.text[:cue.start()], sentence.text[cue.end():]
    if routine_cue(before, lexicon.cues) is None:
        return None
    parts = lexicon.grammar.scan(before)
    if not parts.has_volume():
        return None
    earlier = [run for run in coordinated if all(m.sent < named[0].sent for m in run)]
    listed = earlier[-1] if earlier else [m for m in mentions if m.sent == named[0].sent - 1 and not m.alternative]
    exceptions = {m.name for m in named}
    items = [m.name for m in listed if m.name not in exceptions]
    if not items:
        return None
    own = lexicon.grammar.scan(after)
    return [(name, parts) for name in dict.fromkeys(items)] + (
        [(name, own) for name in dict.fromkeys(m.name for m in named)] if not own.is_empty() else [])


def _lead_in_end(doc: Doc, sent: Any, named: list[Mention], cues: Any) -> int | None:
    """Where a lead-in said of each item of a list before ends, in the sentence's text, when the
    sentence goes on to name an exercise of its own after "then" ("30 seconds of each, then 4
    strides"); else None."""
    if not named:
        return None
    first = min(m.tok for m in named)
    for t in range(sent.start, first):
        if doc[t].lower_ in _EACH_AFTER and _then_after_each(doc, t - 1 if t > sent.start else t):
            k = t + 1
            while k < first and doc[k].lower_ not in ("then", "followed", "finish"):
                k += 1
            return doc[k].idx - sent.start_char if k < len(doc) else None
    return None


def _of_each(doc: Doc, end: int, cues: Any) -> bool:
    """ "30 seconds of each": a phrase said of every item."""
    return end + 1 < len(doc) and doc[end].lower_ == "of" and _said_of_each(doc, doc[end + 1].sent, end + 1, cues)


def _then_after_each(doc: Doc, end: int) -> bool:
    """The "each" after the phrase is followed by "then" (or a comma and "then"): the list is done,
    what comes next is another exercise ("30 seconds of each, then 4 strides")."""
    k = end + (2 if doc[end].lower_ == "of" else 1)
    while k < len(doc) and doc[k].text in (",", ";", "-", "\u2013"):
        k += 1
    return k < len(doc) and doc[k].lower_ in ("then", "followed", "finish")


def _token_at(sent: Any, char: int) -> int:
    """The first token at or after ``char`` of the sentence's text, else the sentence's end."""
    return next((t.i for t in sent if t.idx >= sent.start_char + char), sent.end)


def _said_of_each(doc: Doc, sent: Any, end: int, cues: Any) -> bool:
    """A dose phrase ending at token ``end`` followed by a distributive "each" ("two times each",
    "1-2 minutes each"): said of every exercise, not "30 seconds each side" or "each morning"."""
    after = doc[end + 1].lower_ if end + 1 < len(doc) else ""
    return end < sent.end and doc[end].lower_ in _EACH_AFTER and after not in cues.each_not_distributive_before


def _phrase_owner(doc: Doc, start: int, end: int, named: list[Mention]) -> Mention | None:
    """The exercise a phrase runs straight into, else the nearest before it, else the first after."""
    ahead = [m for m in named if m.tok >= end]
    nxt = min(ahead, key=lambda m: m.tok) if ahead else None
    if nxt is not None and nxt.tok - end <= 2 and all(doc[t].lower_ in _FORWARD_GAP for t in range(end, nxt.tok)):
        return nxt
    behind = [m for m in named if m.tok < start]
    return max(behind, key=lambda m: m.tok) if behind else nxt


_ROUNDS_OF = re.compile(r"^\s*(?:of)?\s*:")


def _rounds_of(doc: Doc, sents: list[Any], sentences: list[Sentence], mentions: list[Mention],
               attrs: list[Attr], lexicon: Lexicon) -> None:
    """ "3 rounds of: 5x reverse lunge. 20 single leg calf raises." gives every exercise named
    after it in the block its sets, unless the exercise states its own."""
    for i, sentence in enumerate(sentences):
        if sentence.parts.sets is None:
            continue
        _rounds_of_a_list(doc, sents, i, sentence, mentions, attrs, lexicon)
        if ":" not in sentence.text:
            continue
        for phrase in lexicon.grammar.phrases(sentence.text):
            if phrase.sets is None or phrase.reps is not None or phrase.time is not None:
                continue
            if not _ROUNDS_OF.match(sentence.text[phrase.end or 0:]):
                continue
            at = sents[i].start_char + (phrase.end or 0)
            after = {m.name for m in mentions if not m.alternative and not m.only_named
                     and (m.sent > i or (m.sent == i and doc[m.tok].idx >= at))}
            _give_sets(attrs, after, phrase, i)
            return


_ROUNDS_WORD = re.compile(r"\b(?:rounds?|circuits?)\s+of\b", re.IGNORECASE)


def _rounds_of_a_list(doc: Doc, sents: list[Any], i: int, sentence: Sentence, mentions: list[Mention],
                      attrs: list[Attr], lexicon: Lexicon) -> None:
    """ "2 rounds of 10 air squats, 10 walking lunges, 10 push-ups": the rounds are the sets of
    every exercise listed after them in the sentence, not of the first one only."""
    for phrase in lexicon.grammar.phrases(sentence.text):
        if phrase.sets is None or not _ROUNDS_WORD.search(sentence.text[phrase.start or 0:phrase.end or 0]):
            continue
        at = sents[i].start_char + (phrase.start or 0)
        listed = [m for m in mentions if m.sent == i and not m.alternative and not m.only_named and doc[m.tok].idx >= at]
        if len(listed) < 2:
            return
        _give_sets(attrs, dict.fromkeys(m.name for m in listed), phrase, i, only_in=i)
        return


def _give_sets(attrs: list[Attr], names: Iterable[str], phrase: DoseParts, sent: int, only_in: int | None = None) -> None:
    """The rounds' sets to each exercise named: into its own dose (of sentence ``only_in``, when
    given) where that says none, else as a dose of their own."""
    for name in names:
        own = [a for a in attrs if a.kind == "dose" and a.target == name and (only_in is None or a.sent == only_in)]
        for a in own:
            if a.value.sets is None:
                a.value = _replace(a.value, sets=phrase.sets, sets_max=phrase.sets_max)
        if not own:
            attrs.append(Attr("dose", DoseParts(sets=phrase.sets, sets_max=phrase.sets_max, start=0), sent, name))


_LIST_JOINERS = frozenset({",", "or", "and", "nor", "/", "&"})


def _listed_after(doc: Doc, mentions: list[Mention], sent: int, start: int, flagged: Callable[[Mention], bool]) -> bool:
    """The mention stands in a list right after a flagged one of the same sentence, with only
    commas, "and", "or" and a word between ("NO crunches, sit-ups or full planks")."""
    if not mentions or mentions[-1].sent != sent or not flagged(mentions[-1]):
        return False
    between = [t.lower_ for t in doc[mentions[-1].end:start]]
    return 0 < len(between) <= 3 and between[0] in _LIST_JOINERS and sum(w not in _LIST_JOINERS for w in between) <= 1


def _only_named(doc: Doc, start: int, sent_start: int, cues: Any) -> bool:
    """A negation or refusal shortly before the mention, in its clause: "it wasn't a fancy foam roller"."""
    lo = max(sent_start, start - 6)
    for t in range(start - 1, lo - 1, -1):
        if doc[t].lower_ in cues.clause_breaks or doc[t].lower_ in {",", "."}:
            break
        for cue in cues.mention_cues:
            if tuple(x.norm_ for x in doc[t:t + len(cue)]) == cue and t + len(cue) <= start:
                following = doc[t + len(cue)].norm_ if t + len(cue) < len(doc) else ""
                if following in cues.mention_cue_exceptions_after:
                    continue
                if t > lo and doc[t - 1].norm_ in _NEGATIONS:
                    return False      # "don't stop doing squats", "never skip the bridges": done
                return True
    return False


_NEGATIONS = frozenset({"not", "n't", "never"})


def _is_combination(doc: Doc, previous_end: int, start: int, cues: Any) -> bool:
    """ "<exercise> (immediately) into / through to <exercise>" within a few words."""
    if not 0 < start - previous_end <= 4:
        return False
    between = tuple(t.lower_ for t in doc[previous_end:start] if t.lower_ not in {"a", "an", "the"})
    return any(between[-len(link):] == link for link in cues.combination_links if len(link) <= len(between))


_COUNT = re.compile(r"^(\d{1,3})x?$", re.IGNORECASE)


def _count_before(doc: Doc, start: int, sent_start: int, cues: Any, lexicon: Lexicon) -> int | None:
    """Reps written as a count before the name: "20 single leg calf raises", "5x reverse lunge"."""
    t = start - 1
    if t >= sent_start and doc[t].lower_ in {"x", "\u00d7"}:
        t -= 1
    if t < sent_start:
        return None
    m = _COUNT.match(doc[t].text)
    value = int(m.group(1)) if m else lexicon.grammar.number_word(doc[t].lower_)
    if value is None or value < 2:
        return None
    if t - 2 >= sent_start and doc[t - 1].text == "-" and _COUNT.match(doc[t - 2].text):
        t -= 2              # "4-6 strides": a range, its lower bound (GUIDE)
        value = int(_COUNT.match(doc[t].text).group(1))  # type: ignore[union-attr]
    if t - 1 >= sent_start and (doc[t - 1].lower_ in cues.count_blockers_before or doc[t - 1].like_num
                                 or doc[t - 1].lower_ in {"x", "\u00d7", "/"}
                                 or (doc[t - 1].lower_ == "-" and t - 2 >= sent_start and doc[t - 2].like_num)):
        return None     # "day 2 squats", "3 x 10 squats" (the dose grammar reads those)
    return value


def _related(table: dict[str, TermEntry], lexicon: Lexicon, name: str, typical: tuple[str, ...]) -> bool:
    family = {name, *lexicon.ancestors(table, name)}
    return any(t in family or name in lexicon.ancestors(table, t) for t in typical)


def _is_anchor(doc: Doc, start: int, sent_start: int, cues: Any) -> bool:
    verb = None
    for t in range(start - 1, sent_start - 1, -1):
        if doc[t].lower_ in cues.anchor_verbs:
            verb = t
            break
    if verb is None:
        return False
    return any(doc[t].lower_ in cues.anchor_prepositions for t in range(verb + 1, start))


_ADVERB = re.compile(r"[a-z]{3,}ly")


def _is_stated_target(doc: Doc, start: int, end: int, sent_start: int, sent_end: int,
                      muscle_tokens: set[int], cues: Any) -> bool:
    if cues.purpose_label_re.match(doc[sent_start:sent_end].text):
        return True     # "Why: the drill accentuates glutes and hamstring power", "Muscles worked: ..."
    t = start - 1
    while t >= sent_start and t >= start - 8 and (doc[t].lower_ in cues.target_fillers or t in muscle_tokens
                                                   or _ADVERB.fullmatch(doc[t].lower_)):
        t -= 1          # "lengthening my hamstrings and chronically tight calves"
    if t >= sent_start and doc[t].lower_ in cues.target_cues:
        return True
    following = [doc[i].lower_ for i in range(end, min(end + 4, sent_end))]
    return any(tuple(following[: len(cue)]) == cue for cue in cues.target_after_cues)


# -- a body: units, captions, lists, headings ---------------------------------------------------
def _caption_hosts(blocks: tuple[Block, ...]) -> dict[int, int]:
    """caption block -> the block it illustrates: the paragraph before it, else the one after."""
    hosts: dict[int, int] = {}
    for i, block in enumerate(blocks):
        if block.kind != "caption":
            continue
        j = i - 1
        while j >= 0 and blocks[j].kind == "caption" and blocks[j].section == block.section:
            j -= 1
        if j >= 0 and blocks[j].kind in HOST_KINDS and blocks[j].section == block.section:
            hosts[i] = j
            continue
        j = i + 1
        while j < len(blocks) and blocks[j].kind == "caption":
            j += 1
        if j < len(blocks) and blocks[j].kind in HOST_KINDS and blocks[j].section == block.section:
            hosts[i] = j
    return hosts


def _routines(blocks: tuple[Block, ...], units: dict[int, Unit], lexicon: Lexicon) -> dict[int, tuple[int, int, DoseParts, list[str]]]:
    """list_id -> (intro block, sentence, routine dose, routine muscles) from "Do 3 sets of 10 of each:"."""
    out: dict[int, tuple[int, int, DoseParts, list[str]]] = {}
    for i, block in enumerate(blocks):
        if block.kind != "list_item" or block.list_id is None or block.list_id in out:
            continue
        intro = i - 1
        if intro < 0 or blocks[intro].kind != "paragraph" or blocks[intro].section != block.section:
            continue
        unit = units.get(intro)
        if unit is None or unit.quiet or not unit.sentences:   # a quiet intro states no dose and no muscle
            continue
        last = len(unit.sentences) - 1
        sentence = unit.sentences[last]
        parts = sentence.parts
        if not sentence.text.rstrip().endswith(":"):
            continue
        if parts.has_volume() and not lexicon.cues.routine_re.search(sentence.text):
            continue        # "After my 30 minute run I did:" is no dose for the list; "every day:" is
        frequency = parts.frequency or next(
            (s.parts.frequency for s in unit.sentences if s.parts.frequency), None)
        if frequency != parts.frequency:
            parts = _replace(parts, frequency=frequency)
        muscles = [a.value for a in unit.attrs if a.kind == "muscle" and a.target is None]
        if parts.is_empty() and not muscles:
            continue
        out[block.list_id] = (intro, last, parts, muscles)
    return out




_ASIDE_AFTER_NAME = re.compile(r"\s*[(\[]([^()\[\]]{1,60})[)\]]")   # "Step downs (quads)"
_ONE_LEG_BEFORE = re.compile(r"\b(?:single|one|1)[\s-]*leg(?:ged)?[\s-]*$", re.IGNORECASE)


def _single_leg_variants(blocks: tuple[Block, ...], units: dict[int, Unit], lexicon: Lexicon) -> None:
    """ "Single leg hip thrust": the vocabulary knows the hip thrust, not its one-legged variant,
    so the alias names the two-legged one; the words right before it make it the single-leg
    variant (GUIDE: single-leg glute bridge is not glute bridge), with the base entry's category.
    The same name again in that block ("one leg triceps dip (think normal triceps dip ...)") is
    the variant too.  Not for movements on one leg by nature ("Single-Leg Step Ups": step-ups)."""
    by_nature = lexicon.layout.one_leg_by_nature
    for i, unit in units.items():
        text = blocks[i].text
        renamed: dict[str, str] = {}
        for m in unit.main():
            if m.name in renamed:
                m.name = renamed[m.name]
                continue
            if (m.name.startswith(SINGLE_LEG) or m.name not in lexicon.exercises
                    or not by_nature.isdisjoint(LOWER_WORDS.findall(m.name.replace("-", " ")))):
                continue
            if _ONE_LEG_BEFORE.search(text[max(0, m.start_char - 16):m.start_char]):
                renamed[m.name] = m.name = f"{SINGLE_LEG} {m.name}"
                m.matched_by = "parts"
        for a in unit.attrs:
            if a.target in renamed:
                a.target = renamed[a.target]


def _refer_to_specific(blocks: tuple[Block, ...], units: dict[int, Unit], lexicon: Lexicon) -> None:
    """A bare name in a paragraph means the variant of it the post names.

    - "calf raises" after "single leg calf raises" were named: those (not in lists and headings,
      where "Calf raise" then "Single-leg calf raise" are two exercises);
    - a bare name with no dose of its own ("leg lifts (chiefly squats and deadlifts)") where the
      post names exactly one variant of it by modifiers alone ("Dumbbell squats 3 x 5"): that
      variant, whichever comes first.  Modifiers are equipment, position and laterality words
      (``layout.json`` ``generic_strip`` and ``name_modifiers``), so "side plank" is no variant
      of "plank"."""
    modifiers = lexicon.layout.variant_modifiers
    named = {m.name for unit in units.values() for m in unit.main()}
    variants: dict[str, set[str]] = {}
    for name in named:
        words = name.split(" ")
        for k in range(1, len(words)):
            bare, prefix = " ".join(words[k:]), LOWER_WORDS.findall(" ".join(words[:k]))
            if bare in named and prefix and all(w in modifiers for w in prefix):
                variants.setdefault(bare, set()).add(name)
    seen: set[str] = set()
    for i in sorted(units):
        unit = units[i]
        renamed: dict[str, str] = {}
        for m in unit.main():
            specific = f"{SINGLE_LEG} {m.name}"
            if blocks[i].kind == "paragraph" and specific in seen:
                renamed[m.name] = m.name = specific
            elif (blocks[i].kind == "paragraph" and len(variants.get(m.name, ())) == 1
                  and len(LOWER_WORDS.findall(m.text.lower())) <= len(m.name.split())   # not "lateral squats"
                  and not any(a.kind == "dose" and a.target == m.name for a in unit.attrs)):
                renamed[m.name] = m.name = next(iter(variants[m.name]))
            seen.add(m.name)
        for a in unit.attrs:
            if a.target in renamed:
                a.target = renamed[a.target]


def _routine_statements(block: Block, unit: Unit, lexicon: Lexicon, introduces_list: bool) -> list[tuple[int, DoseParts]]:
    """Sentences that dose every exercise after them, with the dose they give.

    "Perform each exercise for 20 seconds", "2 sets of 10 reps for each activity": the whole
    dose.  "Do them once a day", "ankle work three times a week": how often only (the
    frequency nearest the cue), since such a sentence may also time something else ("I walk
    30 minutes and do a short mobility routine each morning").  In a block that names exercises
    itself, only a sentence before its first name that speaks back of those named before ("Do
    each of these for 30 seconds. Finish with the pigeon stretch"); a sentence that introduces a
    list ("Do 3 sets of 10 of each:") doses that list (``_routines``).
    """
    if unit.quiet:
        return []
    cues = lexicon.cues
    named = {m.sent for m in unit.main()}
    first_named = min(named, default=len(unit.sentences))
    out: list[tuple[int, DoseParts]] = []
    for i, sentence in enumerate(unit.sentences):
        if sentence.parts.is_empty():
            continue
        if named and (i >= first_named or not cues.routine_backward_re.search(sentence.text)):
            continue        # in a block naming exercises, only what it says back of those before it, first:
            #                 "Do each of these for 30 seconds on each leg. Finish with the pigeon stretch ..."
        if introduces_list and i == len(unit.sentences) - 1 and sentence.text.rstrip().endswith(":"):
            continue
        statement = routine_cue(sentence.text, cues)
        if statement:
            parts = sentence.parts
            if parts.time is not None and _WHOLE_ROUTINE.search(statement.group(0)) and not _per_item(
                    sentence.text, cues):
                parts = _replace(parts, time=None, time_max=None)   # "Spend 6 minutes on each circuit"
            if not parts.is_empty():
                out.append((i, parts))
            continue
        cue = cues.routine_frequency_re.search(sentence.text)
        if cue is None or sentence.parts.frequency is None:
            continue
        phrases = lexicon.grammar.phrases(sentence.text)
        sent = unit.doc.char_span(sentence.start, sentence.end, alignment_mode="expand") if unit.doc else None
        if sent is not None and any(_said_of_each(unit.doc, sent, _token_at(sent, p.end or 0), cues)
                                   for p in phrases if p.has_volume()):
            out.append((i, sentence.parts))     # "Perform these 2 or 3 times a week for 1-2 minutes each"
            continue
        frequencies = [p for p in phrases if p.frequency]
        if frequencies:
            nearest = min(frequencies, key=lambda p: abs((p.start or 0) - cue.start()))
            out.append((i, DoseParts(frequency=nearest.frequency, start=nearest.start)))
    return out


def _opens_exercises(blocks: tuple[Block, ...], lines: tuple[Line, ...] | None, units: dict[int, Unit],
                     i: int) -> bool:
    """The block after ``i``, past any title or label over it, starts naming exercises: a list item, or a
    name, lead or item line of the layout, or a paragraph naming one to do: what a statement
    before it says may be said of them."""
    j = i + 1
    while j < len(blocks) and (blocks[j].kind == "heading" or (lines is not None and lines[j].role == "title")
                               or len(blocks[j].text.split()) <= 3) and not (j in units and units[j].main()):
        j += 1      # "Complete 3-5 rounds of each circuit." over "CIRCUIT #1:" and its items
    if j >= len(blocks):
        return False
    if blocks[j].kind == "list_item" or (lines is not None and lines[j].role in OPENING_KINDS):
        return True
    return j in units and any(not m.only_named for m in units[j].main())   # not "Avoid for now: full crunches"


def _with_routine(own: DoseParts | None, routine: DoseParts, held: bool = True) -> DoseParts:
    """An item's dose with the routine's filling what the item does not say.  An item that is not
    held and says only a hold ("Pause for 2 seconds at the top") pauses in each of the routine's
    reps: those still stand."""
    if own is not None and not held and own.time_is_hold and own.sets is None and own.reps is None \
            and (routine.sets is not None or routine.reps is not None):
        own = _replace(own, sets=routine.sets, sets_max=routine.sets_max, reps=routine.reps,
                       reps_max=routine.reps_max)
    if own is None or not own.has_volume():
        base = routine
        extra = own or DoseParts()
        return _replace(base, per_side=extra.per_side if extra.per_side is not None else base.per_side,
                        frequency=extra.frequency or base.frequency, load=extra.load or base.load)
    sets, sets_max = (own.sets, own.sets_max) if own.sets is not None else (routine.sets, routine.sets_max)
    return _replace(own, sets=sets, sets_max=sets_max,
                    per_side=own.per_side if own.per_side is not None else routine.per_side,
                    frequency=own.frequency or routine.frequency, load=own.load or routine.load)


def _sections(blocks: tuple[Block, ...], lines: tuple[Line, ...] | None) -> tuple[list[int], dict[int, int]]:
    """Each block's section number, and section -> the block that opens it (a heading, or a name,
    lead or item line of the layout).  Without a layout, the sections are the headings'."""
    if lines is None:
        return [b.section for b in blocks], {b.section: i for i, b in enumerate(blocks) if b.kind == "heading"}
    numbers: list[int] = []
    opener: dict[int, int] = {}
    current = 0
    open_at: int | None = None
    for i, line in enumerate(lines):
        if line.role in OPENING_KINDS or line.role == "title" or (blocks[i].kind == "heading"):
            current += 1
            open_at = i if line.role in OPENING_KINDS or blocks[i].kind == "heading" else None
            if open_at is not None:
                opener[current] = i
        elif line.section is None and open_at is not None and lines[open_at].role in OPENING_KINDS:
            current += 1          # a line the section above does not hold: a section of its own
            open_at = None
        numbers.append(current)
    return numbers, opener


def body_observations(post: CleanPost, units: dict[int, Unit], lexicon: Lexicon,
                      lines: tuple[Line, ...] | None = None) -> dict[str, list[Observation]]:
    blocks = post.blocks
    hosts = _caption_hosts(blocks)
    hosted: dict[int, list[int]] = {}
    for caption, host in hosts.items():
        hosted.setdefault(host, []).append(caption)
    section_of, opener = _sections(blocks, lines)
    heading_of: dict[int, int] = {sec: i for sec, i in opener.items() if i in units}

    def heading_topic(i: int) -> str | None:
        h = heading_of.get(section_of[i])
        if h is None or h == i:
            return None
        names = {m.name for m in units[h].main()}
        return next(iter(names)) if len(names) == 1 else None

    def topic(i: int) -> str | None:
        unit = units[i]
        if blocks[i].kind == "caption":
            host = hosts.get(i)
            if host is None or host not in units:
                return None
            return units[host].topic() or topic(host)
        if blocks[i].kind == "heading" and not (lines is not None and lines[i].role == "lead"):
            return None     # a heading's words are its section's; "Bosu balancing, 3 sets of 30 seconds" is a lead
        for caption in hosted.get(i, ()):
            if caption in units and units[caption].topic():
                return units[caption].topic()
        return unit.topic() or heading_topic(i)

    routines = _routines(blocks, units, lexicon)
    intros = {intro for intro, _, _, _ in routines.values()}
    obs: dict[str, list[Observation]] = {}

    def add(name: str, item: Observation) -> None:
        obs.setdefault(name, []).append(item)

    _single_leg_variants(blocks, units, lexicon)
    _refer_to_specific(blocks, units, lexicon)
    section_exercises: dict[int, set[str]] = {}
    standing: tuple[DoseParts, int, int] | None = None   # the routine in force, and where it was said
    since = False                                         # exercises named since it was said
    unrouted: list[str] = []                              # exercises named before any routine
    recent: list[str] = []                                # exercises named since the last statement
    for i in sorted(units):
        unit = units[i]
        statements = [] if lines is not None and (lines[i].section not in (None, i) or lines[i].unread) else \
            _routine_statements(blocks[i], unit, lexicon, i + 1 < len(blocks) and blocks[i + 1].kind == "list_item")
        # (a line inside an exercise's section speaks of that exercise: "Complete two sets of 10 on each side";
        # so does an item the vocabulary lacks: "Y-T-W raises ... 8 of each letter, 2 rounds")
        # a whole-dose statement doses what follows, not the block's topic; a how-often one does both
        said_here = {s_i for s_i, parts in statements if parts.has_volume() or parts is unit.sentences[s_i].parts}
        for s_i, parts in statements:
            back = bool(lexicon.cues.routine_backward_re.search(unit.sentences[s_i].text))
            if back and unit.main() and parts.has_volume() and recent:
                # "Do each of these for 30 seconds on each leg. Finish with the pigeon stretch": the
                # dose of those named since the last statement, not of what follows
                for name in dict.fromkeys(recent):
                    add(name, Observation("routine", parts, i, s_i))
                recent.clear()
                continue
            if back and parts.has_volume() and recent and not unit.main() and not _opens_exercises(
                    blocks, lines, units, i) and not unit.sentences[s_i].text.rstrip().endswith(":"):
                # "Do all of these 3-4 times a week, 2 sets of 10 each unless I've said otherwise"
                # after the list, no exercise straight after it: the dose of those named since the
                # last statement (their own values win), not of what the post names later
                for name in dict.fromkeys(recent):
                    add(name, Observation("routine", parts, i, s_i))
                recent.clear()
                unrouted.clear()
                continue
            if parts.frequency and not parts.has_volume() and back and unrouted:
                # "Do the programme four days a week" after the exercises: how often for them too
                for name in dict.fromkeys(unrouted):
                    add(name, Observation("routine", DoseParts(frequency=parts.frequency), i, s_i))
                unrouted.clear()
            if standing is None or since:
                standing, since = (parts, i, s_i), False
            else:
                standing = (_fill(standing[0], parts), standing[1], standing[2])
        if statements:
            recent.clear()
        for m in unit.main():
            add(m.name, Observation("mention", m, i, m.sent, m.tok))
            section_exercises.setdefault(section_of[i], set()).add(m.name)
            if not m.only_named:
                recent.append(m.name)
            if standing is not None:
                add(m.name, Observation("routine", standing[0], standing[1], standing[2]))
                since = True
            elif not m.only_named:
                unrouted.append(m.name)
        fallback = topic(i)
        if fallback is not None and not unit.main():
            add(fallback, Observation("context", None, i, 0))   # a block about it: CERT details
        routine = routines.get(blocks[i].list_id) if blocks[i].kind == "list_item" else None
        item_names = {m.name for m in unit.main()} if routine else set()
        # a section opened by coordinated names ("Toe / heel rises") gives its lines to each of them
        h = heading_of.get(section_of[i])
        shared = [m.name for m in units[h].main()] if lines is not None and h is not None and h != i \
            and not unit.main() and len({m.name for m in units[h].main()}) > 1 and lines[h].role in OPENING_KINDS \
            and all(m.written for m in units[h].main()) else []
        for a in unit.attrs:
            name = a.target or fallback
            if a.target is None and shared:
                for each in dict.fromkeys(shared):
                    add(each, Observation(a.kind, a.value, i, a.sent))
                continue
            if name is None or (a.kind == "dose" and (a.sent in said_here or (a.target is None and i in intros))):
                continue            # (what a list's intro doses is the list's: "go through the list twice:")
            if a.kind == "dose" and name in item_names:
                continue            # merged with the routine below
            add(name, Observation(a.kind, a.value, i, a.sent))
        if routine:
            intro, intro_sent, parts, muscles = routine
            for name in sorted(item_names, key=lambda n: next(m.tok for m in unit.main() if m.name == n)):
                own = [a for a in unit.attrs if a.kind == "dose" and (a.target or fallback) == name]
                volume = next((a for a in own if a.value.has_volume()), None)
                first = volume or (own[0] if own else None)
                merged = _with_routine(first.value if first else None, parts,
                                       lexicon.exercise(canonical(name)).timing == "hold")
                if not merged.is_empty():
                    where = (i, first.sent) if volume else (intro, intro_sent)
                    add(name, Observation("dose", merged, *where))
                for muscle in muscles:
                    add(name, Observation("muscle", muscle, intro, intro_sent))
    for i, unit in units.items():
        for muscle in unit.heading_muscles:
            for name in section_exercises.get(section_of[i], ()):
                add(name, Observation("muscle", muscle, i, 0))
    if lines is not None:
        _group_observations(blocks, lines, units, lexicon, obs)
    _post_targets(units, lexicon, obs, lines)
    _post_timing(units, lexicon, obs)
    return obs


_ACTIVITY_CATEGORIES = {"stretch": "stretch", "rolling": "soft-tissue"}


def _post_timing(units: dict[int, Unit], lexicon: Lexicon, obs: dict[str, list[Observation]]) -> None:
    """When the post says it stretches or rolls around the run ("how to stretch post run", "I foam
    roll after every run"), in a sentence naming no exercise: every stretch (or roll) of the
    post that says no how-often of its own is done then."""
    said: dict[str, tuple[str, int, int]] = {}
    for i in sorted(units):
        unit = units[i]
        if unit.quiet:
            continue
        # ("I try to foam roll after every run": the activity itself names no exercise here)
        naming = {m.sent for m in unit.mentions if m.name not in lexicon.layout.routine_activities}
        for n, sentence in enumerate(unit.sentences):
            frequency = sentence.parts.frequency
            if n in naming or frequency is None or not _RUN_RELATIVE.search(frequency):
                continue
            kind = activity([sentence.text])
            category = _ACTIVITY_CATEGORIES.get(kind) if kind else None
            if category is not None:
                said.setdefault(category, (frequency, i, n))
    if not said:
        return
    for name, items in obs.items():
        kind = activity([canonical(name)])       # a name the vocabulary lacks: "iliotibial band rolling"
        category = lexicon.exercise(canonical(name)).category or (_ACTIVITY_CATEGORIES.get(kind) if kind else None)
        if category not in said or not any(o.kind == "mention" and not o.value.only_named for o in items):
            continue
        frequency, i, n = said[category]
        items.append(Observation("routine", DoseParts(frequency=frequency), i, n))


def _post_targets(units: dict[int, Unit], lexicon: Lexicon, obs: dict[str, list[Observation]],
                  lines: tuple[Line, ...] | None) -> None:
    """What the post says all its exercises work ("For Achilles tendinopathy, exercises will be
    targeting the muscles surrounding the Achilles tendon"), in a line that names no exercise and
    stands in no exercise's section: given to every exercise that states no target of its own,
    when it names one or two targets (more describe the whole programme, not each item)."""
    kinds = lexicon.layout.kinds_of_exercise
    said: list[tuple[int, int, str]] = []
    for i in sorted(units):
        unit = units[i]
        if unit.main() or unit.quiet or (lines is not None and lines[i].section is not None):
            continue
        for a in unit.attrs:
            if a.kind != "muscle" or a.target is not None or lexicon.muscles[a.value].region:
                continue
            if kinds.isdisjoint(w.lower() for w in _WORDS.findall(unit.sentences[a.sent].text)):
                continue
            said.append((i, a.sent, a.value))
    targets = list(dict.fromkeys(m for _, _, m in said))
    if not 1 <= len(targets) <= GROUP_MUSCLES_MAX:
        return
    for items in obs.values():
        if any(o.kind == "muscle" and not lexicon.muscles[o.value].region for o in items) or not any(
                o.kind == "mention" and not o.value.only_named for o in items):
            continue
        for i, n, muscle in said:
            items.append(Observation("muscle", muscle, i, n))


_WORDS = re.compile(r"[A-Za-z]+")


def _usually_worked(name: str, muscles: list[str], lexicon: Lexicon) -> list[str]:
    """The muscles of ``muscles`` that the exercise usually works (the lexicon's usual muscles,
    a muscle or its parent: "calves" for a calf raise whose usual muscle is the gastrocnemius)."""
    usual = [u for u in lexicon.exercise(canonical(name)).muscles if u in lexicon.muscles]
    near = {a for u in usual for a in (u, *lexicon.ancestors(lexicon.muscles, u))}
    return [m for m in muscles if m in near]


_WHOLE_ROUTINE = re.compile(r"\b(?:circuit|routine|workout|following)\b", re.IGNORECASE)
_RUN_RELATIVE = re.compile(r"\b(?:after|before|post|pre)\b", re.IGNORECASE)
INTRO_REACH = 2         # lines from the list that an intro or an outro may stand
GROUP_MUSCLES_MAX = 2    # a routine naming more targets than this describes the whole, not each item


def _trailing_frequencies(lines: tuple[Line, ...], blocks: tuple[Block, ...],
                          said: dict[int | None, tuple[DoseParts, list[str], list[str], tuple[int, int]]],
                          frequency_at: dict[int, int], last_item: dict[int | None, int]) -> dict[int | None, Observation]:
    """How often a workout is done, said once after its last routine ("Start with two days per
    week" after the warm-up and the circuit): it reaches the routines before it under the same
    title that say no how-often of their own.  Only a how-often: sets and reps stay the routine's.
    ``last_item``: each routine's last item line."""
    def header(g: int) -> int | None:
        return next((t for t in range(g, -1, -1) if lines[t].role == "title" or blocks[t].kind == "heading"), None)

    out: dict[int | None, Observation] = {}
    groups = sorted(g for g in said if g is not None and g in last_item)
    for g in groups:
        at = frequency_at.get(g)
        if at is None or at < last_item[g]:
            continue         # said before the items: the intro of this routine only
        for earlier in groups:
            if earlier >= g or header(earlier) != header(g) or said[earlier][0].frequency is not None:
                continue
            if any(lines[j].role == "title" or blocks[j].kind == "heading" for j in range(earlier + 1, g + 1)
                   if j != g):
                continue     # another title between them: another workout
            out.setdefault(earlier, Observation("group", DoseParts(frequency=said[g][0].frequency), at, 0))
    return out


def _said_of_each_before_a_name(unit: Unit, n: int, lexicon: Lexicon) -> DoseParts | None:
    """What sentence ``n`` says of each item before it names an exercise of its own, after the
    items: "30 seconds of each, then 4 strides" closing a list of drills; else None."""
    sentence = unit.sentences[n]
    first = min((m.start_char for m in unit.main() if m.sent == n), default=None)
    if first is None:
        return None
    before = sentence.text[:max(first - sentence.start, 0)]
    cue = routine_cue(before, lexicon.cues)
    if cue is None or _WHOLE_ROUTINE.search(cue.group(0)):
        return None
    parts = lexicon.grammar.scan(before)
    return parts if parts.has_volume() else None


def _per_item(text: str, cues: Any) -> bool:
    """The sentence says something of each item ("The circuit: do each exercise for 40 seconds"),
    not only of the whole routine."""
    return any(not _WHOLE_ROUTINE.search(m.group(0)) and routine_cue(text[m.start():], cues)
               for m in cues.routine_statement_re.finditer(text))


def _group_observations(blocks: tuple[Block, ...], lines: tuple[Line, ...], units: dict[int, Unit],
                        lexicon: Lexicon, obs: dict[str, list[Observation]]) -> None:
    """What a routine's title and intro say reaches every exercise under them.

    A group is the title (or intro) a line sits under; the post's own first line is the group of
    the whole post.  From the group's title and its lines that name no exercise themselves:
    how often and how much (a title's "Post-Run Stretches", "Core - 2 sets of 12"; an intro's
    "Perform each exercise for 40 seconds", "Do the sequence 2 times through", before or after
    the list), the equipment ("on the soft side of a BOSU") and the target ("By strengthening
    your foot muscles": given only to exercises that state none, and only when the routine
    names one or two targets).  An exercise's own values win (see :func:`_with_routine`).
    """
    firsts: dict[str, int] = {}
    for name, items in obs.items():
        units_named = [o.unit for o in items if o.kind == "mention" and not o.value.only_named
                       and lines[o.unit].role in OPENING_KINDS]
        if units_named:
            firsts[name] = min(units_named)     # the routine's items: its name, lead and list lines
    if not firsts:
        return
    openers = [i for i, line in enumerate(lines) if line.role in OPENING_KINDS]
    first_items: dict[int | None, int] = {}
    last_items: dict[int | None, int] = {}
    for j in openers:
        first_items.setdefault(lines[j].group, j)
        last_items[lines[j].group] = j
    in_prose: set[str] = set()      # items named in a prose line among the routine's: its dose, not its kit
    for name, items in obs.items():
        if name in firsts:
            continue
        # a prose line among a routine's items, or right after the last, that names an exercise in
        # its first sentence ("Feet: 2 minutes rolling a golf ball under each foot" after "Upper
        # back: ..."): one more item of that routine
        among = [o.unit for o in items if o.kind == "mention" and not o.value.only_named and o.sent == 0
                 and lines[o.unit].role == "text" and lines[o.unit].section is None
                 and first_items.get(lines[o.unit].group, len(lines)) < o.unit
                 <= last_items.get(lines[o.unit].group, -2) + 1]
        if among:
            firsts[name] = min(among)
            in_prose.add(name)
    said: dict[int | None, tuple[DoseParts, list[str], list[str], tuple[int, int]]] = {}
    frequency_at: dict[int, int] = {}    # the line a group's how-often was said on
    absorbed: set[str] = set()      # a routine's activity named in its intro ("I foam roll ..."): no record
    near_list = {j for i in openers for j in range(i - INTRO_REACH, i + INTRO_REACH + 1)}
    by_group: dict[int, list[int]] = {}
    lead_ins: dict[tuple[int, int], DoseParts | None] = {}

    def lead_in(i: int, n: int) -> DoseParts | None:     # read once per sentence, asked twice
        if (i, n) not in lead_ins:
            lead_ins[(i, n)] = _said_of_each_before_a_name(units[i], n, lexicon)
        return lead_ins[(i, n)]

    for i, line in enumerate(lines):
        if line.group is not None and line.section is None and line.role in ("text", "title", "instruction", "dose"):
            by_group.setdefault(line.group, []).append(i)
        elif line.group is not None and line.role in OPENING_KINDS and i in units and any(
                lead_in(i, n) for n in range(len(units[i].sentences))):
            by_group.setdefault(line.group, []).append(i)     # "30 seconds of each, then 4 strides"
    with_parts = {line.group for line in lines if line.part}

    def _has_part_items(g: int) -> bool:
        return g in with_parts

    def between(i: int) -> bool:
        """A line among its routine's items, not above or after them all: what it says (an item
        the vocabulary lacks, "on a bench ... 2 rounds") is no statement of the whole routine."""
        g = lines[i].group
        return first_items.get(g, len(lines)) < i < last_items.get(g, -1)

    def group_said(g: int) -> tuple[DoseParts, list[str], list[str], tuple[int, int]]:
        if g in said:
            return said[g]
        parts, equipment, muscles = DoseParts(), [], []
        where = (g, 0)
        members = [i for i in dict.fromkeys([g, *by_group.get(g, ())]) if i in units and not units[i].quiet]
        first_item = first_items.get(g, len(lines))
        for i in members:
            unit = units[i]
            had_frequency = parts.frequency is not None
            # a line naming exercises of its own; "I foam roll 3 times a week" above the parts is the
            # routine's.  Its other sentences may still speak of the routine ("All of it 2 sets.
            # Sarah said NO crunches")
            # So is "Foam roll each area for 60 seconds" after them: said of each part
            naming = {m.sent for m in unit.main()} if unit.main() and (
                (i > first_item and not _per_item(blocks[i].text, lexicon.cues)) or not _has_part_items(g) or any(
                    m.name not in lexicon.layout.routine_activities for m in unit.main())) else set()
            if not naming:
                absorbed.update(m.name for m in unit.main())
            names_any = bool(naming)
            if naming:
                naming = {m.sent for m in unit.main() if not _named_in_passing(unit, m, i, firsts, lexicon)}
            title = i == g and lines[i].role == "title" or blocks[i].kind == "heading"
            intro_of_a_list = i != g and not title and _introduces_a_list(blocks, i)
            for n, sentence in enumerate(unit.sentences):
                said_of_each = lead_in(i, n) if n in naming and i > first_item else None
                if naming and said_of_each is None and (n in naming or not (
                        routine_cue(sentence.text, lexicon.cues) or _how_often_of_it(sentence, lexicon))):
                    continue    # (an intro naming an exercise in passing may still say "Do this before every run")
                p = sentence.parts if said_of_each is None else said_of_each
                if i == 0 and title and p.frequency and not _RUN_RELATIVE.search(p.frequency):
                    p = _replace(p, frequency=None)   # "Training weekly no. 19": a newsletter's title
                if intro_of_a_list and n == len(unit.sentences) - 1:
                    # "Do each drill down, walk back, and go through the list twice:" doses the
                    # list under it (_routines), not the routine's other items; how often still is
                    p = DoseParts(frequency=p.frequency)
                if p.is_empty():
                    continue
                sets_only = p.sets is not None and p.reps is None and p.time is None
                cue = routine_cue(sentence.text, lexicon.cues)
                if cue and p.time is not None and _WHOLE_ROUTINE.search(cue.group(0)) and not _per_item(
                        sentence.text, lexicon.cues):
                    p = _replace(p, time=None, time_max=None)   # "6 minutes on each circuit": the circuit's time
                if title and not cue and p.time is not None and not p.per_side and p.sets is None and p.reps is None:
                    p = _replace(p, time=None, time_max=None)   # "Six Drills, Ten Minutes": the routine's length
                if title or cue or (sets_only and not between(i)):   # not "2 rounds" said among the items
                    if parts.is_empty():
                        where = (i, n)
                    parts = _fill(parts, p)
                elif p.frequency and (lexicon.cues.routine_frequency_re.search(sentence.text) or (
                        i in near_list and not _RUN_RELATIVE.search(p.frequency))):
                    # how often, said of them or by the list; "post run" beside a list, said of no
                    # routine ("stretching is intuitive post run"), may be said of something else
                    parts = _fill(parts, DoseParts(frequency=p.frequency))
            if not had_frequency and parts.frequency is not None:
                frequency_at[g] = i
            if names_any:
                continue        # (its equipment and targets are its exercises')
            # equipment and targets only from the title and the intro right above the list
            if not (title or (not between(i) and i + 1 < len(lines) and (lines[i + 1].role in OPENING_KINDS
                                                                         or blocks[i + 1].kind == "list_item"))):
                continue
            activities = {m.name for m in unit.main()}
            for a in unit.attrs:
                if (a.target is None or a.target in activities) and a.kind == "equipment":
                    equipment.append(a.value)
                elif (a.target is None or a.target in activities) and a.kind == "muscle":
                    muscles.append(a.value)
            if title:
                muscles.extend(m for _, _, m in unit.muscle_spans)
        said[g] = (parts, list(dict.fromkeys(equipment)), list(dict.fromkeys(muscles)), where)
        return said[g]

    post_group = lines[0].group if lines and lines[0].role == "title" else None
    for g in dict.fromkeys(lines[first].group for first in firsts.values() if lines[first].group is not None):
        group_said(g)                 # read every routine once, so its activity is known before records
    workout_frequency = _trailing_frequencies(lines, blocks, said, frequency_at, last_items)
    for name, first in firsts.items():
        chain = [g for g in (lines[first].group, post_group) if g is not None]
        closing = workout_frequency.get(lines[first].group)
        if closing is not None:
            obs[name].append(closing)
        for g in dict.fromkeys(chain):
            parts, equipment, muscles, (u, n) = group_said(g)
            items = obs[name]
            if name in in_prose and _introduces_a_list(blocks, g):
                parts = DoseParts(frequency=parts.frequency)   # "Do 2 sets of 15 of each:" doses its list
            if not parts.is_empty():
                items.append(Observation("group", parts, u, n))
            if name in in_prose:
                continue        # (what the line says of its own exercise is its whole setting)
            for e in equipment:
                items.append(Observation("equipment", e, u, n))
            if muscles and not any(o.kind == "muscle" for o in items):
                # more targets than an item has describe the whole ("for the glutes, hamstrings and
                # calves"): each item takes those of them it usually works
                given = muscles if len(muscles) <= GROUP_MUSCLES_MAX else _usually_worked(name, muscles, lexicon)
                for m in given:
                    items.append(Observation("muscle", m, u, n))
    if any(line.part for line in lines) and lines and lines[0].role == "title" and 0 in units:
        # "How I foam roll" over "Quads first, one minute per leg": the title names the routine
        absorbed.update(m.name for m in units[0].main() if m.name in lexicon.layout.routine_activities)
    for name in absorbed:
        if name in obs and not any(o.kind == "mention" and lines[o.unit].role in OPENING_KINDS for o in obs[name]):
            del obs[name]


def _introduces_a_list(blocks: tuple[Block, ...], i: int) -> bool:
    """Block ``i`` ends with a colon right above a list: "Do 2 sets of 15 of each:"."""
    return blocks[i].text.rstrip().endswith(":") and i + 1 < len(blocks) and blocks[i + 1].kind == "list_item"


def _how_often_of_it(sentence: Sentence, lexicon: Lexicon) -> bool:
    """The sentence says how often the routine is done and nothing else: "Do this before every
    run", "Do them twice a week" (``cues.json`` ``routine_frequency_cues``)."""
    p = sentence.parts
    return (p.frequency is not None and not p.has_volume()
            and lexicon.cues.routine_frequency_re.search(sentence.text) is not None)


def _named_in_passing(unit: Unit, m: Mention, i: int, firsts: dict[str, int], lexicon: Lexicon) -> bool:
    """A routine's intro or closing line names ``m`` without being about it: an item of the routine
    below, named ahead ("Daily, she said, except the foam rolling" above the list that holds the
    foam rolling), or a sport beside a how-often said of the routine ("I do it twice a week,
    usually after the Tuesday swim"; not "Once a week I also did a stair session")."""
    if firsts.get(m.name, -1) > i:
        return True
    sentence = unit.sentences[m.sent]
    if lexicon.cues.exception_re.search(sentence.text[:max(m.start_char - sentence.start, 0)]):
        return True     # "Daily, she said, except the foam rolling": the exception to what is said of all
    if not lexicon.exercise(m.name).session:
        return False
    a, b = m.start_char - sentence.start, m.end_char - sentence.start
    text = sentence.text[:max(a, 0)] + " " * max(b - a, 0) + sentence.text[max(b, 0):]
    return lexicon.cues.routine_frequency_re.search(text) is not None


def comment_observations(unit: Unit) -> dict[str, list[Observation]]:
    obs: dict[str, list[Observation]] = {}
    for m in unit.main():
        obs.setdefault(m.name, []).append(Observation("mention", m, 0, m.sent, m.tok))
    for a in unit.attrs:
        if a.target is not None:
            obs.setdefault(a.target, []).append(Observation(a.kind, a.value, 0, a.sent))
    return obs


# -- layout: name lines and their sections ------------------------------------------------------
KEY_JOIN = "\x1f"      # joins a canonical name and a written one into a record key
_STEP_NUMBER = re.compile(r"\s+\d{1,2}$")


def _unnumbered(written: str) -> str:
    """A name line's words without the step number after them ("bridge 2" -> "bridge")."""
    return _STEP_NUMBER.sub("", written)


def _coordinated(name: str) -> list[str]:
    """ "Toe / heel rises" -> "Toe rises", "heel rises"; any other name as it is."""
    m = _COORDINATED.match(name)
    if not m:
        return [name]
    return [f"{m.group(1)} {m.group(3)}", f"{m.group(2)} {m.group(3)}"]


_COORDINATED = re.compile(r"^\s*([A-Za-z-]+)\s*(?:/|&|\band\b|\bor\b)\s*([A-Za-z-]+)\s+([A-Za-z][\w' -]*)$")


def _sentence_at(unit: Unit, char: int) -> int:
    for n, sentence in enumerate(unit.sentences):
        if sentence.start <= char < sentence.end:
            return n
    return 0


def apply_layout(blocks: tuple[Block, ...], lines: tuple[Line, ...], units: dict[int, Unit],
                 index: NameIndex, lexicon: Lexicon, table_rows: frozenset[int] = frozenset()) -> None:
    """Give each name, lead and item line its exercise, and its section's lines to it.

    A name line's exercise is the vocabulary's name within it (its mention then carries the whole
    line as written), else the nearest entry by parts, else the name as written (matched by
    layout).  Exercises named again inside the section (an instruction's "press into a plank",
    a lead's "perform a bridge") are that exercise, not new ones: their doses go to it.  Two name
    lines that reach the same entry under different words ("Towel calf stretch", "Standing calf
    stretch") stay two records.
    """
    mains: dict[int, list[Mention]] = {}
    for i, line in enumerate(lines):
        unit = units.get(i)
        if unit is None or unit.quiet or unit.doc is None or line.section is not None or line.role != "text":
            continue
        if lexicon.layout.prose_heads.isdisjoint(LOWER_WORDS.findall(blocks[i].text.lower())):
            continue          # no movement noun in it: nothing to read
        found = _prose_names(unit.doc, unit.tok_sent, unit.mentions, index, lexicon)
        if found:         # prose outside any section: "a one-legged frog kick" names one
            named_before = {m.sent for m in unit.mentions}
            unit.mentions.extend(found)
            unit.mentions.sort(key=lambda m: (m.sent, m.tok))
            for a in unit.attrs:      # what a sentence that named nothing else says is the new name's
                here = [m for m in found if m.sent == a.sent]
                if here and a.sent not in named_before:
                    a.target = here[0].name
                elif not here and a.kind == "dose" and a.sent not in named_before:
                    # and a dose said after it, naming nothing, is the nearest named before it:
                    # "For leg raises, lay on your side ... Repeat fifteen times."
                    nearest = max((m for m in unit.mentions if m.sent < a.sent and not m.alternative
                                   and not m.only_named), key=lambda m: (m.sent, m.tok), default=None)
                    if nearest is not None and any(nearest is f for f in found):
                        a.target = nearest.name
    for i, line in enumerate(lines):
        if line.role not in OPENING_KINDS or line.name is None or i not in units or units[i].quiet:
            continue
        unit = units[i]
        start, end = line.name
        written = blocks[i].text[start:end]
        inside = [m for m in unit.main() if start <= m.start_char < end]
        if len(_coordinated(written)) > 1:
            for m in inside:               # "Toe / heel walking": each part is looked up on its own
                unit.mentions.remove(m)
            inside = []
        if inside:
            if plausible_name(written, lexicon.layout, known=True):     # not "Finish with Copenhagen planks"
                if len(inside) == 1:
                    inside[0].written = _before_its_target(written, inside[0].end_char - start, lexicon)
                else:
                    for m in inside:              # "Heel walks and toe walks": each as written
                        m.written = m.written or m.text
            mains[i] = inside
            continue
        found: list[Mention] = []
        if line.part:
            found = _part_exercise(blocks, lines, units, i, written, index, lexicon)
            if found:
                unit.mentions[0:0] = found
                mains[i] = found
            continue
        for part in _coordinated(written):
            match = index.find(part, typos=True)
            if match is not None:
                name, by = match.name, match.matched_by
            else:
                name, by = normalised(part), "layout"
            if name:
                found.append(Mention(name, part, _sentence_at(unit, start), -1, False, start_char=start,
                                     end_char=end, matched_by=by, written=part))
        if found:
            unit.mentions[0:0] = found
            mains[i] = found
    for i, found in mains.items():
        unit, (start, end) = units[i], lines[i].name  # type: ignore[misc]
        main = found[0]
        lead = lines[i].role == "lead"
        if lead:
            # a lead's block is its exercise's section: what a sentence that names no exercise
            # states belongs to it, not to one named in passing before ("After a minute in
            # child's pose, it's into down dog. ... lengthening my hamstrings")
            named_in = {m.sent for m in unit.mentions}
            for a in unit.attrs:
                if a.kind in ("muscle", "equipment") and a.sent not in named_in and a.target != main.name:
                    a.target = main.name

        def how_to(m: Mention) -> bool:
            """What a lead's how-to names in passing is the lead's own movement ("Hip airplanes -
            balance on one leg, hinge ... Five each side."; "Inchworms - walk the hands out to a
            plank ... x5."), but not one a sentence of its own is about ("Walking lunges are fine
            too"); a sentence opening as an order is how-to, for a lead or an item ("3. Single-leg
            deadlift. Balance on one leg and hinge forward. Do 8-10 on each leg.")."""
            if unit.doc is None or m.sent < main.sent:
                return False
            if m.sent == main.sent and _listed_beside(unit.doc, unit.main(), m):
                return False      # "Warm up with leg swings (10 each leg), hip circles and walking lunges"
            opens = m.tok == unit.doc[m.tok].sent.start
            if m.sent > main.sent and opens and first_word(m.text) in lexicon.layout.instruction_starts:
                return True
            return lead and (m.sent == main.sent or (m.tok > 0 and not opens))

        if lines[i].role in ("lead", "item"):
            for m in [m for m in unit.main() if m.name != main.name and m.start_char >= end and not m.refused
                      and how_to(m)
                      and not any(a.kind == "dose" and a.target == m.name and a.sent == m.sent for a in unit.attrs)]:
                unit.mentions.remove(m)
                for a in unit.attrs:
                    if a.target == m.name:
                        a.target = main.name
        count = lines[i].count
        if count is not None and count >= 2 and not any(
                a.kind == "dose" and a.target in (None, main.name) and (a.value.reps or a.value.time)
                for a in unit.attrs):
            unit.attrs.append(Attr("dose", DoseParts(reps=count, reps_max=lines[i].count_max, start=0), main.sent,
                                   main.name))   # "- 20 curl to press"
        # what the name line itself names: "Towel calf stretch", "Resistance band cross-over"
        for a, b, equipment in unit.equipment_spans:
            if start <= a < end and not any(x.kind == "equipment" and x.value == equipment and x.target == main.name
                                            for x in unit.attrs):
                unit.attrs.append(Attr("equipment", equipment, main.sent, main.name))
        text = blocks[i].text
        aside = _ASIDE_AFTER_NAME.match(text, end)
        if aside is not None:     # only names of muscles in it, not "(squeeze your glutes at the top)"
            rest = text[aside.start(1):aside.end(1)]
            for a, b, _ in sorted(unit.muscle_spans, reverse=True):
                if aside.start(1) <= a < aside.end(1):
                    rest = rest[:a - aside.start(1)] + " " * (b - a) + rest[b - aside.start(1):]
            if set(LOWER_WORDS.findall(rest.lower())) - lexicon.cues.muscle_list_words:
                aside = None
        for a, b, muscle in unit.muscle_spans:
            if aside is not None and aside.start(1) <= a < aside.end(1):
                for m in found:       # "STEP DOWNS (QUADS)": the bracket after a name says what it works
                    unit.attrs.append(Attr("muscle", muscle, m.sent, m.name))
                continue
            if not start <= a < end or re.search(r"\b(?:to|into|towards?)\s+$", text[start:a], re.IGNORECASE):
                continue          # "Knee to Chest": where the movement goes, not what it stretches
            # a stretch or roll names what it acts on; a bare part names it too ("Calves 60 sec per side")
            if _names_its_target(lexicon, main) or _only_words(text[start:end], a - start, b - start):
                for m in found:
                    unit.attrs.append(Attr("muscle", muscle, m.sent, m.name))

    for i, line in enumerate(lines):
        if line.numbered and i in units:     # "2 Resisted Squat", "3 Plank AIM ...": the list's number, not reps
            first = min((m.sent for m in units[i].mentions), default=0)
            units[i].attrs[:] = [a for a in units[i].attrs if not (
                a.kind == "dose" and a.value.start == 0 and a.value.sets is None and a.value.time is None
                and a.value.reps is not None and a.value.reps <= 20 and a.sent == first)]

    # one record per name line: a shared entry under different words gets a key of its own
    # ("Bridge 1", "Bridge 2" under "Bridge": its steps or photos, one exercise)
    # (a name line after a table that names an entry a row of it names is that row's exercise
    # again: "Squats: tempo 3 seconds down" in the notes under "Back squat | 5 | 5 | 80-90 kg")
    written_by_name: dict[str, set[str]] = {}
    single = {i: found[0] for i, found in mains.items() if len(found) == 1 and found[0].written}
    rows = {m.name: i for i, m in single.items() if i in table_rows}
    single = {i: m for i, m in single.items() if i in table_rows or m.name not in rows or i < rows[m.name]}
    for m in single.values():
        written_by_name.setdefault(m.name, set()).add(_unnumbered(normalised(m.written or m.text)))
    for i, m in single.items():
        if len(written_by_name[m.name]) > 1:
            _rename(units[i], m, f"{m.name}{KEY_JOIN}{_unnumbered(normalised(m.written or m.text))}")

    # the section's lines: what they name again is the section's exercise
    for i, line in enumerate(lines):
        if i not in units or line.section is None:
            continue
        owner = mains.get(line.section)
        if not owner:
            continue
        if line.section == i or line.role not in ("instruction", "dose") and not (
                line.role == "text" and rolls_as_its_name_line(blocks, i, line.section)):
            continue
        unit = units[i]
        others = {m.name for m in unit.main() if m.name != owner[0].name and not m.refused}
        if len(others) >= 2 and line.role == "instruction" and (i + 1 == len(lines) or (
                lines[i + 1].section != line.section and lines[i + 1].role not in OPENING_KINDS)):
            continue          # "Finish each session with some calf raises and a plank" after the last level: more exercises
        for m in list(unit.mentions):
            if _opens_with_its_own_dose(unit, m, owner[0].name, blocks[i].text, lexicon):
                continue      # "Step ups onto the bottom stair ... 12x3 each leg" under "Sit to stand ...": its own line
            unit.mentions.remove(m)
            for a in unit.attrs:
                if a.target == m.name:
                    a.target = owner[0].name


def _before_its_target(written: str, end: int, lexicon: Lexicon) -> str:
    """A name line's name without what the line goes on to say it works: "Side planks" of "Side
    planks build the obliques, 3 x 30s" (``cues.json`` ``target_cues`` right after the name)."""
    rest = written[end:].split()
    if rest and rest[0].lower() in lexicon.cues.target_cues and rest[0].lower() != "for":
        return written[:end].rstrip()
    return written


def _opens_with_its_own_dose(unit: Unit, m: Mention, owner: str, text: str, lexicon: Lexicon) -> bool:
    """A line of a section that opens with another exercise's name, not with an order ("Step ups
    onto the bottom stair, 12x3 each leg"; not "Squat down slowly"), and doses it in its sentence:
    that exercise's line, read as prose because it is long."""
    if m.name == owner or m.sent != 0 or text[:m.start_char].strip(" -\u2013\u2014\u2022*.)0123456789"):
        return False
    words = LOWER_WORDS.findall(m.text.lower())
    if len(words) < 2 and words and words[0] in lexicon.layout.instruction_starts:
        return False      # one word that may be an order: "Squat down", "Lunge forward"
    return any(a.kind == "dose" and a.sent == m.sent and a.target in (None, m.name) and a.value.has_volume()
               for a in unit.attrs)


def _listed_beside(doc: Doc, mentions: list[Mention], m: Mention) -> bool:
    """``m`` follows another exercise of its sentence in a list, with only list joiners between
    them once their bracketed doses are set aside: "leg swings (10 each leg), hip circles (10
    each way) and walking lunges"."""
    before = [x for x in mentions if x.sent == m.sent and 0 <= x.end <= m.tok]
    if not before or m.tok < 0:
        return False
    return _only_joiners(doc, max(before, key=lambda x: x.end).end, m.tok)


def _only_joiners(doc: Doc, start: int, end: int) -> bool:
    """Tokens ``start``..``end`` between two names hold list joiners only, once a bracketed dose
    after the first ("leg swings (10 each leg), hip circles") and a count before the second
    ("squats, lunges and 20 push-ups") are set aside."""
    depth, between = 0, []
    for t in range(start, end):
        text = doc[t].text
        if text == "(":
            depth += 1
        elif text == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            between.append(doc[t])
    while len(between) > 1 and (between[-1].like_num or between[-1].lower_ in ("x", "\u00d7")):
        between.pop()           # the next name's own count
    return bool(between) and all(t.lower_ in _JOINERS for t in between)


def _only_words(name: str, a: int, b: int) -> bool:
    """The span [a, b) is the whole name but for punctuation and filler ("Quads:", "Piriformis/Glutes")."""
    rest = (name[:a] + " " + name[b:]).lower()
    return not re.sub(r"[^a-z]+|\b(?:the|your|my|and|or)\b", " ", rest).strip() or "/" in name


def _part_exercise(blocks: tuple[Block, ...], lines: tuple[Line, ...], units: dict[int, Unit], i: int,
                   written: str, index: NameIndex, lexicon: Lexicon) -> list[Mention]:
    """A body part as a name line ("Quads", "Hip flexors"): the exercise is what its section does
    to it, rolling or stretching, read from the section's lines, else from the routine's title
    and intro, else from the post's first line: "quad rolling", "hip flexor stretch"."""
    own = [blocks[j].text for j, line in enumerate(lines) if line.section == i]
    group = lines[i].group
    around = [blocks[j].text for j, line in enumerate(lines[:i]) if j == group or (
        line.group == group and line.role in ("text", "title") and line.section is None)]
    done = activity(own) or activity(around) or activity([blocks[0].text])
    if done is None:
        return []
    muscles = [m for a, b, m in units[i].muscle_spans]
    if not muscles:
        return []
    unit = units[i]
    first = muscles[0]           # "Piriformis/Glutes": one exercise, both targets
    said = next((blocks[i].text[a:b] for a, b, m in unit.muscle_spans if m == first), first)
    match = index.find(f"{said} {done}") or index.find(f"{first} {done}")
    name, by = (match.name, "parts") if match else (normalised(f"{said} {done}"), "layout")
    start, end = lines[i].name or (0, 0)
    mention = Mention(name, said, _sentence_at(unit, start), -1, False, start_char=start, end_char=end,
                      matched_by=by, written=written)
    for muscle in dict.fromkeys(muscles):
        unit.attrs.append(Attr("muscle", muscle, mention.sent, name))
    return [mention]


def _rename(unit: Unit, mention: Mention, key: str) -> None:
    old = mention.name
    mention.name = key
    for a in unit.attrs:
        if a.target == old:
            a.target = key


def canonical(key: str) -> str:
    return key.split(KEY_JOIN, 1)[0]


# -- records -----------------------------------------------------------------------------------
def _about(items: list[Observation], units: dict[int, Unit]) -> list[str]:
    """The sentences of the blocks that name or are about the exercise, in order."""
    seen = sorted({o.unit for o in items if o.kind in ("mention", "context", "dose")})
    return [s.text for u in seen for s in units[u].sentences]


def _cert_items(lexicon: Lexicon, name: str, said: list[str], parts: DoseParts, about: list[str],
                setting: str | None, prescriber: str | None) -> dict[str, str | None]:
    cert = lexicon.cert
    laterality = cert.first("laterality", [name, *said])
    if laterality is None and parts.per_side:
        laterality = "unilateral"
    return {
        "position": cert.first("position", [*said, *about]),
        "laterality": laterality or cert.first("laterality", about),
        "setting": setting, "prescriber": prescriber,
        "progression": cert.progression(about),
    }


def _most_specific(names: list[str], table: dict[str, TermEntry], lexicon: Lexicon) -> tuple[str, ...]:
    """Names in order of appearance, without repeats, and without any that another one refines."""
    unique = list(dict.fromkeys(names))
    covered = {a for n in unique for a in lexicon.ancestors(table, n)}
    return tuple(n for n in unique if n not in covered)


def _timing(entry: ExerciseEntry, named: Mention, lexicon: Lexicon) -> str:
    """What an unqualified time means: the entry's, unless the name as written ends in another
    movement ("down dog pedal" moves, though a downward dog is held)."""
    words = re.findall(r"[a-z][a-z'-]*", (named.written or named.text).lower())
    trailing = next((k for k, w in enumerate(words) if k > 0 and w in lexicon.layout.trailing_phrase_words), len(words))
    # the head stands before a trailing phrase: "Side plank on knees" is held
    head = next((w for w in reversed(words[:trailing]) if w in lexicon.layout.movement_heads), None)
    if head is None or head in entry.name or any(head in alias for alias in entry.aliases):
        return entry.timing
    return lexicon.layout.movement_heads[head]


def _held_here(timing: str, parts: DoseParts, items: list[Observation], units: dict[int, Unit],
               lexicon: Lexicon) -> str:
    """A moving exercise whose own lines tell to hold the position ("2X1 minute bridge ... lift up
    your butt and lower back and hold") holds its time; not one with reps, whose time is a pause
    or the set's."""
    if timing == "hold" or parts.time is None or parts.time_is_hold or parts.reps is not None:
        return timing
    own = {o.unit for o in items if o.kind in ("mention", "dose")}
    said = (s.text for u in sorted(own) if u in units for s in units[u].sentences)
    return "hold" if any(lexicon.cues.position_hold_re.search(text) for text in said) else timing


def _warms_up(items: list[Observation], units: dict[int, Unit], lexicon: Lexicon) -> bool:
    """A sport is an exercise only as a routine's warm-up or cool-down ("Warm up with 5 minutes on
    the rower"); a whole session ("a swim, 2.5k in the pool", "cycling 45 minutes every other
    day") is not one (GUIDE), whatever its dose."""
    return any(lexicon.cues.warm_up_re.search(units[o.unit].sentences[o.sent].text)
               for o in items if o.kind in ("mention", "dose", "group", "routine")
               and o.unit in units and o.sent < len(units[o.unit].sentences))


def build_records(obs: dict[str, list[Observation]], units: dict[int, Unit], lexicon: Lexicon, *,
                  post_id: str, comment: Comment | None, text: str) -> list[ExerciseRecord]:
    """One record per exercise observed; ``text`` is the whole body (or comment) for the details
    CERT reads at that level (setting, prescriber)."""
    firsts = []
    for name, items in obs.items():
        mentions = [o for o in items if o.kind == "mention"]
        if mentions:
            first = min(mentions, key=lambda o: (o.unit, o.sent, o.tok))
            firsts.append(((first.unit, first.sent, first.tok), name))
    records: list[ExerciseRecord] = []
    if not firsts:
        return records     # no exercise: the whole text need not be searched for CERT details
    cert = lexicon.cert
    setting = cert.every("setting", text)
    prescriber = cert.first("prescriber", [text])
    for index, (_, name) in enumerate(sorted(firsts)):
        items = sorted(obs[name], key=lambda o: (o.unit, o.sent, o.tok))
        entry = lexicon.exercise(canonical(name))
        mentions = [o for o in items if o.kind == "mention"]
        doses = [o for o in items if o.kind == "dose"]
        volume = next((o for o in doses if o.value.has_volume()), None)
        parts = volume.value if volume else DoseParts()
        if volume is not None and comment is None:
            # "3 sets" on one line, "30 seconds" on the next, under the exercise's heading
            for o in doses:
                if o is not volume and o.value.has_volume() and (
                        o.unit == volume.unit or {m.name for m in units[o.unit].main()} <= {name}):
                    parts = _fill(parts, _replace(o.value, per_side=None, frequency=None, load=None))
        fills: dict[str, Any] = {}
        for field_name in ("per_side", "frequency", "load"):
            if getattr(parts, field_name) is None:
                value = next((getattr(o.value, field_name) for o in doses if getattr(o.value, field_name) is not None), None)
                if value is not None:
                    fills[field_name] = value
        if fills:
            parts = _replace(parts, **fills)
        # the routine the item is listed in, then each routine around it (its section's title,
        # the post's): the nearest says first, the farther fill only what is still open
        held = _timing(entry, mentions[0].value, lexicon) == "hold"
        for routine in [o for o in items if o.kind == "routine"] + [o for o in items if o.kind == "group"]:
            parts = _with_routine(parts if not parts.is_empty() else None, routine.value, held)
            if volume is None and routine.value.has_volume():
                volume = routine
        where = volume or next((o for o in doses if not o.value.is_empty()), None) or mentions[0]
        unit = units[where.unit]
        sentence = unit.sentences[where.sent]
        said = next((o.value for o in mentions if o.unit == where.unit and o.sent == where.sent), mentions[0].value)
        named = next((o.value for o in mentions if o.value.written), said)
        muscles = _most_specific([o.value for o in items if o.kind == "muscle" and not lexicon.muscles[o.value].region],
                                 lexicon.muscles, lexicon)
        equipment = _most_specific([o.value for o in items if o.kind == "equipment"], lexicon.equipment, lexicon)
        if comment is None:
            exercise_id, comment_id, source = f"{post_id}-e{index:03d}", None, "body"
        else:
            exercise_id, comment_id, source = f"{comment.comment_id}-e{index:02d}", comment.comment_id, "comment"
        prescribed = any(not o.value.only_named for o in mentions) and (
            not entry.session or _warms_up(items, units, lexicon) and parts.has_volume())
        if entry.session and not prescribed:
            continue        # a sport named, or done as a whole session: no exercise, so no row (GUIDE)
        records.append(ExerciseRecord(
            exercise_id=exercise_id, post_id=post_id, comment_id=comment_id, source=source,
            name=entry.name, mention=named.written or said.text, category=entry.category, muscles=muscles,
            equipment=equipment, dose=parts.to_dose(_held_here(_timing(entry, named, lexicon), parts, items, units, lexicon)),
            evidence=sentence.text,
            prescribed=prescribed,
            **_cert_items(lexicon, entry.name, [o.value.text for o in mentions], parts,
                          _about(items, units), setting, prescriber),
            char_start=unit.offset + sentence.start, char_end=unit.offset + sentence.end,
            matched_by=named.matched_by, usual_muscles=entry.muscles,
        ))
    return records
