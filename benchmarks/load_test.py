"""Load test: N real browser sessions at once walking the main pages; time to drawn charts and server memory.

    .venv/bin/python benchmarks/load_test.py                                # single server, N = 1, 5, 10, 20
    .venv/bin/python benchmarks/load_test.py --targets single,replicas      # both, in one run: compare as ratios
    .venv/bin/python benchmarks/load_test.py --sessions 1,5 --json /tmp/load.json
    .venv/bin/python benchmarks/load_test.py --url http://127.0.0.1:8501 --pids 12345   # a server already running

It builds a database with the demo data in a temporary folder, then for each target:

- ``single``: one ``streamlit run app.py`` on a free loopback port;
- ``replicas``: ``deploy/start.py``'s set (nginx in front of an editor and ``--viewers`` viewers);
- ``--url``: a server already running on this machine; ``--pids`` names the processes to weigh.

A warm-up session (not counted) walks the pages once: it fills the server's caches and learns how
many charts each page draws. Then for each N, one Debian Chromium opens N browser contexts (N
Streamlit sessions, each with its own cookies and cache, as N readers would) and starts them
together. Each opens the overview, then clicks Allocation and Uptake in the sidebar. A page's time
runs, on the page's own clock, from the navigation start (the overview) or the click to the moment
the page is drawn: the URL is the page's, the server has sent ``script_finished`` for a run begun
after the click (read from the WebSocket in the page), ``stApp`` says ``notRunning``, and as many
new ``.js-plotly-plot`` charts with an ``svg.main-svg`` are on the page as in the warm-up. The
overview's time is a first visit's: it includes fetching and starting Streamlit's JavaScript
(about 110 files, Plotly's 4.7 MB among them), since every context starts with an empty cache.

Errors, per N: a page not drawn within ``--page-timeout``, an exception box on the page, a page or
browser crash, a sidebar link that could not be clicked. Server memory: the summed resident memory
(VmRSS) of the server processes and their children, read before the N sessions open and after all
have walked while still open (per session = the difference / N), and the peak, sampled every 0.5 s.
Streamlit keeps a closed session for reconnection (``server.disconnectedSessionTTL``, 2 minutes)
and Python rarely returns memory, so "before" grows from one N to the next; the difference is
what N more readers cost.

Bounded: ``--max-seconds`` for the whole run (the N not started by then are skipped, and said so;
a page still loading then counts as cut off), at most 50 sessions, loopback addresses only
(Chromium resolves no other host name).

Caveat: the browsers run on the same machine as the server and compete with it for the same
cores. At N = 20 on a small machine much of the time is Chromium's own work, so read the numbers
as an upper bound on what a server would show with readers elsewhere, and compare targets by
their ratio within one run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import random
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import demo_database  # noqa: E402
from deploy.start import stop_process  # noqa: E402 - the replica set's own way to end a child
from tests.conftest import CHROMIUM  # noqa: E402 - Debian's Chromium, launched as the browser tests do
from tests.conftest import CHROMIUM_ARGS as TEST_ARGS  # noqa: E402

# loopback only: any other host name fails to resolve
CHROMIUM_ARGS = [*TEST_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_SESSIONS = 50
VIEWPORT = {"width": 1400, "height": 900}
# (name, the sidebar link's path; None: the page the base URL opens)
PAGES = [("overview", None), ("allocation", "allocation"), ("uptake", "uptake")]

# Runs in every document before the app's code. It counts the script runs the server reports
# finished (one binary WebSocket message is one ForwardMsg: its field `script_finished`, with
# any status but "stopped early for a rerun") and remembers the last click, on the page's clock.
# Field and status numbers come from Streamlit's own ForwardMsg (see page_script).
COUNTERS = """
window.__loadFinished = 0;
window.__loadClickAt = null;
document.addEventListener('click', () => { window.__loadClickAt = performance.now(); }, true);
const scriptFinished = (bytes) => {
  let i = 0;
  const varint = () => {
    let value = 0, shift = 0, byte;
    do { byte = bytes[i++]; value += (byte & 127) * 2 ** shift; shift += 7; } while (byte & 128);
    return value;
  };
  while (i < bytes.length) {
    const key = varint();
    const field = Math.floor(key / 8), wire = key % 8;
    if (wire === 0) {
      const value = varint();
      if (field === FINISHED_FIELD) return value !== FINISHED_EARLY;
    } else if (wire === 2) {
      const length = varint();  // not `i += varint()`: that adds to the old i
      i += length;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else return false;
  }
  return false;
};
window.WebSocket = class extends window.WebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener('message', (event) => {
      if (event.data instanceof ArrayBuffer && scriptFinished(new Uint8Array(event.data))) window.__loadFinished += 1;
    });
  }
};
"""

# Before a click: the runs finished so far, and the charts on screen marked as the old page's.
BEFORE_CLICK = """
() => {
  document.querySelectorAll('.js-plotly-plot').forEach((plot) => plot.setAttribute('data-load-old', ''));
  return window.__loadFinished;
}
"""

# True-ish once the page is drawn: the URL is the page's, the server has finished a script run
# since the navigation, the app says it is not running, and at least `expected` charts that are
# neither stale nor the old page's have their SVG.
DRAWN = """
([expected, path, finishedBefore]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || (path && !location.pathname.endsWith('/' + path))) return false;
  if (window.__loadFinished <= finishedBefore) return false;
  if (document.querySelector('[data-testid="stException"]')) return {exception: true, at: performance.now()};
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  const drawn = Array.from(document.querySelectorAll('.js-plotly-plot')).filter(
    (plot) => !plot.closest('[data-stale="true"]') && !plot.hasAttribute('data-load-old')
      && plot.querySelector('svg.main-svg') && plot.getBoundingClientRect().width > 0
  ).length;
  return drawn >= expected ? {drawn, at: performance.now()} : false;
}
"""
# What the page shows when it was not drawn in time, for the error's detail.
STATE = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return {
    path: location.pathname,
    script: app && app.getAttribute('data-test-script-state'),
    connection: app && app.getAttribute('data-test-connection-state'),
    finished_runs: window.__loadFinished,
    charts: document.querySelectorAll('.js-plotly-plot').length,
    drawn: document.querySelectorAll('.js-plotly-plot svg.main-svg').length,
    old: document.querySelectorAll('[data-load-old]').length,
    stale: document.querySelectorAll('[data-stale="true"]').length,
  };
}
"""
POLL_MS = 50  # how often DRAWN is checked: the resolution of the timings


