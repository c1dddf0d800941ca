"""Long imports and exports run as background jobs: the upload answers at once with a progress
page whose bar counts the rows really written, the result page tells what was imported (or every
problem, with nothing stored), a gap export's file downloads when ready, nobody else sees the job,
imports run one at a time, and a job whose process died is shown as failed after a restart."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook
from sqlmodel import select

from coverage.models import Patent, Product, Trademark
from monitor import create_app
from monitor.background import exports as export_jobs
from monitor.background.models import BackgroundJob, JobStatus
from monitor.models import User
from tests.conftest import PASSWORD, csrf_token
from tests.monitor.test_imports_page import HEADERS

ROWS = 1_500  # a sheet; three sheets: 4,500 rows, well past the size imported at once
SMALLER = 1_100  # still past it (some 100 KB), quicker


def big_workbook(rows: int = ROWS, *, bad: tuple[int, ...] = (), renamed: int = 0) -> bytes:
    """A workbook of `rows` products, patents and trademarks; product rows `bad` (0-based) have
    class 46, and the first `renamed` products a new name."""
    book = Workbook(write_only=True)
    products = book.create_sheet("products")
    products.append(HEADERS["products"])
    for i in range(rows):
        classes = "46" if i in bad else "7;9"
        name = f"Drill {i} mk2" if i < renamed else f"Drill {i}"
        products.append([f"KD-{i:05d}", name, "电钻", f"BRAND{i % 40}", classes, "CN;US;EU"])
    patents = book.create_sheet("patents")
    patents.append(HEADERS["patents"])
    for i in range(rows):
        patents.append(
            [f"ZL2021{i:07d}.X", "CN", "utility_model", "granted", dt.date(2021, 1, 5),
             dt.date(2021, 8, 10), f"KD-{i:05d}"]
        )  # fmt: skip
    marks = book.create_sheet("trademarks")
    marks.append(HEADERS["trademarks"])
    for i in range(rows):
        marks.append(
            [f"3{i:07d}", "CN", f"BRAND{i % 40}", f"BRAND{i % 40}", "7;9", "registered",
             dt.date(2018, 3, 1), dt.date(2019, 6, 7), None, None]
        )  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, content: bytes, name: str = "big.xlsx"):
    data = {"csrf_token": csrf_token(client, "/import"), "workbook": (io.BytesIO(content), name)}
    return client.post("/import", data=data, content_type="multipart/form-data")


def job_id_of(resp) -> str:
    assert resp.status_code == 303, resp.get_data(as_text=True)[:500]
    match = re.search(r"/tasks/([A-Za-z0-9_-]+)", resp.headers["Location"])
    assert match, resp.headers["Location"]
    return match.group(1)


def follow(client, job_id: str, timeout: float = 180) -> list[dict]:
    """Every status the job reported, polled until it finished."""
    seen: list[dict] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        resp = client.get(f"/tasks/{job_id}/status")
        assert resp.status_code == 200
        seen.append(resp.get_json())
        if seen[-1]["finished"]:
            return seen
        time.sleep(0.02)
    raise AssertionError(f"the job did not finish: {seen[-1]}")


def counts(session) -> tuple[int, int, int]:
    session.expire_all()
    return tuple(len(session.exec(select(m)).all()) for m in (Product, Patent, Trademark))


def log_in_as(app, make_user, role: str, email: str):
    """A second browser: a client logged in as a new user."""
    make_user(role, email)
    other = app.test_client()
    token = csrf_token(other)
    other.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    return other


def test_a_big_workbook_imports_in_the_background_and_the_bar_counts_the_rows(
    client, login, session
):
    login("brand_manager")
    started = time.monotonic()
    resp = upload(client, big_workbook())
    answered = time.monotonic() - started
    job_id = job_id_of(resp)

    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Importing big.xlsx" in page and "<progress" in page
    assert 'http-equiv="refresh"' in page and "progress.js" in page  # works without JavaScript
    seen = follow(client, job_id)

    writing = [(s["done"], s["total"]) for s in seen if s["step"] == "writing"]
    assert writing and all(total == 3 * ROWS for _, total in writing)
    done = [d for d, _ in writing]
    assert done == sorted(done) and len(set(done)) >= 3, done  # it went up, row by row
    assert any(0 < d < 3 * ROWS for d in done)
    assert "Saving records: " in next(s["text"] for s in seen if s["step"] == "writing")
    assert seen[-1]["status"] == "done"
    assert answered < 5, f"the upload took {answered:.1f} s to answer"

    result = client.get(f"/tasks/{job_id}")
    html = result.get_data(as_text=True)
    assert result.status_code == 200 and 'data-testid="import-summary"' in html
    assert "Imported big.xlsx" in html
    assert re.search(r'data-sheet="products"><td>products</td><td class="num">1500<', html)
    assert "… and 4,000 more changes." in html  # the first 500 listed, the rest counted
    assert counts(session) == (ROWS, ROWS, ROWS)


def test_a_big_broken_workbook_lists_its_problems_and_stores_nothing(client, login, session):
    login("brand_manager")
    job_id = job_id_of(upload(client, big_workbook(bad=(0, 700, 1499)), "broken.xlsx"))

    assert follow(client, job_id)[-1]["status"] == "failed"

    html = client.get(f"/tasks/{job_id}").get_data(as_text=True)
    assert "broken.xlsx was not imported: 3 problems. Nothing was changed." in html
    rows = re.findall(
        r"<tr><td>products</td><td class=\"num\">(\d+)</td><td>nice_classes</td>", html
    )
    assert rows == ["2", "702", "1501"]  # the sheet, row (header = row 1) and column of each
    csv_link = re.search(r'href="(/import/[^"]+/problems\.csv)"', html)
    assert csv_link and client.get(csv_link.group(1)).status_code == 200
    assert counts(session) == (0, 0, 0)


def test_changes_to_saved_records_are_previewed_then_applied_in_the_background(
    client, login, session
):
    login("brand_manager")
    follow(client, job_id_of(upload(client, big_workbook())))

    preview_job = job_id_of(upload(client, big_workbook(renamed=600), "renamed.xlsx"))
    assert follow(client, preview_job)[-1]["status"] == "done"
    html = client.get(f"/tasks/{preview_job}").get_data(as_text=True)
    assert "Nothing has been changed yet: 0 to create, 600 to update" in html
    assert session.exec(select(Product).where(Product.product_id == "KD-00001")).one().name == (
        "Drill 1"
    )
    action = re.search(r'action="(/import/[^"]+/apply)"', html).group(1)
    revision = re.search(r'name="revision" value="(\d+)"', html).group(1)

    resp = client.post(
        action, data={"csrf_token": csrf_token(client, "/import"), "revision": revision}
    )
    apply_job = job_id_of(resp)
    assert follow(client, apply_job)[-1]["status"] == "done"
    html = client.get(f"/tasks/{apply_job}").get_data(as_text=True)
    assert "Imported renamed.xlsx" in html
    session.expire_all()
    assert session.exec(select(Product).where(Product.product_id == "KD-00001")).one().name == (
        "Drill 1 mk2"
    )


def test_a_second_import_waits_for_the_first_and_says_so(client, login, session):
    login("brand_manager")
    one_book, other_book = big_workbook(), big_workbook(renamed=10)  # made before: the first
    first = job_id_of(upload(client, one_book))  # import must still run when the second comes
    second = job_id_of(upload(client, other_book, "second.xlsx"))

    texts = [s["text"] for s in follow(client, second)]

    assert "Waiting for another import to finish…" in texts
    session.expire_all()
    one, two = (session.get(BackgroundJob, j) for j in (first, second))
    assert one.status == JobStatus.DONE and two.status == JobStatus.DONE
    assert two.started_at >= one.finished_at  # never at the same time


def test_nobody_else_sees_a_job_but_an_administrator(app, client, login, make_user):
    login("brand_manager")
    job_id = job_id_of(upload(client, big_workbook(rows=SMALLER)))
    follow(client, job_id)

    stranger = log_in_as(app, make_user, "brand_manager", "other@example.com")
    for path in (f"/tasks/{job_id}", f"/tasks/{job_id}/status", f"/tasks/{job_id}/file"):
        assert stranger.get(path).status_code == 404
    admin = log_in_as(app, make_user, "admin", "boss@example.com")
    assert admin.get(f"/tasks/{job_id}/status").get_json()["status"] == "done"
    assert app.test_client().get(f"/tasks/{job_id}/status").status_code in (302, 401)


def _dead_pid() -> int:
    """The pid of a process that has ended."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                           capture_output=True, text=True)  # fmt: skip
    return int(child.stdout)


