"""The extract stage: a :class:`CleanPost` -> its exercises, as :class:`ExerciseRecord`s.

    lexicon files --load_extractor--> Extractor (spaCy pipeline + dose grammar, built once)
    CleanPost + Extractor --extract--> [ExerciseRecord, ...]   body first, then each comment

Rule-based throughout: a blank English spaCy pipeline with a sentencizer and span rulers fed
from ``pipeline/lexicon/`` (see nlp.py), the dose grammar of dose.py, and the linking rules of
link.py.  ``extract`` is pure: it reads the post and returns new records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ExtractError
from ..records import Block, CleanPost, Dose, ExerciseRecord
from .dose import LEXICON_DIR, DoseGrammar, DoseParts, Timing, parse_dose
from .gate import Gates, NameGate, anchor_words, forget_phrases, name_gate
from .layout import (ACTIVITY_STEM, OPENING_KINDS, Shape, is_open_name, light_shape, may_lay_out_a_name,
                     plausible_name, prose, roles, shape, short_line)
from .lexicon import Lexicon, load_lexicon
from .link import (TEXT_KINDS, Attr, Unit, analyse, apply_layout, body_observations, build_records,
                   comment_observations, quiet_unit, routine_cue, stretches_a_muscle)
from .names import NameIndex
from .nlp import build_nlp
from .tables import cut_tables, row_dose

__all__ = ["Extractor", "load_extractor", "extract", "parse_dose", "DoseGrammar", "DoseParts", "LEXICON_DIR"]

BATCH_SIZE = 128
SHAPE_CHARS = 240  # a block's shape is read from its first characters: a name stands at the start
LAYOUT_REACH = 4   # lines under a possible name read as layout (its instructions and dose lines)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Extractor:
    """Everything extraction needs, loaded and validated once: reuse it for every post."""

    nlp: Language
    lexicon: Lexicon
    names: NameIndex                    # names by their parts (see names.py)
    gates: Gates                        # what spaCy need not read (see gate.py)

    @property
    def exercises(self) -> NameGate | None:
        return self.gates.exercises

    def may_name_an_exercise(self, text: str, keys: frozenset[str] | None = None) -> bool:
        return self.gates.may_name_an_exercise(text, keys)

    def name_keys(self, text: str) -> frozenset[str] | None:
        return self.gates.name_keys(text)

    def may_say_something(self, text: str) -> bool:
        return self.gates.may_say_something(text)

    def sentences(self, text: str) -> Doc:
        """``text`` tokenized and split into sentences, as the full pipeline splits it."""
        return self.nlp.get_pipe("sentencizer")(self.nlp.make_doc(text))

    def parse_dose(self, text: str, timing: Timing = "duration") -> Dose:
        """The dose grammar of this extractor's lexicon, on one sentence."""
        return self.lexicon.grammar.scan(text).to_dose(timing)


def load_extractor(lexicon_dir: Path | None = None) -> Extractor:
    """Read and check the lexicon files (``pipeline/lexicon/`` by default) and build the pipeline.

    A malformed file raises :class:`LexiconError` naming the file and line.
    """
    lexicon = load_lexicon(Path(lexicon_dir) if lexicon_dir is not None else LEXICON_DIR)
    tables = [anchor_words(lexicon, table) for table in ("exercise", "muscle", "equipment")]
    terms = None if any(t is None for t in tables) else frozenset().union(*tables)
    nlp = build_nlp(lexicon)
    names = NameIndex(lexicon.exercises, lexicon.layout,
                      (form for m in lexicon.muscles.values() for form in (m.name, *m.aliases)))
    lexicon.generic.update(names.generic)
    names.with_modifiers(_name_words(lexicon))
    gate = name_gate(nlp, lexicon, "exercise")
    forget_phrases(nlp)       # the vocabulary's phrases, cut once for the rulers and the gate
    return Extractor(nlp, lexicon, names, Gates(gate, terms, lexicon.grammar))


