"""Dates as portals write them, in English and French: one parser for every vendor.

The forms: "2027-03-31" (or "2027/03/31"); "March 31, 2027", "Mar. 31 2027", "Sept. 1, 2027"; "31 mars 2027",
"1er août 2027", "5 March 2026" (en-GB), "1 fév. 2027"; "3/31/2027" and "31/03/2027" in the locale's order
(month first in English, day first in French) unless that order is no date; "05.03.2026" (always day first).
A month is its English or French name or any start of it of three letters or more ("Sept", "janv", "déc"),
with or without its accents ("fevrier", "aout").
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

MONTHS_EN = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def _unaccented(name: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", name) if not unicodedata.combining(ch))


# in this order: a start shared by two months is the first one's ("jui": juin)
_MONTH_NAMES = (MONTHS_EN, MONTHS_FR, tuple(_unaccented(name) for name in MONTHS_FR))


def month_number(word: str) -> int | None:
    """1-12 for a month's name or a start of it of three letters or more ("Sept.", "janv", "aout"), else None."""
    key = word.casefold().rstrip(".")
    if len(key) < 3:
        return None
    for names in _MONTH_NAMES:
        for number, name in enumerate(names, 1):
            if name.startswith(key):
                return number
    return None


_STARTS = {name[:size] for names in _MONTH_NAMES for name in names for size in range(3, len(name) + 1)}
_MONTH = "|".join(sorted(_STARTS, key=lambda start: (-len(start), start)))
# a month name starts a word, or is written capitalised against the word before it ("Start dateMarch 5, 2026")
_WORD_START = r"(?:(?<![^\W\d_])|(?-i:(?=[A-Z])))"

_FORMS = {
    "ymd": r"(?P<y>\d{4})[-/](?P<m>\d{2})[-/](?P<d>\d{2})",
    "mdy": rf"{_WORD_START}(?P<month>{_MONTH})\.? (?P<d>\d{{1,2}}),? (?P<y>\d{{4}})",
    "dmy": rf"(?P<d>\d{{1,2}})(?:er)? (?P<month>{_MONTH})\.? (?P<y>\d{{4}})",
    "numeric": r"(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})[/.](?P<y>\d{4})",
}
_PATTERNS = {form: re.compile(pattern, re.IGNORECASE) for form, pattern in _FORMS.items()}

DATE = re.compile(
    "(?i:" + "|".join(re.sub(r"\(\?P<\w+>", "(?:", _FORMS[form]) for form in ("mdy", "dmy", "ymd", "numeric")) + ")"
)
"""A date in any of the forms above, as written (no groups: it goes inside a caller's own pattern)."""


def parse_date(text: str | None, locale: str = "en") -> date | None:
    """The first date in ``text`` in any of the forms above, or None.

    A form that is no date (February 30, a 13th month) is passed over for the next date in the text.
    """
    if not text:
        return None
    found: list[tuple[int, date]] = []
    for form, pattern in _PATTERNS.items():
        for match in pattern.finditer(text):
            day = _build(form, match, locale)
            if day is not None:
                found.append((match.start(), day))
    return min(found)[1] if found else None


def _build(form: str, match: re.Match[str], locale: str) -> date | None:
    year = int(match["y"])
    if form == "numeric":
        first, second = int(match["a"]), int(match["b"])
        if match["sep"] == ".":  # 05.03.2026: day first, whatever the locale
            orders = [(second, first)]
        else:  # the locale's order; the other one when that is no date ("31/03/2027" in an en-GB org)
            orders = [(first, second), (second, first)]
            if locale.startswith("fr"):
                orders.reverse()
    else:
        month = int(match["m"]) if form == "ymd" else month_number(match["month"])
        if month is None:
            return None
        orders = [(month, int(match["d"]))]
    for month, day in orders:
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return None
