"""Add exercise names from free-exercise-db (public domain) to pipeline/lexicon/exercises.jsonl.

    python scripts/import_free_exercise_db.py ../shared/reference/free-exercise-db/exercises.json

Takes each entry's name, category, primary muscles and equipment, mapped onto the project's
vocabularies; never its instructions.  Skips names that are already an exercise or an alias
(the hand-written entries win), names with qualifiers in brackets or after a dash, and machine
variants.  Each added line carries "source": "free-exercise-db" so it can be told apart and
re-imported.  Run once; re-running replaces the imported lines.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

LEXICON = Path(__file__).resolve().parents[1] / "pipeline" / "lexicon" / "exercises.jsonl"
SOURCE = "free-exercise-db"
CATEGORY = {"strength": "strength", "stretching": "stretch", "plyometrics": "plyometric", "powerlifting": "strength",
            "olympic weightlifting": "strength", "strongman": "strength", "cardio": "cardio"}
MUSCLE = {"quadriceps": "quadriceps", "shoulders": "shoulders", "abdominals": "abdominals", "chest": "chest",
          "hamstrings": "hamstrings", "triceps": "triceps", "biceps": "biceps", "lats": "lats",
          "middle back": "upper back", "calves": "calves", "lower back": "lower back", "forearms": "forearms",
          "glutes": "glutes", "traps": "traps", "adductors": "hip adductors", "neck": "neck",
          "abductors": "hip abductors"}
EQUIPMENT = {"barbell": "barbell", "dumbbell": "dumbbell", "kettlebells": "kettlebell", "bands": "resistance band",
             "medicine ball": "medicine ball", "exercise ball": "stability ball", "foam roll": "foam roller",
             "cable": "cable machine", "e-z curl bar": "barbell"}
SKIP_EQUIPMENT = {"machine"}


def key(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").replace("\u2019", "'").split())


def main(path: str) -> int:
    own = [line for line in LEXICON.read_text(encoding="utf-8").splitlines()
           if line.strip() and json.loads(line).get("source") != SOURCE]
    taken = set()
    for line in own:
        row = json.loads(line)
        taken.update(key(a) for a in [row["name"], *row["aliases"]])
    added = []
    for entry in json.loads(Path(path).read_text(encoding="utf-8")):
        name = entry["name"].strip()
        if any(c in name for c in "()/,:") or " - " in name or entry.get("equipment") in SKIP_EQUIPMENT:
            continue
        if "machine" in name.lower() or len(name.split()) < 2:
            continue                      # one word ("Crunches", "Dips") is too common a word in prose
        k = key(name)
        if k in taken or k.rstrip("s") in taken or k + "s" in taken:
            continue
        taken.add(k)
        row = {"name": k, "category": CATEGORY[entry["category"]], "aliases": [],
               "muscles": sorted({MUSCLE[m] for m in entry["primaryMuscles"] if m in MUSCLE}),
               "equipment": [EQUIPMENT[entry["equipment"]]] if entry.get("equipment") in EQUIPMENT else [],
               "source": SOURCE}
        added.append(json.dumps(row, ensure_ascii=False))
    LEXICON.write_text("\n".join(own + added) + "\n", encoding="utf-8")
    print(f"{len(own)} hand-written exercises kept, {len(added)} added from {SOURCE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parents[2] / "shared" / "reference" / "free-exercise-db" / "exercises.json")))
