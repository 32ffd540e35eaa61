"""Layout: the role each block of a body plays, read before its sentences.

Blog posts are written as layout before sentences.  The commonest shape of a PT post is a name
on its own line, its instructions, and its dose line; a routine opens with an intro or a title
that doses or targets every item; a list names one exercise an item.  The same shapes come
from an HTML page (a short ``<p>``, a heading, a list item, a numbered line) and from plain text
(``clean/text.py``), so roles are read from the text of the blocks, not from their markup:

    "Flexibility / Range of motion"   title        no exercise name: closes the section before
    "Towel calf stretch"              name         opens a section
    "Straight back!"                  instruction  in that section
    "30 sec x 3 sets."                dose         in that section
    "Head Rolls - Roll your head..."  lead         a name, then its instructions: opens a section
    "• Calves 60 sec per side"        item         a list item that names (and doses) an exercise
    "I typically foam roll ..."       text         prose

A *section* runs from a name, lead or item line to the next one or to the next title; what is
said in it belongs to its exercise.  Each line also has the title or intro it sits under (its
*group*), whose dose, frequency and target reach every item of the routine.

Reading is in two steps.  :func:`shapes` needs only the text and the dose grammar (no spaCy):
where a line's name would be, whether it is a dose line, whether it reads as an instruction.
:func:`roles` then takes what the vocabulary found in each block (``known``: the character
spans of exercise names) and decides the roles and sections.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..errors import LexiconError
from ..records import Block
from ..lexicon import locating, read_json_object
from .dose import DoseGrammar

Role = Literal["title", "name", "lead", "item", "dose", "instruction", "text"]
ACTIVITIES = (("rolling", frozenset({"roll", "rolls", "rolling", "roller", "rolled"})),
              ("stretch", frozenset({"stretch", "stretches", "stretching", "stretched"})))
# a word opening as one of them ("roll...", "stretch..."): a cheap test of a whole page before its lines
ACTIVITY_STEM = re.compile(r"(?i)\b(?:%s)" % "|".join(min(cues, key=len) for _, cues in ACTIVITIES))
LAYOUT = "layout.json"

NAME_MAX_WORDS = 7          # a name line holds at most this many words
SHORT_LINE_WORDS = 9        # a line of at most this many words may be a title or a name
ITEM_NAME_WORDS = 4         # a list line's name before its dose, when no movement word says it is one
TITLE_MAX_WORDS = 16        # a post's first line that is its title (a longer one is its first paragraph)
NAME_WINDOW_CHARS = 80      # a name stands within a line's first characters
DOSE_LINE_MAX_WORDS = 16    # a dose line holds at most this many words
DOSE_LINE_WORDS = 4         # words besides the dose itself that a dose line may hold
OPENING_KINDS = ("name", "lead", "item")

# "1.", "2)", "(A)", "b)", "-", "•", "*": what numbers or bullets a line
_MARKER = re.compile(r"^\s*(?:\(?[A-Za-z]\)\s+|\(?\d{1,2}\s*(?:[.):]+|\.\))(?!\d)\s*|[-\u2013\u2014\u2022*\u00b7\u25aa\u25ba\u2713\u27a1>]+\s*)")
_LEADING_COUNT = re.compile(r"^(?:\d{1,3}\s*[xX\u00d7]\s*\d{1,3}|\d{1,3}\s*[xX\u00d7]?)(?:\s+|$)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
LOWER_WORDS = re.compile(r"[a-z][a-z-]*")      # the words of lower-cased text, hyphens kept ("single-leg")
_DIGIT = re.compile(r"\d")
_FIRST_WORD = re.compile(r"\W*([A-Za-z][A-Za-z'\u2019-]*)")
_SENTENCE_END = re.compile(r"[.!?;,][\"\u201d')\]]*$")
_TRAILING = re.compile(r"[\s@:;,.\-\u2013\u2014(]+$")
_OPEN_PAREN = re.compile(r"\s*[(\[]")
_COMMA_COUNT = re.compile(r",\s*(?=\d)")
_BARE_COUNT = re.compile(r"(\d{1,3})x?\s+(?=[A-Za-z])")
# a bare count or range right after a name and its comma, then a setting or the line's end:
# "Nordic curls, 10 supporting your weight with arms", "Step ups, 30-50 with optional weight"
_COUNT_AFTER = re.compile(r"(\d{1,3})(?:\s*[-\u2013]\s*(\d{1,3}))?(?=\s*(?:$|[:;.(]|\s+([A-Za-z/]+)))")
_AFTER_NAME = re.compile(r"[\s@:;,.\-\u2013\u2014~|]*")


@dataclass(frozen=True, slots=True)
class LayoutWords:
    """The words of ``lexicon/layout.json``."""

    movement_heads: dict[str, str]       # head word -> what an unqualified time means for it
    name_modifiers: frozenset[str]
    generic_names: frozenset[str]
    not_name_starts: frozenset[str]
    separators: tuple[str, ...]
    count_fillers: frozenset[str]
    instruction_starts: frozenset[str]
    part_synonyms: dict[str, str]
    part_joins: dict[tuple[str, str], str]
    droppable_parts: frozenset[str]
    generic_strip: tuple[str, ...]
    routine_activities: frozenset[str]     # exercises that name what a routine does ("foam rolling")
    body_words: frozenset[str]             # parts a movement goes to ("knee to chest", "hand to heel")
    prose_heads: frozenset[str]            # movement nouns a name in running prose ends with ("frog kick")
    prose_stop: frozenset[str]             # words too common to make a name in prose ("long walk")
    dose_line_fillers: frozenset[str]      # words a dose line holds besides its dose ("hold", "each side")
    kinds_of_exercise: frozenset[str]      # "poses", "stretches": a title over several, not a name
    purpose_words: frozenset[str]          # "of", "for", "best": a title or a purpose, not a name
    name_end_stop: frozenset[str]          # function words no name ends with
    pronouns: frozenset[str]               # "it", "them": a line holding one speaks of something ("Walk it out")
    setting_words: frozenset[str]          # "with", "from": a name's core ends before its setting
    trailing_phrase_words: frozenset[str]  # "on", "to": the head of a name stands before them
    verb_particles: frozenset[str]         # "drops inward", "lifts up": a movement word there is a verb
    laterality_words: frozenset[str]       # "single", "one-legged": a name in prose may open with them
    part_stop: frozenset[str]              # words that are no part of a name ("a", "with", "x")
    instruction_objects: frozenset[str]    # "right", "your": after a movement word ("Step right foot") it is a verb
    running_as_such: frozenset[str]        # "Jog", "Easy run": running or walking itself, no exercise (GUIDE)
    cardio_machines: frozenset[str]        # "5 minutes on the bike": time on a machine, no exercise's
    field_labels: frozenset[str]           # "Description:", "How to:": a handout's field, the step after it counts
    routine_labels: frozenset[str]         # "Strength (3 rounds)", "Block B - 3 sets": a part of a workout
    variant_marks: frozenset[str]          # "I", "2", "reverse": the variants of one pose ("Warrior I, II and III")
    variant_kinds: frozenset[str]          # "poses", "positions": words between a name and its variants
    modifier_parts: frozenset[str]         # "single", "kneed": words of a modifier written before a name
    list_marker: re.Pattern[str]           # a label before a name: "Exercise 1:", "Move #3 -", "Exercise:"
    one_leg_by_nature: frozenset[str]      # "step", "lunge": a name with one of them is one-legged anyway
    variant_modifiers: frozenset[str]      # the words of generic_strip and name_modifiers: "dumbbell squat" is a squat
    table_columns: dict[str, str]          # a table header's word -> its column: "Reps" -> reps, "Exercise" -> name

    def timing(self, name: str) -> str:
        """What an unqualified time means for a name nobody listed: by its last movement word."""
        for word in reversed(_words(name)):
            if word in self.movement_heads:
                return self.movement_heads[word]
        return "duration"


@locating
def load_layout_words(path: Path) -> LayoutWords:
    raw = read_json_object(path)
    lists = ("name_modifiers", "generic_names", "not_name_starts", "name_separators", "count_fillers",
             "instruction_starts", "droppable_parts", "generic_strip", "routine_activities", "body_words",
             "prose_heads", "prose_stop", "dose_line_fillers", "kinds_of_exercise", "purpose_words", "name_end_stop", "pronouns",
             "setting_words", "trailing_phrase_words", "verb_particles", "laterality_words", "part_stop",
             "instruction_objects", "running_as_such", "cardio_machines", "field_labels", "routine_labels", "variant_marks", "variant_kinds",
             "modifier_parts", "list_labels", "name_labels", "one_leg_by_nature")
    for key in (*lists, "movement_heads", "part_synonyms", "part_joins", "table_columns"):
        if key not in raw:
            raise LexiconError(str(path), f"missing key {key!r}")
    for key in lists:
        if not isinstance(raw[key], list) or not all(isinstance(w, str) and w.strip(" ") for w in raw[key]):
            raise LexiconError(str(path), f"{key!r} must be a list of non-empty strings")
    heads = raw["movement_heads"]
    if not isinstance(heads, dict) or not all(v in ("hold", "duration") for v in heads.values()):
        raise LexiconError(str(path), "'movement_heads' must map a word to \"hold\" or \"duration\"")
    synonyms = raw["part_synonyms"]
    if not isinstance(synonyms, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in synonyms.items()):
        raise LexiconError(str(path), "'part_synonyms' must map a word to a word or words")
    joins = raw["part_joins"]
    if not isinstance(joins, list) or not all(isinstance(j, list) and len(j) == 3 and all(isinstance(w, str) for w in j)
                                              for j in joins):
        raise LexiconError(str(path), "'part_joins' must be a list of [word, word, joined] triples")
    columns = raw["table_columns"]
    if not isinstance(columns, dict) or not all(
            isinstance(k, str) and v in ("name", "sets", "reps", "hold", "time", "load", "frequency", "dose", "other")
            for k, v in columns.items()):
        raise LexiconError(str(path), "'table_columns' must map a header word to name, sets, reps, hold, time, "
                                      "load, frequency, dose or other")
    unknown = sorted(set(raw) - set(lists) - {"movement_heads", "part_synonyms", "part_joins", "table_columns", "_about"})
    if unknown:
        raise LexiconError(str(path), f"unknown key {unknown[0]!r}")

    def low(key: str) -> frozenset[str]:
        return frozenset(w.lower().strip() for w in raw[key])

    return LayoutWords(
        movement_heads={k.lower(): v for k, v in heads.items()},
        name_modifiers=low("name_modifiers"), generic_names=low("generic_names"),
        not_name_starts=low("not_name_starts"), separators=tuple(raw["name_separators"]),
        count_fillers=low("count_fillers"), instruction_starts=low("instruction_starts"),
        part_synonyms={k.lower(): v.lower() for k, v in synonyms.items()},
        part_joins={(a.lower(), b.lower()): c.lower() for a, b, c in joins},
        droppable_parts=low("droppable_parts"), generic_strip=tuple(w.lower() for w in raw["generic_strip"]),
        routine_activities=low("routine_activities"), body_words=low("body_words"),
        prose_heads=low("prose_heads"), prose_stop=low("prose_stop"),
        dose_line_fillers=low("dose_line_fillers"), kinds_of_exercise=low("kinds_of_exercise"),
        purpose_words=low("purpose_words"), name_end_stop=low("name_end_stop"), pronouns=low("pronouns"), setting_words=low("setting_words"),
        trailing_phrase_words=low("trailing_phrase_words"), verb_particles=low("verb_particles"),
        laterality_words=low("laterality_words"), part_stop=low("part_stop"),
        instruction_objects=low("instruction_objects"), running_as_such=low("running_as_such"), cardio_machines=low("cardio_machines"),
        field_labels=low("field_labels"), routine_labels=low("routine_labels"), variant_marks=low("variant_marks"), variant_kinds=low("variant_kinds"),
        modifier_parts=low("modifier_parts"), list_marker=_list_marker(raw["list_labels"], raw["name_labels"]),
        one_leg_by_nature=low("one_leg_by_nature"),
        variant_modifiers=frozenset(w for form in (*raw["generic_strip"], *raw["name_modifiers"])
                                    for w in LOWER_WORDS.findall(form.lower())),
        table_columns={k.lower(): v for k, v in columns.items()},
    )


def _list_marker(labels: list[str], name_labels: list[str]) -> re.Pattern[str]:
    """ "Exercise 1: ", "Move #3 - ", "Stretch 2) ", "No. 4 ": the numbering of a list written
    as a label, ending in punctuation ("Stretch 3 Reverse Nordics" could be a count); and a label
    of the name without a number, before a colon ("Exercise: Side plank", "Drill: A-skips"), for
    the ``name_labels`` only ("Stretch: your hamstrings" names what is stretched)."""
    words = "|".join(re.escape(w.lower()) for w in sorted(labels, key=len, reverse=True))
    bare = "|".join(re.escape(w.lower()) for w in sorted(name_labels, key=len, reverse=True))
    return re.compile(rf"^\s*(?:(?:{words})\.?\s*#?\s*\d{{1,2}}[a-z]?"
                      rf"\s*[:.)\u2013\u2014|-]+|(?:{bare})\s*:)\s*", re.IGNORECASE)


def _marker(text: str, words: LayoutWords) -> re.Match[str] | None:
    """The list marker a line opens with: a bullet, a number, or a numbered label."""
    return words.list_marker.match(text) or _MARKER.match(text)


@dataclass(frozen=True, slots=True)
class Shape:
    """What a line looks like, from its text alone."""

    marker: int                  # characters of a leading number or bullet
    name: tuple[int, int] | None  # where a name would stand: the line's start, up to a separator or a dose
    rest: bool                   # text follows the name (after a separator or a dose)
    words: int                   # words in the line
    short: bool                  # at most SHORT_LINE_WORDS words and not ended like a sentence
    dose: bool                   # a dose line: a dose and hardly anything else
    has_volume: bool             # states sets, reps or a time somewhere
    instruction: bool            # opens like an instruction ("Lie on your back", "Injured leg behind")
    dose_next: bool = False      # a dose phrase is the first thing after the name ("Hand to heel - 4x5 each leg")
    count: int | None = None     # a bare count before the name: "- 20 curl to press", "30 total plank hip twists"
    count_max: int | None = None  # or after it, as a range: "Step ups, 30-50 with optional weight"
    number: int | None = None    # the bare number the line opens with, if any (a count, or the list's numbering)


@dataclass(frozen=True, slots=True)
class Line:
    role: Role
    name: tuple[int, int] | None   # span of the name in the block's text (name, lead, item)
    section: int | None            # the block that opens this line's section (itself for an opener)
    group: int | None              # the title or intro block this line sits under
    known: bool = False            # the vocabulary names an exercise in the name span
    count: int | None = None       # a bare count before the name (or after it and its comma): its reps
    count_max: int | None = None   # the top of a counted range ("Step ups, 30-50 with optional weight")
    numbered: bool = False         # the number before the name numbers the list ("2 Resisted Squat")
    part: bool = False             # the name is a body part: the exercise is what the section does to it
    unread: bool = False           # a dosed line among items, naming none the vocabulary knows: no routine's intro


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def may_lay_out_a_name(text: str, kind: str, words: LayoutWords) -> bool:
    """False only when the line can open no section with a name the vocabulary lacks: no movement
    word among its first words, and no numbered or bulleted line with a number in it."""
    head = text[:NAME_WINDOW_CHARS]
    if (kind == "list_item" or _marker(head, words)) and _DIGIT.search(text):
        return True
    heads = words.movement_heads
    if len(text.split()) <= NAME_MAX_WORDS + 2:          # a short line: "Toe circles"
        return not heads.keys().isdisjoint(_words(text))
    for sep in words.separators:                          # a lead: "Head Rolls - Roll your head..."
        at = head.find(sep)
        if at > 0 and not heads.keys().isdisjoint(_words(head[:at])[-3:]):
            return True
    return False


def _opens_instruction(text: str, words: LayoutWords) -> bool:
    """The line opens like an instruction ("Lie on your back"), also after a handout's field
    label ("Description: Balance on one leg. ...")."""
    label = _FIELD_LABEL.match(text) or _CAPS_LABEL.match(text)
    if label and label.group(1).lower() in words.field_labels:
        text = text[label.end():]
    first = _FIRST_WORD.match(text)
    return first is not None and first.group(1).lower() in words.instruction_starts


def _position_then_order(text: str, words: LayoutWords) -> bool:
    """The line opens with a position and goes on as an order: "Kneeling lunge, tuck the pelvis
    under ...", "Balancing on one leg, reach the other foot out ..." (the position is no exercise
    of its own)."""
    head, comma, rest = text.partition(",")
    return bool(comma) and len(head.split()) <= 5 and not _DIGIT.search(head) and _opens_instruction(rest, words)


_FIELD_LABEL = re.compile(r"\s*([A-Za-z][A-Za-z ]{0,24}?)\s*:\s*")
_INNER_CAPS_LABEL = re.compile(r"\s([A-Z]{2,}(?: [A-Z]{2,})?)\s+(?=[A-Z][a-z])")
_CAPS_LABEL = re.compile(r"\s*([A-Z][A-Z ]{0,24}[A-Z])\s+(?=[A-Z][a-z])")   # "DO IT Lie on the floor ..."


def short_line(text: str) -> bool:
    """A line of a few words that ends no sentence: a title, a name, a list line."""
    return text.count(" ") + 1 <= SHORT_LINE_WORDS and not _SENTENCE_END.search(text.strip())


def light_shape(text: str, words: LayoutWords) -> Shape:
    """The shape of a line far from any name: only its bullet or number, length and first word."""
    marker_m = _marker(text, words)
    marker = marker_m.end() if marker_m and not _LEADING_COUNT.match(text) else 0
    return Shape(marker=marker, name=None, rest=False, words=text.count(" ") + 1, short=short_line(text), dose=False,
                 has_volume=False, instruction=_opens_instruction(text[marker:], words))


def prose(text: str, words: LayoutWords) -> Shape | None:
    """The shape of a line that can be neither a name nor a dose line, read cheaply; None when
    the line needs :func:`shape`.  A long line with no number, bullet or separator near its
    start and no movement word among its first words is prose (most lines of most pages)."""
    head = text[:NAME_WINDOW_CHARS]
    if head[:1].isdigit() or _marker(head, words):
        return None
    n_words = text.count(" ") + 1
    if n_words <= DOSE_LINE_MAX_WORDS:
        return None
    for sep in (*words.separators, " (", ", "):   # "Side-lying Hip ABDuction - abs snug, ...": a name, then more
        at = head.find(sep)
        if at > 0 and head.count(" ", 0, at) < NAME_MAX_WORDS + 2:
            return None
    return Shape(marker=0, name=None, rest=False, words=n_words, short=False, dose=False, has_volume=False,
                 instruction=_opens_instruction(head, words))


def shape(text: str, words: LayoutWords, grammar: DoseGrammar) -> Shape:
    marker_m = _marker(text, words)
    marker = marker_m.end() if marker_m and not _LEADING_COUNT.match(text) else 0
    body = text[marker:]
    n_words = len(body.split())
    # a dose line is short; in a longer line only the doses around its name matter
    window = body if n_words <= DOSE_LINE_MAX_WORDS else body[:NAME_WINDOW_CHARS]
    phrases = grammar.phrases(window) if grammar.may_hold_a_dose(window) else []
    volume = any(p.has_volume() for p in phrases)

    # the dose line: the dose phrases blanked, hardly a word is left
    blanked = body
    for p in phrases:
        s, e = p.start or 0, p.end or 0
        blanked = blanked[:s] + " " * (e - s) + blanked[e:]
    left = [w for w in _words(blanked) if w not in words.count_fillers and w not in words.dose_line_fillers]
    dose_line = volume and len(left) <= DOSE_LINE_WORDS and n_words <= DOSE_LINE_MAX_WORDS

    # the name: from the start to a separator, a bracket or a dose phrase
    end = len(body)
    rest = False
    for sep in words.separators:
        at = body.find(sep)
        if 0 < at < end:
            end, rest = at, True
    label = _INNER_CAPS_LABEL.search(body)    # "1 Bridge AIM To strengthen the glutes": a handout's field
    if label and 0 < label.start() < end and label.group(1).lower() in words.field_labels:
        end, rest = label.start(), True
    comma = _COMMA_COUNT.search(body)         # "Carioca, 2 lengths of the car park"
    if comma and 0 < comma.start() < end:
        end, rest = comma.start(), True
    paren = _OPEN_PAREN.search(body)
    if paren and 0 < paren.start() < end:
        end, rest = paren.start(), True
    start = 0
    count = _LEADING_COUNT.match(body)
    for p in phrases:
        s = p.start or 0
        if s <= start + 1 or (count and s <= count.end()):
            start = max(start, p.end or 0)     # "20 each arm shoulder taps", "10 reps per side Fire Hydrants"
        elif s < end:
            end, rest = s, True
            break
    if count and count.end() > start:
        start = count.end()
    while start > 0:                           # "30 total plank hip twists": words of the count, not the name
        m = re.match(r"\s*([A-Za-z]+)\b", body[start:end])
        if m and m.group(1).lower() in words.count_fillers:
            start += m.end()
            continue
        break
    while start < end and not body[start].isalnum():
        start += 1
    trail = _TRAILING.search(body[start:end])
    if trail:
        end = start + trail.start()
    name = (marker + start, marker + end) if end > start else None
    if name and len(body[start:end].split()) > NAME_MAX_WORDS + 2:
        cut = body.find(", ", start, end)      # "Leg swings, front to back, holding onto a tree or fence"
        if 0 < cut and _core_words(body[start:cut], words) <= ITEM_NAME_WORDS and n_words <= SHORT_LINE_WORDS + 4:
            name, end, rest = (marker + start, marker + cut), cut, True
        else:
            name = None                        # a sentence, not a name
    first = next(iter(_words(body)), "")
    bare = _BARE_COUNT.match(body)
    count = int(bare.group(1)) if bare and name and not any((p.start or 0) < bare.end() for p in phrases) else None
    count_max = None
    if count is None and name and comma and marker + comma.start() == name[1]:
        count, count_max = _count_after(body, comma.end(), phrases, words)
    after = end + len(_AFTER_NAME.match(body, end).group(0)) if name else 0
    dose_next = name is not None and any(abs((p.start or 0) - after) <= 1 for p in phrases if p.has_volume())
    return Shape(
        marker=marker, name=name, rest=rest or (end < len(body.rstrip(" .!")) and name is not None),
        words=n_words, short=n_words <= SHORT_LINE_WORDS and (not _SENTENCE_END.search(body.strip()) or (
            n_words <= 5 and body.strip().endswith(".") and not body.strip().endswith(".."))),
        dose=dose_line, has_volume=volume,
        instruction=first in words.instruction_starts or _opens_instruction(body, words), dose_next=dose_next,
        count=count, count_max=count_max,
        number=int(bare.group(1)) if bare else None,
    )


def _core_words(name: str, words: LayoutWords) -> int:
    """The words of a name before its setting: "Half-kneeling chop with a band" has two."""
    ws = _words(name)
    return next((k for k, w in enumerate(ws) if k > 1 and w in words.setting_words), len(ws))


def _count_after(body: str, at: int, phrases: Sequence, words: LayoutWords) -> tuple[int | None, int | None]:
    """The bare count after a name's comma, when no dose phrase reads it and a setting ("with",
    "supporting", "using"), punctuation or the line's end follows: "Nordic curls, 10 supporting
    your weight with arms"; not "Carioca, 2 lengths of the car park" (a unit follows)."""
    m = _COUNT_AFTER.match(body, at)
    if m is None or any((p.start or 0) < m.end() and at <= (p.end or 0) for p in phrases):
        return None, None
    follower = (m.group(3) or "").lower()
    if follower and follower not in words.setting_words and not (follower.endswith("ing") and len(follower) > 5):
        return None, None
    low, high = int(m.group(1)), int(m.group(2)) if m.group(2) else None
    return (low, high) if high is None or high > low else (None, None)