def test_a_job_left_running_by_a_dead_process_is_failed_on_restart(
    app, client, login, session, database_url, tmp_path
):
    email = login("brand_manager")
    user_id = session.exec(select(User).where(User.email == email)).one().id
    host = socket.gethostname()
    session.add(
        BackgroundJob(id="dead-process-job", kind="import", user_id=user_id, label="big.xlsx",
                      status=JobStatus.RUNNING, step="writing", done=300, total=4500,
                      runner=f"{host}:{_dead_pid()}:0a1b2c")
    )  # fmt: skip
    session.add(  # the same pid as this process, but an earlier one (a container restarted)
        BackgroundJob(id="earlier-process-job", kind="export_gaps", user_id=user_id,
                      label="ipwatch-gaps.xlsx", status=JobStatus.RUNNING,
                      runner=f"{host}:{os.getpid()}:ffffff")
    )  # fmt: skip
    session.commit()

    create_app({"DATABASE_URL": database_url, "SECRET_KEY": "test-secret", "SCHEDULER": False,
                "INSTANCE_DIR": str(tmp_path / "instance"), "DEFAULT_LOCALE": "en"})  # fmt: skip

    session.expire_all()
    for job_id in ("dead-process-job", "earlier-process-job"):
        job = session.get(BackgroundJob, job_id)
        assert job.status == JobStatus.FAILED and job.error == "abandoned"
    html = client.get("/tasks/dead-process-job").get_data(as_text=True)
    assert "The server stopped while this job was running" in html
    assert "<progress" not in html
    # a new import is not held up by the dead one
    second = job_id_of(upload(client, big_workbook(rows=SMALLER)))
    assert follow(client, second)[-1]["status"] == "done"


