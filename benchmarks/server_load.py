"""Load test of the server alone: N Streamlit sessions at once over Streamlit's own protocol, no browser.

    .venv/bin/python benchmarks/server_load.py                              # single and replicas, N = 1 … 80
    .venv/bin/python benchmarks/server_load.py --sessions 10,40 --rounds 5 --json /tmp/server.json

``load_test.py`` drives real Chromium pages, but on a two-core machine the N browsers share the
cores with the server, and from about five readers on they are most of what it measures. This
script takes the browsers out: each session opens the WebSocket that Streamlit's JavaScript opens
(``/_stcore/stream``), asks for a page as the browser does (a ``rerun_script`` message: the
overview by its URL, then Allocation and Uptake by the page hashes the server announced), and
times each page from the request to the server's ``script_finished``: the server's whole share of
a page, every chart's data and figure included, with nothing drawn. Each session walks the three
pages ``--rounds`` times. Without ``--think`` the N sessions start together and click on at
once: the worst case. With it, their first pages are spread over that many seconds and each
session waits 0.5–1.5 times that long on a page before the next: readers reading.

For each target (``single``: one ``streamlit run app.py``; ``replicas``: ``deploy/start.py``'s set
with ``--viewers`` viewers behind nginx; the same two as ``load_test.py``, on the same demo
database) and each N, it reports p50 and p95 page time, the pages per second served, errors (a
page not finished within ``--page-timeout``, an exception element, a refused connection) and the
servers' resident memory before, after and at peak. The client is one Python process; at the
largest N it uses a good part of one core, which the results also show (client CPU seconds).

Bounded: at most 200 sessions, ``--max-seconds`` in all, loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load_test as lt  # its targets, memory readings and percentiles

MAX_SESSIONS = 200
PAGES = ["overview", "allocation", "uptake"]


def _proto():
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    return BackMsg, ForwardMsg


async def _run_page(ws, back: bytes, timeout: float) -> dict:
    """Send one rerun request; read until its script_finished. The page's time, and what it held."""
    _, forward_msg = _proto()
    started = time.perf_counter()
    await ws.send(back)
    navigation, exception = {}, False
    async with asyncio.timeout(timeout):
        while True:
            message = forward_msg()
            message.ParseFromString(await ws.recv())
            kind = message.WhichOneof("type")
            if kind == "navigation":
                navigation = {p.url_pathname: p.page_script_hash for p in message.navigation.app_pages}
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                exception = exception or message.delta.new_element.WhichOneof("type") == "exception"
            elif kind == "script_finished" and message.script_finished != forward_msg.FINISHED_EARLY_FOR_RERUN:
                return {"seconds": time.perf_counter() - started, "navigation": navigation, "exception": exception}


def _rerun(page_hash: str = "", page_name: str = "") -> bytes:
    back_msg, _ = _proto()
    message = back_msg()
    message.rerun_script.query_string = "lang=ko"
    message.rerun_script.page_script_hash = page_hash
    message.rerun_script.page_name = page_name
    message.rerun_script.context_info.timezone = "Asia/Seoul"
    message.rerun_script.context_info.locale = "ko-KR"
    return message.SerializeToString()


async def session(
    url: str, rounds: int, timeout: float, think: float, go: asyncio.Event, results: list, errors: list
) -> None:
    import websockets

    address = url.replace("http://", "ws://", 1) + "/_stcore/stream"
    try:
        # no keep-alive pings: a browser sends none, and a busy server must not lose a session over one
        async with websockets.connect(
            address, subprotocols=["streamlit"], max_size=None, open_timeout=timeout, ping_interval=None
        ) as ws:
            await go.wait()
            hashes: dict[str, str] = {}
            for round_ in range(rounds):
                for page in PAGES:
                    if think:  # readers arrive spread over one think time, and read each page before the next
                        first = round_ == 0 and page == "overview"
                        await asyncio.sleep(
                            random.uniform(0.0, 1.0) * think if first else random.uniform(0.5, 1.5) * think
                        )
                    ask = _rerun(page_name="") if page == "overview" and round_ == 0 else _rerun(hashes.get(page, ""))
                    try:
                        done = await _run_page(ws, ask, timeout)
                    except TimeoutError:
                        errors.append({"page": page, "error": f"not finished within {timeout:.0f} s"})
                        return
                    hashes.update(done["navigation"])
                    if done["exception"]:
                        errors.append({"page": page, "error": "exception on the page"})
                    results.append({"page": page, "round": round_, "seconds": done["seconds"]})
    except (OSError, websockets.exceptions.WebSocketException) as exc:
        errors.append({"page": None, "error": f"{type(exc).__name__}: {exc}"})


