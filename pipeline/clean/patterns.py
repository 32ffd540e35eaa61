"""The boilerplate patterns of ``boilerplate.json``, loaded and checked once."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

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
    """Load the patterns once; a malformed file fails loudly, naming the file."""
    try:
        data = json.loads(PATTERNS_FILE.read_text(encoding="utf-8"))
        content = tuple(data["content_xpaths"])
        return Patterns(
            drop_tags=frozenset(data["drop_tags"]),
            exact=frozenset(t.lower() for t in data["exact"]),
            contains=re.compile("|".join(re.escape(t.lower()) for t in data["contains"])),
            content_xpaths=tuple(_gated(x) for x in content),
            content_queries=tuple(query_of(x) for x in content),
            broad_content_xpaths=frozenset(data["broad_content_xpaths"]),
            content_sources=content,
            comment_widgets=tuple((name, _gated(x)) for name, x in data["comment_widgets"].items()),
        )
    except (OSError, KeyError, TypeError, ValueError, etree.XPathSyntaxError) as exc:
        raise RuntimeError(f"{PATTERNS_FILE}: malformed boilerplate patterns ({exc})") from exc
