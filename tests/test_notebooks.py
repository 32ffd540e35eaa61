"""Every notebook in notebooks/ runs top to bottom on the tables the sample posts give."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from pipeline.run import run
from tests.paths import REPO, SAMPLES

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def sample_tables(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("processed")
    run([SAMPLES], out)
    return out


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom_on_the_sample_tables(notebook: Path, sample_tables: Path, monkeypatch) -> None:
    monkeypatch.setenv("BLOGRX_PROCESSED", str(sample_tables))
    nb = nbformat.read(notebook, as_version=4)

    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}).execute()

    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert outputs, "the notebook showed nothing"


def test_there_is_a_notebook() -> None:
    assert NOTEBOOKS, "notebooks/ holds no notebook"
