"""The injuries and conditions of ``conditions.jsonl``: a canonical name and its aliases a line.

Read by the conditions of a post (``pipeline/conditions.py``) and by the comment facts of the
themes (``pipeline/themes.py``), both from here.
"""

from __future__ import annotations

from pathlib import Path

from .files import LEXICON_DIR, read_jsonl

__all__ = ["CONDITIONS", "read_conditions"]

CONDITIONS = "conditions.jsonl"


def read_conditions(path: Path = LEXICON_DIR / CONDITIONS) -> list[tuple[str, tuple[str, ...]]]:
    """(name, aliases) of each line, in the file's order; LexiconError naming the line of an
    entry without a name or with aliases that are not a list of non-empty strings."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for origin, row in read_jsonl(path):
        name, aliases = row.get("name"), row.get("aliases", [])
        if not isinstance(name, str) or not name.strip():
            raise origin.error("needs a 'name'")
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise origin.error("'aliases' must be a list of non-empty strings")
        out.append((name, tuple(aliases)))
    return out
