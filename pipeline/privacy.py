"""Pseudonymised exports: commenters' names -> keyed hashes, wherever a post's texts name them.

Commenters are people.  With ``--pseudonymize`` every commenter's display name is replaced by
``commenter-`` and 48 bits of HMAC-SHA256(key, name) written as six letter-digit pairs
("commenter-k3a7z0q9b2m5"), in the author column and wherever the post's texts name them:
every comment (the post author's replies included), the post's title, body (captions
included), tags and categories.  The name is read case- and accent-insensitively (Unicode
casefold, NFKD, combining marks dropped), so "Zoë Smith", "zoe smith" and "ZOE  SMITH" are one
name with one pseudonym, in every table and in every run into the same folder; threads can
still be followed.  The post's author keeps their name (they published under it), and so
does a commenter whose name is the author's.

What is replaced, for each commenter of the post (a pingback's "author", a site's post title,
only as a whole):

* the full display name, also with titles and credentials around it dropped
  ("Dr. Jane Doe, PT" -> "Jane Doe");
* each part of it, split where ``lexicon/privacy.json`` says (``part_separators``):
  "Sara @ Lake Shore Runner" -> "Sara", "Lake Shore Runner";
* the first name: the first word of the first part, titles skipped, when the part has more
  than one word ("Jenna" of "Jenna Miller");
* the parts run together as a handle ("@jennamiller"); the words of a name may also stand
  apart by up to three characters other than letters, digits and line breaks, so
  "@Jenna_Miller", "jenna.miller" and "Jenna  Miller" are found too.

A possessive keeps its ending ("Jenna's" -> "commenter-...'s"), and "@" stays before a
mention.  A one-word name needs two letters, and ``never_alone`` words ("Dr", "PT",
"Anonymous") are never a name on their own.  A name that is also an everyday word would
otherwise wipe out ordinary text, so it is replaced only where it reads as a person:

* a name that is an exercise, equipment or muscle of the lexicons ("Foam Roller"), or one
  word of them or of the body and movement words (``movement_words``: "Run", "Plank"): only
  as an @-mention, after a greeting ("Thanks Run!", ``greetings``), or addressed after a
  comma ("Good question, Run!");
* a one-word name that is a common English word (``ordinary_words``: "Mark", "Grace",
  "Will"; ``everyday_words``, the words the corpus writes in lower case: "Salt", "Hope"):
  in those places and wherever it is written capitalised, unless it opens a
  sentence without being followed by a comma, "!", "?", a possessive or a line break
  ("I agree with Mark", "Mark, good point", "- Mark" are replaced; "Mark your calendar" and
  "hit the mark" are not);
* any other name, and any name of two or more words that is not a lexicon entry ("Happy
  Runner"): everywhere, in any case.

A first name two commenters share (two Alices) is replaced by the pseudonym of the first name
itself, which tells them apart from nobody but hides them both.  The post author's own names
(full, parts, first name) are never taken as a commenter's.

Not covered: people who never commented on the post (names in the body or comments of
anyone else), nicknames and misspellings, surnames on their own, and a commenter's name on
another post's page unless they commented there too.

The key is random, made once per output folder, and kept *beside* the folder, not in it
(``<parent>/.<folder name>.pseudonym-key``, mode 0600), so that sharing the folder does not
share the key: whoever has it can test guesses of names.  It is not in the run's work folder
(publish.work_folder), which is a cache that may be moved (``--work``) or deleted: the key is
what keeps the pseudonyms of one folder the same from run to run.  A salt of an earlier version
kept inside the folder (``.pseudonym-salt``) is moved out to become the key, by every run into
the folder (:func:`move_old_salt`).  Pseudonymising runs before extraction, so every offset
into a text stays true.
"""

from __future__ import annotations

import bisect
import hashlib
import hmac
import logging
import os
import re
import secrets
import string
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .errors import ExportError
from .lexicon import LEXICON_DIR, load_entries, load_privacy_words, read_json_object
from .records import EMAIL_PLACEHOLDER, Block, CleanPost, Comment