_YEAR = re.compile(r"(?<![\w.:/-])(?:19|20)\d\d(?![\w.:/-])")


def plausible_name(text: str, words: LayoutWords, known: bool = False) -> bool:
    """Could this (a line's name span) be the name of an exercise?  A ``known`` one (the
    vocabulary names an exercise in it) may open with any word ("Step Up")."""
    if _YEAR.search(text):
        return False             # a byline or a comment's header: "Kinetic Physio · 15 March 2022"
    ws = _words(text)
    core = _core_words(text, words)
    if not 1 <= core <= NAME_MAX_WORDS or len(ws) > NAME_MAX_WORDS + 3 or (
            ws[0] in words.not_name_starts and not (known and ws[0] in words.movement_heads)):
        return False             # a name's core, before "from a chair", "with a band", is short
    if ws[-1] in words.name_end_stop or (not known and any(w in words.pronouns for w in ws)):
        return False             # "Walk it out": a name names its movement, it refers to nothing
    if " ".join(ws) in words.generic_names or " ".join(ws) in words.running_as_such:
        return False
    if all(w in words.name_modifiers or w in words.generic_names for w in ws):
        return False
    if any(w in words.purpose_words for w in ws):
        return False             # "Pose of the day", "A great stretch for tight hips"
    if any(w in words.kinds_of_exercise for w in ws[:-1]):
        return False             # "Yoga Poses to Relieve Gas": a title over several
    return True


