"""Visible dates as blogs write them, in the page's languages."""

from __future__ import annotations

from datetime import datetime

import pytest

from pipeline.clean.dates import parse_visible


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
