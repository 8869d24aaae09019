"""Markdown files (``.md``, ``.markdown``), as web clippers write them.

Optional YAML front matter between ``---`` lines gives the metadata; the keys of Obsidian Web
Clipper and MarkDownload are understood (``title``, ``source``, ``author`` as a list of
``[[wiki links]]``, ``published``, ``created``, ``tags``); ``created`` (when the page was
clipped, "2024-04-02T09:14:55 (UTC +02:00)" in MarkDownload's template) is the capture time. The
body loses its Markdown syntax: headings, list items, quotes, table rows and code blocks become
plain paragraphs, links become their text, images are dropped.

Malformed front matter is refused with the YAML error's line, so the user can fix it, rather than
shown as body text; a ``---`` block that is not a ``key: value`` mapping is just body text. Front
matter is bounded: over ``MAX_FRONT_MATTER`` characters, or with a YAML alias (``*name``, which can
expand a few lines into billions of values), the file is refused with a reason.
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path

import yaml

from index.errors import UnreadableFile
from index.ingest.common import (
    as_strings,
    build_article,
    decode_text,
    markdownload_clip,
    markdownload_site,
    split_authors,
    with_capture,
    without_title,
)
from index.model import Article, Paragraph

NAME = "markdown"
EXTENSIONS = (".md", ".markdown")

# The front matter key a web clipper writes when it saved the page (Obsidian Web Clipper, MarkDownload).
CAPTURE_KEYS = ("created", "clipped")

# Web clippers write a few hundred bytes of front matter; past this it is not metadata.
MAX_FRONT_MATTER = 64 * 1024

log = logging.getLogger(__name__)

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_KEY_LINE = re.compile(r"^[A-Za-z_][\w-]*(?: [\w-]+){0,2}:(\s|$)")

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+")
_TABLE_RULE = re.compile(r"^(?=[^|]*\|)(?=.*-)[ \t|:-]+$")  # |---|:-:| (a pipe, so not a "---" rule)
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s+\S+")

_INLINE = [
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"!\[[^\]]*\]\[[^\]]*\]"), ""),
    (re.compile(r"!\[\[[^\]]*\]\]"), ""),  # Obsidian embeds
    (re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]"), r"\1"),  # wiki links
    (re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)"), r"\1"),  # [text](url "title")
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # [text][ref]
    (re.compile(r"\[\^[^\]]+\]"), ""),  # footnote references
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),  # autolinks
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ""),  # inline HTML tags
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
    (re.compile(r"==(?=\S)(.+?)(?<=\S)=="), r"\1"),  # highlights
]
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~=])")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)


def sniff(head: bytes) -> bool:
    """The file opens with YAML front matter or a ``# heading``."""
    text = head.lstrip(b"\xef\xbb\xbf")
    return bool(re.match(rb"---[ \t]*\r?\n[A-Za-z_][\w-]*(?: [\w-]+){0,2}:", text) or re.match(rb"#{1,3} \S", text))


def read(path: Path, data: bytes) -> list[Article]:
    """One article from a Markdown file."""
    text = decode_text(data, path).replace("\r\n", "\n").replace("\r", "\n")
    meta, body = split_front_matter(text, path)
    clip_site = markdownload_site(body)
    body = markdownload_clip(body)
    blocks = markdown_blocks(body)
    title = _first(meta, "title", "headline")
    if not title:
        title = next((text for text, level in blocks if level == 1), "")
    paragraphs = without_title((Paragraph(text) for text, _ in blocks), title)
    if not paragraphs:
        raise UnreadableFile(path, "no article text after the front matter" if meta else "the file holds no text")
    url = _first(meta, "url", "source", "link", "canonical_url", "original_url")
    site = _first(meta, "site", "site_name", "sitename", "publisher") or clip_site
    if not re.match(r"https?://", url):
        url, site = "", site or url  # "source: The Daily Planet" names the site
    article = build_article(
        paragraphs=paragraphs,
        source=str(path),
        format=NAME,
        title=title,
        date=_value(meta, "date", "published", "published_at", "pubDate", *CAPTURE_KEYS),
        authors=split_authors(as_strings(_value(meta, "author", "authors", "byline", "creator"))),
        site=site,
        url=url,
        language=_first(meta, "lang", "language"),
        tags=as_strings(_value(meta, "tags", "keywords", "categories")),
    )
    key = next((k for k in CAPTURE_KEYS if _value(meta, k) is not None), "")
    return [with_capture(article, _value(meta, key), f"front matter {key}") if key else article]