def _instructs(text: str, words: LayoutWords) -> bool:
    """The span opens with a verb of instruction, not a movement: "Perform" in "Perform 2-3 sets
    of 10-15 reps of the following exercises" (not "Step ups")."""
    first = next(iter(_words(text)), "")
    return first in words.instruction_starts and first not in words.movement_heads


def is_open_name(text: str, words: LayoutWords) -> bool:
    """A plausible name that reads as a movement: its head, the last word before any trailing
    phrase ("Dorsiflexion stretch on step", "curl to press"), is a movement word.  Recipe steps
    and titles end otherwise ("Remove from canner and allow to cool", "PB Crunch Bars")."""
    ws = _words(text)
    if len(ws) < 2 or not plausible_name(text, words) or _instructs(text, words):
        return False            # one word the vocabulary lacks is too little to go on ("Pullover")
    head = next((k for k, w in enumerate(ws) if k > 0 and w in words.trailing_phrase_words), len(ws))
    last = ws[head - 1]
    if last not in words.movement_heads and not (head >= 2 and f"{ws[head - 2]}-{last}" in words.movement_heads):
        return False            # (a head written in two words: "step up", "push ups")
    if head + 1 < len(ws) and ws[head] in ("to", "into") and ws[head + 1] not in words.movement_heads \
            and ws[head + 1] not in words.body_words:
        return False            # "Jump to Recipe": "sit to stand", "hand to heel" go to a movement or a part
    return True


