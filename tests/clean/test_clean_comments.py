"""Specification of comment reading: threads, authors, dates, privacy, widgets."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tests.support.cleaning import clean_bytes, clean_fixture


EDT = timezone(timedelta(hours=-4))




def test_clean_reads_threaded_genesis_comments_with_their_parents() -> None:
    post = clean_fixture("genesis-threaded-comments.html")
    got = [(c.html_id, c.depth, c.parent_id) for c in post.comments]
    ids = [c.comment_id for c in post.comments]
    assert got == [("comment-101", 0, None), ("comment-102", 1, ids[0]),
                   ("comment-103", 2, ids[1]), ("comment-104", 0, None)]
    assert ids == [f"{post.post_id}-c{i:04d}" for i in range(4)]
    assert all(c.post_id == post.post_id for c in post.comments)


def test_clean_reads_comment_author_date_and_text_without_reply_or_meta_lines() -> None:
    first = clean_fixture("genesis-threaded-comments.html").comments[0]
    assert first.author == "Sam Runner"
    assert first.published == datetime(2021, 4, 3, 9, 15, tzinfo=EDT)
    assert first.text == "Do you do these every day?"
    assert first.is_post_author is False


def test_clean_marks_bypostauthor_comments_and_names_them_after_the_post_author() -> None:
    reply = clean_fixture("genesis-threaded-comments.html").comments[1]
    assert reply.is_post_author is True
    assert reply.author == "Dana"  # the Cloudflare placeholder is not decoded: the post's author is used


def test_clean_keeps_the_cloudflare_placeholder_as_the_author_of_other_commenters() -> None:
    last = clean_fixture("genesis-threaded-comments.html").comments[3]
    assert last.author == "[email protected]" and last.is_post_author is False


def test_clean_never_stores_a_plain_email_address() -> None:
    post = clean_fixture("genesis-threaded-comments.html")
    assert post.comments[2].text == "Thanks! Mail me at [email protected] if you write more."
    page = (b"<html><body><div class='entry-content'><p>A post about tempo runs and recovery days.</p></div>"
            b"<ol class='commentlist'><li class='comment' id='comment-1'><div class='comment-author vcard'>"
            b"<cite class='fn'>jo@runs.example</cite></div><div class='comment-content'><p>Nice</p></div></li>"
            b"</ol></body></html>")
    assert clean_bytes(page).comments[0].author == "[email protected]"


def test_clean_keeps_comment_text_out_of_the_body_and_body_text_out_of_comments() -> None:
    post = clean_fixture("genesis-threaded-comments.html")
    for comment in post.comments:
        assert comment.text not in post.body_text
        assert "Clamshells are my favourite" not in comment.text


def test_clean_reads_classic_wordpress_comments_and_marks_pingbacks_as_such() -> None:
    post = clean_fixture("classic-wordpress-comments.html")
    got = [(c.author, c.depth, c.is_post_author, c.text, c.kind) for c in post.comments]
    assert got == [("Petra", 0, False, "Wie tief soll ich gehen?", "comment"),
                   ("Jan", 1, True, "Bis die Oberschenkel parallel zum Boden sind.", "comment"),
                   ("Wochenrückblick", 0, False, "[…] Kniebeugen […]", "pingback")]
    assert post.comments[1].parent_id == post.comments[0].comment_id
    assert post.comments[0].html_id == "li-comment-21"


def test_clean_parses_visible_german_comment_dates() -> None:
    post = clean_fixture("classic-wordpress-comments.html")
    assert post.comments[0].published == datetime(2019, 6, 19, 13, 20)


def test_clean_reads_threaded_blogger_comments_with_blog_author_replies() -> None:
    post = clean_fixture("blogger-threaded-comments.html")
    got = [(c.html_id, c.author, c.depth, c.is_post_author, c.text) for c in post.comments]
    assert got == [("c1111111111", "Lee", 0, False, "Try compression socks too."),
                   ("c2222222222", "Kim", 1, True, "Ordered some, thanks!")]
    assert post.comments[1].parent_id == post.comments[0].comment_id


def test_clean_dates_blogger_comments_from_their_timestamp_in_the_post_timezone() -> None:
    post = clean_fixture("blogger-threaded-comments.html")
    pst = timezone(timedelta(hours=-8))
    assert post.comments[0].published == datetime(2022, 3, 6, 10, 10, tzinfo=pst)


def test_clean_reads_old_blogger_comment_blocks() -> None:
    post = clean_fixture("old-blogger-comments.html")
    got = [(c.html_id, c.author, c.depth, c.is_post_author, c.text) for c in post.comments]
    assert got == [("c5550001", "Coach Ray", 0, False, "Nice work! Keep the easy days easy."),
                   ("c5550002", "Marathon Legs", 0, True, "Thanks Ray, will do.")]
    assert post.comments[0].published == datetime(2009, 10, 10, 19, 45)
    assert "Keep the easy days easy" not in post.body_text


def test_clean_reads_block_theme_comments() -> None:
    post = clean_fixture("block-theme-comments.html")
    [comment] = post.comments
    assert (comment.author, comment.text, comment.html_id) == ("Ana", "Rolling the calves changed my life.", "comment-9")
    assert comment.published == datetime(2024, 5, 1, 8, 0, tzinfo=timezone.utc)
    assert post.comment_widget is None


def test_clean_reads_schema_org_comment_microdata_as_a_fallback() -> None:
    page = (b"<html><body><article><p>Long post about the track workout we did on Tuesday evening.</p></article>"
            b"<section><div itemprop='comment' itemscope itemtype='https://schema.org/Comment'>"
            b"<span itemprop='author' itemscope itemtype='https://schema.org/Person'><span itemprop='name'>Bo</span></span>"
            b"<time itemprop='datePublished' datetime='2020-02-02'>Feb 2</time><div itemprop='text'>Fun session</div>"
            b"</div></section></body></html>")
    [comment] = clean_bytes(page).comments
    assert (comment.author, comment.text, comment.published) == ("Bo", "Fun session", datetime(2020, 2, 2))


def test_clean_names_a_script_only_comment_widget() -> None:
    post = clean_fixture("disqus-placeholder.html")
    assert post.comments == () and post.comment_widget == "disqus"


def test_clean_reports_no_widget_when_the_page_has_none() -> None:
    post = clean_fixture("classic-wordpress-comments.html")
    assert post.comment_widget is None


# -- a comment's reply links and counter are never its author or its words ------------------

def test_clean_leaves_reply_and_edit_links_out_of_comment_authors_by_their_role_in_any_language() -> None:
    post = clean_fixture("numbered-comments-reply-links.html")
    # a ?replytocom= link, a #respond link with WordPress's reply attributes beside an edit link,
    # and a button with the moveForm handler: "Répondre", "Modifier" and "Reply" are no names
    assert [c.author for c in post.comments] == ["Camille", "Foulée Douce", "Sam"]
    assert post.comments[1].is_post_author is True and post.comments[1].depth == 1


def test_clean_leaves_the_comment_number_out_of_the_comment_text() -> None:
    post = clean_fixture("numbered-comments-reply-links.html")
    assert [c.text for c in post.comments] == [
        "Merci ! Je commence demain, je vous dirai si le tendon tient.",
        "Avec plaisir, et pas de course tant que la marche fait mal.",
        "10 reps felt easier than 15 on the first day.",     # a number that starts the words stays
    ]


def test_clean_reads_every_comment_of_a_numbered_german_theme_without_its_reply_link_or_number() -> None:
    from tests.support.paths import require_corpus
    page = require_corpus() / "html" / "trafilatura" / "theoriginalcopy.de.baby.html"
    comments = clean_bytes(page.read_bytes(), path=str(page)).comments
    assert len(comments) == 52
    assert (comments[0].author, comments[0].text[:21]) == ("Julia", "So schön geschrieben ")
    for comment in comments:     # the theme writes "Antworten" (reply) after each name, a number before each comment
        assert comment.author and "Antworten" not in comment.author and not comment.author[-1].isdigit()
        assert comment.text and not comment.text.split()[0].isdigit(), comment.text[:40]
