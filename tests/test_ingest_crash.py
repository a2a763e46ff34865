"""A process killed in the middle of a large import leaves the database consistent."""

import os
import random
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from tests.conftest import ROOT

ROWS = 300_000


def big_file(path) -> int:
    rng = random.Random(7)
    total = 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("집행번호,집행일자,지원수단,분야,금액,기업명,지역\n")
        for i in range(ROWS):
            amount = rng.randint(1, 10_000) * 1000
            total += amount
            out.write(
                f"K{i},2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d},보증,미래차,{amount},(주)크{i % 999},경기\n"
            )
    return total


def consistent(path) -> tuple[int, int]:
    """Assert the invariants; return (loaded batches, live total)."""
    con = duckdb.connect(str(path))
    try:
        batches = con.execute(
            "SELECT id, rows_loaded, amount_loaded_krw FROM upload_batch WHERE status = 'loaded'"
        ).fetchall()
        for batch_id, rows, amount in batches:
            assert con.execute("SELECT count(*) FROM disbursement WHERE batch_id = ?", [batch_id]).fetchall() == [
                (rows,)
            ]
            monthly = con.execute("SELECT sum(amount_krw) FROM disbursement_monthly WHERE batch_id = ?", [batch_id])
            assert monthly.fetchall() == [(amount,)]
        orphans = con.execute("SELECT count(*) FROM disbursement WHERE batch_id NOT IN (SELECT id FROM upload_batch)")
        assert orphans.fetchall() == [(0,)]
        summary_orphans = con.execute(
            "SELECT count(*) FROM disbursement_monthly WHERE batch_id NOT IN (SELECT id FROM upload_batch)"
        )
        assert summary_orphans.fetchall() == [(0,)]
        total = con.execute("SELECT coalesce(sum(amount_krw), 0) FROM live_disbursement").fetchall()[0][0]
        return len(batches), total
    finally:
        con.close()


@pytest.mark.parametrize(("delay", "encoding"), [(1.5, "utf-8"), (2.5, "utf-8"), (3.5, "utf-8"), (1.0, "cp949")])
def test_killed_import_leaves_all_or_nothing(empty_db, tmp_path, delay, encoding):
    file = tmp_path / "big.csv"
    expected = big_file(file)
    if encoding != "utf-8":  # a CP949 file's records are copied (re-encoded) to a temporary file
        file.write_bytes(file.read_text(encoding="utf-8").encode(encoding))
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    child = subprocess.Popen(
        [sys.executable, "-m", "budget", "import", str(file), "--db", str(empty_db), "--json"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "TMPDIR": str(temporary)},
    )  # fmt: skip
    time.sleep(delay)  # a kill somewhere in reading, checking or loading, whichever it is
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert list(temporary.iterdir()) == []  # no copy of payment data, no link, is left behind
    batches, total = consistent(empty_db)
    assert (batches, total) in {(0, 0), (1, expected)}
    # and the file can then be loaded (or is already, whole)
    again = subprocess.run(
        [sys.executable, "-m", "budget", "import", str(file), "--db", str(empty_db), "--json"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert again.returncode in (0, 1)
    assert consistent(empty_db) == (1, expected)