def roles(blocks: Sequence[Block], shapes: Sequence[Shape | None],
          named: Callable[[int, int, int], frozenset[str]], words: LayoutWords,
          target: Callable[[int, int, int], bool] = lambda i, s, e: False,
          title: str | None = None,
          about_all: Callable[[int], bool] = lambda i: False,
          dosed: Callable[[int], bool] | None = None) -> tuple[Line, ...]:
    """The role and section of each block.

    ``shapes[i]`` is None for a block that is no text of the body (a table, code).
    ``named(i, start, end)`` gives the exercises the vocabulary names within that span of block
    ``i``'s text; ``target(i, start, end)`` whether the span names a muscle or body part
    (a "Calves 60 sec per side" item of a foam-rolling list); ``about_all(i)`` whether block
    ``i`` speaks of the whole routine ("Perform each exercise for 40 seconds"); ``dosed(i)``
    whether block ``i`` states sets, reps or a time anywhere (default: near its start, by its shape).
    """
    if dosed is None:
        def dosed(i: int) -> bool:
            return shapes[i] is not None and shapes[i].has_volume
    n = len(blocks)
    kinds: list[tuple[Role, tuple[int, int] | None, bool]] = []
    for i, block in enumerate(blocks):
        s = shapes[i]
        if s is None:
            kinds.append(("text", None, False))
            continue
        span = s.name
        name_text = block.text[span[0]:span[1]] if span else ""
        is_known = bool(span) and bool(named(i, *span))
        if i == 0 and title is not None and block.text.strip() == title.strip() and s.words <= TITLE_MAX_WORDS:
            kinds.append(("title", None, False))     # the post's own title
            continue
        is_target = target(i, *span) if span else False
        role = _first_role(block, s, span, name_text, is_known, words, is_target)
        if role == "item" and is_target and not is_known and not is_open_name(name_text, words):
            role = "part-item"                # "Calves 60 sec per side" in a foam-rolling list
        if role == "dose" and named(i, 0, len(block.text)):
            role = "text"                     # "30 second side plank on each side": names its own exercise
        kinds.append((role, span, is_known))

    def next_text(i: int) -> int | None:
        return i + 1 if i + 1 < n and shapes[i + 1] is not None else None

    # an open name line stands only where something follows it that describes or doses it
    out_roles: list[Role] = []
    for i, (role, span, is_known) in enumerate(kinds):
        if role == "name?":
            j = next_text(i)
            follows = j is not None and (
                kinds[j][0] in ("dose", "instruction?", "text") and blocks[j].kind != "heading"
                or (kinds[j][0] in ("item", "item?", "part-item") and _variations(kinds, blocks, j)))
            # or it stands in a run of names: "Resistance Band Abductor Pull" between "Side Step with
            # Resistance Band" and "Resistance Band Standing Kick Backs"
            listed = (j is not None and kinds[j][0] == "name") or (i > 0 and out_roles[i - 1] in ("name", "lead"))
            role = "name" if follows or listed else "title"
        elif role == "part?":
            j = next_text(i)
            follows = j is not None and kinds[j][0] in ("instruction?", "text", "dose") and blocks[j].kind != "heading"
            role = "part" if follows or _rolled_list(blocks, i) or _rolled_run(kinds, blocks, i) else "title"
        elif role == "part-lead" and (j := next_text(i)) is not None and kinds[j][0] == "item" and kinds[j][2]:
            role = "title"    # "Core – 2 sets of 12" over "Dead bug", "Bird dog": the routine's title and dose
        elif (role == "dose" and span is not None and (j := next_text(i)) is not None
              and kinds[j][0] in ("item", "lead") and kinds[j][2] and _labels_a_routine(blocks[i].text[span[0]:span[1]], words)):
            role = "title"    # "Strength (3 rounds)" over "Goblet squat x 12": the routine's title and dose
        elif (role == "name" and (j := next_text(i)) is not None and kinds[j][0] in _PART_KINDS
              and named(i, 0, len(blocks[i].text)) <= words.routine_activities):
            role = "title"    # "Foam rolling routine" over "Calves – 60 seconds each leg": the routine's title
        elif role == "instruction?":
            role = "instruction"
        elif role == "item?":
            role = "instruction"
        out_roles.append(role)  # type: ignore[arg-type]

    # a short line the vocabulary does not know, between name lines of the same shape, is a name
    # too: "Stair hangs" over how to do them, after "Alphabet tracing" over how to do that
    for i in range(n):
        if out_roles[i] == "title" and kinds[i][0] == "title" and kinds[i][1] is not None:
            span = kinds[i][1]
            if _sibling_name(i, out_roles, blocks, next_text, shapes) and plausible_name(
                    blocks[i].text[span[0]:span[1]], words):
                out_roles[i] = "name"

    # "Sit-to-stand. From a dining chair, stand up ..." between "Tandem walk. Walk heel-to-toe ..." and
    # "Clock reaches. Standing on one leg ...": a name the vocabulary lacks, laid out as the leads beside it
    for i in range(n):
        span, s = kinds[i][1], shapes[i]
        if out_roles[i] != "text" or span is None or s is None or not s.rest or span[0] - s.marker > 1:
            continue
        text = blocks[i].text
        name_text, sep = text[span[0]:span[1]], _separator_after(text, span[1], words)
        if (sep and name_text[:1].isupper() and len(name_text.split()) <= ITEM_NAME_WORDS
                and plausible_name(name_text, words) and _opens_instruction(text[span[1] + len(sep):], words)
                and any(0 <= k < n and out_roles[k] == "lead" and blocks[k].kind == blocks[i].kind
                        and kinds[k][1] is not None and _separator_after(blocks[k].text, kinds[k][1][1], words) == sep
                        for k in (i - 1, i + 1))):
            out_roles[i] = "lead"

    # "Frog pumps (30 reps)" among "Hip airplanes (5 each side)", "Curtsy lunges - 12 each leg": a
    # name the vocabulary lacks, its dose right after it, in a run of such lines, is a lead too
    for i in range(n):
        span, s = kinds[i][1], shapes[i]
        if (out_roles[i] == "dose" and span is not None and s is not None and s.dose_next
                and span[0] - s.marker <= 1 and _beside_a_lead(i, out_roles, blocks)):
            name_text = blocks[i].text[span[0]:span[1]]
            if len(name_text.split()) <= ITEM_NAME_WORDS and plausible_name(name_text, words) and not _instructs(name_text, words):
                out_roles[i] = "lead"

    # a lead right under an undosed name line is that name's how-to and dose when it names the
    # same exercise ("6. Plank" over "Forearm plank, 45 seconds. Don't let the hips sag."), or,
    # under a known name line, when it names none the vocabulary knows ("Supine twist" over
    # "Knees to one side, arms wide. Both sides.")
    for i in range(1, n):
        k = i - 1
        span, above = kinds[i][1], kinds[k][1]
        if out_roles[i] != "lead" or shapes[k] is None or shapes[k].has_volume or shapes[i] is None:
            continue
        same = (out_roles[k] in ("name", "item") and span is not None and above is not None
                and named(i, *span) and named(i, *span) == named(k, *above))
        unknown_under_known = (out_roles[k] == "name" and kinds[k][2] and not kinds[i][2]
                               and blocks[i].kind == blocks[k].kind)
        if same or unknown_under_known:
            out_roles[i] = "dose" if shapes[i].has_volume else "instruction"

    # list items right under a name line that name nothing known and dose nothing, with the dose
    # line after them, are its variations ("Single leg stance / - with eyes closed / 30 sec x 3 sets")
    for i in range(n):
        if out_roles[i] == "name" or out_roles[i] == "lead":
            j = i + 1
            while j < n and blocks[j].kind == "list_item":
                j += 1
            if j == i + 1 or j >= n or out_roles[j] != "dose":
                continue
            for k in range(i + 1, j):
                if out_roles[k] == "item" and not kinds[k][2] and not (shapes[k] and shapes[k].has_volume):
                    out_roles[k] = "instruction"

    # "- Foam roll each for 60 seconds" after "- Calves", "- Quads": the list's activity said of each
    # of its parts, a dose of the routine, no item of its own
    for i in range(1, n):
        if (out_roles[i] in ("item", "lead") and kinds[i][2] and out_roles[i - 1] in ("part", "part-lead", "part-item")
                and about_all(i) and named(i, 0, len(blocks[i].text)) <= words.routine_activities):
            out_roles[i] = "dose"

    numbered = _numbering(shapes)
    parts = {i for i, role in enumerate(out_roles) if role in ("part", "part-lead", "part-item")}
    out_roles = [{"part": "name", "part-lead": "lead", "part-item": "item"}.get(r, r)  # type: ignore[misc]
                 for r in out_roles]
    lines: list[Line] = []
    section: int | None = None
    group: int | None = None
    for i, role in enumerate(out_roles):
        span, is_known = kinds[i][1], kinds[i][2]
        if role in OPENING_KINDS:
            section = i
            lines.append(Line(role, span, i, group, known=is_known, part=i in parts,
                              count=None if i in numbered or shapes[i] is None else shapes[i].count,
                              count_max=None if i in numbered or shapes[i] is None else shapes[i].count_max,
                              numbered=i in numbered))
            continue
        if role == "title":
            section, group = None, i
            lines.append(Line(role, None, None, group, numbered=i in numbered))
            continue
        if section is not None and about_all(i) and not _own_line_under_a_lone_name(i, section, out_roles, shapes, blocks):
            section = None        # "Perform each exercise for 40 seconds": said of the routine, not one item
        alone = section is not None and 0 < section and out_roles[section - 1] != "item" and (
            section + 1 < n and out_roles[section + 1] != "item")
        # (but a how-to right under a dosed item, another item after it, is that item's: "3. Single
        # leg hop landing 8 x 3 each leg" / "Stand on a step on one leg. Hop down ..." / "4. Side plank")
        how_to = (role == "instruction" and section == i - 1 and blocks[i].kind != "list_item"
                  and i + 1 < n and out_roles[i + 1] in OPENING_KINDS)
        if section is not None and out_roles[section] == "item" and role not in ("dose",) and not how_to and (
                shapes[section] is None or (shapes[section].rest and (shapes[section].has_volume
                                                                    or not _aside_only(blocks[section], kinds[section][1])))
                or role not in ("instruction", "text") or not alone):
            section = None        # an item holds its own line and the dose lines under it
        if section is not None and out_roles[section] == "lead" and role == "text" and not _subtitled(
                blocks[section], shapes[section]):
            section = None        # a lead holds its description; prose after it is not its dose
        if (role == "text" and section == i - 1 and out_roles[section] == "name" and shapes[section] is not None
                and not shapes[section].has_volume and _position_then_order(blocks[i].text, words)):
            role = "instruction"  # "HIP FLEXOR" over "Kneeling lunge, tuck the pelvis under": its how-to
        if role == "text" and section is not None and (
                (named(i, 0, len(blocks[i].text)) - named(section, 0, len(blocks[section].text))
                 and not rolls_as_its_name_line(blocks, i, section))
                or not _belongs(blocks, i, section, shapes)):
            section = None        # prose naming exercises of its own, or talking about the post
        unread = role == "text" and section is None and _unread_item(blocks, i, out_roles, dosed)
        if role == "text" and section is None and blocks[i].kind == "paragraph" and not unread and _introduces(
                blocks, i, out_roles):
            group = i
        lines.append(Line(role, None, section, group, numbered=i in numbered, unread=unread))
    return tuple(lines)