async def measure(url: str, n: int, rounds: int, timeout: float, think: float = 0.0) -> tuple[list, list, float]:
    go = asyncio.Event()
    results: list[dict] = []
    errors: list[dict] = []
    tasks = [asyncio.create_task(session(url, rounds, timeout, think, go, results, errors)) for _ in range(n)]
    await asyncio.sleep(0.5)  # every socket open before the first page is asked for
    started = time.perf_counter()
    go.set()
    await asyncio.gather(*tasks)
    return results, errors, time.perf_counter() - started


def run_target(target: str, args: argparse.Namespace, database: Path, folder: Path, deadline: float) -> dict:
    starter = (
        lt.single_server(database, folder) if target == "single" else lt.replica_servers(database, folder, args.viewers)
    )
    runs = []
    with starter as (url, pids):
        asyncio.run(measure(url, 2, 1, args.page_timeout))  # warm-up: caches filled, not counted
        for n in args.sessions:
            if time.monotonic() > deadline:
                runs.append({"n": n, "skipped": "out of --max-seconds"})
                continue
            time.sleep(args.settle)
            before = sum(lt.rss_mb(pids()).values())
            cpu_before = resource.getrusage(resource.RUSAGE_SELF)
            with lt.PeakSampler(pids) as sampler:
                results, errors, wall = asyncio.run(measure(url, n, args.rounds, args.page_timeout, args.think))
                after = sum(lt.rss_mb(pids()).values())
            cpu_after = resource.getrusage(resource.RUSAGE_SELF)
            peak = sampler.peak
            seconds = [r["seconds"] for r in results]
            runs.append(
                {
                    "n": n,
                    "pages": len(seconds),
                    "pages_asked": n * args.rounds * len(PAGES),
                    "p50": lt.percentile(seconds, 0.50) if seconds else None,
                    "p95": lt.percentile(seconds, 0.95) if seconds else None,
                    "max": max(seconds) if seconds else None,
                    "mean": statistics.fmean(seconds) if seconds else None,
                    "pages_per_second": len(seconds) / wall if wall else None,
                    "errors": len(errors),
                    "error_samples": errors[:5],
                    "rss_before_mb": before,
                    "rss_after_mb": after,
                    "rss_peak_mb": max(peak, after),
                    "client_cpu_s": (cpu_after.ru_utime + cpu_after.ru_stime)
                    - (cpu_before.ru_utime + cpu_before.ru_stime),
                    "wall_s": wall,
                    "load_average": list(os.getloadavg()),
                    "timings": results,
                }
            )
            print(_row(runs[-1]), flush=True)
    return {"target": target, "url": url, "runs": runs}


def _row(run: dict) -> str:
    if "skipped" in run:
        return f"| {run['n']} | skipped: {run['skipped']} |"

    def s(value: float | None) -> str:
        return "–" if value is None else f"{value:.2f}"

    return (
        f"| {run['n']} | {run['pages']} / {run['pages_asked']} | {s(run['p50'])} | {s(run['p95'])} | {s(run['max'])} "
        f"| {run['pages_per_second']:.1f} | {run['errors']} | {run['rss_before_mb']:.0f} | {run['rss_after_mb']:.0f} "
        f"| {run['rss_peak_mb']:.0f} | {run['client_cpu_s']:.1f} |"
    )


HEADER = (
    "| N | pages done / asked | p50 s | p95 s | max s | pages/s | errors | RSS before MB | RSS after MB "
    "| RSS peak MB | client CPU s |\n|---|---|---|---|---|---|---|---|---|---|---|"
)


