"""Embedded social posts: the seed's flattened and lost posts, every embed kind on real saved pages,
and small snippets of the markup described in shared/notes/embeds.md."""

from __future__ import annotations

import base64
import json
import time
from functools import cache
from pathlib import Path

import pytest

from index.extract.posts import embeds as embeds_module
from index.extract.posts import find_embeds, find_posts, has_embed_marker, parse_post_date
from index.ingest import seedtext
from index.ingest.common import build_article
from index.model import Article, Paragraph, Post

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared"
PICKED = SHARED / "corpus" / "picked"
SEED = SHARED / "seed"

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="shared/ is not beside the checkout")


# --- helpers -----------------------------------------------------------------------------------------


def html_article(markup: str, paragraphs: tuple[str, ...] = ("Body.",)) -> Article:
    return build_article(
        paragraphs=[Paragraph(p) for p in paragraphs], source="test.html", format="html", html=markup
    )


def text_article(*paragraphs: str | tuple[str, bool]) -> Article:
    """Paragraphs given as text, or (text, joined)."""
    paras = [Paragraph(p) if isinstance(p, str) else Paragraph(p[0], p[1]) for p in paragraphs]
    return build_article(paragraphs=paras, source="test.txt", format="text")


@cache
def picked_markup(name: str) -> str:
    path = PICKED / name
    if not path.is_file():
        pytest.skip(f"{name} is not in shared/corpus/picked")
    return path.read_bytes().decode("utf-8", "replace")


@cache
def picked_posts(name: str) -> tuple[Post, ...]:
    return find_posts(html_article(picked_markup(name)))


@cache
def picked_article_with_text(name: str) -> Article:
    """The page with its body text from trafilatura, one paragraph per line, as the HTML reader gives."""
    import trafilatura

    markup = picked_markup(name)
    text = trafilatura.extract(markup) or ""
    return html_article(markup, tuple(line for line in text.split("\n") if line.strip()))


def by_handle(posts: tuple[Post, ...]) -> dict[str, Post]:
    return {p.handle: p for p in posts if p.handle}


# --- the seed ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> tuple[Article, dict, tuple[Post, ...]]:
    if not SEED.is_dir():
        pytest.skip("shared/seed is not beside the checkout")
    expected = json.loads((SEED / "expected.json").read_text(encoding="utf-8"))
    path = SEED / expected["file"]
    article = seedtext.read(path, path.read_bytes())[0]
    return article, expected, find_posts(article)


def _found_for(want: dict, posts: tuple[Post, ...]) -> Post:
    """The found post an expected one describes: the lost one, or the one whose text starts alike."""
    if want.get("missing_embed"):
        (post,) = [p for p in posts if p.missing]
    else:
        (post,) = [p for p in posts if (p.text or "").startswith(want["text_starts"])]
    return post


def test_seed_has_the_expected_posts(seed) -> None:
    _, expected, posts = seed
    assert len(posts) == len(expected["social_posts"])
    for want in expected["social_posts"]:
        got = _found_for(want, posts)
        assert got.platform == want["platform"]
        if "author" in want:
            assert got.author == want["author"]
        if "author_any_of" in want:
            assert got.author in want["author_any_of"]
        assert got.handle == want["handle"]
        assert got.date == want["date"]
        assert got.missing == bool(want.get("missing_embed", False))
        if "text" in want:
            assert got.text == want["text"]
        if "text_starts" in want:
            assert got.text is not None
            assert got.text.endswith(want["text_ends"])
        if "media" in want:
            assert list(got.media) == want["media"]
            for link in want["media"]:
                assert link not in (got.text or "")
        if "must_not_include" in want:
            assert want["must_not_include"] not in (got.text or "")