_PART_KINDS = ("part?", "part-lead", "part-item")


def _first_role(block: Block, s: Shape, span: tuple[int, int] | None, name_text: str, is_known: bool,
                words: LayoutWords, is_target: bool) -> str:
    """A line's role from its own shape; "name?" and "item?" wait for what follows them."""
    whole = span is not None and not s.rest
    # the name opens the line, or a known name after its number ("1 Bridge AIM To strengthen ...")
    first = span is not None and (span[0] - s.marker <= 1 or (
        is_known and not s.has_volume and s.number is not None and s.number < 10
        and not block.text[s.marker:span[0]].strip(" .)0123456789")))
    open_name = span is not None and is_open_name(name_text, words)
    if block.kind == "list_item" or (s.marker and block.kind != "heading"):
        # a list line: a known or movement name, or any name before its dose ("Hand to heel - 4x5")
        if span and (is_known or open_name or (first and s.dose_next and plausible_name(name_text, words)
                                               and len(name_text.split()) <= ITEM_NAME_WORDS)
                     or (s.has_volume and is_target)):
            return "item"
        if whole and is_target and len(_words(name_text)) <= 4 and not s.dose:
            return "part?"                 # "1) Calves", "3) IT band / outer thigh" over how to roll them
        return "dose" if s.dose else "item?"
    if span and first and s.rest and (is_known or open_name) and plausible_name(name_text, words, is_known) and (
            not s.instruction or is_known) and (block.kind != "heading" or (
                _subtitled(block, s) and is_known and any(c.isalnum() for c in block.text[span[1]:])
                or s.dose_next and s.has_volume)):
        return "lead"                      # "Bosu balancing, 3 sets of 30 seconds", "Head Rolls - Roll your head"
    if span and first and s.rest and is_target and len(name_text.split()) <= 4 and not s.instruction:
        return "part-lead"                 # "Quads: in a plank position, roll along the front of your thighs"
    if span and is_known and not first and s.has_volume and not s.rest and plausible_name(name_text, words):
        return "lead"                      # "100/leg clams with resistance band", "3 sets of 8 inverted rows"
    if s.dose:
        return "dose"
    opens_instruction = s.instruction and first_word(name_text) not in words.movement_heads
    if whole and s.short:
        if is_known and plausible_name(name_text, words, known=True) and not opens_instruction:
            return "name"                  # not "Begin in Downward Facing Dog"
        if open_name:
            return "name?"
        if is_target and len(name_text.split()) <= 4:
            return "part?"                 # "Hip flexors" over how to stretch them, "Quads" over how to roll them
        if opens_instruction and block.kind != "heading":
            return "instruction?"          # "Pivot left foot 90 degrees"
        ended = body_end(block.text)
        return "title" if block.kind == "heading" or (s.words <= 5 and not ended) else "text"
    if block.kind == "heading":
        return "title"
    return "instruction?" if s.instruction and not (first and is_known) else "text"


