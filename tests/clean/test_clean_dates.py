"""Visible dates as blogs write them, in the page's languages."""

from __future__ import annotations

from datetime import datetime

import pytest

from pipeline.clean import dates
from pipeline.clean.dates import numeric_day_first, parse_visible


@pytest.mark.parametrize(("text", "languages", "expected"), [
    ("February 17, 2015 at 5:39 am", None, datetime(2015, 2, 17, 5, 39)),
    ("März 7, 2018", ("de", "en"), datetime(2018, 3, 7)),
    ("22. April 2019", ("de", "en"), datetime(2019, 4, 22)),
    ("19. Juni 2019 um 13:20", ("de", "en"), datetime(2019, 6, 19, 13, 20)),
    ("Samstag, 5. Oktober 2013", ("de",), datetime(2013, 10, 5)),
    ("Desember 30, 2015 4:36 am", ("id", "en"), datetime(2015, 12, 30, 4, 36)),
    ("12 de marzo de 2016", ("es",), datetime(2016, 3, 12)),   # not an English shape: dateparser reads it
])
def test_dates_in_the_page_languages_are_read(text, languages, expected) -> None:
    assert parse_visible(text, languages) == expected


def test_a_month_name_of_another_language_is_not_translated() -> None:
    # "Mai" is German for May; on an English page it is no month, and nothing is invented
    assert parse_visible("Mai 7, 2018", ("en",)) != datetime(2018, 5, 7)


@pytest.mark.parametrize(("text", "languages", "expected"), [
    ("06.01.2020 um 22:45", ("de", "en"), datetime(2020, 1, 6, 22, 45)),   # dotted: day first, always
    ("06.01.2020 22:45", None, datetime(2020, 1, 6, 22, 45)),
    ("23/04/2020 8:57 am", None, datetime(2020, 4, 23, 8, 57)),           # 23 can only be a day
    ("04/23/2020 8:57 pm", None, datetime(2020, 4, 23, 20, 57)),          # 23 can only be a day
    ("2020/04/03", None, datetime(2020, 4, 3)),
    ("19. Juni 2019 / 19:02", ("de", "en"), datetime(2019, 6, 19, 19, 2)),
    ("22. September, 2020 13:55", None, datetime(2020, 9, 22, 13, 55)),
    ("12/01/2020 12:00 am", None, datetime(2020, 12, 1, 0, 0)),           # an English page reads month first
    ("12/01/2020", ("de", "en"), datetime(2020, 1, 12)),                  # a German one day first
])
def test_numeric_dates_are_read_day_or_month_first_as_they_must_be(text, languages, expected) -> None:
    assert parse_visible(text, languages) == expected


def test_an_ambiguous_slashed_date_follows_the_page() -> None:
    # flawlessfood.co.uk writes "23/04/2020" and "09/06/2020" in one thread: both are day first
    page = "<small>23/04/2020 8:57 am</small> <small>09/06/2020 1:53 pm</small>"
    assert numeric_day_first(page, "en-gb") is True
    assert numeric_day_first("<small>04/23/2020</small> <small>09/06/2020</small>", "en-gb") is False
    assert numeric_day_first("<small>09/06/2020</small>", "en-us") is False
    assert numeric_day_first("<small>09/06/2020</small>", "en-gb") is True
    assert numeric_day_first("see /2019/06/19/post", "en") is False      # a URL's path is no date
    assert parse_visible("09/06/2020 1:53 pm", day_first=True) == datetime(2020, 6, 9, 13, 53)
    assert parse_visible("09/06/2020 1:53 pm", day_first=False) == datetime(2020, 9, 6, 13, 53)


def test_the_page_is_read_for_its_date_order_only_when_a_slashed_date_needs_it() -> None:
    """clean hands comments a function that reads the whole page for its date order; it is
    called for a numeric date only, since most pages have none in their comments."""
    asked: list[str] = []

    def page_order() -> bool:
        asked.append("asked")
        return True

    assert parse_visible("June 9, 2020 at 1:53 pm", day_first=page_order) == datetime(2020, 6, 9, 13, 53)
    assert asked == []
    assert parse_visible("09/06/2020 1:53 pm", day_first=page_order) == datetime(2020, 6, 9, 13, 53)
    assert asked == ["asked"]


