"""The words around names in news text (titles and roles before a person, heads of organisations,
parties) and small comparisons of name keys: kept apart from the merging rules of ``entities``.
"""

from __future__ import annotations

import re

_INITIALS_SKIP = frozenset({"of", "and", "for", "the", "on", "in", "to", "de", "du", "des", "&", "at", "a"})


def _words(text: str) -> frozenset[str]:
    """A set of words written as one string."""
    return frozenset(text.split())


# Titles and roles: a "head" is a title that can stand right before a name; a "modifier" only
# before a head ("Press Secretary", "Vice President", "Attorney General").
TITLE_HEADS = _words(
    """President Gov. Governor Mayor Secretary Sen. Senator Rep. Representative Dr. Mr. Mrs. Ms. Mx.
    Miss Prof. Professor Judge Justice General Gen. Speaker Minister Chancellor Coach Commissioner
    Director Chairman Chairwoman Chair Ambassador Leader Lt. Col. Capt. Sgt. Adm. Admiral Sheriff
    Officer Detective Councilman Councilwoman Councilmember Councillor Councilor Alderman Alderwoman
    Assemblyman Assemblywoman Del. MP MEP Magistrate Bishop Archbishop Cardinal Mayor-elect Dame Sir Lord
    Superintendent Rev. Reverend Pastor Rabbi Chief CEO Spokesman Spokeswoman Spokesperson
    Congressman Congresswoman Lawmaker Attorney Provost Sergeant Captain Lieutenant Colonel Marshal
    Trooper Deputy Inspector Inspector-General Treasurer Comptroller Auditor Premier"""
)
TITLE_MODIFIERS = _words(
    """Press Vice Deputy Chief Prime Senate House Majority Minority Assistant Executive Former Acting
    Associate State Defense Homeland Security Attorney Foreign Interior Health Treasury Labor
    Commerce Education Energy Transportation Agriculture Communications Surgeon Special Police Fire
    District County City Supreme Court Circuit Federal Education White National Republican
    Democratic GOP Senior Principal Managing Head Lead Co-founder Founder Finance Home Culture"""
)
# Titles that may be stripped from an ORG-labelled span (spaCy sometimes labels "Gov. X" ORG); the
# ambiguous ones ("General Motors", "Chief Keef") are left to PERSON spans.
ORG_SAFE_HEADS = _words(
    """President Gov. Governor Mayor Secretary Sen. Senator Rep. Dr. Mr. Mrs. Ms. Prof."""
)
# A name ending with one of these words is an organisation whatever spaCy says.
ORG_HEAD_WORDS = _words(
    """Hospital Hospitals University College School Institute Department Ministry Agency Committee
    Council Party Company Corporation Inc. Corp. Ltd LLC Association Foundation Center Centre
    Commission Authority Office Bureau Services Police Army Navy Museum Club Federation Organization
    Organisation Group Network Journal Magazine Airlines Airways Administration Coalition Alliance
    Society Academy Laboratory Laboratories Labs Clinic"""
)

# Parties the model tags as nationalities or groups (NORP): the organisation they name.
PARTIES = {
    "Republican": "Republican Party", "Republicans": "Republican Party", "GOP": "Republican Party",
    "Democrat": "Democratic Party", "Democrats": "Democratic Party", "Democratic": "Democratic Party",
}

# Names that are one whatever the words (keys as ``entities.name_key`` makes them).
# Countries by every name are ``mentions.COUNTRY_ALIASES``.
SAME_NAMES = {"fed": "federal reserve", "isis": "islamic state", "isil": "islamic state"}


def same_person(a: list[str], b: list[str]) -> bool:
    """Two full-name keys of one person: same surname, one first name a short form of the other,
    and nothing else but middle initials, or a middle name only one of them gives ("Arthur Waite")."""
    if a[-1] != b[-1] or len(a[0]) < 3 or len(b[0]) < 3:
        return False
    if not (a[0].startswith(b[0]) or b[0].startswith(a[0])):
        return False
    middles = [w for w in a[1:-1] + b[1:-1] if len(w) > 1]
    return not middles or a[0] == b[0] and min(len(a), len(b)) == 2 and len(middles) == 1


def abbreviates(acronym: str, long_form: str) -> bool:
    """Whether the capitals of ``acronym`` are initials of ``long_form``'s words, in order."""
    initials = iter(w[0].upper() for w in re.split(r"[\s.-]+", long_form) if w[:1].isupper())
    return all(c in initials for c in acronym if c.isupper())


def within(words: list[str], full: list[str]) -> bool:
    """Whether ``words`` start ``full``, or (two words or more) stand in it, and ``full`` is longer."""
    n = len(words)
    if len(full) <= n:
        return False
    return full[:n] == words or n >= 2 and any(full[i:i + n] == words for i in range(1, len(full) - n + 1))


def initials_of(name: str) -> str | None:
    """The lower-case initials of a name of 2+ capitalised words ("Associated Press" → "ap",
    "Department of Homeland Security" → "dhs"), or None."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _INITIALS_SKIP]
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return None
    return "".join(w[0] for w in words).lower()
