"""E-mail addresses out of every text a page gives: the body, its title, comments, authors.

An address is replaced by :data:`~pipeline.records.EMAIL_PLACEHOLDER`, the stand-in
Cloudflare shows for the addresses it hides, so the tables hold one form whatever the page
did.  The match starts only where a run of address characters starts (the look-behind), so
a long run of letters without an address is read once, not once per letter.
"""

from __future__ import annotations

import re

from ..records import EMAIL_PLACEHOLDER

__all__ = ["EMAIL", "scrub_emails"]

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def scrub_emails(text: str) -> str:
    """The text with every e-mail address replaced by the placeholder (same length otherwise)."""
    if "@" not in text:          # (most texts: no regex pass at all)
        return text
    return EMAIL.sub(EMAIL_PLACEHOLDER, text)
