"""In headless Chromium, on the demo portfolio (gaps, patents, families, alerts, cases, runs,
reports): each role walks every page of the menu and the first record of each list, in Chinese
and in English, 1280 and 390 pixels wide. A Chinese page shows no English sentence and an English page no Chinese, but for
what the user recorded (names, titles, listings), codes and numbers, and what is marked as not to
be translated (`translate="no"`, a `lang` other than the page's, `<code>`). The gap export (CSV
and Excel) and an API answer asked for in Chinese hold no English sentence either.

An English sentence is a run of three or more Latin words (between digits, Chinese or other
punctuation) of which at least two are English words: words of the catalogue's own English
(monitor/translations) or a few short function words. A brand (KANGDA), a code (EM, PCT) or a
number is no sentence.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from babel.messages.pofile import read_po
from openpyxl import load_workbook
from sqlalchemy import create_engine, inspect, text
from werkzeug.serving import make_server

from tests.e2e.conftest import ROOT

pytestmark = pytest.mark.browser

CATALOG = ROOT / "monitor" / "translations" / "zh" / "LC_MESSAGES" / "messages.po"
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "from",
        "with",
        "without",
        "and",
        "or",
        "not",
        "no",
        "is",
        "are",
        "was",
        "be",
        "been",
        "has",
        "have",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "as",
        "if",
        "then",
        "than",
        "when",
        "while",
        "after",
        "before",
        "until",
        "into",
        "out",
        "up",
        "down",
        "off",
        "over",
        "under",
        "per",
        "each",
        "every",
        "all",
        "any",
        "some",
        "more",
        "most",
        "less",
        "one",
        "two",
    ]
)
WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
# a run of Latin words: between them only spaces and the punctuation of a sentence
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’]*(?:[ \t\n,;:()/\"'’“”.!?&-]+[A-Za-z][A-Za-z'’]*)*")
HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
DEMO_USERS = {
    "admin": ("admin@demo.ipwatch", "demo-admin-2026"),
    "brand_manager": ("brand@demo.ipwatch", "demo-brand-2026"),
    "legal": ("legal@demo.ipwatch", "demo-legal-2026"),
    "executive": ("exec@demo.ipwatch", "demo-exec-2026"),
}
# Pages reached from the menu, and the lists whose first record is opened as well.
LISTS = {
    "/products": r"^/products/(?!new|edit)[^/]+$",
    "/trademarks": r"^/trademarks/(?!new|edit)[A-Z]{2}/.+$",
    "/patents": r"^/patents/(?!new|edit|layout|families|deadlines)[A-Z]{2}/.+$",
    "/patents/families": r"^/patents/families/.+$",
    "/alerts": r"^/alerts/\d+$",
    "/cases": r"^/cases/\d+$",
    "/monitoring": r"^/monitoring/runs/\d+$",
}
ALSO = (
    "/dashboard",
    "/coverage",
    "/coverage/gaps",
    "/patents/layout",
    "/patents/deadlines",
    "/cases/deadlines",
)
# A desktop and a phone: the same words at both widths (the menu folds at the narrow one).
WIDTHS = (1280, 390)
SKIP = re.compile(r"/(logout|locale|password)$|/export|\.(xlsx|csv|pdf|html|zip)$|/new$|/edit/")
# The user's own records, shown as recorded in either language (names, titles, listings, notes).
USER_DATA = {
    "product": ("name", "name_zh", "description", "brand"),
    "trademark": ("mark_text", "brand"),
    "patent": ("title",),
    "observation": ("text", "seller", "description", "applicant", "price"),
    "alert": ("watched_mark", "brand", "dismiss_note", "reopened_note"),
    "watchterm": ("text", "note", "brand"),
    "enforcement_case": ("title", "platform", "notes", "brand"),
    "caseoutcome": ("note",),
    "casefile": ("filename",),
    "crawlrun": ("source",),
    "apitoken": ("name",),
}
# What a page shows but what its words are not: each text node and the titles, placeholders,
# labels and alternative texts, outside what is marked as not to be translated.
VISIBLE_TEXTS = """() => {
  const lang = document.documentElement.lang.slice(0, 2);
  const out = [];
  const skip = (el) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      if (['SCRIPT', 'STYLE', 'CODE', 'KBD', 'SAMP', 'TEMPLATE'].includes(e.tagName)) return true;
      if (e.getAttribute('translate') === 'no') return true;
      const own = e.getAttribute('lang');
      if (own && e !== document.documentElement && own.slice(0, 2) !== lang) return true;
    }
    return false;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.textContent.trim() && !skip(node.parentElement)) out.push(node.textContent);
  }
  for (const el of document.querySelectorAll('[title],[placeholder],[aria-label],[alt]')) {
    if (skip(el)) continue;
    for (const name of ['title', 'placeholder', 'aria-label', 'alt']) {
      const value = el.getAttribute(name);
      if (value && value.trim()) out.push(value);
    }
  }
  out.push(document.title);
  return out;
}"""


@cache
def english_words() -> frozenset[str]:
    """The English of the catalogue's msgids, lower-cased, and a few function words."""
    with CATALOG.open("rb") as f:
        catalog = read_po(f)
    words = set(FUNCTION_WORDS)
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for msgid in ids:
            if msgid:
                words.update(w.lower() for w in WORD.findall(re.sub(r"%\(\w+\)s", " ", msgid)))
    return frozenset(w for w in words if len(w) > 1 or w == "a")