def test_seed_posts_are_in_document_order_and_point_at_their_paragraphs(seed) -> None:
    article, expected, posts = seed
    assert [p.paragraphs[0] for p in posts] == sorted(p.paragraphs[0] for p in posts)
    texts = [p.text for p in article.paragraphs]
    for want in expected["social_posts"]:
        got = _found_for(want, posts)
        if "text_starts" in want:
            first = next(i for i, t in enumerate(texts) if t.startswith(want["text_starts"]))
            last = next(i for i, t in enumerate(texts) if i >= first and f"(@{want['handle']})" in t)
            assert got.paragraphs == tuple(range(first, last + 1))
            # the body keeps its paragraph breaks
            assert got.text is not None
            assert got.text.count("\n\n") == last - first
        else:
            (index,) = got.paragraphs
            assert texts[index].rstrip().endswith(":")
            assert not article.paragraphs[index + 1].joined


# --- X/Twitter on real pages -------------------------------------------------------------------------

E1 = "scrapinghub__16c30add7e96315e9cc957d85aa876ccb6b70055f0ddab51547a586117cc1f56.html"
E2 = "scrapinghub__70cb2d5bca75ab5a8f6bb378a38a52f882f6bda508de93b12502e74936d86ff2.html"
E17 = "omnivore__raw-story__source.html"
E17_HANDLES = ["harris_wins", "itsJeffTiedrich", "SethAbramson", "RobDenBleyker", "PaulRudnickNY"]


@needs_shared
def test_tweet_blockquote_official_code() -> None:
    posts = picked_posts(E1)
    assert [(p.platform, p.handle, p.date) for p in posts] == [
        ("x", "ArvindKejriwal", "2019-11-01"),
        ("x", "joshapte", "2019-11-03"),
    ]
    kejriwal = posts[0]
    assert kejriwal.author == "Arvind Kejriwal"
    assert kejriwal.post_id == "1190124368241795073"
    assert kejriwal.url == "https://twitter.com/ArvindKejriwal/status/1190124368241795073"
    assert kejriwal.text is not None and kejriwal.text.startswith("Delhi has turned into a gas chamber")
    assert kejriwal.media == ("pic.twitter.com/MYwRz9euaq",)
    assert "pic.twitter.com" not in kejriwal.text
    assert not kejriwal.missing


@needs_shared
def test_tweet_blockquote_with_german_dates() -> None:
    posts = picked_posts("trafilatura__basicthinking.de.tweets.html")
    assert len(posts) == 12
    dates = {h: p.date for h, p in by_handle(posts).items()}
    assert dates["diktator"] == "2018-09-25"
    assert dates["Mohrenpost"] == "2018-08-27"
    assert dates["RobertHabeck"] == "2018-06-02"
    assert dates["frank_thelen"] == "2018-03-06"
    assert dates["AnjaAmaranth"] == "2018-09-10"
    assert dates["johannesceh"] == "2018-04-29"


@needs_shared
def test_tweet_blockquote_news_page() -> None:
    posts = picked_posts("trafilatura__timesofisrael.com.washington.html")
    assert [(p.handle, p.date) for p in posts] == [("Rabbi_360", "2020-01-07"), ("drewmikkelsenk5", "2020-01-06")]


@needs_shared
def test_tweet_blockquote_unquoted_attributes() -> None:
    (post,) = picked_posts("wcxb__0415.html")
    assert (post.platform, post.author, post.handle, post.date) == ("x", "Ash Vardanian", "ashvardanian", "2025-12-15")
    assert post.media == ("pic.twitter.com/uKz0QyU6FO",)


@needs_shared
def test_tweet_stub_with_data_url() -> None:
    posts = picked_posts("omnivore__vanityfair__source.html")
    assert [p.url for p in posts] == [
        "https://twitter.com/atrupar/status/1336387395994980353",
        "https://twitter.com/bhrenton/status/1336392398650413057",
        "https://twitter.com/atrupar/status/1336393524359663617",
        "https://twitter.com/CallaghanPeter/status/1336402006148337664",
    ]
    assert all(p.text is None for p in posts)  # the stub's only link is not the tweet's text


@needs_shared
def test_tweet_rendered_iframes() -> None:
    posts = picked_posts("readability__breitbart__source.html")
    assert [p.post_id for p in posts] == ["800384752746254337", "769239021021036544", "807998073116835840"]
    posts = picked_posts("trafilatura__eltiempo.com-candidatos.html")  # src points at ./…_files/Tweet.html
    assert [p.post_id for p in posts] == ["1521523341391282176", "1521533628693499907"]