# --- server processes and their memory ----------------------------------------------------


def _children() -> dict[int, list[int]]:
    """Each process's child processes, from /proc."""
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # gone while we looked
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def rss_mb(pids: dict[str, int]) -> dict[str, float]:
    """Resident memory in MB of each named process with its descendants (nginx's workers, say)."""
    tree = _children()
    found: dict[str, float] = {}
    seen: set[int] = set()
    for name, pid in pids.items():
        total, stack = 0, [pid]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            stack.extend(tree.get(current, []))
            try:
                with open(f"/proc/{current}/status", encoding="ascii", errors="replace") as status:
                    total += next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
            except OSError:
                pass  # exited
        found[name] = total / 1024
    return found


class PeakSampler:
    """The highest summed resident memory seen, sampled every 0.5 s in a background thread."""

    def __init__(self, pids: Callable[[], dict[str, int]]) -> None:
        self.pids, self.peak = pids, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while True:
            self.peak = max(self.peak, sum(rss_mb(self.pids()).values()))
            if self._stop.wait(0.5):
                return

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


def free_port(count: int = 1) -> int:
    """A loopback port with the ``count - 1`` ports after it free too."""
    for _ in range(200):
        first = random.randint(20000, 40000)
        with contextlib.ExitStack() as probes:
            try:
                for port in range(first, first + count):
                    probes.enter_context(socket.socket()).bind(("127.0.0.1", port))
            except OSError:
                continue
        return first
    raise RuntimeError(f"no {count} free ports in a row")


