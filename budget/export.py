"""Files people take away: CSV that Excel opens in Korean, safe from formula injection."""

from __future__ import annotations

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe.

    Numbers stay numbers (a negative amount is data, not a formula); only strings that
    begin with = + - @ (or a tab or carriage return) are changed.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_bytes(table: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV with a byte-order mark, so Excel shows Korean correctly."""
    safe = table.copy()
    safe.columns = [str(neutralise(str(c))) for c in safe.columns]
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
