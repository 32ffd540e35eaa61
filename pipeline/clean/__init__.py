"""The clean stage: a saved page's bytes -> a :class:`CleanPost`.

    bytes --decode--> str --parse--> tree --metadata--> title, author, date, ...
                                          --comments--> threaded comments (cut from the tree)
                                          --body------> boilerplate-free blocks + body text

One parse per page; the tree is private to this call and pruned as we go.  A post saved
from the WordPress REST API (``*.wp.json.gz``, see wpjson.py) gives the same record;
so does a plain-text or Markdown post (``.txt``, ``.md``, see text.py).  A post whose markup
declares no language is given its body's (language.py).
Input that is not a cleanable HTML page raises :class:`CleanError` naming the file.
"""

from __future__ import annotations

from dataclasses import replace

from functools import cache, partial

from ..errors import CleanError
from ..records import TEXT_SUFFIXES, CleanPost, RawPage
from .body import content_needs, extract_body
from .comments import COMMENT_ELEMENTS, PostContext, read_comments
from .dates import numeric_day_first
from .decode import decode_page, looks_truncated, parse_html
from .dom import drop_tree
from .emails import scrub_emails
from .ids import post_id_of
from .index import PageIndex
from .language import text_language
from .metadata import INDEX_NEEDS, read_metadata
from .text import clean_text_page
from .widgets import comment_widget
from .wpjson import clean_wordpress, is_wordpress_document

__all__ = ["clean", "post_id_of"]

TRUNCATED = "truncated page: the HTML stops without closing </body> or </html>"


@cache
def _index_needs() -> tuple[frozenset[str], frozenset[str]]:
    """What the page index files: what metadata reads, and the body's content containers."""
    tags, classes = content_needs()
    return INDEX_NEEDS[0] | tags, INDEX_NEEDS[1] | classes


def clean(page: RawPage) -> CleanPost:
    """Decode, parse and split one page into metadata, body blocks and comments; the post keeps
    where and when it was fetched, as the scrape manifest or WARC says, and the language its
    markup declares, else its body's (language.py)."""
    post = _clean(page)
    if post.language is None:
        post = replace(post, language=text_language(post.body_text))
    if page.url is None and page.fetched_at is None:
        return post
    return replace(post, fetched_url=page.url, fetched_at=page.fetched_at)


def _clean(page: RawPage) -> CleanPost:
    path = page.source_path
    if is_wordpress_document(page):       # a post and its comments from the WordPress REST API
        return clean_wordpress(page, post_id_of(page.content))
    if page.source_path.lower().endswith(TEXT_SUFFIXES):    # a .txt / .md post: layout read from the text
        return clean_text_page(page)
    text, utf8 = decode_page(page.content, page.http_charset, path)
    truncated = looks_truncated(text)
    root = parse_html(text, path, utf8)
    post_id = post_id_of(page.content)
    index = PageIndex(root, *_index_needs(), pick=COMMENT_ELEMENTS)   # one walk: what metadata, comments, body read
    meta = read_metadata(root, page.url, index)
    lang = (root.get("lang") or "").split("-")[0].lower() or None
    context = PostContext(post_id, meta.author, meta.published, (lang, "en") if lang and lang != "en" else None,
                          page.fetched_at, cache(partial(numeric_day_first, text, meta.language or lang)))
    comments, areas = read_comments(root, context, index.picked)
    widget = None if comments else comment_widget(root, text)
    for area in areas:
        if area.getparent() is not None:
            drop_tree(area)
    blocks, body_text = extract_body(root, meta.title, text, index)
    if not body_text.strip():
        if truncated:
            raise CleanError(path, f"{TRUNCATED}; it ends before the post body begins")
        raise CleanError(path, "no body text: the page has markup but no readable content")
    warnings = ((TRUNCATED + "; the body or comments may be incomplete",) if truncated else ()) + (
        () if meta.title else ("no title found",))
    return CleanPost(
        post_id=post_id, source_path=path, url=meta.url, site=meta.site, platform=meta.platform,
        title=meta.title and scrub_emails(meta.title), author=meta.author, published=meta.published,
        categories=meta.categories, tags=meta.tags, body_text=body_text, blocks=blocks,
        comments=comments, comment_widget=widget, warnings=warnings,
        modified=meta.modified, site_name=meta.site_name, language=meta.language,
        published_raw=meta.published_raw, modified_raw=meta.modified_raw,
    )
