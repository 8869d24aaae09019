"""Which language an article is in, and whether a spaCy model serves it.

The language comes from the text itself, and from the reader's metadata (``Article.language``:
``<html lang>``, a JSON document's ``inLanguage``...) only when the text is too short to judge
(templates mislabel articles: an English story on a page marked "de"). Detection is offline: lingua's
detector in low-accuracy mode over a fixed list of languages (measured on 73 labelled pages: 70
right, 6 ms a page, 42 MB and 0.7 s to load; the misses were lorem ipsum pages labelled English),
asked only when the text is not plainly English prose (:func:`clearly_english`).
Texts too short to judge are taken to be in the default model's language.

Which model serves which language is a setting (``MODELS``, overridden by the archive's
``spacy_models``): an article in a language no model serves gets no entities and no quote
attribution, and :func:`skipped_message` says why.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from index.extract.nlp import DEFAULT_MODEL

if TYPE_CHECKING:  # pragma: no cover
    from index.model import Article, Extraction

log = logging.getLogger(__name__)

# The spaCy model per language (ISO 639-1). A German model, once installed, is one line here or
# one entry in the archive's "spacy_models" setting: {"de": "de_core_news_sm"}.
MODELS: dict[str, str] = {"en": DEFAULT_MODEL}
DEFAULT_LANGUAGE = "en"

# Why an article went without NLP (``Extraction.nlp_skipped_reason``).
SKIPPED_LANGUAGE = "language"

# Detection reads this much of the text; shorter texts than MIN_CHARS are not judged.
SAMPLE_CHARS = 3000
MIN_CHARS = 200

def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# The detector's languages (lingua names): the news languages of the corpus and their neighbours.
_DETECTED = _split(
    """ENGLISH GERMAN FRENCH SPANISH ITALIAN PORTUGUESE DUTCH DANISH SWEDISH BOKMAL FINNISH POLISH CZECH
    SLOVAK HUNGARIAN ROMANIAN TURKISH RUSSIAN UKRAINIAN GREEK ARABIC HEBREW PERSIAN CHINESE JAPANESE
    KOREAN INDONESIAN"""
)

_NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "da": "Danish", "sv": "Swedish", "nb": "Norwegian", "no": "Norwegian", "fi": "Finnish",
    "pl": "Polish", "cs": "Czech", "sk": "Slovak", "hu": "Hungarian", "ro": "Romanian", "tr": "Turkish",
    "ru": "Russian", "uk": "Ukrainian", "el": "Greek", "ar": "Arabic", "he": "Hebrew", "fa": "Persian",
    "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "id": "Indonesian", "ca": "Catalan", "la": "Latin",
}

_lock = threading.Lock()
_detector: list[Any] = []


def language_name(code: str) -> str:
    """The English name of a language code ("de" → "German"), or the code itself."""
    return _NAMES.get(code.lower(), code)


def _get_detector() -> Any:
    with _lock:
        if not _detector:
            from lingua import Language, LanguageDetectorBuilder

            languages = [getattr(Language, name) for name in _DETECTED]
            _detector.append(LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build())
        return _detector[0]


# English words that are not (frequent) words of another detected language: "in", "is", "was",
# "will", "on", "as", "to", "he", "her", "for", "by", "of", "are" are German, Dutch, French,
# Portuguese, Polish, Spanish, Norwegian, Danish or Romanian words too.
_ENGLISH_WORDS = frozenset(_split(
    """the and that with said it from his she they have has this not but who which were their would been had"""
))
_WORD = re.compile(r"[^\W\d_]+")
# A sample where at least this share of the words are _ENGLISH_WORDS, and at least ENGLISH_MIN_HITS
# of them, is English without asking lingua (7 ms a page; this test 0.3 ms). On the 467 articles of
# shared/corpus it answered for 339 of the 374 lingua calls English, and for none of the 93 others.
ENGLISH_SHARE = 0.08
ENGLISH_MIN_HITS = 12


def clearly_english(sample: str) -> bool:
    """Whether ``sample`` is plainly English prose: enough of its words are English function words
    that no other detected language uses (a cheap test that spares most pages the detector)."""
    words = _WORD.findall(sample.lower())
    hits = sum(map(_ENGLISH_WORDS.__contains__, words))
    return hits >= ENGLISH_MIN_HITS and hits >= ENGLISH_SHARE * len(words)


def detect(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is written in, or "" if it is too short to say."""
    sample = text[:SAMPLE_CHARS]
    if sum(map(str.isalpha, sample)) < MIN_CHARS:
        return ""
    if clearly_english(sample):
        return "en"
    found = _get_detector().detect_language_of(sample)
    return found.iso_code_639_1.name.lower() if found is not None else ""


def article_language(article: Article) -> str:
    """The article's language: detected from its text, else its metadata's, else the default's.

    The text comes first: a page's ``<html lang>`` is often its site's template, not its article
    (an MSN page marked "de" carries an English wire story); metadata decides only for a text too
    short to judge."""
    text = article.title + "\n" + "\n".join(p.text for p in article.paragraphs[:40])
    found = detect(text)
    if found:
        return found
    return article.language.lower() if article.language else DEFAULT_LANGUAGE


def models(overrides: Mapping[str, str] | None = None, english: str | None = None) -> dict[str, str]:
    """The model per language: ``MODELS`` with the archive's ``overrides`` and the English model given."""
    out = dict(MODELS)
    if english:
        out[DEFAULT_LANGUAGE] = english
    out.update({k.lower(): v for k, v in (overrides or {}).items() if v})
    return out


def skipped_message(ex: Extraction) -> str | None:
    """What the Entities panel says for an article that went without NLP, or None."""
    if ex.nlp_skipped_reason == SKIPPED_LANGUAGE:
        return f"No entity recognition for {language_name(ex.language)} articles."
    return None
