"""Helpers every reader uses: text normalisation, stable ids, and building an ``Article``."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import replace
from urllib.parse import urlsplit, urlunsplit

from lxml import etree

from index.model import Annotation, Article, Paragraph

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_TRACKING = re.compile(r"^(utm_|fbclid|gclid|ref_src|ref$|cmpid|ito$|mc_)", re.I)


def clean_text(text: str) -> str:
    """NFC-normalise, fold runs of spaces, strip control characters; keep line structure."""
    text = unicodedata.normalize("NFC", text)
    # Looking up each distinct character once, not every character: pages run to megabytes.
    # Soft hyphens (a format character) go too.
    drop = {ord(ch): None for ch in set(text) if ch not in "\n\t" and unicodedata.category(ch)[0] == "C"}
    if drop:
        text = text.translate(drop)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n")).strip()


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop fragment, tracking parameters and a trailing slash."""
    url = url.strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    host = parts.netloc.lower()
    if host.startswith("www."):
        host = host[4:]
    query = "&".join(q for q in parts.query.split("&") if q and not _TRACKING.match(q))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", host, path, query, ""))


def article_id(url: str, title: str, paragraphs: Iterable[Paragraph]) -> str:
    """A stable id: from the canonical URL when there is one, else from the content.

    It does not depend on the file's name or place, so moving or renaming the archive keeps it.
    A site's home page is no one article's address (its content changes daily, and some sites
    put it in every article's canonical link), so such a URL is hashed together with the content.
    """
    h = hashlib.sha256()
    curl = canonical_url(url)
    if curl:
        h.update(b"url\x00" + curl.encode())
    if not curl or urlsplit(curl).path == "/":
        h.update(b"text\x00" + title.encode("utf-8", "surrogatepass"))
        for p in paragraphs:
            h.update(b"\x00" + p.text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:16]


