"""benchmarks/compare_tables.py runs each checkout's own code, wherever it is started from."""

from __future__ import annotations

import os
from pathlib import Path

from benchmarks import compare_tables
from tests.support.paths import REPO


def test_each_run_loads_the_checkout_it_names_even_from_another_checkouts_root(tmp_path, monkeypatch):
    fake = tmp_path / "checkout" / "pipeline"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "__main__.py").write_text(
        "import sys\nfrom pathlib import Path\n"
        "out = Path(sys.argv[sys.argv.index('--out') + 1])\nout.mkdir()\n"
        "(out / 'ran').write_text(__file__)\n")
    monkeypatch.chdir(REPO)             # the repository's own pipeline/ sits in the current folder
    out = tmp_path / "out"

    compare_tables.extract(fake.parent, tmp_path, out, [])

    assert Path((out / "ran").read_text()).resolve() == (fake / "__main__.py").resolve()
    assert os.getcwd() == str(REPO)