def _labels_a_routine(text: str, words: LayoutWords) -> bool:
    """The words before a dose name a part of a workout ("Strength", "Core circuit", "Block B";
    ``layout.json`` ``routine_labels``), not a handout's field ("Sets:") nor an exercise."""
    ws = re.findall(r"[a-z0-9][a-z0-9-]*", text.lower())
    return bool(ws) and len(ws) <= 3 and all(w in words.routine_labels for w in ws)


def _rolled_list(blocks: Sequence[Block], i: int) -> bool:
    """A list item in a list whose intro rolls or stretches: "Spend 1-2 minutes rolling each of
    these areas:" over "Calves", "Hamstrings", "IT band" (each part is an exercise)."""
    if blocks[i].kind != "list_item" or blocks[i].list_id is None:
        return False
    k = i
    while k > 0 and blocks[k - 1].kind == "list_item" and blocks[k - 1].list_id == blocks[i].list_id:
        k -= 1
    return k > 0 and blocks[k - 1].kind == "paragraph" and blocks[k - 1].text.rstrip().endswith(":") and (
        activity([blocks[k - 1].text]) is not None)


def _rolled_run(kinds: list, blocks: Sequence[Block], i: int) -> bool:
    """A body part's line in a run of two or more such lines (paragraphs or list lines) right
    under a line that rolls or stretches: "Foam rolling after long runs" over "Calves", "Quads",
    "IT band", "Glutes" and "Spend 1-2 minutes on each area" (each part is an exercise)."""
    def part(k: int) -> bool:
        return 0 <= k < len(kinds) and kinds[k][0] == "part?" and blocks[k].kind == blocks[i].kind
    first = i
    while part(first - 1):
        first -= 1
    last = i
    while part(last + 1):
        last += 1
    if last == first:
        return False
    above = [blocks[k].text for k in range(max(first - 2, 0), first)]
    return bool(above) and activity(above) is not None


