"""Shared fixtures: databases in temporary files and a way to run the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from budget import db, seed
from deploy.start import stop_process

ROOT = Path(__file__).resolve().parent.parent


def make_db(path: Path, demo: bool) -> Path:
    con = db.connect(path)
    try:
        seed.initialise(con, demo=demo)
    finally:
        con.close()
    return path


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    """An initialised database with the seed facts and the baseline, no disbursements."""
    return make_db(tmp_path / "empty.duckdb", demo=False)


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_db(tmp_path_factory.mktemp("demo") / "demo.duckdb", demo=True)


@pytest.fixture
def demo_db(demo_db_template: Path, tmp_path: Path) -> Path:
    """A private copy of an initialised database with the synthetic demo batch."""
    target = tmp_path / "demo.duckdb"
    target.write_bytes(demo_db_template.read_bytes())
    return target


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m budget ARGS`` in a child process, as other tools do."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "budget", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def streamlit_server(tmp_path: Path):
    """Start ``streamlit run app.py`` on a free port against a given database; always stop it."""
    import time
    import urllib.request

    started: list[subprocess.Popen] = []

    def start(database: Path, address: str = "127.0.0.1", env: dict[str, str] | None = None) -> str:
        port = free_port()
        log = open(tmp_path / f"streamlit-{port}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.address",
                address,
                "--server.headless",
                "true",
            ],
            cwd=ROOT,
            env={**os.environ, "BUDGET_DB": str(database), **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append(process)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited early: {(tmp_path / f'streamlit-{port}.log').read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return url
            except OSError:
                time.sleep(0.25)  # polling the health endpoint, not waiting on the page
        raise RuntimeError("streamlit did not answer within 90 s")

    yield start
    for process in started:
        stop_process(process)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-background-networking",
]


@pytest.fixture
def browser():
    """Debian's Chromium driven by Playwright (Playwright's own browser download is never used)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def wait_until_idle(page, timeout_ms: int = 60_000) -> None:
    """Wait until the Streamlit script has finished running (its own state, not a sleep)."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)