def test_a_date_without_its_year_follows_the_post_and_is_never_this_years() -> None:
    # WordPress.com shows "Jun 23rd at 8:55 am" under a post of 19 June 2019
    post = datetime(2019, 6, 19, 19, 38)
    assert parse_visible("Jun 23rd at 8:55 am", after=post) == datetime(2019, 6, 23, 8, 55)
    assert parse_visible("Jun 19th at 8:55 pm", after=post) == datetime(2019, 6, 19, 20, 55)
    assert parse_visible("Jan 2nd at 8:55 am", after=post) == datetime(2020, 1, 2, 8, 55)   # the new year
    saved = datetime(2021, 3, 1)
    assert parse_visible("Dec 30th", fetched_at=saved) == datetime(2020, 12, 30)
    assert parse_visible("Feb 27th", fetched_at=saved) == datetime(2021, 2, 27)
    assert parse_visible("Jun 23rd at 8:55 am") is None                # nothing to place it by


@pytest.mark.parametrize("text", ["15 Min", "12:30 am", "2 sets", "Reply"])
def test_what_names_no_day_is_no_date(text) -> None:
    # "15 Min" is a recipe's <time itemprop="prepTime">; it once became the 15th of this month
    assert parse_visible(text) is None



_SHAPES = [f"{month} {day}{suffix}, {year}{clock}"
           for month in ("February", "Feb.", "Sept", "MAY")
           for day, suffix in (("1", ""), ("17", "th"), ("31", ""), ("0", ""))
           for year in ("2015", "0099")
           for clock in ("", " 5:39 am", " 12:05 AM", " 12:05 p.m.", " 0:05 pm", " 17:39", " 13:10 pm",
                         " 24:00", " 5:39:07 PM", ", 9:03")] + \
          ["Tuesday, 5. October 2013", "17th Feb 2015 8:00", "31 April 2019", "29 Feb 2020 11:59 pm",
           "29 Feb 2019", "Sunday, March 3, 2019 7:02 am", "September 9 2021 at 9:09 pm"]


@pytest.mark.parametrize("text", _SHAPES)
def test_english_month_dates_are_read_from_their_parts_as_dateutil_reads_them(text, monkeypatch) -> None:
    """"February 17, 2015 at 5:39 am" is built from the regex's groups, not parsed by dateutil:
    the answer is the one dateutil gives, and where it gives none (day 31 of April, 13 pm,
    year 0099) the date goes the slow way, as before."""
    from dateutil import parser

    fast = parse_visible(text)
    monkeypatch.setattr(dates, "_from_shape", lambda match: None)
    assert fast == parse_visible(text)
    try:
        assert fast == parser.parse(text.replace(" at ", " "), default=datetime(2000, 1, 1))
    except (ValueError, OverflowError):
        pass


# -- day-first dates of any known language, dates inside a line -------------------------------

def _february_names() -> list[tuple[str, str]]:
    import json
    from pathlib import Path
    months = json.loads((Path(dates.__file__).with_name("months.json")).read_text(encoding="utf-8"))["months"]
    return [(language, name) for language, names in months.items() for name, english in names.items()
            if english == "February"]


@pytest.mark.parametrize(("language", "name"), _february_names())
@pytest.mark.parametrize("page_languages", [None, ("en",)])
def test_a_day_first_date_with_a_month_name_is_read_in_every_language_months_json_knows(
        language, name, page_languages) -> None:
    # "10. Februar 2019" on a page that says nothing of its language, or says it is English
    assert parse_visible(f"10. {name.capitalize()} 2019", page_languages) == datetime(2019, 2, 10)
    assert parse_visible(f"10 {name} 2019", page_languages) == datetime(2019, 2, 10)


@pytest.mark.parametrize(("line", "languages", "expected"), [
    ("publiziert am 25. September 2018", None, datetime(2018, 9, 25)),
    ("By Ann · 10. Februar 2019 · 3 Kommentare", ("de", "en"), datetime(2019, 2, 10)),
    ("Juni 19th, 2018", ("de", "en"), datetime(2018, 6, 19)),
    ("Posted March 3, 2020 in Rehab", None, datetime(2020, 3, 3)),
    ("Stand: 10.02.2019", ("de", "en"), datetime(2019, 2, 10)),
])
def test_a_date_is_found_inside_a_line_of_text(line, languages, expected) -> None:
    assert dates.find_date(line, languages) == expected


@pytest.mark.parametrize("line", ["3 Kommentare", "seit 2019 dabei", "Mai 7, 2018 und so"])
def test_a_line_without_a_whole_date_in_the_page_languages_has_none(line) -> None:
    assert dates.find_date(line, ("en",)) is None