@contextlib.contextmanager
def single_server(database: Path, folder: Path) -> Iterator[tuple[str, Callable[[], dict[str, int]]]]:
    """One ``streamlit run app.py`` on a free loopback port; always stopped."""
    port = free_port()
    log_path = folder / f"streamlit-{port}.log"
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env={**os.environ, "BUDGET_DB": str(database)}, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while not _answers(url):
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited early: {log_path.read_text(encoding='utf-8')[-2000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError("streamlit did not answer within 90 s")
            time.sleep(0.25)  # polling the health endpoint
        yield url, lambda: {"streamlit": process.pid}
    finally:
        stop_process(process)


@contextlib.contextmanager
def replica_servers(database: Path, folder: Path, viewers: int) -> Iterator[tuple[str, Callable[[], dict[str, int]]]]:
    """``deploy/start.py``'s set: nginx, the editor and the viewers (imported here, only when asked for)."""
    from deploy.start import running

    with running(free_port(viewers + 2), viewers, database, folder / "runtime") as stack:
        yield stack.url, stack.pids


@contextlib.contextmanager
def given_server(url: str, pids: dict[str, int]) -> Iterator[tuple[str, Callable[[], dict[str, int]]]]:
    if not _answers(url):
        raise RuntimeError(f"nothing answers at {url}/_stcore/health")
    yield url, lambda: pids


# --- browser sessions ---------------------------------------------------------------------


async def launch(playwright):
    return await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def page_script() -> str:
    """COUNTERS with the numbers of this Streamlit's ForwardMsg.script_finished."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    field = ForwardMsg.DESCRIPTOR.fields_by_name["script_finished"]
    early = field.enum_type.values_by_name["FINISHED_EARLY_FOR_RERUN"].number
    return f"(() => {{\nconst FINISHED_FIELD = {field.number}, FINISHED_EARLY = {early};\n{COUNTERS}}})();"


async def open_session(browser):
    """A new context (its own cookies and cache: its own Streamlit session) and its page."""
    context = await browser.new_context(viewport=VIEWPORT)
    await context.add_init_script(page_script())
    return context, await context.new_page()


async def navigate(page, url: str, path: str | None, timeout: float) -> int:
    """Open the base URL, or click the sidebar link to ``path``; the script runs finished before."""
    if path is None:
        await page.goto(url, timeout=timeout * 1000)
        return 0  # a new document counts from zero
    finished_before = await page.evaluate(BEFORE_CLICK)
    await page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').click(timeout=timeout * 1000)
    return finished_before


async def wait_drawn(page, expected: int, path: str | None, finished_before: int, until: float) -> dict:
    """Wait for DRAWN until the monotonic time ``until``; its answer (when, how many charts)."""
    timeout_ms = max(until - time.monotonic(), 0.001) * 1000
    handle = await page.wait_for_function(
        DRAWN, arg=[expected, path, finished_before], polling=POLL_MS, timeout=timeout_ms
    )
    return await handle.json_value()


async def walk(page, url: str, expected: dict[str, int], page_timeout: float, deadline: float) -> dict:
    """Open the overview, then click through the other pages; each page's time or error.

    A page cut off by the run's deadline is recorded as such (not an error) and ends the walk.
    """
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    timings: dict[str, float] = {}
    errors: list[dict] = []
    crashes: list[str] = []
    page.on("crash", lambda _: crashes.append("crash"))
    for name, path in PAGES:
        timeout = max(min(page_timeout, deadline - time.monotonic()), 0.001)
        until = time.monotonic() + timeout
        try:
            finished_before = await navigate(page, url, path, timeout)
            state = await wait_drawn(page, expected[name], path, finished_before, until)
        except PlaywrightTimeout:
            kind = "cut off" if timeout < page_timeout else "timeout"
            try:
                shown = await page.evaluate(STATE)
            except PlaywrightError:
                shown = "nothing (the page is gone)"
            errors.append({"page": name, "kind": kind, "detail": f"not drawn within {timeout:.0f} s; showing {shown}"})
            if kind == "cut off":
                break  # the run's time is up: the rest of the walk is not tried
            continue
        except PlaywrightError as error:
            errors.append({"page": name, "kind": "crash" if crashes else "browser", "detail": str(error)[:300]})
            break  # the page is gone: the rest of the walk cannot happen
        if state.get("exception"):
            detail = await page.locator('[data-testid="stException"]').first.inner_text()
            errors.append({"page": name, "kind": "exception", "detail": detail[:300]})
            continue
        started = 0.0 if path is None else await page.evaluate("window.__loadClickAt")
        timings[name] = (state["at"] - started) / 1000
    return {"timings": timings, "errors": errors}


async def warm_up(playwright, url: str, page_timeout: float) -> tuple[dict[str, int], str]:
    """Walk the pages once in one session, not timed: fill caches, learn each page's chart count.

    Every page has at least one chart; the count is taken once it has held for 2 s, since
    charts mount one by one once Plotly's code has loaded. Also returns Chromium's version.
    """
    browser = await launch(playwright)
    try:
        context, page = await open_session(browser)
        counts: dict[str, int] = {}
        for name, path in PAGES:
            finished_before = await navigate(page, url, path, page_timeout)
            state = await wait_drawn(page, 1, path, finished_before, time.monotonic() + page_timeout)
            if state.get("exception"):
                raise RuntimeError(f"warm-up: the {name} page shows an exception")
            count, since = state["drawn"], time.monotonic()
            while time.monotonic() - since < 2:
                await asyncio.sleep(0.25)
                now = (await wait_drawn(page, 0, path, finished_before, time.monotonic() + page_timeout)).get("drawn")
                if now != count:
                    count, since = now, time.monotonic()
            if not count:
                raise RuntimeError(f"warm-up: the {name} page lost its charts")
            counts[name] = count
        await context.close()
        return counts, browser.version
    finally:
        await browser.close()


async def run_sessions(
    playwright, url: str, sessions: int, expected: dict[str, int], pids, page_timeout: float, deadline: float
) -> dict:
    """N sessions started together; their timings, errors and the server's memory around them."""
    before = rss_mb(pids())
    browser = await launch(playwright)
    started = time.monotonic()
    try:
        with PeakSampler(pids) as sampler:
            opened = [await open_session(browser) for _ in range(sessions)]
            # the barrier: every context exists before any navigation starts
            walks = await asyncio.gather(
                *(walk(page, url, expected, page_timeout, deadline) for _, page in opened), return_exceptions=True
            )
            after = rss_mb(pids())  # all sessions have walked and are still open
        browser_lost = not browser.is_connected()
        for context, _ in opened:
            with contextlib.suppress(Exception):
                await context.close()
    finally:
        with contextlib.suppress(Exception):
            await browser.close()
    timings, errors = [], []
    for number, result in enumerate(walks):
        if isinstance(result, BaseException):
            errors.append({"session": number, "page": None, "kind": "browser", "detail": repr(result)[:300]})
            continue
        timings += [{"session": number, "page": name, "seconds": s} for name, s in result["timings"].items()]
        errors += [{"session": number, **error} for error in result["errors"]]
    if browser_lost:
        errors.append({"session": None, "page": None, "kind": "crash", "detail": "the browser went away"})
    before_total, after_total = sum(before.values()), sum(after.values())
    return {
        "sessions": sessions,
        "wall_s": time.monotonic() - started,
        "load_average": os.getloadavg(),  # 1, 5, 15 minutes: how busy the machine was
        "timings": timings,
        "errors": errors,
        "cut_off": any(error["kind"] == "cut off" for error in errors),
        "memory_mb": {"before": before, "after": after},
        "summary": summarise(timings, errors, before_total, after_total, sampler.peak, sessions),
    }


def percentile(values: list[float], share: float) -> float:
    """Linear interpolation between the closest ranks (as numpy's default)."""
    ordered = sorted(values)
    place = (len(ordered) - 1) * share
    low = int(place)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (place - low)


def summarise(timings: list[dict], errors: list[dict], before: float, after: float, peak: float, n: int) -> dict:
    seconds = [t["seconds"] for t in timings]
    by_page = {
        name: statistics.median(s) for name, _ in PAGES if (s := [t["seconds"] for t in timings if t["page"] == name])
    }
    return {
        "pages_timed": len(seconds),
        "p50_s": percentile(seconds, 0.5) if seconds else None,
        "p95_s": percentile(seconds, 0.95) if seconds else None,
        "max_s": max(seconds) if seconds else None,
        "p50_by_page_s": by_page,
        "errors": sum(error["kind"] != "cut off" for error in errors),
        "rss_before_mb": before,
        "rss_after_mb": after,
        "rss_peak_mb": max(peak, after),
        "mb_per_session": (after - before) / n,
    }


# --- the run ------------------------------------------------------------------------------


async def measure(target: str, url: str, pids, args: argparse.Namespace, deadline: float) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        expected, chromium = await warm_up(playwright, url, args.page_timeout)
        print(table_header(target, url, expected), flush=True)
        runs, skipped = [], []
        for number, sessions in enumerate(args.sessions):
            if time.monotonic() >= deadline:
                skipped = args.sessions[number:]
                break
            await asyncio.sleep(args.settle)  # let the server see the last sessions' sockets close
            run = await run_sessions(playwright, url, sessions, expected, pids, args.page_timeout, deadline)
            runs.append(run)
            print(row(run), flush=True)
    return {"url": url, "expected_charts": expected, "runs": runs, "skipped": skipped, "chromium": chromium}


def table_header(target: str, url: str, expected: dict[str, int]) -> str:
    charts = ", ".join(f"{name} {count}" for name, count in expected.items())
    return (
        f"\n## {target} ({url}; charts per page: {charts})\n\n"
        "| N | pages timed | p50 s | p95 s | max s | errors | RSS before MB | RSS after MB | RSS peak MB "
        "| MB per session | p50 s overview / allocation / uptake |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|"
    )


def row(run: dict) -> str:
    s = run["summary"]

    def seconds(value: float | None) -> str:
        return "–" if value is None else f"{value:.2f}"

    pages = " / ".join(seconds(s["p50_by_page_s"].get(name)) for name, _ in PAGES)
    note = " (cut off by --max-seconds)" if run["cut_off"] else ""
    return (
        f"| {run['sessions']}{note} | {s['pages_timed']} / {run['sessions'] * len(PAGES)} | {seconds(s['p50_s'])} "
        f"| {seconds(s['p95_s'])} | {seconds(s['max_s'])} | {s['errors']} | {s['rss_before_mb']:.0f} "
        f"| {s['rss_after_mb']:.0f} | {s['rss_peak_mb']:.0f} | {s['mb_per_session']:.1f} | {pages} |"
    )


def build_database(folder: Path) -> Path:
    return demo_database(folder / "load.duckdb")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--targets", help="single, replicas or both, comma-separated (default: single)")
    parser.add_argument("--sessions", default="1,5,10,20", help="the numbers of concurrent sessions to try")
    parser.add_argument("--viewers", type=int, default=2, help="replicas: how many viewer instances")
    parser.add_argument("--url", help="measure a server already running on this machine instead")
    parser.add_argument("--pids", help="with --url: comma-separated process ids whose memory to read")
    parser.add_argument("--page-timeout", type=float, default=60, help="seconds a page may take (default 60)")
    parser.add_argument("--max-seconds", type=float, default=900, help="for the whole run (default 900)")
    parser.add_argument("--settle", type=float, default=3, help="seconds between two N (default 3)")
    parser.add_argument("--json", type=Path, help="write every timing, the summaries and the machine here")
    args = parser.parse_args()
    args.sessions = [int(n) for n in args.sessions.split(",")]
    if any(n < 1 or n > MAX_SESSIONS for n in args.sessions):
        parser.error(f"--sessions: each between 1 and {MAX_SESSIONS}")
    if args.url:
        if args.targets:
            parser.error("--url measures that server: leave out --targets")
        if urlparse(args.url).hostname not in LOOPBACK:
            parser.error("--url: loopback only (127.0.0.1, localhost, ::1)")
        args.targets = ["url"]
    else:
        if args.pids:
            parser.error("--pids goes with --url")
        args.targets = (args.targets or "single").split(",")
        if unknown := set(args.targets) - {"single", "replicas"}:
            parser.error(f"--targets: unknown {', '.join(sorted(unknown))} (single, replicas)")
    if not Path(CHROMIUM).exists():
        parser.error(f"{CHROMIUM} is missing: `sudo apt-get install chromium`")
    return args


def main() -> None:
    args = parse_args()
    started = time.monotonic()
    deadline = started + args.max_seconds
    python = os.path.relpath(sys.executable, Path.cwd())
    command = shlex.join([python, *sys.argv])
    machine = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_average": os.getloadavg(),
    }
    print(f"# load test · {machine['platform']} · {machine['nproc']} cores · {machine['date']}")
    print(f"# command: {command}")
    print(
        f"# N sessions at once in one Chromium on this machine; pages {', '.join(n for n, _ in PAGES)}; "
        f"per-page timeout {args.page_timeout:.0f} s; at most {args.max_seconds:.0f} s in all"
    )
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="budget-load-") as name:
        folder = Path(name)
        database = build_database(folder) if "url" not in args.targets else None
        for target in args.targets:
            if time.monotonic() >= deadline:
                print(f"\n## {target}: skipped, --max-seconds reached")
                results[target] = {"skipped": args.sessions}
                continue
            if target == "single":
                server = single_server(database, folder)
            elif target == "replicas":
                server = replica_servers(database, folder, args.viewers)
            else:
                pids = {f"pid-{p}": int(p) for p in args.pids.split(",")} if args.pids else {}
                server = given_server(args.url, pids)
            with server as (url, pids):
                results[target] = asyncio.run(measure(target, url, pids, args, deadline))
            if results[target]["skipped"]:
                skipped = ", ".join(map(str, results[target]["skipped"]))
                print(f"N = {skipped}: skipped, --max-seconds ({args.max_seconds:.0f} s) reached")

    if "single" in results and "replicas" in results:
        print("\nreplicas / single, same run:")
        single = {run["sessions"]: run["summary"] for run in results["single"].get("runs", [])}
        for run in results["replicas"].get("runs", []):
            base, other = single.get(run["sessions"]), run["summary"]
            if base and base["p50_s"] and other["p50_s"]:
                print(
                    f"N = {run['sessions']}: p50 {other['p50_s'] / base['p50_s']:.2f}x, "
                    f"p95 {other['p95_s'] / base['p95_s']:.2f}x, RSS after {other['rss_after_mb'] / base['rss_after_mb']:.2f}x"
                )
    print(f"\ndone in {time.monotonic() - started:.0f} s")
    if args.json:
        machine["chromium"] = next((r.get("chromium") for r in results.values() if r.get("chromium")), None)
        settings = {
            "sessions": args.sessions,
            "page_timeout_s": args.page_timeout,
            "max_seconds": args.max_seconds,
            "viewers": args.viewers,
            "poll_ms": POLL_MS,
            "viewport": VIEWPORT,
        }
        report = {"command": command, "machine": machine, "settings": settings, "targets": results}
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
