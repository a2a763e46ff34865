"""Benchmark: page rerun time and memory at 100k, 1M and 10M disbursement rows.

    .venv/bin/python benchmarks/page_rerun.py                      # 100k, 1M, 10M (a few minutes)
    .venv/bin/python benchmarks/page_rerun.py --sizes 100000 --runs 3

For each size it builds a database in a temporary folder (seed facts, the baseline, and N
synthetic payments loaded through the same path as the demo: rows plus summary tables in one
transaction), then, each in a fresh process so peak memory is its own:

- app: every page run through Streamlit's AppTest, ``st.cache_data`` cleared before each
  rerun, median of the reruns; the process's peak RSS;
- pandas: the obvious alternative, the same page work done by holding the payments in a
  DataFrame and grouping on each rerun, median of the reruns; load time and peak RSS.

Both are measured in the same run on the same machine, so compare them as ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.common import in_child  # noqa: E402

PAGES = ["pages/overview.py", "pages/allocation.py", "pages/uptake.py"]
#: Uptake again with a narrower view: its top recipients are then summed from the payments
#: (the whole programme's come from the totals per recipient).
NARROW = "uptake, steel 2022–2024"
NARROW_PARAMS = {"sector": "steel", "years": "2022-2024"}
SECTORS = [
    "future_car", "electronics", "healthcare", "shipbuilding", "retail",
    "materials_parts", "steel", "textile_chem", "energy", "machinery",
]  # fmt: skip
REGIONS = [
    "seoul", "busan", "daegu", "incheon", "gwangju", "daejeon", "ulsan", "sejong", "gyeonggi",
    "gangwon", "chungbuk", "chungnam", "jeonbuk", "jeonnam", "gyeongbuk", "gyeongnam", "jeju",
]  # fmt: skip


def build(path: Path, rows: int) -> float:
    """A database with ``rows`` synthetic payments (deterministic), loaded like a batch."""
    from budget import db, seed

    started = time.perf_counter()
    con = db.connect(path)
    seed.initialise(con, demo=False)
    con.execute("BEGIN TRANSACTION")
    batch = db.scalar(
        con,
        "INSERT INTO upload_batch (kind, file_name, rows_total, rows_loaded, synthetic, uploaded_by, status) "
        "VALUES ('demo', 'benchmark (synthetic)', ?, ?, true, 'benchmark', 'loaded') RETURNING id",
        [rows, rows],
    )
    con.execute(
        """
        INSERT INTO disbursement (id, batch_id, source_id, paid_on, instrument, sector, amount_krw, recipient,
                                  region, project, synthetic)
        SELECT i + 1, $batch, 'BENCH-' || i,
               DATE '2021-01-01' + CAST(hash(i, 1) % 1734 AS INTEGER),
               (['fund', 'guarantee', 'loan', 'rnd'])[1 + CAST(hash(i, 2) % 4 AS INTEGER)],
               ($sectors)[1 + CAST(firm % 10 AS INTEGER)],
               CAST((1 + hash(i, 4) % 5000) * 100000 AS BIGINT),
               '벤치기업 ' || CAST(firm AS VARCHAR),
               ($regions)[1 + CAST(hash(firm, 6) % 17 AS INTEGER)],
               NULL, true
        -- 50,000 firms, each in one sector and one region, as companies are
        FROM (SELECT i, hash(i, 5) % 50000 AS firm FROM range($rows) t(i))
        """,
        {"batch": batch, "rows": rows, "sectors": SECTORS, "regions": REGIONS},
    )
    db.summarise_batch(con, batch)  # the monthly summary, and each payment's recipient key
    con.execute("COMMIT")
    con.execute("CHECKPOINT")
    con.close()
    return time.perf_counter() - started


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB (VmHWM).

    Not ``ru_maxrss``: Linux carries that across exec, so a child would report the peak
    of the parent that built the database.
    """
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_app(path: Path, runs: int) -> dict:
    """Median rerun time of each page with the data cache cleared; peak memory of the process."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["BUDGET_DB"] = str(path)
    result = {}
    for label, page, params in [(p, p, {}) for p in PAGES] + [(NARROW, "pages/uptake.py", NARROW_PARAMS)]:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.query_params.update(params)
        at.switch_page(page)
        at.run()  # the first run imports and opens the database; not what a reader waits for
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].message}")
        times = []
        for _ in range(runs):
            st.cache_data.clear()
            started = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - started)
        if params and at.query_params.get("sector") != params["sector"]:
            raise RuntimeError(f"{label}: the view did not stay {params}")
        result[label] = statistics.median(times)
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def measure_pandas(path: Path, runs: int) -> dict:
    """The same page work with the payments held in pandas and grouped on every rerun."""
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    started = time.perf_counter()
    frame = (
        con.execute("SELECT paid_on, instrument, sector, amount_krw, recipient, region FROM live_disbursement")
        .to_arrow_table()
        .to_pandas(date_as_object=False)
    )
    load = time.perf_counter() - started
    con.close()

    def page_work() -> None:
        year = frame["paid_on"].dt.year
        frame.groupby(["instrument", "sector", year])["amount_krw"].sum()  # overview and totals
        month = frame["paid_on"].dt.to_period("M")
        frame.groupby(["instrument", month])["amount_krw"].sum().groupby(level=0).cumsum()  # S-curves
        frame.groupby("sector")["amount_krw"].sum()  # nested bars by sector
        frame.groupby("recipient")["amount_krw"].sum().nlargest(20)  # top recipients
        frame.groupby("region")["amount_krw"].sum()  # regions

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        page_work()
        times.append(time.perf_counter() - started)
    return {"load_s": load, "rerun_s": statistics.median(times), "peak_rss_mb": peak_rss_mb()}


def child(kind: str, path: Path, runs: int) -> dict:
    return in_child(__file__, f"--measure-{kind}", str(path), "--runs", str(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000,10000000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--measure-app", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure-pandas", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_app:
        print(json.dumps(measure_app(args.measure_app, args.runs)))
        return
    if args.measure_pandas:
        print(json.dumps(measure_pandas(args.measure_pandas, args.runs)))
        return

    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"# pages benchmark · {platform.machine()} · {os.cpu_count()} cores · python {platform.python_version()}")
    print(f"# median of {args.runs} reruns, st.cache_data cleared before each; each measure in its own process\n")
    header = (
        "| rows | build s | overview s | allocation s | uptake s | uptake, steel 2022–24 s | app peak MB "
        "| pandas load s | pandas rerun s | pandas peak MB |"
    )
    print(header)
    print("|---" * (header.count("|") - 1) + "|")
    results = []
    with tempfile.TemporaryDirectory(prefix="budget-bench-") as folder:
        for rows in sizes:
            path = Path(folder) / f"bench-{rows}.duckdb"
            build_s = build(path, rows)
            app = child("app", path, args.runs)
            pandas_result = child("pandas", path, args.runs)
            results.append({"rows": rows, "build_s": build_s, "app": app, "pandas": pandas_result})
            print(
                f"| {rows:,} | {build_s:.1f} | {app[PAGES[0]]:.3f} | {app[PAGES[1]]:.3f} | {app[PAGES[2]]:.3f} | "
                f"{app[NARROW]:.3f} | "
                f"{app['peak_rss_mb']:.0f} | {pandas_result['load_s']:.2f} | {pandas_result['rerun_s']:.3f} | "
                f"{pandas_result['peak_rss_mb']:.0f} |",
                flush=True,
            )
            path.unlink()
    if len(results) > 1:
        first, last = results[0], results[-1]
        print()
        for page in [*PAGES, NARROW]:
            ratio = last["app"][page] / first["app"][page]
            print(f"{page}: {last['rows']:,} rows / {first['rows']:,} rows = {ratio:.2f}x")
        print(
            f"pandas rerun: {last['rows']:,} / {first['rows']:,} = "
            f"{last['pandas']['rerun_s'] / first['pandas']['rerun_s']:.1f}x"
        )


if __name__ == "__main__":
    main()
