"""A local Reddit that answers listing JSON as reddit.com documents it (Listing of t3 things).

Subreddit ``exoticpets`` holds seven posts; search pages hold three posts each and chain by
``after``. Headers ``x-ratelimit-used/remaining/reset`` on every answer (remaining reaches 0 on
page two of ``macaw``, reset 1 s). Query ``busy`` answers 429 with Reddit's error body once,
then the listing; subreddit ``throttled`` always answers 429. Query ``garbled`` answers a truncated body. Query ``nada`` has no results.
"""

from __future__ import annotations

from typing import Any

from tests.spiders.formats.server import FakeRequest, Reply

POSTS: list[dict[str, Any]] = [
    {
        "id": "a1",
        "title": "Baby blue and gold macaw for sale",
        "selftext": "Hand fed, $1,800. DM me.",
        "author": "birdman_tx",
        "created_utc": 1763900000.0,
        "link_flair_text": None,
        "removed_by_category": None,
        "preview": {
            "images": [
                {"source": {"url": "https://i.redd.it/a1.jpg?width=1080&s=x", "width": 1080}}
            ]
        },
    },
    {
        "id": "a2",
        "title": "Scarlet macaw chicks",
        "selftext": "[removed]",
        "author": "[deleted]",
        "created_utc": 1763900100.0,
        "removed_by_category": "moderator",
        "link_flair_text": None,
    },
    {
        "id": "a3",
        "title": "Macaw plush toy",
        "selftext": "Giant plush, brand new",
        "author": "toyshop",
        "created_utc": 1763900200.0,
        "removed_by_category": None,
        "link_flair_text": "SOLD",
        "url": "https://i.redd.it/plush.png",
    },
    {
        "id": "a4",
        "title": "Military macaw pair",
        "selftext": "Proven pair, papers included",
        "author": "aviary_mx",
        "created_utc": 1763900300.0,
        "removed_by_category": None,
        "is_gallery": True,
        "media_metadata": {"m1": {"s": {"u": "https://i.redd.it/m1.jpg", "x": 800}}},
    },
    {
        "id": "b1",
        "title": "Sugar glider joeys",
        "selftext": "Ready in December",
        "author": "gliders",
        "created_utc": 1763900400.0,
        "removed_by_category": None,
    },
    {
        "id": "b2",
        "title": "Tortoise enclosure ideas?",
        "selftext": "Need advice",
        "author": "shellfan",
        "created_utc": 1763900500.0,
        "removed_by_category": None,
    },
    {
        "id": "b3",
        "title": "Selling my ball python",
        "selftext": "Moving out",
        "author": "snek",
        "created_utc": 1763900600.0,
        "removed_by_category": None,
    },
]


def _thing(post: dict[str, Any], sub: str) -> dict[str, Any]:
    data = {
        "subreddit": sub,
        "subreddit_name_prefixed": f"r/{sub}",
        "name": f"t3_{post['id']}",
        "permalink": f"/r/{sub}/comments/{post['id']}/post/",
        "url": f"https://www.reddit.com/r/{sub}/comments/{post['id']}/post/",
        "is_self": True,
        "over_18": False,
        "score": 3,
        "num_comments": 1,
        "thumbnail": "self",
        "author_fullname": "t2_x",
        **post,
    }
    return {"kind": "t3", "data": data}


def _listing(things: list[dict[str, Any]], after: str | None) -> dict[str, Any]:
    return {
        "kind": "Listing",
        "data": {
            "after": after,
            "dist": len(things),
            "modhash": "",
            "geo_filter": "",
            "children": things,
            "before": None,
        },
    }


def _page(
    posts: list[dict[str, Any]], sub: str, after: str, size: int = 3
) -> tuple[list[dict[str, Any]], str | None]:
    ids = [p["id"] for p in posts]
    start = ids.index(after.removeprefix("t3_")) + 1 if after else 0
    chunk = posts[start : start + size]
    nxt = f"t3_{chunk[-1]['id']}" if start + size < len(posts) and chunk else None
    return [_thing(p, sub) for p in chunk], nxt


def reddit(request: FakeRequest) -> Reply:
    parts = request.path.strip("/").split("/")
    if len(parts) != 3 or parts[0] != "r" or parts[2] not in {"search.json", "new.json"}:
        return Reply.json({"message": "Not Found", "error": 404}, status=404)
    sub, listing = parts[1], parts[2]
    q = request.arg("q").lower()
    after = request.arg("after")
    page_no = 2 if after else 1
    headers = {
        "x-ratelimit-used": str(page_no),
        "x-ratelimit-remaining": "99.0",
        "x-ratelimit-reset": "1",
    }
    if sub == "throttled" or (q == "busy" and request.hits == 1):
        return Reply.json(
            {"message": "Too Many Requests", "error": 429},
            status=429,
            headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": "0"},
        )
    if q == "garbled":
        return Reply(
            200, b'{"kind": "Listing", "data": {"children": [', {"Content-Type": "application/json"}
        )
    if listing == "new.json":
        posts = POSTS
    elif q == "macaw":
        posts = POSTS[:4]
        if after:
            headers["x-ratelimit-remaining"] = "0.0"
    elif q == "busy":
        posts = POSTS[4:5]
    else:
        posts = [p for p in POSTS if q and q in p["title"].lower()]
    things, nxt = _page(posts, sub, after)
    if q == "macaw" and not after:
        headers["x-ratelimit-remaining"] = "0.0"
    return Reply.json(_listing(things, nxt), headers=headers)
