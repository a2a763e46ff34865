"""Read-only snapshots of the database, for viewer instances to serve on a busy day.

The editor instance is the only writer; after a change it publishes an immutable, versioned copy
(``budget-<version>.duckdb``, read-only on disk) with a manifest beside it (version, time,
checksum, the batches and scenarios it holds). The manifest is written last: a snapshot without
one is unfinished and never served.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import duckdb

from budget import db, queries

PREFIX = "budget-"
KEEP = 5  # snapshots kept when the editor instance publishes after each change


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def publish(con: duckdb.DuckDBPyConnection, out_dir: str | os.PathLike, now: dt.datetime | None = None) -> dict:
    """Copy the database into ``out_dir`` as a new snapshot; return its manifest."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    now = now or dt.datetime.now(dt.UTC)
    version = now.strftime("%Y%m%dT%H%M%S%fZ")
    target = out / f"{PREFIX}{version}.duckdb"
    partial = out / f".{PREFIX}{version}.duckdb.partial"
    if target.exists():
        raise db.BudgetError.of("err_snapshot_exists", target=target)
    source = str(db.scalar(con, "SELECT current_database()")).replace('"', '""')
    literal = str(partial).replace("'", "''")
    try:
        con.execute(f"ATTACH '{literal}' AS published_snapshot")
        try:
            # one transaction: the manifest describes exactly what was copied
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute(f'COPY FROM DATABASE "{source}" TO published_snapshot')
                held = {
                    "data_version": queries.data_version(con),
                    "batches": [
                        {"id": int(i), "status": s}
                        for i, s in con.execute("SELECT id, status FROM upload_batch ORDER BY id").fetchall()
                    ],
                    "scenarios": [
                        {"id": int(i), "name": n, "kind": k, "archived": bool(a)}
                        for i, n, k, a in con.execute(
                            "SELECT id, name, kind, archived FROM scenario ORDER BY id"
                        ).fetchall()
                    ],
                }
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        finally:
            con.execute("DETACH published_snapshot")
        manifest = {
            "version": version,
            "published_at": now.isoformat(),
            "file": target.name,
            "sha256": _sha256(partial),
            "bytes": partial.stat().st_size,
            **held,
        }
        os.replace(partial, target)
        target.chmod(0o444)  # immutable: a published snapshot is never written again
        manifest_tmp = out / f".{PREFIX}{version}.json.partial"
        manifest_tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(manifest_tmp, out / f"{PREFIX}{version}.json")
    finally:
        for leftover in (partial, partial.with_name(partial.name + ".wal")):
            leftover.unlink(missing_ok=True)
    return manifest


def snapshots(out_dir: str | os.PathLike) -> list[dict]:
    """The finished snapshots in a folder (manifest and file present), oldest first."""
    found = []
    for manifest_path in sorted(Path(out_dir).glob(f"{PREFIX}*.json")):
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if (Path(out_dir) / manifest.get("file", "")).is_file():
            found.append(manifest)
    return sorted(found, key=lambda m: m["version"])


def latest(out_dir: str | os.PathLike) -> dict | None:
    """The newest finished snapshot's manifest, or None."""
    found = snapshots(out_dir)
    return found[-1] if found else None


def prune(out_dir: str | os.PathLike, keep: int = KEEP) -> list[str]:
    """Remove all but the newest ``keep`` snapshots; return the versions removed.

    The manifest goes first, so a reader never picks a snapshot whose file is going. A viewer
    still reading an older file keeps it open until its run ends (the file system keeps an open
    file's data), and the newest is never removed.
    """
    if keep < 1:
        raise ValueError("keep at least one snapshot")
    removed = []
    for manifest in snapshots(out_dir)[:-keep]:
        folder = Path(out_dir)
        (folder / f"{PREFIX}{manifest['version']}.json").unlink(missing_ok=True)
        (folder / manifest["file"]).unlink(missing_ok=True)
        removed.append(manifest["version"])
    return removed


def intact(out_dir: str | os.PathLike, manifest: dict) -> bool:
    """Whether a snapshot's file still has the checksum its manifest states."""
    path = Path(out_dir) / manifest["file"]
    return path.is_file() and _sha256(path) == manifest["sha256"]
