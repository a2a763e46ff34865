"""Disbursement files as they really come: read → find the header → map → validate → load.

Every step but the last is pure (bytes in, tables and issues out); :func:`load` writes one
batch in one transaction, all its accepted rows or nothing. The page and ``python -m budget
import`` both call :func:`check` then :func:`load`.

Row numbers are the ones a clerk sees in a spreadsheet: the file's first record is row 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import dataclass, field

import duckdb
import pandas as pd
import pyarrow as pa

from budget import db
from budget.rules import FATAL, RULES, message

CANONICAL = ("source_id", "paid_on", "instrument", "sector", "amount_krw", "recipient", "region", "project")
REQUIRED = ("paid_on", "instrument", "sector", "amount_krw")

#: Header texts accepted for each field (compared without spaces, case-insensitive).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "source_id": ("집행번호", "관리번호", "번호", "일련번호", "source_id", "id", "paymentid"),
    "paid_on": ("집행일자", "지급일", "일자", "날짜", "집행일", "지급일자", "paid_on", "date", "paiddate"),
    "instrument": ("지원수단", "구분", "수단", "instrument"),
    "sector": ("분야", "업종", "sector"),
    "amount_krw": ("금액", "집행액", "지원금액", "집행금액", "amount", "amount_krw"),
    "recipient": ("기업명", "수혜기업", "업체명", "수혜기업명", "recipient", "company"),
    "region": ("지역", "시도", "region"),
    "project": ("과제명", "과제", "project"),
}

#: Units a header or a "(단위: …)" line may state, in won.
UNITS = {"원": 1, "천원": 1_000, "만원": 10_000, "백만원": 1_000_000, "억원": 100_000_000}
_UNIT_IN_TEXT = re.compile(r"(백만원|천원|만원|억원|원)")
_UNIT_IN_HEADER = re.compile(r"[(\[（]\s*(?:단위\s*[:：]?\s*)?(백만원|천원|만원|억원|원)\s*[)\]）]")
_TOTAL_LABELS = {"합계", "총계", "소계", "계", "total", "합 계", "총 계"}

INSTRUMENT_ALIASES = {
    "fund": ("fund", "펀드", "산업지능화펀드", "디지털산업혁신펀드", "투자"),
    "guarantee": ("guarantee", "보증", "신용보증", "보증지원", "신용보증기금"),
    "loan": ("loan", "대출", "신용대출", "융자"),
    "rnd": ("rnd", "r&d", "연구개발", "r&d사업", "연구개발사업", "알앤디"),
}


@dataclass
class Issue:
    """One finding of the validation report."""

    rule: str
    row: int | None = None
    field: str | None = None
    value: str | None = None

    @property
    def severity(self) -> str:
        return RULES[self.rule].severity

    @property
    def expected(self) -> str:
        return RULES[self.rule].expected

    def message(self, lang: str = "ko") -> str:
        return message(self.rule, lang, self.value if self.value is not None else "")

    def as_dict(self) -> dict[str, object]:
        return {
            "row": self.row,
            "field": self.field,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message("ko"),
            "message_en": self.message("en"),
            "value": self.value,
            "expected": self.expected,
        }


class FileRefused(db.BudgetError):
    """The file fails a file-level check; nothing of it can load."""

    def __init__(self, issue: Issue):
        self.issue = issue
        super().__init__(issue.message("ko"), issue.message("en"))


@dataclass
class Table:
    """The file's records below its header, as text, with the spreadsheet row numbers."""

    header: list[str]
    header_row: int
    rows: list[list[str]]
    row_numbers: list[int]
    unit_line: int | None = None  # the won per unit a "(단위: …)" line above the header states
    encoding: str = ""
    delimiter: str = ""


# --- reading ---------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was in: BOMs first, then UTF-8, then CP949 (which covers EUC-KR)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    for encoding in ("utf-8", "cp949"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise FileRefused(Issue("F001"))


