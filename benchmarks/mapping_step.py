"""Benchmark: the upload page's mapping step for a large file whose columns need choosing.

    .venv/bin/python benchmarks/mapping_step.py              # about 45 MB, 640,000 rows

A file with headers no body's export uses (번호키, 일자, …) and three saved mappings, one of which
fits. In one process, each measure the median of ``--repeat`` runs:

- check: ``ingest.check`` as the page first runs it (refused: F004);
- header, whole: ``ingest.read_records`` (every record, as the page read them before);
- header, head: ``ingest.head_records`` (the first records, where the header is found);
- fit, by checks: ``ingest.check`` with each saved mapping (how the page tried them before);
- fit, by header: ``ingest.fitting_mappings`` (each mapping tried on the header alone).
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.import_speed import make_file  # noqa: E402
from budget import db, ingest, seed  # noqa: E402

GOOD = {"source_id": "번호키", "paid_on": "일자", "instrument": "수단", "sector": "업", "amount_krw": "액수",
        "recipient": "기업", "region": "곳"}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=640_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="budget-mapping-") as name:
        folder = Path(name)
        path = folder / "odd.csv"
        make_file(path, args.rows, "utf-8")
        data = path.read_bytes().replace("집행번호,집행일자,지원수단,분야,금액,기업명,지역".encode(),
                                         ",".join(GOOD.values()).encode(), 1)  # fmt: skip
        con = db.connect(folder / "m.duckdb")
        seed.initialise(con, demo=False)
        ingest.save_mapping(con, "맞는 기관", GOOD, "benchmark")
        ingest.save_mapping(con, "다른 기관", {"paid_on": "보증일자", "amount_krw": "보증금액"}, "benchmark")
        ingest.save_mapping(con, "또 다른 기관", {"paid_on": "대출일", "sector": "업종"}, "benchmark")

        def checks() -> list[str]:
            fits = []
            for saved in ingest.saved_mappings(con):
                try:
                    ingest.check(con, data, "odd.csv", mapping_override=saved.mapping, source=saved.source)
                except ingest.FileRefused as refused:
                    if refused.issue.rule in ingest.MENDABLE:
                        continue
                fits.append(saved.source)
            return fits

        def refused() -> None:
            with contextlib.suppress(ingest.FileRefused):
                ingest.check(con, data, "odd.csv")

        measures = {
            "check (refused, F004)": refused,
            "header, whole (read_records)": lambda: ingest.read_records(data, "odd.csv"),
            "header, head (head_records)": lambda: ingest.head_records(data, "odd.csv"),
            "fit, by checks": checks,
            "fit, by header (fitting_mappings)": lambda: ingest.fitting_mappings(con, data, "odd.csv"),
        }
        assert checks() == ingest.fitting_mappings(con, data, "odd.csv") == ["맞는 기관"]
        print(f"mapping step benchmark · {len(data) / 1e6:.1f} MB · {args.rows:,} rows · {args.repeat} runs each")
        print("| what | seconds (median) |")
        print("|---|---|")
        times = {}
        for what, run in measures.items():
            runs = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                run()
                runs.append(time.perf_counter() - started)
            times[what] = statistics.median(runs)
            print(f"| {what} | {times[what]:.2f} |")
        whole, head = times["header, whole (read_records)"], times["header, head (head_records)"]
        print(f"\nheader: whole / head = {whole / head:.0f}x")
        print(
            f"fit: by checks / by header = {times['fit, by checks'] / times['fit, by header (fitting_mappings)']:.1f}x"
        )


if __name__ == "__main__":
    main()
