"""The lexicon files: what they hold, and the errors a malformed line gives."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.errors import LexiconError
from pipeline.extract import LEXICON_DIR, load_extractor
from pipeline.extract.lexicon import load_lexicon
from pipeline.records import CATEGORIES


@pytest.fixture()
def lexicon_copy(tmp_path: Path) -> Path:
    target = tmp_path / "lexicon"
    shutil.copytree(LEXICON_DIR, target)
    return target


def replace_line(path: Path, number: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[number - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_shipped_lexicon_loads_and_covers_the_common_exercises() -> None:
    lexicon = load_lexicon(LEXICON_DIR)
    assert len(lexicon.exercises) >= 400
    assert {e.category for e in lexicon.exercises.values()} == set(CATEGORIES) - {"other"}
    assert lexicon.ancestors(lexicon.muscles, "gluteus medius") == ("hip abductors", "hip")
    assert lexicon.ancestors(lexicon.equipment, "lacrosse ball") == ("ball",)


@pytest.mark.parametrize(("alias", "canonical"), [
    ("glute med", "gluteus medius"), ("outer hip", "hip abductors"), ("abductors", "hip abductors"),
    ("quads", "quadriceps"), ("shins", "tibialis anterior"),
])
def test_muscle_aliases_name_their_canonical_muscle(alias, canonical) -> None:
    doc = load_extractor().nlp(f"This works the {alias}.")
    assert [s.id_ for s in doc.spans["muscle"]] == [canonical]


@pytest.mark.parametrize(("text", "canonical"), [
    ("the lax ball", "lacrosse ball"), ("a theraband", "resistance band"), ("a band", "resistance band"),
    ("a med ball", "medicine ball"), ("10lb weights to each ankle", "ankle weights"),
])
def test_equipment_aliases_name_their_canonical_equipment(text, canonical) -> None:
    doc = load_extractor().nlp(text)
    assert [s.id_ for s in doc.spans["equipment"]] == [canonical]


def test_an_analyst_adds_a_synonym_by_adding_an_alias(lexicon_copy: Path) -> None:
    path = lexicon_copy / "exercises.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    row = next(r for r in rows if r["name"] == "clamshell")
    row["aliases"].append("oyster")
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    doc = load_extractor(lexicon_copy).nlp("Three sets of oysters.")
    assert [(s.text, s.id_) for s in doc.spans["exercise"]] == [("oysters", "clamshell")]


@pytest.mark.parametrize(("filename", "line", "text", "problem"), [
    ("exercises.jsonl", 12, '{"name": "x", "aliases": []}', "line 12: missing 'category'"),
    ("exercises.jsonl", 3, '{"name": "x", "category": "cardio", "aliases": [], "muscles": ["spleen"]}',
     "line 3: muscles 'spleen' of 'x' is not a name in muscles.jsonl"),
    ("exercises.jsonl", 4, '{"name": "x", "category": "yoga", "aliases": []}',
     "line 4: category 'yoga' of 'x' is not one of " + ", ".join(CATEGORIES)),
    ("exercises.jsonl", 5, '{"name": "x", "category": "cardio", "aliases": ["clamshells"]}',
     "line 5: exercise alias 'clamshells' of 'x' is already an alias of 'clamshell' (line 1)"),
    ("exercises.jsonl", 6, '{"name": "x", "category": "cardio", "aliases": [], "patterns": [[{"LOWR": "x"}]]}',
     "line 6: invalid token pattern for 'x'"),
    ("exercises.jsonl", 7, '{"name": "x", "category": "cardio", "aliases": [], "colour": "red"}',
     "line 7: unknown key 'colour'"),
    ("exercises.jsonl", 8, '{"name": "x", "category": "cardio", "aliases": [}', "line 8: invalid JSON"),
    ("muscles.jsonl", 3, '{"name": "gluteus medius", "parent": "hip abductor", "aliases": []}',
     "line 3: parent 'hip abductor' of 'gluteus medius' is not a muscle in this file"),
    ("equipment.jsonl", 2, '{"name": "mini band", "aliases": []}', "line 2: missing 'parent'"),
])
def test_a_malformed_lexicon_line_is_an_error_naming_file_and_line(lexicon_copy, filename, line, text, problem) -> None:
    path = lexicon_copy / filename
    replace_line(path, line, text)
    with pytest.raises(LexiconError) as info:
        load_extractor(lexicon_copy)
    assert str(info.value).startswith(f"{path}: {problem}")


def test_a_missing_lexicon_file_is_an_error_naming_it(lexicon_copy: Path) -> None:
    (lexicon_copy / "muscles.jsonl").unlink()
    with pytest.raises(LexiconError) as info:
        load_extractor(lexicon_copy)
    assert str(info.value) == f"{lexicon_copy / 'muscles.jsonl'}: file not found"


def test_bad_dose_terms_are_an_error_naming_the_file(lexicon_copy: Path) -> None:
    path = lexicon_copy / "dose_terms.json"
    terms = json.loads(path.read_text(encoding="utf-8"))
    terms["time_units"]["fortnight"] = "two weeks"
    path.write_text(json.dumps(terms, indent=2), encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index('    "fortnight": "two weeks"') + 1
    with pytest.raises(LexiconError) as info:
        load_extractor(lexicon_copy)
    assert str(info.value) == f"{path}: line {line}: time_units['fortnight'] must be a positive number, got 'two weeks'"


@pytest.mark.parametrize(("text", "canonical"), [
    ("I did monster walks", "monster walk"), ("Copenhagen planks", "copenhagen plank"), ("RDLs", "romanian deadlift"),
    ("downward-facing dog", "downward dog"), ("single leg kettlebell deadlift", "single-leg deadlift"),
    ("Pallof presses", "pallof press"), ("legs up the wall", "legs up the wall"), ("kegels", "pelvic floor contraction"),
    ("Spanish squats", "spanish squat"), ("hip CARs", "hip car"), ("malasana", "garland pose"),
    ("dumbbell step ups", "dumbbell step ups"),  # a name imported from free-exercise-db
])
def test_exercise_names_and_their_variants_name_the_canonical_exercise(text, canonical) -> None:
    doc = load_extractor().nlp(text)
    assert [s.id_ for s in doc.spans["exercise"]] == [canonical]


def test_imported_names_are_marked_and_never_shadow_a_hand_written_alias() -> None:
    lexicon = load_lexicon(LEXICON_DIR)
    rows = [json.loads(line) for line in (LEXICON_DIR / "exercises.jsonl").read_text(encoding="utf-8").splitlines()]
    imported = [r for r in rows if r.get("source") == "free-exercise-db"]
    written = [r for r in rows if "source" not in r]
    assert len(written) >= 200 and len(imported) >= 200
    assert all(lexicon.exercises[r["name"]].muscles for r in imported), "every imported name keeps its primary muscles"


@pytest.mark.parametrize(("muscle", "ancestors"), [
    ("soleus", ("calves", "lower leg")), ("vastus medialis", ("quadriceps", "thigh")),
    ("achilles tendon", ("calves", "lower leg")), ("erector spinae", ("lower back", "core")),
])
def test_the_muscle_hierarchy_goes_from_muscle_to_region(muscle, ancestors) -> None:
    lexicon = load_lexicon(LEXICON_DIR)
    assert lexicon.ancestors(lexicon.muscles, muscle) == ancestors


def test_single_common_words_are_not_matched_as_exercise_names() -> None:
    doc = load_extractor().nlp("Add crunch with cornflakes; skipping meals is bad; a diver and a glider.")
    assert [s.id_ for s in doc.spans["exercise"]] == []


def test_a_malformed_cert_file_names_the_file_and_the_problem(lexicon_copy: Path) -> None:
    path = lexicon_copy / "cert.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["position"]["standing"] = []
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"cert\.json.*position\['standing'\] must be a non-empty list"):
        load_lexicon(lexicon_copy)


def test_every_name_of_every_exercise_passes_the_comment_prefilter() -> None:
    # comments that cannot name an exercise skip spaCy; that must never drop one that can
    from pipeline.lexicon import variants

    extractor = load_extractor()
    assert extractor.exercises is not None
    for entry in extractor.lexicon.exercises.values():
        names = (entry.name,) if entry.match_name else ()
        for alias in (*names, *entry.aliases):
            for form in variants(alias):
                assert extractor.may_name_an_exercise(f"I did {form.upper()} today."), (entry.name, form)
    assert not extractor.may_name_an_exercise("Great post, thanks for sharing!")


def _break_line(path: Path, starts: str, text: str) -> int:
    """Replace the first line of the file that starts with ``starts`` (after its indent) by ``text``
    (indented as it was); its number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.lstrip().startswith(starts))
    lines[number] = lines[number][:len(lines[number]) - len(lines[number].lstrip())] + text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number + 1