def english_sentences(texts: list[str], allowed: frozenset[str] = frozenset()) -> list[str]:
    """The English sentences in `texts`: runs of ≥3 Latin words, ≥2 of them English words."""
    vocabulary, found = english_words(), []
    for value in texts:
        for run in LATIN_RUN.finditer(value):
            sentence = " ".join(run.group().split())
            words = WORD.findall(sentence)
            if len(words) < 3 or any(sentence in data for data in allowed):
                continue
            known = [w for w in words if w.lower() in vocabulary and not w.isupper()]
            if len(known) >= 2:
                found.append(sentence)
    return found


def chinese_runs(texts: list[str], allowed: frozenset[str] = frozenset()) -> list[str]:
    """The Chinese runs in `texts` that no user record holds."""
    return [
        run
        for value in texts
        for run in HAN_RUN.findall(value)
        if not any(run in data for data in allowed)
    ]


def test_the_detector_finds_sentences_not_names_codes_or_numbers() -> None:
    assert english_sentences(["EM 017000111 expired on 2026-01-01"]) == []  # two words
    assert english_sentences(["designation of IN refused"]) == ["designation of IN refused"]
    assert english_sentences(["商标 KANGDA POWER TOOLS 到期"]) == []  # a name, no English word
    assert english_sentences(["Cordless drill KD-20"], frozenset({"Cordless drill KD-20"})) == []
    assert chinese_runs(["EN 康达 page"], frozenset({"康达电动工具"})) == []
    assert chinese_runs(["Protected 已保护"]) == ["已保护"]


@dataclass(frozen=True)
class Demo:
    """The served demo: its base URL and every text its users recorded (USER_DATA)."""

    url: str
    recorded: frozenset[str]


