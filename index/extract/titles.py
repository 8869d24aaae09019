"""The words around names in news text: titles and roles before a person, heads of organisations.

Kept apart from the merging rules of ``entities``, which reads them.
"""

from __future__ import annotations


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
_ORG_SAFE_HEADS = _words(
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
