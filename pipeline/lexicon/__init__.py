"""The vocabulary: every word blogrx knows, as data files beside this module, and their readers.

    exercises.jsonl   one exercise a line: name, category, aliases, usual muscles and equipment   (vocabulary.py)
    muscles.jsonl     one muscle (or region) a line: name, parent (a hierarchy), aliases          (vocabulary.py)
    equipment.jsonl   one piece of equipment a line: name, parent, aliases, optional "patterns"  (vocabulary.py)
    cues.json         words that say "this is the target", "an alternative", "a position"...      (cues.py)
    conditions.jsonl  injuries and conditions with their aliases                                   (conditions.py)
    themes.json, privacy.json, normalise.json: the word lists of themes, privacy, export          (words.py)
    dose_terms.json, layout.json, cert.json: the extractor's grammar words, read as documents here
                      and compiled by extract/dose.py, layout.py and cert.py
    SOURCES.md        where the entries come from

Stages take their words from this package, never from one another.  It sits at the bottom of
the layers (it imports only records and errors), and every problem in a file takes one path
(files.py): a :class:`LexiconError` naming the file and the line,
``pipeline/lexicon/exercises.jsonl: line 12: missing 'category'``.
"""

from __future__ import annotations

from .conditions import CONDITIONS, read_conditions
from .cues import CUES, Cues, load_cues
from .files import (LEXICON_DIR, Document, Origin, alternation, located, locating, read_json_object, read_jsonl,
                    read_text)
from .vocabulary import (EQUIPMENT, EXERCISES, MUSCLES, Entries, ExerciseEntry, TermEntry, Timing, alias_key,
                         load_entries, load_exercises, load_terms, phrase_forms, plural, variants)
from .words import NORMALISE, PRIVACY, THEMES, load_normalise, load_privacy_words, load_theme_words

__all__ = [
    "LEXICON_DIR", "EXERCISES", "MUSCLES", "EQUIPMENT", "CUES", "CONDITIONS", "THEMES", "PRIVACY", "NORMALISE",
    "Origin", "Document", "read_text", "read_jsonl", "read_json_object", "located", "locating", "alternation",
    "Timing", "ExerciseEntry", "TermEntry", "Entries", "load_terms", "load_exercises", "load_entries",
    "alias_key", "plural", "variants", "phrase_forms", "Cues", "load_cues", "read_conditions",
    "load_theme_words", "load_privacy_words", "load_normalise",
]
