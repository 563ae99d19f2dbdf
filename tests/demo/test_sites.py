"""The demo sites answer like the real kinds: robots, pagination, JSON APIs, broken pages."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from typing import Any

import pytest

from demo import Defect, DemoWorld


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def get_json(url: str) -> tuple[int, dict[str, str], Any]:
    status, headers, body = fetch(url)
    return status, headers, json.loads(body)


def broken(world: DemoWorld, defect: Defect):
    return next(p for p in world.posts if p.defect is defect)


@pytest.mark.parametrize(
    ("site", "private"),
    [
        ("mercado_es", "/cuenta/"),
        ("feira_pt", "/minha-conta/"),
        ("mastodon", "/interact/"),
        ("telegram", "/auth/"),
    ],
)
def test_each_site_serves_robots_with_a_private_path(
    demo_world: DemoWorld, site: str, private: str
) -> None:
    status, _, body = fetch(demo_world.urls[site] + "/robots.txt")
    assert status == 200 and f"Disallow: {private}" in body.decode()


def test_marketplace_search_pages_until_the_last(demo_world: DemoWorld) -> None:
    base = demo_world.urls["mercado_es"]
    seen, page = [], 1
    while True:
        _, _, body = fetch(f"{base}/buscar?q=Peluche&page={page}")
        html = body.decode()
        seen += re.findall(r'href="/anuncio/(\d+)"', html)
        if 'rel="next"' not in html:
            break
        page += 1
    expected = [
        p for p in demo_world.posts_on("mercado_es") if "peluche" in (p.title + p.text).lower()
    ]
    assert page > 1 and sorted(seen) == sorted(p.post_id for p in expected)
    _, _, body = fetch(f"{base}/buscar?q=zzzzqqq")
    assert b'class="sin-resultados"' in body


def test_js_marketplace_shell_is_empty_but_its_api_is_not(demo_world: DemoWorld) -> None:
    base = demo_world.urls["feira_pt"]
    _, _, shell = fetch(f"{base}/busca?q=papagaio")
    markup = re.sub(rb"<script>.*?</script>", b"", shell, flags=re.S)
    assert b"<li" not in markup and b"/api/anuncios" in shell
    _, _, data = get_json(f"{base}/api/anuncios?q=papagaio&page=1")
    expected = {
        p.post_id
        for p in demo_world.posts_on("feira_pt")
        if "papagaio" in f"{p.title} {p.text}".lower()
    }
    assert {a["id"] for a in data["anuncios"]} == expected and expected
    assert all(a["titulo"].encode() not in shell for a in data["anuncios"] if a["titulo"])
    status, _, error = get_json(f"{base}/api/anuncios/999")
    assert status == 404 and error == {"erro": "Anúncio não encontrado"}


@pytest.mark.parametrize(
    ("defect", "status", "content_type"),
    [
        (Defect.SERVER_ERROR, 500, "text/html; charset=utf-8"),
        (Defect.BAD_ENCODING, 200, "text/html; charset=utf-8"),
        (Defect.NO_CHARSET, 200, "text/html"),
        (Defect.TAG_SOUP, 200, "text/html; charset=utf-8"),
    ],
)
def test_broken_marketplace_pages(
    demo_world: DemoWorld, defect: Defect, status: int, content_type: str
) -> None:
    post = broken(demo_world, defect)
    got, headers, body = fetch(demo_world.post_url(post))
    assert got == status and headers["Content-Type"] == content_type
    if defect in (Defect.BAD_ENCODING, Defect.NO_CHARSET):
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")
        assert post.title.encode("latin-1") in body
    if defect is Defect.TAG_SOUP:
        assert b"<TABLE" in body and b"</H1>" in body and b"</P>" not in body


def test_mastodon_tag_timeline_pages_with_link_headers(demo_world: DemoWorld) -> None:
    base = demo_world.urls["mastodon"]
    url: str | None = f"{base}/api/v1/timelines/tag/exotics?limit=5"
    ids: list[int] = []
    while url:
        status, headers, statuses = get_json(url)
        assert status == 200 and int(headers["X-RateLimit-Limit"]) == 300
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", headers["X-RateLimit-Reset"])
        ids += [int(s["id"]) for s in statuses]
        if statuses:
            assert 'rel="prev"' in headers["Link"]
        match = re.search(r'<([^>]+)>; rel="next"', headers.get("Link", ""))
        url = match.group(1) if match else None
    expected = [p for p in demo_world.posts_on("mastodon") if "exotics" in p.tags]
    assert ids == sorted(ids, reverse=True) and len(ids) == len(set(ids)) == len(expected)


def test_mastodon_status_errors(demo_world: DemoWorld) -> None:
    base = demo_world.urls["mastodon"]
    status, _, body = get_json(f"{base}/api/v1/statuses/123")
    assert status == 404 and body == {"error": "Record not found"}
    post = broken(demo_world, Defect.MALFORMED_JSON)
    status, _, raw = fetch(f"{base}/api/v1/statuses/{post.post_id}")
    assert status == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(raw)
    good = next(p for p in demo_world.posts_on("mastodon") if p.defect is None and p.images)
    _, _, entity = get_json(f"{base}/api/v1/statuses/{good.post_id}")
    assert entity["url"] == demo_world.post_url(good)
    assert entity["account"]["acct"] == good.seller_handle
    assert entity["media_attachments"][0]["type"] == "image"
    assert entity["created_at"].endswith("Z") and "<p>" in entity["content"]


def test_mastodon_rate_limit_answers_429_when_spent() -> None:
    with DemoWorld(base_port=0, mastodon_rate_limit=3) as world:
        url = world.urls["mastodon"] + "/api/v1/timelines/tag/pets"
        answers = [fetch(url) for _ in range(4)]
    assert [a[0] for a in answers] == [200, 200, 200, 429]
    assert [a[1]["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]


def test_telegram_preview_loads_older_pages_and_shows_photo_only_posts(
    demo_world: DemoWorld,
) -> None:
    post = broken(demo_world, Defect.PHOTO_ONLY)
    base, channel = demo_world.urls["telegram"], post.channel
    url: str | None = f"{base}/s/{channel}"
    seen: list[str] = []
    while url:
        _, _, body = fetch(url)
        html = body.decode()
        seen = re.findall(rf'data-post="{channel}/(\d+)"', html) + seen
        before = re.search(r'class="tme_messages_more[^"]*" data-before="(\d+)"', html)
        url = f"{base}/s/{channel}?before={before.group(1)}" if before else None
    expected = [p.post_id for p in demo_world.posts_on("telegram") if p.channel == channel]
    assert seen == sorted(expected, key=int)
    _, _, single = fetch(demo_world.post_url(post))
    assert b"tgme_widget_message_photo_wrap" in single and b"tgme_widget_message_text" not in single