def _name_words(lexicon: Lexicon) -> frozenset[str]:
    """Words of the hand-written exercise names, the muscles, the equipment and the body, less the
    words too common to build a name in prose."""
    out: set[str] = set(lexicon.layout.body_words) | set(lexicon.layout.name_modifiers)
    tables = [*(e for e in lexicon.exercises.values() if e.source is None), *lexicon.muscles.values(),
              *lexicon.equipment.values()]
    for entry in tables:
        for form in (entry.name, *entry.aliases):
            out.update(_WORD.findall(form.lower()))
    return frozenset(w for w in out if len(w) > 2 and not w.isdigit()) - lexicon.layout.prose_stop


def _check_blocks(post: CleanPost) -> None:
    for i, block in enumerate(post.blocks):
        if post.body_text[block.start:block.end] != block.text:
            raise ExtractError(
                post.source_path,
                f"block {i} ({block.kind}) says it spans {block.start}-{block.end} of body_text, "
                "but the text there differs",
            )


def _read(extractor: Extractor, post: CleanPost, texts: list[str]) -> list[Doc]:
    try:
        return list(extractor.nlp.pipe(texts, batch_size=BATCH_SIZE))
    except Exception as exc:  # a tokenizer or matcher failure on this post's text
        raise ExtractError(post.source_path, f"spaCy failed on the post text: {exc}") from exc


def _through_lists(blocks: tuple[Block, ...], reach: set[int], text_blocks: list[int]) -> set[int]:
    """The lines read as layout, carried through every run of short lines they reach and to the
    line after it: a list of body parts under "I foam roll these:" is read whole, and so is what
    follows it ("Spend 1-2 minutes on each area"), however long the list."""
    out = set(reach)
    for i in text_blocks:
        if i in out and i + 1 not in out and short_line(blocks[i].text):
            out.add(i + 1)
    return out


def _as_laid_out(blocks: tuple[Block, ...], shapes: list[Shape | None]) -> tuple[Block, ...]:
    """The blocks with each run of numbered or bulleted paragraphs made one list."""
    if not any(s is not None and s.marker and b.kind == "paragraph" for b, s in zip(blocks, shapes)):
        return blocks
    next_id = 1 + max((b.list_id for b in blocks if b.list_id is not None), default=-1)
    out: list[Block] = []
    current: int | None = None
    for block, s in zip(blocks, shapes):
        if block.kind == "paragraph" and s is not None and s.marker:
            if current is None:
                current, next_id = next_id, next_id + 1
            out.append(replace(block, kind="list_item", level=1, list_id=current))
            continue
        current = None
        out.append(block)
    return tuple(out)


def _named(units: dict[int, Unit], blocks: tuple[Block, ...], index: NameIndex, i: int, s: int,
           e: int) -> frozenset[str]:
    """The exercises named within characters s..e of block i: by the vocabulary's rulers, else,
    for a whole short span, by its parts ("Resistance Band Standing Kick Backs")."""
    if i not in units:
        return frozenset()
    whole = s == 0 and e == len(blocks[i].text)      # (a form cue "Hinge, don't squat" names no exercise of a line)
    found = frozenset(m.name for m in units[i].main() if s <= m.start_char < e and not (whole and m.refused))
    if found or e - s > 80:
        return found
    match = index.find(blocks[i].text[s:e], typos=True)
    return frozenset({match.name}) if match is not None else found


def _part_lines(post: CleanPost, blocks: tuple[Block, ...], shapes: list[Shape | None], text_blocks: list[int],
                names: NameIndex, lexicon: Lexicon) -> set[int]:
    """The lines that open with a body part the layout confirms as a name line ("Quads" over how
    to stretch them, "Calves: lean into a wall ..."), in a post whose title or body stretches or
    rolls; none in any other post (most pages of a crawl)."""
    if not ACTIVITY_STEM.search(post.body_text) and not ACTIVITY_STEM.search(post.title or ""):
        return set()
    parts = {i for i in text_blocks if (s := shapes[i]) is not None and s.name is not None
             and names.is_part(blocks[i].text[s.name[0]:s.name[1]])}
    if not parts:
        return set()
    laid = roles(blocks, shapes, lambda i, s, e: frozenset(), lexicon.layout,
                 lambda i, s, e: i in parts and s == shapes[i].name[0], post.title)   # type: ignore[union-attr]
    opening = {i for i in parts if laid[i].role in OPENING_KINDS}
    # and only where one of them is told how to do or how long ("Lie on your back ... Hold 30
    # seconds"), not where each part's paragraph says why it gets tight
    told = any(laid[i].role == "lead" or any(line.section == i and line.role in ("instruction", "dose")
                                             for line in laid[i + 1:i + 1 + LAYOUT_REACH]) for i in opening)
    return opening if told else set()


