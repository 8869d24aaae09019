"""Citations of archived articles in one consistent, Chicago-like style.

``Author. “Title.” Site, Month D, YYYY. URL. Archived copy accessed Month D, YYYY.``

Used by the PDF export and by the Markdown export of bookmarks, so both cite the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def long_date(date: dt.date | None) -> str:
    """``September 3, 2025``; ``n.d.`` when there is no date."""
    if date is None:
        return "n.d."
    return f"{MONTHS[date.month - 1]} {date.day}, {date.year}"


def join_names(names: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B, and C`` (serial comma, as Chicago does)."""
    names = [n.strip() for n in names if n and n.strip()]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _sentence(text: str) -> str:
    """``text`` ending with a full stop, unless it already ends with sentence punctuation."""
    text = text.strip()
    if not text:
        return ""
    return text if text[-1] in ".?!…" else text + "."


def _quoted_title(title: str) -> str:
    """The title in curly quotes with its closing full stop inside them (American style)."""
    # Quotation marks inside the title become single ones, as inside any quotation.
    title = " ".join(title.split()).replace("“", "‘").replace("”", "’")
    title = re.sub(r'"([^"]*)"', r"‘\1’", title)
    if not title:
        return ""
    closing = "" if title[-1] in ".?!…" else "."
    return f"“{title}{closing}”"


def cite(
    *,
    title: str,
    authors: Sequence[str] = (),
    site: str = "",
    date: dt.date | None = None,
    url: str = "",
    accessed: dt.date | None = None,
) -> str:
    """A one-line citation of an article; empty parts are left out, never shown as blanks."""
    parts: list[str] = []
    who = join_names(authors)
    if who:
        parts.append(_sentence(who))
    if title.strip():
        parts.append(_quoted_title(title))
    where = ", ".join(x for x in (site.strip(), long_date(date) if date else "") if x)
    if where:
        parts.append(_sentence(where))
    elif not date:
        parts.append("n.d.")
    if url.strip():
        parts.append(_sentence(url.strip()))
    if accessed is not None:
        parts.append(f"Archived copy accessed {long_date(accessed)}.")
    return " ".join(parts)