# -- a post's date: JSON-LD of any CreativeWork that is the post, the post's header --------------

def _page(head: str, body: str, lang: str = "en") -> bytes:
    return (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>Plantar fasciitis stretches</title>"
            f"{head}</head><body>{body}</body></html>").encode()


_BODY = ("<article><h1>Plantar fasciitis stretches</h1><div class='entry-content'><p>Roll the arch of your foot "
         "over a frozen bottle for two minutes, then stretch the calf against a wall, 3 sets of 30 seconds.</p>"
         "</div></article>")


def _ld(obj: str) -> str:
    return f"<script type='application/ld+json'>{obj}</script>"


def _clean(content: bytes):
    from tests.support.cleaning import clean_bytes
    return clean_bytes(content)


@pytest.mark.parametrize("schema_type", ["MedicalWebPage", "BlogPosting", "NewsArticle", "WebPage", "Recipe",
                                         "http://schema.org/ScholarlyArticle"])
def test_the_post_date_is_read_from_the_json_ld_of_any_creative_work_that_is_the_post(schema_type) -> None:
    ld = _ld(f'{{"@context": "https://schema.org", "@type": "{schema_type}", "headline": "Plantar fasciitis '
             f'stretches", "datePublished": "2019-11-14T08:00:00.000Z"}}')
    assert _clean(_page(ld, _BODY)).published == datetime.fromisoformat("2019-11-14T08:00:00+00:00")


def test_an_article_is_the_post_before_the_page_around_it_and_an_image_is_never_the_post() -> None:
    ld = _ld('{"@context": "https://schema.org", "@graph": ['
             '{"@type": "ImageObject", "datePublished": "2015-01-01T00:00:00+00:00"},'
             '{"@type": "MedicalWebPage", "datePublished": "2019-11-01T00:00:00+00:00"},'
             '{"@type": "BlogPosting", "datePublished": "2019-11-14T08:00:00+00:00"}]}')
    assert _clean(_page(ld, _BODY)).published == datetime.fromisoformat("2019-11-14T08:00:00+00:00")
    image_only = _ld('{"@context": "https://schema.org", "@type": "ImageObject", "datePublished": "2015-01-01"}')
    assert _clean(_page(image_only, _BODY)).published is None


@pytest.mark.parametrize(("header", "lang", "expected"), [
    # a comwrap-style hero: the date is a line of the block holding the title, no class names it
    ("<div class='hero'><p class='about'><span>Von</span> <span>Moritz</span> <span>publiziert am 25. September "
     "2018</span></p><h1>Die elektronische Patientenakte</h1></div>", "en", datetime(2018, 9, 25)),
    # Avada: "Juni 19th, 2018" after the title, in the page's language
    ("<div class='title-meta-wrap'><h1 class='entry-title'>Das Vreni-Urteil</h1><div class='meta-info'>"
     "<span>Juni 19th, 2018</span><span>|</span><a href='/c/'>Social Media</a></div></div>", "de-DE",
     datetime(2018, 6, 19)),
    ("<div class='content-header'><div class='content-meta'><span class='meta-author'>By Franziska</span>"
     "<span class='meta-date'>10. Februar 2019</span></div><h1 class='content-title'>Das Missgeschick</h1></div>",
     "de-DE", datetime(2019, 2, 10)),
])
def test_the_post_date_is_read_from_a_line_of_the_post_header(header, lang, expected) -> None:
    body = header + ("<div class='entry-content'><p>Ein langer erster Absatz des Beitrags, der mehr als eine Zeile "
                     "lang ist und von Knieschmerzen beim Laufen erzählt.</p></div>")
    assert _clean(_page("", body, lang)).published == expected


def test_a_date_in_the_body_is_not_the_post_date() -> None:
    body = ("<article><h1>Zurück nach der Verletzung</h1><p>Ein langer erster Absatz des Beitrags, der mehr als eine "
            "Zeile lang ist und von Knieschmerzen beim Laufen erzählt.</p><ul><li>3. Mai 2018</li></ul>"
            "<p><span>Am 3. Mai 2018</span> lief ich wieder.</p></article>")
    assert _clean(_page("", body, "de")).published is None