@needs_shared
def test_tweet_blockquote_and_rendered_twin_are_one_post() -> None:
    posts = picked_posts(E17)
    assert [p.handle for p in posts] == E17_HANDLES
    assert [p.post_id for p in posts] == [
        "1823152883115909193",
        "1823149953717321821",
        "1823148672084770873",
        "1823157092376834337",
        "1823155707430011162",
    ]
    assert posts[0].text == "BREAKING: Twitter."  # no <p>: the text before the signature
    assert all(p.date == "2024-08-13" for p in posts)


@needs_shared
def test_tweet_site_placeholders() -> None:
    bbc = picked_posts(E2)
    assert {p.post_id for p in bbc} == {"1195458854617862144", "1195777715544166401", "1196529376915066881"}
    assert by_handle(bbc)["BigMachine"].text == "Big Machine Label Group Statement"
    reach = picked_posts("trafilatura__corkbeo.ie.level.html")
    assert {p.post_id for p in reach} == {"1313412157279797248", "1313412635854077952", "1313455352902492160"}
    wpolityce = picked_posts("trafilatura__Jest zgoda PE na umowę handlową między UE a Londynem.html")
    assert {p.post_id for p in wpolityce} == {"1387303591342399488", "1387304686957498370"}


@needs_shared
def test_tweets_escaped_inside_json_state() -> None:
    posts = find_embeds(picked_markup("newspaper__thedailybeast.com1.html"))
    assert [(p.handle, p.date) for p in posts] == [("FilmFatale_NYC", "2015-01-02"), ("slb79", "2015-01-01")]
    assert posts[0].author == "Film Fatale"
    assert posts[0].text is not None and posts[0].text.startswith("NOOOOOOOO")


@needs_shared
def test_tweets_only_in_another_articles_state_are_not_the_articles() -> None:
    # The Daily Beast's state blob holds the body of a story of 2015-01-03 ("All your internet
    # boyfriends are taken"); its tweets are not posts of this one (the Vatican and the nuns).
    name = "newspaper__thedailybeast.com1.html"
    assert find_posts(html_article(picked_markup(name))) == ()
    assert find_posts(picked_article_with_text(name)) == ()


# --- other platforms on real pages ---------------------------------------------------------------------


@needs_shared
def test_instagram_v14_and_its_escaped_copies_are_one_post_each() -> None:
    posts = picked_posts("trafilatura__beige.de.suedfrankreich.html")
    assert [(p.platform, p.handle) for p in posts] == [
        ("instagram", "chateaulacoste"),
        ("instagram", "le_saint_chocolat"),
        ("instagram", "lanostradeco"),
        ("instagram", "airellesgordes"),
        ("instagram", "frenchprovenceguide"),
    ]
    assert posts[0].author == "Chateau La Coste"
    assert posts[0].url == "https://www.instagram.com/p/Ci22crtrcRL/"
    assert posts[0].post_id == "Ci22crtrcRL"


@needs_shared
def test_instagram_v12_with_date() -> None:
    posts = picked_posts("trafilatura__jolie.de.adele.html")
    assert [(p.handle, p.author, p.date) for p in posts] == [
        ("spicegirls", "Spice Girls", "2019-06-16"),
        ("emmaleebunton", "emmaleebunton", "2019-06-15"),
    ]


@needs_shared
def test_instagram_hidden_base64_in_consent_templates() -> None:
    posts = picked_posts("trafilatura__1000things.at-Wellnessoasen.html")
    assert len(posts) == 6
    assert all(p.platform == "instagram" and p.post_id for p in posts)
    assert len({p.post_id for p in posts}) == 6


