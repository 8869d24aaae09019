"""Common English given names by the gender their bearers mostly have, for "he"/"she" agreement.

Only a tie-breaker: the article's own evidence (titles, the pronouns already resolved to a person)
comes first. Names common for both ("Jordan", "Taylor", "Alex") are in neither list.
"""

from __future__ import annotations


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


MALE_NAMES = _names(
    """aaron adam adrian ahmed alan albert alexander ali andrew angelo anthony antonio arthur barack ben
    benjamin bernie bill billy bob boris brad bradley brandon brett brian bruce bryan carl carlos
    charles chris christian christopher chuck clarence craig dan daniel darren dave david dennis derek
    diego dmitry don donald doug douglas duncan dwayne earl ed eddie edward elon emmanuel eric erik
    ernest eugene evan frank fred gary gavin george gerald gordon greg gregory guido guy hank harold
    harry henry howard hugh ian igor isaac ivan jack jacob jake james jared jason jeff jeffrey jeremy
    jerome jerry jesse jim jimmy joe joel john johnny jon jonathan jorge jose joseph josh joshua juan
    justin keith ken kenneth kevin kurt larry lawrence lee leo leonard liam louis luis luke marc marco
    marcus mark martin matt matthew max michael mike mitch mitt mohammed muhammad nathan neil nicholas
    nick nigel noah oliver omar oscar owen patrick paul pedro peter phil philip pierre ralph ramon randy
    ray raymond richard rick rob robert roberto rodney roger ron ronald ross roy russell ryan sam samuel
    scott sean sergei seth shawn simon stanley stephen steve steven stuart ted terry thomas tim timothy
    todd tom tony travis tyler victor vince vincent vladimir walter wayne william willie xi yusuf zach"""
)
FEMALE_NAMES = _names(
    """abigail ada adriana alexandra alexandria alice alicia alison amanda amber amy ana andrea angela
    angelina ann anna anne annie ashley barbara betsy betty beverly brenda brittany carla carmen carol
    caroline catherine cathy charlotte cheryl chloe christina christine cindy claire courtney crystal
    cynthia dana danielle deborah debra denise diana diane donna doris dorothy elaine eleanor elena
    elisabeth elizabeth ella ellen emily emma erin eva evelyn fatima frances gabriela gina gloria grace
    hannah heather heidi helen hillary holly ilhan irene isabel isabella jacqueline jane janet janice
    jean jennifer jessica jill joan joanna jodi josephine joy joyce judith judy julia julie karen
    karoline kate katherine kathleen kathryn kathy katie kayleigh kelly kimberly kristen kristin kym
    laura lauren linda lisa liz lori louise lucy lynn madeleine margaret maria marie marilyn marina
    marsha martha mary megan melania melanie melissa michelle mila monica nancy natalie nicole nikki
    olivia pamela patricia paula penelope rachel rebecca regina renee rita rosa rose ruth sandra sara
    sarah sharon shirley sophia stacey stephanie susan suzanne sylvia tammy tara teresa theresa tiffany
    tina tracy valerie vanessa veronica victoria virginia wendy whitney yvonne zoe"""
)
