"""flows.dates: every form of date the portals write, read the same for every vendor (no browser)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from flows.dates import DATE, month_number, parse_date


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        # ISO
        ("2027-03-31", "en", date(2027, 3, 31)),
        ("2026/03/05", "fr", date(2026, 3, 5)),
        ("Ends on 2027-03-31 unless a new quote is signed", "en", date(2027, 3, 31)),
        # month first (English)
        ("March 31, 2027", "en", date(2027, 3, 31)),
        ("March 5, 2026", "en", date(2026, 3, 5)),
        ("Expires on December 12, 2026.", "en", date(2026, 12, 12)),
        ("Mar 31, 2027", "en", date(2027, 3, 31)),
        ("Mar. 5, 2026", "en", date(2026, 3, 5)),
        ("Renews automatically on Sept. 1, 2027", "en", date(2027, 9, 1)),
        ("march 31 2027", "en", date(2027, 3, 31)),
        ("MARCH 31, 2027", "en", date(2027, 3, 31)),
        # day first (French, and English as en-GB writes it)
        ("31 mars 2027", "fr", date(2027, 3, 31)),
        ("22 décembre 2026", "fr", date(2026, 12, 22)),
        ("1er août 2026", "fr", date(2026, 8, 1)),
        ("Fin du service le 1er août 2027", "fr", date(2027, 8, 1)),
        ("1 fév. 2027", "fr", date(2027, 2, 1)),
        ("5 déc. 2026", "fr", date(2026, 12, 5)),
        ("5 janv. 2027", "fr", date(2027, 1, 5)),
        ("14 juil. 2027", "fr", date(2027, 7, 14)),
        ("1 fevrier 2027", "fr", date(2027, 2, 1)),
        ("15 aout 2027", "fr", date(2027, 8, 15)),
        ("5 March 2026", "en", date(2026, 3, 5)),
        # numeric: the locale's order, else the other one when the locale's is no date
        ("3/5/2026", "en", date(2026, 3, 5)),
        ("3/5/2026", "fr", date(2026, 5, 3)),
        ("3/31/2027", "en", date(2027, 3, 31)),
        ("3/31/2027", "fr", date(2027, 3, 31)),
        ("31/03/2027", "fr", date(2027, 3, 31)),
        ("31/03/2027", "en", date(2027, 3, 31)),  # an English org set to a day-first locale (en-GB)
        ("05/03/2026", "fr", date(2026, 3, 5)),
        ("25/03/2026", "en", date(2026, 3, 25)),
        ("13/13/2026", "en", None),
        # numeric with dots: day first whatever the locale
        ("05.03.2026", "en", date(2026, 3, 5)),
        ("05.03.2026", "fr", date(2026, 3, 5)),
        ("3.31.2026", "en", None),
        # no date, or a form that is no date, passed over for the next one
        ("no date here", "en", None),
        ("", "en", None),
        (None, "en", None),
        ("Feb 30, 2026, then March 5, 2026", "en", date(2026, 3, 5)),
        ("5 users 2026, since 1 March 2026", "en", date(2026, 3, 1)),
        ("Started 2026-01-05, renews 2027-01-05", "en", date(2026, 1, 5)),
    ],
)
def test_every_form_is_read(text, locale, expected):
    """ISO, month first, day first (1er, abbreviations, with or without accents) and numeric dates; the locale
    decides the order of a numeric date only when both orders are dates."""
    assert parse_date(text, locale) == expected


@pytest.mark.parametrize(
    ("word", "number"),
    [
        ("March", 3),
        ("mars", 3),
        ("Sept", 9),
        ("sep", 9),
        ("janv", 1),
        ("févr", 2),
        ("fev", 2),
        ("aoû", 8),
        ("aou", 8),
        ("déc", 12),
        ("dec", 12),
        ("mai", 5),
        ("jui", 6),  # a start two months share is the first one's
        ("juil", 7),
        ("ma", None),
        ("Marchx", None),
    ],
)
def test_a_month_is_its_name_or_a_start_of_it(word, number):
    assert month_number(word) == number


@pytest.mark.parametrize(
    "text", ["March 31, 2027", "2027-03-31", "31/03/2027", "31 mars 2027", "1er avril 2027", "Mar 31 2027", "5.03.2027"]
)
def test_the_date_is_found_as_written(text):
    """DATE finds the date as the portal wrote it, alone or after a label inside a caller's own pattern."""
    match = DATE.search(f"Your subscription will end on {text}.")
    assert match is not None and match.group(0) == text
    after = re.compile(r"end on\s*(" + DATE.pattern + ")", re.IGNORECASE).search(f"It will END ON {text} (UTC)")
    assert after is not None and after.group(1) == text


def test_a_word_that_ends_like_a_month_is_no_date():
    """A month starts a word ("Omar 5, 2026" is no date), unless written capitalised against the word before."""
    assert parse_date("Omar 5, 2026") is None
    assert parse_date("Start dateMarch 5, 2026") == date(2026, 3, 5)
