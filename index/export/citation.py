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


def cite_excerpt(
    text: str,
    *,
    speaker: str | None = None,
    title: str = "",
    site: str = "",
    date: dt.date | None = None,
    url: str = "",
    markdown: bool = False,
) -> str:
    """A quote or passage with where it is from, for the clipboard.

    Plain: ``“text” — Speaker, “Title,” Site, September 3, 2025. https://…``
    Markdown: the text as a block quote, then ``— **Speaker**, [“Title”](url), *Site*, September 3, 2025``.
    Empty parts are left out; the URL is only ever written out, never fetched.
    """
    body = " ".join(text.split())
    who = (speaker or "").strip()
    clean_title = " ".join(title.split()).replace("“", "‘").replace("”", "’")
    when = long_date(date) if date else ""
    link = url.strip()
    if markdown:
        parts = [f"**{who}**"] if who else []
        if clean_title:
            parts.append(f"[“{clean_title}”]({link})" if link else f"“{clean_title}”")
        if site.strip():
            parts.append(f"*{site.strip()}*")
        if when:
            parts.append(when)
        if link and not clean_title:
            parts.append(f"<{link}>")
        source = ", ".join(parts)
        return f"> {body}" + (f"\n>\n> — {source}" if source else "")
    parts = [who] if who else []
    if clean_title:
        bare = clean_title.rstrip(".")
        if bare[-1:] in "?!…" and bare:
            parts.append(f"“{bare}”")
        else:
            parts.append(f"“{bare},”" if (site.strip() or when) else f"“{bare}.”")
    parts += [x for x in (site.strip(), when) if x]
    # Commas between the parts, the title's own comma inside its quotes (American style).
    source = ""
    for i, part in enumerate(parts):
        if i:
            source += " " if parts[i - 1].endswith(("”", ",")) else ", "
        source += part
    if source and source[-1] not in ".?!”":
        source += "."
    line = f"“{body}”" + (f" — {source}" if source else "")
    return line + (f" {link}" if link else "")
