"""Names the small English model gets wrong in news pages, and text that names no one.

A curated list, kept short and checked against the real corpus (issue 14: of the 50 most frequent
facet values 17 were wrong, most of them from here). Keys are ``entities.name_key`` forms (lower
case, no dots).

- ``NOT_ENTITIES``: platforms used as such ("said on Twitter", share buttons: a post embedded from
  them is listed as a post already), products and software, file formats, and common words the
  model capitalises into names (Email, Brexit, Covid, the months that are no one's name: "July"
  ORG; not April, May or June). Dropped whatever spaCy labelled them.
- ``COMPANIES``: companies the model calls people or places ("SpaceX" PERSON, "Netflix" GPE):
  always organisations.
- ``NOT_PEOPLE``: words that are never a person here (the Moon, Atlas rockets); dropped when the
  article would make them one, kept as a place or organisation otherwise.
- ``TECHNICAL``: common technical words written in capitals (GUI, UI, API, URL, CPU, IP): the model
  takes them for organisations, and the initials of one ("UI") would link them to a name of those
  initials ("Urban Institute"). Never entities; part of ``NOT_ENTITIES``.
- ``STAND_INS``: the stand-in names of tutorials ("Alice commits a draft changeset... Bob pulls"):
  no one, in an article that names two of them alone (:func:`stand_ins`).

Placeholder text (lorem ipsum) and boilerplate headings ("Excerpt", "Advertisement") are whole
paragraphs that give no entities: :func:`gives_no_entities`.
"""

from __future__ import annotations

import re


def _keys(text: str) -> frozenset[str]:
    return frozenset(k.strip() for k in text.split(",") if k.strip())


# Platforms are companies too: one is an organisation where the article writes about the company
# ("Twitter CEO Jack Dorsey", "Instagram began testing", "Facebook’s platforms"), and no entity
# where it is only where something was posted or shown ("said on Twitter", "Follow us on Facebook,
# Twitter and Instagram", "a Netflix documentary", "his Instagram announcement"): :func:`as_company`.
PLATFORMS = _keys(
    """twitter, facebook, instagram, tiktok, youtube, snapchat, whatsapp, linkedin, pinterest, reddit,
    tumblr, flickr, vimeo, wechat, weibo, telegram, bluesky, mastodon, twitch, soundcloud, spotify, skype,
    netflix, hulu"""
)
NOT_ENTITIES = _keys(
    """tweet, tweets, retweet, threads, imgur, podcast, itunes, google+, google plus, zoom, slack,
    chrome, google chrome, firefox, mozilla firefox, safari, internet explorer, microsoft edge, opera mini,
    iphone, ipad, ipod, macbook, macbook pro, macbook air, imac, mac pro, xbox, playstation,
    android, ios, macos, mac os, windows 10, windows 11, gmail, outlook, kindle, siri,
    photoshop, javascript, python, wordpress, adblock, ad blocker, rss, rss feed,
    cpu, gpu, ram, usb,
    json, xml, html, html5, css, csv, pdf, api, url, gif, gifs, jpeg, jpg, png, svg, mp3, mp4, http, https,
    email, e-mail, emails, newsletter, brexit, covid, covid-19, coronavirus, sars-cov-2, wi-fi, wifi,
    lorem, lorem ipsum, ipsum, duis, dolor, consectetur, adipiscing, sed, excerpt, advertisement,
    photo, image, video, caption, copyright, cookie, cookies,
    january, february, july, august, september, october, november, december,
    subscribe, login, sign up, share, tweet this, click, menu, search, home, sports, opinion, 3d, 4k, 5g, tv"""
)
TECHNICAL = _keys(
    """api, apis, cli, cpu, cpus, css, dns, ftp, gpu, gpus, gui, guis, html, http, https, ide, ip, lan, os, ram,
    rest, sdk, sql, ssd, ssh, ssl, tcp, tls, udp, ui, uis, uri, url, urls, usb, ux, vm, vpn, wan, xml, yaml"""
)
NOT_ENTITIES = NOT_ENTITIES | TECHNICAL
STAND_INS = _keys("""alice, bob, carol, charlie, dave, eve, mallory, trent""")
COMPANIES = _keys(
    """spacex, google, microsoft, apple, amazon, tesla, uber, lyft, airbnb, openai, nvidia, intel,
    ibm, samsung, huawei, sony, disney, walmart, boeing, airbus, paypal, ebay, alibaba, baidu, tencent,
    nasa, esa, blue origin, virgin galactic, comcast, verizon, at&t, t-mobile, starbucks, mcdonald's"""
)
NOT_PEOPLE = _keys(
    """moon, the moon, atlas, mars, earth, sun, jupiter, venus, saturn, god, allah, christmas, easter,
    ramadan, halloween, thanksgiving, monday, tuesday, wednesday, thursday, friday, saturday, sunday,
    twitterverse, internet, web, app, apps, bitcoin, ethereum, blockchain, crypto, emmy, oscar, oscars,
    grammy, grammys, covid vaccine, medicare, medicaid, obamacare, wikipedia"""
)

