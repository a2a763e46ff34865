"""The one door to DuckDB: where the file is, opening it, migrations, and lock errors.

DuckDB lets one process write a database file at a time. When another process holds
the file, opening it raises an ``IOException``; here it becomes :class:`DatabaseLocked`
with a message in Korean and English, which the command line and the pages show as is.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import duckdb

from budget.i18n import t

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "budget.duckdb"


class BudgetError(Exception):
    """An error a user can cause and can act on; carries its message in both languages."""

    def __init__(self, message_ko: str, message_en: str):
        super().__init__(message_en)
        self.message_ko = message_ko
        self.message_en = message_en

    @classmethod
    def of(cls, key: str, **values: object) -> BudgetError:
        """The error with its message from the catalogue, in both languages."""
        return cls(t(key, "ko", **values), t(key, "en", **values))

    def message(self, lang: str = "ko") -> str:
        return self.message_en if lang == "en" else self.message_ko

    def bilingual(self) -> str:
        return f"{self.message_ko}\n{self.message_en}"


class DatabaseLocked(BudgetError):
    """Another process holds the database file."""

    def __init__(self, path: Path, pid: str | None):
        self.path = path
        self.pid = pid
        values = {"path": path}
        super().__init__(
            t("db_locked", "ko", pid=pid or t("db_locked_unknown_pid", "ko"), **values),
            t("db_locked", "en", pid=pid or t("db_locked_unknown_pid", "en"), **values),
        )


class NoPlan(BudgetError):
    """No scenario to compare payments with: the baseline is missing."""

    def __init__(self) -> None:
        super().__init__(t("no_plan", "ko"), t("no_plan", "en"))


class DatabaseUnavailable(BudgetError):
    """The database file cannot be opened for another reason (not a DuckDB file, no permission)."""

    def __init__(self, path: Path, reason: str):
        super().__init__(
            t("db_unreadable", "ko", path=path, reason=reason),
            t("db_unreadable", "en", path=path, reason=reason),
        )


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """The database file: ``--db`` if given, else ``BUDGET_DB``, else ``data/budget.duckdb``."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("BUDGET_DB")
    return Path(env) if env else DEFAULT_DB


_LOCK_PID = re.compile(r"\(PID (\d+)\)")


def connect(path: str | os.PathLike | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the database file, turning DuckDB's lock and file errors into :class:`BudgetError`."""
    target = db_path(path)
    if not read_only:
        target.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(target), read_only=read_only)
    except duckdb.IOException as exc:
        text = str(exc)
        if "lock" in text.lower():
            match = _LOCK_PID.search(text)
            raise DatabaseLocked(target, match.group(1) if match else None) from exc
        raise DatabaseUnavailable(target, text) from exc
    except duckdb.Error as exc:
        raise DatabaseUnavailable(target, str(exc)) from exc


# --- migrations --------------------------------------------------------------------------
# Each step is a function named mNNN_what, applied once and recorded by name in
# schema_migration. Add new steps at the end; never edit one that has shipped.


