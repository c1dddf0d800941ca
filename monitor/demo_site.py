"""The demo marketplace: a tiny separate web app that `data/sources/demo-market.yaml` crawls.

Listings, pictures and templates live in `data/demo_sites/market/`; the pages use exactly the
markup that source file's selectors read (`div.result`, `h3 a`, `.price`, `.shop`, `img`,
`a.next`, `#desc`, `#gallery img`, `.ad-badge`). No login, no database, nothing shared with the
main app. Serve it with `python -m monitor.demo_site [--port 5001]` or `serve_demo_site()`.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, abort, render_template, request, send_from_directory
from markupsafe import Markup, escape
from werkzeug.wrappers import Response

MARKET_DIR = Path(__file__).resolve().parent.parent / "data" / "demo_sites" / "market"
PAGE_SIZE = 4  # listings per results page
EXAMPLES = ("KANGDA", "康达", "HENGYA", "恒压", "扳手")
# a 1×1 transparent GIF: the `src` of lazily loaded pictures until a script swaps in `data-src`
PLACEHOLDER = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
ROBOTS = """User-agent: *
Allow: /search
Allow: /item/
Allow: /img/
Disallow: /cart
Disallow: /account
"""


@dataclass(frozen=True)
class MarketListing:
    """One listing of the demo marketplace, as `listings.json` gives it."""

    id: str
    title: str
    price: str
    seller: str
    picture: str
    gallery: tuple[str, ...]
    description: tuple[str, ...]
    keywords: tuple[str, ...]
    sponsored: bool = False
    generic: bool = False
    lazy: bool = False
    char_refs: bool = False
    expect: str = ""


def fold(text: str) -> str:
    """Fold text for the demo search: NFKC, case-folded, without spaces."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def load_listings(path: Path) -> tuple[MarketListing, ...]:
    """Read `listings.json`; raise ValueError naming the file and listing for a bad entry."""
    data = json.loads(path.read_text(encoding="utf-8"))
    listings: list[MarketListing] = []
    for number, raw in enumerate(data.get("listings", []), start=1):
        try:
            listings.append(_listing(raw))
        except (KeyError, TypeError) as exc:
            raise ValueError(f"{path}: listing {number}: missing or bad field {exc}") from exc
    ids = [item.id for item in listings]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: listing ids repeat")
    return tuple(listings)


def _listing(raw: dict[str, Any]) -> MarketListing:
    return MarketListing(
        id=str(raw["id"]),
        title=str(raw["title"]),
        price=str(raw["price"]),
        seller=str(raw["seller"]),
        picture=str(raw["picture"]),
        gallery=tuple(str(g) for g in raw.get("gallery") or [raw["picture"]]),
        description=tuple(str(p) for p in raw["description"]),
        keywords=tuple(fold(str(k)) for k in raw["keywords"]),
        sponsored=bool(raw.get("sponsored", False)),
        generic=bool(raw.get("generic", False)),
        lazy=bool(raw.get("lazy", False)),
        char_refs=bool(raw.get("char_refs", False)),
        expect=str(raw.get("expect", "")),
    )


def search_listings(listings: Sequence[MarketListing], query: str) -> list[MarketListing]:
    """Return the listings a query finds, in file order.

    A listing is found when one of its keywords contains the folded query or the query contains
    the keyword (so "KANGDA POWER" finds what "kangda" finds). An empty query lists everything;
    a query that finds nothing gets the generic listings, as real sites never show an empty page.
    """
    wanted = fold(query)
    if not wanted:
        return list(listings)
    found = [
        item for item in listings if any(wanted in k or k in wanted for k in item.keywords if k)
    ]
    return found or [item for item in listings if item.generic]


def char_refs(text: str) -> Markup:
    """Escape text and write every non-ASCII character as a numeric character reference."""
    return Markup("".join(c if ord(c) < 128 else f"&#x{ord(c):X};" for c in str(escape(text))))


def _page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or "1"))
    except ValueError:
        return 1


def make_demo_site(market_dir: Path = MARKET_DIR) -> Flask:
    """Build the demo marketplace app from a folder with listings.json, img/ and templates/."""
    app = Flask(
        __name__,
        root_path=str(market_dir),
        template_folder="templates",
        static_folder=None,
    )
    listings = load_listings(market_dir / "listings.json")
    by_id = {item.id: item for item in listings}
    pictures = market_dir / "img"
    app.add_template_filter(char_refs, "char_refs")

    @app.context_processor
    def page_defaults() -> dict[str, object]:
        return {"query": request.args.get("q", ""), "placeholder": PLACEHOLDER}

    @app.get("/")
    def home() -> str:
        return render_template("index.html", examples=EXAMPLES)

    @app.get("/search")
    def search() -> str:
        found = search_listings(listings, request.args.get("q", ""))
        pages = max(1, -(-len(found) // PAGE_SIZE))
        page = _page_number(request.args.get("page"))
        items = found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        return render_template("search.html", items=items, page=page, pages=pages, total=len(found))

    @app.get("/item/<item_id>")
    def item(item_id: str) -> str:
        listing = by_id.get(item_id)
        if listing is None:
            abort(404)
        return render_template("item.html", item=listing)

    @app.get("/img/<path:name>")
    def picture(name: str) -> Response:
        return send_from_directory(pictures, name, max_age=3600)

    @app.get("/robots.txt")
    def robots() -> Response:
        return Response(ROBOTS, mimetype="text/plain")

    return app


def serve_demo_site(host: str = "127.0.0.1", port: int = 5001) -> None:
    """Serve the demo marketplace with waitress until interrupted."""
    from waitress import serve

    app = make_demo_site()
    print(f"demo marketplace on http://{host}:{port}/  (Ctrl-C stops)", flush=True)
    serve(app, host=host, port=port, threads=4)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: `python -m monitor.demo_site [--host 127.0.0.1] [--port 5001]`."""
    parser = argparse.ArgumentParser(description="Serve the ipwatch demo marketplace.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5001)
    args = parser.parse_args(argv)
    serve_demo_site(host=args.host, port=args.port)


if __name__ == "__main__":
    main()
