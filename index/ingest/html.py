"""Saved web pages (``.html``, ``.htm``, ``.xhtml``; ``.html.gz`` is unpacked by the registry).

trafilatura finds the article's text and metadata; the page's own markup gives the charset, the
canonical URL and the language. When trafilatura finds nothing, the ``<title>`` and the visible
``<p>`` elements are used. The MHTML, WARC and JSON readers share this module's functions:
``decode_html``, ``article_from_html`` and ``paragraphs_from_html``.
"""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from index.errors import UnreadableFile
from index.ingest.chunks import body_chunks, with_later_chunks
from index.ingest.common import (
    binary_kind,
    build_article,
    clean_text,
    decode_text,
    normalise_language,
    singlefile_header,
    split_authors,
    split_paragraphs,
    with_capture,
    without_title,
)
from index.model import Article, Paragraph

NAME = "html"
EXTENSIONS = (".html", ".htm", ".xhtml")

log = logging.getLogger(__name__)

_SNIFF = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title[\s>]", re.I)
# Where a page declares its encoding: <meta charset>, http-equiv Content-Type, an XML declaration.
_META_CHARSET = re.compile(rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]+encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.I)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.I)
_BULLET = re.compile(r"^[-*•]\s+")
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·»]{1,2}\s+")
# trafilatura is slow on very large pages; past this size its fallback extractors are skipped.
_FAST_ABOVE = 3 * 1024 * 1024
# trafilatura takes about 24 times a page's markup in memory; past this size the page is slimmed
# before trafilatura sees it (see slim_page).
_SLIM_ABOVE = 3 * 1024 * 1024
_NO_TEXT = "no article text found in the HTML page"


def sniff(head: bytes) -> bool:
    """The start of the file has HTML markup (a doctype, ``<html>``, ``<head>``, ``<meta>``...)."""
    return bool(_SNIFF.search(head[:4096]))


def read(path: Path, data: bytes) -> list[Article]:
    """One article from a saved HTML page."""
    markup = decode_html(data, path)
    url, saved = singlefile_header(markup)  # SingleFile's "url:" and "saved date:" comment
    article = article_from_html(markup, source=str(path), format=NAME, url=url, date=saved)
    return [with_capture(article, saved, "SingleFile saved date")]


# --- decoding ---------------------------------------------------------------------------------------


