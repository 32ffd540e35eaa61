"""The helpers that build ``CleanPost``s for extraction tests (tests/support/posts.py) build them as the cleaner would."""

from __future__ import annotations

from tests.support.posts import FOUNDING_CAPTIONS, founding_post, make_post


def test_make_post_lays_out_blocks_like_the_cleaner() -> None:
    post = make_post([("heading", "Hips"), ("paragraph", "Do 3 sets of 10 of each:"),
                      ("list_item", "Clamshells"), ("list_item", "Bridges"), ("caption", "Clamshell")])
    assert all(post.body_text[b.start:b.end] == b.text for b in post.blocks)
    assert [b.section for b in post.blocks] == [1, 1, 1, 1, 1]
    assert [b.list_id for b in post.blocks] == [None, None, 1, 1, None]


def test_founding_post_from_the_seed_has_its_captions_and_comments() -> None:
    post = founding_post()
    assert sum(b.kind == "caption" for b in post.blocks) == len(FOUNDING_CAPTIONS)
    assert post.blocks[0].text.startswith("Today I will be sharing")
    assert len(post.comments) == 65
    assert any(c.text.startswith("My PT has me doing an adductor exercise") for c in post.comments)
