"""Pseudonymised exports: commenters' display names -> stable salted hashes.

Commenters are people.  With ``--pseudonymize`` every commenter's display name is replaced,
in the author column and wherever the name appears in a comment's text, by
``commenter-<12 hex>``: the first hex digits of sha256(salt, name).  The same name gets the
same pseudonym in every table and in every run that uses the same salt, so threads can still
be followed; the post's author keeps their name (they published under it).

The salt is random, made once per output folder and kept in ``<out>/.pseudonym-salt``: keep
it private (or delete it after the last run) so that nobody can test guesses of names.
This runs before extraction, so every offset into a comment's text stays true.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from dataclasses import replace
from pathlib import Path

from .errors import ExportError
from .records import EMAIL_PLACEHOLDER, CleanPost

__all__ = ["SALT_FILE", "load_salt", "pseudonym", "pseudonymize_post"]

SALT_FILE = ".pseudonym-salt"


def load_salt(out_dir: Path) -> str:
    """The output folder's salt, made (randomly, atomically) the first time."""
    path = Path(out_dir) / SALT_FILE
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{SALT_FILE}.{os.getpid()}.tmp")
        tmp.write_text(secrets.token_hex(16) + "\n", encoding="ascii")
        os.chmod(tmp, 0o600)
        try:
            os.link(tmp, path)        # fails if another run made it first: then use theirs
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
        return path.read_text(encoding="ascii").strip()
    except OSError as exc:
        raise ExportError(str(path), f"cannot make the pseudonym salt ({exc.strerror or exc})") from exc


def pseudonym(name: str, salt: str) -> str:
    return "commenter-" + hashlib.sha256(f"{salt}\0{name}".encode()).hexdigest()[:12]


def pseudonymize_post(post: CleanPost, salt: str) -> CleanPost:
    """The post with every commenter's name replaced, in authors and in comment texts."""
    names = {c.author for c in post.comments
             if c.author and not c.is_post_author and c.author != post.author and c.author != EMAIL_PLACEHOLDER}
    if not names:
        return post
    mapping = {name: pseudonym(name, salt) for name in names}
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in sorted(names, key=len, reverse=True)))

    def scrub(text: str) -> str:
        return pattern.sub(lambda m: mapping[m.group(0)], text)

    comments = tuple(replace(c, author=mapping.get(c.author, c.author) if c.author else c.author, text=scrub(c.text))
                     for c in post.comments)
    return replace(post, comments=comments)