def site_of(url: str) -> str:
    """The host of a URL without ``www.``, or an empty string."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


_FIRST_SENTENCE = re.compile(r"^(.{20,}?[.!?])(?:[\"”’)]?)(?=\s+[\"“‘(]?[A-Z0-9])", re.S)


def first_sentence(text: str, limit: int = 160) -> str:
    """The first sentence of a text, cut to ``limit`` characters on a word boundary."""
    text = text.strip()
    m = _FIRST_SENTENCE.match(text)
    sentence = m.group(1) if m else text
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + "…"
    return sentence


_MONTH_NAMES = (
    "jan january|feb february|mar march|apr april|may|jun june|jul july|aug august|sep sept september"
    "|oct october|nov november|dec december"
)
_MONTHS = {name: i for i, names in enumerate(_MONTH_NAMES.split("|"), start=1) for name in names.split()}
_MONTH_FIRST = re.compile(r"\b([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b")
_DAY_FIRST = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\.? ([A-Za-z]{3,9})\.?,? (\d{4})\b")


def parse_date(value: object) -> dt.date | None:
    """A date from an ISO-like string (``2025-09-03``, ``2025-09-03T10:00:00Z``) or a date object.

    English dates written out (``September 3, 2025``, ``3 Sep 2025``, RFC 822 ``Wed, 03 Sep 2025
    10:00:00 GMT``) are understood too; anything else gives None.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value)
    m = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _MONTH_FIRST.search(text):
        year, month, day = int(m.group(3)), _MONTHS.get(m.group(1).lower(), 0), int(m.group(2))
    elif m := _DAY_FIRST.search(text):
        year, month, day = int(m.group(3)), _MONTHS.get(m.group(2).lower(), 0), int(m.group(1))
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def split_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Paragraphs separated by blank lines; lines inside a paragraph are joined with a space."""
    out = []
    for block in re.split(r"\n\s*\n", text):
        joined = " ".join(line.strip() for line in block.split("\n") if line.strip())
        joined = clean_text(joined)
        if joined:
            out.append(Paragraph(joined))
    return tuple(out)


def as_strings(value: object) -> list[str]:
    """Metadata written as a string, a list, or objects with a ``name``, as a flat list of strings.

    ``{"name": "Jane Doe"}`` gives ``["Jane Doe"]``; numbers are kept as text; anything else is dropped.
    """
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, int | float | dt.date):
        return [str(value)]
    if isinstance(value, dict):
        for key in ("name", "@value", "title", "text"):
            if key in value:
                return as_strings(value[key])
        return []
    if isinstance(value, list | tuple):
        return [s for item in value for s in as_strings(item)]
    return []


_BY = re.compile(r"^\s*(?:by|von|par|por|di|door|av|af)\s*:?\s+", re.I)
_AUTHOR_SEPARATORS = re.compile(r"\s*;\s*|\s+(?:and|&|und|et|y)\s+")
# Placeholders that pages put where a byline would be.
_NOT_NAMES = frozenset(
    ["", "username", "admin", "administrator", "author", "authors", "by", "null", "none", "unknown", "作者"]
    + ["authority control"]
)
_WIKI_LINK = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]")


def split_authors(names: Iterable[str]) -> list[str]:
    """Author names as bylines write them, one name each.

    Drops a leading "By", Obsidian wiki-link brackets (``[[Jane Doe]]``) and splits "A; B", "A and B",
    "A & B" and "A, B" (the last only when every part looks like a full name, so "Doe, Jane" stays).
    """
    out: list[str] = []
    for raw in names:
        text = _WIKI_LINK.sub(r"\1", raw)
        text = clean_text(_BY.sub("", text)).replace("\n", " ")
        for part in (p.strip() for p in _AUTHOR_SEPARATORS.split(text)):
            pieces = [x.strip() for x in part.split(",") if x.strip()]
            if not part:
                continue
            if len(pieces) > 1 and all(" " in x for x in pieces):
                out.extend(_without_trailing_date(x) for x in pieces)
            else:
                out.append(_without_trailing_date(part))
    return [a for a in out if a.casefold() not in _NOT_NAMES and "://" not in a and not a.isdigit()]


_DATE_WORDS = frozenset(_MONTHS) | {
    *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    *("mon", "tue", "wed", "thu", "fri", "sat", "sun", "updated", "published"),
}


def _without_trailing_date(name: str) -> str:
    """ "Leigh Tauss August" -> "Leigh Tauss": a byline that ran into its date line.

    A two-word name keeps its last word ("Theresa May"); a lone month or weekday is no name.
    """
    words = name.split()
    while len(words) > 2 and words[-1].strip(".,").casefold() in _DATE_WORDS:
        words.pop()
    if len(words) == 1 and words[0].strip(".,").casefold() in _DATE_WORDS:
        return ""
    return " ".join(words)


# --- bylines a citation can carry -----------------------------------------------------------------


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words of markup, not of names: pages that fill their author fields with the field's own label
# ("Meta name author", "Dublin Core name author") or a generator's name.
_MARKUP_WORDS = _word_set(
    "meta name names property author authors byline creator dc dcterms dublin core og article schema "
    "itemprop content contributor contributors"
)
_TLDS = _word_set("com org net edu gov io uk fr es nl eu ca au biz pl ru jp br ch se dk fi pt ie nz za cz")
# A site's name as an author is dropped when it reads as an organisation, not as a person's blog
# ("CBS News", "Android Developers", "CNN"; but "Haki Benita" on hakibenita.com stays).
_ORG_WORDS = _word_set(
    "the news times post daily herald tribune gazette journal magazine press media online tv radio "
    "network developers blog team staff group weekly today review"
)
# Words after a name that say the person's job ("Ben Silverman Games Editor").
_JOB_WORDS = _word_set(
    "editor editors reporter correspondent writer columnist contributor producer analyst critic photographer staffer"
)
# Lower-case words that belong inside a name ("Michiel de Jong", "Ludwig van Beethoven").
_PARTICLES = _word_set("de da di du del della der den van von la le dos das bin al y e ter ten")
_EDGE_PUNCTUATION = " \t·•|/\\-–—,;:*_~+=#@"
_MAX_NAME_WORDS = 6


def _name_words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def clean_bylines(names: Iterable[str], site: str = "", url: str = "") -> tuple[str, ...]:
    """Author names a citation can carry: no markup labels, site names or stray punctuation.

    Drops "Meta name author" (markup words only), the site's own name or host ("Facebook Com"), a
    lone initial, anything longer than a name; trims "Dana Whitfield ·" (punctuation at the ends),
    "Aleš Vávra před" (a trailing lower-case word that is no particle) and "Ben Silverman Games
    Editor" (a job after the name). Repeats are dropped, the first spelling kept.
    """
    site_words = set(_name_words(site))
    host = site_of(url)
    host_words = set(_name_words(host.replace(".", " "))) if host else set()
    out: dict[str, str] = {}
    for raw in names:
        name = clean_text(raw).replace("\n", " ").strip(_EDGE_PUNCTUATION)
        name = re.split(r"\s+is\s+an?\s+", name, maxsplit=1)[0]  # "Phil Helsel is a reporter"
        name = _without_trailing_lowercase(_without_job(name)).strip(_EDGE_PUNCTUATION)
        words = _name_words(name)
        if not words or len(words) > _MAX_NAME_WORDS or all(len(w) == 1 for w in words):
            continue
        if all(w in _MARKUP_WORDS for w in words):
            continue
        is_site = (site_words and set(words) == site_words) or (
            host_words and (set(words) <= host_words or "".join(words) in host_words)
        )
        if is_site and (len(words) == 1 or any(w in _ORG_WORDS for w in words)):
            continue  # the site's name ("The Guardian" on theguardian.com)
        if len(words) <= 3 and words[-1] in _TLDS and " " in name and "." not in name:
            continue  # "Facebook Com": a host name spelt out as words
        out.setdefault(name.casefold(), name)
    return tuple(out.values())


def _without_trailing_lowercase(name: str) -> str:
    """ "Aleš Vávra před" -> "Aleš Vávra": lower-case words after a capitalised name, unless particles."""
    words = name.split()
    if not any(w[:1].isupper() for w in words):
        return name
    while len(words) > 2 and words[-1][:1].islower() and words[-1].casefold() not in _PARTICLES:
        words.pop()
    return " ".join(words)


def _without_job(name: str) -> str:
    """ "Ben Silverman Games Editor" -> "Ben Silverman": the name before a job title that follows it."""
    words = name.split()
    at = next((i for i, w in enumerate(words) if i >= 2 and w.casefold().strip(".,") in _JOB_WORDS), None)
    if at is None:
        return name
    kept = words[:at]
    if len(kept) > 2 and kept[-1][:1].isupper():
        kept.pop()  # the desk ("Games", "Senior")
    return " ".join(kept)


def normalise_language(code: object) -> str:
    """The primary language subtag of a code such as ``en-US`` or ``pt_BR`` (``en``, ``pt``), or ""."""
    text = str(code or "").strip().lower().replace("_", "-")
    primary = text.split("-", 1)[0]
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else ""


def _comparable(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def without_title(paragraphs: Iterable[Paragraph], title: str) -> tuple[Paragraph, ...]:
    """The paragraphs without a leading one that only repeats the title."""
    paras = tuple(paragraphs)
    if paras and title and _comparable(paras[0].text) == _comparable(title):
        return paras[1:]
    return paras


def unique_articles(articles: Iterable[Article]) -> list[Article]:
    """Articles with repeated ids (the same URL saved twice in one file) reduced to the first one."""
    seen: dict[str, Article] = {}
    for article in articles:
        seen.setdefault(article.id, article)
    return list(seen.values())


def build_article(
    *,
    paragraphs: Iterable[Paragraph],
    source: str,
    format: str,
    title: str = "",
    date: object = None,
    authors: Iterable[str] = (),
    site: str = "",
    url: str = "",
    language: str = "",
    tags: Iterable[str] = (),
    html: str | None = None,
    annotations: Iterable[Annotation] = (),
) -> Article:
    """Normalise what a reader found into an ``Article`` with a stable id.

    A missing title becomes the first sentence of the body; authors are cleaned (``clean_bylines``).
    """
    paras = tuple(Paragraph(clean_text(p.text), p.joined, p.page) for p in paragraphs if clean_text(p.text))
    title = clean_text(title).replace("\n", " ")
    if not title and paras:
        title = first_sentence(paras[0].text)
    url = url.strip()
    site = clean_text(site) or site_of(url)
    return Article(
        id=article_id(url, title, paras),
        title=title,
        paragraphs=paras,
        date=parse_date(date),
        authors=clean_bylines(authors, site, url),
        site=site,
        url=url,
        language=normalise_language(language),
        format=format,
        source=source,
        tags=tuple(dict.fromkeys(t for t in (clean_text(x) for x in tags) if t)),
        html=html,
        annotations=tuple(annotations),
    )


# Magic numbers of files that turn up in an archive folder but hold no article text.
_BINARY_KINDS = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"ID3", "an MP3 audio file"),
)


def binary_kind(data: bytes) -> str | None:
    """What a binary file is (``"a PNG image"``) when its first bytes say so, else None."""
    if data[8:12] in (b"WEBP", b"AVI ", b"WAVE") and data.startswith(b"RIFF"):
        return "a binary media file"
    if data[4:8] == b"ftyp":
        return "an MP4 video or audio file"
    for magic, kind in _BINARY_KINDS:
        if data.startswith(magic):
            return kind
    return None


def decode_text(data: bytes, path: object) -> str:
    """Decode bytes as UTF-8 (with or without BOM), then UTF-16 with BOM, then cp1252.

    Raises ``UnreadableFile`` for data that is binary, not text.
    """
    from index.errors import UnreadableFile

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableFile(path, "not valid UTF-16 text although it starts with a UTF-16 mark") from exc
    kind = binary_kind(data)
    if kind or b"\x00" in data[:4096]:
        raise UnreadableFile(path, f"{kind or 'binary data'}, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text[:20000] if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t\f")
    bad = text.count("\ufffd") + controls
    if bad > max(10, len(text[:20000]) // 100):
        raise UnreadableFile(path, "not valid text in UTF-8 or Windows-1252 encoding")
    return text


# --- ZIP containers (EPUB, DOCX, WACZ, Omnivore's export) ---------------------------------------

MAX_MEMBER_BYTES = 64 * 1024 * 1024


def open_zip(path: object, data: bytes | None = None, kind: str = "ZIP archive") -> zipfile.ZipFile:
    """A ZIP container from its bytes (or from ``path`` when ``data`` is None).

    Raises ``UnreadableFile`` naming ``kind`` ("EPUB book") when it is not a readable ZIP file.
    """
    from index.errors import UnreadableFile

    try:
        return zipfile.ZipFile(io.BytesIO(data) if data is not None else str(path))
    except zipfile.BadZipFile as exc:
        raise UnreadableFile(path, f"not a readable {kind} (the ZIP container is damaged or truncated)") from exc
    except OSError as exc:
        raise UnreadableFile(path, f"cannot be read ({exc.strerror or exc})") from exc


def zip_member(archive: zipfile.ZipFile, name: str, path: object, limit: int = MAX_MEMBER_BYTES) -> bytes:
    """One file of a ZIP container, refusing one that is missing, damaged or unpacks beyond ``limit``."""
    from index.errors import UnreadableFile

    try:
        info = archive.getinfo(name)
    except KeyError as exc:
        raise UnreadableFile(path, f"{name} is missing from the ZIP container") from exc
    if info.file_size > limit:
        raise UnreadableFile(path, f"{name} is too large to import ({info.file_size / 2**20:.0f} MB unpacked)")
    try:
        with archive.open(info) as f:
            out = f.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        raise UnreadableFile(path, f"{name} in the ZIP container cannot be unpacked ({exc})") from exc
    if len(out) > limit:
        raise UnreadableFile(path, f"{name} is too large to import once unpacked")
    return out


def parse_xml(data: bytes, path: object, name: str) -> etree._Element:
    """An XML file of a container, parsed without entities, DTDs or network access."""
    from index.errors import UnreadableFile

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise UnreadableFile(path, f"{name} is not well-formed XML ({exc})") from exc
    if root is None:
        raise UnreadableFile(path, f"{name} is empty")
    return root


# --- what clipping tools add to a saved page ------------------------------------------------------

_SINGLEFILE = re.compile(
    r"<!--\s*Page saved with SingleFile\s*(?:url:\s*(?P<url>\S+))?\s*"
    r"(?:saved date:\s*(?P<saved>[^\n]*?))?\s*(?:\n|-->)",
    re.I,
)


def singlefile_header(markup: str) -> tuple[str, str]:
    """The ``url:`` and ``saved date:`` of the comment SingleFile writes at the top of a page, or ``("", "")``."""
    m = _SINGLEFILE.search(markup[:8192])
    if not m:
        return "", ""
    return (m.group("url") or "").strip(), (m.group("saved") or "").strip()


# MarkDownload's default template: "# {pageTitle}", then "> ## Excerpt" and "> {excerpt}", then "---".
_MARKDOWNLOAD = re.compile(
    r"\A(?P<blank>\s*)(?:#[ \t]+(?P<title>[^\n]+)\n\s*)?>[ \t]*##[ \t]*Excerpt[ \t]*\n(?:>[^\n]*\n)*\s*(?:---[ \t]*\n)?"
)
_SITE_SUFFIX = re.compile(r"\s+[|\-–—·]\s+[^|\-–—·]{2,60}$")


def markdownload_clip(body: str) -> str:
    """A MarkDownload clip's body without its "Excerpt" block, its heading without the page title's site name.

    "# Storm closes pass | The Alpine Wire" becomes "# Storm closes pass" (MarkDownload puts the
    page's ``<title>`` there); any other Markdown is returned as it is.
    """
    m = _MARKDOWNLOAD.match(body)
    if not m:
        return body
    title = m.group("title")
    heading = f"# {_SITE_SUFFIX.sub('', title.strip())}\n\n" if title else ""
    return heading + body[m.end() :]


def markdownload_site(body: str) -> str:
    """The site's name that a MarkDownload clip's heading ends with ("The Alpine Wire"), or ""."""
    m = _MARKDOWNLOAD.match(body)
    suffix = _SITE_SUFFIX.search(m.group("title").strip()) if m and m.group("title") else None
    return suffix.group(0).strip().lstrip("|-–—·").strip() if suffix else ""


# SingleFile writes the date as JavaScript's Date.toString(): "Tue Nov 12 2019 10:04:00 GMT+0100 (CET)".
_JS_DATE = re.compile(
    r"(?P<mon>[A-Za-z]{3})\w*\s+(?P<day>\d{1,2})\s+(?P<year>\d{4})\s+(?P<time>\d{1,2}:\d{2}(?::\d{2})?)"
    r"(?:\s*(?:GMT|UTC)?\s*(?P<tz>[+-]\d{2}:?\d{2}))?"
)

# MarkDownload's default template writes ``{date:YYYY-MM-DDTHH:mm:ss} (UTC {date:Z})``.
_MARKDOWNLOAD_DATE = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)\s*\(UTC\s*([+-]\d{2}:\d{2})\)")


def capture_time(value: object) -> str:
    """When a page was saved, as an ISO 8601 date-time ("2019-11-12T10:04:00+00:00"), or "".

    Takes what capture tools write: a ``datetime``, a WARC-Date or other ISO string
    ("2019-11-12T10:04:00Z", "20191112100400" as WACZ and CDX timestamps are), a Unix timestamp
    (ArchiveBox's "1573553040.0"), JavaScript's Date string (SingleFile's saved date) or MarkDownload's
"2019-11-12T10:04:00 (UTC +01:00)".
    """
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if re.fullmatch(r"\d{9,10}(?:\.\d+)?", text):
        return dt.datetime.fromtimestamp(float(text), dt.UTC).isoformat(timespec="seconds")
    if m := re.fullmatch(r"(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?", text):
        y, mo, d, h, mi, s = (int(x or 0) for x in m.groups())
        try:
            return dt.datetime(y, mo, d, h, mi, s, tzinfo=dt.UTC).isoformat(timespec="seconds")
        except ValueError:
            return ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        day = parse_date(text)
        return day.isoformat() if day else ""
    if m := _MARKDOWNLOAD_DATE.fullmatch(text):
        text = m.group(1) + m.group(2)
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat(timespec="seconds")
    except ValueError:
        pass
    if m := _JS_DATE.search(text):
        month = _MONTHS.get(m.group("mon").lower(), 0)
        tz = (m.group("tz") or "+0000").replace(":", "")
        stamp = f"{m.group('year')}-{month:02d}-{int(m.group('day')):02d} {m.group('time')} {tz}"
        fmt = "%Y-%m-%d %H:%M:%S %z" if m.group("time").count(":") == 2 else "%Y-%m-%d %H:%M %z"
        try:
            return dt.datetime.strptime(stamp, fmt).isoformat(timespec="seconds")
        except ValueError:
            return ""
    day = parse_date(text)
    return day.isoformat() if day else ""


def with_capture(article: Article, value: object, source: str) -> Article:
    """The article with its capture time from ``value`` (see ``capture_time``), said to come from
    ``source`` ("WARC-Date"); unchanged when ``value`` gives no time."""
    captured = capture_time(value)
    if not captured:
        return article
    return replace(article, captured=captured, captured_from=source)
