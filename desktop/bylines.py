"""Which names of a byline are people (a person's page is offered for them) and which are an
organisation's: a wire, a desk, the outlet itself ("CNN", "Reuters", "CNN Business", "Associated
Press"). Bylines come from the page's markup, where outlets often sign their own copy."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

# Words of an outlet's or a desk's name, not of a person's.
ORG_WORDS = frozenset({
    "news", "press", "staff", "reports", "report", "wire", "wires", "agency", "desk", "team", "editorial",
    "editors", "editor", "business", "sport", "sports", "national", "international", "world", "media",
    "network", "times", "post", "daily", "herald", "tribune", "gazette", "journal", "magazine", "weekly",
    "online", "radio", "tv", "group", "insider", "service", "services", "bureau", "newsroom", "associated",
    "reporters", "writers", "correspondents", "large",
})


@functools.cache
def _given_names() -> frozenset[str]:
    # Imported on the first use: the extractors' package is not needed to start.
    from index.extract.first_names import FEMALE_NAMES, MALE_NAMES

    return MALE_NAMES | FEMALE_NAMES


@functools.cache
def _org_heads() -> frozenset[str]:
    """The last words of organisations' names ("Port Halden Police", "Harbour Authority")."""
    from index.extract.titles import ORG_HEAD_WORDS

    return frozenset(w.casefold().rstrip(".") for w in ORG_HEAD_WORDS)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def is_organisation(name: str, site: str = "", known_person: Callable[[str], bool] = lambda _n: False) -> bool:
    """Whether a byline name reads as an organisation's: one word ("CNN", "Reuters"), a word of an
    outlet's name ("Associated Press", "Staff Reports"), an organisation's last word ("Port Halden
    Police") or the site's name and more ("CNN Business" on CNN). A common given name first ("Jill
    Lawless Associated Press") or a person the archive knows by that name (``known_person``, asked
    last) makes it a person's."""
    words = _words(name)
    if not words:
        return True
    if len(words) > 1 and words[0] in _given_names():
        return False
    site_words = set(_words(site))
    org = (len(words) == 1 or any(w in ORG_WORDS for w in words) or words[-1] in _org_heads()
           or bool(site_words) and len(words) > len(site_words) and site_words <= set(words))
    return org and not known_person(name)