__all__ = ["KEY_SUFFIX", "SALT_FILE", "key_path", "load_key", "load_salt", "move_old_salt", "pseudonym",
           "pseudonymize_post"]

KEY_SUFFIX = ".pseudonym-key"
SALT_FILE = ".pseudonym-salt"          # where an earlier version kept its salt, inside the folder

# A word: letters and digits, with any combining marks of a decomposed letter ("e\u0301").
_TOKEN = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])*")
_ASCII_TOKEN = re.compile(r"[A-Za-z0-9]+")   # the same, in a text of ASCII only
_GAP = re.compile(r"(?:[^\w\n]|_){0,3}")   # between two words of one name: up to 3 characters, one line
_OPENS = frozenset(".!?:\n")
_QUOTES = " \t\"'“‘«([*_"
_NAME_AFTER = re.compile(r"[ \t]*(?:[,!?]|['’]s(?![^\W_])|\n|\Z)")
_ADDRESSED_BEFORE = re.compile(r",[ \t]{0,2}\Z")
_ADDRESSED_AFTER = re.compile(r"[ \t]*(?:[,.!?;:)]|\n|\Z)")

DISTINCT, COMMON, MOVEMENT = "distinct", "common", "movement"

log = logging.getLogger(__name__)


# -- the key -----------------------------------------------------------------------------------

def key_path(out_dir: Path) -> Path:
    """Where the key of an output folder is kept: beside it (symbolic links are not followed,
    so a folder that is a link to another keeps its own key)."""
    out = Path(os.path.abspath(out_dir))
    return out.parent / f".{out.name}{KEY_SUFFIX}" if out.name else out / KEY_SUFFIX


def load_key(out_dir: Path) -> str:
    """The output folder's secret key, made (randomly, atomically, mode 0600) the first time."""
    path = key_path(out_dir)
    try:
        move_old_salt(out_dir)
        key = _read(path)
        if key is None:
            _create(path, secrets.token_hex(32))
            key = _read(path)
        if not key:
            raise ExportError(str(path), "the pseudonym key file is empty: delete it to make a new key")
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
        return key
    except UnicodeDecodeError as exc:
        raise ExportError(str(path), "the pseudonym key file is not a key (not ASCII text)") from exc
    except OSError as exc:
        raise ExportError(str(path), f"cannot make or read the pseudonym key ({exc.strerror or exc})") from exc


load_salt = load_key                    # (the name run.py calls it by)


def move_old_salt(out_dir: Path) -> bool:
    """Move the salt an earlier blogrx kept inside the output folder (``.pseudonym-salt``) out,
    to be the folder's key, so that the pseudonyms of the next runs stay the same and the
    folder holds no secret.  Every run does it, with ``--pseudonymize`` or not: a folder about
    to be shared must not keep the salt.  Returns whether there was one."""
    legacy = Path(out_dir) / SALT_FILE
    if not legacy.is_file():
        return False
    path = key_path(out_dir)
    try:
        if not path.exists():
            _create(path, legacy.read_text(encoding="ascii").strip())
        legacy.unlink()
    except UnicodeDecodeError as exc:
        raise ExportError(str(legacy), "the pseudonym salt file is not a salt (not ASCII text)") from exc
    except OSError as exc:
        raise ExportError(str(path), f"cannot move the pseudonym salt out of the folder ({exc.strerror or exc})") from exc
    log.info("moved the pseudonym salt out of %s to %s", out_dir, path)
    return True


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None