def _names_a_part(units: dict[int, Unit], blocks: tuple[Block, ...], fillers: frozenset[str], i: int, s: int,
                  e: int) -> bool:
    """Characters s..e of block i open with a muscle or body part ("Calves 60 sec per side", "Your
    hip flexors"), not a sentence that speaks of one ("Activates the gluteus medius. 2 x 12.")."""
    if i not in units:
        return False
    text = blocks[i].text
    return any(s <= a < e and all(w.lower() in fillers for w in _WORD.findall(text, s, a))
               for a, _, _ in units[i].muscle_spans)


def _dose_by_columns(unit: Unit | None, parts: DoseParts) -> None:
    """A table row's exercise takes the dose its cells give by their columns, in place of what the
    row's text read as prose would give ("Back squat | 5 | 5 | 80-90 kg")."""
    if unit is None or parts.is_empty():
        return
    main = [m for m in unit.main() if not m.only_named]
    if not main:
        return
    unit.attrs[:] = [a for a in unit.attrs if a.kind != "dose"]
    unit.attrs.append(Attr("dose", parts, main[0].sent, main[0].name))


def _about_all(text: str, s: Shape | None, lexicon: Lexicon) -> bool:
    """A line that speaks of the whole routine: "Perform each exercise for 40 seconds" (a dose for
    each), "Do the programme four days a week" (how often, for all of them)."""
    if s is None:
        return False
    cues = lexicon.cues
    if s.has_volume and routine_cue(text, cues):
        return True
    return bool(cues.routine_backward_re.search(text) and lexicon.grammar.scan(text).frequency)


def _may_open(text: str, kind: str, s: Shape | None, lexicon: Lexicon) -> bool:
    """A line that may open a section with a name the vocabulary lacks: a movement's name on its
    own or before a separator, or a list line that names something and doses it."""
    if s is None or s.name is None:
        return False
    name = text[s.name[0]:s.name[1]]
    if is_open_name(name, lexicon.layout):
        return True
    return (kind == "list_item" or s.marker > 0) and s.has_volume and plausible_name(name, lexicon.layout)


