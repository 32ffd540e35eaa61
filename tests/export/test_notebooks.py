"""Every notebook in notebooks/ runs top to bottom on any output: the tables the sample posts
give, those of the 55 corpus pages (news, recipes and shops: next to no exercise), and those of
an empty run."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from pipeline.run import run
from tests.support.paths import CORPUS_HTML, REPO, SAMPLES

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
OUTPUTS = ("samples", "corpus", "empty")


@pytest.fixture(scope="module", params=OUTPUTS)
def tables(request, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp(f"processed-{request.param}")
    if request.param == "samples":
        run([SAMPLES], out)
    elif request.param == "corpus":
        if not CORPUS_HTML.is_dir():
            pytest.skip(f"third-party corpus not found at {CORPUS_HTML} (../shared is absent beside the repo)")
        run([CORPUS_HTML], out)
    else:
        empty = tmp_path_factory.mktemp("no-input")
        run([empty], out)
    return out


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom_on_any_output(notebook: Path, tables: Path, monkeypatch) -> None:
    monkeypatch.setenv("BLOGRX_PROCESSED", str(tables))
    nb = nbformat.read(notebook, as_version=4)

    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}).execute()

    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert outputs, "the notebook showed nothing"


def test_there_is_a_notebook() -> None:
    assert NOTEBOOKS, "notebooks/ holds no notebook"
