"""How well blogrx finds exercises and their doses, against posts labelled by hand.

    python -m benchmarks.eval_extract [--set own|posts-text|all] [--show] [--write-baseline FILE]
                                                                               (make eval-extract)

The labelled sets (one JSON file per post under ``tests/labels/<set>/``):

  own         posts the project wrote itself, in ``tests/fixtures/posts/`` (always present)
  posts-text  the 33 real excerpts of ``../shared/corpus/posts-text`` (read from there; the
              set is skipped, saying so, when ../shared is absent)

A label file names the text and every exercise in it that a reader would list:
``name`` (canonical lexicon name), ``accept`` (other names that are also right, e.g. the
parent exercise), ``prescribed`` (false for an exercise the post only mentions), ``dose``
(the fields the text states; a field not given is expected null), ``skip_dose`` (the dose is
too ambiguous to score), ``as_written`` and ``note`` for the reader.  An ``open`` label names an
exercise the lexicon lacks (its ``name`` is free text, ``as_written`` is required).

Scores, over all posts of a set (and, as "all", over every labelled post present):

  exercises   precision / recall / F1 of (post, exercise) pairs, whatever the flag: a record
              matches a label when its name is the label's name or one it accepts, or, for a
              record whose name the lexicon lacks (an open name, or a generic name derived from
              the imported ones), when its mention opens the label's ``as_written``; a record
              with no label is a false positive, a label with no record a false negative (a
              second record under a name the same label accepts is neither)
  prescribed  the same over what is prescribed: labels with ``prescribed`` true against
              records with ``prescribed`` true (a mention reported as prescribed is a false
              positive, a prescription reported as a mention a false negative)
  dose        on matched prescribed labels (not ``skip_dose``), field by field: a field is
              right when the record's value equals the label's (null == null).  ``accuracy``
              counts only fields that the label or the record fills, so a record that says
              nothing where nothing is written is not credited; ``accuracy_all`` counts all.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.clean.text import clean_text
from pipeline.extract import Extractor, extract, load_extractor
from pipeline.records import Dose, ExerciseRecord

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "tests" / "labels"
TEXT_ROOTS = {
    "own": REPO / "tests" / "fixtures",
    "posts-text": REPO.parent / "shared" / "corpus",
}
SETS = tuple(TEXT_ROOTS)
DOSE_FIELDS = tuple(Dose.__slots__)
LABEL_KEYS = {"name", "accept", "as_written", "prescribed", "dose", "skip_dose", "note", "open"}


class LabelError(ValueError):
    """A label file that cannot be scored: names the file and the problem."""


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    accept: frozenset[str]
    prescribed: bool
    dose: dict[str, Any]
    skip_dose: bool
    as_written: str = ""
    open: bool = False     # a name the lexicon lacks: matched by where it is written, not by name

    def matches(self, name: str) -> bool:
        return name == self.name or name in self.accept


@dataclass(frozen=True, slots=True)
class LabelledPost:
    label_file: Path
    text_file: Path
    labels: tuple[Label, ...]


@dataclass(slots=True)
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def scores(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


@dataclass(slots=True)
class Report:
    posts: int = 0
    exercises: Tally = field(default_factory=Tally)
    prescribed: Tally = field(default_factory=Tally)
    field_right: Counter[str] = field(default_factory=Counter)
    field_filled: Counter[str] = field(default_factory=Counter)
    field_seen: Counter[str] = field(default_factory=Counter)
    dose_exercises: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        right = sum(self.field_right.values())
        seen = sum(self.field_seen.values())
        filled = sum(self.field_filled.values())
        accuracy = 1 - (seen - right) / filled if filled else 1.0   # every wrong field is a filled one
        per_field = {}
        for f in DOSE_FIELDS:
            if self.field_filled[f]:
                wrong = self.field_seen[f] - self.field_right[f]
                per_field[f] = {"accuracy": round(1 - wrong / self.field_filled[f], 4), "filled": self.field_filled[f]}
        return {
            "posts": self.posts,
            "labelled_exercises": self.exercises.tp + self.exercises.fn,
            "labelled_prescribed": self.prescribed.tp + self.prescribed.fn,
            "exercises": self.exercises.scores(),
            "prescribed": self.prescribed.scores(),
            "dose": {
                "exercises_scored": self.dose_exercises,
                "accuracy": round(accuracy, 4),
                "accuracy_all": round(right / seen, 4) if seen else 1.0,
                "fields": per_field,
            },
        }


def _label(path: Path, i: int, row: Any) -> Label:
    where = f"{path}: exercise {i}"
    if not isinstance(row, dict) or not isinstance(row.get("name"), str):
        raise LabelError(f"{where}: needs a 'name'")
    extra = set(row) - LABEL_KEYS
    if extra:
        raise LabelError(f"{where}: unknown key {sorted(extra)[0]!r}")
    dose = row.get("dose", {})
    if not isinstance(dose, dict) or set(dose) - set(DOSE_FIELDS):
        raise LabelError(f"{where}: 'dose' must be an object with fields of {', '.join(DOSE_FIELDS)}")
    if not isinstance(row.get("prescribed", True), bool):
        raise LabelError(f"{where}: 'prescribed' must be true or false")
    if row.get("open") and not row.get("as_written"):
        raise LabelError(f"{where}: an 'open' label needs its 'as_written' words")
    return Label(row["name"], frozenset(row.get("accept", ())), row.get("prescribed", True), dose,
                 bool(row.get("skip_dose", False)), str(row.get("as_written", "")), bool(row.get("open", False)))


def load_set(name: str) -> list[LabelledPost]:
    """The labelled posts of one set, or [] when its texts are absent (../shared missing)."""
    root = TEXT_ROOTS[name]
    posts = []
    for path in sorted((LABELS / name).glob("*.json")):
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise LabelError(f"{path}: not JSON: {exc}") from exc
        text = root / raw["text"]
        if not text.is_file():
            if name == "own":
                raise LabelError(f"{path}: its text {text} is missing")
            return []
        rows = raw.get("exercises", [])
        posts.append(LabelledPost(path, text, tuple(_label(path, i, r) for i, r in enumerate(rows))))
    return posts


def _squash(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split())


def predict(post: LabelledPost, extractor: Extractor) -> list[ExerciseRecord]:
    """One record per exercise name: the body's, else the first comment's."""
    text = post.text_file.read_text(encoding="utf-8")
    records = extract(clean_text(text, str(post.text_file)), extractor)
    by_name: dict[str, ExerciseRecord] = {}
    for r in records:
        by_name.setdefault(r.name, r)
    return list(by_name.values())


def _dose_value(dose: Dose, name: str) -> Any:
    value = getattr(dose, name)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def score(posts: list[LabelledPost], extractor: Extractor, show: bool = False) -> Report:
    report = Report()
    known = set(extractor.lexicon.exercises)
    for post in posts:
        report.posts += 1
        for label in post.labels:
            # a name the vocabulary derives ("single-leg hip thrust" from "hip thrust") is known too
            unknown = [n for n in (label.name, *label.accept)
                       if n not in known and extractor.lexicon.exercise(n).category is None]
            if len(unknown) == 1 + len(label.accept) and not label.open:
                report.problems.append(f"{post.label_file.name}: no lexicon exercise named {label.name!r}")
        records = predict(post, extractor)
        free = list(records)
        pairs: list[tuple[Label, ExerciseRecord | None]] = []
        for label in sorted(post.labels, key=lambda l: not l.prescribed):
            hit = next((r for r in free if r.name == label.name), None) or \
                next((r for r in free if label.matches(r.name)), None)
            if hit is None and label.as_written:
                # a name the lexicon lacks (kept as written, or a generic name derived from it) has no
                # canonical name to compare: it is the label's exercise when it names the label's words
                hit = next((r for r in free if r.name not in known
                            and _squash(label.as_written).startswith(_squash(r.mention))), None)
            if hit is not None:
                free.remove(hit)
            pairs.append((label, hit))
        lines = []
        for label, record in pairs:
            if record is None:
                report.exercises.fn += 1
                report.prescribed.fn += label.prescribed
                lines.append(f"  MISS {label.name}{'' if label.prescribed else ' (mention)'}")
                continue
            report.exercises.tp += 1
            said = getattr(record, "prescribed", True)
            if label.prescribed and said:
                report.prescribed.tp += 1
            elif label.prescribed:
                report.prescribed.fn += 1
                lines.append(f"  AS MENTION {label.name}")
            elif said:
                report.prescribed.fp += 1
                lines.append(f"  AS PRESCRIBED {label.name} (a mention)")
            if label.prescribed and said and not label.skip_dose:
                report.dose_exercises += 1
                for f in DOSE_FIELDS:
                    want = label.dose.get(f)
                    want = float(want) if isinstance(want, (int, float)) and not isinstance(want, bool) else want
                    got = _dose_value(record.dose, f)
                    report.field_seen[f] += 1
                    if want is not None or got is not None:
                        report.field_filled[f] += 1
                    if want == got:
                        report.field_right[f] += 1
                    else:
                        lines.append(f"  DOSE {label.name}.{f}: want {want!r} got {got!r}")
        for r in free:
            if any(label.matches(r.name) for label in post.labels):
                continue    # the same exercise under a second accepted name ("calf raise" beside "single-leg calf raise")
            report.exercises.fp += 1
            report.prescribed.fp += getattr(r, "prescribed", True)
            lines.append(f"  EXTRA {r.name} [{r.mention}]{'' if getattr(r, 'prescribed', True) else ' (mention)'}")
        if show and lines:
            print(post.text_file.name)
            print("\n".join(lines))
    return report


def evaluate(sets: tuple[str, ...] = SETS, extractor: Extractor | None = None,
             show: bool = False) -> dict[str, Any]:
    """Scores per set present (a missing ../shared set is reported as skipped)."""
    extractor = extractor or load_extractor()
    out: dict[str, Any] = {}
    every: list[LabelledPost] = []
    for name in sets:
        posts = load_set(name)
        if not posts:
            out[name] = {"skipped": f"texts not found under {TEXT_ROOTS[name]}"}
            continue
        every.extend(posts)
        report = score(posts, extractor, show)
        out[name] = report.summary()
        if report.problems:
            out[name]["problems"] = report.problems
    if len(sets) > 1 and every:
        out["all"] = score(every, extractor).summary()   # every labelled post present, as one set
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=(*SETS, "all"), default="all")
    parser.add_argument("--show", action="store_true", help="print every miss, extra and wrong dose field")
    parser.add_argument("--write-baseline", type=Path, help="pin these scores as the gate's floor")
    args = parser.parse_args(argv)
    sets = SETS if args.set == "all" else (args.set,)
    result = evaluate(sets, show=args.show)
    print(json.dumps(result, indent=1))
    if args.write_baseline:
        args.write_baseline.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
