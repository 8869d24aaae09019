"""Posts that are not the article's: embeds in a sidebar, a related-stories block, the page's header
and footer, comments, another article, or only in a script's state are not listed; the article's
own embeds, and its lost and flattened posts, are. Layouts modelled on real pages of shared/corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.extract.posts import article_embeds, find_embeds, find_posts
from index.ingest.common import build_article
from index.model import Article, Paragraph

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO / ".." / "shared"

TEXT = (
    "Delhi has been blanketed by a thick haze of severe air pollution in recent weeks, the worst in years.",
    "Delhi's Chief Minister Arvind Kejriwal turned to Twitter last month to describe his city as a gas chamber.",
    "Farmers in the neighbouring states burn the stubble of their rice fields every autumn, officials say.",
    "The smoke drifts over the capital, where millions of people breathe it every day of the season.",
)


def tweet(handle: str, status: str, text: str = "Smoke everywhere") -> str:
    return (
        f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{text}</p>&mdash; {handle} (@{handle}) '
        f'<a href="https://twitter.com/{handle}/status/{status}?ref_src=twsrc%5Etfw">November 1, 2019</a>'
        "</blockquote>"
    )


def instagram(code: str) -> str:
    return (
        f'<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/{code}/" '
        'data-instgrm-version="14"><div><p><a href="#">A post shared by Other (@other)</a></p></div></blockquote>'
    )


def youtube(video: str) -> str:
    return f'<iframe src="https://www.youtube.com/embed/{video}"></iframe>'


def article(markup: str, paragraphs: tuple[str, ...] = TEXT) -> Article:
    return build_article(
        paragraphs=[Paragraph(p) for p in paragraphs], source="test.html", format="html", html=markup
    )


def body(*inside: str) -> str:
    """The article's body: its paragraphs with ``inside`` after the second one."""
    ps = [f"<p>{t}</p>" for t in TEXT]
    return "".join(ps[:2]) + "".join(inside) + "".join(ps[2:])


def page(body_html: str, *around: str, head: str = "") -> str:
    """A news page: header, the article, and blocks around it (sidebars, rails, footer)."""
    return (
        f"<html><head>{head}</head><body><header class='site-header'><nav>Menu</nav></header>"
        f"<main><article class='story'><h1>Delhi's air</h1><div class='c-entry-content'>{body_html}</div>"
        "</article>" + "".join(around) + "</main><footer class='site-footer'>© News</footer></body></html>"
    )


def ids(posts: object) -> list[str | None]:
    return [p.post_id for p in posts]  # type: ignore[attr-defined]


def next_data(embed: str) -> str:
    """A Next.js state blob holding another story's body with an embed in it."""
    state = {"props": {"related": [{"body": "<p>Another story entirely.</p>" + embed}]}}
    return f"<script id='__NEXT_DATA__' type='application/json'>{json.dumps(state)}</script>"


OFF_ARTICLE = {
    "aside": f"<aside class='sidebar'><h2>Latest</h2>{tweet('vox', '111111111111')}</aside>",
    "related": f"<div class='related-stories'><h2>Related</h2>{instagram('Cother11')}</div>",
    "rail": f"<div class='l-right-rail'>{youtube('sidebarvid1')}</div>",
    "comments": f"<section id='comments'><p>Reader wrote</p>{youtube('commentvid1')}</section>",
    "more-stories": f"<div class='more-stories'>{tweet('other', '222222222222')}</div>",
    "next article": f"<article class='story next'><h2>Next</h2><p>Other text.</p>{tweet('next', '3333333')}</article>",
    "footer": f"<footer class='article-footer'>{youtube('footervideo')}</footer>",
    "page header": f"<header role='banner'>{youtube('headervideo')}</header>",
    "nav": f"<nav class='menu'>{youtube('navvideo123')}</nav>",
    "complementary": f"<div role='complementary'>{tweet('side', '4444444')}</div>",
    "next data": next_data(tweet("elsewhere", "555555555555")),
    "initial state": (
        "<script>window.__INITIAL_STATE__ = "
        + json.dumps({"teasers": [{"html": instagram("Cstate111")}]}).replace("<", "\\u003C")
        + ";</script>"
    ),
}


@pytest.mark.parametrize("block", list(OFF_ARTICLE))
def test_an_embed_off_the_article_is_not_its_post(block: str) -> None:
    markup = page(body(tweet("ArvindKejriwal", "1190124368241795073")), OFF_ARTICLE[block])
    assert ids(find_posts(article(markup))) == ["1190124368241795073"]
    assert len(find_embeds(markup)) == 2  # the reader still sees both


def test_every_block_off_the_article_at_once() -> None:
    markup = page(body(tweet("ArvindKejriwal", "1190124368241795073")), *OFF_ARTICLE.values())
    assert ids(find_posts(article(markup))) == ["1190124368241795073"]