@needs_shared
def test_facebook_sdk_posts_with_fallback() -> None:
    posts = picked_posts("trafilatura__spoe.at-mieterhöhung.html")
    assert [p.url for p in posts] == [
        "https://www.facebook.com/Sozialdemokratie/posts/928812574504508/",
        "https://www.facebook.com/pamela.rendi.wagner/posts/488827215936105",
    ]
    spoe = posts[0]
    assert (spoe.platform, spoe.author, spoe.date, spoe.post_id) == ("facebook", "SPÖ", "2022-02-07", "928812574504508")
    assert spoe.text is not None and spoe.text.startswith("In Zeiten explodierender Kosten")


@needs_shared
def test_facebook_plugin_iframes_url_decoded() -> None:
    posts = picked_posts("postlight__www.aol.com.html")
    assert [p.platform for p in posts] == ["facebook"] * 3
    fbids = ["10207393772", "10207375395", "10207351005"]  # as far as index.md gives them
    for post, fbid in zip(posts, fbids, strict=True):
        assert post.url is not None and post.url.startswith(f"https://www.facebook.com/photo.php?fbid={fbid}")
        assert post.post_id is not None and post.post_id.startswith(fbid)


@needs_shared
def test_youtube_iframes() -> None:
    posts = picked_posts("readability__videos-1__source.html")
    assert len(posts) == 21
    assert all(p.platform == "youtube" for p in posts)
    assert posts[0].url == "https://www.youtube.com/watch?v=Q0CbN8sfihY"
    assert posts[0].post_id == "Q0CbN8sfihY"


@needs_shared
def test_tiktok_embed() -> None:
    (post,) = picked_posts("wcxb__0166.html")
    assert (post.platform, post.handle, post.post_id) == ("tiktok", "nogood.io", "7380087564788714795")
    assert post.url == "https://www.tiktok.com/@nogood.io/video/7380087564788714795"
    assert post.text is not None and "#socialmedia" in post.text
    assert "original sound" not in post.text and "♬" not in post.text


# --- flattened copies in the text of HTML pages --------------------------------------------------------


@needs_shared
def test_embed_marks_the_paragraphs_that_repeat_it() -> None:
    article = picked_article_with_text(E1)
    posts = find_posts(article)
    assert len(posts) == 2  # no second post for the flattened copy
    kejriwal = posts[0]
    assert kejriwal.paragraphs
    last = article.paragraphs[kejriwal.paragraphs[-1]].text
    assert last.startswith("— Arvind Kejriwal (@ArvindKejriwal)")
    first = article.paragraphs[kejriwal.paragraphs[0]].text
    assert first.startswith("Delhi has turned into a gas chamber")


@needs_shared
def test_twins_and_flattened_copies_are_still_five_posts() -> None:
    article = picked_article_with_text(E17)
    posts = find_posts(article)
    assert [p.handle for p in posts] == E17_HANDLES
    assert all(p.paragraphs for p in posts)
    assert not any(p.missing for p in posts)


# --- synthetic snippets from embeds.md -----------------------------------------------------------------