def extract(post: CleanPost, extractor: Extractor) -> list[ExerciseRecord]:
    """The exercises named in the post body and in each comment, one record per exercise and source."""
    _check_blocks(post)
    lexicon = extractor.lexicon
    lexicon.grammar.forget()
    blocks, rows = cut_tables(post.blocks, lexicon.layout.table_columns)   # a row per exercise, a dose per cell
    if rows:
        post = replace(post, blocks=blocks)
    text_blocks = [i for i, b in enumerate(blocks) if b.kind in TEXT_KINDS and b.text.strip()]
    shapes: list[Shape | None] = [None] * len(blocks)
    # a body record needs an exercise named in the body, by the vocabulary or by its layout: a
    # body that can name none (most pages of a crawl) gives no records, and spaCy reads none of it
    keys = extractor.name_keys(post.body_text)
    # the lines that may name an exercise, by the vocabulary or by their layout; only they and the
    # lines around them (a dose or instructions under a name, an intro above a list) need reading
    # as layout, the rest of the page is prose
    says = {i: keys != frozenset() and extractor.may_say_something(blocks[i].text) for i in text_blocks}
    can_name = {i: says[i] and extractor.may_name_an_exercise(blocks[i].text, keys) for i in text_blocks}
    near = [i for i in text_blocks if can_name[i] or may_lay_out_a_name(blocks[i].text, blocks[i].kind, lexicon.layout)]
    if not near:
        text_blocks = []
    reach = _through_lists(blocks, {j for i in near for j in range(i - 1, i + LAYOUT_REACH + 1)}, text_blocks)
    for i in text_blocks:
        text = blocks[i].text[:SHAPE_CHARS]
        shapes[i] = prose(text, lexicon.layout) or (
            shape(text, lexicon.layout, lexicon.grammar) if i in reach else light_shape(text, lexicon.layout))
    # numbered and bulleted lines are list items, whatever their markup ("- quadruped rock: 30+ seconds")
    blocks = _as_laid_out(blocks, shapes)
    post = replace(post, blocks=blocks)
    # lines laid out as a name the vocabulary may lack: "Toe circles" over its dose line
    candidates = {i for i in text_blocks if _may_open(blocks[i].text, blocks[i].kind, shapes[i], lexicon)}
    if candidates:
        # only the ones the layout confirms (a dose or instructions under them), read without any names
        laid = roles(blocks, shapes, lambda i, s, e: frozenset(), lexicon.layout, title=post.title)
        candidates = {i for i in candidates if laid[i].role in OPENING_KINDS}
    if keys is not None and not candidates:
        # "My post-run stretches" over "Hamstrings: lie on your back ...": body parts laid out as
        # names, in a post that stretches or rolls them, name the stretches though no name is written
        candidates = _part_lines(post, blocks, shapes, text_blocks, extractor.names, lexicon)
    body = text_blocks if keys is None or keys or candidates else []
    # a block that can name nothing and dose nothing is not read by spaCy now (see quiet_unit)
    read = [i for i in body if i in candidates or says[i] or (
        keys == frozenset() and extractor.may_say_something(blocks[i].text))]
    # spaCy reads each block on its own, so a name is found in a block that can name it alone
    # (the body's words may meet a name's needs only across blocks: "bird" here, "dog" there);
    # those blocks are read first, and the others only if one of them does name an exercise
    naming = [i for i in read if i in candidates or can_name[i]]
    # not pingbacks (nobody's words), and not a comment that cannot name an exercise: a comment's
    # records need an exercise named in it, so those are skipped before spaCy sees them
    comments = [c for c in post.comments if c.kind == "comment" and extractor.may_name_an_exercise(c.text)]
    docs = _read(extractor, post, [post.blocks[i].text for i in naming] + [c.text for c in comments])
    analysed = dict(zip(naming, docs))
    if candidates or any(len(doc.spans["exercise"]) or stretches_a_muscle(doc, lexicon) for doc in analysed.values()):
        rest = [i for i in read if i not in analysed]
        analysed.update(zip(rest, _read(extractor, post, [post.blocks[i].text for i in rest])))
    else:
        body = []          # no block names an exercise: no body records, and nothing more to read
    units: dict[int, Unit] = {}
    for i in body:
        block = post.blocks[i]
        doc = analysed.get(i)
        units[i] = analyse(doc, block.kind, block.start, lexicon, extractor.names) if doc is not None else \
            quiet_unit(block.kind, block.start, lambda text=block.text: extractor.sentences(text))
    lines = None
    if units:
        lines = roles(blocks, [shapes[i] if i in units else None for i in range(len(blocks))],
                      lambda i, s, e: _named(units, blocks, extractor.names, i, s, e),
                      lexicon.layout,
                      lambda i, s, e: _names_a_part(units, blocks, lexicon.cues.target_fillers, i, s, e),
                      post.title,
                      lambda i: _about_all(blocks[i].text, shapes[i], lexicon),
                      lambda i: i in units and any(s.parts.has_volume() for s in units[i].sentences))
        apply_layout(blocks, lines, units, extractor.names, lexicon, frozenset(row.block for row in rows))
    for row in rows:
        _dose_by_columns(units.get(row.block), row_dose(row, lexicon.grammar))
    records = build_records(body_observations(post, units, lexicon, lines), units, lexicon,
                            post_id=post.post_id, comment=None, text=post.body_text)
    for comment, doc in zip(comments, docs[len(naming):]):
        unit = analyse(doc, "comment", 0, lexicon, extractor.names)
        records.extend(build_records(comment_observations(unit), {0: unit}, lexicon,
                                     post_id=post.post_id, comment=comment, text=comment.text))
    return records