def _subtitled(block: Block, s: Shape | None) -> bool:
    """A lead whose rest is a short subtitle ("Crescent Lunge - Sanskrit: Anjaneyasana"): a name
    line, whose description follows on the lines under it."""
    return s is not None and s.name is not None and s.short and not s.has_volume


_DESCRIBES = ("instruction", "dose")


def _sibling_name(i: int, out_roles: list[str], blocks: Sequence[Block],
                  next_text: Callable[[int], int | None], shapes: Sequence[Shape | None]) -> bool:
    """Line ``i`` stands as its neighbouring name lines do: a paragraph of its own kind with
    instruction or dose lines under it (or a paragraph of prose that doses it, where its
    neighbours have prose under them too), and the nearest opener before or after it is a name
    line laid out the same way (its kind, described by the line under it).  A heading stands so
    only among name headings of its own level ("Lizard pose", "Half splits", "Pigeon", each over
    how to do it): a section's title has no such neighbours."""
    j = next_text(i)
    if j is None:
        return False
    under = _DESCRIBES if out_roles[j] in _DESCRIBES else (*_DESCRIBES, "text")
    if out_roles[j] not in under or (out_roles[j] == "text" and not (shapes[j] and shapes[j].has_volume)):
        return False

    def described_name(k: int) -> bool:
        return (out_roles[k] == "name" and blocks[k].kind == blocks[i].kind and blocks[k].level == blocks[i].level
                and k + 1 < len(out_roles) and out_roles[k + 1] in under)

    k = i - 1
    while k >= 0 and out_roles[k] in (*_DESCRIBES, "text"):
        k -= 1
    if k >= 0 and described_name(k):
        return True
    k = j
    while k < len(out_roles) and out_roles[k] in (*_DESCRIBES, "text"):
        k += 1
    return k < len(out_roles) and described_name(k)


