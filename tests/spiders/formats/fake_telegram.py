"""A local Telegram web preview (``/s/<channel>``) laid out as t.me serves it.

``tienda`` has 25 posts, 20 per page, newest last; the older page (``?before=6``) answers
429 with ``Retry-After: 1`` the first time it is asked for. ``vacio`` is a channel whose
preview exists but holds no posts. ``roto`` answers a page cut off in the middle of its
second post. ``borrado`` lost post 2 (deleted), so its preview jumps from 1 to 3.
Any other channel has no public preview (t.me answers its contact page, 200).
"""

from __future__ import annotations

from html import escape

from tests.spiders.formats.server import FakeRequest, Reply

PER_PAGE = 20
POSTS: dict[str, list[int]] = {
    "tienda": list(range(1, 26)),
    "vacio": [],
    "roto": [1, 2],
    "borrado": [1, 3],
}


def message(base: str, channel: str, n: int) -> str:
    link = f"{base}/{channel}/{n}"
    return (
        '<div class="tgme_widget_message_wrap js-widget_message_wrap">'
        f'<div class="tgme_widget_message js-widget_message" data-post="{channel}/{n}">'
        '<div class="tgme_widget_message_bubble">'
        f'<a class="tgme_widget_message_owner_name" href="{base}/{channel}">'
        '<span dir="auto">Tienda Exótica</span></a>'
        f'<a class="tgme_widget_message_photo_wrap" href="{link}" '
        f"style=\"width:800px;background-image:url('{base}/file/{n}.jpg')\"></a>"
        f'<div class="tgme_widget_message_text js-message_text" dir="auto">Guacamaya #{n}<br/>'
        "entrega inmediata</div>"
        '<div class="tgme_widget_message_footer"><span class="tgme_widget_message_meta">'
        f'<a class="tgme_widget_message_date" href="{link}">'
        f'<time datetime="2025-11-{n:02d}T10:00:00+00:00" class="time">10:00</time></a>'
        "</span></div></div></div></div>"
    )


def preview(base: str, channel: str, before: int | None) -> str:
    posts = [n for n in POSTS[channel] if before is None or n < before]
    page = posts[-PER_PAGE:]
    more = ""
    if page and len(posts) > len(page):
        more = (
            f'<a href="/s/{channel}?before={page[0]}" class="tme_messages_more js-messages_more" '
            f'data-before="{page[0]}"></a>'
        )
    header = (
        '<header class="tgme_header"><div class="tgme_channel_info">'
        f'<div class="tgme_channel_info_header_title"><span dir="auto">{escape(channel)}</span>'
        "</div></div></header>"
    )
    messages = "".join(message(base, channel, n) for n in page)
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Telegram</title></head>'
        f'<body class="tgme_webpreview">{header}<main class="tgme_main">'
        f'<section class="tgme_channel_history js-message_history">{more}{messages}'
        "</section></main></body></html>"
    )


def telegram(request: FakeRequest) -> Reply:
    base = f"http://{request.headers.get('Host')}"
    channel = request.path.removeprefix("/s/")
    if not request.path.startswith("/s/") or channel not in POSTS:
        body = f'<div class="tgme_page_description">Contact @{escape(channel)} right away.</div>'
        return Reply.html(f"<html><body>{body}</body></html>")
    before = request.arg("before")
    if channel == "tienda" and before and request.hits == 1:
        return Reply(429, b"Too Many Requests", {"Retry-After": "1", "Content-Type": "text/plain"})
    html = preview(base, channel, int(before) if before.isdigit() else None)
    if channel == "roto":
        html = html[: html.index("Guacamaya #2") + len("Guacamaya #2")]
    return Reply.html(html)