def declared_charset(data: bytes) -> str | None:
    """The encoding a page declares in its first bytes (BOM, ``<meta charset>``, XML declaration)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:8192]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii").lower() if m else None


def decode_html(data: bytes, path: object, declared: str | None = None) -> str:
    """Decode a page's bytes: BOM, then the declared charset (HTTP header or the page's own), else guess.

    A page that declares a legacy charset but is valid UTF-8 (saved pages are often re-encoded by
    the browser and keep the old declaration) is read as UTF-8. Binary data raises UnreadableFile.
    """
    kind = binary_kind(data)
    if kind:
        raise UnreadableFile(path, f"{kind}, not an HTML page")
    charset = (declared or "").strip().strip("\"'").lower() or declared_charset(data)
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if charset == "utf-16" and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if charset:
        try:
            codec = codecs.lookup(charset).name
        except LookupError:
            log.debug("%s: unknown charset %r, guessing", path, charset)
            codec = ""
        # As browsers do: Latin-1 and ASCII labels mean Windows-1252; a "UTF-16" label in a page
        # that was read as ASCII-compatible bytes is wrong, so UTF-8 is assumed.
        if codec in ("latin-1", "iso8859-1", "ascii"):
            codec = "cp1252"
        elif codec.startswith("utf-16") or codec.startswith("utf-32"):
            codec = "utf-8"
        if codec == "utf-8":
            text = data.decode("utf-8", errors="replace")
            # Declared UTF-8 but full of invalid bytes: a legacy page with a wrong declaration.
            if text.count("\ufffd") > 10 + len(text) // 1000:
                return data.decode("cp1252", errors="replace")
            return text
        if codec:
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                return data.decode(codec, errors="replace")
    return decode_text(data, path)


# --- page metadata from the markup --------------------------------------------------------------------


def parse_tree(markup: str) -> HtmlElement | None:
    """Parse a page with trafilatura's tolerant loader, or lxml's for a fragment trafilatura refuses."""
    import lxml.html
    from trafilatura.utils import load_html

    try:
        tree = load_html(markup)
        if tree is None:
            parser = lxml.html.HTMLParser(encoding="utf-8")
            tree = lxml.html.document_fromstring(markup.encode("utf-8", "surrogatepass"), parser=parser)
    except (ValueError, TypeError, etree.LxmlError, UnicodeError) as exc:
        log.debug("lxml could not parse the page: %s", exc)
        return None
    return tree


def _first(tree: HtmlElement, xpath: str) -> str:
    for value in tree.xpath(xpath):
        text = str(value).strip()
        if text:
            return text
    return ""


def _lower(attribute: str) -> str:
    return f"translate({attribute},'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz')"


def _meta(tree: HtmlElement, *names: str) -> str:
    """The content of the first ``<meta property|name=...>`` among names (case-insensitive)."""
    for name in names:
        value = _first(tree, f"//meta[{_lower('@property')}='{name}' or {_lower('@name')}='{name}']/@content")
        if value:
            return value
    return ""


def _is_http(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _pick_url(candidates: Iterable[str], base: str) -> str:
    """The first absolute http(s) candidate, passing over bare home pages when a deeper URL exists.

    Some sites put their home page in ``<link rel=canonical>`` of every article; taking it would
    give every article the same id.
    """
    urls = []
    for candidate in candidates:
        if not candidate:
            continue
        try:
            url = urljoin(base, candidate.strip()) if base else candidate.strip()
        except ValueError:
            continue
        if _is_http(url):
            urls.append(url)
    for url in urls:
        if urlsplit(url).path.strip("/"):
            return url
    return urls[0] if urls else ""


def page_url(tree: HtmlElement | None, markup: str, known: str = "") -> str:
    """The page's URL: canonical link, ``og:url``, the URL it was fetched from, the "saved from" comment."""
    saved = _SAVED_FROM.search(markup[:8192])
    saved_from = saved.group(1) if saved else ""
    if tree is None:
        return _pick_url([known, saved_from], "")
    canonical = _first(tree, "//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href")
    base = known or saved_from or _first(tree, "//base/@href")
    return _pick_url([canonical, _meta(tree, "og:url"), known, saved_from], base)


def page_language(tree: HtmlElement | None) -> str:
    """The language the page declares (``<html lang>``, content-language, ``og:locale``), as ``en``."""
    if tree is None:
        return ""
    declared = (
        _first(tree, "/html/@lang | /html/@xml:lang")
        or _first(tree, f"//meta[{_lower('@http-equiv')}='content-language']/@content")
        or _meta(tree, "og:locale", "language", "dc.language")
    )
    return normalise_language(declared)


def tidy_title(title: str, site: str) -> str:
    """Drop the site's name from a ``"Headline - Site Name"`` or ``"Site | Headline"`` title."""
    title = clean_text(title).replace("\n", " ")
    seps = list(_TITLE_SEPARATORS.finditer(title))
    if not seps or not site:
        return title
    # "Spiceworks Inc", "Aktuálně.cz - Víte, co se právě děje", "nytimes.com": the name's first part
    # and, for a host name, its first label.
    first = _TITLE_SEPARATORS.split(site)[0]
    names = {re.sub(r"\W+", "", n.casefold()) for n in (site, first, first.split(".")[0])} - {""}

    def is_site(part: str) -> bool:
        x = re.sub(r"\W+", "", part.casefold())
        return len(x) > 2 and any(x == n or (min(len(x), len(n)) > 3 and n.startswith(x)) for n in names)

    if is_site(title[seps[-1].end() :]):
        return title[: seps[-1].start()].strip()
    if is_site(title[: seps[0].start()]):
        return title[seps[0].end() :].strip()
    return title


