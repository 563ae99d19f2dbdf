"""Spiders against responses captured from the real services (tests/fixtures/real/SOURCES.md).

The fake servers in ``tests/spiders/formats`` answer what the documentation says; these tests
serve bytes that real servers sent (recorded API cassettes, saved feeds, a saved sitemap and
page) from a local server, so a spider that only understands our own fakes fails here. Every
spider fetches over HTTP as in production. Only absolute URLs a spider follows are pointed at
the local server, and only while serving: the fixture files stay as captured.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml

from tests.spiders.formats.harness import CrawlResult, run_spider
from tests.spiders.formats.server import FakeRequest, LocalServer, Reply, Route

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
MASTODON_HOST = "http://localhost:3000"  # where Mastodon.py recorded its cassettes
HOP_BY_HOP = {"transfer-encoding", "connection", "content-length", "content-encoding"}
CURSORS = ("max_id", "min_id", "since_id", "offset")  # a recording answers only its own page


@dataclass(frozen=True)
class Recorded:
    """One GET answer of a VCR cassette: what was asked and what the server sent back."""

    path: str
    query: dict[str, str]
    status: int
    headers: dict[str, str]
    body: bytes


def cassette(name: str) -> list[Recorded]:
    """The GET interactions of a recorded cassette (POST/DELETE set-up calls are skipped)."""
    data = yaml.safe_load((REAL / "mastodon" / name).read_text(encoding="utf-8"))
    answers = []
    for interaction in data["interactions"]:
        request, response = interaction["request"], interaction["response"]
        if request["method"] != "GET":
            continue
        uri = urlsplit(request["uri"])
        headers = {
            name: ", ".join(values)
            for name, values in response["headers"].items()
            if name.lower() not in HOP_BY_HOP
        }
        body = response["body"]["string"].encode("utf-8")
        status = response["status"]["code"]
        answers.append(Recorded(uri.path, dict(parse_qsl(uri.query)), status, headers, body))
    return answers


def replay(*names: str) -> Route:
    """Answer each request with the recorded answer for its path that shares most query values."""
    recorded = [answer for name in names for answer in cassette(name)]

    def route(request: FakeRequest) -> Reply:
        candidates = [
            r
            for r in recorded
            if r.path == request.path
            and all(request.query.get(k) == r.query.get(k) for k in CURSORS)
        ]
        if not candidates:
            return Reply(404)  # nothing was captured for this URL
        best = max(
            candidates, key=lambda r: sum(request.query.get(k) == v for k, v in r.query.items())
        )
        here = f"http://{request.headers.get('Host')}"  # the Link header is followed
        return Reply(
            best.status,
            best.body,
            {k: v.replace(MASTODON_HOST, here) for k, v in best.headers.items()},
        )

    return route


def files(table: dict[str, tuple[str, str]], followed_host: str = "") -> Route:
    """Serve fixture files by path; URLs on ``followed_host`` are pointed at this server."""

    def route(request: FakeRequest) -> Reply:
        if request.path not in table:
            return Reply(404)
        name, content_type = table[request.path]
        body = (REAL / name).read_bytes()
        if followed_host:
            here = f"http://{request.headers.get('Host')}"
            body = body.replace(followed_host.encode(), here.encode())
        return Reply(200, body, {"Content-Type": content_type})

    return route


@pytest.fixture(scope="module")
def mastodon() -> Iterator[LocalServer]:
    with LocalServer(replay("test_hashtag_tl.yaml", "test_status.yaml", "test_search.yaml")) as srv:
        yield srv


@pytest.fixture(scope="module")
def hashtag(mastodon: LocalServer) -> CrawlResult:
    kwargs = {
        "instance": mastodon.url,
        "tags": "hoot",
        "statuses": "109440146049087385",
        "max_pages": 2,
    }
    return run_spider("mastodon_hashtag", kwargs)


@pytest.fixture(scope="module")
def search(mastodon: LocalServer) -> CrawlResult:
    seen = f"{mastodon.url}/@mastodonpy_test/109440146049087385"
    kwargs = {"instances": mastodon.url, "queries": "mastodonpy_test", "recheck": seen}
    return run_spider("mastodon_search", kwargs)


STATUSES = {
    "http://localhost:3000/@mastodonpy_test/109440153064280358": (
        "#hoot (hashtag toot)",
        "2022-12-01T19:50:10.577000+00:00",
    ),
    "http://localhost:3000/@mastodonpy_test/109440146049087385": (
        "Toot!",
        "2022-12-01T19:48:23.533000+00:00",
    ),
}


def _assert_status(item: dict[str, Any], url: str) -> None:
    text, posted_at = STATUSES[url]
    assert item["platform"] == "mastodon"
    assert (item["source_url"], item["platform_id"]) == (url, url)
    assert (item["text"], item["posted_at"], item["language"]) == (text, posted_at, "ja")
    assert (item["seller_handle"], item["seller_name"]) == ("mastodonpy_test", "John Lennon")
    assert item["seller_url"] == "http://localhost:3000/@mastodonpy_test"
    assert item["image_urls"] == []  # the recorded statuses carry no media


def test_hashtag_timeline_and_single_status(hashtag: CrawlResult) -> None:
    assert set(hashtag.by_id()) == set(STATUSES)
    for url, item in hashtag.by_id().items():
        _assert_status(item, str(url))


def test_hashtag_follows_the_recorded_link_header(
    hashtag: CrawlResult, mastodon: LocalServer
) -> None:
    max_ids = [r.arg("max_id") for r in mastodon.requests if r.path.endswith("/tag/hoot")]
    assert max_ids == ["", "109440153064280358"]  # the rel="next" of the real page
    assert hashtag.stat("wildwatch/fetch_errors/http_404") == 1  # that page was not captured


def test_search_reads_the_real_result_shape_and_rechecks(search: CrawlResult) -> None:
    # The recorded search for statuses found none: an empty result, not a malformed one.
    assert search.stat("wildwatch/parse_errors/mastodon_search_shape") == 0
    assert search.stat("wildwatch/parse_errors/malformed_json") == 0
    (item,) = search.items
    _assert_status(item, "http://localhost:3000/@mastodonpy_test/109440146049087385")
    assert item["status"] == "active"


def reddit(request: FakeRequest) -> Reply:
    """The captured search listing for a first page; later pages were not captured."""
    if request.path.endswith("/search.json") and not request.arg("after"):
        body = (REAL / "reddit" / "search-posts.json").read_bytes()
        return Reply(200, body, {"Content-Type": "application/json; charset=UTF-8"})
    return Reply(404)


@pytest.fixture(scope="module")
def reddit_server() -> Iterator[LocalServer]:
    with LocalServer(reddit) as srv:
        yield srv


@pytest.fixture(scope="module")
def reddit_crawl(reddit_server: LocalServer) -> CrawlResult:
    kwargs = {"subreddits": "worldnews", "queries": "coronavirus", "max_pages": 2}
    return run_spider("reddit_search", {**kwargs, "base_url": reddit_server.url})


@pytest.mark.parametrize(
    ("platform_id", "permalink", "title", "author", "posted_at", "image"),
    [
        (
            "t3_hybow9",
            "/r/WatchPeopleDieInside/comments/hybow9/pregnancy_test/",
            "Pregnancy test",
            "chocolat_ice_cream",
            "2020-07-26T18:14:24+00:00",
            "https://external-preview.redd.it/OcR_yQzvFMo4upwEVJe0naWpvA3cmyBpucsJF2OvhLA.png"
            "?format=pjpg&auto=webp&s=dbe1004d6df4fb6014d78e0c0d817c1106f1f3b2",
        ),
        (
            "t3_hmwhd7",
            "/r/worldnews/comments/hmwhd7/brazilian_president_jair_bolsonaro_tests_positive/",
            "Brazilian president Jair Bolsonaro tests positive for coronavirus",
            "Jeremy_Martin",
            "2020-07-07T15:19:42+00:00",
            "https://external-preview.redd.it/OIVJopP4J8t4KzYcr7bjitC4Xd8CVbOHdNJcyz27viw.jpg"
            "?auto=webp&s=bcb266e3d2f9b1b8410b8ebc1ba112461ac7c89b",
        ),
    ],
)
def test_reddit_listing_posts(
    reddit_crawl: CrawlResult,
    reddit_server: LocalServer,
    platform_id: str,
    permalink: str,
    title: str,
    author: str,
    posted_at: str,
    image: str,
) -> None:
    item = reddit_crawl.by_id()[platform_id]
    assert (item["platform"], item["status"]) == ("reddit", "active")
    assert item["source_url"] == reddit_server.url + permalink
    assert (item["title"], item["seller_handle"], item["posted_at"]) == (title, author, posted_at)
    assert item["seller_url"] == f"{reddit_server.url}/user/{author}"
    assert item["image_urls"] == [image]  # the preview source, &amp; unescaped


def test_reddit_follows_the_after_cursor(
    reddit_crawl: CrawlResult, reddit_server: LocalServer
) -> None:
    afters = [r.arg("after") for r in reddit_server.requests if r.path.endswith("/search.json")]
    assert afters == ["", "t3_hmwhd7"]
    assert len(reddit_crawl.items) == 2


FEEDS = {
    "/lanacion.xml": ("rss/lanacion.xml", "application/rss+xml; charset=utf-8"),
    "/feed.xml": ("atom/qemu.atom", "application/atom+xml"),
}


@pytest.fixture(scope="module")
def feed_server() -> Iterator[LocalServer]:
    with LocalServer(files(FEEDS)) as srv:
        yield srv


@pytest.fixture(scope="module")
def feed_crawl(feed_server: LocalServer) -> CrawlResult:
    feeds = " ".join(feed_server.url + path for path in FEEDS)
    return run_spider("feed_entries", {"feeds": feeds})


LANACION = "https://www.lanacion.com.ar"


@pytest.mark.parametrize(
    ("link", "title", "text_start", "author", "posted_at", "image"),
    [
        (
            f"{LANACION}/sociedad/el-gobierno-aumento-un-50-el-monto-de-la-tarjeta-alimentar"
            "-en-medio-de-la-crisis-nid06042022/",
            "El Gobierno aumentó un 50% el monto de la Tarjeta Alimentar, en medio de la crisis",
            "En medio de la escalada inflacionaria, el Gobierno busca morigerar",
            None,  # <dc:creator></dc:creator>
            "2022-04-06T22:48:39+00:00",
            "https://resizer.glanacion.com/resizer/3C2XbPiWq8g0gBa5pivFTYV6q3c=/768x0/"
            "cloudfront-us-east-1.images.arcpublishing.com/lanacionar/"
            "J6BBWX44GRDKZN5Y4M3ZBNN2K4.jpg",
        ),
        (
            f"{LANACION}/economia/campo/agricultura/como-una-busqueda-del-tesoro-hizo-600"
            "-kilometros-para-conseguir-gasoil-y-no-parar-de-trabajar-nid06042022/",
            "Como una búsqueda del tesoro: hizo 600 kilómetros para conseguir gasoil y no dejar"
            " de trabajar",
            "“Haceme la gauchada”, le dijo Osvaldo Recchi, contratista rural",
            "Fernando Bertello",
            "2022-04-06T22:48:37+00:00",
            "https://resizer.glanacion.com/resizer/-ZVZsT8QyxY2FZDtjK6V_Vcpgpw=/768x0/"
            "cloudfront-us-east-1.images.arcpublishing.com/lanacionar/"
            "6KSDM7ABU5AF3P2SF4AEY6IXUE.jpg",
        ),
    ],
)
def test_rss_items_with_media_rss_images(
    feed_crawl: CrawlResult,
    link: str,
    title: str,
    text_start: str,
    author: str | None,
    posted_at: str,
    image: str,
) -> None:
    item = feed_crawl.by_id()[link]  # the guid is the permalink
    assert (item["source_url"], item["title"], item["seller_name"]) == (link, title, author)
    assert item["text"].startswith(text_start)
    assert "<" not in item["text"]  # content:encoded HTML became text
    assert (item["posted_at"], item["image_urls"]) == (posted_at, [image])


def test_atom_entry_with_relative_links(feed_crawl: CrawlResult, feed_server: LocalServer) -> None:
    # Jekyll writes site-relative links and ids; they resolve against the feed's own URL.
    item = feed_crawl.by_id()[f"{feed_server.url}/2025/08/26/qemu-10-1-0"]
    assert item["source_url"] == f"{feed_server.url}/2025/08/26/qemu-10-1-0/"
    assert item["title"] == "QEMU version 10.1.0 released"
    assert item["text"].startswith("We’d like to announce the availability of the QEMU 10.1.0")
    assert "and lots more…" in item["text"].splitlines()
    assert (item["posted_at"], item["seller_name"]) == ("2025-08-26T23:25:00+00:00", None)
    assert feed_crawl.stat("wildwatch/parse_errors/malformed_feed") == 0
    assert len(feed_crawl.items) == 3


OPENGRAPH_PAGE = ("html/opengraph_test.html", "text/html")
SITEMAP_PAGES = ["/es/", "/es/protocol.html", "/es/faq.html", "/es/terms.html"]


@pytest.fixture(scope="module")
def page_server() -> Iterator[LocalServer]:
    table = {
        "/sitemap.xml": ("sitemap/sitemap.xml", "application/xml"),
        "/test.php": OPENGRAPH_PAGE,
    }
    # The sitemap's pages were not captured: each answers with the captured OpenGraph page.
    table.update({path: OPENGRAPH_PAGE for path in SITEMAP_PAGES})
    with LocalServer(files(table, followed_host="https://www.sitemaps.org")) as srv:
        yield srv


def test_sitemap_urls_filtered_by_pattern_and_lastmod(page_server: LocalServer) -> None:
    crawl = run_spider(
        "sitemap_listings",
        {"sitemaps": f"{page_server.url}/sitemap.xml", "pattern": "/es/", "since": "2016-11-21"},
    )
    assert sorted(i["source_url"] for i in crawl.items) == sorted(
        page_server.url + path for path in SITEMAP_PAGES
    )
    assert {i["title"] for i in crawl.items} == {"Himanshu's Open Graph Protocol"}
    assert crawl.stat("wildwatch/parse_errors/sitemap_bad_lastmod") == 0
    later = run_spider(
        "sitemap_listings",
        {"sitemaps": f"{page_server.url}/sitemap.xml", "pattern": "/es/", "since": "2016-11-22"},
    )
    assert later.items == []  # every <lastmod> is 2016-11-21


def test_submitted_page_read_from_opengraph(page_server: LocalServer) -> None:
    crawl = run_spider("submitted_url", {"urls": f"{page_server.url}/test.php", "browser": "never"})
    (item,) = crawl.items
    assert item["source_url"] == f"{page_server.url}/test.php"
    assert item["canonical_url"] == "https://www.eventeducation.com/test.php"  # og:url
    assert item["title"] == "Himanshu's Open Graph Protocol"
    assert item["text"] == (
        "Event Education provides free courses on event planning and management to event"
        " professionals worldwide."
    )
    assert item["image_urls"] == [
        "https://www.eventeducation.com/images/982336_wedding_dayandouan_th.jpg"
    ]
    assert item["posted_raw"] == "2012-04-04T19:50:00-07:00"  # article:published_time
    assert item["posted_at"] == "2012-04-05T02:50:00+00:00"


def test_telegram_message_from_a_real_channel_preview() -> None:
    # A message of the tchantest channel's t.me/s preview, as the tchan project saved it.
    table = {"/s/tchantest": ("telegram/tchantest_5.html", "text/html; charset=utf-8")}
    with LocalServer(files(table)) as srv:
        crawl = run_spider("telegram_channel", {"channels": "tchantest", "base_url": srv.url})
    (item,) = crawl.items
    assert item["platform"] == "telegram"
    assert item["platform_id"] == "tchantest/5"
    assert item["source_url"] == f"{srv.url}/tchantest/5"
    assert item["text"] == "Hello! Signed and edited message"
    assert item["seller_handle"] == "tchantest"
    assert item["seller_name"] == "tchan's test channel 👍"
    assert item["posted_at"] == "2023-02-24T07:29:57+00:00"
    assert item["image_urls"] == []
    assert crawl.stat("wildwatch/parse_errors/no_messages") == 0
