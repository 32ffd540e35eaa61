"""The extractor on ``../shared/corpus/labelled``: 80 real posts from 80 sites, scored by the
set's own scorer (``tools/score_exercises.py``), through both paths a post can take.

    python -m benchmarks.eval_labelled [--split dev|holdout|all|written-a|...|written-e]
                                       [--path html|text|both] [--show]

* ``html``: each excerpt rendered as a plain WordPress page by the set's ``tools/render_pages.py``
  (a line a ``<p>``, bullet lines a ``<ul>``), then cleaned and extracted as ``blogrx extract``
  does;
* ``text``: the excerpt read by the plain-text cleaner (``clean/text.py``), then extracted.

The set is split once and for all by a hash of each post's id: a fifth of it (``holdout``) is
kept out of the daily loop and read only to estimate how well a change generalises; the rest is
``dev``.  Scores on ``dev`` are optimistic; ``holdout`` is the honest one.

The same scorer reads the five sets of ``tests/fixtures/written`` (posts the team wrote and
labelled by the same GUIDE without having seen the code; see its README): ``written-a``,
``written-c`` and ``written-d`` were read while tuning, ``written-b`` and ``written-e`` were not,
so they are honest estimates beside the held-out fifth.

Both tools are run as they are, from ``../shared`` (never copied): the renderer's ``render`` for
the pages, and the scorer's ``main`` on a results folder of ``posts.parquet`` and
``exercises.parquet`` written with the project's own export rows.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import io
import json
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.clean import clean
from pipeline.clean.text import clean_text
from pipeline.export import exercise_row, post_row, schema
from pipeline.extract import Extractor, extract, load_extractor
from pipeline.records import RawPage

REPO = Path(__file__).resolve().parents[1]
LABELLED = REPO.parent / "shared" / "corpus" / "labelled"
WRITTEN = REPO / "tests" / "fixtures" / "written"
# posts the team wrote and labelled by the same GUIDE, not having seen the code (see its README):
# "a" and "c" were read while tuning, "b" never was
WRITTEN_SETS = ("written-a", "written-b", "written-c", "written-d", "written-e")
PATHS = ("html", "text")
SPLITS = ("dev", "holdout", "all")
HOLDOUT_SHARE = 5          # one post in five is held out


def present() -> bool:
    return (LABELLED / "tools" / "score_exercises.py").is_file() and (LABELLED / "posts").is_dir()


def _tool(name: str) -> ModuleType:
    path = LABELLED / "tools" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"labelled_{name}", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"{path}: cannot be loaded")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def split_of(post_id: str) -> str:
    """``holdout`` for one post in five, by a hash of its id (stable across runs and machines)."""
    digest = hashlib.sha256(post_id.encode("utf-8")).digest()
    return "holdout" if digest[0] % HOLDOUT_SHARE == 0 else "dev"


def post_ids(split: str = "all") -> list[str]:
    """The labelled set's posts of a split; a written set's name ("written-b") gives all of its posts."""
    base = folder(split)
    ids = sorted(p.stem for p in (base / "gold").glob("*.json"))
    return ids if split in ("all", *WRITTEN_SETS) else [i for i in ids if split_of(i) == split]


def folder(split: str) -> Path:
    """Where a split's posts and gold files are: the labelled set, or one of the written sets."""
    return WRITTEN / split.removeprefix("written-") if split in WRITTEN_SETS else LABELLED


def _records(ids: list[str], path: str, extractor: Extractor, base: Path = LABELLED) -> tuple[list[dict], list[dict]]:
    posts, exercises = [], []
    renderer = _tool("render_pages") if path == "html" else None
    for stem in ids:
        txt = base / "posts" / f"{stem}.txt"
        if renderer is not None:
            name = f"{stem}.html"
            post = clean(RawPage(name, renderer.render(txt).encode("utf-8"), None, None, None))
        else:
            name = f"{stem}.txt"
            post = clean_text(txt.read_text(encoding="utf-8"), name)
        posts.append(post_row(post))
        exercises.extend(exercise_row(r) for r in extract(post, extractor))
    return posts, exercises


def score(ids: list[str], path: str, extractor: Extractor, base: Path = LABELLED) -> dict[str, Any]:
    """The scorer's report (its JSON, misses and extras included) for these posts on one path."""
    scorer = _tool("score_exercises")
    posts, exercises = _records(ids, path, extractor, base)
    with tempfile.TemporaryDirectory() as tmp:
        res, gold = Path(tmp) / "res", Path(tmp) / "gold"
        res.mkdir()
        gold.mkdir()
        for stem in ids:
            (gold / f"{stem}.json").symlink_to(base / "gold" / f"{stem}.json")
        pq.write_table(pa.Table.from_pylist(posts, schema=schema("posts")), res / "posts.parquet")
        pq.write_table(pa.Table.from_pylist(exercises, schema=schema("exercises")), res / "exercises.parquet")
        with contextlib.redirect_stdout(io.StringIO()) as out:
            report = scorer.main(res, False, gold)
    report["summary"] = out.getvalue().strip().splitlines()[-1]
    report["posts"] = len(ids)
    return report


def headline(report: dict[str, Any]) -> dict[str, float]:
    return {
        "exercise_f1": round(report["exercise"]["f1"], 4),
        "precision": round(report["exercise"]["precision"], 4),
        "recall": round(report["exercise"]["recall"], 4),
        "dose_accuracy": round(report["dose_accuracy"], 4),
        "muscles_f1": round(report["muscles_f1"], 4),
        "equipment_f1": round(report["equipment_f1"], 4),
        "frequency_presence": round(report["frequency_presence"] or 0.0, 4),
    }


def evaluate(splits: tuple[str, ...] = ("dev", "holdout", "all"), paths: tuple[str, ...] = PATHS,
             extractor: Extractor | None = None) -> dict[str, dict[str, dict[str, Any]]]:
    extractor = extractor or load_extractor()
    return {split: {path: score(post_ids(split), path, extractor, folder(split)) for path in paths}
            for split in splits}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=(*SPLITS, *WRITTEN_SETS), default=None,
                        help="default: dev, holdout and all of the labelled set, then each written set")
    parser.add_argument("--path", choices=(*PATHS, "both"), default="both")
    parser.add_argument("--show", action="store_true", help="print every miss and extra record")
    args = parser.parse_args(argv)
    if not present():
        print(f"labelled set not found under {LABELLED}; nothing to score")
        return 0
    splits = (args.split,) if args.split else ("dev", "holdout", "all", *WRITTEN_SETS)
    paths = PATHS if args.path == "both" else (args.path,)
    result = evaluate(splits, paths)
    for split, by_path in result.items():
        for path, report in by_path.items():
            name = split if split in WRITTEN_SETS else f"labelled {split}"
            print(f"{name:16} ({report['posts']:2} posts) {path:4}: {report['summary']}")
            if args.show:
                for line in report["misses"]:
                    print(f"    MISS  {line}")
                for line in report["extras"]:
                    print(f"    EXTRA {line}")
    print(json.dumps({s: {p: headline(r) for p, r in by.items()} for s, by in result.items()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