def _recorded(db_url: str) -> frozenset[str]:
    engine = create_engine(db_url)
    found: set[str] = set()
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        for table, columns in USER_DATA.items():
            if table in tables:
                for row in conn.execute(text(f"SELECT {', '.join(columns)} FROM {table}")):
                    found.update(str(v) for v in row if v)
    engine.dispose()
    return frozenset(found)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """The demo (`ipwatch demo`) on a fresh SQLite database, served on 127.0.0.1."""
    from monitor import create_app
    from monitor.setup import initialise, load_demo

    tmp = tmp_path_factory.mktemp("e2e-languages")
    url = f"sqlite:///{tmp / 'demo.db'}"
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "e2e-secret",
            "SCHEDULER": False,
            "INSTANCE_DIR": str(tmp / "instance"),
            "DEFAULT_LOCALE": "en",
        }
    )
    with app.app_context():
        initialise(app)
        load_demo(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-languages", daemon=True)
    thread.start()
    try:
        yield Demo(f"http://127.0.0.1:{server.server_port}", _recorded(url))
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        app.extensions["ipwatch_engine"].dispose()


@pytest.fixture
def tab_in(browser):  # type: ignore[no-untyped-def]
    """Open a fresh tab whose browser asks for `lang` (zh-CN or en-US)."""
    contexts = []

    def _open(lang: str, width: int = WIDTHS[0]):  # type: ignore[no-untyped-def]
        context = browser.new_context(
            locale=lang, accept_downloads=True, viewport={"width": width, "height": 900}
        )
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


def log_in(page, demo: Demo, role: str) -> None:  # type: ignore[no-untyped-def]
    email, password = DEMO_USERS[role]
    page.goto(f"{demo.url}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    page.wait_for_url("**/dashboard")


def _links(page, selector: str) -> list[str]:  # type: ignore[no-untyped-def]
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")
    return [urlsplit(h).path for h in hrefs if h and h.startswith("/")]


def walk(page, demo: Demo) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Visit the menu's pages, a few more, and the first record of each list; yield each path."""
    page.goto(f"{demo.url}/dashboard")
    paths = [p for p in dict.fromkeys([*_links(page, "nav a[href]"), *ALSO]) if not SKIP.search(p)]
    seen: set[str] = set()
    for path in paths:
        if path in seen:
            continue
        seen.add(path)
        if page.goto(f"{demo.url}{path}").status >= 400:
            continue  # a page this role may not open (the security tests check which)
        yield path
        pattern = LISTS.get(path)
        first = next(
            (p for p in _links(page, "main a[href]") if pattern and re.match(pattern, p)), None
        )
        if first and first not in seen:
            seen.add(first)
            page.goto(f"{demo.url}{first}")
            yield first


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", list(DEMO_USERS))
def test_a_chinese_user_sees_no_english_sentence(tab_in, demo: Demo, role: str, width: int) -> None:
    page = tab_in("zh-CN", width)
    log_in(page, demo, role)
    found = {}
    for path in walk(page, demo):
        assert page.evaluate("document.documentElement.lang") == "zh-CN", path
        sentences = english_sentences(page.evaluate(VISIBLE_TEXTS), demo.recorded)
        if sentences:
            found[path] = sorted(set(sentences))
    assert found == {}, _listing(found)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", list(DEMO_USERS))
def test_an_english_user_sees_no_chinese(tab_in, demo: Demo, role: str, width: int) -> None:
    page = tab_in("en-US", width)
    log_in(page, demo, role)
    found = {}
    for path in walk(page, demo):
        runs = chinese_runs(page.evaluate(VISIBLE_TEXTS), demo.recorded)
        if runs:
            found[path] = sorted(set(runs))
    assert found == {}, _listing(found)


def _listing(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{path}: {' | '.join(texts)}" for path, texts in found.items())


def test_the_gap_exports_and_the_api_answer_in_chinese(tab_in, demo: Demo) -> None:
    page = tab_in("zh-CN")
    log_in(page, demo, "brand_manager")
    with page.expect_download() as got:
        page.evaluate("url => { window.location.href = url }", "/coverage/gaps/export?format=csv")
    rows = list(csv.reader(io.StringIO(Path(got.value.path()).read_text("utf-8-sig"))))
    assert rows[0][:2] == ["产品编号", "产品"] or HAN_RUN.search(rows[0][0]), rows[0]
    cells = [cell for row in rows for cell in row]
    assert english_sentences(cells, demo.recorded) == []
    with page.expect_download() as got:
        page.evaluate("url => { window.location.href = url }", "/coverage/gaps/export?format=xlsx")
    book = load_workbook(io.BytesIO(Path(got.value.path()).read_bytes()), read_only=True)
    values = [
        str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v
    ]
    assert english_sentences(values + book.sheetnames, demo.recorded) == []
    answer = page.request.get(
        f"{demo.url}/api/v1/coverage/gaps?per_page=1000", headers={"Accept-Language": "zh-CN"}
    ).json()
    assert answer["items"] and {"status", "advice_action", "market"} <= set(answer["items"][0])
    texts = [str(v) for item in answer["items"] for v in _strings(item)]
    assert english_sentences(texts, demo.recorded) == []


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)
