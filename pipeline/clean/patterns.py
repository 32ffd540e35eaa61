"""The boilerplate patterns of ``boilerplate.json``, loaded and checked once (through the lexicon's
reader: a malformed file is a LexiconError naming the file and the line)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ..lexicon import Document, read_json_object
from .dom import GatedXPath, literal_needs, quick_class_tests
from .index import Query, query_of

PATTERNS_FILE = Path(__file__).with_name("boilerplate.json")
MAX_VERDICTS = 100_000   # class/id tokens whose verdict is kept (a few MB at most)


@dataclass(frozen=True, slots=True)
class Patterns:
    drop_tags: frozenset[str]
    exact: frozenset[str]
    contains: re.Pattern[str]
    content_xpaths: tuple[GatedXPath, ...]    # each run only on a page whose source holds its literals
    content_queries: tuple[Query | None, ...]  # the same, read from a page index where the shape allows
    broad_content_xpaths: frozenset[str]
    content_sources: tuple[str, ...]
    comment_widgets: tuple[tuple[str, GatedXPath], ...]
    verdicts: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def token_match(self, tokens: list[str]) -> bool:
        """True when a class/id token names boilerplate.  Each token's verdict is kept (up to
        MAX_VERDICTS): themes repeat their class names on every element and every page, and the
        "contains" alternation is tried at every position of a token."""
        verdicts = self.verdicts
        for t in tokens:
            verdict = verdicts.get(t)
            if verdict is None:
                verdict = t in self.exact or self.contains.search(t) is not None
                if len(verdicts) < MAX_VERDICTS:
                    verdicts[t] = verdict
            if verdict:
                return True
        return False


def _gated(xpath: str) -> GatedXPath:
    return GatedXPath(etree.XPath(quick_class_tests(xpath)), all_of=literal_needs(xpath))


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """Load the patterns once; a malformed file is a LexiconError naming the file and the line."""
    data = read_json_object(PATTERNS_FILE)
    content = tuple(data.words("content_xpaths"))
    widgets = data.table("comment_widgets", "an object of name -> XPath")
    return Patterns(
        drop_tags=frozenset(data.words("drop_tags")),
        exact=frozenset(t.lower() for t in data.words("exact")),
        contains=re.compile("|".join(re.escape(t.lower()) for t in data.words("contains"))),
        content_xpaths=tuple(_checked(data, ("content_xpaths", i), x) for i, x in enumerate(content)),
        content_queries=tuple(query_of(x) for x in content),
        broad_content_xpaths=frozenset(data.words("broad_content_xpaths")),
        content_sources=content,
        comment_widgets=tuple((name, _checked(data, ("comment_widgets", name), x)) for name, x in widgets.items()),
    )


def _checked(data: Document, key: tuple[object, ...], xpath: object) -> GatedXPath:
    if not isinstance(xpath, str):
        raise data.error(key, f"{'/'.join(map(str, key))} must be an XPath string")
    try:
        return _gated(xpath)
    except etree.XPathSyntaxError as exc:
        raise data.error(key, f"invalid XPath {xpath!r} ({exc})") from exc