def test_the_articles_embeds_in_boxes_and_wrappers_stay() -> None:
    inside = (
        f"<aside class='embed embed--twitter'>{tweet('a', '6000000001')}</aside>",  # a box between paragraphs
        f"<div class='paragraph paraTypeInstagram'><article class='media media-instagram'>{instagram('Cmedia01')}"
        "</article></div>",  # Drupal wraps media in <article> (jolie.de)
        f"<figure class='wp-block-embed'>{youtube('figurevideo')}</figure>",
        f"<div class='l-sidebar-fixed'>{tweet('b', '6000000002')}</div>",  # a class that only sounds off
    )
    markup = page(body(*inside))
    assert ids(find_posts(article(markup))) == ["6000000001", "Cmedia01", "figurevideo", "6000000002"]


def test_the_article_column_named_sidebar_holds_the_article() -> None:
    # Vox: the article's column is div.l-sidebar-fixed, Times of Israel's is .sticky-sidebar-parent
    markup = (
        "<html><body><article><div class='l-sidebar-fixed l-article-body'><div class='l-col__main'>"
        f"<div class='c-entry-content'>{body(tweet('ArvindKejriwal', '1190124368241795073'))}</div></div>"
        f"<div class='l-col__sidebar'>{tweet('vox', '111111111111')}</div></div></article></body></html>"
    )
    assert ids(find_posts(article(markup))) == ["1190124368241795073"]


def test_the_articles_own_body_in_a_state_blob_keeps_its_embed() -> None:
    # a page rendered by script: the visible markup has no embed, the state has the article's body with it
    state = "".join(f"<p>{t}</p>" for t in TEXT[:2]) + tweet("ArvindKejriwal", "1190124368241795073")
    markup = (
        "<html><body><div id='app'>" + "".join(f"<p>{t}</p>" for t in TEXT) + "</div>"
        "<script>window.__INITIAL_STATE__ = " + json.dumps({"article": {"body": state}}).replace("<", "\\u003C")
        + ";</script></body></html>"
    )
    assert ids(find_posts(article(markup))) == ["1190124368241795073"]


def test_an_escaped_copy_of_the_articles_embed_still_merges_into_it() -> None:
    stub = ('<blockquote class="twitter-tweet" data-url="https://twitter.com/ArvindKejriwal/status/1190124368241795073">'
            "</blockquote>")
    full = tweet("ArvindKejriwal", "1190124368241795073")
    markup = page(body(stub), next_data(full))
    (post,) = find_posts(article(markup))
    assert (post.post_id, post.author, post.text) == ("1190124368241795073", "ArvindKejriwal", "Smoke everywhere")


def test_an_escaped_embed_whose_text_the_article_repeats_stays() -> None:
    text = "Delhi has turned into a gas chamber due to smoke from crop burning in neighbouring states"
    markup = page(body(), next_data(tweet("ArvindKejriwal", "1190124368241795073", text)))
    paragraphs = (*TEXT[:2], text, "— Arvind Kejriwal (@ArvindKejriwal) November 1, 2019", *TEXT[2:])
    (post,) = find_posts(article(markup, paragraphs))
    assert post.post_id == "1190124368241795073"
    assert post.paragraphs == (2, 3)


def test_without_the_articles_text_in_the_page_only_landmarks_count() -> None:
    # the paragraphs cannot be located (a fragment, or text not in <p>): names of blocks are not trusted
    markup = page(body(tweet("ArvindKejriwal", "1190124368241795073")),
                  OFF_ARTICLE["aside"], OFF_ARTICLE["related"], OFF_ARTICLE["footer"])
    posts = article_embeds(markup, (Paragraph("Body."),))
    assert ids(posts) == ["1190124368241795073", "Cother11"]


def test_a_lost_post_is_not_hidden_by_a_sidebar_embed() -> None:
    # "posted on X:" with nothing after it is a lost post, even when the page's sidebar has a tweet
    paragraphs = (*TEXT[:2], "The mayor posted on X:", *TEXT[2:])
    markup = page("".join(f"<p>{t}</p>" for t in paragraphs), OFF_ARTICLE["aside"])
    (post,) = find_posts(article(markup, paragraphs))
    assert (post.platform, post.missing, post.paragraphs) == ("x", True, (2,))


def test_a_flattened_post_of_the_text_stays() -> None:
    paragraphs = (*TEXT[:2], "Smoke everywhere — Arvind Kejriwal (@ArvindKejriwal) November 1, 2019", *TEXT[2:])
    markup = page("".join(f"<p>{t}</p>" for t in paragraphs), OFF_ARTICLE["aside"])
    (post,) = find_posts(article(markup, paragraphs))
    assert (post.handle, post.text, post.paragraphs) == ("ArvindKejriwal", "Smoke everywhere", (2,))


# --- the labelled pages ------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="shared/corpus is not beside the checkout")
def test_labelled_pages_list_the_articles_posts_and_no_other() -> None:
    import sys

    sys.path.insert(0, str(REPO / "tests"))
    from eval_posts import score

    result = score(SHARED, None)
    assert (result["fp"], result["fn"]) == (0, 0), result["pages"]
    assert result["tp"] >= 85
