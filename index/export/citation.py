"""Citations of archived articles in one consistent, Chicago-like style.

``Author. “Title.” Site, Month D, YYYY. URL. Archived copy captured D Month YYYY (WARC), file `f`, SHA-256 `…`.``

The archived-copy sentence says when the page was saved and by what (``Article.captured``), which
file of the archive holds it and the start of that file's SHA-256, so a reader can find and check
the very copy quoted. A page with no capture time says the file's modification time, as such.

Used by the PDF export and by the Markdown export of bookmarks, so both cite the same way.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from collections.abc import Sequence
from pathlib import PurePath

from index.model import FILE_MTIME, Article

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def long_date(date: dt.date | None) -> str:
    """``September 3, 2025``; ``n.d.`` when there is no date."""
    if date is None:
        return "n.d."
    return f"{MONTHS[date.month - 1]} {date.day}, {date.year}"


def day_month_year(when: str) -> str:
    """``12 November 2019`` from an ISO date or date-time; "" when it does not parse."""
    try:
        day = dt.date.fromisoformat(when[:10])
    except ValueError:
        return ""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# ``Article.captured_from`` as a citation names it.
_CAPTURED_BY = {
    "WARC-Date": "WARC",
    "WACZ pages": "WACZ",
    "MHTML Date": "MHTML",
    "SingleFile saved date": "SingleFile",
    "ArchiveBox timestamp": "ArchiveBox",
    "Wallabag created_at": "Wallabag",
    "Omnivore savedAt": "Omnivore",
    "front matter created": "web clipper",
    "front matter clipped": "web clipper",
    "e-mail Date": "e-mail",
}
SHA_SHOWN = 16  # hex digits of the SHA-256 a citation prints; ``morgue show --json`` has all 64


def archive_path(path: str, roots: Sequence[PurePath | str] = ()) -> str:
    """A saved file's path relative to the archive folder holding it (``wires/ap-1120.warc.gz``),
    with ``/`` separators; its name alone when it is under none of ``roots``."""
    path = path.split("#", 1)[0]
    for root in roots:
        root_str = str(root).rstrip(os.sep)
        if path.startswith(root_str + os.sep):
            return PurePath(os.path.relpath(path, root_str)).as_posix()
    return PurePath(path).name


def archived_copy(
    *, captured: str = "", captured_from: str = "", file: str = "", sha256: str = ""
) -> str:
    """``Archived copy captured 12 November 2019 (WARC), file `wires/ap.warc.gz`, SHA-256 `9f2c…`.``

    "" when nothing is known (an article indexed before capture times were kept).
    """
    parts: list[str] = []
    when = day_month_year(captured) if captured else ""
    if when and captured_from == FILE_MTIME:
        lead = "Archived copy (no capture time recorded)"
        if file:
            parts.append(f"file `{file}` last modified {when}")
        else:
            parts.append(f"file last modified {when}")
    elif when:
        by = _CAPTURED_BY.get(captured_from, captured_from)
        lead = f"Archived copy captured {when}" + (f" ({by})" if by else "")
    else:
        lead = "Archived copy"
    if file and not (when and captured_from == FILE_MTIME):
        parts.append(f"file `{file}`")
    if sha256:
        parts.append(f"SHA-256 `{sha256[:SHA_SHOWN]}…`")
    if lead == "Archived copy" and not parts:
        return ""
    return ", ".join([lead, *parts]) + "."


def page_of(article: Article, paragraph: int | None) -> int | None:
    """The page a paragraph of a paged document (a PDF) starts on, or None."""
    if paragraph is None or not 0 <= paragraph < len(article.paragraphs):
        return None
    return article.paragraphs[paragraph].page


def article_citation(article: Article, roots: Sequence[PurePath | str] = (), paragraph: int | None = None) -> str:
    """The citation of an archived article, with its archived-copy sentence; with ``paragraph``
    (a quote's or passage's), the page of a PDF it is on."""
    prov = article.provenance
    return cite(
        title=article.title, authors=article.authors, site=article.site, date=article.date, url=article.url,
        page=page_of(article, paragraph),
        archived=archived_copy(
            captured=article.captured,
            captured_from=article.captured_from,
            file=archive_path(prov.files[0], roots) if prov and prov.files else "",
            sha256=prov.sha256 if prov else "",
        ),
    )


def citation_html(text: str) -> str:
    """A citation as escaped HTML for the PDF: its `code` spans (the file, the SHA-256) in a
    monospace font instead of showing their backticks."""
    parts = re.split(r"`([^`\n]+)`", text)
    return "".join(
        f'<span style="font-family:monospace; font-size:8pt;">{html.escape(p, quote=False)}</span>' if i % 2 else
        html.escape(p, quote=False)
        for i, p in enumerate(parts)
    )


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
    archived: str = "",
    page: int | None = None,
) -> str:
    """A one-line citation of an article; empty parts are left out, never shown as blanks.

    ``archived`` is the archived-copy sentence (``archived_copy``); ``accessed`` is for a citation
    made without one (a bookmark made before capture times were kept). ``page`` is the page of a
    paged document (a PDF) the cited text is on: "…, March 2, 2024, p. 4."
    """
    parts: list[str] = []
    who = join_names(authors)
    if who:
        parts.append(_sentence(who))
    if title.strip():
        parts.append(_quoted_title(title))
    where = ", ".join(x for x in (site.strip(), long_date(date) if date else "") if x)
    on_page = f"p. {page}" if page is not None else ""
    if where:
        parts.append(_sentence(", ".join(x for x in (where, on_page) if x)))
    else:
        parts.append("n.d." + (f", {on_page}." if on_page else ""))
    if url.strip():
        parts.append(_sentence(url.strip()))
    if archived:
        parts.append(archived)
    elif accessed is not None:
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