def sniff_delimiter(text: str) -> str:
    """The separator the first lines use most consistently: comma, tab, semicolon or pipe."""
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    best, best_score = ",", -1
    for candidate in (",", "\t", ";", "|"):
        counts = [line.count(candidate) for line in lines]
        widest = max(counts, default=0)
        score = sum(1 for c in counts if c == widest and c > 0) * 1000 + widest
        if widest and score > best_score:
            best, best_score = candidate, score
    return best


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_records(data: bytes, file_name: str = "", sheet: str | None = None) -> tuple[list[list[str]], str, str]:
    """All records of a CSV or .xlsx file as lists of text, with the encoding and separator."""
    if not data:
        raise FileRefused(Issue("F002"))
    if data[:4] == b"PK\x03\x04" or file_name.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data, sheet), "xlsx", ""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefused(Issue("F001"))
    text, encoding = decode(data)
    delimiter = sniff_delimiter(text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise FileRefused(Issue("F001", value=str(exc))) from exc
    return records, encoding, delimiter


def _read_xlsx(data: bytes, sheet: str | None) -> list[list[str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileRefused(Issue("F001", value=type(exc).__name__)) from exc
    try:
        worksheet = book[sheet] if sheet else book.worksheets[0]
        return [[_cell(v) for v in row] for row in worksheet.iter_rows(values_only=True)]
    finally:
        book.close()


# --- header and mapping ----------------------------------------------------------------


def _squash(text: str) -> str:
    return re.sub(r"[\s·ㆍ/,.\-_()\[\]（）:：]", "", text.replace("\ufeff", "")).lower()


def header_field(text: str) -> tuple[str | None, int | None]:
    """The canonical field a header names, and the unit it states ("금액(백만원)" → amount, 1e6)."""
    unit_match = _UNIT_IN_HEADER.search(text)
    unit = UNITS[unit_match.group(1)] if unit_match else None
    bare = _squash(_UNIT_IN_HEADER.sub("", text))
    for canonical, aliases in HEADER_ALIASES.items():
        if bare in {_squash(a) for a in aliases}:
            return canonical, unit
    return None, unit


def map_header(header: list[str]) -> tuple[dict[str, int], int | None]:
    """Column index of each canonical field found, and the unit stated on the amount header."""
    mapping: dict[str, int] = {}
    amount_unit = None
    for index, text in enumerate(header):
        canonical, unit = header_field(text)
        if canonical and canonical not in mapping:
            mapping[canonical] = index
            if canonical == "amount_krw":
                amount_unit = unit
    return mapping, amount_unit


def find_table(records: list[list[str]], look: int = 20) -> Table:
    """Find the header among the first records (title and unit lines may stand above it)."""
    if not any(any(c.strip() for c in r) for r in records):
        raise FileRefused(Issue("F002"))
    unit_line = None
    for index, record in enumerate(records[:look]):
        mapping, _ = map_header(record)
        if len(mapping) >= 2 and ("amount_krw" in mapping or "paid_on" in mapping):
            data = records[index + 1 :]
            return Table(
                header=[c.strip() for c in record],
                header_row=index + 1,
                rows=data,
                row_numbers=list(range(index + 2, index + 2 + len(data))),
                unit_line=unit_line,
            )
        joined = " ".join(record)
        if "단위" in joined or "unit" in joined.lower():
            found = _UNIT_IN_TEXT.search(joined)
            if found:
                unit_line = UNITS[found.group(1)]
    raise FileRefused(Issue("F003"))


# --- validation ------------------------------------------------------------------------


@dataclass
class Checked:
    """A validated file: the rows that can load, the report, and what it would add."""

    file_name: str
    sha256: str
    rows_total: int
    accepted: pa.Table
    issues: list[Issue] = field(default_factory=list)
    rejected: dict[int, list[Issue]] = field(default_factory=dict)
    raw: dict[int, list[str]] = field(default_factory=dict)
    encoding: str = ""

    @property
    def rows_loaded(self) -> int:
        return self.accepted.num_rows

    @property
    def rows_rejected(self) -> int:
        return len(self.rejected)

    @property
    def amount_krw(self) -> int:
        column = self.accepted.column("amount_krw")
        return int(sum(v for v in column.to_pylist())) if self.accepted.num_rows else 0

    @property
    def file_fatal(self) -> bool:
        return any(i.severity == FATAL and i.row is None for i in self.issues)


def _alias_rows(con: duckdb.DuckDBPyConnection) -> tuple[list, list, list]:
    sectors = con.execute("SELECT code, name_ko, name_en, aliases FROM sector").fetchall()
    regions = con.execute("SELECT code, name_ko, name_en, full_name_ko FROM region").fetchall()
    sector_alias = [(_squash(a), code) for code, ko, en, more in sectors for a in (code, ko, en, *more.split("|")) if a]
    region_alias = [(_squash(a), code) for code, ko, en, full in regions for a in (code, ko, en, full)]
    # "경기도" and "경기" both: short names with their 도/시 suffixes dropped are already there
    instrument_alias = [(_squash(a), code) for code, names in INSTRUMENT_ALIASES.items() for a in names]
    inst_names = con.execute("SELECT code, name_ko, name_en, short_ko, short_en FROM instrument").fetchall()
    instrument_alias += [(_squash(a), code) for code, *names in inst_names for a in names]
    return sorted(set(instrument_alias)), sorted(set(sector_alias)), sorted(set(region_alias))


_NORMALISE_SQL = r"lower(regexp_replace(COLUMN, '[\s·ㆍ/,.\-_()\[\]（）:：]', '', 'g'))"

VALIDATE_SQL = r"""
CREATE OR REPLACE TEMP TABLE checked AS
WITH cleaned AS (
    SELECT s.*,
        trim(paid_on) AS d,
        regexp_replace(trim(amount), '[\s,₩￦원]|KRW', '', 'g') AS a
    FROM staged s
), parsed AS (
    SELECT c.*,
        CASE
            WHEN regexp_full_match(d, '\d{4}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2}\s*\.?') THEN try(make_date(
                CAST(regexp_extract(d, '^(\d{4})', 1) AS INTEGER),
                CAST(regexp_extract(d, '^\d{4}\s*[-./]\s*(\d{1,2})', 1) AS INTEGER),
                CAST(regexp_extract(d, '(\d{1,2})\s*\.?$', 1) AS INTEGER)))
            WHEN regexp_full_match(d, '\d{8}') THEN try(make_date(
                CAST(substr(d, 1, 4) AS INTEGER), CAST(substr(d, 5, 2) AS INTEGER), CAST(substr(d, 7, 2) AS INTEGER)))
            -- an Excel serial day number (1900 date system), as CSV exports sometimes carry
            WHEN regexp_full_match(d, '\d{5}(\.0+)?') THEN DATE '1899-12-30' + CAST(CAST(d AS DOUBLE) AS INTEGER)
        END AS paid_date,
        regexp_full_match(a, '-?\d+(\.\d+)?') AS amount_is_number,
        CASE WHEN regexp_full_match(a, '-?\d+(\.\d+)?')
             THEN try(CAST(a AS DECIMAL(38, 6)) * $unit) END AS amount_value,
        ia.code AS instrument_code,
        sa.code AS sector_code,
        ra.code AS region_code
    FROM cleaned c
    LEFT JOIN instrument_alias ia ON ia.alias = __INST__
    LEFT JOIN sector_alias sa ON sa.alias = __SECTOR__
    LEFT JOIN region_alias ra ON ra.alias = __REGION__
)
SELECT * FROM parsed
"""

ISSUES_SQL = r"""
SELECT row_number, 'R001' AS rule, 'paid_on' AS field, paid_on AS value FROM checked WHERE d = ''
UNION ALL SELECT row_number, 'R001', 'instrument', instrument FROM checked WHERE trim(instrument) = ''
UNION ALL SELECT row_number, 'R001', 'sector', sector FROM checked WHERE trim(sector) = ''
UNION ALL SELECT row_number, 'R001', 'amount_krw', amount FROM checked WHERE a = ''
UNION ALL SELECT row_number, 'R002', 'paid_on', paid_on FROM checked WHERE d <> '' AND paid_date IS NULL
UNION ALL SELECT row_number, 'R003', 'paid_on', paid_on FROM checked
    WHERE paid_date IS NOT NULL AND (paid_date < DATE '2020-01-01' OR paid_date > DATE '2025-12-31')
UNION ALL SELECT row_number, 'R004', 'instrument', instrument FROM checked
    WHERE trim(instrument) <> '' AND instrument_code IS NULL
UNION ALL SELECT row_number, 'R005', 'sector', sector FROM checked WHERE trim(sector) <> '' AND sector_code IS NULL
UNION ALL SELECT row_number, 'R006', 'amount_krw', amount FROM checked
    WHERE a <> '' AND (NOT amount_is_number OR amount_value IS NULL)
UNION ALL SELECT row_number, 'R007', 'amount_krw', amount FROM checked WHERE amount_value <= 0
UNION ALL SELECT row_number, 'R008', 'amount_krw', amount FROM checked
    WHERE amount_value > 0 AND amount_value <> floor(amount_value)
UNION ALL SELECT row_number, 'W103', 'region', region FROM checked WHERE trim(region) <> '' AND region_code IS NULL
UNION ALL SELECT c.row_number, 'W101', 'paid_on', c.paid_on || ' < ' || strftime(s.joined_on, '%Y-%m-%d')
    FROM checked c JOIN sector s ON s.code = c.sector_code
    WHERE c.paid_date < s.joined_on AND c.paid_date >= DATE '2020-01-01'  -- an R003 date gets R003 alone
UNION ALL SELECT c.row_number, 'W102', 'paid_on',
        c.paid_on || ' (' || strftime(i.period_start, '%Y-%m-%d') || '..' || strftime(i.period_end, '%Y-%m-%d') || ')'
    FROM checked c JOIN instrument i ON i.code = c.instrument_code
    WHERE (c.paid_date < i.period_start OR c.paid_date > i.period_end)
      AND c.paid_date BETWEEN DATE '2020-01-01' AND DATE '2025-12-31'
UNION ALL SELECT row_number, 'X001', 'source_id', source_id FROM (
        SELECT row_number, source_id,
               row_number() OVER (PARTITION BY trim(source_id) ORDER BY row_number) AS nth
        FROM checked WHERE trim(source_id) <> '') WHERE nth > 1
UNION ALL SELECT c.row_number, 'X002', 'source_id', c.source_id FROM checked c
    WHERE trim(c.source_id) <> ''
      AND trim(c.source_id) IN (SELECT source_id FROM live_disbursement WHERE source_id IS NOT NULL)
"""


def _staged(table: Table, mapping: dict[str, int]) -> tuple[pa.Table, list[Issue], dict[int, list[str]]]:
    """The rows as text columns, with extra-cell and total-row findings; blank rows are skipped."""
    columns: dict[str, list[str]] = {name: [] for name in CANONICAL}
    numbers: list[int] = []
    issues: list[Issue] = []
    raw: dict[int, list[str]] = {}
    width = len(table.header)
    for number, record in zip(table.row_numbers, table.rows, strict=True):
        cells = [c.strip() for c in record]
        if not any(cells):
            continue
        if any(c.lower() in _TOTAL_LABELS for c in cells[: max(3, width)] if c):
            issues.append(Issue("W104", number, None, " | ".join(c for c in cells if c)[:200]))
            continue
        raw[number] = record
        if len(cells) > width and any(cells[width:]):
            issues.append(Issue("R009", number, None, " | ".join(cells[width:])[:200]))
        numbers.append(number)
        for name in CANONICAL:
            index = mapping.get(name)
            columns[name].append(cells[index] if index is not None and index < len(cells) else "")
    arrays = {"row_number": pa.array(numbers, pa.int64())}
    arrays.update({("amount" if k == "amount_krw" else k): pa.array(v, pa.string()) for k, v in columns.items()})
    return pa.table(arrays), issues, raw


def check(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    file_name: str,
    mapping_override: dict[str, str] | None = None,
    sheet: str | None = None,
) -> Checked:
    """Validate a disbursement file against the database without writing to it.

    File-level problems raise :class:`FileRefused`; row and cross-row findings come back
    in the report, with the rows that can load.
    """
    sha256 = hashlib.sha256(data).hexdigest()
    records, encoding, _ = read_records(data, file_name, sheet)
    table = find_table(records)
    mapping, header_unit = map_header(table.header)
    for canonical, header in (mapping_override or {}).items():
        if header in table.header:
            mapping[canonical] = table.header.index(header)
    missing = [f for f in REQUIRED if f not in mapping]
    if missing:
        raise FileRefused(Issue("F004", None, ", ".join(missing), ", ".join(missing)))
    loaded_before = db.scalar(
        con,
        "SELECT min(id) FROM upload_batch WHERE sha256 = ? AND status = 'loaded' AND kind = 'disbursements'",
        [sha256],
    )
    if loaded_before is not None:
        raise FileRefused(Issue("F005", None, None, str(loaded_before)))
    unit = header_unit or table.unit_line or 1

    staged, issues, raw = _staged(table, mapping)
    if staged.num_rows == 0:
        raise FileRefused(Issue("F006"))
    instrument_alias, sector_alias, region_alias = _alias_rows(con)
    con.register("staged", staged)
    con.register(
        "instrument_alias",
        pa.table({"alias": [a for a, _ in instrument_alias], "code": [c for _, c in instrument_alias]}),
    )
    con.register(
        "sector_alias", pa.table({"alias": [a for a, _ in sector_alias], "code": [c for _, c in sector_alias]})
    )
    con.register(
        "region_alias", pa.table({"alias": [a for a, _ in region_alias], "code": [c for _, c in region_alias]})
    )
    try:
        sql = (
            VALIDATE_SQL.replace("__INST__", _NORMALISE_SQL.replace("COLUMN", "c.instrument"))
            .replace("__SECTOR__", _NORMALISE_SQL.replace("COLUMN", "c.sector"))
            .replace("__REGION__", _NORMALISE_SQL.replace("COLUMN", "c.region"))
        )
        con.execute(sql, {"unit": unit})
        found = con.execute(ISSUES_SQL + " ORDER BY 1, 2").fetchall()
        issues += [Issue(rule, row, fld, value) for row, rule, fld, value in found]
        fatal_rows = sorted({i.row for i in issues if i.row is not None and i.severity == FATAL})
        accepted = con.sql(
            """SELECT row_number, nullif(trim(source_id), '') AS source_id, paid_date AS paid_on,
                      instrument_code AS instrument, sector_code AS sector,
                      CAST(amount_value AS BIGINT) AS amount_krw,
                      nullif(trim(recipient), '') AS recipient, region_code AS region,
                      nullif(trim(project), '') AS project
               FROM checked WHERE NOT list_contains($fatal, row_number) ORDER BY row_number""",
            params={"fatal": fatal_rows},
        ).to_arrow_table()
        _envelope_warnings(con, accepted, issues)
    finally:
        con.execute("DROP TABLE IF EXISTS checked")
        for name in ("staged", "instrument_alias", "sector_alias", "region_alias"):
            con.unregister(name)
    rejected: dict[int, list[Issue]] = {}
    for issue in issues:
        if issue.row is not None and issue.severity == FATAL:
            rejected.setdefault(issue.row, []).append(issue)
    issues.sort(key=lambda i: (i.row or 0, i.rule))
    return Checked(file_name, sha256, staged.num_rows + sum(1 for i in issues if i.rule == "W104"),
                   accepted, issues, rejected, raw, encoding)  # fmt: skip


def _envelope_warnings(con: duckdb.DuckDBPyConnection, accepted: pa.Table, issues: list[Issue]) -> None:
    if not accepted.num_rows:
        return
    con.register("accepted_rows", accepted)
    try:
        over = con.execute(
            """SELECT i.code, i.envelope_krw, coalesce(l.paid, 0) + n.paid AS total
               FROM instrument i
               JOIN (SELECT instrument, sum(amount_krw) AS paid FROM accepted_rows GROUP BY 1) n ON n.instrument = i.code
               LEFT JOIN (SELECT instrument, sum(amount_krw) AS paid FROM live_monthly GROUP BY 1) l ON l.instrument = i.code
               WHERE coalesce(l.paid, 0) + n.paid > i.envelope_krw
               ORDER BY i.sort_order"""
        ).fetchall()
    finally:
        con.unregister("accepted_rows")
    for code, envelope, total in over:
        issues.append(Issue("X003", None, "amount_krw", f"{code}: {int(total):,} > {int(envelope):,}"))


# --- loading ---------------------------------------------------------------------------


def load(con: duckdb.DuckDBPyConnection, checked: Checked, uploaded_by: str) -> int:
    """Write the accepted rows as one batch, rejected rows beside them, in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        batch_id = db.scalar(
            con,
            """INSERT INTO upload_batch (kind, file_name, sha256, rows_total, rows_loaded, rows_rejected,
                   amount_loaded_krw, synthetic, uploaded_by, status)
               VALUES ('disbursements', ?, ?, ?, ?, ?, ?, false, ?, 'loaded') RETURNING id""",
            [checked.file_name, checked.sha256, checked.rows_total, checked.rows_loaded, checked.rows_rejected,
             checked.amount_krw, uploaded_by],
        )  # fmt: skip
        first_id = db.scalar(con, "SELECT coalesce(max(id), 0) + 1 FROM disbursement")
        con.register("accepted_rows", checked.accepted)
        try:
            con.execute(
                """INSERT INTO disbursement (id, batch_id, source_id, paid_on, instrument, sector, amount_krw,
                       recipient, region, project, synthetic)
                   SELECT $first + row_number() OVER (ORDER BY row_number) - 1, $batch, source_id, paid_on,
                          instrument, sector, amount_krw, recipient, region, project, false
                   FROM accepted_rows""",
                {"first": first_id, "batch": batch_id},
            )
        finally:
            con.unregister("accepted_rows")
        rejected = [
            [batch_id, row, json.dumps(checked.raw.get(row, []), ensure_ascii=False), issue.rule, issue.field,
             f"{issue.message('ko')} / {issue.message('en')}"]
            for row, found in sorted(checked.rejected.items())
            for issue in found
        ]  # fmt: skip
        if rejected:
            con.executemany(
                "INSERT INTO rejected_row (batch_id, row_number, raw, rule, field, message) VALUES (?, ?, ?, ?, ?, ?)",
                rejected,
            )
        db.summarise_batch(con, batch_id)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return batch_id


def revert(con: duckdb.DuckDBPyConnection, batch_id: int, reverted_by: str) -> bool:
    """Mark a loaded batch reverted: its rows leave every figure but stay for audit."""
    changed = db.scalar(
        con,
        """UPDATE upload_batch SET status = 'reverted', reverted_at = current_timestamp, reverted_by = ?
           WHERE id = ? AND status = 'loaded' RETURNING id""",
        [reverted_by, batch_id],
    )
    return changed is not None


# --- what the clerk takes away ---------------------------------------------------------


def report_table(issues: list[Issue], lang: str) -> pd.DataFrame:
    """The validation report: row, field, rule, severity, message, value given, value expected."""
    from budget.i18n import t

    return pd.DataFrame(
        {
            t("report_row", lang): pd.array([i.row for i in issues], dtype="Int64"),
            t("report_field", lang): [i.field or "" for i in issues],
            t("report_rule", lang): [i.rule for i in issues],
            t("report_severity", lang): [t(f"severity_{i.severity}", lang) for i in issues],
            t("report_message", lang): [i.message(lang) for i in issues],
            t("report_value", lang): [i.value or "" for i in issues],
            t("report_expected", lang): [i.expected for i in issues],
        }
    )


def annotated_original(data: bytes, file_name: str, issues: list[Issue], sheet: str | None = None) -> bytes:
    """The file's own records as CSV (UTF-8 with BOM) with an error column added at the end."""
    from budget.export import neutralise

    records, _, _ = read_records(data, file_name, sheet)
    by_row: dict[int, list[str]] = {}
    for issue in issues:
        if issue.row is not None:
            by_row.setdefault(issue.row, []).append(f"{issue.rule} {issue.field or ''}: {issue.message('ko')}")
    header_row = find_table(records).header_row
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for number, record in enumerate(records, start=1):
        extra = "오류 / errors" if number == header_row else "; ".join(by_row.get(number, []))
        writer.writerow([neutralise(c) for c in record] + [extra])
    return out.getvalue().encode("utf-8-sig")
