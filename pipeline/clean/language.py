"""A post's language: the one its markup declares, else the one its text is written in.

A page says its language in ``<html lang>``, a Content-Language or ``og:locale`` meta tag, or
its JSON-LD (metadata.py reads them); that value is kept, even when the text disagrees (the
page's own claim is the record).  A page that declares none, a plain-text or Markdown post and a
post from the WordPress REST API are given the language their body is written in, as py3langid
(langid.py's model of 97 languages, ISO 639-1 codes) identifies it from the first
:data:`SAMPLE_CHARS` characters.  The model is loaded once per process, the first time a post
needs it.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

SAMPLE_CHARS = 1000      # the opening of a post says its language; more costs time and changes no answer
_LOCK = threading.Lock()


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    return LanguageIdentifier.from_model_file(MODEL_FILE)


def text_language(text: str) -> str | None:
    """The language a text is written in ("en", "de"), or None for a text without a letter."""
    sample = text[:SAMPLE_CHARS]
    if not any(c.isalpha() for c in sample):
        return None
    with _LOCK:                 # one load, whichever thread asks first
        identifier = _identifier()
    language, _ = identifier.classify(sample)
    return None if language == "und" else str(language)

