"""Seed facts from ``data/``, the baseline (assumed split), and the synthetic demo payments.

The announcements give each instrument's envelope but no split by sector or year, so the
baseline is an explicit assumption, computed by :func:`baseline_allocation`:

1. each instrument's envelope is spread evenly over the calendar years of its stated
   period (``period_start``..``period_end`` in ``data/instruments.csv``);
2. each year's amount is spread evenly over the sectors active that year, a sector being
   active from the year in which it joined the alliance (``joined_on``);
3. both splits use largest-remainder rounding, so every instrument sums exactly to its
   envelope, to the won.

``data/baseline_allocation.csv`` is this rule's output, kept as a readable file; a test
checks that the file and the rule agree.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from budget.db import migrate, scalar, summarise_batch
from budget.money import EOK, MAN, largest_remainder

DATA = Path(__file__).resolve().parent.parent / "data"
YEARS = tuple(range(2020, 2026))
BASELINE_NAME = "baseline (assumed split)"
BASELINE_NOTE = (
    "가정: 각 수단의 기간에 연도별 균등, 해당 연도 참여 업종에 균등 (최대잉여 반올림). "
    "Assumed: each instrument evenly over the years of its period, evenly over the sectors "
    "active that year (largest-remainder rounding)."
)
SYSTEM_USER = "system"

DEMO_SEED = 20201028
DEMO_AS_OF = dt.date(2025, 9, 30)
DEMO_FILE_NAME = f"synthetic demo disbursements (seed {DEMO_SEED})"


def read_csv_rows(name: str, data_dir: Path = DATA) -> list[dict[str, str]]:
    """Rows of a seed CSV in ``data/`` as dictionaries of strings."""
    with open(data_dir / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True)
class Instrument:
    code: str
    envelope_krw: int
    period_start: dt.date
    period_end: dt.date


@dataclass(frozen=True)
class Sector:
    code: str
    joined_on: dt.date


def load_instruments(data_dir: Path = DATA) -> list[Instrument]:
    return [
        Instrument(
            r["code"],
            int(r["envelope_krw"]),
            dt.date.fromisoformat(r["period_start"]),
            dt.date.fromisoformat(r["period_end"]),
        )
        for r in sorted(read_csv_rows("instruments.csv", data_dir), key=lambda r: int(r["sort_order"]))
    ]


def load_sectors(data_dir: Path = DATA) -> list[Sector]:
    return [
        Sector(r["code"], dt.date.fromisoformat(r["joined_on"]))
        for r in sorted(read_csv_rows("sectors.csv", data_dir), key=lambda r: int(r["sort_order"]))
    ]


def baseline_allocation(
    instruments: list[Instrument], sectors: list[Sector], years: tuple[int, ...] = YEARS
) -> list[tuple[str, str, int, int]]:
    """The assumed split as rows ``(instrument, sector, year, amount_krw)``; see the module doc."""
    rows = []
    for inst in instruments:
        period_years = [y for y in years if inst.period_start.year <= y <= inst.period_end.year]
        if not period_years:
            raise ValueError(f"instrument {inst.code} has no year of its period within {years}")
        per_year = largest_remainder(inst.envelope_krw, [1] * len(period_years))
        for year, year_amount in zip(period_years, per_year, strict=True):
            active = [s for s in sectors if s.joined_on.year <= year]
            per_sector = largest_remainder(year_amount, [1] * len(active))
            for sector, amount in zip(active, per_sector, strict=True):
                rows.append((inst.code, sector.code, year, amount))
    return rows


def write_baseline_csv(path: Path = DATA / "baseline_allocation.csv") -> None:
    """Regenerate ``data/baseline_allocation.csv`` from the rule (``python -m budget.seed``)."""
    rows = baseline_allocation(load_instruments(), load_sectors())
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["instrument", "sector", "year", "amount_krw", "basis"])
        for inst, sector, year, amount in rows:
            writer.writerow([inst, sector, year, amount, "assumed: equal split (see budget/seed.py)"])


# --- loading into the database --------------------------------------------------------

_SEED_TABLES = {
    "instrument": (
        "instruments.csv",
        [
            "code",
            "name_ko",
            "name_en",
            "short_ko",
            "short_en",
            "envelope_krw",
            "period_start",
            "period_end",
            "provider_ko",
            "provider_en",
            "period_note_ko",
            "period_note_en",
            "sort_order",
            "source",
        ],
    ),
    "sector": (
        "sectors.csv",
        [
            "code",
            "name_ko",
            "name_en",
            "joined_on",
            "joined_precision",
            "aliases",
            "sort_order",
            "source",
        ],
    ),
    "region": ("regions.csv", ["code", "name_ko", "name_en", "full_name_ko", "sort_order"]),
    "milestone": (
        "milestones.csv",
        [
            "id",
            "on_date",
            "date_precision",
            "kind",
            "sector",
            "instrument",
            "value",
            "unit",
            "note_ko",
            "note_en",
            "source",
        ],
    ),
}


def load_seed_facts(con: duckdb.DuckDBPyConnection, data_dir: Path = DATA) -> None:
    """Bring the fact tables in line with the files in ``data/`` (insert or replace by key)."""
    for table, (file_name, columns) in _SEED_TABLES.items():
        rows = read_csv_rows(file_name, data_dir)
        values = [[(r[c] if r[c] != "" else None) for c in columns] for r in rows]
        placeholders = ", ".join("?" for _ in columns)
        con.executemany(f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", values)


def ensure_baseline(con: duckdb.DuckDBPyConnection, data_dir: Path = DATA) -> bool:
    """Create the baseline scenario from ``baseline_allocation.csv`` unless it exists."""
    exists = scalar(con, "SELECT count(*) FROM scenario WHERE kind = 'baseline'")
    if exists:
        return False
    scenario_id = scalar(
        con,
        "INSERT INTO scenario (name, kind, created_by, note) VALUES (?, 'baseline', ?, ?) RETURNING id",
        [BASELINE_NAME, SYSTEM_USER, BASELINE_NOTE],
    )
    rows = read_csv_rows("baseline_allocation.csv", data_dir)
    con.executemany(
        "INSERT INTO allocation (scenario_id, instrument, sector, year, amount_krw) VALUES (?, ?, ?, ?, ?)",
        [[scenario_id, r["instrument"], r["sector"], int(r["year"]), int(r["amount_krw"])] for r in rows],
    )
    return True


# --- synthetic demo disbursements -----------------------------------------------------
# Everything below is invented, from a fixed seed, to show the screens working. Rows are
# flagged synthetic in the table and in their batch, and every screen says so.

#: Share of each instrument's allocation taken up in the demo (uneven on purpose).
DEMO_UPTAKE = {"guarantee": 0.88, "loan": 0.74, "fund": 0.58, "rnd": 0.93}
#: Relative demand by sector in the demo.
DEMO_SECTOR_DEMAND = {
    "future_car": 1.35,
    "electronics": 1.25,
    "healthcare": 0.95,
    "shipbuilding": 0.80,
    "retail": 0.70,
    "materials_parts": 1.15,
    "steel": 0.75,
    "textile_chem": 0.60,
    "energy": 0.90,
    "machinery": 1.05,
}
#: Typical size of one payment, in won.
DEMO_TYPICAL_PAYMENT = {"guarantee": 7_000 * MAN, "loan": 4_000 * MAN, "fund": 15 * EOK, "rnd": 2 * EOK}
#: Pace of payments by year (weights); R&D spills into 2022 as multi-year grants do.
DEMO_PACE = {
    "guarantee": {2021: 12, 2022: 18, 2023: 22, 2024: 25, 2025: 23},
    "loan": {2021: 10, 2022: 17, 2023: 22, 2024: 26, 2025: 25},
    "fund": {2021: 10, 2022: 20, 2023: 30, 2024: 25, 2025: 15},
    "rnd": {2021: 80, 2022: 20},
}
_REGION_WEIGHTS = {
    "gyeonggi": 26,
    "seoul": 20,
    "gyeongnam": 8,
    "gyeongbuk": 7,
    "incheon": 6,
    "chungnam": 6,
    "busan": 5,
    "daegu": 4,
    "ulsan": 4,
    "chungbuk": 4,
    "daejeon": 3,
    "gwangju": 2,
    "jeonbuk": 2,
    "jeonnam": 2,
    "gangwon": 1,
    "sejong": 0.5,
    "jeju": 0.5,
}
_SECTOR_REGIONS = {
    "shipbuilding": {"gyeongnam": 45, "ulsan": 30, "busan": 15, "jeonnam": 10},
    "steel": {"gyeongbuk": 50, "jeonnam": 30, "chungnam": 20},
    "textile_chem": {"ulsan": 30, "jeonnam": 30, "chungnam": 20, "daegu": 20},
}
_NAME_STEMS = [
    "한빛",
    "대성",
    "세진",
    "동양",
    "미래",
    "신영",
    "태광",
    "우진",
    "한결",
    "새롬",
    "다온",
    "가온",
    "누리",
    "한울",
    "청솔",
    "푸른",
    "은성",
    "금강",
    "백두",
    "한라",
    "성진",
    "동진",
    "대원",
    "삼영",
    "영진",
    "정우",
    "해성",
    "현대",
    "대한",
    "한국",
    "서진",
    "승리",
    "유진",
    "경동",
    "진흥",
    "동아",
    "중앙",
    "제일",
    "광명",
    "상신",
    "보람",
    "온누리",
    "하나",
    "에이스",
    "비전",
    "코리아",
    "글로벌",
    "스마트",
    "퓨처",
    "넥스트",
    "이노",
    "테라",
    "아이엠",
    "케이",
    "에스",
    "제이",
    "엠",
    "씨앤",
    "디에스",
    "에이치",
]
_NAME_TAILS = {
    "future_car": ["모빌리티", "오토텍", "차체", "전장", "모터스", "오토파츠"],
    "electronics": ["전자", "일렉트로닉스", "디스플레이", "반도체", "전기", "가전"],
    "healthcare": ["바이오", "메디칼", "헬스케어", "제약", "메디텍", "랩스"],
    "shipbuilding": ["중공업", "조선", "해양", "마린", "선박", "오션"],
    "retail": ["유통", "물류", "로지스", "리테일", "상사", "커머스"],
    "materials_parts": ["소재", "정밀", "금속", "부품", "케미칼", "신소재"],
    "steel": ["철강", "스틸", "제강", "강관", "특수강", "메탈"],
    "textile_chem": ["섬유", "화학", "화섬", "케미칼", "텍스타일", "소재"],
    "energy": ["에너지", "파워", "솔라", "전력", "수소", "그린텍"],
    "machinery": ["기계", "기공", "엔지니어링", "산기", "로보틱스", "테크"],
}
_NAME_FORMS = ("(주){}", "{}(주)", "주식회사 {}", "{}", "㈜{}")


def _company_names(rng: np.random.Generator, sector: str, count: int) -> list[str]:
    tails = _NAME_TAILS[sector]
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        stem = _NAME_STEMS[rng.integers(len(_NAME_STEMS))]
        core = stem + tails[rng.integers(len(tails))]
        if core in seen:
            core = stem + _NAME_STEMS[rng.integers(len(_NAME_STEMS))] + tails[rng.integers(len(tails))]
            if core in seen:
                continue
        seen.add(core)
        names.append(_NAME_FORMS[rng.integers(len(_NAME_FORMS))].format(core))
    return names


def _weighted_choice(rng: np.random.Generator, weights: dict, size: int) -> np.ndarray:
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=size, p=p / p.sum())]


def synthetic_disbursements(
    allocation: list[tuple[str, str, int, int]],
    seed: int = DEMO_SEED,
    as_of: dt.date = DEMO_AS_OF,
) -> pd.DataFrame:
    """Invented payments, deterministic for a seed: one row per payment, ``synthetic`` true.

    Each instrument × sector takes up its allocation times the instrument's demo uptake and
    the sector's demand, in whole 만원 amounts around a typical payment size, on dates that
    follow the instrument's demo pace and never pass ``as_of`` (nor 2025-12-31).
    """
    as_of = min(as_of, dt.date(2025, 12, 31))
    rng = np.random.default_rng(seed)
    planned: dict[tuple[str, str], int] = {}
    for inst, sector, _year, amount in allocation:
        planned[(inst, sector)] = planned.get((inst, sector), 0) + amount

    recipients = {s: _company_names(rng, s, 260) for s in _NAME_TAILS}
    recipient_region = {
        s: _weighted_choice(rng, _SECTOR_REGIONS.get(s, _REGION_WEIGHTS), len(names)) for s, names in recipients.items()
    }
    frames = []
    for (inst, sector), amount in sorted(planned.items()):
        target = int(amount * DEMO_UPTAKE[inst] * DEMO_SECTOR_DEMAND[sector]) // MAN  # in 만원
        count = max(1, round(target * MAN / DEMO_TYPICAL_PAYMENT[inst]))
        weights = rng.lognormal(0.0, 0.7, count)
        manwon = np.array(largest_remainder(target - count, [int(w * 1e6) for w in weights])) + 1
        # dates: a year by the demo pace, then a day within what of that year has passed
        pace = {y: w for y, w in DEMO_PACE[inst].items() if dt.date(y, 1, 1) <= as_of}
        years = _weighted_choice(rng, pace, count).astype(int)
        starts = np.array([dt.date(y, 1, 1).toordinal() for y in years])
        ends = np.array([min(dt.date(y, 12, 31), as_of).toordinal() for y in years])
        days = starts + (rng.random(count) * (ends - starts + 1)).astype(int)
        # a few large firms take many payments: Zipf-like choice of recipient
        pool = recipients[sector]
        ranks = np.arange(1, len(pool) + 1, dtype=float)
        pick = rng.choice(len(pool), size=count, p=(1 / ranks) / (1 / ranks).sum())
        if inst == "rnd":
            project = [f"디지털 전환 R&D 과제 {sector}-{k % 40 + 1:03d}" for k in pick]
        elif inst == "fund":
            project = [f"디지털산업혁신펀드 {1 if y <= 2021 else 2}호" for y in years]
        else:
            project = [None] * count
        frames.append(
            pd.DataFrame(
                {
                    "paid_on": [dt.date.fromordinal(int(d)) for d in days],
                    "instrument": inst,
                    "sector": sector,
                    "amount_krw": manwon.astype("int64") * MAN,
                    "recipient": [pool[i] for i in pick],
                    "region": recipient_region[sector][pick],
                    "project": project,
                }
            )
        )
    demo = pd.concat(frames, ignore_index=True).sort_values(["paid_on", "instrument", "sector"], kind="stable")
    demo = demo.reset_index(drop=True)
    demo.insert(0, "source_id", [f"DEMO-{i + 1:06d}" for i in range(len(demo))])
    demo["synthetic"] = True
    return demo


def ensure_demo(con: duckdb.DuckDBPyConnection) -> int | None:
    """Load the synthetic demo batch unless a demo batch was ever loaded; return its batch id."""
    exists = scalar(con, "SELECT count(*) FROM upload_batch WHERE kind = 'demo'")
    if exists:
        return None
    allocation = [
        (r["instrument"], r["sector"], int(r["year"]), int(r["amount_krw"]))
        for r in read_csv_rows("baseline_allocation.csv")
    ]
    demo = synthetic_disbursements(allocation)
    total = int(demo["amount_krw"].sum())
    batch_id = scalar(
        con,
        """INSERT INTO upload_batch (kind, file_name, rows_total, rows_loaded, rows_rejected,
               amount_loaded_krw, synthetic, uploaded_by, status)
           VALUES ('demo', ?, ?, ?, 0, ?, true, ?, 'loaded') RETURNING id""",
        [DEMO_FILE_NAME, len(demo), len(demo), total, SYSTEM_USER],
    )
    next_id = scalar(con, "SELECT coalesce(max(id), 0) + 1 FROM disbursement")
    demo.insert(0, "id", np.arange(next_id, next_id + len(demo), dtype="int64"))
    demo.insert(1, "batch_id", batch_id)
    con.register("demo_rows", demo)
    try:
        con.execute(
            """INSERT INTO disbursement (id, batch_id, source_id, paid_on, instrument, sector,
                   amount_krw, recipient, region, project, synthetic)
               SELECT id, batch_id, source_id, paid_on, instrument, sector, amount_krw,
                   recipient, region, project, synthetic FROM demo_rows"""
        )
    finally:
        con.unregister("demo_rows")
    summarise_batch(con, batch_id)
    return batch_id


def initialise(con: duckdb.DuckDBPyConnection, demo: bool = True) -> dict[str, object]:
    """Create or migrate the schema, sync the seed facts, add the baseline and the demo batch.

    Idempotent: a second run with the same arguments changes nothing. The demo batch is
    added only if no demo batch was ever loaded (a reverted one stays reverted).
    """
    applied = migrate(con)
    con.execute("BEGIN TRANSACTION")
    try:
        load_seed_facts(con)
        baseline_created = ensure_baseline(con)
        demo_batch = ensure_demo(con) if demo else None
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return {"migrations_applied": applied, "baseline_created": baseline_created, "demo_batch_id": demo_batch}


if __name__ == "__main__":
    write_baseline_csv()
