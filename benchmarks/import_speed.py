"""Benchmark: validated import of a large disbursement CSV, beside plain loads of the same file.

    .venv/bin/python benchmarks/import_speed.py                 # 1M rows
    .venv/bin/python benchmarks/import_speed.py --rows 10000000

In one run, on the same file, each in a fresh process (peak memory is its own), ``--repeat``
rounds of the six in turn (3 by default): the table gives each one's median, and the ratios are
also given round by round, since a shared machine's speed drifts from minute to minute:

- duckdb: a plain ``read_csv`` of the file into a table of a new database file;
- import: ``budget.ingest.check`` + ``load`` (read, map, validate every row, write the batch,
  its summaries and rejects) into a new initialised database file;
- import-cp949: the same rows written as CP949;
- floor: the least any import into this schema does, with no check: the file read as the import
  reads it (text, into a temporary table), then its rows written, typed, into the payments table
  (the write to the database file is what a plain ``read_csv`` into a temporary table does not pay);
- pandas: ``pandas.read_csv(engine="pyarrow")`` and the same validation in pandas;
- sketch (not the import): what the fastest design that still does an import's work could reach.
  One pass reads the file and parses each row into a temporary table (typed, with the text of
  any row that is not clean kept for a report, as a dry run needs: nothing may be written), the
  quickest checks only (the names as the benchmark writes them, one date form, plain digits),
  the file hashed beside it; then the payment ids checked for repeats, and the rows, their
  recipients' keys and the summaries written in one transaction. No labels, notes, units,
  aliases or lookups of the file's own values: a lower bound, not a plan.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.common import in_child  # noqa: E402

SECTORS = ["미래차", "가전·전자", "헬스케어", "조선", "유통", "소재·부품", "철강", "섬유·화학", "에너지", "기계"]
INSTRUMENTS = ["보증", "대출", "펀드", "R&D"]
REGIONS = ["서울", "경기", "부산", "경남", "울산", "대구", "인천", "충남", "경북", "전남"]


def make_file(path: Path, rows: int, encoding: str) -> None:
    """A realistic export: a title line, a unit line, a Korean header, amounts in 백만원."""
    rng = random.Random(20201028)
    with open(path, "w", encoding=encoding, newline="") as out:
        out.write("디지털 전환 집행 실적 (합성, benchmark)\r\n(단위: 백만원)\r\n")
        out.write("집행번호,집행일자,지원수단,분야,금액,기업명,지역\r\n")
        for i in range(rows):
            instrument = rng.choice(INSTRUMENTS)
            # dates inside each instrument's stated period, from July 2021 (after every sector joined)
            year = {"R&D": 2021, "펀드": rng.randint(2022, 2024)}.get(instrument, rng.randint(2022, 2025))
            month = rng.randint(7, 12) if year == 2021 else rng.randint(1, 12)
            out.write(
                f"P{i:08d},{year}-{month:02d}-{rng.randint(1, 28):02d},{instrument},"
                f'{rng.choice(SECTORS)},"{rng.randint(1, 3000):,}",(주)벤치{rng.randint(1, 50000)},'
                f"{rng.choice(REGIONS)}\r\n"
            )


def peak_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run_duckdb(path: Path, folder: Path) -> dict:
    import duckdb

    con = duckdb.connect(str(folder / "plain.duckdb"))
    started = time.perf_counter()
    con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{path}', skip=2, header=true, all_varchar=true)")
    con.execute("CHECKPOINT")
    return {"seconds": time.perf_counter() - started, "rows": con.execute("SELECT count(*) FROM t").fetchall()[0][0]}


def run_floor(path: Path, folder: Path) -> dict:
    from budget import db, ingest, seed

    con = db.connect(folder / "floor.duckdb")
    seed.initialise(con, demo=False)
    ingest.limit_memory(con)
    started = time.perf_counter()
    con.execute(f"CREATE TEMP TABLE staged AS SELECT * FROM read_csv('{path}', skip=2, header=true, all_varchar=true)")
    read_at = time.perf_counter()
    con.execute(
        """INSERT INTO disbursement (id, batch_id, source_id, paid_on, instrument, sector, amount_krw, recipient,
               region, project, synthetic)
           SELECT rowid + 1, 1, 집행번호, CAST(집행일자 AS DATE), 지원수단, 분야,
                  CAST(replace(금액, ',', '') AS BIGINT) * 1000000, 기업명, 지역, NULL, false
           FROM staged"""
    )
    con.execute("CHECKPOINT")
    done = time.perf_counter()
    return {"seconds": done - started, "read_s": read_at - started, "write_s": done - read_at,
            "rows": db.scalar(con, "SELECT count(*) FROM disbursement")}  # fmt: skip


def run_import(path: Path, folder: Path) -> dict:
    from budget import db, ingest, seed

    target = folder / f"import-{path.stem}.duckdb"
    con = db.connect(target)
    seed.initialise(con, demo=False)
    ingest.limit_memory(con)  # as the command line does
    started = time.perf_counter()
    checked = ingest.check(con, path, path.name, hold=True)  # as the command line does
    checked_at = time.perf_counter()
    ingest.load(con, checked, "benchmark")
    con.execute("CHECKPOINT")
    done = time.perf_counter()
    return {"seconds": done - started, "check_s": checked_at - started, "load_s": done - checked_at,
            "rows": checked.rows_loaded, "rejected": checked.rows_rejected}  # fmt: skip


def run_sketch(path: Path, folder: Path) -> dict:
    import hashlib
    import threading

    from budget import db, ingest, seed

    con = db.connect(folder / "sketch.duckdb")
    seed.initialise(con, demo=False)
    ingest.limit_memory(con)
    started = time.perf_counter()

    def digest() -> None:
        sha = hashlib.sha256()
        with open(path, "rb") as file:
            while chunk := file.read(8 << 20):
                sha.update(chunk)

    hashing = threading.Thread(target=digest)
    hashing.start()
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(7)) + "}"
    con.execute(
        f"""CREATE TEMP TABLE checked AS
            WITH cells AS (
                SELECT *, CASE WHEN regexp_full_match(replace(c4, ',', ''), '\\d{{1,12}}')
                               THEN CAST(replace(c4, ',', '') AS BIGINT) * 1000000 END AS amount,
                       CASE WHEN regexp_full_match(c1, '\\d{{4}}-\\d{{2}}-\\d{{2}}')
                            THEN try_strptime(c1, '%Y-%m-%d')::DATE END AS paid_on
                FROM read_csv($path, skip=3, header=false, auto_detect=false, delim=',', quote='"', escape='"',
                              columns={columns})
            ), judged AS (
                SELECT c.*, i.code AS instrument, s.code AS sector, r.code AS region,
                       coalesce(amount BETWEEN 1 AND 2900000000000 AND paid_on BETWEEN i.period_start AND i.period_end
                                AND paid_on >= s.joined_on AND s.code IS NOT NULL, false) AS clean
                FROM cells c LEFT JOIN instrument i ON i.short_ko = c.c2 LEFT JOIN sector s ON s.name_ko = c.c3
                LEFT JOIN region r ON r.name_ko = c.c6
            )
            SELECT trim(c0) AS source_id, paid_on, instrument, sector, amount AS amount_krw, trim(c5) AS recipient,
                   region, clean, CASE WHEN NOT clean THEN [c0, c1, c2, c3, c4, c5, c6] END AS raw
            FROM judged""",
        {"path": str(path)},
    )
    repeated = db.scalar(
        con,
        """SELECT (SELECT count(*) FROM (SELECT source_id FROM checked GROUP BY source_id HAVING count(*) > 1))
                + (SELECT count(*) FROM checked SEMI JOIN disbursement USING (source_id))""",
    )
    hashing.join()
    con.execute("BEGIN TRANSACTION")
    db.add_recipients(con, "SELECT recipient FROM checked")
    con.execute(
        """INSERT INTO disbursement (id, batch_id, source_id, paid_on, instrument, sector, amount_krw, recipient,
               region, project, synthetic, recipient_id)
           SELECT a.rowid + 1, 1, a.source_id, a.paid_on, a.instrument, a.sector, a.amount_krw, a.recipient,
                  a.region, NULL, false, r.id
           FROM checked a LEFT JOIN recipient r ON r.name = a.recipient WHERE a.clean"""
    )
    db.summarise_batch(con, 1)
    con.execute("COMMIT")
    con.execute("CHECKPOINT")
    return {"seconds": time.perf_counter() - started, "repeated": repeated,
            "rows": db.scalar(con, "SELECT count(*) FROM disbursement")}  # fmt: skip


def run_pandas(path: Path, folder: Path) -> dict:
    import pandas as pd

    started = time.perf_counter()
    frame = pd.read_csv(path, skiprows=2, engine="pyarrow", dtype=str, encoding="utf-8")
    amount = pd.to_numeric(frame["금액"].str.replace(",", "", regex=False), errors="coerce") * 1_000_000
    dates = pd.to_datetime(frame["집행일자"], format="%Y-%m-%d", errors="coerce")
    sector = frame["분야"].map({s: i for i, s in enumerate(SECTORS)})
    instrument = frame["지원수단"].map({s: i for i, s in enumerate(INSTRUMENTS)})
    ok = amount.gt(0) & dates.between("2020-01-01", "2025-12-31") & sector.notna() & instrument.notna()
    ok &= ~frame["집행번호"].duplicated()
    frame[ok].assign(amount_krw=amount[ok].astype("int64")).to_parquet(folder / "pandas.parquet")
    return {"seconds": time.perf_counter() - started, "rows": int(ok.sum())}


def child(kind: str, path: Path, folder: Path) -> dict:
    return in_child(__file__, "--measure", kind, str(path), str(folder))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the six measures (default 3)")
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        kind, path, folder = args.measure
        runner = {
            "duckdb": run_duckdb,
            "floor": run_floor,
            "import": run_import,
            "pandas": run_pandas,
            "sketch": run_sketch,
        }[kind]
        result = runner(Path(path), Path(folder))
        result["peak_mb"] = peak_mb()
        print(json.dumps(result))
        return

    print(
        f"import benchmark · {args.rows:,} rows · {platform.machine()} · {os.cpu_count()} cores · {args.repeat} rounds"
    )
    kinds = {
        "duckdb read_csv": ("duckdb", "utf8"),
        "floor: read + write, no check": ("floor", "utf8"),
        "import (UTF-8)": ("import", "utf8"),
        "import (CP949)": ("import", "cp949"),
        "pandas (pyarrow) + checks": ("pandas", "utf8"),
        "sketch: one pass, fewest checks": ("sketch", "utf8"),
    }
    rounds: list[dict[str, dict]] = []
    with tempfile.TemporaryDirectory(prefix="budget-import-") as name:
        folder = Path(name)
        files = {"utf8": folder / "utf8.csv", "cp949": folder / "cp949.csv"}
        make_file(files["utf8"], args.rows, "utf-8")
        make_file(files["cp949"], args.rows, "cp949")
        for _ in range(args.repeat):
            rounds.append({what: child(kind, files[encoding], folder) for what, (kind, encoding) in kinds.items()})
            for leftover in folder.glob("*.duckdb*"):
                leftover.unlink()
    results = {
        what: {
            "seconds": statistics.median(r[what]["seconds"] for r in rounds),
            "rows": rounds[0][what]["rows"],
            "peak_mb": max(r[what]["peak_mb"] for r in rounds),
        }
        for what in kinds
    }
    print("| what | seconds (median) | rows | peak MB (highest) |")
    print("|---|---|---|---|")
    for what, r in results.items():
        print(f"| {what} | {r['seconds']:.2f} | {r['rows']:,} | {r['peak_mb']:.0f} |")

    def ratios(a: str, b: str) -> str:
        each = ", ".join(f"{r[a]['seconds'] / r[b]['seconds']:.2f}" for r in rounds)
        return f"{results[a]['seconds'] / results[b]['seconds']:.2f}x (rounds: {each})"

    print()
    print(f"import / duckdb read_csv = {ratios('import (UTF-8)', 'duckdb read_csv')} (target at most 1.5x)")
    print(f"pandas / import = {ratios('pandas (pyarrow) + checks', 'import (UTF-8)')} (target at least 2x)")
    print(f"CP949 / UTF-8 import = {ratios('import (CP949)', 'import (UTF-8)')} (target at most 2x)")
    floor = "floor: read + write, no check"
    print(f"floor / duckdb read_csv = {ratios(floor, 'duckdb read_csv')} (what any import into this schema costs)")
    print(f"import / floor = {ratios('import (UTF-8)', floor)} (what the checks, summaries and recipients add)")
    parts = ", ".join(f"read {r[floor]['read_s']:.2f} s + write {r[floor]['write_s']:.2f} s" for r in rounds)
    print(f"floor split, round by round: {parts}")
    split = ", ".join(f"check {r['import (UTF-8)']['check_s']:.2f} s + load {r['import (UTF-8)']['load_s']:.2f} s"
                      for r in rounds)  # fmt: skip
    print(f"import (UTF-8) split, round by round: {split}")
    sketch = "sketch: one pass, fewest checks"
    print(
        f"sketch / duckdb read_csv = {ratios(sketch, 'duckdb read_csv')} (the least a design doing the work could take)"
    )
    print(f"pandas / sketch = {ratios('pandas (pyarrow) + checks', sketch)}")


if __name__ == "__main__":
    main()
