"""The Python API over the stages, for a notebook or a script:

    extract_html(html, url=None) -> [ExerciseRecord, ...]     one page held in memory, nothing written
    read_tables(folder)          -> {"posts": DataFrame, ...} the tables a run wrote, with nullable dtypes

``extract_html`` runs the page through the same clean and extract stages as ``blogrx
extract`` (with the default lexicon, loaded once per process); a page that cannot be used
raises :class:`CleanError` (or another :class:`PipelineError`) in one line, as the errors table
would say it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from .clean import clean
from .errors import SourceError
from .extract import Extractor, extract, load_extractor
from .records import ExerciseRecord, RawPage

__all__ = ["extract_html", "read_tables"]

HTML_SOURCE = "<html>"      # the source_path of a page given as a string: errors name it so


@cache
def _default_extractor() -> Extractor:
    return load_extractor()


def extract_html(html: str | bytes, url: str | None = None) -> list[ExerciseRecord]:
    """The exercise records of one page given as HTML (text, or bytes as saved).

    ``url`` is the page's address when known: a canonical link in the page wins, as in a run.
    Text is read as the string it is; bytes are decoded as a saved page is (BOM, charset
    declaration, sniffing)."""
    if isinstance(html, str):
        page = RawPage(source_path=HTML_SOURCE, content=html.encode("utf-8"), url=url, fetched_at=None,
                       http_charset="utf-8")
    else:
        page = RawPage(source_path=HTML_SOURCE, content=bytes(html), url=url, fetched_at=None,
                       http_charset=None)
    return list(extract(clean(page), _default_extractor()))


def read_tables(folder: str | Path) -> dict[str, pd.DataFrame]:
    """Every table of a run's output folder, by name ("posts", "comments", "exercises", ...).

    Columns get pandas' nullable dtypes: a dose is ``Int64`` (2 sets, not 2.0), ``per_side`` is
    ``boolean``, text is ``string``, a missing value is ``<NA>``; timestamps stay timestamps with
    their time zone.  A folder with no tables raises :class:`SourceError` naming it."""
    folder = Path(folder)
    files = sorted(folder.glob("*.parquet")) if folder.is_dir() else []
    if not files:
        reason = "no tables (*.parquet) in this folder" if folder.is_dir() else "no such folder"
        raise SourceError(str(folder), f"{reason}; write them with `blogrx extract ... --out {folder}`")
    return {path.name.removesuffix(".parquet"): pd.read_parquet(path, dtype_backend="numpy_nullable")
            for path in files}
