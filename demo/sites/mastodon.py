"""``mastodon``: a Mastodon instance's public REST API, as documented at docs.joinmastodon.org.

``GET /api/v1/timelines/tag/:hashtag`` (limit, max_id, since_id, min_id; ``Link`` header with
rel="next" and rel="prev"), ``GET /api/v1/statuses/:id`` (404 ``{"error": "Record not found"}``),
and the per-IP rate limit of 300 requests in five minutes with the ``X-RateLimit-*`` headers.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from hashlib import sha256
from html import escape
from typing import Any
from urllib.parse import urlencode

from demo.content import Defect, DemoPost
from demo.sites.base import (
    Query,
    Reply,
    first,
    html_reply,
    int_param,
    json_reply,
    png_reply,
    text_reply,
)

ROBOTS = "User-agent: *\nDisallow: /media_proxy/\nDisallow: /interact/\n"
WINDOW_SECONDS = 300
_HASHTAG = re.compile(r"#(\w+)")


def _iso(moment: datetime) -> str:
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


class RateLimiter:
    """Mastodon's unauthenticated limit: N requests per IP in fixed five-minute windows."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[int, int]] = {}

    def hit(self, client: str) -> tuple[bool, dict[str, str]]:
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        with self._lock:
            start, used = self._windows.get(client, (window, 0))
            if start != window:
                used = 0
            used += 1
            self._windows[client] = (window, used)
        reset = datetime.fromtimestamp((window + 1) * WINDOW_SECONDS, UTC)
        headers = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(max(0, self.limit - used)),
            "X-RateLimit-Reset": reset.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        }
        return used <= self.limit, headers


