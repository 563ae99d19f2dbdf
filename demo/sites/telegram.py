"""``telegram``: public channel previews shaped like ``https://t.me/s/<channel>``.

Twenty messages a page, oldest first, in Telegram's widget markup; older messages load from
``/s/<channel>?before=<id>`` (the ``tme_messages_more`` link with ``data-before``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from demo.content import DemoPost, channel_title
from demo.sites.base import Query, Reply, first, html_reply, png_reply, text_reply

ROBOTS = "User-agent: *\nDisallow: /auth/\nAllow: /\n"
PER_PAGE = 20
_HASHTAG = re.compile(r"(?<![&\w])#(\w+)")  # not the "#x27" of an escaped quote


def _views(post: DemoPost) -> str:
    count = int(post.post_id) * 37 % 5000 + 120
    return f"{count / 1000:.1f}K" if count >= 1000 else str(count)


class TelegramSite:
    """Web previews of a few public Telegram channels."""

    name = "telegram"

    def __init__(self, posts: Sequence[DemoPost]) -> None:
        self.base_url = ""
        self.channels: dict[str, list[DemoPost]] = {}
        for post in sorted(posts, key=lambda p: int(p.post_id)):
            self.channels.setdefault(post.channel or "", []).append(post)

    def route(self, path: str, query: Query, client: str) -> Reply:
        if path == "/robots.txt":
            return text_reply(ROBOTS)
        if path.startswith("/file/"):
            return png_reply(path.removeprefix("/file/"))
        match = re.fullmatch(r"/s/(\w+)", path)
        if match:
            channel = match.group(1)
            if channel not in self.channels:
                # t.me sends channels without a public preview to their plain page.
                return Reply(302, b"", None, {"Location": f"{self.base_url}/{channel}"})
            return html_reply(self._preview(channel, first(query, "before")))
        match = re.fullmatch(r"/(\w+)/(\d+)", path)
        if match:
            posts = {p.post_id: p for p in self.channels.get(match.group(1), [])}
            post = posts.get(match.group(2))
            if post is not None:
                return html_reply(self._page(match.group(1), self._message(post)))
        match = re.fullmatch(r"/(\w+)", path)
        if match:
            body = (
                '<div class="tgme_page"><div class="tgme_page_title">'
                f'<span dir="auto">{escape(match.group(1))}</span></div>'
                '<div class="tgme_page_description">If you have Telegram, you can contact '
                f"@{escape(match.group(1))} right away.</div></div>"
            )
            return html_reply(self._page(match.group(1), body))
        return html_reply(self._page("", "<h1>Not found</h1>"), 404)

    def _page(self, channel: str, body: str) -> str:
        return (
            '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
            f"<title>{escape(channel_title(channel))} – Telegram</title>"
            '<meta property="og:site_name" content="Telegram"></head>'
            f'<body class="widget_frame_base tgme_webpreview">{body}</body></html>'
        )

    def _preview(self, channel: str, before: str) -> str:
        posts = self.channels[channel]
        if before.isdigit():
            posts = [p for p in posts if int(p.post_id) < int(before)]
        page = posts[-PER_PAGE:]
        more = ""
        if page and len(posts) > len(page):
            oldest = page[0].post_id
            more = (
                '<div class="tgme_widget_message_centered js-messages_more_wrap">'
                f'<a href="/s/{channel}?before={oldest}" class="tme_messages_more js-messages_more" '
                f'data-before="{oldest}"></a></div>'
            )
        title = escape(channel_title(channel))
        header = (
            '<header class="tgme_header"><div class="tgme_channel_info">'
            f'<div class="tgme_channel_info_header_title"><span dir="auto">{title}</span></div>'
            '<div class="tgme_channel_info_header_username">'
            f'<a href="{self.base_url}/{channel}">@{channel}</a></div></div></header>'
        )
        messages = "".join(self._message(p) for p in page)
        history = (
            f'<main class="tgme_main"><section class="tgme_channel_history js-message_history">'
            f"{more}{messages}</section></main>"
        )
        return self._page(channel, header + history)

    def _text(self, post: DemoPost) -> str:
        escaped = escape(post.text)
        linked = _HASHTAG.sub(lambda m: f'<a href="?q=%23{m.group(1)}">#{m.group(1)}</a>', escaped)
        return linked.replace(". ", ".<br/>", 2)

    def _message(self, post: DemoPost) -> str:
        channel = post.channel or ""
        link = f"{self.base_url}/{channel}/{post.post_id}"
        photos = "".join(
            f'<a class="tgme_widget_message_photo_wrap" href="{link}" '
            f"style=\"width:800px;background-image:url('{self.base_url}/file/{name}')\">"
            '<div class="tgme_widget_message_photo" style="padding-top:75%"></div></a>'
            for name in post.images
        )
        text = (
            f'<div class="tgme_widget_message_text js-message_text" dir="auto">{self._text(post)}</div>'
            if post.text
            else ""
        )
        when = post.posted_at.isoformat()
        return (
            '<div class="tgme_widget_message_wrap js-widget_message_wrap">'
            f'<div class="tgme_widget_message text_not_supported_wrap js-widget_message" '
            f'data-post="{channel}/{post.post_id}" data-view="v{post.post_id}">'
            '<div class="tgme_widget_message_bubble">'
            '<div class="tgme_widget_message_author accent_color">'
            f'<a class="tgme_widget_message_owner_name" href="{self.base_url}/{channel}">'
            f'<span dir="auto">{escape(post.seller)}</span></a></div>'
            f"{photos}{text}"
            '<div class="tgme_widget_message_footer compact js-message_footer">'
            '<div class="tgme_widget_message_info short js-message_info">'
            f'<span class="tgme_widget_message_views">{_views(post)}</span>'
            '<span class="copyonly"> views</span><span class="tgme_widget_message_meta">'
            f'<a class="tgme_widget_message_date" href="{link}">'
            f'<time datetime="{when}" class="time">{post.posted_at:%H:%M}</time></a></span>'
            "</div></div></div></div></div>"
        )
