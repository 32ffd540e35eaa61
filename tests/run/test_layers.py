"""The package's imports point down only, and never go round in a cycle.

Every module of ``pipeline/`` is parsed (not imported), and each of its imports, relative or
absolute, at the top, inside a function or under ``TYPE_CHECKING``, becomes an edge from one
module to another.  The floors are those ``../shared/STYLE.md`` and the README's Layout draw:

    0  bottom     records, errors, limits, files, jobs, the vocabulary (lexicon/: its files and
                  their readers), nmf (scikit-learn's NMF loop), tfidf (its TF-IDF), and the package's own __init__
    1  beside     scrape: URLs -> data/raw, using only the bottom
    2  stages     sources, clean, extract, themes, conditions, privacy, export, publish
    3  workers    shards, engines, card; api (extract_html, read_tables: clean + extract for a caller)
    4  order      run: the one place that knows the order of the stages
    5  top        cli (and __main__, which only calls it)

A module may import its own unit (a package such as ``clean/`` and its modules) and any lower
floor, and the bottom's modules one another (with no cycle); a stage may not import another stage (STYLE.md: "a stage imports records and errors,
never another stage's internals"), except where ``SIDEWAYS`` says why.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "pipeline"

FLOORS = {
    "": 0, "records": 0, "errors": 0, "limits": 0, "files": 0, "jobs": 0, "lexicon": 0, "nmf": 0, "tfidf": 0,
    "scrape": 1,
    "sources": 2, "clean": 2, "extract": 2, "themes": 2, "conditions": 2, "privacy": 2, "export": 2, "publish": 2,
    "shards": 3, "engines": 3, "card": 3, "api": 3,
    "run": 4,
    "cli": 5, "__main__": 6,
}
STAGES = 2
SIDEWAYS = {
    ("export", "publish"): "the tables are written into the generation publish.py makes and switches",
}


def modules() -> dict[str, Path]:
    """Every module by its dotted name under pipeline ("" is the package itself, "clean" clean/__init__)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of ours that one module imports."""
    is_package = path.name == "__init__.py"
    here = name.split(".") if name else []
    targets: set[str] = set()

    def resolve(base: str, names: list[str]) -> None:
        for item in names:
            full = f"{base}.{item}" if base else item
            targets.add(full if full in known else base)

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "pipeline" or alias.name.startswith("pipeline."):
                    dotted = alias.name.removeprefix("pipeline").lstrip(".")
                    while dotted not in known:
                        dotted = dotted.rpartition(".")[0]
                    targets.add(dotted)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = here if is_package else here[:-1]
                base_parts = package[:len(package) - (node.level - 1)]
                base = ".".join(base_parts + (node.module.split(".") if node.module else []))
            elif node.module and (node.module == "pipeline" or node.module.startswith("pipeline.")):
                base = node.module.removeprefix("pipeline").lstrip(".")
            else:
                continue
            resolve(base, [a.name for a in node.names])
    targets.discard(name)
    return {t for t in targets if t in known}


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports(name, path, set(found)) for name, path in found.items()}


def unit(name: str) -> str:
    return name.split(".")[0]


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def label(name: str) -> str:
    return f"pipeline.{name}" if name else "pipeline"


def test_every_module_has_a_floor() -> None:
    assert sorted(unit(m) for m in modules() if unit(m) not in FLOORS) == []


def test_the_package_imports_have_no_cycle() -> None:
    assert [" <-> ".join(map(label, c)) for c in cycles(graph())] == []


def test_imports_point_down_only() -> None:
    wrong = []
    for name, targets in graph().items():
        for target in targets:
            source_unit, target_unit = unit(name), unit(target)
            if source_unit == target_unit:
                continue
            floor, target_floor = FLOORS[source_unit], FLOORS[target_unit]
            if target_floor > floor:
                wrong.append(f"{label(name)} -> {label(target)}: up from floor {floor} to {target_floor}")
            elif target_floor == floor == STAGES and (source_unit, target_unit) not in SIDEWAYS:
                wrong.append(f"{label(name)} -> {label(target)}: one stage into another")
            elif target_floor == floor and floor not in (0, STAGES):   # the bottom: cycles only
                wrong.append(f"{label(name)} -> {label(target)}: sideways on floor {floor}")
    assert sorted(wrong) == []


def test_the_walk_sees_relative_absolute_and_hidden_imports(tmp_path: Path) -> None:
    # the walker itself: a relative import two levels up, an absolute one, one inside a function and
    # one under TYPE_CHECKING are all edges
    package = tmp_path / "pipeline"
    (package / "clean").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "records.py").write_text("")
    (package / "run.py").write_text("")
    (package / "clean" / "__init__.py").write_text("from .body import x\n")
    (package / "clean" / "body.py").write_text(
        "from typing import TYPE_CHECKING\nfrom ..records import R\nimport pipeline.run\n"
        "if TYPE_CHECKING:\n    from pipeline import run\ndef f():\n    from .. import records\n")
    known = {"", "records", "run", "clean", "clean.body"}
    assert imports("clean.body", package / "clean" / "body.py", known) == {"records", "run"}
    assert imports("clean", package / "clean" / "__init__.py", known) == {"clean.body"}
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_tests_share_helpers_through_tests_support_not_other_tests() -> None:
    # the tests are grouped by stage (tests/clean/, tests/extract/, ...); what several of them use
    # (paths, cleaning, posts, peak, http_site) lives in tests/support/ and nowhere else: a test
    # module imported by another runs its tests twice and ties the two together
    tests = Path(__file__).resolve().parents[1]
    elsewhere = sorted(str(p.relative_to(tests)) for p in tests.rglob("*.py")
                       if not p.name.startswith("test_") and p.parent != tests / "support")
    helpers = {p.stem for p in (tests / "support").glob("*.py")} - {"__init__"}
    wrong = []
    for path in sorted(tests.rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                     else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            wrong += [f"{path.relative_to(tests)} imports {n}" for n in names
                      if n.rpartition(".")[2].startswith("test_")
                      or n.partition(".")[0] == "tests" and not n.startswith("tests.support.")
                      or n in helpers]    # "from paths import ...": through a folder's sys.path entry
    assert (elsewhere, wrong) == ([], [])
