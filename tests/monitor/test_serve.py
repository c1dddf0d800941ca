"""`ipwatch serve` starts a real server that answers on the port it was given."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(database_url, engine, tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "IPWATCH_DATABASE_URL": database_url,
        "IPWATCH_SCHEDULER": "1",
        "IPWATCH_INSTANCE_DIR": str(tmp_path / "instance"),
        "IPWATCH_SECRET_KEY": "x",
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from monitor.cli import main; main()",
            "serve",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/login", timeout=2)
            break
        except (urllib.error.URLError, ConnectionError):
            if proc.poll() is not None:
                pytest.fail("ipwatch serve exited: " + proc.stdout.read())
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=10)
    proc.stdout.close()


def test_serve_answers_and_protects_pages(served):
    with urllib.request.urlopen(f"{served}/login", timeout=5) as resp:
        assert resp.status == 200
        assert "ipwatch" in resp.read().decode()
    # a page behind the login redirects to it
    with urllib.request.urlopen(f"{served}/coverage", timeout=5) as resp:
        assert resp.url.startswith(f"{served}/login")
