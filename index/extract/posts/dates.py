"""Localised post dates ("6. März 2018", "3 de noviembre de 2019") read as ISO ``YYYY-MM-DD``."""

from __future__ import annotations

import re

from index.extract.posts.text import SPACES

# Month names and abbreviations in English, German, French, Spanish, Italian, Dutch, Portuguese, Polish.
_MONTH_NAMES = (
    "january jan januar jänner jänn janvier janv enero ene gennaio gen januari janeiro styczeń stycznia",
    "february feb februar feber février févr fevrier febrero febbraio februari fevereiro fev luty lutego",
    "march mar märz mär maerz mars marzo maart março marca marzec",
    "april apr avril avr abril aprile apl kwiecień kwietnia",
    "may mai mayo maggio mei maio maj maja",
    "june jun juni juin junio giugno junho czerwiec czerwca",
    "july jul juli juillet juil julio luglio julho lipiec lipca",
    "august aug août aout agosto ago augustus sierpień sierpnia",
    "september sep sept septembre septiembre setiembre settembre set setembro wrzesień września",
    "october oct oktober okt octobre octubre ottobre ott outubro out październik października",
    "november nov novembre noviembre novembro listopad listopada",
    "december dec dezember dez décembre déc decembre diciembre dic dicembre dezembro grudzień grudnia",
)
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names.split()}

DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})")
_DATE_MONTH_FIRST = re.compile(r"\b([^\W\d_]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DATE_DAY_FIRST = re.compile(
    r"\b(\d{1,2})(?:\.|er|º|°)?\s+(?:de\s+)?([^\W\d_]{3,12})\.?,?\s+(?:de\s+|del\s+)?(\d{4})\b"
)


def parse_post_date(text: str | None) -> str | None:
    """An ISO ``YYYY-MM-DD`` date from a post's localised date, else the text as the page gives it.

    Understands "November 1, 2019", "Jun 16, 2019 at 7:30am PDT", "25. September 2018",
    "6. März 2018", "1er novembre 2019", "3 de noviembre de 2019" and ISO timestamps.
    """
    if not text:
        return None
    text = SPACES.sub(" ", text).strip()
    if not text:
        return None
    m = DATE_ISO.search(text)
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3))) or text
    m = _DATE_MONTH_FIRST.search(text)
    if m and m.group(1).lower() in _MONTHS:
        return _iso(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2))) or text
    m = _DATE_DAY_FIRST.search(text)
    if m and m.group(2).lower() in _MONTHS:
        return _iso(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1))) or text
    return text


def _iso(year: int, month: int, day: int) -> str | None:
    if 1990 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None
