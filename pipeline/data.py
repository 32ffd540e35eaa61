"""The project's data files (``pipeline/lexicon/``), read with errors that name the file.

A low module that any stage may use: the vocabularies are edited by hand, and a typo there
must stop the run with the file, the line and the problem, never with a bare traceback from
``json``.  Every stage reads its vocabularies through these readers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import LexiconError

__all__ = ["LEXICON_DIR", "read_text", "read_jsonl", "read_json_object", "alternation"]

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"


def read_text(path: Path) -> str:
    """The file as UTF-8 text; LexiconError when it is missing or not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise LexiconError(str(path), "file not found") from exc
    except UnicodeDecodeError as exc:
        raise LexiconError(str(path), f"not UTF-8 text ({exc.reason})") from exc


def read_jsonl(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, object) for every non-blank line of a JSONL file; LexiconError naming the line."""
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LexiconError(str(path), f"line {number}: invalid JSON: {exc.msg} at column {exc.colno}") from exc
        if not isinstance(row, dict):
            raise LexiconError(str(path), f"line {number}: each line must be a JSON object")
        rows.append((number, row))
    return rows


def read_json_object(path: Path) -> dict[str, Any]:
    """A JSON file whose top level is an object; LexiconError naming the line otherwise."""
    try:
        value = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise LexiconError(str(path), f"line {exc.lineno}: invalid JSON: {exc.msg}") from exc
    if not isinstance(value, dict):
        raise LexiconError(str(path), "top level must be a JSON object")
    return value


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first (so "minutes" wins over "min"), each once."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