def _create(path: Path, key: str) -> None:
    """Write the key to a private temporary file and link it into place; if another run made
    the key first, the link fails and theirs is used."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(key + "\n")
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
    finally:
        tmp.unlink(missing_ok=True)


def pseudonym(name: str, key: str) -> str:
    """The pseudonym of a name: the same for every way of writing it (case, accents, spacing)."""
    return _pseudonym(_name_key(name), key)


def _pseudonym(name_key: str, key: str) -> str:
    """Six letter-digit pairs (48 bits) of the HMAC: no run of letters (which the themes would
    take for a word) and no free-standing number (which a dose rule would take for a count)."""
    n = int.from_bytes(hmac.new(key.encode(), name_key.encode(), hashlib.sha256).digest()[:8], "big")
    pairs = []
    for _ in range(6):
        n, pair = divmod(n, 260)
        pairs.append(string.ascii_lowercase[pair // 10] + str(pair % 10))
    return "commenter-" + "".join(pairs)


# -- words -------------------------------------------------------------------------------------

def _norm(word: str) -> str:
    if word.isascii():
        return word.lower()
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_norm(m.group()) for m in _TOKEN.finditer(text))


def _name_key(name: str) -> str:
    return " ".join(_tokens(name)) or name.casefold().strip()


@dataclass(frozen=True, slots=True)
class _Words:
    separators: re.Pattern[str]
    never_alone: frozenset[str]
    ordinary: frozenset[str]
    movement: frozenset[str]         # words of exercises, equipment, muscles, movement
    phrases: frozenset[tuple[str, ...]]  # every exercise, equipment and muscle name and alias
    greeting: re.Pattern[str]        # a greeting right before a name


@lru_cache(maxsize=1)
def _words() -> _Words:
    lists = load_privacy_words()
    movement = {t for w in lists["movement_words"] for t in _tokens(w)}
    phrases: set[tuple[str, ...]] = set()
    entries = load_entries(LEXICON_DIR)
    for table in (entries.exercises, entries.equipment, entries.muscles):
        for entry in table.values():
            said = [entry.name, *entry.aliases]
            phrases.update(_tokens(s) for s in said)
            if not getattr(entry, "source", None):      # the project's own entries (imported names hold surnames)
                movement.update(t for s in said for t in _tokens(s))
    layout = read_json_object(LEXICON_DIR / "layout.json")
    movement.update(t for w in layout.words("body_words") + list(layout.table("movement_heads")) for t in _tokens(w))
    separators = sorted(lists["part_separators"], key=len, reverse=True)
    greetings = sorted(lists["greetings"], key=len, reverse=True)
    return _Words(
        separators=re.compile("|".join(re.escape(s) for s in separators), re.IGNORECASE),
        never_alone=frozenset(t for w in lists["never_alone"] for t in _tokens(w)),
        ordinary=frozenset(t for w in lists["ordinary_words"] + lists["everyday_words"] for t in _tokens(w)),
        movement=frozenset(movement),
        phrases=frozenset(p for p in phrases if p),
        greeting=re.compile(r"(?<![^\W_])(?:" + "|".join(r"\s+".join(map(re.escape, g.split())) for g in greetings)
                            + r")(?:[ \t]+|[ \t]*[,!][ \t]*)\Z", re.IGNORECASE),
    )


# -- the names of a post's commenters ----------------------------------------------------------

def _variants(display: str, whole_only: bool) -> Iterator[tuple[tuple[str, ...], int]]:
    """(words, rank) of each way a display name may be written; rank 0 is the whole name, then
    its parts (1), its first name (2) and its handles (3)."""
    words = _words()
    full = _tokens(display)
    found = [(full, 0), (_strip(full, words.never_alone), 0)]
    if not whole_only:
        pieces = [x for x in words.separators.split(display) if _tokens(x)]
        parts = [_tokens(x) for x in pieces]
        found += [(_strip(part, words.never_alone), 1) for part in parts]
        found += [(("".join(_strip(part, words.never_alone)),), 3) for part in [full, *parts] if len(part) > 1]
        spoken = [w for w in (pieces[0].split() if pieces else []) if not set(_tokens(w)) <= words.never_alone]
        if len(spoken) > 1:
            found.append((_tokens(spoken[0]), 2))
    ranks: dict[tuple[str, ...], int] = {}
    for variant, rank in found:
        if variant and variant[0]:
            ranks[variant] = min(rank, ranks.get(variant, rank))
    yield from ranks.items()


def _strip(tokens: tuple[str, ...], drop: frozenset[str]) -> tuple[str, ...]:
    start, end = 0, len(tokens)
    while start < end and tokens[start] in drop:
        start += 1
    while end > start and tokens[end - 1] in drop:
        end -= 1
    return tokens[start:end]


def _usable(tokens: tuple[str, ...], words: _Words) -> bool:
    letters = sum(c.isalpha() for t in tokens for c in t)
    return letters >= 2 and not (len(tokens) == 1 and tokens[0] in words.never_alone)


def _kind(tokens: tuple[str, ...], words: _Words) -> str:
    if len(tokens) > 1:
        return MOVEMENT if tokens in words.phrases else DISTINCT
    word = tokens[0]
    if word in words.movement or tokens in words.phrases:
        return MOVEMENT
    return COMMON if word in words.ordinary or word.isdigit() else DISTINCT


@dataclass(frozen=True, slots=True)
class _Name:
    tokens: tuple[str, ...]
    kind: str
    pseudonym: str


class _Node:
    """A word of a name in the names' tree: the words that may follow, and the name it ends."""

    __slots__ = ("next", "name")

    def __init__(self) -> None:
        self.next: dict[str, _Node] = {}
        self.name: _Name | None = None


