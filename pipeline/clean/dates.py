"""Dates as pages write them: ISO 8601 attributes first, visible text second.

Visible dates go to dateparser, which knows the languages the corpus is written in.  The
commonest shape of all, an English month name with day, year and maybe a clock time
("February 17, 2015 at 5:39 am"), is read from the parts a regex finds, with python-dateutil's
answer (dateutil itself judges the odd ones: "31 April", "13:10 pm"): comment threads have
hundreds of them, and dateparser would take a hundred times longer.  Month and weekday names of
the page's languages (``months.json``) are put into English first, so "März 7, 2018" and
"22. April 2019" take the same fast path.

Numeric dates are read here too: a dotted one ("06.01.2020 um 22:45") is day first in every
language that writes it; a slashed one is day first when its first number is over 12, month
first when its second is, and otherwise as the page's other slashed dates or its language say
(:func:`numeric_day_first`).  A date without its year ("Jun 23rd at 8:55 am", which
WordPress.com shows for the current year) is placed after the post's own date when it is known,
else before the time the page was saved; with neither it is None, never this year's.  Text
that names no year and is none of these ("15 Min" of a recipe's <time>) is no date.

A date read is kept with the words it was read from (:class:`Dated`): the attribute's value
when it came from one (``<time datetime>``, a meta tag's content, JSON-LD), else the text a
reader sees ("10. Februar 2019", "March 4, 2015 at 8:01 am", "3 days ago"), so that a
surprising date can be checked against the page's own words.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from dateutil import parser as dateutil_parser

from ..lexicon import read_json_object
from ..records import DATE_TEXT_CHARS

_ISO = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?)\s*(Z|[+-]\d{2}:?\d{2})?)?")
_CONNECTORS = re.compile(r"\s+(?:at|um|à|a las|às|alle|om|kl\.?|pukul)\s+|\s*[@|,/]\s*(?=\d{1,2}[:.]\d{2})", re.I)
_NOISE = re.compile(r"^(?:posted|published|on|am|le|el|pada)\s+|(?<=\d)\s*(?:uhr|h)\s*$", re.I)
_LOOKS_LIKE_DATE = re.compile(r"\d")


def _english_date_shape(with_year: bool) -> re.Pattern[str]:
    """Month-name dates with day (and year), and nothing else: the shape dateutil reads unambiguously.
    The groups name the parts (month and day in either order, then the clock) for :func:`_from_shape`."""
    info = dateutil_parser.parserinfo()
    months = "|".join(sorted({name for names in info.MONTHS for name in names}, key=len, reverse=True))
    weekdays = "|".join(sorted({name for names in info.WEEKDAYS for name in names}, key=len, reverse=True))
    suffix = r"(?:st|nd|rd|th|\.)?"
    clock = r"(?:,?\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\s*(?P<half>[ap])\.?m\.?)?)?"

    def year(name: str) -> str:
        return rf",?\s+(?P<{name}>\d{{4}})" if with_year else ""

    date = (rf"(?:(?P<month>{months})\.?\s+(?P<day>\d{{1,2}}){suffix}{year('year')}"
            rf"|(?P<day2>\d{{1,2}}){suffix}\s+(?P<month2>{months})\.?{year('year2')})")
    return re.compile(rf"^(?:(?:{weekdays}),?\s+)?{date}{clock}$", re.IGNORECASE)


_MONTH_NUMBERS = {name.lower(): number for number, names in enumerate(dateutil_parser.parserinfo().MONTHS, 1)
                  for name in names}


def _from_shape(m: re.Match[str]) -> datetime | None:
    """The datetime of an :data:`_ENGLISH_DATE` match, built from its groups as dateutil reads
    them ("12:05 am" is 00:05, "0:05 pm" is 12:05), for a thirtieth of dateutil's time; None for
    what dateutil must judge itself (an impossible day, an hour over 12 with am/pm, a year
    before 1000)."""
    month = _MONTH_NUMBERS[(m["month"] or m["month2"]).lower()]
    day, year = int(m["day"] or m["day2"]), int(m["year"] or m["year2"])
    hour, minute, second = int(m["hour"] or 0), int(m["minute"] or 0), int(m["second"] or 0)
    if m["half"]:
        if hour > 12:
            return None
        hour = hour % 12 + (12 if m["half"].lower() == "p" else 0)
    if year < 1000:
        return None
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


_ENGLISH_DATE = _english_date_shape(with_year=True)
_ENGLISH_NO_YEAR = _english_date_shape(with_year=False)
_NUMERIC = re.compile(r"^(\d{1,4})([./-])(\d{1,2})\2(\d{2}|\d{4})\.?"
                      r"(?:,?\s+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\s*([ap])\.?m\.?)?)?$", re.IGNORECASE)
_SLASHED_TAIL = re.compile(r"/(\d{1,2})/(?:\d{4}|\d{2})(?![\d/])")   # "/04/2020" of "23/04/2020"
_MONTH_FIRST_LANGUAGES = frozenset({"en", "en-us", "en-ph", "en-ca"})   # where 04/05 is April 5
_YEAR = re.compile(r"\d{4}")
_RELATIVE = re.compile(r"\b(?:ago|vor|hace|il y a|fa|geleden|yesterday|gestern)\b", re.IGNORECASE)
_DEFAULT = datetime(2000, 1, 1)   # fields a date leaves out: midnight (never today's date)
MONTHS_FILE = Path(__file__).with_name("months.json")


@dataclass(frozen=True, slots=True)
class Dated:
    """A date and the page's words it was read from (see :func:`as_written`)."""

    value: datetime
    text: str


