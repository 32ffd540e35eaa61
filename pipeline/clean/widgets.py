"""Comment sections that only a script fills in (Disqus, Squarespace...)."""

from __future__ import annotations

from lxml import etree

from .patterns import patterns


def comment_widget(root: etree._Element) -> str | None:
    """The name of a script-only comment widget whose placeholder the page holds, else None."""
    for name, xpath in patterns().comment_widgets:
        if xpath(root):
            return name
    return None