def split_front_matter(text: str, path: Path) -> tuple[dict[str, object], str]:
    """The YAML front matter as a dict (keys lower-cased) and the body after it.

    Raises ``UnreadableFile`` for a front matter of ``key: value`` lines that YAML cannot parse.
    """
    text = text.lstrip("\ufeff")
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    block = m.group(1) or ""
    first_line = next((line for line in block.split("\n") if line.strip()), "")
    if len(block) > MAX_FRONT_MATTER:
        if not _KEY_LINE.match(first_line):
            return {}, text
        raise UnreadableFile(
            path, f"the YAML front matter is too long ({len(block) // 1024} KB; the limit is "
            f"{MAX_FRONT_MATTER // 1024} KB)"
        )
    try:
        meta = yaml.load(block, Loader=_FrontMatterLoader)
    except _AliasRefused as exc:
        raise UnreadableFile(
            path, f"the YAML front matter uses an alias ({exc.alias} on line {exc.line}), which Morgue does "
            "not expand: write the value out instead"
        ) from exc
    except yaml.YAMLError as exc:
        if not _KEY_LINE.match(first_line):
            return {}, text  # a "---" rule around ordinary text, not front matter
        raise UnreadableFile(path, f"the YAML front matter is malformed ({_yaml_problem(exc)})") from exc
    if not isinstance(meta, dict):
        return {}, text
    return {str(k).lower(): v for k, v in meta.items()}, text[m.end() :]


class _AliasRefused(yaml.YAMLError):
    """Front matter that refers to an anchor: refused before anything expands it."""

    def __init__(self, alias: str, line: int) -> None:
        super().__init__(alias)
        self.alias, self.line = alias, line


class _FrontMatterLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing aliases: a "billion laughs" front matter of a few lines
    would expand to more values than memory holds once anything walks it."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            # The front matter starts on the file's second line; marks count from 0.
            raise _AliasRefused(f"*{event.anchor}", event.start_mark.line + 2)
        return super().compose_node(parent, index)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """ "while scanning a quoted scalar on line 2: found unexpected end of stream": file line numbers."""
    parts = []
    for what, mark in (
        (getattr(exc, "context", None), getattr(exc, "context_mark", None)),
        (getattr(exc, "problem", None), getattr(exc, "problem_mark", None)),
    ):
        if what:
            # The front matter starts on the file's second line; marks count from 0.
            parts.append(f"{what} on line {mark.line + 2}" if mark is not None else str(what))
    return ": ".join(parts) or "invalid YAML"


def _value(meta: dict[str, object], *keys: str) -> object:
    for key in keys:
        value = meta.get(key.lower())
        if value not in (None, "", []):
            return value
    return None


def _first(meta: dict[str, object], *keys: str) -> str:
    values = as_strings(_value(meta, *keys))
    return values[0] if values else ""


def strip_inline(text: str) -> str:
    """Markdown inline syntax removed: links become their text, images vanish, emphasis goes."""
    kept: list[str] = []  # code spans and escaped characters, put back after the rules ran

    def keep(value: str) -> str:
        kept.append(value)
        return f"\x00{len(kept) - 1}\x00"

    text = _CODE_SPAN.sub(lambda m: keep(m.group(2).strip()), text)
    text = _ESCAPE.sub(lambda m: keep(m.group(1)), text)
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    text = re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)
    return html.unescape(text)


def markdown_blocks(body: str) -> list[tuple[str, int]]:
    """The body as plain paragraphs, each with its heading level (0 for anything not a heading)."""
    blocks: list[tuple[str, int]] = []
    lines: list[str] = []  # the paragraph being gathered

    def flush(level: int = 0) -> None:
        text = " ".join(line.strip() for line in lines if line.strip())
        lines.clear()
        text = strip_inline(text).strip()
        if text:
            blocks.append((text, level))

    fence: str | None = None
    code: list[str] = []
    for line in body.split("\n"):
        if fence is not None:
            if line.strip().startswith(fence):
                if any(c.strip() for c in code):
                    blocks.append(("\n".join(code).strip("\n"), 0))
                fence, code = None, []
            else:
                code.append(line)
            continue
        if m := _FENCE.match(line):
            flush()
            fence = m.group(1)
            continue
        if not line.strip() or _LINK_DEFINITION.match(line) or _TABLE_RULE.match(line):
            flush()
            continue
        if lines and (m := _SETEXT.match(line)) and not _LIST_ITEM.match(lines[-1]):
            flush(1 if m.group(1).startswith("=") else 2)
            continue
        if _RULE.match(line):
            flush()
            continue
        if m := _ATX.match(line):
            flush()
            lines.append(m.group(2) or "")
            flush(len(m.group(1)))
            continue
        quoted = _QUOTE.sub("", line)
        if not quoted.strip():
            flush()
            continue
        if _LIST_ITEM.match(quoted):
            flush()
            quoted = _LIST_ITEM.sub("", quoted)
        if quoted.lstrip().startswith("|") and quoted.rstrip().endswith("|"):
            flush()
            lines.append(" | ".join(c.strip() for c in quoted.strip().strip("|").split("|")))
            flush()
            continue
        lines.append(quoted)
    if fence is not None and any(c.strip() for c in code):
        blocks.append(("\n".join(code).strip("\n"), 0))  # an unclosed fence runs to the end
    flush()
    return blocks
