"""The dose grammar on other projects' test cases, where they ask what a workout dose needs.

    python -m benchmarks.peer_cases [PEER_CASES_DIR]

``../shared/reference/peer-cases`` holds test data of Microsoft Recognizers-Text (MIT) and
quantulum3 (MIT); it is read from there at run time, never copied.  A case *applies* when its
expected answer is something a blog dose states and blogrx's Dose record can hold:

  duration   Recognizers-Text DurationParser: one result whose text is a number (digits or a
             word) and a second / minute / hour unit ("3 h", "30 minutes", "half an hour" does
             not: no number).  Expected: its duration in seconds = our ``duration_seconds``.
             Out of scope: days, weeks, months, years (a programme's length, not a dose), and
             "for a while", "3.5years"...
  frequency  Recognizers-Text SetParser: a result whose timex is a period of one day or one
             week ("daily", "every day", "weekly", "once a week", "everyday").  Expected: our
             normalised ``frequency`` ("daily", "1x/week").  Out of scope: clock times, weekdays,
             months, years, biweekly (no dose frequency the Dose vocabulary names).
  load       quantulum3 quantities.json and Recognizers-Text DimensionModel: one quantity in
             pounds or kilograms of mass, written as a number and a unit ("200lbs", "two
             pounds", "20 (kg)").  Expected: our ``load`` ("200 lb", "20 kg").  Out of scope:
             currencies, lengths, grams, everything else.

Each source reports cases, passes and the failures; tests/extract/test_peer_cases.py keeps the pass
rate from dropping below tests/fixtures/peer_cases_baseline.json.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.extract import parse_dose

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "reference" / "peer-cases"
_NUMBER = r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty)"
_DOSE_TIME = re.compile(rf"^{_NUMBER}\s*-?\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|h)$", re.IGNORECASE)
_FREQUENCY = {"P1D": "daily", "P1W": "1x/week"}
_MASS = {"pound": "lb", "pound-mass": "lb", "kilogram": "kg", "Pound": "lb", "Kilogram": "kg"}


@dataclass(slots=True)
class SourceResult:
    cases: int = 0
    passed: int = 0
    failures: list[str] = field(default_factory=list)

    def check(self, text: str, want: Any, got: Any) -> None:
        self.cases += 1
        if want == got:
            self.passed += 1
        else:
            self.failures.append(f"{text!r}: want {want!r}, got {got!r}")


def _load(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8-sig"))


def durations(root: Path) -> SourceResult:
    out = SourceResult()
    for case in _load(root / "Recognizers-Text" / "DurationParser.json"):
        results = case.get("Results") or []
        if len(results) != 1 or not _DOSE_TIME.match(results[0]["Text"].strip()):
            continue
        want = float(results[0]["Value"]["FutureResolution"]["duration"])
        out.check(case["Input"], want, parse_dose(case["Input"], "duration").duration_seconds)
    return out


def frequencies(root: Path) -> SourceResult:
    out = SourceResult()
    for case in _load(root / "Recognizers-Text" / "SetParser.json"):
        results = case.get("Results") or []
        if len(results) != 1 or results[0]["Value"].get("Timex") not in _FREQUENCY:
            continue
        want = _FREQUENCY[results[0]["Value"]["Timex"]]
        out.check(case["Input"], want, parse_dose(case["Input"]).frequency)
    return out


def loads(root: Path) -> SourceResult:
    out = SourceResult()
    for case in _load(root / "quantulum3" / "quantities.json"):
        masses = [r for r in case.get("res", []) if r.get("unit") in _MASS]
        if len(masses) != 1:
            continue
        value = masses[0]["value"]
        number = str(int(value)) if float(value).is_integer() else f"{value:g}"
        out.check(case["req"], f"{number} {_MASS[masses[0]['unit']]}", parse_dose(case["req"]).load)
    for case in _load(root / "Recognizers-Text" / "DimensionModel.json"):
        masses = [r for r in case.get("Results") or [] if r.get("Resolution", {}).get("unit") in _MASS]
        if len(masses) != 1 or masses[0]["Resolution"].get("value") is None:
            continue
        value = float(masses[0]["Resolution"]["value"])
        number = str(int(value)) if value.is_integer() else f"{value:g}"
        out.check(case["Input"], f"{number} {_MASS[masses[0]['Resolution']['unit']]}", parse_dose(case["Input"]).load)
    return out


def run(root: Path = DEFAULT_DIR) -> dict[str, SourceResult]:
    return {"duration": durations(root), "frequency": frequencies(root), "load": loads(root)}


def summary(results: dict[str, SourceResult]) -> dict[str, Any]:
    cases = sum(r.cases for r in results.values())
    passed = sum(r.passed for r in results.values())
    return {
        "cases": cases, "passed": passed, "pass_rate": round(passed / cases, 4) if cases else 0.0,
        "by_source": {k: {"cases": r.cases, "passed": r.passed} for k, r in results.items()},
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else DEFAULT_DIR
    if not root.is_dir():
        print(f"peer cases not found at {root}", file=sys.stderr)
        return 2
    results = run(root)
    for name, result in results.items():
        print(f"{name}: {result.passed}/{result.cases}")
        for failure in result.failures:
            print(f"  FAIL {failure}")
    print(json.dumps(summary(results), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