def test_the_post_date_is_read_from_the_line_of_the_posts_byline() -> None:
    # a Blogger theme's meta line under the post: date / author / comments / labels, no class names the date
    footer = ("<div class='blog_links'><i class='fa fa-calendar'></i><a href='#' rel='bookmark'>Mai 03, 2017</a>"
              "<span>/</span><span class='by-author'><span class='author vcard'><a class='url fn n' href='#' "
              "rel='author'>Sandra</a></span></span><span>/</span><a class='comment-link' href='#c'>1 Meinungen</a>"
              "</div>")
    body = ("<div class='post'><h3>Strong und schön</h3><div class='post-body entry-content'><p>Ein langer erster "
            "Absatz des Beitrags, der mehr als eine Zeile lang ist und von Knieschmerzen beim Laufen erzählt.</p>"
            f"</div>{footer}</div>")
    post = _clean(_page("", body, "de"))
    assert (post.published, post.published_raw, post.author) == (datetime(2017, 5, 3), "Mai 03, 2017", "Sandra")


def test_a_date_beside_a_commenters_name_is_not_the_post_date() -> None:
    comment = ("<ol class='commentlist'><li class='comment' id='comment-7'><div class='author vcard'>"
               "<cite class='fn'>Julia</cite><span>10. Mai 2017</span></div><p>Toller Beitrag, danke!</p></li></ol>")
    body = ("<article><div class='entry-content'><p>Ein langer erster Absatz des Beitrags, der mehr als eine Zeile "
            f"lang ist und von Knieschmerzen beim Laufen erzählt.</p></div>{comment}</article>")
    post = _clean(_page("", body, "de"))
    assert [c.author for c in post.comments] == ["Julia"]
    assert post.published is None


# the corpus page whose markup holds no date of the post: htmldate gives its first comment's, 2013-07-30
# (and for plentylife.blogspot.pamela-reif.html its comment's 2017-05-10, where the post's byline says Mai 03, 2017)
_UNDATED = {"archive.org.muffinrezept.net.grundrezept.html"}


def _corpus_posts():
    import gzip
    from pipeline.clean import clean
    from pipeline.records import RawPage
    from tests.support.paths import corpus_pages, require_corpus
    require_corpus()
    for path in corpus_pages():
        data = path.read_bytes()
        yield path, clean(RawPage(str(path), gzip.decompress(data) if path.name.endswith(".gz") else data,
                                  None, None, None))


def test_every_corpus_page_that_writes_its_post_date_has_one() -> None:
    posts = list(_corpus_posts())
    undated = {path.name for path, post in posts if post.published is None}
    assert undated == _UNDATED
    assert len(posts) - len(undated) >= 54


def test_a_blogger_corpus_page_takes_its_date_from_the_line_of_its_byline() -> None:
    post = next(post for path, post in _corpus_posts() if path.name == "plentylife.blogspot.pamela-reif.html")
    assert (post.published, post.published_raw) == (datetime(2017, 5, 3), "Mai 03, 2017")
    assert "/2017/05/" in post.url           # the URL's path agrees


def test_the_post_dates_agree_with_the_corpus_truth() -> None:
    import json
    from tests.support.paths import CORPUS
    checked = 0
    for path, post in _corpus_posts():
        truth = CORPUS / "truth" / "mozilla-readability" / path.parent.name / "expected-metadata.json"
        if "mozilla-readability" not in path.parts or not truth.is_file():
            continue
        expected = json.loads(truth.read_text(encoding="utf-8")).get("publishedTime")
        if expected:
            got = post.published
            want = datetime.fromisoformat(expected.replace("Z", "+00:00"))
            assert got is not None and (got.replace(tzinfo=got.tzinfo or want.tzinfo) == want), path
            checked += 1
    assert checked == 3


def test_a_date_in_the_title_is_not_the_post_date() -> None:
    body = ("<div class='post-header'><h1 class='entry-title'>Rennbericht: <span>Halbmarathon 10. Februar 2019</span>"
            "</h1><span class='byline'>Von Jonas</span></div><div class='entry-content'><p>Ein langer erster Absatz "
            "des Beitrags, der mehr als eine Zeile lang ist und von Knieschmerzen beim Laufen erzählt.</p></div>")
    assert _clean(_page("", body, "de")).published is None


def test_no_month_name_of_months_json_stands_for_two_months() -> None:
    # a day-first date is read in every language of the file, so a name must mean one month in all
    import json
    from pathlib import Path
    months = json.loads((Path(dates.__file__).with_name("months.json")).read_text(encoding="utf-8"))["months"]
    meaning: dict[str, str] = {}
    for names in months.values():
        for name, english in names.items():
            assert meaning.setdefault(name, english) == english, name


# -- the page's own words for a date: what a researcher checks a surprising date against -----------