def test_the_gap_export_is_made_in_the_background_and_kept_a_day(app, client, login, session):
    login("brand_manager")
    assert upload(client, big_workbook(rows=200)).status_code == 200  # small: imported at once

    gaps = client.get("/coverage/gaps").get_data(as_text=True)
    action = re.search(r'action="(/coverage/gaps/export\?format=xlsx[^"]*)"', gaps).group(1)
    resp = client.post(
        action.replace("&amp;", "&"), data={"csrf_token": csrf_token(client, "/coverage/gaps")}
    )
    job_id = job_id_of(resp)
    assert "autostart=1" in resp.headers["Location"]
    seen = follow(client, job_id)

    written = [s["done"] for s in seen if s["step"] == "writing"]
    assert seen[-1]["status"] == "done" and written == sorted(written)
    html = client.get(f"/tasks/{job_id}?autostart=1").get_data(as_text=True)
    assert 'data-autostart="1"' in html and "Your file is ready" in html
    with client.get(f"/tasks/{job_id}/file") as file:
        assert file.status_code == 200
        disposition = file.headers["Content-Disposition"]
        book = load_workbook(io.BytesIO(file.data))
    assert disposition.startswith("attachment; filename=ipwatch-gaps-")
    rows = list(book["Gaps"].iter_rows(values_only=True))
    plan = list(book["Filing plan"].iter_rows(values_only=True))
    assert rows[0][0] == "Product ID" and len(rows) > 1000
    assert seen[-1]["total"] == len(rows) - 1 + len(plan) - 1  # every row written was counted
    instance = Path(app.config["INSTANCE_DIR"])
    folder = next((export_jobs.exports_dir(instance) / str(_user_id(session))).iterdir())
    old = time.time() - 2 * 86_400
    os.utime(folder, (old, old))

    assert export_jobs.clean_old_exports(instance) == 1
    assert client.get(f"/tasks/{job_id}/file").status_code == 410
    assert "no longer kept" in client.get(f"/tasks/{job_id}").get_data(as_text=True)


