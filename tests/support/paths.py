"""Where the tests find their inputs.

The project's own pages live in the repository; third-party pages stay in
``../shared`` beside the repository, and tests that need them skip, saying so,
when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "data" / "raw" / "samples"
FIXTURES = REPO / "tests" / "fixtures"
EXPECTED = FIXTURES / "expected"
FOUNDING_PAGE = SAMPLES / "milebymile-pt-week-2.html"

SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
CORPUS_HTML = CORPUS / "html"


def require_corpus() -> Path:
    """Skip the calling test, with the reason, when ../shared/corpus is not beside the repo."""
    if not CORPUS_HTML.is_dir():
        pytest.skip(f"third-party corpus not found at {CORPUS_HTML} (../shared is absent beside the repo)")
    return CORPUS


def corpus_pages() -> list[Path]:
    """Every saved page of the corpus, or [] when it is absent (tests then skip with the reason)."""
    if not CORPUS_HTML.is_dir():
        return []
    return sorted(p for p in CORPUS_HTML.rglob("*") if p.is_file() and p.name.endswith((".html", ".html.gz")))
