"""Tables of exercises: a header naming dose columns over a row per exercise.

Handouts and gym logs set a programme out as a table, in HTML (``<table>``, which clean keeps as
one block, a line per row and `` | `` between cells) or as lines of text written the same way::

    Exercise | Sets | Reps | Load
    Back squat | 5 | 5 | 80-90 kg
    Bulgarian split squat | 3 | 8 e/s | 2 x 12 kg DB

A row's cells mean what their column's header says: "5" under "Sets" is 5 sets.  Each table
whose header names a dose column (``layout.json`` ``table_columns``) is cut into a block per row
(the rows are list items of one list, so the layout reads each as an item line), and each row's
dose is read cell by cell, as "Sets: 5", "Reps: 8 e/s", "Load: 80-90 kg" would be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Block
from .dose import DoseGrammar, DoseParts, fill_parts, replace_parts

CELL_SEPARATOR = " | "
DOSE_COLUMNS = frozenset({"sets", "reps", "hold", "time", "load", "frequency", "dose"})
LINE_KINDS = ("paragraph", "list_item", "heading")     # a plain text's short header line may read as a heading
COUNTED_COLUMNS = frozenset({"sets", "reps", "hold", "dose"})   # a table with none of these needs a column naming exercises
_NO_VALUE = re.compile(r"^[\s\u2013\u2014\-/.x]*$", re.IGNORECASE)    # "-", "–", "n/a"-like blanks


@dataclass(frozen=True, slots=True)
class Row:
    """A data row of a table: its block's index among the new blocks and its cells by column."""

    block: int
    cells: tuple[tuple[str, str], ...]     # (column kind, cell text), name column left out


def _columns(header: str, table_columns: dict[str, str]) -> list[str] | None:
    """The kind of each column of a header row, or None when no column is a dose column."""
    kinds = [table_columns.get(cell.strip().lower().rstrip(":"), "") for cell in header.split(CELL_SEPARATOR)]
    if len(kinds) < 2 or not (COUNTED_COLUMNS.intersection(kinds) or ("name" in kinds and DOSE_COLUMNS.intersection(kinds))):
        return None              # a race's "Split | Time", a recipe's "Step | Time": no exercise's dose
    if "name" not in kinds:
        if kinds[0]:
            return None          # no column for the exercise's name
        kinds[0] = "name"
    return kinds


def _row_lines(block: Block) -> list[tuple[int, str]]:
    """The rows of a table block, each with its offset in the block's text."""
    out, at = [], 0
    for line in block.text.split("\n"):
        if line.strip():
            out.append((at, line))
        at += len(line) + 1
    return out


def cut_tables(blocks: tuple[Block, ...], table_columns: dict[str, str]) -> tuple[tuple[Block, ...], list[Row]]:
    """The blocks with each table of exercises cut into a block per row, and its data rows.

    A table is a ``table`` block, or a run of paragraphs (or list items) each holding the same
    number of `` | ``-separated cells; its first row must be a header naming a dose column."""
    out: list[Block] = []
    rows: list[Row] = []
    next_list = 1 + max((b.list_id for b in blocks if b.list_id is not None), default=-1)
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind == "table":
            lines = [(block.start + at, text) for at, text in _row_lines(block)]
            run_end = i + 1
        elif block.kind in LINE_KINDS and CELL_SEPARATOR in block.text and "\n" not in block.text:
            width = block.text.count(CELL_SEPARATOR)
            run_end = i + 1
            while (run_end < len(blocks) and blocks[run_end].kind in LINE_KINDS
                   and "\n" not in blocks[run_end].text and blocks[run_end].text.count(CELL_SEPARATOR) == width):
                run_end += 1
            lines = [(b.start, b.text) for b in blocks[i:run_end]]
        else:
            out.append(block)
            i += 1
            continue
        kinds = _columns(lines[0][1], table_columns) if len(lines) > 1 else None
        if kinds is None:
            out.extend(blocks[i:run_end])
            i = run_end
            continue
        header_start, header = lines[0]
        out.append(Block("table", header, header_start, header_start + len(header), None, block.section, None))
        for start, text in lines[1:]:
            cells = text.split(CELL_SEPARATOR)
            if len(cells) != len(kinds):
                out.append(Block("table", text, start, start + len(text), None, block.section, None))
                continue
            rows.append(Row(len(out), tuple((kind, cell) for kind, cell in zip(kinds, cells) if kind in DOSE_COLUMNS)))
            out.append(Block("list_item", text, start, start + len(text), 1, block.section, next_list))
        next_list += 1
        i = run_end
    return tuple(out), rows


_FIELD = {"sets": "Sets: {}", "reps": "Reps: {}", "hold": "hold {}", "time": "{}", "load": "{}", "frequency": "{}",
          "dose": "{}"}      # a whole dose in one cell, under "Sets x Reps", "Dose", "Prescription"


def row_dose(row: Row, grammar: DoseGrammar) -> DoseParts:
    """A row's dose, each cell read as its column says ("5" under "Sets" is "Sets: 5")."""
    parts = DoseParts()
    for kind, cell in row.cells:
        if _NO_VALUE.match(cell):
            continue
        parts = fill_parts(parts, grammar.scan(_FIELD[kind].format(cell.strip())))
    return replace_parts(parts, start=0)

