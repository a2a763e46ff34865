"""House rules that keep the layers apart."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_budget_package_never_imports_streamlit():
    modules = sorted(p.stem for p in (ROOT / "budget").glob("*.py") if p.stem != "__main__")
    code = "import sys\n" + "".join(f"import budget.{m}\n" for m in modules) + "print('streamlit' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_pages_hold_no_sql():
    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b\s", re.IGNORECASE)
    for page in [ROOT / "app.py", *(ROOT / "pages").glob("*.py")]:
        text = page.read_text(encoding="utf-8")
        assert not sql.search(text), page
        assert ".execute(" not in text, page
