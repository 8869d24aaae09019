"""An article body split in chunks, which trafilatura reads only up to the first break.

Some sites (Wired, Vanity Fair) cut a body into several containers of one class with an
advertisement between; ``body_chunks`` finds such groups in the page's tree before trafilatura
runs, and ``with_later_chunks`` adds the later chunks to trafilatura's paragraphs when its text
stopped at the end of the first one.
"""

from __future__ import annotations

import itertools
import logging

from lxml.html import HtmlElement

from index.ingest.common import clean_text
from index.model import Paragraph

log = logging.getLogger(__name__)

# A body split in chunks: the containers of one tag and class with <p> children whose nearest common
# ancestor is at most this many levels above them (sibling chunks, or chunks in sibling wrappers).
_CHUNK_LEVELS = 2
_HIDDEN = (
    "ancestor-or-self::*[@hidden or self::noscript or self::template or self::script"
    " or contains(translate(@style,' ',''),'display:none')]"
)


def _flat(text: str) -> str:
    return " ".join(text.split())


def body_chunks(tree: HtmlElement) -> list[list[list[str]]]:
    """Groups of containers that may be one body split in chunks, each container as its ``<p>`` texts.

    Some sites cut an article's body into several containers of one class with an advertisement
    between (``div.article__body`` ... ``div.article__body``); trafilatura keeps only the first.
    A group is the containers of one tag and class holding ``<p>`` children directly, in document
    order, each within ``_CHUNK_LEVELS`` levels of the previous one's ancestors; only groups of
    two or more are kept. The texts are plain strings, so the tree can go before trafilatura runs.
    """
    by_class: dict[tuple[str, str], list[HtmlElement]] = {}
    for p in tree.iter("p"):
        box = p.getparent()
        cls = box.get("class") if box is not None else None
        if box is None or not cls or not isinstance(box.tag, str):
            continue
        boxes = by_class.setdefault((box.tag, cls), [])
        if not boxes or boxes[-1] is not box:
            boxes.append(box)
    groups: list[list[list[str]]] = []
    for boxes in by_class.values():
        if len(boxes) < 2:
            continue
        run: list[HtmlElement] = [boxes[0]]
        for box in boxes[1:]:
            near = list(itertools.islice(run[-1].iterancestors(), _CHUNK_LEVELS))
            if any(a in near for a in itertools.islice(box.iterancestors(), _CHUNK_LEVELS)):
                run.append(box)
                continue
            if len(run) > 1:
                groups.append([_chunk_texts(b) for b in run])
            run = [box]
        if len(run) > 1:
            groups.append([_chunk_texts(b) for b in run])
    return groups


def _chunk_texts(box: HtmlElement) -> list[str]:
    """The texts of a container's own visible ``<p>`` children."""
    out = []
    for p in box.iterchildren("p"):
        if p.xpath(_HIDDEN):
            continue
        text = clean_text(" ".join(p.itertext()))
        if text:
            out.append(text)
    return out


def with_later_chunks(paragraphs: tuple[Paragraph, ...], groups: list[list[list[str]]]) -> tuple[Paragraph, ...]:
    """trafilatura's paragraphs, and after them the ``<p>`` paragraphs of the later chunks of a body
    split in chunks (see ``body_chunks``) when its text ends in the first chunk and takes nothing
    from the others: it stopped at the first break. A text that reached a later chunk left the
    rest out on purpose (a closing box of links and notes) and is kept as it is."""
    if not paragraphs or not groups:
        return paragraphs
    seen = {_flat(p.text) for p in paragraphs}
    tail = {_flat(p.text) for p in paragraphs[-3:]}
    for chunks in groups:
        if not any(_flat(t) in tail for t in chunks[0]):
            continue
        later = [t for texts in chunks[1:] for t in texts]
        if not later or any(_flat(t) in seen for t in later):
            continue
        log.debug("the body continues in %d more chunks: %d paragraphs", len(chunks) - 1, len(later))
        return paragraphs + tuple(Paragraph(t) for t in later)
    return paragraphs