def as_written(text: str) -> str:
    """A date's words as the page wrote them: whitespace collapsed, at most ``DATE_TEXT_CHARS``
    characters."""
    return " ".join(text.split())[:DATE_TEXT_CHARS]


def dated(value: datetime | None, text: str) -> Dated | None:
    """``value`` with the words it was read from; None when nothing was read."""
    return None if value is None else Dated(value, as_written(text))


@lru_cache(maxsize=None)
def _names() -> dict[str, Any]:
    raw = read_json_object(MONTHS_FILE)
    out = {}
    weekdays_of = raw.table("weekdays", "an object of language -> weekday names")
    for language, months in raw.table("months", "an object of language -> {month name: English name}").items():
        if not isinstance(months, dict):
            raise raw.error(("months", language), f"months[{language!r}] must map a month name to its English name")
        weekdays = weekdays_of.get(language, [])
        words = "|".join(re.escape(w) for w in sorted([*months, *weekdays], key=len, reverse=True))
        out[language] = (months, frozenset(weekdays), re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE))
    return out


_DAY_DOT = re.compile(r"^(\d{1,2})\.\s+(?=[A-Za-z])")


_DAY_FIRST_NAMED = re.compile(r"(?<![\w.])\d{1,2}\.?\s+[^\W\d_]{3,}\.?\s+\d{4}(?!\d)")   # "10. Februar 2019"


def _in_english(text: str, languages: tuple[str, ...] | None) -> str:
    """ "März 7, 2018" -> "March 7, 2018", "Samstag, 5. Oktober 2013" -> "5 October 2013", for
    the page's languages, so that dateutil reads them (an unknown word is left for dateparser).
    A day, a month name and a year in that order ("10. Februar 2019", "10 février 2019") is a
    date in any language months.json knows (no name means two months in two of them), whatever
    the page says it is written in; a month name first ("Mai 7") is read in the page's
    languages only."""
    names = _names()
    page = tuple(languages or ())
    others = tuple(name for name in names if name not in page) if _DAY_FIRST_NAMED.search(text) else ()
    for language in (*page, *others):
        if language not in names:
            continue
        months, weekdays, pattern = names[language]

        def swap(m: re.Match[str]) -> str:
            word = m.group(0).lower()
            return "" if word in weekdays else months.get(word, m.group(0))

        if pattern.search(text):
            return _DAY_DOT.sub(r"\1 ", pattern.sub(swap, text).lstrip(" ,"))
    return text