def m001_initial(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE instrument (
            code VARCHAR PRIMARY KEY,
            name_ko VARCHAR NOT NULL,
            name_en VARCHAR NOT NULL,
            short_ko VARCHAR NOT NULL,
            short_en VARCHAR NOT NULL,
            envelope_krw BIGINT NOT NULL CHECK (envelope_krw >= 0),
            period_start DATE NOT NULL,
            period_end DATE NOT NULL,
            provider_ko VARCHAR NOT NULL,
            provider_en VARCHAR NOT NULL,
            period_note_ko VARCHAR,
            period_note_en VARCHAR,
            sort_order INTEGER NOT NULL,
            source VARCHAR NOT NULL
        );
        CREATE TABLE sector (
            code VARCHAR PRIMARY KEY,
            name_ko VARCHAR NOT NULL,
            name_en VARCHAR NOT NULL,
            joined_on DATE NOT NULL,
            joined_precision VARCHAR NOT NULL,
            aliases VARCHAR NOT NULL,
            sort_order INTEGER NOT NULL,
            source VARCHAR NOT NULL
        );
        CREATE TABLE region (
            code VARCHAR PRIMARY KEY,
            name_ko VARCHAR NOT NULL,
            name_en VARCHAR NOT NULL,
            full_name_ko VARCHAR NOT NULL,
            sort_order INTEGER NOT NULL
        );
        CREATE TABLE milestone (
            id VARCHAR PRIMARY KEY,
            on_date DATE NOT NULL,
            date_precision VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            sector VARCHAR,
            instrument VARCHAR,
            value BIGINT NOT NULL,
            unit VARCHAR NOT NULL,
            note_ko VARCHAR NOT NULL,
            note_en VARCHAR NOT NULL,
            source VARCHAR NOT NULL
        );
        CREATE SEQUENCE scenario_id_seq START 1;
        CREATE TABLE scenario (
            id INTEGER PRIMARY KEY DEFAULT nextval('scenario_id_seq'),
            name VARCHAR NOT NULL UNIQUE,
            kind VARCHAR NOT NULL CHECK (kind IN ('baseline', 'plan', 'scenario')),
            created_by VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
            note VARCHAR,
            parent_id INTEGER,
            archived BOOLEAN NOT NULL DEFAULT false,
            source_batch_id INTEGER  -- the upload a plan came from (reverting it archives the plan)
        );
        CREATE TABLE allocation (
            scenario_id INTEGER NOT NULL,
            instrument VARCHAR NOT NULL,
            sector VARCHAR NOT NULL,
            year INTEGER NOT NULL CHECK (year BETWEEN 2020 AND 2025),
            amount_krw BIGINT NOT NULL,
            PRIMARY KEY (scenario_id, instrument, sector, year)
        );
        CREATE SEQUENCE batch_id_seq START 1;
        CREATE TABLE upload_batch (
            id INTEGER PRIMARY KEY DEFAULT nextval('batch_id_seq'),
            kind VARCHAR NOT NULL CHECK (kind IN ('disbursements', 'allocations', 'demo')),
            file_name VARCHAR NOT NULL,
            sha256 VARCHAR,
            rows_total BIGINT NOT NULL DEFAULT 0,
            rows_loaded BIGINT NOT NULL DEFAULT 0,
            rows_rejected BIGINT NOT NULL DEFAULT 0,
            amount_loaded_krw BIGINT NOT NULL DEFAULT 0,
            synthetic BOOLEAN NOT NULL DEFAULT false,
            uploaded_by VARCHAR NOT NULL,
            uploaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
            status VARCHAR NOT NULL CHECK (status IN ('loaded', 'reverted')),
            reverted_at TIMESTAMP,
            reverted_by VARCHAR
        );
        -- No primary key on purpose: an index over millions of payments costs memory and
        -- load time, and the loader assigns ids and checks duplicates itself.
        CREATE TABLE disbursement (
            id BIGINT NOT NULL,
            batch_id INTEGER NOT NULL,
            source_id VARCHAR,
            paid_on DATE NOT NULL,
            instrument VARCHAR NOT NULL,
            sector VARCHAR NOT NULL,
            amount_krw BIGINT NOT NULL CHECK (amount_krw > 0),
            recipient VARCHAR,
            region VARCHAR,
            project VARCHAR,
            synthetic BOOLEAN NOT NULL
        );
        CREATE TABLE rejected_row (
            batch_id INTEGER NOT NULL,
            row_number BIGINT NOT NULL,
            raw VARCHAR,
            rule VARCHAR NOT NULL,
            field VARCHAR,
            message VARCHAR NOT NULL
        );
        -- How a delivery body's files name their columns, saved from the upload page's mapping step.
        CREATE TABLE column_mapping (
            source VARCHAR PRIMARY KEY,
            mapping VARCHAR NOT NULL,
            saved_by VARCHAR NOT NULL,
            saved_at TIMESTAMP NOT NULL DEFAULT current_timestamp
        );
        -- Payments that count: rows of batches that are loaded, not reverted.
        CREATE VIEW live_disbursement AS
            SELECT d.* FROM disbursement d
            JOIN upload_batch b ON b.id = d.batch_id
            WHERE b.status = 'loaded';
        """
    )


def m002_summary_tables(con: duckdb.DuckDBPyConnection) -> None:
    # Pages read these small tables, never the payments themselves, so a page costs the
    # same at 10 million payments as at 10 thousand. Keyed by batch: reverting a batch
    # needs no rebuild, the live_ views simply leave it out. The loader fills them in the
    # same transaction as the payments; existing payments are summarised here once.
    con.execute(
        """
        CREATE TABLE disbursement_monthly (
            batch_id INTEGER NOT NULL,
            instrument VARCHAR NOT NULL,
            sector VARCHAR NOT NULL,
            region VARCHAR,
            month DATE NOT NULL,
            amount_krw BIGINT NOT NULL,
            payments BIGINT NOT NULL,
            last_paid_on DATE NOT NULL
        );
        -- Recipients get an integer key: grouping millions of summary rows by an integer
        -- is several times faster than by a Korean company name.
        CREATE TABLE recipient (
            id INTEGER PRIMARY KEY,
            name VARCHAR NOT NULL UNIQUE
        );
        CREATE TABLE disbursement_recipient (
            batch_id INTEGER NOT NULL,
            recipient_id INTEGER NOT NULL,
            instrument VARCHAR NOT NULL,
            sector VARCHAR NOT NULL,
            year SMALLINT NOT NULL,
            region VARCHAR,
            amount_krw BIGINT NOT NULL,
            payments BIGINT NOT NULL
        );
        CREATE VIEW live_monthly AS
            SELECT m.* FROM disbursement_monthly m
            JOIN upload_batch b ON b.id = m.batch_id
            WHERE b.status = 'loaded';
        CREATE VIEW live_recipient AS
            SELECT r.*, k.name AS recipient FROM disbursement_recipient r
            JOIN recipient k ON k.id = r.recipient_id
            JOIN upload_batch b ON b.id = r.batch_id
            WHERE b.status = 'loaded';
        """
    )
    # payments loaded before this step (its own SQL: summarise_batch has moved on since)
    con.execute(
        """
        INSERT INTO disbursement_monthly
        SELECT batch_id, instrument, sector, region, date_trunc('month', paid_on)::DATE,
               sum(amount_krw)::BIGINT, count(*), max(paid_on)
        FROM disbursement GROUP BY batch_id, instrument, sector, region, date_trunc('month', paid_on);
        INSERT INTO recipient
        SELECT row_number() OVER (ORDER BY name), name
        FROM (SELECT DISTINCT recipient AS name FROM disbursement WHERE recipient IS NOT NULL);
        INSERT INTO disbursement_recipient
        SELECT d.batch_id, r.id, d.instrument, d.sector, year(d.paid_on)::SMALLINT, min(d.region),
               sum(d.amount_krw)::BIGINT, count(*)
        FROM disbursement d JOIN recipient r ON r.name = d.recipient
        GROUP BY d.batch_id, r.id, d.instrument, d.sector, year(d.paid_on);
        """
    )


def summarise_batch(con: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    """Add a batch's payments to the monthly summary, and key its recipients (call inside the
    batch's transaction). Payments already keyed, as the loader writes them, are left alone."""
    con.execute(
        """
        INSERT INTO disbursement_monthly
        SELECT batch_id, instrument, sector, region, date_trunc('month', paid_on)::DATE AS month,
               sum(amount_krw)::BIGINT, count(*), max(paid_on)
        FROM disbursement WHERE batch_id = $batch_id
        GROUP BY batch_id, instrument, sector, region, date_trunc('month', paid_on)
        """,
        {"batch_id": batch_id},
    )
    add_recipients(
        con,
        "SELECT recipient FROM disbursement WHERE batch_id = $batch_id AND recipient_id IS NULL",
        {"batch_id": batch_id},
    )
    con.execute(
        """UPDATE disbursement SET recipient_id = r.id FROM recipient r
            WHERE disbursement.batch_id = $batch_id AND disbursement.recipient_id IS NULL
              AND r.name = disbursement.recipient""",
        {"batch_id": batch_id},
    )
    con.execute(
        """INSERT INTO recipient_total
           SELECT batch_id, recipient_id, region, sum(amount_krw)::BIGINT, count(*) FROM disbursement
           WHERE batch_id = $batch_id AND recipient_id IS NOT NULL GROUP BY batch_id, recipient_id, region""",
        {"batch_id": batch_id},
    )


def add_recipients(con: duckdb.DuckDBPyConnection, names_sql: str, params: object = None) -> None:
    """Give each recipient name the query returns that has no key yet the next free one."""
    con.execute(
        f"""
        INSERT INTO recipient
        SELECT (SELECT coalesce(max(id), 0) FROM recipient) + row_number() OVER (ORDER BY name), name
        FROM (SELECT DISTINCT * FROM ({names_sql}) AS n(name) WHERE name IS NOT NULL EXCEPT SELECT name FROM recipient)
        """,
        params,
    )


def m003_scenario_details(con: duckdb.DuckDBPyConnection) -> None:
    # A scenario's expected uptake rates (sector '' = the whole instrument), and who last
    # renamed or archived it.
    con.execute(
        """
        CREATE TABLE scenario_uptake (
            scenario_id INTEGER NOT NULL,
            instrument VARCHAR NOT NULL,
            sector VARCHAR NOT NULL DEFAULT '',
            rate DECIMAL(9, 6) NOT NULL CHECK (rate >= 0 AND rate <= 2),
            PRIMARY KEY (scenario_id, instrument, sector)
        );
        ALTER TABLE scenario ADD COLUMN updated_at TIMESTAMP;
        ALTER TABLE scenario ADD COLUMN updated_by VARCHAR;
        """
    )


def m004_audit_log(con: duckdb.DuckDBPyConnection) -> None:
    # One row per write a person makes: who, when, what. Written in the same transaction as
    # the write itself, so there is never a write without its line or a line without its write.
    con.execute(
        """
        CREATE SEQUENCE audit_id_seq START 1;
        CREATE TABLE audit_log (
            id BIGINT PRIMARY KEY DEFAULT nextval('audit_id_seq'),
            done_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
            who VARCHAR NOT NULL,
            action VARCHAR NOT NULL,
            subject VARCHAR,
            detail VARCHAR
        );
        """
    )


def m005_recipient_key(con: duckdb.DuckDBPyConnection) -> None:
    # Each payment carries its recipient's integer key. The top recipients of the whole
    # programme, and the region each is paid most in, come from a total per batch, recipient
    # and region (about one row per recipient and batch: a company has one seat); those of a
    # narrower view are summed from the payments by that key. The recipient summary this
    # replaces (by instrument, sector and year) was nearly as long as the payments (a firm is
    # rarely paid twice by one instrument in a year), and writing it doubled an import.
    con.execute(
        """
        ALTER TABLE disbursement ADD COLUMN recipient_id INTEGER;
        UPDATE disbursement SET recipient_id = r.id FROM recipient r WHERE r.name = disbursement.recipient;
        CREATE TABLE recipient_total (
            batch_id INTEGER NOT NULL,
            recipient_id INTEGER NOT NULL,
            region VARCHAR,
            amount_krw BIGINT NOT NULL,
            payments BIGINT NOT NULL
        );
        INSERT INTO recipient_total
        SELECT batch_id, recipient_id, region, sum(amount_krw)::BIGINT, count(*) FROM disbursement
        WHERE recipient_id IS NOT NULL GROUP BY batch_id, recipient_id, region;
        DROP VIEW live_recipient;
        DROP TABLE disbursement_recipient;
        """
    )


def m006_batch_source(con: duckdb.DuckDBPyConnection) -> None:
    # The body that sent a file (신용보증기금, 신한은행), as the clerk names it: payment ids are
    # unique within a source (DESIGN.md section 4), and two bodies may both number theirs
    # "2024-001". Batches loaded before this have none, as files loaded without naming one.
    con.execute("ALTER TABLE upload_batch ADD COLUMN source VARCHAR")


def m007_rejected_message_en(con: duckdb.DuckDBPyConnection) -> None:
    # A rejected row's message in each language, so that each page shows its own (rows rejected
    # before this keep both languages in ``message``, "… / …", and no ``message_en``).
    con.execute("ALTER TABLE rejected_row ADD COLUMN message_en VARCHAR")


def m008_batch_headers(con: duckdb.DuckDBPyConnection) -> None:
    # The file's own name for each field it had a column for, as JSON ({"paid_on": "보증일자"}):
    # a batch's rejected rows name the field as its upload report did. Batches loaded before this
    # have none; their rows name the field as the programme does.
    con.execute("ALTER TABLE upload_batch ADD COLUMN headers VARCHAR")


def m009_rejected_value(con: duckdb.DuckDBPyConnection) -> None:
    # A rejected row's value given and, where the rule's own does not say it, the value expected
    # of that row (a month's days, a sector's first day), as its upload report showed them: the
    # batch list shows them too. Rows rejected before this have neither.
    con.execute("ALTER TABLE rejected_row ADD COLUMN value VARCHAR")
    con.execute("ALTER TABLE rejected_row ADD COLUMN want VARCHAR")


#: What the audit log records (the ``action`` column).
AUDIT_ACTIONS = (
    "batch_loaded", "plan_loaded", "batch_reverted", "mapping_saved", "mapping_forgotten",
    "scenario_saved", "scenario_renamed", "scenario_archived", "scenario_restored",
)  # fmt: skip


def audit(con: duckdb.DuckDBPyConnection, who: str, action: str, subject: object = None, detail: str = "") -> None:
    """Record a write (call inside the write's own transaction)."""
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    con.execute(
        "INSERT INTO audit_log (who, action, subject, detail) VALUES (?, ?, ?, ?)",
        [who, action, None if subject is None else str(subject), detail or None],
    )


MIGRATIONS: list[Callable[[duckdb.DuckDBPyConnection], None]] = [
    m001_initial,
    m002_summary_tables,
    m003_scenario_details,
    m004_audit_log,
    m005_recipient_key,
    m006_batch_source,
    m007_rejected_message_en,
    m008_batch_headers,
    m009_rejected_value,
]


def applied_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the migration steps already recorded in the database."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migration ("
        " name VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    return [row[0] for row in con.execute("SELECT name FROM schema_migration ORDER BY name").fetchall()]


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the steps not yet applied, each in its own transaction; return their names."""
    done = set(applied_migrations(con))
    applied = []
    for step in MIGRATIONS:
        if step.__name__ in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            step(con)
            con.execute("INSERT INTO schema_migration (name) VALUES (?)", [step.__name__])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(step.__name__)
    return applied


def is_initialised(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether every migration step has run on this database."""
    tables = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "schema_migration" not in tables:
        return False
    done = {row[0] for row in con.execute("SELECT name FROM schema_migration").fetchall()}
    return all(step.__name__ in done for step in MIGRATIONS)


class NotInitialised(BudgetError):
    """The database file does not exist yet or has not been migrated."""

    def __init__(self, path: Path):
        super().__init__(t("not_initialised", "ko") + f" ({path})", t("not_initialised", "en") + f" ({path})")


def open_existing(path: str | os.PathLike | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a database that ``init`` has set up, or raise :class:`NotInitialised`."""
    target = db_path(path)
    if not target.exists():
        raise NotInitialised(target)
    con = connect(target, read_only=read_only)
    if not is_initialised(con):
        con.close()
        raise NotInitialised(target)
    return con


def lock_down(con: duckdb.DuckDBPyConnection, allowed: str | os.PathLike | None = None) -> None:
    """No file outside the database for anything this connection runs (the web app's): nothing
    typed or uploaded can make DuckDB read or write a path. It cannot be switched back on.

    ``allowed`` is the one folder kept open (the editor instance's snapshot folder, where it
    publishes); DuckDB refuses to change it once access is off.
    """
    if allowed is not None:
        folder = str(Path(allowed).resolve()).replace("'", "''")
        con.execute(f"SET allowed_directories = ['{folder}/']")
    con.execute("SET enable_external_access = false")


def external_access(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether this connection may read files (the command line: yes; the web app: no)."""
    return str(scalar(con, "SELECT current_setting('enable_external_access')")).lower() == "true"


def one(con: duckdb.DuckDBPyConnection, query: str, params: object = None) -> tuple | None:
    """The first row of a query, reading the result to its end.

    DuckDB 2 refuses further work on a connection whose last result was not read to the
    end, so ``fetchone()`` alone is not enough.
    """
    rows = con.execute(query, params).fetchall()
    return rows[0] if rows else None


def scalar(con: duckdb.DuckDBPyConnection, query: str, params: object = None) -> object:
    """The first column of the first row of a query (None if there is no row)."""
    row = one(con, query, params)
    return None if row is None else row[0]