BLUESKY = (
    '<blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:snhe2oxrn74k3m24ffw2mfie/app.bsky.feed.post/'
    '3lbruqxjnjn2n" data-bluesky-cid="bafyreih32x25weqdoayfx3ppfydat6mi7l6szzvvxh4bsznuodooxgrulm">'
    '<p lang="">does doing the time warp dance really cause time travel</p>&mdash; Riker Googling '
    '(<a href="https://bsky.app/profile/did:plc:snhe2oxrn74k3m24ffw2mfie?ref_src=embed">@rikergoogling.bsky.social</a>)'
    ' <a href="https://bsky.app/profile/did:plc:snhe2oxrn74k3m24ffw2mfie/post/3lbruqxjnjn2n?ref_src=embed">'
    'November 25, 2024 at 7:49 AM</a></blockquote>'
    '<script async src="https://embed.bsky.app/static/embed.js" charset="utf-8"></script>'
)
MASTODON = (
    '<blockquote class="mastodon-embed" data-embed-url="https://social.coop/@jsbarretto/115624517760498357/embed">'
    ' <a href="https://social.coop/@jsbarretto/115624517760498357" target="_blank"> <svg></svg>'
    ' <div style="color: #787588; margin-top: 16px;">Post by @jsbarretto@social.coop</div>'
    ' <div style="font-weight: 500;">View on Mastodon</div> </a> </blockquote>'
    ' <script data-allowed-prefixes="https://social.coop/" async src="https://social.coop/embed.js"></script>'
)
THREADS = (
    '<blockquote class="text-post-media" data-text-post-permalink="https://www.threads.net/@popey/post/C-GMXpGM4KR"'
    ' data-text-post-version="0" id="ig-tp-C-GMXpGM4KR"> <a href="https://www.threads.net/@popey/post/C-GMXpGM4KR"'
    ' target="_blank"> <div><div> <svg aria-label="Threads"></svg></div> <div> Post by @popey</div>'
    ' <div> View on Threads</div></div></a></blockquote><script async src="https://www.threads.net/embed.js"></script>'
)
TWEET = (
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Smoke everywhere <a href="https://t.co/MYwRz9euaq">'
    "pic.twitter.com/MYwRz9euaq</a></p>&mdash; Arvind Kejriwal (@ArvindKejriwal) "
    '<a href="https://twitter.com/ArvindKejriwal/status/1190124368241795073?ref_src=twsrc%5Etfw">November 1, 2019</a>'
    "</blockquote>"
)


def test_bluesky_blockquote() -> None:
    (post,) = find_posts(html_article(f"<html><body><p>Intro</p>{BLUESKY}</body></html>"))
    assert post.platform == "bluesky"
    assert (post.author, post.handle, post.date) == ("Riker Googling", "rikergoogling.bsky.social", "2024-11-25")
    assert post.text == "does doing the time warp dance really cause time travel"
    assert post.post_id == "3lbruqxjnjn2n"
    assert post.url == "https://bsky.app/profile/did:plc:snhe2oxrn74k3m24ffw2mfie/post/3lbruqxjnjn2n"


def test_bluesky_rendered_iframe() -> None:
    markup = (
        '<iframe data-bluesky-id="123" src="https://embed.bsky.app/embed/did:plc:snhe2oxrn74k3m24ffw2mfie/'
        'app.bsky.feed.post/3lbruqxjnjn2n?id=123" width="100%"></iframe>'
    )
    (post,) = find_embeds(markup)
    assert (post.platform, post.post_id) == ("bluesky", "3lbruqxjnjn2n")


def test_mastodon_blockquote_and_iframe() -> None:
    (post,) = find_embeds(MASTODON)
    assert (post.platform, post.handle, post.post_id) == ("mastodon", "jsbarretto@social.coop", "115624517760498357")
    assert post.url == "https://social.coop/@jsbarretto/115624517760498357"
    iframe = (
        '<iframe src="https://mastodon.social/@popey/113079171241665414/embed" class="mastodon-embed" '
        'style="max-width: 100%; border: 0" width="540" allowfullscreen="allowfullscreen"></iframe>'
        '<script src="https://mastodon.social/embed.js" async="async"></script>'
    )
    (post,) = find_embeds(iframe)
    assert (post.platform, post.handle, post.post_id) == ("mastodon", "popey@mastodon.social", "113079171241665414")


def test_threads_blockquote() -> None:
    (post,) = find_embeds(THREADS)
    assert (post.platform, post.handle, post.post_id) == ("threads", "popey", "C-GMXpGM4KR")
    assert post.url == "https://www.threads.net/@popey/post/C-GMXpGM4KR"


def test_unquoted_class_and_extra_class_tokens() -> None:
    unquoted = TWEET.replace('class="twitter-tweet"', "class=twitter-tweet data-dnt=true")
    (post,) = find_embeds(unquoted)
    assert (post.handle, post.date, post.text) == ("ArvindKejriwal", "2019-11-01", "Smoke everywhere")
    extra = TWEET.replace('class="twitter-tweet"', 'class="tw-align-center twitter-tweet cmplazyload"')
    (post,) = find_embeds(extra)
    assert post.post_id == "1190124368241795073"