# --- text ---------------------------------------------------------------------------------------------


def _trafilatura(markup: str, url: str) -> object | None:
    """Run trafilatura's extraction without network, its logging turned down to debug."""
    import trafilatura

    quiet_parser_logs()
    try:
        return trafilatura.bare_extraction(
            markup,
            url=url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            fast=len(markup) > _FAST_ABOVE,
            # htmldate's extensive search hands date-like text to dateparser, which loads every
            # locale it knows (seconds per language) and finds a date on about 1% more pages.
            date_extraction_params={
                "original_date": True,
                "extensive_search": False,
                "max_date": dt.date.today().isoformat(),
            },
        )
    except MemoryError:
        raise
    except Exception as exc:  # a bug in trafilatura on odd markup: the <p> elements will do
        log.info("trafilatura failed on %s (%s: %s)", url or "a page", type(exc).__name__, exc)
        return None


def _site_name(doc: object, url: str) -> str:
    """trafilatura's site name, unless it is the site's Twitter handle ("SPOE_at"): then the host."""
    name = str(getattr(doc, "sitename", "") or "").strip()
    looks_like_handle = " " not in name and ("_" in name or name.startswith("@") or name.islower())
    host = (urlsplit(url).hostname or "").removeprefix("www.") if _is_http(url) else ""
    if (
        looks_like_handle
        and host
        and re.sub(r"[\W_]+", "", name.casefold()) in (host.replace(".", ""), host.split(".")[0])
    ):
        return host
    return name


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _declared_titles(tree: HtmlElement) -> list[str]:
    """The titles a page declares: ``og:title`` and ``<title>``."""
    return [t for t in (_meta(tree, "og:title"), _first(tree, "//title//text()")) if t.strip()]


def _checked_title(found: str, declared: list[str]) -> str:
    """trafilatura's title, unless it shares few words with each of the page's declared titles.

    It may take a lone ``<h1>`` that is a section name or a banner ("Allergies Health Center",
    "Take your next trip with Atlas Obscura!"); the page's declared titles are safer then.
    """
    if not found.strip():
        return declared[0] if declared else ""
    words = _words(found)
    if declared and words and all(len(words & _words(t)) < len(words) / 2 for t in declared):
        return declared[0]
    return found


def _split_tags(values: Iterable[object]) -> list[str]:
    """trafilatura gives the ``keywords`` meta as one comma-separated string."""
    return [tag.strip() for value in values for tag in str(value).split(",") if tag.strip()]


def _lines_to_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """trafilatura's text output has one block per line; list items start with "- "."""
    return tuple(Paragraph(_BULLET.sub("", line).strip()) for line in text.split("\n") if line.strip())


def _visible_paragraphs(tree: HtmlElement) -> tuple[Paragraph, ...]:
    """The text of the page's ``<p>`` elements that are not hidden or inside scripts and templates."""
    out = []
    for p in tree.iter("p"):
        if p.xpath(
            "ancestor-or-self::*[@hidden or self::noscript or self::template or self::script"
            " or contains(translate(@style,' ',''),'display:none')]"
        ):
            continue
        text = clean_text(" ".join(p.itertext()))
        if text:
            out.append(Paragraph(text))
    return tuple(out)


