"""Whitespace and comparison helpers shared by the post readers: folding spaces, words only, media links."""

from __future__ import annotations

import re

MEDIA_LINK = re.compile(r"(?:https?://)?pic\.(?:twitter|x)\.com/\w+", re.I)
SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*(?:\n\s*)+")
_WORDS = re.compile(r"\W+")


def clean(text: str) -> str:
    """Fold spaces on each line, keep paragraph breaks as one blank line."""
    lines = [SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def norm(text: str) -> str:
    """Words only, case-folded: for comparing the same text taken from markup and from paragraphs."""
    return _WORDS.sub(" ", MEDIA_LINK.sub(" ", text).casefold()).strip()