def test_json_escaped_copy_of_a_visible_embed_is_one_post() -> None:
    escaped = json.dumps(TWEET).replace("<", "\\u003C").replace(">", "\\u003E").replace("/", "\\u002F")
    markup = f"<html><body>{TWEET}<script>window.__NUXT__={{html:{escaped}}}</script></body></html>"
    posts = find_embeds(markup)
    assert [p.post_id for p in posts] == ["1190124368241795073"]
    assert posts[0].media == ("pic.twitter.com/MYwRz9euaq",)


def test_html_escaped_embed_in_an_attribute_is_found() -> None:
    import html

    blob = html.escape(json.dumps({"snippet": BLUESKY}), quote=True)
    (post,) = find_embeds(f'<div data-state="{blob}" style="display:none"></div>')
    assert (post.platform, post.handle) == ("bluesky", "rikergoogling.bsky.social")


def test_base64_consent_template() -> None:
    encoded = base64.b64encode(THREADS.encode()).decode()
    markup = (
        '<div class="borlabs-hide" data-borlabs-cookie-type="content-blocker" data-borlabs-cookie-id="threads">'
        f'<script type="text/template">{encoded}</script></div>'
    )
    (post,) = find_embeds(markup)
    assert (post.platform, post.handle) == ("threads", "popey")


def test_youtube_variants() -> None:
    markup = (
        '<iframe data-lazy-type="iframe" data-src="https://www.youtube.com/embed/BItSgrSYAXA"></iframe>'
        '<iframe data-lazy-src="https://www.youtube-nocookie.com/embed/Q0CbN8sfihY?rel=0"></iframe>'
        '<iframe src="https://cdn.embedly.com/widgets/media.html?src=https%3A%2F%2Fwww.youtube.com%2Fembed%2F'
        'xP4vD1tWbPU%3Ffeature%3Doembed&amp;schema=youtube"></iframe>'
        '<lite-youtube videoid="2Z0N8ULhuUA"></lite-youtube>'
        '<iframe src="https://www.youtube.com/embed/BItSgrSYAXA"></iframe>'  # the same video again
    )
    posts = find_embeds(markup)
    assert [p.post_id for p in posts] == ["BItSgrSYAXA", "Q0CbN8sfihY", "xP4vD1tWbPU", "2Z0N8ULhuUA"]
    assert all(p.platform == "youtube" for p in posts)
    assert posts[1].url == "https://www.youtube.com/watch?v=Q0CbN8sfihY"


def test_instagram_v7_german_without_permalink_attribute() -> None:
    markup = (
        '<blockquote class="instagram-media" data-instgrm-captioned data-instgrm-version="7"><div>'
        '<p><a href="https://www.instagram.com/p/BalQ2SWFty8/" target="_blank">What working at SKEP feels like... '
        "#skep #ikigai #diversity #inclusion</a></p> <p>Ein Beitrag geteilt von SKEP (@skep.association) am "
        '<time datetime="2017-10-23T07:31:37+00:00">23. Okt 2017 um 0:31 Uhr</time></p></div></blockquote>'
    )
    (post,) = find_embeds(markup)
    assert (post.platform, post.author, post.handle) == ("instagram", "SKEP", "skep.association")
    assert post.date == "2017-10-23"
    assert post.text == "What working at SKEP feels like... #skep #ikigai #diversity #inclusion"
    assert post.url == "https://www.instagram.com/p/BalQ2SWFty8/"


def test_instagram_rendered_iframe() -> None:
    markup = (
        '<iframe class="instagram-media instagram-media-rendered" id="instagram-embed-0" '
        'src="https://www.instagram.com/p/CI4vzvdnMGG/embed/?cr=1&amp;v=13&amp;wp=600"></iframe>'
    )
    (post,) = find_embeds(markup)
    assert (post.platform, post.post_id) == ("instagram", "CI4vzvdnMGG")


def test_bustle_data_tweetid() -> None:
    markup = '<blockquote data-tweetid="636842709739659264"><a href="https://twitter.com/reinventmag/status/636842709739659264"></a></blockquote>'
    (post,) = find_embeds(markup)
    assert (post.platform, post.handle, post.post_id) == ("x", "reinventmag", "636842709739659264")