# Elements that never hold article text; a large page loses them before trafilatura parses it.
_NEVER_TEXT = (
    *("style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "video", "audio"),
    *("form", "button", "select", "nav", "aside", "footer"),
)
# Blocks that are mostly links (menus, rails of headlines, tag clouds) go too: at least this many
# links, this share of the block's text in links, and less than this much text outside them.
_LINK_BLOCKS = frozenset(["div", "section", "header", "ul", "ol", "dl", "li", "table", "tbody", "tr", "td", "p"])
_LINK_BLOCK_LINKS = 3
_LINK_BLOCK_SHARE = 0.8
_LINK_BLOCK_OTHER_TEXT = 1000


def slim_page(markup: str) -> tuple[HtmlElement | None, str]:
    """A large page's tree and markup without what is never article text, for trafilatura.

    Scripts (but JSON-LD metadata), styles, embedded media, forms, navigation, blocks of links and
    ``data:`` URIs go. trafilatura builds several trees and copies of a page, about 24 times the
    page's markup in memory; the slimmed page holds the article in a fraction of it. The tree is
    parsed from UTF-8 bytes: a ``str`` with one emoji in it takes four bytes a character.
    """
    import lxml.html

    encoded = markup.encode("utf-8", "surrogatepass")
    try:
        tree = lxml.html.document_fromstring(encoded, parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (ValueError, etree.LxmlError) as exc:
        log.debug("lxml could not parse the page: %s", exc)
        return None, markup
    finally:
        del encoded
    doomed = [
        el for el in tree.iter(*_NEVER_TEXT, "script")
        if el.tag != "script" or (el.get("type") or "").strip().lower() != "application/ld+json"
    ]  # fmt: skip
    for el in doomed:
        el.drop_tree()
    for el in _link_blocks(tree):
        el.drop_tree()
    for el in tree.iter(etree.Element):
        for name, value in el.attrib.items():
            if value.lstrip()[:5].lower() == "data:":
                el.attrib[name] = ""
    slim = lxml.html.tostring(tree, encoding="unicode")
    log.debug("slimmed a page of %d characters to %d", len(markup), len(slim))
    return tree, slim


def _link_blocks(tree: HtmlElement) -> list[HtmlElement]:
    """The outermost blocks that are mostly links, in one pass over the tree (children before parents)."""
    found: list[HtmlElement] = []
    # One frame per open element: [text length, link text length, links, blocks of links inside].
    stack: list[list[int]] = [[0, 0, 0, 0]]
    for event, el in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            stack.append([len(el.text or "") if isinstance(el.tag, str) else 0, 0, 0, len(found)])
            continue
        text, links_text, links, first_inside = stack.pop()
        if el.tag == "a":
            links_text, links = text, links + 1
        elif (
            el.tag in _LINK_BLOCKS
            and links >= _LINK_BLOCK_LINKS
            and links_text >= _LINK_BLOCK_SHARE * text
            and text - links_text < _LINK_BLOCK_OTHER_TEXT
        ):
            del found[first_inside:]  # the outer block takes the inner ones with it
            found.append(el)
        parent = stack[-1]
        parent[0] += text + len(el.tail or "")
        parent[1] += links_text
        parent[2] += links
    return found


def article_from_html(
    markup: str,
    *,
    source: str,
    format: str = NAME,
    url: str = "",
    date: object = None,
    title: str = "",
) -> Article:
    """An article from a page's markup; url, date and title are fallbacks from the container (MHTML, WARC).

    Raises ``UnreadableFile(source, ...)`` when the page has no text at all.
    """
    if len(markup) > _SLIM_ABOVE:
        tree, page = slim_page(markup)
    else:
        tree, page = parse_tree(markup), markup
    url = page_url(tree, markup, url)
    og_site = _meta(tree, "og:site_name") if tree is not None else ""
    declared_titles = _declared_titles(tree) if tree is not None else None
    language = page_language(tree)
    marked_byline = markup_byline(tree) if tree is not None else []
    chunks = body_chunks(tree) if tree is not None else []
    del tree  # trafilatura builds its own: one tree at a time
    # trafilatura is given the string, not our tree: on a tree it is several times slower.
    doc = _trafilatura(page, url)
    text = str(getattr(doc, "text", "") or "")
    paragraphs = with_later_chunks(_lines_to_paragraphs(text), chunks)
    site = _site_name(doc, url) or og_site
    found_title = str(getattr(doc, "title", "") or "")
    if declared_titles is not None:
        found_title = _checked_title(found_title, declared_titles)
        if not paragraphs:
            log.debug("%s: trafilatura found no text, using the <p> elements", source)
            tree = parse_tree(page)
            paragraphs = _visible_paragraphs(tree) if tree is not None else ()
            del tree
    del page
    if not paragraphs:
        raise UnreadableFile(source, _NO_TEXT)
    found_title = tidy_title(found_title or title, site)
    return build_article(
        paragraphs=without_title(paragraphs, found_title),
        source=source,
        format=format,
        title=found_title,
        date=getattr(doc, "date", None) or date,
        authors=split_authors([str(getattr(doc, "author", "") or "")]) or marked_byline,
        site=site,
        url=url or str(getattr(doc, "url", "") or ""),
        language=language or normalise_language(getattr(doc, "language", "")),
        tags=_split_tags([*(getattr(doc, "tags", None) or ()), *(getattr(doc, "categories", None) or ())]),
        html=markup,
    )


_BYLINE_XPATH = (
    "//*[@rel='author' or @itemprop='author' or contains(concat(' ', @class, ' '), ' byline ')"
    " or contains(@class, '-byline') or contains(@class, 'byline-') or contains(@class, 'article-author')]"
)
_BYLINE_MAX_CHARS = 80


def markup_byline(tree: HtmlElement) -> list[str]:
    """The authors a page marks up when its metadata names none: a ``rel="author"`` link, an
    ``itemprop="author"`` element, or a byline element whose text starts with "By"
    (``<span class="pb-byline">By <a>Erin Cunningham</a></span>``); [] when there is none."""
    for el in tree.xpath(_BYLINE_XPATH)[:20]:
        text = " ".join(el.text_content().split())
        if not text or len(text) > _BYLINE_MAX_CHARS or "://" in text:
            continue
        marked = el.get("rel") == "author" or el.get("itemprop") == "author"
        if marked or re.match(r"(?i)by\s", text):
            names = split_authors([text])
            if names:
                return names
    return []


_BLOCKS = frozenset(
    ["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre"]
    + ["table", "tr", "section", "article", "header", "footer", "aside", "figure", "figcaption", "main", "nav"]
    + ["hr", "address", "details", "summary"]
)  # fmt: skip
_SKIP = frozenset(["script", "style", "noscript", "template", "head", "svg", "iframe", "object"])


def paragraphs_from_html(fragment: str) -> tuple[Paragraph, ...]:
    """Plain paragraphs from an HTML fragment (an article body stored as HTML in JSON, say).

    Block elements and ``<br><br>`` end a paragraph; a single ``<br>`` is a space.
    """
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, etree.LxmlError) as exc:
        log.debug("could not parse an HTML fragment: %s", exc)
        return split_paragraphs(re.sub(r"<[^>]+>", " ", fragment))
    parts: list[str] = []
    stack: list[tuple[object, bool]] = [(root, False)]
    # An explicit stack rather than recursion, whatever the depth of the markup.
    while stack:
        node, closing = stack.pop()
        if closing:
            assert isinstance(node, etree._Element)
            if node.tag in _BLOCKS:
                parts.append("\n\n")
            parts.append(node.tail or "")
            continue
        assert isinstance(node, etree._Element)
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP or not tag:
            parts.append(node.tail or "")
            continue
        if tag in _BLOCKS:
            parts.append("\n\n")
        elif tag == "br":
            parts.append("\n")
        parts.append(node.text or "")
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    text = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)*", "\n\n", "".join(parts))
    return split_paragraphs(text)


# --- trafilatura's logging ----------------------------------------------------------------------------

_QUIET_PACKAGES = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer", "warcio")
_quieted: set[str] = set()


class _DemoteToDebug(logging.Filter):
    """Re-level a third-party record to DEBUG; keep it only when this module logs at debug."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return log.isEnabledFor(logging.DEBUG)


_DEMOTE = _DemoteToDebug()


def quiet_parser_logs() -> None:
    """trafilatura (and warcio) warn about every page they find little in; those are debug messages for us.

    A logger's filters do not apply to its children, so every module logger gets the filter.
    """
    names = [n for n in list(logging.root.manager.loggerDict) if n.split(".")[0] in _QUIET_PACKAGES]
    for name in names:
        if name not in _quieted:
            logging.getLogger(name).addFilter(_DEMOTE)
            _quieted.add(name)
