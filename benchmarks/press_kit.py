"""Benchmark: the whole press kit against a single chart, both from a cold renderer, in one run.

    .venv/bin/python benchmarks/press_kit.py

Each measure runs in a fresh process on a copy of a demo database (``init`` with the synthetic
data): "single" builds the kit's charts and exports the first one as a slide PNG at 2×, starting
Kaleido's browser; "kit" does the same for every chart (one language). The renderer is started
once per process and reused, so the kit should cost the cold start plus a little per chart.
Target (issue 6): the kit in at most 3× the single chart's time.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.common import demo_database, in_child  # noqa: E402


def measure(kind: str, database: str) -> dict:
    from budget import db, export, kit
    from budget.filters import Filters

    con = db.connect(database, read_only=True)
    started = time.perf_counter()
    keys = None
    if kind == "single":
        keys = [kit.build(con, Filters(), "ko")[0].key]
    files = kit.export_all(con, Filters(), "ko", "png", "slide", 2, keys=keys)
    seconds = time.perf_counter() - started
    export.renderer().close()
    return {"seconds": seconds, "images": sum(1 for n in files if n.endswith(".png"))}


def child(kind: str, database: Path) -> dict:
    return in_child(__file__, "--measure", kind, str(database))


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--measure":
        print(json.dumps(measure(sys.argv[2], sys.argv[3])))
        return
    print(f"press kit benchmark · {platform.machine()} · {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="budget-kit-") as name:
        database = demo_database(Path(name) / "demo.duckdb")
        results = {}
        for kind in ("single", "kit", "single", "kit"):  # twice each, interleaved: the machine is shared
            results.setdefault(kind, []).append(child(kind, database))
        shutil.rmtree(name, ignore_errors=True)
    single = min(r["seconds"] for r in results["single"])
    whole = min(r["seconds"] for r in results["kit"])
    print("| what | images | seconds (best of 2) |")
    print("|---|---|---|")
    print(f"| one chart, cold renderer | {results['single'][0]['images']} | {single:.2f} |")
    print(f"| whole kit, cold renderer | {results['kit'][0]['images']} | {whole:.2f} |")
    print(f"\nkit / single = {whole / single:.2f}x (target at most 3x)")


if __name__ == "__main__":
    main()