@lru_cache(maxsize=1)
def _date_phrase() -> re.Pattern[str]:
    """A date with a month name (in English or a language of months.json), a day and a year, in
    either order ("10. Februar 2019", "Juni 19th, 2018", "25 September 2018"), or a dotted or
    ISO numeric one ("10.02.2019", "2019-02-10"): the shapes a date takes inside a line of text."""
    english = {name for names in dateutil_parser.parserinfo().MONTHS for name in names}
    known = {name for months, _, _ in _names().values() for name in months}
    month = "|".join(re.escape(m) for m in sorted(english | known, key=len, reverse=True))
    day = r"\d{1,2}(?:st|nd|rd|th|\.)?"
    return re.compile(rf"(?<![\w.])(?:{day}\s+(?:de\s+)?(?:{month})\.?(?:\s+de)?,?\s+\d{{4}}"
                      rf"|(?:{month})\.?\s+{day},?\s+\d{{4}}"
                      r"|\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})(?![\w.]*\d)", re.IGNORECASE)


def find_date(text: str, languages: tuple[str, ...] | None = None) -> datetime | None:
    """The first date written inside a line of text ("publiziert am 25. September 2018",
    "By Ann · 10. Februar 2019 · 3 comments"), read as :func:`parse_visible` reads it."""
    found = find_dated(text, languages)
    return None if found is None else found.value


def find_dated(text: str, languages: tuple[str, ...] | None = None) -> Dated | None:
    """:func:`find_date`'s date with the words of the line that wrote it ("25. September 2018"
    of "publiziert am 25. September 2018")."""
    for m in _date_phrase().finditer(text):
        date = parse_visible(m.group(0), languages)
        if date is not None:
            return Dated(date, as_written(m.group(0)))
    return None


def parse_iso(value: str | None) -> datetime | None:
    """An ISO 8601 timestamp (tz-aware when it has an offset); None when not ISO."""
    if not value:
        return None
    m = _ISO.match(value)
    if not m:
        return None
    day, clock, zone = m.groups()
    text = day + ("T" + clock if clock else "")
    if zone:
        text += "+00:00" if zone == "Z" else (zone if ":" in zone else f"{zone[:3]}:{zone[3:]}")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def from_epoch_ms(ms: int, like: datetime | None) -> datetime:
    """A Unix timestamp in ms, shown in the timezone of ``like`` when it has one (else UTC)."""
    tz = like.tzinfo if like is not None and like.tzinfo is not None else timezone.utc
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).astimezone(tz)


@lru_cache(maxsize=1)
def _dateparser() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import dateparser
    return dateparser


def numeric_day_first(page_text: str, language: str | None) -> bool:
    """Whether the page's slashed dates put the day first: "23/04/2020" says so, "04/23/2020"
    says not; a page that shows neither (or both) goes by its language ("en-gb" yes, "en-us" no)."""
    day_first = month_first = False
    for a, b in _slashed(page_text):
        day_first = day_first or int(a) > 12
        month_first = month_first or int(b) > 12
    if day_first != month_first:
        return day_first
    return _writes_day_first(language)


def _writes_day_first(language: str | None) -> bool:
    """Whether the language writes 04/05 for 4 May (every one but US-style English)."""
    return (language or "en").lower() not in _MONTH_FIRST_LANGUAGES


def _slashed(text: str) -> Iterator[tuple[str, str]]:
    """The first two numbers of every "23/04/2020" in the text (not of a URL's "/2019/06/19/").

    The pattern starts at the first slash so that the regex engine can skip to each slash;
    the one or two digits before it are checked by hand.
    """
    for m in _SLASHED_TAIL.finditer(text):
        end = start = m.start()
        while start > 0 and end - start < 3 and text[start - 1].isdigit():
            start -= 1
        if start == end or end - start > 2 or (start > 0 and text[start - 1] == "/"):
            continue
        yield text[start:end], m.group(1)


