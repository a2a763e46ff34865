"""What the benchmark scripts share: a demo database, and one measurement in a process of its own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def demo_database(path: Path) -> Path:
    """``python -m budget init`` at ``path``: the seed facts and the synthetic demo data."""
    subprocess.run(
        [sys.executable, "-m", "budget", "init", "--db", str(path)], check=True, capture_output=True, cwd=ROOT
    )
    return path


def in_child(script: str, *args: str) -> dict:
    """Run ``script ARGS`` in a fresh Python (its peak memory is its own); the JSON on its last line."""
    out = subprocess.run([sys.executable, script, *args], capture_output=True, text=True, check=False, cwd=ROOT)
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])