class _Names:
    """The names of one post's commenters, and how to find them in a text.

    The names are a tree of words, so each word of a text is looked up once however many names
    start with it (an ASCII text's words are read by a plainer pattern, lower-cased)."""

    def __init__(self, names: Iterable[_Name], pseudonyms: dict[str, str]) -> None:
        self.tree: dict[str, _Node] = {}
        for name in names:
            node = self.tree.setdefault(name.tokens[0], _Node())
            for token in name.tokens[1:]:
                node = node.next.setdefault(token, _Node())
            node.name = name
        self.pseudonyms = pseudonyms      # of each commenter's whole name, by its name key

    @classmethod
    def of(cls, post: CleanPost, key: str) -> _Names:
        words = _words()
        kept = {_name_key(a) for a in _own_names(post)}
        own = {v for a in _own_names(post) for v, _ in _variants(a, whole_only=False)}
        owners: dict[tuple[str, ...], tuple[int, set[str]]] = {}
        authors: dict[str, str] = {}      # display name -> name key
        for author, whole_only in {(c.author, c.kind != "comment") for c in post.comments if _is_commenter(c, kept)}:
            assert author is not None
            owner = authors[author] = _name_key(author)
            for variant, rank in _variants(author, whole_only):
                if not variant or variant in own or not _usable(variant, words):
                    continue
                best, who = owners.get(variant, (rank, set()))
                if rank < best:
                    owners[variant] = (rank, {owner})
                elif rank == best:
                    owners[variant] = (rank, who | {owner})
        pseudonyms = {owner: _pseudonym(owner, key) for owner in authors.values()}
        return cls((_Name(v, _kind(v, words), pseudonyms[next(iter(who))] if len(who) == 1
                          else _pseudonym(" ".join(v), key))
                    for v, (_, who) in owners.items()), {a: pseudonyms[k] for a, k in authors.items()})

    def author(self, c: Comment) -> str | None:
        """The comment's author as the tables show it: a commenter's pseudonym, else as written."""
        return self.pseudonyms.get(c.author, c.author) if c.author and not c.is_post_author else c.author

    def scrub(self, text: str) -> tuple[str, list[tuple[int, int, str]]]:
        """The text with every name replaced, and the replacements (start, end, pseudonym)."""
        found: list[tuple[int, int, str]] = []
        if not self.tree:
            return text, found
        ascii = text.isascii()
        resume = 0
        for m in (_ASCII_TOKEN if ascii else _TOKEN).finditer(text):
            if m.start() < resume:
                continue
            node = self.tree.get(m.group().lower() if ascii else _norm(m.group()))
            if node is None:
                continue
            for name, starts, end in reversed(self._walk(text, m, node)):    # the longest name first
                if _allowed(name.kind, text, m.start(), end, starts):
                    found.append((m.start(), end, name.pseudonym))
                    resume = end
                    break
        if not found:
            return text, found
        out, at = [], 0
        for start, end, alias in found:
            out += [text[at:start], alias]
            at = end
        out.append(text[at:])
        return "".join(out), found

    @staticmethod
    def _walk(text: str, first: re.Match[str], node: _Node) -> list[tuple[_Name, list[int], int]]:
        """Every name the words from ``first`` on spell: (name, where its words start, its end)."""
        starts, end = [first.start()], first.end()
        spelled = []
        while True:
            if node.name is not None:
                spelled.append((node.name, list(starts), end))
            if not node.next:
                return spelled
            m = _TOKEN.match(text, _GAP.match(text, end).end())
            child = node.next.get(_norm(m.group())) if m is not None else None
            if m is None or child is None:
                return spelled
            node = child
            starts.append(m.start())
            end = m.end()