def _numeric(m: re.Match[str], day_first: bool) -> datetime | None:
    a, sep, b, c, hour, minute, second, half = m.groups()
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
    else:
        x, y, year = int(a), int(b), int(c)
        if len(c) == 2:
            year += 2000 if year < 70 else 1900
        if sep == "." or x > 12 or (day_first and y <= 12):
            day, month = x, y
        else:
            day, month = y, x
    h, mi = int(hour or 0), int(minute or 0)
    if half:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if half.lower() == "p" else 0)
    try:
        return datetime(year, month, day, h, mi, int(second or 0))
    except ValueError:
        return None


def _without_year(text: str, after: datetime | None, fetched_at: datetime | None) -> datetime | None:
    """ "Jun 23rd 8:55 am": the first such day on or after the post's date, else the last one
    on or before the day the page was saved."""
    base = after or fetched_at
    if base is None:
        return None
    try:
        found = dateutil_parser.parse(text, default=_DEFAULT.replace(year=base.year))
    except (ValueError, OverflowError):
        return None
    if after is not None and found.date() < after.date():
        year = found.year + 1
    elif after is None and found.date() > base.date():
        year = found.year - 1
    else:
        return found
    try:
        return found.replace(year=year)
    except ValueError:         # 29 February in a year without one
        return None


def parse_visible(text: str | None, languages: tuple[str, ...] | None = None,
                  fetched_at: datetime | None = None, *, day_first: bool | Callable[[], bool] | None = None,
                  after: datetime | None = None) -> datetime | None:
    """A date written for people ("February 17, 2015 at 5:39 am", "19. Juni 2019 um 13:20").

    A relative date ("3 years ago", "vor 2 Tagen") is resolved against ``fetched_at``, the
    time the page was saved, when it is known; without it there is nothing to count back from,
    and the answer is None.  ``day_first`` says how to read "04/05/2020" (default: as the
    languages do; a function giving it is called only for such a date); ``after`` is the date a
    year-less date comes after (the post's, for a comment).
    """
    if not text or not _LOOKS_LIKE_DATE.search(text) or len(text) > 80:
        return None
    if _RELATIVE.search(text):
        return _relative(text, languages, fetched_at) if fetched_at is not None else None
    iso = parse_iso(text)
    if iso is not None:
        return iso
    cleaned = _NOISE.sub("", _CONNECTORS.sub(" ", text.strip())).strip()
    english = _in_english(cleaned, languages)
    shape = _ENGLISH_DATE.match(english)
    if shape:
        built = _from_shape(shape)
        if built is not None:
            return built
        try:
            return dateutil_parser.parse(english, default=_DEFAULT)
        except (ValueError, OverflowError):
            pass
    numeric = _NUMERIC.match(cleaned)
    if numeric:
        if callable(day_first):
            day_first = day_first()
        if day_first is None:
            day_first = _writes_day_first(languages[0] if languages else None)
        return _numeric(numeric, day_first)
    if _ENGLISH_NO_YEAR.match(english):
        return _without_year(english, after, fetched_at)
    if not _YEAR.search(cleaned):
        return None       # no year and no shape we know: "15 Min", a bare clock time
    settings = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False,
                "PARSERS": ["absolute-time", "custom-formats"]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return _dateparser().parse(cleaned, languages=list(languages) if languages else None,
                                       settings=settings)
        except (ValueError, TypeError, OverflowError, AttributeError):
            return None


def _relative(text: str, languages: tuple[str, ...] | None, fetched_at: datetime) -> datetime | None:
    base = fetched_at.astimezone(timezone.utc).replace(tzinfo=None) if fetched_at.tzinfo else fetched_at
    settings = {"RELATIVE_BASE": base, "PARSERS": ["relative-time"], "RETURN_AS_TIMEZONE_AWARE": False}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            found = _dateparser().parse(text.strip(), languages=list(languages) if languages else None,
                                        settings=settings)
        except (ValueError, TypeError, OverflowError, AttributeError):
            return None
    if found is None:
        return None
    return found.replace(tzinfo=timezone.utc) if fetched_at.tzinfo else found