_WP_ENTRY = ("<article class='post type-post'><header class='entry-header'><h1 class='entry-title'>Plantar fasciitis "
             "stretches</h1><div class='entry-meta'><span class='posted-on'><a href='/2015/03/03/pf/' rel='bookmark'>"
             "{time}</a></span></div></header><div class='entry-content'><p>Roll the arch of your foot over a frozen "
             "bottle for two minutes, then stretch the calf against a wall, 3 sets of 30 seconds.</p></div>"
             "{comments}</article>")


def test_a_wordpress_time_element_gives_its_datetime_attribute_as_the_posts_words() -> None:
    time = ("<time class='entry-date published' datetime='2015-03-03T19:12:00+00:00'>March 3, 2015</time>"
            "<time class='updated' datetime='2015-03-05T08:40:11+00:00'>March 5, 2015</time>")
    post = _clean(_page("", _WP_ENTRY.format(time=time, comments="")))

    assert post.published == datetime.fromisoformat("2015-03-03T19:12:00+00:00")
    assert post.published_raw == "2015-03-03T19:12:00+00:00"
    assert (post.modified_raw, post.modified) == ("2015-03-05T08:40:11+00:00",
                                                  datetime.fromisoformat("2015-03-05T08:40:11+00:00"))


def test_a_json_ld_date_is_kept_as_the_json_ld_writes_it() -> None:
    ld = _ld('{"@context": "https://schema.org", "@type": "BlogPosting", "headline": "Plantar fasciitis stretches", '
             '"datePublished": "2019-11-14T08:00:00.000Z", "dateModified": "2019-11-20T09:30:00+01:00"}')
    post = _clean(_page(ld, _BODY))

    assert post.published == datetime.fromisoformat("2019-11-14T08:00:00+00:00")
    assert post.published_raw == "2019-11-14T08:00:00.000Z"       # not our ISO rendering of it
    assert post.modified_raw == "2019-11-20T09:30:00+01:00"


def test_a_german_date_line_is_kept_in_german_with_its_whitespace_collapsed() -> None:
    header = ("<div class='content-header'><div class='content-meta'><span class='meta-author'>Von Franziska</span>"
              "<span class='meta-date'>10.\n      Februar 2019</span></div><h1 class='content-title'>Knieschmerzen "
              "beim Laufen</h1></div><div class='entry-content'><p>Ein langer erster Absatz des Beitrags, der mehr "
              "als eine Zeile lang ist und von Knieschmerzen beim Laufen erzählt.</p></div>")
    post = _clean(_page("", header, "de-DE"))

    assert (post.published, post.published_raw) == (datetime(2019, 2, 10), "10. Februar 2019")


def test_a_date_found_inside_a_header_line_keeps_the_date_not_the_line() -> None:
    header = ("<div class='hero'><p class='about'><span>Von</span> <span>Moritz</span> <span>publiziert am 25. "
              "September 2018</span></p><h1>Die elektronische Patientenakte</h1></div><div class='entry-content'>"
              "<p>Ein langer erster Absatz des Beitrags, der mehr als eine Zeile lang ist und von Knieschmerzen "
              "beim Laufen erzählt.</p></div>")
    assert _clean(_page("", header, "de")).published_raw == "25. September 2018"
    assert dates.find_dated("By Ann · 10. Februar 2019 · 3 comments", ("de", "en")) == dates.Dated(
        datetime(2019, 2, 10), "10. Februar 2019")


_WP_COMMENTS = ("<div id='comments' class='comments-area'><ol class='comment-list'>"
                "<li id='comment-12' class='comment even thread-even depth-1'><article id='div-comment-12' "
                "class='comment-body'><footer class='comment-meta'><div class='comment-author vcard'>"
                "<b class='fn'>Ann</b> <span class='says'>says:</span></div><div class='comment-metadata'>"
                "<a href='https://example.org/2015/03/03/pf/#comment-12'>{date}</a></div></footer>"
                "<div class='comment-content'><p>I do the calf stretch 3 times a day and it helps.</p></div>"
                "</article></li></ol></div>")


def test_a_comment_date_is_kept_as_the_thread_shows_it() -> None:
    page = _page("", _WP_ENTRY.format(time="March 3, 2015", comments=_WP_COMMENTS.format(
        date="March 4, 2015 at\n 8:01 am")))
    [comment] = _clean(page).comments

    assert (comment.published, comment.published_raw) == (datetime(2015, 3, 4, 8, 1), "March 4, 2015 at 8:01 am")