def _separator_after(text: str, end: int, words: LayoutWords) -> str | None:
    """The separator that ends a name at ``end`` ("Tandem walk. Walk ...", "Clams - lie ..."), or None."""
    return next((sep for sep in words.separators if text.startswith(sep, end)), None)


_ASIDE = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\W*$")


def _aside_only(block: Block, span: tuple[int, int] | None) -> bool:
    """After the name stands only a bracketed aside and no dose: "1. STEP DOWNS (QUADS)" is a
    name line, its how-to and dose on the lines under it."""
    return span is not None and _ASIDE.fullmatch(block.text[span[1]:]) is not None and not _DIGIT.search(
        block.text[span[1]:])


def _beside_a_lead(i: int, out_roles: list[str], blocks: Sequence[Block]) -> bool:
    """The line before or after ``i`` is a lead or item of the same block kind."""
    return any(0 <= k < len(out_roles) and out_roles[k] in ("lead", "item") and blocks[k].kind == blocks[i].kind
               for k in (i - 1, i + 1))


def first_word(text: str) -> str:
    """The line's first word, lower case ("" for none)."""
    ws = _words(text)
    return ws[0] if ws else ""


def _numbering(shapes: Sequence[Shape | None]) -> set[int]:
    """Lines whose bare leading numbers count up one by one ("1 Bridge", "2 Resisted Squat", ...):
    the numbers number the list, they are no reps."""
    counted = [(i, s.number) for i, s in enumerate(shapes) if s is not None and s.number is not None]
    out: set[int] = set()
    for (i, a), (j, b) in zip(counted, counted[1:]):
        if b == a + 1 and a <= 20:
            out.update((i, j))
    return out


def rolls_as_its_name_line(blocks: Sequence[Block], i: int, section: int) -> bool:
    """Under a rolling name line, a line that rolls what it names tells what the roll is of: "Foam
    roll the outer thigh" over "Rolling the TFL and the side of the quad ... 60 sec per side"."""
    return activity([blocks[section].text]) == "rolling" == activity([blocks[i].text])


def activity(texts: Sequence[str]) -> str | None:
    """What a run of lines does to a body part: "rolling" or "stretch", or None."""
    for text in texts:
        ws = set(_words(text))
        for name, cues in ACTIVITIES:
            if ws & cues:
                return name
    return None


def body_end(text: str) -> bool:
    """The line ends like a sentence ("Injured leg behind, knee straight.")."""
    return bool(_SENTENCE_END.search(text.strip()))


def _variations(kinds: list, blocks: Sequence[Block], j: int) -> bool:
    """List items right after a candidate name: its variations when none is a known name and a
    dose line follows them."""
    k = j
    while k < len(kinds) and kinds[k][0] in ("item", "item?", "part-item"):
        if kinds[k][2]:
            return False
        k += 1
    return k < len(kinds) and kinds[k][0] == "dose"


def _belongs(blocks: Sequence[Block], i: int, section: int, shapes: Sequence[Shape | None]) -> bool:
    """Whether a text line still describes the exercise of the section above it.  A section
    keeps the lines right under its opener; prose that talks about the post ("I hope you find
    these exercises helpful") or asks the reader something ends it."""
    text = blocks[i].text.strip()
    if text.endswith("?"):
        return False
    first = next(iter(_words(text)), "")
    return first not in {"i", "i'm", "i've", "we", "my", "our", "hope", "thanks", "happy", "what", "who", "have"}


def _unread_item(blocks: Sequence[Block], i: int, out_roles: list[Role], dosed: Callable[[int], bool]) -> bool:
    """A dosed paragraph between two item lines of its own kind ("Y-T-W raises on a bench, 2lb
    plates. 8 of each letter, 2 rounds." between "Band pull-aparts – 2x15" and "Dead bug – 3 sets
    of 10"): an item whose name the vocabulary lacks, not the intro of the items after it."""
    def dosed_text(k: int) -> bool:
        return (out_roles[k] == "text" and dosed(k) and blocks[k].kind == blocks[i].kind
                and not blocks[k].text.rstrip().endswith(":"))

    def opener(k: int) -> bool:
        return 0 <= k < len(blocks) and out_roles[k] in OPENING_KINDS and blocks[k].kind == blocks[i].kind

    if not dosed_text(i) or not opener(i + 1):
        return False
    k = i - 1
    while k >= 0 and dosed_text(k):       # "External rotation with a band, elbow pinned – 2 x 12" above it
        k -= 1
    return opener(k)


def _own_line_under_a_lone_name(i: int, section: int, out_roles: list[Role], shapes: Sequence[Shape | None],
                                blocks: Sequence[Block]) -> bool:
    """The line right under an undosed name that no other name line stands right above
    ("Exercise 3: Single-leg heel drops" / "Straight knee and bent knee, off a step, 3 sets of 15
    of each, every other day"): that name's line, though it says "each"; under a run of bare
    names ("Plank" / "Side plank" / "Do each for 30 seconds") it is the run's."""
    if section != i - 1 or out_roles[section] not in OPENING_KINDS or blocks[i].text.rstrip().endswith(":"):
        return False
    if shapes[section] is None or shapes[section].has_volume:
        return False
    return section == 0 or out_roles[section - 1] not in OPENING_KINDS


def _introduces(blocks: Sequence[Block], i: int, out_roles: list[Role]) -> bool:
    """A paragraph outside any section that is followed by exercises: the routine's intro."""
    j = i + 1
    while j < len(blocks) and out_roles[j] == "text":
        return False
    return j < len(blocks) and out_roles[j] in OPENING_KINDS
