"""The dose grammar on the peer projects' duration, frequency and mass cases that apply to doses."""

from __future__ import annotations

import json

import pytest

from benchmarks.peer_cases import DEFAULT_DIR, run, summary
from tests.support.paths import FIXTURES

BASELINE = json.loads((FIXTURES / "peer_cases_baseline.json").read_text(encoding="utf-8"))


def test_the_pass_rate_on_applicable_peer_cases_does_not_drop() -> None:
    if not DEFAULT_DIR.is_dir():
        pytest.skip(f"peer cases not found at {DEFAULT_DIR} (../shared is absent beside the repo)")
    result = summary(run(DEFAULT_DIR))
    assert result["cases"] >= BASELINE["cases"], "fewer cases apply than when the floor was pinned"
    assert result["pass_rate"] >= BASELINE["pass_rate"], result