def plot(reports: list[dict], path: str) -> None:
    """p95 page time against N, one line per target and run, with the 2 s line: the curve for docs/."""
    import plotly.graph_objects as go

    figure = go.Figure()
    for report in reports:
        think = report["args"]["think"]
        for target in report["targets"]:
            runs = [r for r in target["runs"] if r.get("p95") is not None and not r["errors"]]
            figure.add_scatter(
                x=[r["n"] for r in runs],
                y=[r["p95"] for r in runs],
                mode="lines+markers",
                name=f"{target['target']}, "
                + (f"readers reading ~{think:g} s a page" if think else "clicking on at once"),
                line={
                    "dash": "solid" if think else "dot",
                    "color": "#1f77b4" if target["target"] == "single" else "#d62728",
                },
            )
    figure.add_hline(y=2, line={"color": "#555", "width": 1})  # the target
    figure.update_layout(
        title="Page time at the 95th percentile against readers at once (2-core machine, server side)",
        xaxis={"title": "sessions at once (N)", "type": "log", "tickvals": [1, 5, 10, 20, 40, 80]},
        yaxis={
            "title": "p95 page time, seconds",
            "type": "log",
            "tickvals": [0.5, 1, 2, 5, 10, 20, 50],
            "ticktext": ["0.5", "1", "2 (target)", "5", "10", "20", "50"],
        },
        template="plotly_white",
        width=1100,
        height=600,
        legend={"orientation": "h", "y": -0.2},
    )
    figure.write_image(path, scale=2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--targets", default="single,replicas", help="single, replicas, or both (default)")
    parser.add_argument("--sessions", default="1,5,10,20,40,80", help="the N to try, in order")
    parser.add_argument("--rounds", type=int, default=3, help="walks of the three pages per session (default 3)")
    parser.add_argument(
        "--think", type=float, default=0.0, help="mean seconds a reader spends on a page before the next (default 0)"
    )
    parser.add_argument("--viewers", type=int, default=2, help="viewer processes in the replica set (default 2)")
    parser.add_argument("--page-timeout", type=float, default=60.0)
    parser.add_argument("--settle", type=float, default=3.0, help="seconds of rest before each N")
    parser.add_argument("--max-seconds", type=float, default=1200.0)
    parser.add_argument("--json", help="write every timing and the summary here")
    parser.add_argument("--plot", help="draw p95 against N into this PNG (with --replot: from saved --json files)")
    parser.add_argument("--replot", nargs="+", metavar="JSON", help="no measuring: plot these saved runs")
    args = parser.parse_args()
    if args.replot:
        if not args.plot:
            parser.error("--replot needs --plot")
        plot([json.loads(Path(p).read_text(encoding="utf-8")) for p in args.replot], args.plot)
        return
    args.sessions = [int(n) for n in args.sessions.split(",")]
    if max(args.sessions) > MAX_SESSIONS or min(args.sessions) < 1:
        parser.error(f"N from 1 to {MAX_SESSIONS}")
    targets = [t.strip() for t in args.targets.split(",")]
    if not set(targets) <= {"single", "replicas"}:
        parser.error("--targets: single and/or replicas")
    deadline = time.monotonic() + args.max_seconds
    print(f"# server load · {platform.platform()} · {os.cpu_count()} cores · {time.strftime('%Y-%m-%dT%H:%M:%S%z')}")
    print(f"# command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(
        f"# N sessions at once over Streamlit's WebSocket protocol; {args.rounds} walks of {', '.join(PAGES)} each; "
        f"think time {args.think:g} s (0.5-1.5x, random)"
    )
    report = {"machine": {"platform": platform.platform(), "cores": os.cpu_count()}, "args": vars(args), "targets": []}
    with tempfile.TemporaryDirectory(prefix="server-load-") as scratch:
        folder = Path(scratch)
        database = lt.build_database(folder)
        for target in targets:
            print(f"\n## {target}\n\n{HEADER}", flush=True)
            report["targets"].append(run_target(target, args, database, folder, deadline))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"\nwritten: {args.json}")
    if args.plot:
        plot([report], args.plot)


if __name__ == "__main__":
    main()