def test_a_comment_time_element_gives_its_datetime_attribute() -> None:
    time = "<time datetime='2015-03-04T08:01:00+00:00'>March 4, 2015 at 8:01 am</time>"
    page = _page("", _WP_ENTRY.format(time="March 3, 2015", comments=_WP_COMMENTS.format(date=time)))
    [comment] = _clean(page).comments

    assert comment.published_raw == "2015-03-04T08:01:00+00:00"


def test_a_blogger_comment_keeps_the_date_its_permalink_shows_not_the_milliseconds() -> None:
    comments = ("<div class='comments' id='comments'><div class='comment-thread'><ol><li class='comment' "
                "id='c7818214978921193094'><div class='comment-block'><div class='comment-header'><cite class='user'>"
                "Lena</cite><span class='icon user'></span><span class='datetime secondary-text'><a rel='nofollow' "
                "href='https://www.example.de/2015/06/knie.html?showComment=1433578985419#c7818214978921193094'>"
                "6. Juni 2015 um 10:23</a></span></div><p class='comment-content'>Danke, die Übungen helfen mir "
                "sehr beim Laufen.</p></div></li></ol></div></div>")
    body = ("<div class='post hentry'><h3 class='post-title entry-title'>Knieschmerzen</h3><div class='post-body "
            "entry-content'><p>Ein langer erster Absatz des Beitrags, der mehr als eine Zeile lang ist und von "
            "Knieschmerzen beim Laufen erzählt.</p></div></div>" + comments)
    [comment] = _clean(_page("", body, "de")).comments

    assert comment.published_raw == "6. Juni 2015 um 10:23"
    assert comment.published is not None and comment.published.isoformat() == "2015-06-06T08:23:05.419000+00:00"


def test_a_relative_date_keeps_its_words() -> None:
    from pipeline.records import RawPage
    from pipeline.clean import clean
    from datetime import timezone
    page = _page("", _WP_ENTRY.format(time="March 3, 2015", comments=_WP_COMMENTS.format(date="3 days ago")))
    fetched = datetime(2015, 3, 9, 12, 0, tzinfo=timezone.utc)
    [comment] = clean(RawPage("page.html", page, None, fetched, None)).comments

    assert comment.published_raw == "3 days ago" and comment.published is not None
    assert comment.published.date() == datetime(2015, 3, 6).date()


@pytest.mark.parametrize(("front", "expected", "words"), [
    ("date: 2019-02-10", datetime(2019, 2, 10), "2019-02-10"),                                   # Jekyll, Hugo
    ("date: \"2019-02-10T08:00:00+01:00\"", datetime.fromisoformat("2019-02-10T08:00:00+01:00"),
     "2019-02-10T08:00:00+01:00"),
    ("date: 2019-02-10 08:00:00 +0100", datetime.fromisoformat("2019-02-10T08:00:00+01:00"),
     "2019-02-10 08:00:00 +0100"),                                                               # Jekyll's own form
    ("published: February 10, 2019", datetime(2019, 2, 10), "February 10, 2019"),
])
def test_a_text_posts_front_matter_date_is_its_date_kept_as_written(front, expected, words) -> None:
    from pipeline.clean.text import clean_text_page
    from pipeline.records import RawPage
    text = (f"---\ntitle: Calf strength for runners\n{front}\nlastmod: 2019-03-01\n---\n\nCalf raises\n\n"
            "Do 3 sets of 15 every day.\n")
    post = clean_text_page(RawPage("calves.md", text.encode(), None, None, None))

    assert (post.published, post.published_raw) == (expected, words)
    assert (post.modified, post.modified_raw) == (datetime(2019, 3, 1), "2019-03-01")
    assert "2019" not in post.body_text


def test_a_front_matter_value_that_is_no_date_gives_none() -> None:
    from pipeline.clean.text import clean_text_page
    from pipeline.records import RawPage
    text = "---\ntitle: Calf strength\ndate: someday\n---\n\nCalf raises\n\nDo 3 sets of 15 every day.\n"
    post = clean_text_page(RawPage("calves.md", text.encode(), None, None, None))

    assert (post.published, post.published_raw) == (None, None)


def test_a_dates_words_are_kept_to_a_hundred_characters() -> None:
    long = "2019-02-10T08:00:00+01:00 " + "x" * 200
    assert dates.as_written(" 10.\n\t Februar   2019 ") == "10. Februar 2019"
    assert dates.as_written(long) == long[:100]
