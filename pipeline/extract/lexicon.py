"""The extractor's lexicon: the vocabularies of ``pipeline/lexicon/`` with the grammars compiled from them.

The files are read and checked by the lexicon package (entries, cues); the dose grammar, the
layout words and the CERT words are compiled here by their own modules (dose.py, layout.py,
cert.py) from the documents it reads.  Every problem is a :class:`LexiconError` naming the file
and the line.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..lexicon import CUES, Cues, ExerciseEntry, Origin, TermEntry, load_cues, load_entries
from .cert import CERT, CertVocabulary, load_cert
from .dose import DOSE_TERMS, DoseGrammar, load_dose_grammar
from .layout import LAYOUT, LayoutWords, load_layout_words

SINGLE_LEG = "single-leg"   # "single-leg <entry>": a one-legged variant of any entry (link._single_leg_variants)

__all__ = ["Lexicon", "load_lexicon", "table"]


@dataclass(frozen=True, slots=True)
class Lexicon:
    directory: Path
    exercises: dict[str, ExerciseEntry]
    muscles: dict[str, TermEntry]
    equipment: dict[str, TermEntry]
    cues: Cues
    grammar: DoseGrammar
    cert: CertVocabulary
    layout: LayoutWords
    generic: dict[str, ExerciseEntry] = field(default_factory=dict)   # derived names (names.NameIndex)

    def exercise(self, name: str) -> ExerciseEntry:
        """The entry of a canonical or generic name; for a name the vocabulary lacks, an open
        entry: kept as written, its category and usual muscles null."""
        entry = self.exercises.get(name) or self.generic.get(name)
        if entry is not None:
            return entry
        if name.startswith(f"{SINGLE_LEG} "):     # "single-leg hip thrust": the hip thrust's, on one leg
            base = self.exercises.get(name[len(SINGLE_LEG) + 1:])
            if base is not None:
                return replace(base, name=name, aliases=(), patterns=())
        return ExerciseEntry(name, None, (), (), (), self.layout.timing(name), (),  # type: ignore[arg-type]
                             Origin(str(self.directory / LAYOUT), 0), True)

    def ancestors(self, table: dict[str, TermEntry], name: str) -> tuple[str, ...]:
        out: list[str] = []
        parent = table[name].parent
        while parent is not None:
            out.append(parent)
            parent = table[parent].parent
        return tuple(out)

    def sizes(self) -> dict[str, int]:
        def aliases(table: dict[str, Any]) -> int:
            return sum(len(e.aliases) + len(e.patterns) for e in table.values())

        return {
            "exercises": len(self.exercises), "exercise_aliases": aliases(self.exercises),
            "muscles": len(self.muscles), "muscle_aliases": aliases(self.muscles),
            "equipment": len(self.equipment), "equipment_aliases": aliases(self.equipment),
        }


def load_lexicon(directory: Path) -> Lexicon:
    """Read every vocabulary file of ``directory`` and check that they agree with each other."""
    entries = load_entries(directory)
    names = [form for e in entries.exercises.values() for form in (e.name, *e.aliases)]
    return Lexicon(directory, entries.exercises, entries.muscles, entries.equipment, load_cues(directory / CUES),
                   load_dose_grammar(directory / DOSE_TERMS, names), load_cert(directory / CERT),
                   load_layout_words(directory / LAYOUT))


def table(lexicon: Lexicon, key: str) -> dict[str, Any]:
    """A vocabulary of the lexicon by its key: "exercise", "muscle" or "equipment"."""
    return {"exercise": lexicon.exercises, "muscle": lexicon.muscles, "equipment": lexicon.equipment}[key]
