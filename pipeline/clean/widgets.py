"""Comment sections that only a script fills in (Disqus, Squarespace...)."""

from __future__ import annotations

from lxml import etree

from .patterns import patterns


def comment_widget(root: etree._Element, source: str | None = None) -> str | None:
    """The name of a script-only comment widget whose placeholder the page holds, else None.
    With the page's ``source``, a widget whose id or class it never names is not looked for."""
    for name, xpath in patterns().comment_widgets:
        if xpath(root, source):
            return name
    return None