def _own_names(post: CleanPost) -> set[str]:
    """The post author's names: in the metadata and on the comments the markup marks as theirs."""
    return {a for a in [post.author, *(c.author for c in post.comments if c.is_post_author)] if a}


def _is_commenter(c: Comment, kept: set[str]) -> bool:
    return bool(c.author) and not c.is_post_author and c.author != EMAIL_PLACEHOLDER \
        and _name_key(c.author or "") not in kept


def _allowed(kind: str, text: str, start: int, end: int, starts: list[int]) -> bool:
    """Whether a name of this kind, found at text[start:end], stands for a person there."""
    if kind == DISTINCT:
        return True
    if start and text[start - 1] == "@":
        return True
    before = text[max(0, start - 40):start]
    if _words().greeting.search(before):
        return True
    if _ADDRESSED_BEFORE.search(before) and _ADDRESSED_AFTER.match(text, end):
        return True
    if kind == MOVEMENT or not all(text[s].isupper() for s in starts):
        return False
    opening = before.rstrip(_QUOTES)
    if opening and opening[-1] not in _OPENS:      # written capitalised inside a sentence
        return True
    return bool(_NAME_AFTER.match(text, end))     # opening one: "Mark, ...", "Mark's", a line of its own


# -- the post ----------------------------------------------------------------------------------

def pseudonymize_post(post: CleanPost, key: str) -> CleanPost:
    """The post with every commenter's name replaced: in authors, comment texts, title and body."""
    kept = {_name_key(a) for a in _own_names(post)}
    if not any(_is_commenter(c, kept) for c in post.comments):
        return post
    names = _Names.of(post, key)

    def scrub(text: str) -> str:
        return names.scrub(text)[0]

    comments = tuple(replace(c, author=names.author(c), text=scrub(c.text),
                             published_raw=c.published_raw and scrub(c.published_raw)) for c in post.comments)
    body_text, found = names.scrub(post.body_text)
    return replace(post, comments=comments, title=post.title and scrub(post.title),
                   tags=tuple(scrub(t) for t in post.tags), categories=tuple(scrub(t) for t in post.categories),
                   body_text=body_text, blocks=_moved(post.blocks, body_text, found))


def _moved(blocks: tuple[Block, ...], body_text: str, found: list[tuple[int, int, str]]) -> tuple[Block, ...]:
    """The blocks with their offsets into the new body text (a name never spans two blocks: a
    name's words never stand across a line break)."""
    if not found:
        return blocks
    ends = [end for _, end, _ in found]
    shifts, total = [], 0
    for start, end, alias in found:
        total += len(alias) - (end - start)
        shifts.append(total)

    def at(offset: int) -> int:
        i = bisect.bisect_right(ends, offset)
        return offset + (shifts[i - 1] if i else 0)

    moved = []
    for b in blocks:
        start, end = at(b.start), at(b.end)
        moved.append(replace(b, text=body_text[start:end], start=start, end=end))
    return tuple(moved)