# --- not posts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "markup",
    [
        '<a class="twitter-timeline" href="https://twitter.com/vox" data-widget-id="123">Tweets by @vox</a>'
        '<script src="https://platform.twitter.com/widgets.js"></script>',
        '<iframe src="https://www.facebook.com/plugins/like.php?href=https%3A%2F%2Fwww.facebook.com%2Fvox"></iframe>',
        '<iframe src="https://www.facebook.com/plugins/page.php?href=https%3A%2F%2Fwww.facebook.com%2Fvox"></iframe>',
        '<iframe src="https://www.facebook.com/plugins/likebox.php?href=https%3A%2F%2Fwww.facebook.com%2Fvox"></iframe>',
        '<a href="https://twitter.com/intent/tweet?text=Read&url=https%3A%2F%2Fvox.com" class="twitter-share-button">'
        "Tweet</a>",
        '<a href="https://bsky.app/intent/compose?text=Read">Share on Bluesky</a>',
        '<a href="https://mastodon.social/share?text=Read">Share on Mastodon</a>',
        '<a href="https://twitter.com/vox">Follow us on Twitter</a>',
        '<a href="https://bsky.app/profile/vox.com">Bluesky</a>',
        '<a href="https://mastodon.social/@vox">Mastodon</a>',
        '<a href="https://www.threads.net/@vox">Threads</a>',
        '<a href="https://www.instagram.com/vox/">Instagram</a>',
        '<a href="https://www.youtube.com/user/vox">YouTube</a>',
        '<div class="twitter-tweet twitter-tweet-rendered" style="display: flex;"></div>',
    ],
)
def test_widgets_share_and_profile_links_are_not_posts(markup: str) -> None:
    assert find_posts(html_article(f"<html><body><p>Text</p>{markup}</body></html>")) == ()


def test_page_without_embed_markers_is_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_parsing(markup: str) -> None:
        raise AssertionError("a page without embed markers was parsed")

    monkeypatch.setattr(embeds_module, "parse_html", no_parsing)
    page = "<html><body>" + "<p>Plain news text, nothing embedded, said the mayor.</p>" * 4000 + "</body></html>"
    article = html_article(page, ("Plain news text, nothing embedded, said the mayor.",))
    assert not has_embed_marker(page)
    start = time.perf_counter()
    assert find_posts(article) == ()
    assert time.perf_counter() - start < 0.05  # ~200 KB: a few substring scans, well under 5 ms normally


@needs_shared
def test_real_page_without_embeds_is_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    markup = picked_markup("scrapinghub__c00962aabe7bdd1fca78f5360ea7fa93cd7674863b05157e00827506a7aa58c4.html")
    monkeypatch.setattr(embeds_module, "parse_html", lambda markup: pytest.fail("parsed"))
    assert find_posts(html_article(markup)) == ()


# --- flattened and lost posts in text --------------------------------------------------------------------


def test_flattened_signature_variants_and_platforms() -> None:
    article = text_article(
        "Intro paragraph of the article.",
        "time warp dance — Riker Googling (@rikergoogling.bsky.social) November 25, 2024 at 7:49 AM",
        "Middle of the article.",
        "Windows 3.11 on QEMU &mdash; Alan Pope (@popey@mastodon.social) 5. September 2024",
        "Then more text.",
        "Good morning - Jane Doe (@janedoe) 3 de noviembre de 2019",
    )
    posts = find_posts(article)
    assert [(p.platform, p.author, p.handle, p.date, p.text, p.paragraphs) for p in posts] == [
        ("bluesky", "Riker Googling", "rikergoogling.bsky.social", "2024-11-25", "time warp dance", (1,)),
        ("mastodon", "Alan Pope", "popey@mastodon.social", "2024-09-05", "Windows 3.11 on QEMU", (3,)),
        ("x", "Jane Doe", "janedoe", "2019-11-03", "Good morning", (5,)),
    ]


