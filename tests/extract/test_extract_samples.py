"""The sample pages against what a careful reader expects (tests/fixtures/expected/<stem>.json).

One case per sample page that has an "exercises" list.  Names in the expected files are
mapped to canonical names through the lexicon's aliases, so "glute medius" is "gluteus medius".
Running itself ("5 minutes of easy jogging") is not an exercise record, so the expected files do
not list it; equipment the text states in passing ("I'm on a folded towel") is listed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extract import extract, load_extractor
from pipeline.lexicon import alias_key, variants
from pipeline.records import RawPage
from tests.support.paths import EXPECTED, SAMPLES
DOSE_FIELDS = ("sets", "sets_max", "reps", "reps_max", "hold_seconds", "duration_seconds",
               "per_side", "frequency", "load")

def cases() -> list[Path]:
    out = []
    for path in sorted(EXPECTED.glob("*.json")):
        if "exercises" in json.loads(path.read_text(encoding="utf-8")) and (SAMPLES / f"{path.stem}.html").is_file():
            out.append(path)
    return out


@pytest.fixture(scope="module")
def extractor():
    return load_extractor()


def canonical(table: dict, name: str) -> str:
    lookup = {}
    for entry in table.values():
        for alias in (entry.name, *entry.aliases):
            for form in variants(alias):
                lookup.setdefault(alias_key(form), entry.name)
    return lookup.get(alias_key(name), name)


def records_for(path: Path, extractor):
    try:
        from pipeline.clean import clean
    except ImportError:
        pytest.skip("the cleaner (pipeline.clean) is not there yet")
    page_path = SAMPLES / f"{path.stem}.html"
    page = RawPage(source_path=str(page_path), content=page_path.read_bytes(), url=None, fetched_at=None,
                   http_charset=None)
    return extract(clean(page), extractor)


@pytest.mark.parametrize("expected_path", cases(), ids=lambda p: p.stem)
def test_sample_page_exercises_match_the_expected_file(expected_path: Path, extractor) -> None:
    stem = expected_path.stem
    lexicon = extractor.lexicon
    expected = json.loads(expected_path.read_text(encoding="utf-8"))["exercises"]
    records = records_for(expected_path, extractor)
    for source in ("body", "comment"):
        ours = [r for r in records if r.source == source]
        theirs = [e for e in expected if e["source"] == source]
        for e in theirs:
            name = canonical(lexicon.exercises, e["name"])
            matches = [r for r in ours if r.name == name]
            assert matches, f"{stem}: no {source} record for {e['name']!r} ({name!r}); got {[r.name for r in ours]}"
            got = {
                "muscles": tuple(sorted(matches[0].muscles)),
                "equipment": tuple(sorted(matches[0].equipment)),
                **{f: getattr(matches[0].dose, f) for f in DOSE_FIELDS},
            }
            if source == "comment":   # the expected record is one of the comments that name it
                got_all = [{**got, **{f: getattr(r.dose, f) for f in DOSE_FIELDS},
                            "muscles": tuple(sorted(r.muscles)), "equipment": tuple(sorted(r.equipment))}
                           for r in matches]
            else:
                got_all = [got]
            want = {
                "muscles": tuple(sorted(canonical(lexicon.muscles, m) for m in e["muscles"])),
                "equipment": tuple(sorted(canonical(lexicon.equipment, q) for q in e["equipment"])),
                **{f: e[f] for f in DOSE_FIELDS},
            }
            assert want in got_all, f"{stem}: {source} {name!r}: expected {want}, got {got_all}"
        if source == "body":
            wanted = {canonical(lexicon.exercises, e["name"]) for e in theirs}
            assert sorted(r.name for r in ours) == sorted(wanted), f"{stem}: body records differ"
        else:
            dosed = {canonical(lexicon.exercises, e["name"]) for e in theirs
                     if any(e[f] is not None for f in DOSE_FIELDS)}
            extra = [r for r in ours if r.name not in dosed and not r.dose.is_empty()]
            assert not extra, f"{stem}: comment records with a dose nobody expected: {extra}"