class MastodonSite:
    """A small Mastodon instance whose public posts carry hashtags."""

    name = "mastodon"

    def __init__(self, posts: Sequence[DemoPost], rate_limit: int = 300) -> None:
        self.base_url = ""
        self.limiter = RateLimiter(rate_limit)
        self.statuses = sorted(posts, key=lambda p: int(p.post_id), reverse=True)
        self.by_id = {p.post_id: p for p in posts}
        self.by_tag: dict[str, list[DemoPost]] = {}
        for post in self.statuses:
            for tag in post.tags:
                self.by_tag.setdefault(tag.lower(), []).append(post)

    def route(self, path: str, query: Query, client: str) -> Reply:
        if path == "/robots.txt":
            return text_reply(ROBOTS)
        if path.startswith("/api/"):
            allowed, headers = self.limiter.hit(client)
            reply = (
                self._api(path, query)
                if allowed
                else json_reply({"error": "Too many requests"}, 429)
            )
            reply.headers.update(headers)
            return reply
        if path.startswith("/system/media_attachments/"):
            return png_reply(path.rsplit("/", 1)[-1])
        match = re.fullmatch(r"/@(\w+)/(\d+)", path)
        if match and match.group(2) in self.by_id:
            post = self.by_id[match.group(2)]
            body = f'<article class="status"><div class="e-content">{self._content(post)}</div></article>'
            return html_reply(
                f'<!DOCTYPE html><html lang="{post.language}"><body>{body}</body></html>'
            )
        match = re.fullmatch(r"/users/(\w+)/statuses/(\d+)", path)
        if match:
            return Reply(
                302, b"", None, {"Location": f"{self.base_url}/@{match.group(1)}/{match.group(2)}"}
            )
        return (
            json_reply({"error": "Record not found"}, 404)
            if path.startswith("/api/")
            else html_reply("<h1>The page you are looking for isn't here.</h1>", 404)
        )

    def _api(self, path: str, query: Query) -> Reply:
        match = re.fullmatch(r"/api/v1/timelines/tag/([^/]+)", path)
        if match:
            return self._timeline(match.group(1), query)
        match = re.fullmatch(r"/api/v1/statuses/(\d+)", path)
        if match and match.group(1) in self.by_id:
            post = self.by_id[match.group(1)]
            if post.defect is Defect.MALFORMED_JSON:
                body = json.dumps(self.status(post), ensure_ascii=False)
                return Reply(
                    200, body[: len(body) // 2].encode(), "application/json; charset=utf-8"
                )
            return json_reply(self.status(post))
        return json_reply({"error": "Record not found"}, 404)

    def _timeline(self, tag: str, query: Query) -> Reply:
        limit = int_param(query, "limit", 20, low=1, high=40)
        items = self.by_tag.get(tag.lower(), [])
        max_id, since_id, min_id = (first(query, k) for k in ("max_id", "since_id", "min_id"))
        if max_id.isdigit():
            items = [p for p in items if int(p.post_id) < int(max_id)]
        if since_id.isdigit():
            items = [p for p in items if int(p.post_id) > int(since_id)]
        if min_id.isdigit():
            # min_id pages forward in time: the statuses right after min_id, newest first.
            items = [p for p in items if int(p.post_id) > int(min_id)][-limit:]
        page = items[:limit]
        headers: dict[str, str] = {}
        if page:
            url = f"{self.base_url}/api/v1/timelines/tag/{tag}"
            links = []
            if len(page) == limit:
                links.append(
                    f'<{url}?{urlencode({"limit": limit, "max_id": page[-1].post_id})}>; rel="next"'
                )
            links.append(
                f'<{url}?{urlencode({"limit": limit, "min_id": page[0].post_id})}>; rel="prev"'
            )
            headers["Link"] = ", ".join(links)
        return json_reply([self.status(p) for p in page], headers=headers)

    def _content(self, post: DemoPost) -> str:
        body = _HASHTAG.sub("", post.text).strip()
        tags = " ".join(
            f'<a href="{self.base_url}/tags/{t}" class="mention hashtag" rel="tag">#<span>{escape(t)}</span></a>'
            for t in post.tags
        )
        return f"<p>{escape(body)}</p><p>{tags}</p>"

    def account(self, post: DemoPost) -> dict[str, Any]:
        handle = post.seller_handle
        return {
            "id": str(int(sha256(handle.encode()).hexdigest()[:14], 16)),
            "username": handle,
            "acct": handle,
            "display_name": post.seller,
            "locked": False,
            "bot": False,
            "discoverable": True,
            "group": False,
            "created_at": "2024-03-01T00:00:00.000Z",
            "note": "<p></p>",
            "url": f"{self.base_url}/@{handle}",
            "uri": f"{self.base_url}/users/{handle}",
            "avatar": f"{self.base_url}/system/media_attachments/avatars/{handle}.png",
            "avatar_static": f"{self.base_url}/system/media_attachments/avatars/{handle}.png",
            "header": f"{self.base_url}/headers/original/missing.png",
            "header_static": f"{self.base_url}/headers/original/missing.png",
            "followers_count": 40 + len(handle) * 7,
            "following_count": 12 + len(handle),
            "statuses_count": 25 + len(handle) * 3,
            "last_status_at": "2026-11-24",
            "emojis": [],
            "fields": [],
        }

    def status(self, post: DemoPost) -> dict[str, Any]:
        """The Status entity of ``post``."""
        media_base = f"{self.base_url}/system/media_attachments/files"
        return {
            "id": post.post_id,
            "created_at": _iso(post.posted_at),
            "in_reply_to_id": None,
            "in_reply_to_account_id": None,
            "sensitive": False,
            "spoiler_text": "",
            "visibility": "public",
            "language": post.language,
            "uri": f"{self.base_url}/users/{post.seller_handle}/statuses/{post.post_id}",
            "url": f"{self.base_url}/@{post.seller_handle}/{post.post_id}",
            "replies_count": int(post.post_id[-1]),
            "reblogs_count": int(post.post_id[-2]),
            "favourites_count": int(post.post_id[-3:-1]),
            "edited_at": None,
            "content": self._content(post),
            "reblog": None,
            "application": {"name": "Web", "website": None},
            "account": self.account(post),
            "media_attachments": [
                {
                    "id": f"{post.post_id}{n}",
                    "type": "image",
                    "url": f"{media_base}/original/{name}",
                    "preview_url": f"{media_base}/small/{name}",
                    "remote_url": None,
                    "description": None,
                    "blurhash": None,
                }
                for n, name in enumerate(post.images)
            ],
            "mentions": [],
            "tags": [{"name": t, "url": f"{self.base_url}/tags/{t}"} for t in post.tags],
            "emojis": [],
            "card": None,
            "poll": None,
        }