def _load_clean_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    from pipeline.clean import dates, patterns

    module, name, load = ((patterns, "PATTERNS_FILE", patterns.patterns) if path.name == "boilerplate.json"
                          else (dates, "MONTHS_FILE", dates._names))
    monkeypatch.setattr(module, name, path)
    load.cache_clear()
    try:
        load()
    finally:
        monkeypatch.undo()
        load.cache_clear()


BROKEN_LINES = [
    ("exercises.jsonl", '{"name"', '{"name": "x", "category": "cardio", "aliases": "x"}',
     "'aliases' must be a list of non-empty strings"),
    ("muscles.jsonl", '{"name"', '{"name": "x", "parent": "nowhere", "aliases": []}',
     "parent 'nowhere' of 'x' is not a muscle in this file"),
    ("equipment.jsonl", '{"name"', '{"name": "x", "parent": null, "aliases": [], "colour": "red"}',
     "unknown key 'colour'"),
    ("cues.json", '"works",', '"",', "'target_cues' must be a list of non-empty strings"),
    ("dose_terms.json", '"two": 2,', '"two": "2",', "numbers['two'] must be a positive number, got '2'"),
    ("layout.json", '"_about"', '"_abut": "a typo",', "unknown key '_abut'"),
    ("cert.json", '"half-kneeling"', '"half-kneeling": [],',
     "position['half-kneeling'] must be a non-empty list of phrases"),
    ("conditions.jsonl", '{"name"', '{"aliases": ["ITBS"]}', "needs a 'name'"),
    ("themes.json", '"small_talk_max_words"', '"small_talk_max_words": "four",',
     "'small_talk_max_words' must be a int"),
    ("privacy.json", '"ace",', '5,', "'never_alone' must be a list of strings"),
    ("normalise.json", '"kg_per_load_unit"', '"kg_per_load_unit": {"kg": 1, "lb": "heavy"},',
     "kg_per_load_unit['lb'] must be a positive number, got 'heavy'"),
    ("normalise.json", '"per_week_of_period"', '"per_week_of_period": {"day": 7,, "week": 1}', "invalid JSON"),
    ("../clean/boilerplate.json", "\"//div[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]\"",
     '"//div[contains(",', "invalid XPath '//div[contains('"),
    ("../clean/months.json", '"de": {', '"de": ["januar"],', "months['de'] must map a month name to its English name"),
]


