"""Reading a vocabulary file, with every problem a :class:`LexiconError` naming file and line.

The vocabularies are edited by hand, and a typo there must stop the run with the file, the
line and the problem (``pipeline/lexicon/cert.json: line 14: setting['home'] must be a
non-empty list of phrases``), never with a bare traceback from ``json``.  This is the one
path every such error takes:

* a JSONL file is read line by line: each entry keeps its :class:`Origin` (file and line),
  and ``origin.error(problem)`` is the error at that line;
* a JSON file is read into a :class:`Document`, a dict that knows the line of every key and
  list item in it: ``document.error(("setting", "home"), problem)`` names that key's line, and
  its checks (``require``, ``only``, ``words``, ``table``) say what a key must hold;
* checks written next to the code that compiles the words (the dose grammar's, the layout
  reader's, the CERT words') raise ``LexiconError(path, problem)`` naming a key: their loaders
  are wrapped in :func:`locating`, which places such an error at the line of the key it names.
"""

from __future__ import annotations

import ast
import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..errors import LexiconError

__all__ = ["LEXICON_DIR", "Origin", "Document", "read_text", "read_jsonl", "read_json_object", "located",
           "locating", "alternation"]

LEXICON_DIR = Path(__file__).resolve().parent

T = TypeVar("T")
Key = tuple[Any, ...]     # a place in a JSON document: keys of objects and indexes of lists


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an entry was read: its file and line."""

    path: str
    line: int

    def error(self, problem: str) -> LexiconError:
        return LexiconError(self.path, f"line {self.line}: {problem}")


def read_text(path: Path) -> str:
    """The file as UTF-8 text; LexiconError when it is missing or not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise LexiconError(str(path), "file not found") from exc
    except UnicodeDecodeError as exc:
        raise LexiconError(str(path), f"not UTF-8 text ({exc.reason})") from exc


def read_jsonl(path: Path) -> list[tuple[Origin, dict[str, Any]]]:
    """(origin, object) for every non-blank line of a JSONL file; LexiconError naming the line."""
    rows: list[tuple[Origin, dict[str, Any]]] = []
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        origin = Origin(str(path), number)
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise origin.error(f"invalid JSON: {exc.msg} at column {exc.colno}") from exc
        if not isinstance(row, dict):
            raise origin.error("each line must be a JSON object")
        rows.append((origin, row))
    return rows


class Document(dict):
    """A JSON object read from a file, with the line of every key and list item in it."""

    def __init__(self, path: Path, value: dict[str, Any], lines: dict[Key, int]) -> None:
        super().__init__(value)
        self.path = path
        self.lines = lines

    def line(self, key: Key) -> int:
        """The line of ``key``, or of the nearest enclosing key the file has (1: the document)."""
        while key and key not in self.lines:
            key = key[:-1]
        return self.lines.get(key, 1)

    def error(self, key: Key | str, problem: str) -> LexiconError:
        return LexiconError(str(self.path), f"line {self.line(_key(key))}: {problem}")

    def require(self, keys: Iterable[str]) -> None:
        """Every key is there."""
        for key in keys:
            if key not in self:
                raise self.error((), f"missing key {key!r}")

    def only(self, allowed: Iterable[str]) -> None:
        """No key but these."""
        unknown = sorted(set(self) - set(allowed))
        if unknown:
            raise self.error(unknown[0], f"unknown key {unknown[0]!r}")

    def words(self, key: str, kind: str = "a list of non-empty strings", blank: str = " \t\n") -> list[str]:
        """The value of ``key``: a list of strings, none of them blank (``blank`` says what counts as empty)."""
        value = self.get(key)
        if not isinstance(value, list):
            raise self.error(key, f"{key!r} must be {kind}")
        for index, word in enumerate(value):
            if not isinstance(word, str) or not word.strip(blank):
                raise self.error((key, index), f"{key!r} must be {kind}")
        return value

    def table(self, key: str, kind: str = "an object") -> dict[str, Any]:
        """The value of ``key``: an object."""
        value = self.get(key)
        if not isinstance(value, dict):
            raise self.error(key, f"{key!r} must be {kind}")
        return value


def _key(key: Key | str) -> Key:
    return (key,) if isinstance(key, str) else key


def read_json_object(path: Path) -> Document:
    """A JSON file whose top level is an object; LexiconError naming the line otherwise."""
    text = read_text(path)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LexiconError(str(path), f"line {exc.lineno}: invalid JSON: {exc.msg}") from exc
    if not isinstance(value, dict):
        raise LexiconError(str(path), "line 1: top level must be a JSON object")
    return Document(path, value, _lines(text))


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],]|[^\s{}\[\]:,"]+')


def _lines(text: str) -> dict[Key, int]:
    """The line each value of a (valid) JSON text starts on, by its key path; an object's key
    counts as the start of its value."""
    lines: dict[Key, int] = {(): 1}
    frames: list[list[Any]] = []      # [is_object, key or index]; an object's key is None until read
    line, position = 1, 0
    for m in _TOKEN.finditer(text):
        line += text.count("\n", position, m.start())
        position = m.start()
        token = m.group()
        if token in "]}":
            frames.pop()
            continue
        if token == ",":
            if frames[-1][0]:
                frames[-1][1] = None
            else:
                frames[-1][1] += 1
            continue
        if frames and frames[-1][0] and frames[-1][1] is None:      # a key of an object
            frames[-1][1] = json.loads(token)
            lines.setdefault(tuple(f[1] for f in frames), line)
            continue
        lines.setdefault(tuple(f[1] for f in frames), line)        # a value
        if token == "{":
            frames.append([True, None])
        elif token == "[":
            frames.append([False, 0])
    return lines


_NAMED_KEY = re.compile(r"^(?:missing key |unknown key )?'?(?P<key>[A-Za-z_]\w*)'?"
                        r"(?:\[(?P<item>'[^']*'|\"[^\"]*\")\])?")


@contextmanager
def located(path: Path) -> Iterator[None]:
    """Give a LexiconError raised inside, about the JSON file ``path`` and naming no line, the
    line of the key its problem starts with (``"'movement_heads' must map..."``,
    ``"time_units['x'] must be..."``); the file is read again only then."""
    try:
        yield
    except LexiconError as exc:
        if exc.path != str(path) or exc.problem.startswith("line "):
            raise
        document = read_json_object(path)
        m = _NAMED_KEY.match(exc.problem)
        key: Key = ()
        if m and not exc.problem.startswith("missing key ") and m.group("key") in document:
            key = (m.group("key"),) + ((ast.literal_eval(m.group("item")),) if m.group("item") else ())
        raise document.error(key, exc.problem) from exc


def locating(load: Callable[..., T]) -> Callable[..., T]:
    """A loader of one JSON file (its first argument), whose checks name a key but no line: each
    such error is given the line of its key (see :func:`located`)."""

    @functools.wraps(load)
    def load_located(path: Path, *args: Any, **kwargs: Any) -> T:
        with located(path):
            return load(path, *args, **kwargs)

    return load_located


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first (so "minutes" wins over "min"), each once."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
