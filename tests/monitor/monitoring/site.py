"""A small marketplace the monitoring tests crawl: listings they can change between crawls."""

from __future__ import annotations

import html
import io
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from PIL import Image, ImageDraw

from tests.sites import QuietHandler, serving

SOURCE = """\
name: {name}
kind: marketplace
start_urls:
  - "http://{host}/search?q={{query}}"
list:
  item: "div.result"
  fields:
    title: "h3 a::text"
    url: "h3 a::attr(href)"
    price: ".price::text"
    seller: ".shop::text"
    image: "img::attr(src)"
  next_page: "a.next::attr(href)"
max_pages: 3
"""

FAST = ("AUTOTHROTTLE_ENABLED=False", "DOWNLOAD_DELAY=0", "RETRY_TIMES=0", "LOG_LEVEL=WARNING")


def picture(colour: str) -> bytes:
    image = Image.new("RGB", (120, 120), "white")
    ImageDraw.Draw(image).ellipse((10, 10, 110, 110), fill=colour)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


class Market:
    """What the site lists now: id -> (title, price, seller); `broken`: searches answer 500."""

    def __init__(self) -> None:
        self.listings: dict[int, tuple[str, str, str]] = {}
        self.broken = False
        self.requests: list[str] = []

    def handler(self) -> type[BaseHTTPRequestHandler]:
        market = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                market.requests.append(self.path)
                if parts.path == "/robots.txt":
                    return self.send_page(200, b"User-agent: *\nAllow: /\n", "text/plain")
                if parts.path.startswith("/img/"):
                    return self.send_page(200, picture("red"), "image/png")
                if parts.path != "/search":
                    return self.send_page(404, b"not found")
                if market.broken:
                    return self.send_page(500, b"down for maintenance")
                query = parse_qs(parts.query).get("q", [""])[0]
                rows = "".join(
                    f'<div class="result"><h3><a href="/item/{n}">{html.escape(t)}</a></h3>'
                    f'<span class="price">{html.escape(p)}</span>'
                    f'<span class="shop">{html.escape(s)}</span>'
                    f'<img src="/img/{n}.png"></div>'
                    for n, (t, p, s) in sorted(market.listings.items())
                )
                body = f"<html><body><h1>{html.escape(query)}</h1>{rows}</body></html>"
                return self.send_page(200, body.encode("utf-8"))

        return Handler


@contextmanager
def serve(market: Market) -> Iterator[str]:
    with serving(market.handler()) as host:
        yield host
