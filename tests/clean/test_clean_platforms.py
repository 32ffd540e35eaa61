"""Cleaning beyond WordPress and Blogger: Ghost, Squarespace, Medium, custom CMSs with schema.org
microdata; metadata reconciled from JSON-LD, OpenGraph and markup; relative dates."""

from __future__ import annotations

from datetime import datetime, timezone

from pipeline.records import RawPage
from pipeline.clean import clean
from tests.support.cleaning import clean_bytes, clean_fixture


def test_a_ghost_post_gives_its_content_metadata_and_no_newsletter_or_read_next() -> None:
    post = clean_fixture("ghost-post.html")

    assert (post.platform, post.title, post.author) == ("ghost", "Rebuilding After a Calf Strain", "Dana Whitlock")
    assert post.published == datetime(2024, 4, 2, 6, 30, tzinfo=timezone.utc)
    assert post.modified == datetime(2024, 4, 5, 18, 2, 11, tzinfo=timezone.utc)
    assert (post.site_name, post.language) == ("The Long Run Lab", "en")
    assert post.categories == ("Injuries",) and post.tags == ("Injuries", "Calves")
    assert [b.kind for b in post.blocks] == ["paragraph", "heading", "paragraph", "caption", "heading", "paragraph"]
    for boilerplate in ("Subscribe", "Read next", "Plantar fasciitis", "Powered by Ghost", "Apr 2, 2024"):
        assert boilerplate not in post.body_text


def test_a_squarespace_post_joins_its_blocks_and_flags_its_script_only_comments() -> None:
    post = clean_fixture("squarespace-post.html")

    assert (post.platform, post.author, post.site_name, post.language) == (
        "squarespace", "Priya Natarajan", "Hill & Hollow Running", "en-us")
    assert post.comments == () and post.comment_widget == "squarespace-js"
    assert post.body_text.startswith("Before every long run") and post.body_text.endswith("out the door.")
    assert [b.text for b in post.blocks if b.kind == "caption"] == ["Rolling the IT band slowly, one leg at a time"]
    assert "newsletter" not in post.body_text.lower() and "Instagram" not in post.body_text


def test_a_medium_post_leaves_its_title_byline_and_recommendations_out_of_the_body() -> None:
    post = clean_fixture("medium-post.html")

    assert (post.platform, post.author, post.site_name) == ("medium", "Sam Ortega", "Medium")
    assert post.modified == datetime(2022, 6, 20, 9, 10, tzinfo=timezone.utc)
    assert post.blocks[0].text.startswith("My knee pain turned out to be a hip problem.")
    for boilerplate in ("6 min read", "More from Sam Ortega", "Recommended from Medium", "Sign in"):
        assert boilerplate not in post.body_text


def test_schema_org_comment_microdata_in_an_unknown_theme_gives_threaded_comments() -> None:
    post = clean_fixture("microdata-comments.html")

    assert (post.author, post.language, post.site_name) == ("Jonas Berg", "de", "Laufwerk Magazin")
    got = [(c.author, c.depth, c.published.isoformat(), c.text) for c in post.comments]
    assert got == [
        ("Mara K.", 0, "2021-09-15T19:12:00+02:00", "Wie lange hat es gedauert, bis du eine Wirkung gespürt hast?"),
        ("Jonas Berg", 1, "2021-09-16T07:40:00+02:00", "Etwa vier Wochen, dann liefen die langen Einheiten deutlich runder."),
        ("Timo", 0, "2021-09-20T21:05:00+02:00", "Seitstütz mache ich auch, gern noch Monster Walks dazu."),
    ]
    assert post.comments[1].parent_id == post.comments[0].comment_id
    assert not any(c.is_post_author for c in post.comments)   # the markup does not say so: no guessing


RELATIVE = (b"<html lang='en'><body><div class='entry-content'><p>Tempo runs and hip work, week three of "
            b"the plan.</p></div><ol class='commentlist'><li class='comment' id='comment-7'>"
            b"<div class='comment-author vcard'><cite class='fn'>Ari</cite></div>"
            b"<div class='comment-metadata'><a href='#comment-7'>3 years ago</a></div>"
            b"<div class='comment-content'><p>Same here!</p></div></li></ol></body></html>")


def test_a_relative_comment_date_counts_back_from_when_the_page_was_saved() -> None:
    saved = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)

    post = clean(RawPage("saved.html", RELATIVE, "https://example.org/p/", saved, None))

    assert post.comments[0].published == datetime(2021, 5, 1, 12, 0, tzinfo=timezone.utc)


def test_a_relative_comment_date_without_a_fetch_date_is_unknown() -> None:
    assert clean_bytes(RELATIVE).comments[0].published is None