# Latin filler ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod..."):
# a paragraph with several of these words is placeholder text.
_FILLER = _keys(
    """lorem, ipsum, dolor, sit, amet, consectetur, adipiscing, elit, sed, eiusmod, tempor, incididunt, ut, labore,
    et, dolore, magna, aliqua, enim, ad, minim, veniam, quis, nostrud, exercitation, ullamco, laboris, nisi,
    aliquip, ex, ea, commodo, consequat, duis, aute, irure, reprehenderit, voluptate, velit, esse, cillum, fugiat,
    nulla, pariatur, excepteur, sint, occaecat, cupidatat, non, proident, sunt, culpa, qui, officia, deserunt,
    mollit, anim, id, est, laborum"""
)
_WORD = re.compile(r"[^\W\d_]+")
# Headings and page furniture that stand alone as a paragraph.
_BOILERPLATE = re.compile(
    r"^\W*(?:excerpt|advertisement|advertising|sponsored(?: content)?|related(?: articles| stories| coverage)?|"
    r"read more|more stories|recommended|share(?: this(?: article| story)?)?|comments?|image|photo|video|"
    r"caption|editor'?s note|top stories|trending|newsletter|sign up|subscribe(?: now)?|follow us)\W*$",
    re.IGNORECASE,
)


def is_placeholder(text: str) -> bool:
    """Whether a paragraph is lorem ipsum: at least four words, a third of them Latin filler."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 4:
        return bool(words) and words[0] == "lorem"
    filler = sum(w in _FILLER for w in words)
    return filler >= 4 and filler * 3 >= len(words)


# A table of contents' dot leaders: "Initial PUT...................... 12".
_DOT_LEADERS = re.compile(r"(?:\.\s?){5,}|…{3,}|·{5,}")


# A numbered heading of a specification or manual: "12.5. Initial PUT".
_SECTION_HEADING = re.compile(r"^\d+(?:\.\d+)+\.?\s+\S.{0,80}$")


def gives_no_entities(text: str) -> bool:
    """Whether a paragraph is placeholder text, a boilerplate heading, a table of contents' lines
    (with dot leaders) or a numbered section heading ("12.5. Initial PUT"), which name no one."""
    return bool(_BOILERPLATE.match(text) or _DOT_LEADERS.search(text) or _SECTION_HEADING.match(text)
                or is_placeholder(text))


def stand_ins(single_names: set[str]) -> set[str]:
    """Of an article's names written alone (keys), the tutorial stand-ins it uses as such: all of
    ``STAND_INS`` among them when there are two or more, Alice or Bob one of them, else none."""
    found = single_names & STAND_INS
    return found if len(found) >= 2 and found & {"alice", "bob"} else set()


# Before a platform's name: where something is ("on Facebook, Twitter and Instagram", "via YouTube").
_VENUE_BEFORE = re.compile(r"\b(?:on|onto|via|through|across|in|from)\s+(?:(?:[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ur|"
                           r"[Yy]our|[Mm]y|the)\s+)?(?:[A-Z][\w.]*(?:,\s*|\s+(?:and|or)\s+))*$")
# After it: the platform as a place to post or a kind of thing ("Instagram account", "Netflix special").
_THING_AFTER = re.compile(
    r"^[ -](?:accounts?|profiles?|posts?|pages?|feeds?|story|stories|videos?|live|announcement|documentary|"
    r"special|series|show|users?|app|followers?|handle|channel|message|messages|photos?|clip|livestream|"
    r"streaming|thread|bio|presence|influencers?|stars?)\b")
_POSSESSIVE_AFTER = re.compile(r"^(?:['’]s\b|-owned\b|-based\b)")


def as_company(paragraph: str, start: int, end: int) -> bool:
    """Whether a platform named at ``[start, end)`` of a paragraph is the company (see ``PLATFORMS``)."""
    after = paragraph[end:end + 30]
    if _POSSESSIVE_AFTER.match(after):
        return True
    before = paragraph[max(0, start - 80):start]
    return not (_VENUE_BEFORE.search(before) or _THING_AFTER.match(after)
                or before.rstrip().endswith(("Follow", "follow", "Share", "share")))


def noise_type(key: str, etype: str, *, company: bool = False) -> str | None:
    """The type an entity keeps after the noise list (``etype`` or "ORG"), or None to drop it;
    ``company``: some mention of it is the company (a platform's name, see ``PLATFORMS``)."""
    if key in NOT_ENTITIES:
        return None
    words = key.split(" ", 1)
    if len(words) == 2 and words[0] in PLATFORMS and _THING_AFTER.match(" " + words[1] + " "):
        return None  # "Twitter Feed", "Instagram Account": a place to post, not a name
    if key in PLATFORMS:
        return "ORG" if company else None
    if key in COMPANIES:
        return "ORG"
    if key in NOT_PEOPLE and etype == "PERSON":
        return None
    return etype
