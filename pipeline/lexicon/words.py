"""The word lists of the stages other than extraction, read and checked here.

    themes.json      the comment themes' phrases, concepts, small talk, question openers, stop words
    privacy.json     how commenters' display names are split and which words are never a name
    normalise.json   the factors that put a dose's load into kilograms and its frequency per week

Each loader returns the file's :class:`Document` once its shape is checked; the stage compiles
the words into what it needs.  A problem names the file and the line of the key.
"""

from __future__ import annotations

from pathlib import Path

from .files import LEXICON_DIR, Document, read_json_object

__all__ = ["THEMES", "PRIVACY", "NORMALISE", "load_theme_words", "load_privacy_words", "load_normalise"]

THEMES = "themes.json"
PRIVACY = "privacy.json"
NORMALISE = "normalise.json"


def load_theme_words(path: Path = LEXICON_DIR / THEMES) -> Document:
    raw = read_json_object(path)
    for key, kind in (("phrases", dict), ("concepts", list), ("small_talk", list), ("question_openers", list),
                      ("stop_words", list), ("small_talk_max_words", int)):
        if not isinstance(raw.get(key), kind):
            raise raw.error(key, f"{key!r} must be a {kind.__name__}")
    for number, concept in enumerate(raw["concepts"], start=1):
        if not isinstance(concept, dict) or not isinstance(concept.get("label"), str) or not concept.get("terms"):
            raise raw.error(("concepts", number - 1), f"concept {number} needs a 'label' and a list of 'terms'")
    return raw


def load_privacy_words(path: Path = LEXICON_DIR / PRIVACY) -> Document:
    raw = read_json_object(path)
    for key in ("part_separators", "never_alone", "ordinary_words", "everyday_words", "movement_words", "greetings"):
        raw.words(key, "a list of strings", blank="")
    return raw


def load_normalise(path: Path = LEXICON_DIR / NORMALISE) -> Document:
    raw = read_json_object(path)
    for key in ("kg_per_load_unit", "sessions_per_week_named", "per_week_of_period"):
        for word, factor in raw.table(key, "an object of word -> number").items():
            if not isinstance(factor, (int, float)) or isinstance(factor, bool) or factor <= 0:
                raise raw.error((key, word), f"{key}[{word!r}] must be a positive number, got {factor!r}")
    return raw