def _user_id(session) -> int:
    return session.exec(select(User)).first().id


def test_the_plain_export_link_still_answers_with_the_file(client, login):
    login("executive")
    resp = client.get("/coverage/gaps/export", query_string={"format": "csv"})
    assert resp.status_code == 200 and resp.mimetype == "text/csv"


def _post_export_button(client, page: str, fmt: str):
    """Click the page's export button `fmt`: post its form."""
    html = client.get(page).get_data(as_text=True)
    path = page.split("?")[0]
    action = re.search(rf'action="({path}/export\?format={fmt}[^"]*)"', html).group(1)
    return client.post(action.replace("&amp;", "&"), data={"csrf_token": csrf_token(client, page)})


def test_the_patent_layout_export_is_made_in_the_background_for_its_owner_only(
    app, client, login, make_user
):
    login("brand_manager")
    assert upload(client, big_workbook(rows=200)).status_code == 200  # small: imported at once

    resp = _post_export_button(client, "/patents/layout", "xlsx")
    job_id = job_id_of(resp)
    assert "autostart=1" in resp.headers["Location"]
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Exporting ipwatch-patent-layout-" in page
    seen = follow(client, job_id)

    assert seen[-1]["status"] == "done"
    written = [s["done"] for s in seen if s["step"] == "writing"]
    assert written == sorted(written)
    with client.get(f"/tasks/{job_id}/file") as file:
        assert file.status_code == 200
        assert file.headers["Content-Disposition"].startswith(
            "attachment; filename=ipwatch-patent-layout-"
        )
        book = load_workbook(io.BytesIO(file.data))
    cells = list(book["Patent layout"].iter_rows(values_only=True))
    due = list(book["Patent deadlines"].iter_rows(values_only=True))
    assert cells[0][0] == "Product ID" and len(cells) > 200
    assert {row[0] for row in cells[1:]} >= {"KD-00000", "KD-00199"}
    rows = len(cells) - 1 + len(due) - 1
    assert seen[-1]["done"] == seen[-1]["total"] == rows  # every row written was counted
    assert f"Your file is ready: {rows:,} rows." in client.get(f"/tasks/{job_id}").get_data(
        as_text=True
    )

    stranger = log_in_as(app, make_user, "brand_manager", "other@example.com")
    for path in (f"/tasks/{job_id}", f"/tasks/{job_id}/status", f"/tasks/{job_id}/file"):
        assert stranger.get(path).status_code == 404
    admin = log_in_as(app, make_user, "admin", "boss@example.com")
    with admin.get(f"/tasks/{job_id}/file") as file:
        assert file.status_code == 200


def test_the_patent_deadline_export_is_made_in_the_background(client, login):
    login("brand_manager")
    assert upload(client, big_workbook(rows=200)).status_code == 200

    job_id = job_id_of(_post_export_button(client, "/patents/deadlines", "csv"))
    seen = follow(client, job_id)

    with client.get(f"/tasks/{job_id}/file") as file:
        assert file.status_code == 200 and file.mimetype == "text/csv"
        lines = file.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Due,") and len(lines) > 200  # an annuity of each patent
    assert seen[-1]["done"] == seen[-1]["total"] == len(lines) - 1


def test_the_plain_layout_export_links_still_answer_with_the_file(client, login):
    login("executive")
    for path in ("/patents/layout/export", "/patents/deadlines/export"):
        resp = client.get(path, query_string={"format": "csv"})
        assert resp.status_code == 200 and resp.mimetype == "text/csv"