def test_joined_chain_stops_at_an_unjoined_paragraph() -> None:
    article = text_article(
        "The governor answered.",
        "First line of the post.",
        ("Second line. pic.twitter.com/AbC123 — Gov (@gov) September 3, 2025", True),
    )
    (post,) = find_posts(article)
    assert post.paragraphs == (1, 2)
    assert post.text == "First line of the post.\n\nSecond line."
    assert post.media == ("pic.twitter.com/AbC123",)


@pytest.mark.parametrize(
    ("cue", "platform", "author"),
    [
        ("Trump wrote on Truth Social:", "truthsocial", "Trump"),
        ("She tweeted:", "x", "Karoline Leavitt"),
        ("The senator said in a post on X,", "x", "Karoline Leavitt"),
        ("Illinois Gov. J.B. Pritzker posted on Instagram:", "instagram", "J.B. Pritzker"),
        ("They posted on Bluesky:", "bluesky", "Karoline Leavitt"),
    ],
)
def test_lost_embed_after_a_cue(cue: str, platform: str, author: str) -> None:
    article = text_article(
        "Press Secretary Karoline Leavitt said the city was unsafe.",
        cue,
        "The White House did not comment further.",
    )
    (post,) = find_posts(article)
    assert (post.platform, post.author, post.missing, post.paragraphs) == (platform, author, True, (1,))
    assert post.text is None and post.handle is None


def test_lost_embed_as_last_paragraph() -> None:
    (post,) = find_posts(text_article("Musk has weighed in.", "He posted on X:"))
    assert (post.platform, post.author, post.missing) == ("x", "Musk", True)


@pytest.mark.parametrize(
    "following",
    [
        ("Chicago is not for sale. — Governor JB Pritzker (@GovPritzker) September 3, 2025", False),
        ("Chicago is not for sale.", True),
        ("“Chicago is not for sale.”", False),
    ],
)
def test_cue_followed_by_the_post_is_not_lost(following: tuple[str, bool]) -> None:
    article = text_article("Pritzker has answered.", "He posted on X:", following)
    assert not any(p.missing for p in find_posts(article))


def test_cue_with_an_embed_in_the_page_is_not_lost() -> None:
    markup = f"<html><body><p>He posted on X:</p>{TWEET}<p>More text.</p></body></html>"
    article = html_article(markup, ("Kejriwal has answered.", "He posted on X:", "More text."))
    posts = find_posts(article)
    assert [(p.handle, p.missing) for p in posts] == [("ArvindKejriwal", False)]


def test_lost_embed_by_handle() -> None:
    (post,) = find_posts(text_article("The governor answered.", "@GovPritzker posted on X:", "Nothing followed."))
    assert (post.platform, post.author, post.handle, post.missing) == ("x", None, "GovPritzker", True)


def test_handle_in_parentheses_without_a_date_after_it_is_not_a_signature() -> None:
    article = text_article("Follow her on the platform - Jane Doe (@janedoe) since 2019", "More text.")
    assert find_posts(article) == ()


def test_ordinary_colons_are_not_cues() -> None:
    article = text_article("Trump said on Monday:", "“We’re going in.”", "The list includes:", "Chicago.")
    assert find_posts(article) == ()


# --- dates -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("November 1, 2019", "2019-11-01"),
        ("Jun 16, 2019 at 7:30am PDT", "2019-06-16"),
        ("Monday, February 7, 2022", "2022-02-07"),
        ("25. September 2018", "2018-09-25"),
        ("2. Juni 2018", "2018-06-02"),
        ("6. März 2018", "2018-03-06"),
        ("23. Okt 2017 um 0:31 Uhr", "2017-10-23"),
        ("1er novembre 2019", "2019-11-01"),
        ("12 décembre 2021", "2021-12-12"),
        ("3 de noviembre de 2019", "2019-11-03"),
        ("2019-06-16T14:30:55+00:00", "2019-06-16"),
        ("yesterday", "yesterday"),
        ("", None),
    ],
)
def test_post_dates(text: str, iso: str | None) -> None:
    assert parse_post_date(text) == iso
