"""Site profiles: the bundled ones load, bad ones fail with a message that says what is wrong."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest
import yaml
from scrapy.http import HtmlResponse

from demo import Defect, DemoWorld
from spiders.site_profile import PROFILES_DIR, ProfileError, extract_fields, load_profile

GOOD = yaml.safe_load((PROFILES_DIR / "mercado_es.yaml").read_text(encoding="utf-8"))


def write(tmp_path: Path, data: object, text: str | None = None) -> Path:
    path = tmp_path / "site.yaml"
    path.write_text(text if text is not None else yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["mercado_es", "feira_pt"])
def test_bundled_profiles_cover_every_demo_category(demo_world: DemoWorld, name: str) -> None:
    profile = load_profile(name)
    browsed = {url.split("/categoria/")[1].split("?")[0] for url in profile.browse_urls}
    assert browsed == {p.category for p in demo_world.posts_on(name)}
    assert profile.with_base_url("http://example.org/").search("loro azul", 2) == (
        "http://example.org" + profile.search_url.format(query="loro+azul", page=2)  # type: ignore[union-attr]
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "red"}, "colour: unknown key"),
        (
            {"detail": {**GOOD["detail"], "title": None}},
            "detail.title: Input should be a valid string",
        ),
        (
            {"detail": {k: v for k, v in GOOD["detail"].items() if k != "text"}},
            "detail.text: required key is missing",
        ),
        ({"results": {**GOOD["results"], "sort": "x"}}, "results.sort: unknown key"),
        (
            {"results": {**GOOD["results"], "item": "li[class="}},
            "results.item: invalid CSS selector 'li[class='",
        ),
        (
            {"detail": {**GOOD["detail"], "price": "xpath://span[@"}},
            "detail.price: invalid XPath selector",
        ),
        ({"search_url": "/buscar?page={page}"}, "search_url: search_url must contain {query}"),
        ({"base_url": "ftp://x"}, "base_url: String should match pattern"),
        ({"browser": "sometimes"}, "browser: Input should be a valid boolean"),
    ],
)
def test_invalid_profiles_name_the_key_and_the_problem(
    tmp_path: Path, change: dict, message: str
) -> None:
    path = write(tmp_path, {**GOOD, **change})
    with pytest.raises(ProfileError) as err:
        load_profile(path)
    assert str(err.value).startswith(f"{path}: ") and message in str(err.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: x\n  results: [unclosed\n", "not valid YAML at line 2"),
        ("- just\n- a list\n", "a profile must be a mapping of keys, got list"),
    ],
)
def test_unreadable_profiles(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        load_profile(write(tmp_path, None, text))


def test_unknown_profile_name_lists_the_known_ones() -> None:
    with pytest.raises(ProfileError, match=r"no site profile named 'nope' \(known: .*mercado_es"):
        load_profile("nope")


def _page(world: DemoWorld, post) -> HtmlResponse:  # type: ignore[no-untyped-def]
    url = world.post_url(post)
    with urllib.request.urlopen(url, timeout=10) as resp:
        return HtmlResponse(
            url, body=resp.read(), headers={"Content-Type": resp.headers["Content-Type"]}
        )


def test_extract_fields_shows_what_each_selector_found(demo_world: DemoWorld) -> None:
    post = next(
        p for p in demo_world.posts_on("mercado_es") if p.defect is None and p.whatsapp and p.phone
    )
    found = extract_fields(load_profile("mercado_es"), _page(demo_world, post))
    assert found["title"] == [post.title]
    assert found["price"] == [post.price_raw]
    assert found["seller"] == [post.seller]
    assert found["country"] == [post.country]
    assert found["whatsapp"] == [f"https://wa.me/{post.whatsapp}"]
    assert found["platform_id"] == [post.post_id]
    assert len(found["images"]) == len(post.images)
    assert post.text.split(". ")[0] in found["text"][0]


def test_extract_fields_on_tag_soup(demo_world: DemoWorld) -> None:
    post = next(p for p in demo_world.posts if p.defect is Defect.TAG_SOUP)
    found = extract_fields(load_profile("mercado_es"), _page(demo_world, post))
    assert found["title"] == [post.title]
    assert found["price"] == ([post.price_raw] if post.price_raw else [])
    assert found["seller"] == [post.seller]