@pytest.mark.parametrize(("filename", "starts", "text", "problem"), BROKEN_LINES,
                         ids=[f"{Path(c[0]).name}: {c[3]}" for c in BROKEN_LINES])
def test_a_broken_line_of_each_vocabulary_file_is_an_error_naming_file_and_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, filename: str, starts: str, text: str, problem: str) -> None:
    # every file the stages read their words from, through the one reader of pipeline/lexicon/
    from pipeline.conditions import ConditionVocabulary
    from pipeline.lexicon import load_normalise, load_privacy_words
    from pipeline.themes import load_vocabulary

    folder = tmp_path / "lexicon"
    shutil.copytree(LEXICON_DIR, folder)
    path = folder / Path(filename).name
    if filename.startswith("../"):
        shutil.copy(LEXICON_DIR / filename, path)
    line = _break_line(path, starts, text)
    load = {
        "conditions.jsonl": lambda: ConditionVocabulary(path),
        "themes.json": lambda: load_vocabulary(path),
        "privacy.json": lambda: load_privacy_words(path),
        "normalise.json": lambda: load_normalise(path),
        "boilerplate.json": lambda: _load_clean_file(monkeypatch, path),
        "months.json": lambda: _load_clean_file(monkeypatch, path),
    }.get(path.name, lambda: load_lexicon(folder))
    with pytest.raises(LexiconError) as info:
        load()
    assert str(info.value).startswith(f"{path}: line {line}: {problem}")
