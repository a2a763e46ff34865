"""Disbursement files as they really come: read → find the header → map → validate → load.

Every step but the last is pure (a file's bytes or path in, tables and issues out); :func:`load`
writes one batch in one transaction, all its accepted rows or nothing. The page and ``python -m budget
import`` both call :func:`check` then :func:`load`.

Row numbers are the ones a clerk sees in a spreadsheet: the file's first record is row 1.
"""

from __future__ import annotations

import codecs
import concurrent.futures
import contextlib
import csv
import datetime as dt
import functools
import hashlib
import io
import itertools
import json
import math
import os
import re
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute

from budget import db, queries
from budget.i18n import plain, t
from budget.money import format_krw, format_won
from budget.rules import FATAL, RULES, expected_text, message

#: The largest file the upload page takes (the command line has no limit).
MAX_UPLOAD_MB = 50

CANONICAL = ("source_id", "paid_on", "instrument", "sector", "amount_krw", "recipient", "region", "project")
REQUIRED = ("paid_on", "instrument", "sector", "amount_krw")

#: Header texts accepted for each field (compared without spaces, case-insensitive).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    # the delivery bodies' own names last: 보증일자 (a guarantee issued), 대출실행일 (a loan drawn),
    # 투자일자 (an investment made); not 보증번호 or 대출번호 for the id: a loan keeps its number
    # over each of its drawdowns
    "source_id": (
        "집행번호",
        "관리번호",
        "번호",
        "일련번호",
        "source_id",
        "id",
        "paymentid",
    ),
    "paid_on": (
        "집행일자",
        "지급일",
        "일자",
        "날짜",
        "집행일",
        "지급일자",
        "paid_on",
        "date",
        "paiddate",
        "보증일자",
        "보증일",
        "대출일자",
        "대출일",
        "대출실행일",
        "대출실행일자",
        "실행일자",
        "실행일",
        "투자일자",
        "투자일",
        "지원일자",
    ),
    "instrument": ("지원수단", "수단", "instrument", "구분"),
    "sector": ("분야", "업종", "sector"),
    "amount_krw": (
        "집행액",
        "집행금액",
        "지원금액",
        "금액",
        "amount_krw",
        "amount",
        "보증금액",
        "보증액",
        "대출금액",
        "대출액",
        "대출실행액",
        "실행금액",
        "실행액",
        "투자금액",
        "투자액",
        "지원액",
    ),
    "recipient": ("기업명", "수혜기업", "업체명", "수혜기업명", "recipient", "company"),
    "region": ("지역", "시도", "region"),
    "project": ("과제명", "과제", "project"),
    "year": ("연도", "년도", "사업연도", "year"),
}

#: Amount headers of allocation plans (and only plans: in a payments file 배정액 is not paid).
PLAN_AMOUNT_ALIASES = ("배분액", "계획액", "배정액", "예산", "금액", "amount_krw", "amount")

#: Units a header or a "(단위: …)" line may state, in won.
UNITS = {
    "원": 1,
    "천원": 1_000,
    "만원": 10_000,
    "백만원": 1_000_000,
    "억원": 100_000_000,
    "십억원": 10**9,
    "조원": 10**12,
}
# A unit as people write it: 백만원, "백만 원", "천 원", "1,000원", "백만" (after 단위: or in brackets),
# "KRW million", "millions of won". Found right after 단위/unit, or in brackets: never the 원 inside a
# word such as 지원. (A CSV splits an unquoted "1,000원" in two: the cells come back joined by a space.)
# Every repeat is bounded (a long run of spaces must not make the search slow), and a unit must end
# a word (원주지사 is a place, 천명 a count of people).
_MULTIPLIERS = {"천": 10**3, "만": 10**4, "십만": 10**5, "백만": 10**6, "천만": 10**7, "억": 10**8, "십억": 10**9,
                "백억": 10**10, "천억": 10**11, "조": 10**12,
                "thousand": 10**3, "million": 10**6, "mn": 10**6, "billion": 10**9, "bn": 10**9, "trillion": 10**12}  # fmt: skip
_CURRENCY = r"(?:krw|won|₩|￦)"
_WORDS_EN = r"(?:thousands?|millions?|mn|billions?|bn|trillions?)"
_UNIT = (
    # a multiplier without 원 ("단위: 백만", "백만 단위") only at the end of the statement
    r"((?:\d[\d, ]{0,16} ?)?(?:(?:[십백천] ?만|[십백천] ?억|천|만|억|조)(?: {0,3}원|(?=\s{0,3}(?:[)\]）>〉】,/]|단위|$)))|원)"
    # KRW, KRW million, KRW 1 million, KRW in millions, KRW 1,000; 100 million won, millions of
    # Korean won; 1,000 KRW
    rf"|(?:korean {{1,3}})?{_CURRENCY} {{0,3}}(?:in {{1,3}})?(?:\d[\d,]{{0,16}} {{0,3}})?(?:{_WORDS_EN})?"
    rf"|(?:\d[\d,]{{0,16}} {{0,3}})?{_WORDS_EN} {{0,3}}(?:of {{1,3}})?(?:korean {{1,3}})?{_CURRENCY}"
    rf"|\d[\d,]{{0,16}} {{0,3}}{_CURRENCY})"
)
_UNIT_CORE = _UNIT  # a unit, where the words after it are matched apart ("천원임", "백만원입니다")
_UNIT += r"(?![가-힣A-Za-z0-9])"
# 단위 (금액단위, 화폐단위 too) and unit ("Currency unit", not "Business unit")
_UNIT_WORD = r"(?:단위|\bcurrency\b|(?<!business )(?<!organisational )(?<!organizational )\bunits?\b)"
#: A cell that is a unit statement and nothing else ("(단위: 천원)"), not a column named with
#: one ("비고(단위: 천원)", "단가(단위: 천원)").
_STATEMENT_CELL = re.compile(rf"\s*(?:※\s*)?[(\[（<〈【]?\s*(?:금액|화폐|통화)?\s*{_UNIT_WORD}", re.IGNORECASE)
# "원 단위 미만 절사", "천원 단위로 절사" (amounts cut or rounded at a unit) state no unit
_NOT_BELOW = r"(?![^,.)\]]{0,8}(?:미만|이하|절사|반올림|버림))"
_SAYS = r"[:：∶=\-–]"  # "단위: 천원", "단위=천원", "단위-천원"
#: A unit stated in a line of text: "(단위: 건, 백만원)" (other units may come first; the comma
#: is lost when a CSV splits the line in two cells), "단위-백만원", "백만원 단위", "(금액: 천원)",
#: "(In KRW million)". A line above the header, a note under the table.
_UNIT_STATEMENT = re.compile(
    # 단위: 천원; (단위: 건, 개사, 백만원); 단위 백만원; (단위백만원)
    rf"{_UNIT_WORD}\s{{0,3}}{_SAYS}\s{{0,3}}(?:[^\s,:：()\[\]（）/]{{1,8}}\s{{0,3}}[,\s/]\s{{0,3}}){{0,4}}?{_UNIT}{_NOT_BELOW}"
    rf"|{_UNIT_WORD}\s{{0,3}}{_UNIT}(?=\s{{0,3}}(?:$|[)\]）>〉】,/]))"
    # 백만원 단위; 금액은 천원 단위로 표시; (금액의 단위는 백만원입니다)
    rf"|{_UNIT} {{0,3}}단위{_NOT_BELOW}|단위는\s{{0,3}}{_UNIT_CORE}(?=\s{{0,3}}(?:임|입니다|이다|이며|$|[.,)\]）]))"
    # (금액: 천원); ※ 금액: 천원, but not 지원금액: 1억원 (a sum) nor 금액: 1억원 한도
    rf"|(?<![가-힣])금액\s{{0,3}}[:：]\s{{0,3}}{_UNIT}(?=\s{{0,3}}(?:$|[)\]）>〉】,]))"
    # (In KRW million); Amounts in millions of won; All figures in KRW millions; not "in KRW 1 billion"
    rf"|\bin\s{{1,3}}(?=[^\d]*$|[^\d]*[)\]）>〉])(?:{_UNIT}|({_WORDS_EN})(?=\s{{0,3}}(?:$|[)\]）>〉])))",
    re.IGNORECASE,
)
#: Another unit among the pieces of a statement, after the one it names first: "(단위: 원, 천원)"
#: names two (a sum such as "1억원 이상" is not a piece of its own).
_ANOTHER_UNIT = re.compile(rf"(?:^|[,/\s])\s{{0,3}}{_UNIT}(?=\s{{0,3}}(?:$|[,/;]))", re.IGNORECASE)


def _statement_unit(text: str) -> tuple[int | None, re.Match | None]:
    """The unit a line of text states (:data:`_UNIT_STATEMENT`), and the statement found: a
    statement that names two units that differ ("(단위: 원, 천원)") or one not understood gives
    (None, the statement)."""
    found = _UNIT_STATEMENT.search(text)
    if not found:
        return None, None
    value = _unit_value(next(g for g in found.groups() if g))
    # the rest of the statement: up to its closing bracket
    rest = re.split(r"[)\]）>〉】]", text[found.end() :], maxsplit=1)[0][:60]
    if any(_unit_value(m.group(1)) != value for m in _ANOTHER_UNIT.finditer(rest)):
        return None, found
    return value, found


#: A cell that is a unit in brackets and nothing else: "(백만원)", "<천원>" (never a bracket
#: inside other words: "지원사업(100억원) 집행내역", "보증한도(억원)" name sums, not the unit).
_BRACKET_UNIT = re.compile(rf"[(\[（<〈【]\s{{0,3}}{_UNIT}\s{{0,3}}[)\]）>〉】]", re.IGNORECASE)
_UNIT_ONLY = re.compile(_UNIT, re.IGNORECASE)
#: Words that say money, as words of their own (원 ends a word: 천원, not 원금, 지원금, 원천징수;
#: 엔 is a word, not the start of 엔지니어링), and the multipliers of a unit.
_MONEY = (
    r"(?:원(?![가-힣])|원화|(?<![가-힣])(?:달러|엔|위안|유로)(?![가-힣])|\b(?:krw|won|usd|eur|jpy|cny)\b|[₩￦$€¥]"
    r"|(?<![가-힣])(?:천|만|백만|억|십억|조)(?![가-힣])|\b(?:thousands?|millions?|mn|billions?|bn|trillions?)\b)"
)
_MONEY_WORD = re.compile(_MONEY, re.IGNORECASE)
#: A unit said to be stated: "단위: …" or "unit: …" naming money, in a line above the header or
#: in a note under the table (not "집계단위: 월"). When none of the units above can be read from
#: it, the file is refused (F009): amounts a million times off are worse than no amounts.
_UNIT_STATED = re.compile(
    rf"{_UNIT_WORD}\s{{0,3}}{_SAYS}\s{{0,3}}[^()\[\]（）]{{0,30}}?{_MONEY}{_NOT_BELOW}", re.IGNORECASE
)
#: A bracket in a header (bounded: a long title of brackets must not make the search slow).
_BRACKET = re.compile(r"[(\[（<〈]([^()\[\]（）<>〈〉]{0,80})[)\]）>〉]")
#: Units in Chinese characters, as some offices write them ("千원").
_HANJA = str.maketrans({"千": "천", "萬": "만", "億": "억", "兆": "조", "百": "백"})


def _unit_value(text: str) -> int | None:
    """Won per unit of a unit as written ("백만 원" → 1,000,000, "1,000원" → 1,000, "10억원" →
    1,000,000,000, "KRW 100 million" → 100,000,000); None for anything but a power of ten up to a
    trillion."""
    unit = re.sub(r"[\s,]", "", text).lower()
    found = re.fullmatch(
        rf"(?:korean)?{_CURRENCY}?(?:in)?(\d*)(십만|백만|천만|십억|백억|천억|천|만|억|조|{_WORDS_EN})?(?:of)?(?:korean)?(?:원|{_CURRENCY})?",
        unit,
    )
    if not found:
        return None
    digits, word = found.groups()
    value = int(digits or "1") * (_MULTIPLIERS[word.removesuffix("s")] if word else 1)
    return value if 1 <= value <= 10**12 and str(value).strip("0") == "1" else None


#: The refusals a mapping step on the page can mend: no header we know (F003), a required column
#: not found (F004), an amount among several columns (F010).
MENDABLE = ("F003", "F004", "F010")

#: The rules of rows that are read but are not payments: a total row (W104), a note (W105).
NOT_PAYMENTS = ("W104", "W105")

#: A total row's label, as a whole cell and case-insensitive (RE2: ``\pZ`` are Unicode's spaces).
#: Sure (:data:`_TOTAL_LABEL`): 합계, "합  계", 소계, 총계, 총합계, 총합, 총액, 전체합계, 월계 (the
#: month's), 누계 (to date), alone, after a word or two ("미래차 소계"), in brackets ("[합계]",
#: "(합계)") or between marks ("■ 합계", "- 합계 -"), with a colon, the word 금액 or 건수 or a count
#: after them ("합계:", "합계 금액", "합계 건수", "합계: 10건") or a bracket ("소계(조선)", "합계(A+B)"); and 계, Total, Totals, Total
#: amount, Sum, Subtotal, Sub-total, Grand total alone (or "[Total]", "Total:", "[계]"). Likely
#: (:data:`_TOTAL_LIKELY`), on a row without a date only: those, 합산, 총 … 액 (총집행액), and 계, 요약 (Korean Excel's 부분합
#: writes "미래차 요약") or Total after a word or with a bracket ("AI 요약(고도화)" may be a project,
#: "Hanwha Total" a company).
_WORD = r"[^\s\pZ]{1,20}"
_BEFORE = rf"(?:{_WORD}(?:[\s\pZ]+{_WORD}){{0,2}}[\s\pZ]+)?"
# marks around a label: "■ 합계", "- 합계 -", "*** 합계 ***", and the dashes a CP949 file can hold
# (―, －, ─, and ㅡ, the vowel Korean keyboards type as one)
_MARK = r"[■□▶▷►◀◁◄◆◇●○◎*•·=＝–—―－─ㅡ-]+"
_OPEN = rf"(?:{_MARK}[\s\pZ]*)?(?:[\[【<〈(（「《][\s\pZ]*)?"  # and brackets: "[합계]", "(합계)"
_CLOSE = rf"(?:[\s\pZ]*[\]】>〉)）」》])?(?:[\s\pZ]*[:：])?(?:[\s\pZ]*{_MARK})?"

# (digits written out: RE2's \d is ASCII only, Python's is not; "합계: １０건" is a count too)
_AFTER = rf"{_CLOSE}(?:[\s\pZ]*(?:금액|액|건수|[0-9０-９,，]+[\s\pZ]*건))?(?:[\s\pZ]*[(\[（][^)\]）]{{0,30}}[)\]）])?"


def _spaced(*words: str) -> str:
    """Words that may be written with spaces between their letters ("합  계"), as alternatives."""
    return "|".join(r"[\s\pZ]*".join(word) for word in words)


def _python(pattern: str) -> str:
    r"""An RE2 pattern of these in Python's terms (``\s`` is Unicode's there)."""
    return pattern.replace(r"[^\s\pZ]", r"\S").replace(r"[\s\pZ]", r"\s")


_WHOLE = _spaced("합계", "총계", "총합계", "총합", "총액", "전체합계")  # the whole file's total (X004 compares it)
# and, on a row without a date only (a company may be called "(주)합산"): 합산, and 총 … 액 with a
# word of up to four letters between (총집행액, "총 보증금액", 총대출실행액)
_WHOLE_LIKELY = r"합산|총[\s\pZ]*(?:[가-힣][\s\pZ]*){1,4}액"
_SURE = _WHOLE + "|" + _spaced("소계", "월계", "누계")  # and a part's: a subtotal, the month's, to date
_GRAND_EN = r"(?:grand(?:[\s\pZ]|-)*)?(?:totals?(?:[\s\pZ]+amount)?|sum)"  # "Grand-Total", "Total amount"
_TOTAL_EN = r"(?:(?:grand|sub)(?:[\s\pZ]|-)*)?totals?(?:[\s\pZ]+amount)?"
_ENGLISH = rf"(?:{_TOTAL_EN}|sum)"  # alone: "Sum" after a word is a project's ("Lump sum")
# (spaces around: DuckDB's trim leaves a tab)
_TOTAL_LABEL = rf"^[\s\pZ]*{_OPEN}(?:{_BEFORE}(?:{_SURE}){_AFTER}|(?:계|{_ENGLISH}){_CLOSE})[\s\pZ]*$"
_TOTAL_LIKELY = (
    rf"^[\s\pZ]*{_OPEN}(?:{_BEFORE}(?:{_SURE}|{_WHOLE_LIKELY}|계|요[\s\pZ]*약|{_TOTAL_EN}){_AFTER}"
    rf"|{_ENGLISH}{_CLOSE})[\s\pZ]*$"
)
#: The two in Python's terms: for the rows of a workbook, for the names in a file.
_TOTAL_LABEL_PY = re.compile(_python(_TOTAL_LABEL), re.IGNORECASE)
_TOTAL_LIKELY_PY = re.compile(_python(_TOTAL_LIKELY), re.IGNORECASE)

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
    want: str | None = None  # the value expected of this row, where the rule's own does not say it
    batch: str | None = None  # the batch that already holds the value (X002): "3 · 1월.csv · 신용보증기금"

    @property
    def severity(self) -> str:
        return RULES[self.rule].severity

    @property
    def expected(self) -> str:
        return self.expected_in("ko")

    def expected_in(self, lang: str) -> str:
        return self.want if self.want is not None else expected_text(self.rule, lang)

    @property
    def batch_number(self) -> str:
        """The number of the batch that holds the value (X002), or ''."""
        return (self.batch or "").split(" · ")[0]

    def message(self, lang: str = "ko", brief: bool = False) -> str:
        # brief (the page's report): the batch by its number, where the batch list shows the rest
        batch = self.batch_number if brief else self.batch or ""
        value = self.value if self.value is not None else ""
        if self.rule == "F004" and self.field and lang != "en":  # the fields by their Korean names only
            value = ", ".join(t(f"field_{name}", lang) for name in self.field.split(", "))
        return message(self.rule, lang, value, brief=brief, batch=batch)

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
            "expected_en": self.expected_in("en"),
            "want": self.want,  # the value expected of this row in particular (W101, W102), or None
            "batch": self.batch,  # the batch that already holds the value (X002), or None
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
    header_row: int  # the header's row number (its row of units', if it has one): the table starts below
    rows: list[list[str]]
    unit_line: int | None = None  # the won per unit a "(단위: …)" line above the header states
    unit_unknown: str | None = None  # a unit stated above the header that could not be read
    units: list[str] | None = None  # a row of units straight below the header ("", "", "(천원)")
    # a workbook's column → {(what its formats divide by, the unit they name): how many cells}
    shown: dict[int, dict[tuple[int, int | None], int]] = field(default_factory=dict)
    encoding: str = ""
    delimiter: str = ""
    # whether the file says its amounts were cut to the unit ("백만원 미만 절사"): each may then be
    # up to a whole unit short of the sum its total was made from
    truncated: bool = False
    # the group's name above each column under one ("금액(백만원)" over 국비, 지방비 and 계)
    groups: dict[int, str] = field(default_factory=dict)
    # the day a workbook's serial day numbers count from: Excel for Windows' 1900 system (day 1 is
    # 1900-01-01, counted from 1899-12-30 past its false 1900-02-29), or the Mac's 1904 system
    epoch: str = "1899-12-30"


# --- reading ---------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was in: BOMs first, then UTF-8, then CP949 (which covers EUC-KR)."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:  # a UTF-8 mark on a file that is not UTF-8
            raise FileRefused(Issue("F001", value="UTF-8 BOM")) from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise FileRefused(Issue("F001", value="UTF-16")) from exc
    for encoding in ("utf-8", "cp949"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise FileRefused(Issue("F001"))


_QUOTED = re.compile(r'"[^"]*"')


def sniff_delimiter(text: str) -> str:
    """The separator the first lines use most consistently: comma, tab, semicolon or pipe.

    What stands between quotes is left out: a quoted amount ("1,234,000") holds commas that
    separate nothing."""
    lines = [_QUOTED.sub("", line) for line in text.splitlines()[:30] if line.strip()]
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
    if isinstance(value, float):
        # Excel shows and means 15 significant digits: a computed 1,100 may be stored as
        # 1100.0000000000002, and 3.3 백만원 as 3.3000000000000003
        shown = float(f"{value:.15g}")
        if shown.is_integer():
            return str(int(shown))
        return format(Decimal(repr(shown)), "f")  # 0.0000001, never 1e-07
    return str(value)


def read_records(data: bytes, file_name: str = "", sheet: str | None = None) -> tuple[list[list[str]], str, str]:
    """All records of a CSV or .xlsx file as lists of text, with the encoding and separator."""
    if not data:
        raise FileRefused(Issue("F002"))
    if is_workbook(data, file_name):
        return _read_xlsx(data, sheet).rows, "xlsx", ""
    _refuse_binary(data[:4096])
    text, encoding = decode(data)
    delimiter = sniff_delimiter(text)
    return _all_records(text, delimiter), encoding, delimiter


def head_records(
    data: bytes, file_name: str = "", sheet: str | None = None, known: set[str] | None = None, plan: bool = False
) -> list[list[str]]:
    """The first records of a file, where :func:`check` looks for its header, read as it reads
    them (``known``: the header texts a mapping names, which pick a workbook's sheet). A mapping
    step needs the header only: :func:`read_records` of a 45 MB file took 3.7 s, on every choice."""
    if not data:
        raise FileRefused(Issue("F002"))
    if is_workbook(data, file_name):
        return _read_xlsx(data, sheet, plan, known).rows  # (read once, and kept: see _read_xlsx)
    _refuse_binary(data[:4096])
    return _text_head(decode(data)[0])[0]


#: The first bytes of an OLE2 compound file: an Excel 97-2003 workbook (.xls).
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _refuse_binary(head: bytes) -> None:
    """A file that is not text (its first bytes): an old Excel workbook is told how to save it
    (F011); anything else is unreadable (F001). UTF-16 text, with its mark, holds zero bytes."""
    if head.startswith(_OLE2):
        raise FileRefused(Issue("F011"))
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefused(Issue("F001"))


def is_workbook(data: bytes, file_name: str = "") -> bool:
    return data[:4] == b"PK\x03\x04" or file_name.lower().endswith((".xlsx", ".xlsm"))


def sheet_names(data: bytes) -> list[str]:
    """The sheets of an .xlsx file, in order ([] if it cannot be opened)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    except Exception:  # a damaged file: the check itself will say so
        return []
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def table_sheet(data: bytes, plan: bool = False, known: set[str] | None = None) -> str | None:
    """The sheet a workbook's table is on when none is chosen: the first whose first rows hold a
    header we recognise (a cover or notes sheet often comes first), else the first sheet; None
    if the file cannot be opened."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a damaged file: the check itself will say so
        return None
    try:
        return _table_sheet(book, plan, known).title
    finally:
        book.close()


def _sheet_rows(
    worksheet, max_row: int | None = None, shown: dict | None = None, merged: list | None = None
) -> list[list[str]]:
    """A sheet's cells as text (numbers as stored). ``shown`` gathers, for each column and each
    way its numbers are shown (:func:`_shown_as`), the rows they are on; ``merged``, the ranges
    merged down over several rows (:func:`_merged_down`)."""
    rows = []
    for number, row in enumerate(worksheet.iter_rows(max_row=max_row)):
        cells = []
        for column, cell in enumerate(row):
            value = cell.value
            if shown is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
                shown.setdefault((column, *_shown_as(getattr(cell, "number_format", None))), []).append(number)
            cells.append(_cell(value))
        rows.append(cells)
    if merged is not None:
        merged.extend(_merged_down(worksheet))
    return rows


def _fill_merged_down(
    table: Table, merged: list[tuple[int, int, int]], plan: bool, chosen: dict[str, str] | None = None
) -> None:
    """A date, instrument, sector or region merged down over several payments (지원수단 written
    once for three rows) stands in each of them, as the clerk sees the sheet. Never an amount (a
    joint grant merged over its two recipients is paid once), nor into a total row (a date merged
    over a group and its 소계 does not make the 소계 a payment) or a blank one. ``chosen``: the columns the clerk
    chose, by field."""
    mapping = map_header(table.header, plan)
    for name, header in (chosen or {}).items():
        if header in table.header:
            mapping[name] = table.header.index(header)
    columns = {mapping[f] for f in ("paid_on", "instrument", "sector", "region", "year") if f in mapping}
    # a total row: no payment id of its own, and a sure label in the first three columns, the id's
    # or the recipient's, as the check finds one whatever its date (:func:`_cell_sql`); or, with no
    # recipient either, in any column ("소계" as the 과제명: a project called "Total" has its payee)
    key, payee = mapping.get("source_id"), mapping.get("recipient")
    early = {0, 1, 2} | {mapping[name] for name in ("source_id", "recipient") if name in mapping}

    def total(row: list[str]) -> bool:
        cells = [cell.strip() for cell in row]
        if key is not None and key < len(cells) and cells[key] and not _TOTAL_LABEL_PY.match(cells[key]):
            return False
        if any(_TOTAL_LABEL_PY.match(cells[i]) for i in early if i < len(cells)):
            return True
        no_payee = payee is None or payee >= len(cells) or not cells[payee]
        return no_payee and any(_TOTAL_LABEL_PY.match(cell) for cell in cells)

    start = table.header_row  # sheet row r is table.rows[r - 1 - start]
    for top, column, bottom in merged:
        if column - 1 not in columns or top - 1 < start or top - 1 - start >= len(table.rows):
            continue
        first = table.rows[top - 1 - start]
        if column > len(first) or not first[column - 1].strip():
            continue
        for row in table.rows[top - start : min(bottom - start, len(table.rows))]:
            if not any(cell.strip() for cell in row) or total(row):
                continue  # a blank row under the range stays blank
            row.extend([""] * (column - len(row)))
            row[column - 1] = first[column - 1]


#: A merged range in a sheet's XML: ``<mergeCell ref="A3:A4"/>``.
_MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _merged_down(worksheet) -> list[tuple[int, int, int]]:
    """The ranges merged down over more than one row, as (top row, first column, bottom row),
    1-based, read from the sheet's XML a few megabytes at a time (openpyxl's read-only sheets do
    not give them)."""
    source = getattr(worksheet, "_get_source", None)
    if source is None:
        return []
    merged = []
    with source() as stream:
        tail = b""
        while chunk := stream.read(_CHUNK_BYTES):
            text = tail + chunk
            for match in _MERGE_CELL.finditer(text):
                if match.end() > len(tail):  # not counted with the piece before
                    first, top, _, bottom = match.groups()
                    if int(bottom) > int(top):
                        merged.append((int(top), _column_number(first), int(bottom)))
            tail = text[-300:]
    return merged


def _shown_as(number_format: str | None) -> tuple[int, int | None]:
    """What a number format divides by (a thousand for each comma it ends with: "#,##0," shows
    1,500,000 as 1,500), and the unit its text names, if any ('#,##0"천원"' → 1,000)."""
    if not number_format:
        return 1, None
    first = number_format.split(";")[0]
    names = [
        _unit_value(cell)
        for cell in re.findall(r'"([^"]*)"', first)
        if _UNIT_ONLY.fullmatch(cell.strip().translate(_HANJA))
    ]
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", first)  # text, colours, escapes
    scaling = re.search(r"[0#?](,+)[^0#?]*$", section)
    return 1000 ** len(scaling.group(1)) if scaling else 1, names[0] if names else None


def _table_sheet(book, plan: bool, known: set[str] | None = None):
    """The sheet a workbook's table is on: the first whose table names every required column (a
    summary by sector on the first sheet, the payments on the second: the payments), else the one
    that names the most of them; with ``known`` (the headers of a chosen mapping), the one that
    holds the most of those first. The first sheet if none has a table."""
    required = set(PLAN_REQUIRED if plan else REQUIRED)
    known = {name for name in known or () if not name.startswith(_EVERY_ROW)}
    best, most = None, (-1, -1)
    for worksheet in book.worksheets:
        worksheet.reset_dimensions()  # a stale <dimension> would hide rows in read-only mode
        head = _sheet_rows(worksheet, _LOOK)
        try:
            table = find_table(head, known=known, plan=plan)
        except FileRefused:
            continue
        names = len(known & {c.strip() for c in table.header}), len(required & set(map_header(table.header, plan)))
        if names == (len(known), len(required)):
            return worksheet
        if names > most:
            best, most = worksheet, names
    return best or book.worksheets[0]


def _read_xlsx(data: bytes, sheet: str | None, plan: bool = False, known: set[str] | None = None) -> _ReadSheet:
    """A workbook's sheet (``sheet``, else the one its table is on) as text, with the ways its
    numbers are shown and its cells merged down: a copy of its own, for the caller to fill."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileRefused(Issue("F001", value=type(exc).__name__)) from exc
    try:
        if sheet and sheet not in book.sheetnames:
            raise FileRefused(Issue("F001", value=f"sheet {sheet!r}: {', '.join(book.sheetnames)}"))
        worksheet = book[sheet] if sheet else _table_sheet(book, plan, known)
        key = (hashlib.sha256(data).digest(), worksheet.title)
        now = time.monotonic()
        with _READ_SHEETS_LOCK:  # one sheet at most, and not for long
            kept = _READ_SHEETS.pop(key, None)
            _READ_SHEETS.clear()
            read = kept[1] if kept is not None and now - kept[0] < _READ_SHEET_SECONDS else None
            if read is not None:
                _READ_SHEETS[key] = (now, read)
        if read is None:
            worksheet.reset_dimensions()
            # (a date cell openpyxl reads by the 1904 count itself; a serial day in text, we do)
            read = _ReadSheet([], {}, [], book.epoch.year == 1904)
            read.rows.extend(_sheet_rows(worksheet, shown=read.shown, merged=read.merged))
            if sum(map(len, read.rows)) <= _READ_SHEET_CELLS:
                with _READ_SHEETS_LOCK:
                    _READ_SHEETS.clear()
                    _READ_SHEETS[key] = (now, read)
    finally:
        book.close()
    return _ReadSheet([list(row) for row in read.rows], read.shown, read.merged, read.mac)


@dataclass
class _ReadSheet:
    """A sheet as :func:`_sheet_rows` reads it (its rows; the rows of each column's numbers by the
    way they are shown; its cells merged down), and whether its workbook counts days from 1904
    (a Mac's). Only ``rows`` is ever changed, and each caller has its own."""

    rows: list[list[str]]
    shown: dict[tuple[int, int, int | None], list[int]]
    merged: list[tuple[int, int, int]]
    mac: bool


#: The last sheet read, by the workbook's hash and the sheet's name: the upload page checks a file
#: again on every click (and reads it once more for the mapping step), and openpyxl reads some
#: 40,000 cells a second on these machines, so a 20,000-row workbook would be read for seconds
#: each time. One sheet is kept, of this many cells at most (about 100 bytes a cell: 50 MB), for
#: this long since it was last asked for (it is let go at the next read after that).
_READ_SHEETS: dict[tuple[bytes, str], tuple[float, _ReadSheet]] = {}
_READ_SHEETS_LOCK = threading.Lock()
_READ_SHEET_CELLS = 500_000
_READ_SHEET_SECONDS = 15 * 60


# --- header and mapping ----------------------------------------------------------------


def _squash(text: str) -> str:
    """A name as names are compared: full-width letters and digits as plain ones ("R＆D"), no
    spaces or punctuation, lower case."""
    text = unicodedata.normalize("NFKC", text.replace("\ufeff", ""))
    # the dots between words: ·, ㆍ (which NFKC makes U+119E), ・, ‧
    return re.sub(r"[\s·ㆍ\u119e・‧/,.\-_()\[\]（）:：]", "", text).lower()


def _aliases(plan: bool) -> dict[str, tuple[str, ...]]:
    return {**HEADER_ALIASES, "amount_krw": PLAN_AMOUNT_ALIASES} if plan else HEADER_ALIASES


def header_field(text: str, plan: bool = False) -> tuple[str | None, int]:
    """The field a header names ("금액(백만원)" → amount; its unit is :func:`header_unit`'s), and
    how specific the name is (0 = the most specific name of that field)."""
    # "금액(천원, VAT포함)" names 금액; "금액(국비)" names no field (the clerk says which column)
    bare = _squash(_BRACKET.sub(lambda m: "" if _unit_bracket(m.group(1)) is not None else m.group(0), text))
    for canonical, aliases in _aliases(plan).items():
        for rank, alias in enumerate(aliases):
            if bare == _squash(alias):
                return canonical, rank
    return None, 0


def header_unit(text: str) -> tuple[int | None, bool]:
    """The unit a header states in brackets, and whether it states one at all: "금액(백만원)" →
    (1,000,000, True); "금액(천원, VAT포함)" → (1,000, True); "Amount (KRW '000)" → (1,000, True);
    "금액(달러)", "금액(3천원)" → (None, True); "금액(VAT포함)" → (None, False)."""
    stated, values = False, set()
    for group in _BRACKET.findall(text.translate(_HANJA)):
        money = _unit_bracket(group)
        stated |= money is not None
        values |= money or set()
    if len(values) == 1 and None not in values:
        return values.pop(), True
    return None, stated  # none, one not understood, or two that disagree


def _unit_bracket(group: str) -> set[int | None] | None:
    """What a header's bracket says of money: the units of its pieces (None for one not
    understood; "천원, VAT포함" → {1000}), or None when it says nothing of money ("국비", "VAT포함",
    "원금"). A comma inside a number ("₩1,000") does not part pieces."""
    values: set[int | None] = set()
    money = False
    for piece in re.split(r"[,/;·](?!\d{3})", group.replace("'000", " thousand")):
        piece = re.sub(rf"^\s*(?:{_UNIT_WORD}\s*[:：]?|in\s)|\s*단위\s*$", "", piece.strip(), flags=re.IGNORECASE)
        piece = piece.strip()
        if piece == "원화":
            piece = "원"
        if _UNIT_ONLY.fullmatch(piece) or re.fullmatch(_WORDS_EN, piece, re.IGNORECASE):  # "(in thousands)"
            values.add(_unit_value(piece))
        elif _MONEY_WORD.search(piece) or re.search(_UNIT_WORD, piece, re.IGNORECASE):
            values.add(None)  # a currency, a multiplier or 단위 not read as a unit: "달러", "million"
        else:
            continue
        money = True
    return values if money else None


#: Each unit a file may be in by its Korean name: 1,000,000 → "백만원", 100,000 → "십만원".
_UNIT_NAMES = {1: "원"} | {
    won: f"{name}원" for name, won in _MULTIPLIERS.items() if name.isalpha() and not name.isascii()
}


def unit_name(won: int) -> str:
    """A unit by its Korean name (1,000,000 → "백만원"), or as its number of won ("20,000원")."""
    return _UNIT_NAMES.get(won, f"{won:,}원")


def amount_units(table: Table, column: int, listed: tuple[int, str] | None = None) -> tuple[int, int]:
    """Won per unit of the amounts in ``column``: the unit its header states ("금액(백만원)"), or the
    row of units below the header ("(천원)"), else the unit line's ("(단위: 백만원)" above the
    header), else won. A unit stated but not understood ("(단위: 달러)", "금액(3천원)") refuses
    the file (F009): amounts read a thousand times off would load as if true.

    A workbook's stated unit is the unit of its numbers as shown: a cell formatted "#,##0," holds
    1,500,000 and shows 1,500 beside "(단위: 천원)", so its stored number is won; a format that
    names its unit ('#,##0"천원"') states it. Returns the won per stored number, and the unit as
    stated (what a note under the table must agree with).

    ``listed`` is the unit a column of units gives every row (:func:`listed_unit`), and that
    column's name: a unit stated elsewhere must agree with it."""
    stated = _stated_unit(table, column)
    if listed is not None:
        value, name = listed
        if stated is not None and stated != value:
            raise FileRefused(Issue("F009", None, "amount_krw", f"{name}: {unit_name(value)} ≠ {unit_name(stated)}"))
        stated = value
    shown: dict[tuple[int, int | None], int] = {}
    for (divisor, named), cells in table.shown.get(column, {}).items():  # a format naming the unit stated adds nothing
        key = (divisor, None if named == stated else named)
        shown[key] = shown.get(key, 0) + cells
    if not shown:
        return stated or 1, stated or 1
    (divisor, named), most = max(shown.items(), key=lambda item: item[1])
    refused = Issue("F009", None, "amount_krw", f"{table.header[column]} (셀 서식 / cell format)")
    others = sum(shown.values()) - most
    if others > 2 or others * 10 > most + others:  # formats that differ (beyond a total row or two)
        raise FileRefused(refused)
    if named is not None:
        if stated is not None and stated != named:
            raise FileRefused(refused)
        stated = named
    if stated is None:
        return 1, 1  # shown in thousands, with no unit said: the stored numbers are the won
    if stated % divisor:  # a unit smaller than the format shows
        raise FileRefused(refused)
    return stated // divisor, stated


def _stated_unit(table: Table, column: int) -> int | None:
    """The unit the file states for ``column`` (None if it states none); F009 for one not understood."""
    below = table.units[column] if table.units and column < len(table.units) else ""
    if below and not _BRACKET.search(below):  # a unit row without brackets: "백만원"
        below = f"({below})"
    for text in (table.header[column], below):
        value, stated = header_unit(text)
        if value:
            return value
        if stated:
            raise FileRefused(Issue("F009", None, "amount_krw", text))
    if table.unit_line:
        return table.unit_line
    if table.unit_unknown:
        raise FileRefused(Issue("F009", None, "amount_krw", table.unit_unknown))
    return None


#: Columns that give each row's unit: "금액단위" holding 백만원 on every row; and a currency's
#: ("통화" holding KRW: won, whatever unit a line above the table states).
_UNIT_COLUMNS = {
    _squash(name)
    for name in ("단위", "금액단위", "화폐단위", "통화단위", "집행액단위", "집행금액단위", "지원금액단위",
                 "unit", "units", "amount unit", "currency unit")
}  # fmt: skip
_CURRENCY_COLUMNS = {_squash(name) for name in ("통화", "화폐", "currency")}


def listed_unit(con: duckdb.DuckDBPyConnection, table: Table, width: int) -> tuple[int, str] | None:
    """The unit a column of units gives the amounts, and the column's name: ("금액단위" holding
    백만원 on every row) → (1,000,000, "금액단위"). None when the file has no such column, its
    cells say nothing of money ("건", "명"), or it is a currency's column saying won ("통화":
    KRW). Rows that name different units, or a unit that is not
    understood ("USD"), refuse the file (F009): one amount read a thousand times off is worse than
    none."""
    found: tuple[int, str] | None = None
    for index, name in enumerate(table.header[:width]):  # (a column no row reaches holds nothing)
        currency = _squash(name) in _CURRENCY_COLUMNS
        if not currency and _squash(name) not in _UNIT_COLUMNS:
            continue
        cell = f"trim(coalesce(c{index}, ''))"
        values = [
            v for (v,) in con.execute(f"SELECT DISTINCT {cell} FROM staged WHERE {cell} <> '' LIMIT 20").fetchall()
        ]
        read = [header_unit(f"({value.translate(_HANJA)})") for value in values]
        if not any(stated for _, stated in read):
            continue  # a column of counts' units
        units = {value for value, _ in read}
        if currency and units == {1}:
            continue  # KRW, 원: won, in the unit the file states
        if len(units) > 1 or None in units or (found is not None and found[0] not in units):
            shown = ", ".join(sorted(values)) + (f" ≠ {unit_name(found[0])}" if found else "")
            shown += " (행마다 다름 / differs by row)" if len(units) > 1 else ""
            raise FileRefused(Issue("F009", None, "amount_krw", f"{name}: {shown}"[:100]))
        found = (units.pop(), name)
    return found


def map_header(header: list[str], plan: bool = False) -> dict[str, int]:
    """Column index of each field found.

    Where two columns could be the same field (번호 and 관리번호, 구분 and 지원수단), the more
    specific name wins, whatever the column order.
    """
    best: dict[str, tuple[int, int]] = {}  # field → (rank, index)
    tied: set[str] = set()  # two columns with the same name: which is meant is not known
    for index, text in enumerate(header):
        canonical, rank = header_field(text, plan)
        if canonical and canonical in best and rank == best[canonical][0]:
            tied.add(canonical)
        elif canonical and (canonical not in best or rank < best[canonical][0]):
            best[canonical] = (rank, index)
            tied.discard(canonical)
    return {name: index for name, (_, index) in best.items() if name not in tied}


#: The title, unit and header lines are looked for in this many first records.
_LOOK = 20


def _is_unit_row(record: list[str]) -> bool:
    """A record below the header whose every filled cell is a bracket ("(천원)", "(건)", "(%)"), a
    unit ("백만원") or a date's form ("YYYY.MM.DD"), one of them a bracket or a unit."""
    cells = [c.strip().translate(_HANJA) for c in record if c.strip()]
    units = [
        c for c in cells
        if _BRACKET.fullmatch(c) or (_UNIT_ONLY.fullmatch(c) and _unit_value(c))
        or (_STATEMENT_CELL.match(c) and _UNIT_STATEMENT.search(c))  # "단위:천원"
    ]  # fmt: skip
    forms = [c for c in cells if re.fullmatch(r"[YyMmDd]{2,4}([-./ ][MmDd]{1,2}){2}\.?", c)]
    return bool(units) and len(units) + len(forms) == len(cells)


def looks_like_plan(records: list[list[str]]) -> bool:
    """Whether a file refused as payments has a plan's header (지원수단, 분야, 연도, 배분액) and no
    date paid: it was uploaded as the wrong kind, and the page says so."""
    for record in records:
        plan, payments = map_header(record, plan=True), map_header(record)
        if all(f in plan for f in PLAN_REQUIRED) and "paid_on" not in payments:
            return True
    return False


def find_table(records: list[list[str]], look: int = _LOOK, known: set[str] | None = None, plan: bool = False) -> Table:
    """Find the header among the first records (title and unit lines may stand above it).

    ``known`` are header texts a saved or chosen mapping names: a record holding two of
    them is the header even when none is a name we recognise ourselves.
    """
    if not any(any(c.strip() for c in r) for r in records):
        raise FileRefused(Issue("F002"))
    known = {name for name in known or () if not name.startswith(_EVERY_ROW)}  # ("=guarantee": no header)
    unit_line = unit_unknown = None
    for index, record in enumerate(records[:look]):
        mapping = map_header(record, plan)
        named = len(known & {c.strip() for c in record}) if known else 0
        if named >= 2 or (len(mapping) >= 2 and ("amount_krw" in mapping or "paid_on" in mapping)):
            # a header of two rows or three (:func:`_two_rows`): the names above this one, where
            # it has none (merged down over both), or a group's over it; then the rows below
            groups: dict[int, str] = {}
            above = _two_rows(records[index - 1], record, plan, groups_only=True) if index else None
            if above and len(map_header(above, plan)) > len(mapping):
                groups = _groups(list(itertools.zip_longest(records[index - 1], record, fillvalue="")))
                record = above
            for _ in range(2):
                below = records[index + 1] if index + 1 < len(records) else []
                if (both := _two_rows(record, below, plan)) is None:
                    break
                groups |= _groups(list(itertools.zip_longest(record, below, fillvalue="")))
                record, index = both, index + 1
            below = records[index + 1] if index + 1 < len(records) else []
            # a row of units in brackets below the header, as Korean tables often have, is part
            # of the header: the table starts below it
            units = [c.strip() for c in below] if _is_unit_row(below) else None
            start = index + 1 + (units is not None)
            # "(단위: 천원)" in the header row (after its names) or the row of units speaks for the
            # whole table, as a line above it does
            for cell in [*record, *(units or [])]:
                if _STATEMENT_CELL.match(cell):
                    unit_line, unit_unknown = _unit_line([cell], unit_line, unit_unknown)
            return Table(
                header=[c.strip() for c in record],
                header_row=start,
                rows=records[start:],
                unit_line=unit_line,
                unit_unknown=unit_unknown,
                units=units,
                truncated=any(_TRUNCATED.search(cell) for r in records[:start] for cell in r),
                groups=groups,
            )
        unit_line, unit_unknown = _unit_line(record, unit_line, unit_unknown)
    raise FileRefused(Issue("F003"))


#: A file's word that its amounts were cut, not rounded, to the unit: "백만원 미만 절사", "천원 미만 버림".
_TRUNCATED = re.compile(r"절사|버림|내림")

_DATA_LIKE = re.compile(r"[\s\d,.\-/:]*\d[\s\d,.\-/:]*")


def _two_rows(high: list[str], low: list[str], plan: bool, groups_only: bool = False) -> list[str] | None:
    """The names of a header of two rows, ``high`` over ``low``; None when ``low`` is no part of
    the header (a first payment, a row of units). ``low`` holds nothing like a date or an amount,
    and is one of:

    - a group's names: a name above merged across names below (:func:`_groups`: "지원내역" over
      지원수단, 분야 and 금액; "금액(백만원)" over 신청액 and 지원액, each of which takes the group's
      unit), every other name merged down (nothing below it: a first payment fills its row);
    - the names above in another language, each naming the same field ("투자금액" over "Amount
      (KRW million)", whose unit the name above then takes);
    - names that add two fields or more to those above ("지원내역" over 지원수단 and 분야), none
      given up for them stating a unit.
    """
    cells = [cell for cell in low if cell.strip()]
    if not cells or _is_unit_row(low) or any(_DATA_LIKE.fullmatch(cell) for cell in cells):
        return None
    pairs = list(itertools.zip_longest(high, low, fillvalue=""))
    groups = _groups(pairs)
    if groups and all(not b.strip() for i, (_, b) in enumerate(pairs) if i not in groups):
        return [_under_group(groups[i], b) if i in groups else a.strip() for i, (a, b) in enumerate(pairs)]
    if groups_only:
        return None
    fields = [(header_field(a, plan)[0], header_field(b, plan)[0]) for a, b in pairs]
    named = [(fa, fb) for (a, b), (fa, fb) in zip(pairs, fields, strict=True) if a.strip() and b.strip()]
    if sum(1 for fa, fb in named if fa and fa == fb) >= 2 and all(not fa or not fb or fa == fb for fa, fb in named):
        return [
            _under_group(b, a) if fa and header_unit(b)[1]  # two units that disagree refuse the file (F009)
            else b.strip() if fb and not fa else a.strip() or b.strip()
            for (a, b), (fa, fb) in zip(pairs, fields, strict=True)
        ]  # fmt: skip
    both = [a.strip() if header_field(a, plan)[0] or not b.strip() else b.strip() for a, b in pairs]
    given_up = [a for a, b in pairs if a.strip() and b.strip() and not header_field(a, plan)[0]]
    if any(header_unit(a)[1] or _group_units(a) != [] for a in given_up):  # a unit, read or not
        return None
    return both if len(set(map_header(both, plan)) - set(map_header(high, plan))) >= 2 else None


def _groups(pairs: list[tuple[str, str]]) -> dict[int, str]:
    """The columns under a group's name merged across them, each to the group's name: a name
    above with no names beside it ("지원내역", "", "") over two names or more ("지원수단", "분야",
    "금액"). A group's name that states a unit not read (:func:`_group_units`) makes no group."""
    groups: dict[int, str] = {}
    start = 0
    while start < len(pairs):
        end = start + 1
        while end < len(pairs) and not pairs[end][0].strip() and pairs[end][1].strip():
            end += 1
        group = pairs[start][0].strip()
        if end - start >= 2 and group and pairs[start][1].strip() and _group_units(group) is not None:
            groups.update(dict.fromkeys(range(start, end), group))
        start = end
    return groups


def _group_units(group: str) -> list[str] | None:
    """The units a group's name states, as brackets to put after each name under it:
    "금액(백만원)" → ["(백만원)"]; "지원내역 단위: 백만원", "금액/백만원" → ["(백만원)"]; "지원내역" →
    []; None for a unit stated but not read ("지원내역 단위: 달러")."""
    units = [f"({inner})" for inner in _BRACKET.findall(group) if _unit_bracket(inner.translate(_HANJA)) is not None]
    outside = _BRACKET.sub(" ", group).translate(_HANJA)
    if _UNIT_STATEMENT.search(outside) or _UNIT_STATED.search(outside):
        value, _ = _statement_unit(outside)
        return [*units, f"({unit_name(value)})"] if value else None
    words = [_unit_value(w) for w in re.split(r"[\s/,;·]+", outside) if _UNIT_ONLY.fullmatch(w)]
    if words:
        return [*units, f"({unit_name(words[0])})"] if None not in words and len(set(words)) == 1 else None
    return units


def _under_group(group: str, name: str) -> str:
    """A name under a group's, with the unit the group states (:func:`_group_units`): "신청액"
    under "금액(백만원)" → "신청액 (백만원)"; under "지원내역" → "신청액". (And a name with the unit
    its translation states: "투자금액" with "Amount (KRW million)" → "투자금액 (KRW million)".)"""
    return " ".join([name.strip(), *(_group_units(group) or [])])


def _unit_line(cells: list[str], unit_line: int | None, unknown: str | None) -> tuple[int | None, str | None]:
    """The unit a line above the table states, if it does: (won per unit, the first statement not
    understood), each kept from the lines before when this one says nothing. Two lines that
    state different units leave none (0), and the two statements: the file is refused unless
    the amount column states its own."""
    cells = [c.strip().translate(_HANJA).replace("'000", " thousand") for c in cells if c.strip()]
    text = ", ".join(cells)  # (a line cut at its commas: "(단위: 백만원", " 백만원 미만 절사)")
    value, found = _statement_unit(text)
    if not found and (found := next(filter(None, map(_BRACKET_UNIT.fullmatch, cells)), None)):
        value = _unit_value(next(g for g in found.groups() if g))
    if value and unit_line is None:
        return value, unknown
    if value and value != unit_line:  # "(단위: 천원)" and "(단위: 백만원)": which one is meant?
        return 0, unknown or f"{text[:100]} ≠ {unit_line:,}" if unit_line else unknown or text[:100]
    if value:
        return unit_line, unknown
    if found or _UNIT_STATED.search(text):
        return unit_line, unknown or text[:100]
    return unit_line, unknown


# --- validation ------------------------------------------------------------------------


@dataclass
class Checked:
    """A validated file: the rows that can load, the report, and what it would add."""

    file_name: str
    sha256: str
    rows_total: int
    rows_loaded: int
    amount_krw: int
    accepted: pa.Table | None  # None while the rows are held in a temporary table (``held``)
    issues: list[Issue] = field(default_factory=list)
    rejected: dict[int, list[Issue]] = field(default_factory=dict)
    raw: dict[int, str] = field(default_factory=dict)  # rejected rows' cells, as JSON
    encoding: str = ""
    unit: int = 1  # won per amount unit the file uses (1_000_000 for 백만원)
    held: tuple[duckdb.DuckDBPyConnection, str] | None = field(default=None, repr=False)
    headers: dict[str, str] = field(default_factory=dict)  # field → the file's own header for it
    columns: list[str] = field(default_factory=list)  # the file's header, every column
    source: str | None = None  # the body that sent the file: payment ids are its own
    # the file's own totals that agree with its rows (X004 reports the others): (row, won, which
    # rows: "loaded", or "all" with the rejected ones when some are, as the clerk added them)
    totals_agree: list[tuple[int, int, str]] = field(default_factory=list)
    # the rows of the file's own totals not compared, as a payment's amount cannot be read
    totals_unchecked: list[int] = field(default_factory=list)
    # the file's own totals that disagree (X004): (row, won it says, won of the rows nearer it, which
    # rows those are, as in ``totals_agree``)
    totals_disagree: list[tuple[int, Decimal, Decimal, str]] = field(default_factory=list)

    @property
    def total_rows(self) -> int:
        """Rows read as totals (합계) or notes (※ …): reported, never counted as payments."""
        return sum(1 for i in self.issues if i.rule in NOT_PAYMENTS)

    @property
    def rows_rejected(self) -> int:
        return len(self.rejected)

    def release(self) -> None:
        """Drop the temporary table of a check made with ``hold=True`` that will not be loaded."""
        if self.held is not None:
            con, table = self.held
            con.execute(f"DROP TABLE IF EXISTS temp.{table}")
            self.held = None


# --- staging: the file's data rows as text columns c0, c1, … in a temporary table ----------

_EXTRA_COLUMNS = 8  # cells a row may have beyond the header before the fast reader gives up
# Line breaks as the csv module (and a spreadsheet) counts them: CR LF, LF, or a CR alone (the
# "CSV (Macintosh)" of Excel for Mac). A blank line holds nothing but spaces and tabs.
_BREAK = r"(?:\r\n|\r(?!\n)|\n)"
_LINE_BREAK = re.compile(_BREAK)
_BLANK_LINE = re.compile(_BREAK + r"[ \t]*" + _BREAK)


def _parse(text: str, delimiter: str, look: int | None = None) -> tuple[list[list[str]], list[int]]:
    """Records (the first ``look``, or all), and the physical line each one ends on (the csv
    module counts quoted line breaks as a spreadsheet does).

    A space before a quote is skipped (', "1,000"'), as DuckDB's reader (the command line's)
    skips it; a file where that breaks a cell (', "AI" 바우처') is read again as it is. A file
    whose quotes do not close is refused: it would swallow rows.
    """
    for skip_space in (True, False):
        reader = csv.reader(
            io.StringIO(text, newline=""), delimiter=delimiter, strict=True, skipinitialspace=skip_space
        )
        records, ends = [], []
        try:
            for record in reader:
                records.append(record)
                ends.append(reader.line_num)
                if look is not None and len(records) >= look:
                    break
            return records, ends
        except csv.Error as exc:
            error = FileRefused(Issue("F001", value=f"line {reader.line_num}: {exc}"))
            error.__cause__ = exc
    raise error


def _head(text: str, delimiter: str, look: int = 25) -> tuple[list[list[str]], list[int]]:
    """The first records, and the physical line each one ends on."""
    return _parse(text, delimiter, look)


def _text_head(text: str) -> tuple[list[list[str]], list[int], str]:
    """The first records of a decoded file, where its header is looked for, the physical line each
    ends on, and its separator."""
    delimiter = sniff_delimiter(text[:200_000])
    head, ends = _head(text[:_HEAD_BYTES], delimiter)
    return head, ends, delimiter


def _all_records(text: str, delimiter: str) -> list[list[str]]:
    """Every record."""
    return _parse(text, delimiter)[0]


def _stage_records(con: duckdb.DuckDBPyConnection, data: list[list[str]], first_row: int) -> int:
    """Stage records already in Python (spreadsheets, and CSVs the fast reader cannot number)."""
    width = max((len(r) for r in data), default=0) or 1
    # rows with no cell at all (blank lines below a header) still need a column to be staged in
    columns = list(itertools.zip_longest(*data, fillvalue="")) if any(data) else [("",) * len(data)]
    arrays = {f"c{i}": pa.array(column, pa.string()) for i, column in enumerate(columns)}
    con.register("staged_arrow", pa.table(arrays))
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE staged AS SELECT * FROM staged_arrow")
    finally:
        con.unregister("staged_arrow")
    _number_rows(con, first_row)
    return width


def _number_rows(con: duckdb.DuckDBPyConnection, first_row: int) -> None:
    # A table created in one statement keeps the order it was given, so rowid counts the
    # records: the spreadsheet row is rowid plus the row of the first record.
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW staged_rows AS SELECT rowid + {int(first_row)} AS row_number, * FROM staged"
    )


def _stage_csv(con: duckdb.DuckDBPyConnection, path: str, delimiter: str, skip: int, table: Table) -> int:
    """Stage a UTF-8 CSV with DuckDB's reader; rows numbered by their order in the file.

    First the parallel reader with exactly the header's width (most exports are rectangular);
    if any row is ragged, the single-threaded one that pads short rows and keeps up to
    ``_EXTRA_COLUMNS`` extra cells. Either way the table keeps the file's order, so rowid
    numbers the records.
    """
    options = "delim=$delim, quote='\"', escape='\"', header=false, skip=$skip, auto_detect=false"
    params = {"path": path, "delim": delimiter, "skip": skip}
    width = len(table.header)
    for total, more in ((width, ""), (width + _EXTRA_COLUMNS, ", null_padding=true, parallel=false")):
        columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(total)) + "}"
        try:
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE staged AS SELECT * FROM read_csv($path, {options}{more}, columns={columns})",
                params,
            )
            break
        except duckdb.Error:
            if more:
                raise
    _number_rows(con, table.header_row + 1)  # empty cells come as NULL here: every use of a cell coalesces
    return total


_HEAD_BYTES = 1_000_000  # the title, unit and header lines are found in this much of a file
_LINE_BREAK_BYTES = re.compile(_BREAK.encode())
_BLANK_AT = re.compile(r"[ \t]*[\r\n]")


def _stage_body(con: duckdb.DuckDBPyConnection, source: Source, start: int, delimiter: str, table: Table,
                encoding: str = "utf-8") -> int:  # fmt: skip
    """Stage the records from ``start`` (just below the header) with DuckDB's reader, from a
    temporary UTF-8 file.

    The body is copied a few megabytes at a time (a CP949 one re-encoded), never decoded whole,
    to a file without a name where the system allows (it holds payment data: nothing of it may
    stay behind, even when the process is killed).
    """

    def copy(out) -> None:
        decoder = None if encoding == "utf-8" else codecs.getincrementaldecoder(encoding)()
        for chunk in _chunks(source, start):
            out.write(chunk if decoder is None else decoder.decode(chunk).encode("utf-8"))
        if decoder is not None:
            out.write(decoder.decode(b"", final=True).encode("utf-8"))
        out.flush()

    if _FD_PATHS:
        with tempfile.TemporaryFile(prefix="budget-import-") as out:
            copy(out)
            return _stage_csv(con, f"{_FD_PATHS}/{out.fileno()}", delimiter, 0, table)
    with tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False) as out:
        path = out.name
    try:  # the file holds payment data: it goes, whatever happens
        with open(path, "wb") as named:
            copy(named)
        return _stage_csv(con, path, delimiter, 0, table)
    finally:
        os.unlink(path)


#: Where an open file can be read by a name of its own: its descriptor under /proc (Linux); ''
#: where there is no such place (a temporary link or copy under a plain name is used instead).
_FD_PATHS = "/proc/self/fd" if os.path.isdir("/proc/self/fd") else ""


_CHUNK_BYTES = 8 << 20

#: A file as the page has it (its bytes) or as the command line has it (its path: read a few
#: megabytes at a time, so a 10-million-row file is never held whole).
Source = bytes | os.PathLike


def _chunks(source: Source, start: int = 0):
    """The source's bytes from ``start``, a few megabytes at a time."""
    if isinstance(source, (bytes, bytearray)):
        view = memoryview(source)
        for at in range(start, len(view), _CHUNK_BYTES):
            yield view[at : at + _CHUNK_BYTES]
        return
    with open(source, "rb") as stream:
        stream.seek(start)
        while chunk := stream.read(_CHUNK_BYTES):
            yield chunk


def _read_start(source: Source, size: int) -> bytes:
    """The first ``size`` bytes of the source."""
    if isinstance(source, (bytes, bytearray)):
        return bytes(source[:size])
    with open(source, "rb") as stream:
        return stream.read(size)


@dataclass(frozen=True)
class _Facts:
    """What one reading of the whole file finds: its SHA-256, its line breaks, how it ends."""

    sha256: str
    breaks: int  # CR LF, LF or a CR alone, each one break
    size: int
    ends_with_break: bool


def _read_facts(source: Source, stop: threading.Event | None = None) -> _Facts:
    """Read the file once (on another core while DuckDB reads it: hashlib lets go of the GIL);
    ``stop`` ends the reading early when the check has failed anyway."""
    digest = hashlib.sha256()
    size = breaks = 0
    last = b""
    for chunk in [source] if isinstance(source, (bytes, bytearray)) else _chunks(source):
        if stop is not None and stop.is_set():
            raise FileRefused(Issue("F001"))
        digest.update(chunk)
        # a CR counts unless an LF follows it, here or at the start of the next piece
        breaks += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
        breaks -= last == b"\r" and chunk[:1] == b"\n"
        size += len(chunk)
        last = chunk[-1:] or last
    return _Facts(digest.hexdigest(), breaks, size, last in (b"\n", b"\r"))


def _stage_streamed(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    facts: concurrent.futures.Future[_Facts],
    known: set[str] | None,
    plan: bool,
    found: Callable[[Table], object] | None = None,
) -> tuple[Table, int, str] | None:
    """The fast way for a UTF-8 or CP949 file: decode only its head to find the header, then
    let DuckDB read the rest (a UTF-8 body as it is; CP949 re-encoded piece by piece).

    None when the file is neither from the start, has blank lines among its records, or is a
    shape DuckDB's reader refuses (or is not what its head said further down): the caller
    then decodes it whole and reads it the careful way. Line breaks, spaces and tabs are single
    bytes in both encodings, and never part of a CP949 character, so lines are found in the bytes.

    A UTF-8 file on disk is read by DuckDB where it is, from the first line below the header,
    when the lines above it are plain (no quotes, no lone carriage returns); otherwise the
    records below the header are copied to a temporary file first. ``found`` is called with the
    table as soon as its header is found (it may refuse the file before its rows are read).
    """
    data = _read_start(source, 3 + _HEAD_BYTES)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    bom = data.startswith(b"\xef\xbb\xbf")
    offset = 3 if bom else 0
    head_bytes = memoryview(data)[offset : offset + _HEAD_BYTES]
    for encoding in ("utf-8",) if bom else ("utf-8", "cp949"):
        try:
            # an incremental decoder: a character cut at the end of the head is not an error
            head_text = codecs.getincrementaldecoder(encoding)().decode(head_bytes, final=False)
            break
        except UnicodeDecodeError:
            continue
    else:
        return None
    head, ends, delimiter = _text_head(head_text)  # (as the careful way finds it, in a decoded file)
    table = find_table(head, known=known, plan=plan)
    if found is not None:
        found(table)
    skip = ends[table.header_row - 1]  # the lines above the first record
    start = _after_lines(data, skip, offset)
    if len(data) == 3 + _HEAD_BYTES and start > offset + _HEAD_BYTES:
        return None  # the header's line ends beyond the head (not a real export)
    if _BLANK_AT.match(data[start : start + 200].decode("latin-1")):
        return None  # a blank line straight below the header

    def lines() -> int:  # asked for after DuckDB's read, which the hashing runs beside
        read = facts.result()
        return read.breaks - skip + (0 if read.ends_with_break or read.size == start else 1)

    header_width = len(table.header)
    above = data[:start]
    # DuckDB's skip counts these lines as the csv module does only when they are plain: no
    # quotes, and one kind of line break (CR LF throughout, or LF throughout)
    plain_above = b'"' not in above and above.count(b"\r") == above.count(b"\r\n") in (0, above.count(b"\n"))
    if encoding == "utf-8" and plain_above and not isinstance(source, (bytes, bytearray)):
        try:
            width = _stage_linked(con, source, delimiter, skip, table)
            if _as_many_records_as_lines(con, lines(), width, header_width):
                return table, width, "utf-8-sig" if bom else encoding
        except (duckdb.Error, OSError):
            pass  # read the records below the header from a copy instead
    try:
        width = _stage_body(con, source, start, delimiter, table, encoding)
    except (duckdb.Error, UnicodeDecodeError):
        return None
    if not _as_many_records_as_lines(con, lines(), width, header_width):
        return None
    return table, width, "utf-8-sig" if bom else encoding


def _stage_linked(con: duckdb.DuckDBPyConnection, path: os.PathLike, delimiter: str, skip: int, table: Table) -> int:
    """Stage a UTF-8 file where it lies, under a plain name: DuckDB takes ``*``, ``?`` and ``[…]``
    in a path as a pattern ("[붙임1] 집행내역.csv" would read other files). The name is the open
    file's descriptor (nothing is left behind if the process is killed), or else a link in a
    temporary folder."""
    if _FD_PATHS:
        with open(path, "rb") as file:
            return _stage_csv(con, f"{_FD_PATHS}/{file.fileno()}", delimiter, skip, table)
    folder = tempfile.mkdtemp(prefix="budget-import-")
    link = os.path.join(folder, "file.csv")
    try:
        os.symlink(os.path.abspath(path), link)
        return _stage_csv(con, link, delimiter, skip, table)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(link)
        os.rmdir(folder)


def _as_many_records_as_lines(con: duckdb.DuckDBPyConnection, lines: int, width: int, header_width: int) -> bool:
    """Whether DuckDB's reader found every line below the header: one record per line, but for
    the line breaks inside quoted cells.

    It passes over blank lines (the rows after one would be numbered wrong), and its forgiving
    second try (``width`` wider than the header) drops the rest of a file after a quote that
    never closes (the rows would be lost). When the lines are not all found, the staged rows
    are dropped and the caller reads the file with the csv module, as a spreadsheet would
    (numbering blank lines, refusing a quote that never closes).
    """
    records = db.scalar(con, "SELECT count(*) FROM staged")
    if records == lines:
        return True
    if width == header_width and records < lines:
        # the strict reader: every quote closed, so the other lines are inside quoted cells
        # a cell's line breaks: CR LF, LF or a CR alone, each one
        one_kind = "replace(replace(c{0}, chr(13) || chr(10), chr(10)), chr(13), chr(10))"
        inner = " + ".join(
            f"coalesce(length({one_kind.format(i)}) - length(replace({one_kind.format(i)}, chr(10), '')), 0)"
            for i in range(width)
        )
        breaks = db.scalar(con, f"SELECT coalesce(sum({inner}), 0) FROM staged")
        if records + breaks == lines:
            return True
    _drop(con, "staged_rows", "staged")
    return False


def _lines_after(text: str, start: int) -> int:
    """The lines of ``text`` from ``start``: its line breaks, and a last line without one."""
    breaks = text.count("\n", start) + text.count("\r", start) - text.count("\r\n", start)
    return breaks + (0 if text.endswith(("\n", "\r")) or len(text) == start else 1)


def _stage(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    file_name: str,
    sheet: str | None,
    chosen: dict[str, str] | None = None,
    plan: bool = False,
    facts: concurrent.futures.Future[_Facts] | None = None,
    found: Callable[[Table], object] | None = None,
) -> tuple[Table, int, str]:
    """Find the header and stage every record below it as text (the table ``staged``, numbered
    by the view ``staged_rows``); return the table, its width, the encoding.

    ``chosen`` is the clerk's (or a saved) mapping, field → header: a record holding two of its
    headers is the header. ``facts`` is the reading of the whole file already under way, if any.
    ``found`` is called with the table once its header is found, before the rows below it are
    read: it may refuse the file (a required column missing) without reading 10 million rows."""
    known = set((chosen or {}).values())
    first = _read_start(source, 4096)
    if not first:
        raise FileRefused(Issue("F002"))
    may_read_files = db.external_access(con)
    if not is_workbook(first, file_name):
        _refuse_binary(first)
        if may_read_files:
            if facts is None:
                facts = concurrent.futures.Future()
                facts.set_result(_read_facts(source))
            staged = _stage_streamed(con, source, facts, known, plan, found)
            if staged is not None:
                return staged
    # the careful way, on the whole file in memory
    data = source if isinstance(source, (bytes, bytearray)) else Path(source).read_bytes()
    if is_workbook(data, file_name):
        read = _read_xlsx(data, sheet, plan, known)
        table = find_table(read.rows, known=known, plan=plan)
        if found is not None:
            found(table)
        table.epoch = "1904-01-01" if read.mac else table.epoch
        _fill_merged_down(table, read.merged, plan, chosen)
        # the divisors each column's numbers are shown by, below the header
        for (column, divisor, named), rows in read.shown.items():
            if below := sum(1 for row in rows if row >= table.header_row):
                table.shown.setdefault(column, {})[(divisor, named)] = below
        # cells right of the header are a clerk's remarks ("확인필요"): a workbook's cells cannot
        # slip into the next column as a CSV's can (R009), so they are left out
        width = max((i + 1 for i, name in enumerate(table.header) if name), default=len(table.header))
        return table, _stage_records(con, [row[:width] for row in table.rows], table.header_row + 1), "xlsx"
    text, encoding = decode(data)
    head, ends, delimiter = _text_head(text)
    table = find_table(head, known=known, plan=plan)
    if found is not None:
        found(table)
    start = _after_lines(text, ends[table.header_row - 1])
    if may_read_files and not _BLANK_LINE.search(text, start) and not _BLANK_AT.match(text, start):
        # only what follows the header: title lines may hold quoted line breaks, and DuckDB
        # counts what it skips differently from the csv module
        try:
            width = _stage_body(con, text[start:].encode("utf-8"), 0, delimiter, table)
            if _as_many_records_as_lines(con, _lines_after(text, start), width, len(table.header)):
                return table, width, encoding
        except duckdb.Error:
            pass  # a shape the fast reader refuses (very ragged rows): read it the careful way
    # blank lines, quoted line breaks, a quote that never closes: the csv module numbers the
    # records as a spreadsheet shows them, and refuses a broken quote
    records = _all_records(text, delimiter)
    rows = records[table.header_row :]
    return table, _stage_records(con, rows, table.header_row + 1), encoding


def _after_lines(text: str | bytes, lines: int, position: int = 0) -> int:
    """The position just after the first ``lines`` line breaks from ``position`` (the end if there are fewer)."""
    if lines <= 0:
        return position
    breaks = (_LINE_BREAK if isinstance(text, str) else _LINE_BREAK_BYTES).finditer(text, position)
    found = list(itertools.islice(breaks, lines))
    return found[-1].end() if len(found) == lines else len(text)


def _file_state(source: Source) -> tuple[int, int, int, int] | None:
    """A file's size, modification and change times, and inode (None for bytes in memory)."""
    if isinstance(source, (bytes, bytearray)):
        return None
    state = os.stat(source)
    return state.st_size, state.st_mtime_ns, state.st_ctime_ns, state.st_ino


def _fingerprint(con: duckdb.DuckDBPyConnection, sha256: str, kind: str) -> tuple[str, int | None]:
    """The file's SHA-256, and the loaded (not reverted) batch of this kind with the same content."""
    loaded = db.scalar(
        con, "SELECT min(id) FROM upload_batch WHERE sha256 = ? AND status = 'loaded' AND kind = ?", [sha256, kind]
    )
    return sha256, loaded


def _lookup(raw_values: list[str], aliases: list[tuple[str, str]], kind: str = "") -> pa.Table:
    """The code of each distinct text of a column: by its name or an alias, else (instruments and
    regions) by how such names are built (:func:`_instrument_by_form`, :func:`_region_by_form`)."""
    known = dict(aliases)
    codes, labels, moves = [], [], []
    for value in raw_values:
        code = known.get(_squash(value))
        if code is None and value.strip() and kind == "instrument":
            code = _instrument_by_form(value)
        elif code is None and value.strip() and kind == "region":
            code = _region_by_form(value, known)
        codes.append(code)
        # a total's label in its place ("보증 계", "미래차 소계"), not a name written apart ("기 계",
        # "기 계(일반)": 기계)
        labels.append(
            code is None and bool(_TOTAL_LIKELY_PY.match(value)) and _squash(_BRACKET.sub("", value)) not in known
        )
        moves.append(_moved(value) if kind == "region" and code else None)
    return pa.table({
        "raw": raw_values, "code": pa.array(codes, pa.string()), "label": pa.array(labels, pa.bool_()),
        # a place that changed region: its region before the day it did (군위군: 경북 until 2023-07-01)
        "since": pa.array([dt.date.fromisoformat(m[0]) if m else None for m in moves], pa.date32()),
        "before": pa.array([m[1] if m else None for m in moves], pa.string()),
    })  # fmt: skip


#: An instrument named as a delivery body names it, its word last: "정책자금 대출", "신한은행 대출",
#: "시설자금 융자"; "기술보증", "특례보증"; "펀드 출자"; "R&D 과제", "연구개발과제".
_INSTRUMENT_WORDS = {
    "loan": ("대출", "융자"),
    "guarantee": ("보증",),
    "fund": ("펀드", "출자", "투자"),
    "rnd": ("r&d", "rnd", "연구개발", "알앤디"),
}
#: Each instrument's word last (an R&D project's word may follow: "R&D 과제").
_INSTRUMENT_FORMS = {
    code: re.compile(
        rf".*(?:{'|'.join(map(re.escape, words))})" + ("(?:과제|사업|지원|자금)?" if code == "rnd" else "")
    )
    for code, words in _INSTRUMENT_WORDS.items()
}


def _instrument_by_form(value: str) -> str | None:
    """An instrument's word at the end of the text (:data:`_INSTRUMENT_FORMS`), and no other
    instrument's word in it: "R&D 투자" or "보증부 대출" could be either, "R&D 환수" or "펀드 회수"
    is no payment."""
    key = _squash(value)
    named = [code for code, words in _INSTRUMENT_WORDS.items() if any(word in key for word in words)]
    return named[0] if len(named) == 1 and _INSTRUMENT_FORMS[named[0]].fullmatch(key) else None


#: Province names before the reorganisations (강원도 and 전라북도 became special self-governing provinces).
_OLD_REGION_NAMES = {"전라북도": "전북", "전북도": "전북", "강원도": "강원", "제주도": "제주"}


def _region_by_form(value: str, known: dict[str, str]) -> str | None:
    """A region written with its kind ("서울시", "경기도", "세종시"), by an old name ("전라북도"), with
    its city after it ("경기 수원시", "경남 창원시 성산구"), or by a city or county of it with the
    kind ("포항시", "칠곡군") or a district after ("포항시남구")."""
    key = _squash(value)
    if key in _OLD_REGION_NAMES:
        return known.get(_squash(_OLD_REGION_NAMES[key]))
    # 광주시 is a city of 경기도 as well as 광주광역시: not known
    bare = re.fullmatch(r"(.+?)(?:특별자치시|특별자치도|특별시|광역시|시|도|군)", key)
    if key != "광주시" and bare and bare.group(1) in known:
        return known[bare.group(1)]
    # a district after its city, written as one word: "포항시남구", "창원시성산구", "칠곡군왜관읍"
    town = re.fullmatch(r"(.+?[시군])(.+?[구읍면동])", key)
    if town and (found := known.get(town.group(1)) or _region_by_form(town.group(1), known)):
        return found
    words = unicodedata.normalize("NFKC", value).split()
    if len(words) > 1:
        return known.get(_squash(words[0])) or _region_by_form(words[0], known)
    return None


@functools.cache
def _places() -> tuple[tuple[str, str], ...]:
    """Each city (시) and county (군) of a province or metropolitan city, with its region
    (``data/places.csv``): a firm's address is often its city alone ("포항시", "창원시 성산구",
    "칠곡군"). Names that are two places' are left out: 광주 (a city of 경기도, and 광주광역시) and
    고성 (a county of 강원 and of 경남)."""
    from budget.seed import read_csv_rows

    return tuple((row["name_ko"], row["region"]) for row in read_csv_rows("places.csv"))


@functools.cache
def _moved_places() -> dict[str, tuple[str, str]]:
    """The places that changed region during the programme, each with the day it did and its
    region before (``data/places.csv``: 군위군, of 경북 until it joined 대구 on 2023-07-01)."""
    from budget.seed import read_csv_rows

    return {row["name_ko"]: (row["since"], row["before"]) for row in read_csv_rows("places.csv") if row["since"]}


def _moved(value: str) -> tuple[str, str] | None:
    """The day and region before, for an address that is a moved place alone ("군위군", "군위군
    군위읍"; not "대구 군위군": the clerk named the region)."""
    words = unicodedata.normalize("NFKC", value).split()
    first = _squash(words[0]) if words else ""
    first = re.sub(r"^(.+?)[시군](?:.+[구읍면동])?$", r"\1", first)  # "군위군", "군위군군위읍"
    return _moved_places().get(first)


def _alias_rows(con: duckdb.DuckDBPyConnection) -> tuple[list, list, list]:
    sectors = con.execute("SELECT code, name_ko, name_en, aliases FROM sector").fetchall()
    regions = con.execute("SELECT code, name_ko, name_en, full_name_ko FROM region").fetchall()
    sector_alias = [(_squash(a), code) for code, ko, en, more in sectors for a in (code, ko, en, *more.split("|")) if a]
    region_alias = [(_squash(a), code) for code, ko, en, full in regions for a in (code, ko, en, full)]
    region_alias += [(_squash(place), code) for place, code in _places()]  # 포항 → 경북, 칠곡 → 경북
    instrument_alias = [(_squash(a), code) for code, names in INSTRUMENT_ALIASES.items() for a in names]
    inst_names = con.execute("SELECT code, name_ko, name_en, short_ko, short_en FROM instrument").fetchall()
    instrument_alias += [(_squash(a), code) for code, *names in inst_names for a in names]
    return instrument_alias, sector_alias, region_alias


_DATE_SQL = r"""
CREATE OR REPLACE TEMP TABLE date_map AS
SELECT raw, empty, label,
    -- an Excel serial day number (1900 date system), as CSV exports sometimes carry
    -- (with its time of day as a fraction: 45296.5 is noon)
    CASE WHEN serial THEN DATE '{epoch}' + CAST(floor(CAST(d AS DOUBLE)) AS INTEGER) ELSE try(make_date(y, m, dd)) END
        AS paid_date,
    -- a day its month does not have (2024-09-31, 2023-02-29): the month's days are the value expected
    -- (of a year people write: "0000-02-30" is no date at all)
    CASE WHEN NOT serial AND try(make_date(y, m, dd)) IS NULL AND y >= 1000
         THEN strftime(try(make_date(y, m, 1)), '%Y-%m-%d') || '..' || strftime(last_day(try(make_date(y, m, 1))), '%Y-%m-%d')
    END AS month_days
FROM (
    SELECT raw, empty, label, d, serial,
        CASE WHEN dashed OR worded THEN CAST(regexp_extract(d, '^(\d{4})', 1) AS INTEGER)
             WHEN digits THEN CAST(substr(d, 1, 4) AS INTEGER) END AS y,
        CASE WHEN dashed THEN CAST(regexp_extract(d, '^\d{4}\s*[-./]\s*(\d{1,2})', 1) AS INTEGER)
             WHEN worded THEN CAST(regexp_extract(d, '(\d{1,2})\s*월', 1) AS INTEGER)
             WHEN digits THEN CAST(substr(d, 5, 2) AS INTEGER) END AS m,
        CASE WHEN dashed THEN CAST(regexp_extract(d, '(\d{1,2})\s*\.?$', 1) AS INTEGER)
             WHEN worded THEN CAST(regexp_extract(d, '(\d{1,2})\s*일$', 1) AS INTEGER)
             WHEN digits THEN CAST(substr(d, 7, 2) AS INTEGER) END AS dd
    FROM (
        SELECT raw, trim(raw) = '' AS empty, {label} AS label, d,
            regexp_full_match(d, '\d{4}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2}\s*\.?') AS dashed,
            regexp_full_match(d, '\d{4}\s*년\s*\d{1,2}\s*월\s*\d{1,2}\s*일') AS worded,
            regexp_full_match(d, '\d{8}') AS digits,
            regexp_full_match(d, '\d{5}(\.\d+)?') AS serial
        FROM (
            -- a time of day after the date (2024-01-05 00:00:00, or 2024-01-05 오전 12:00:00 as Korean
            -- Excel writes it) is dropped, and so is a weekday ("2024.01.05(금)"); full-width digits
            -- ("２０２４-０１-０５") are plain ones
            SELECT raw, regexp_replace(regexp_replace(trim(translate(raw, '０１２３４５６７８９．－／', '0123456789.-/')),
                          '(T|\s+(오전|오후)?\s*)\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(\s*[AaPp][Mm])?$', ''),
                          '\s*[(（]\s*([월화수목금토일]|mon|tue|wed|thu|fri|sat|sun)\s*[)）]$', '', 'i') AS d
            FROM (SELECT DISTINCT {paid_on} AS raw FROM staged_rows)
        )
    )
)
"""

#: What each cell of a row parses to, and whether any row rule may apply (``suspect``), for the
#: rows of ``{source}``: every staged row once, then again only the suspect ones, for the report.
_PARSED_SQL = r"""
WITH amounts AS (
    SELECT *, replace({amount}, ',', '') AS a0 FROM {source}
), cells AS (
    SELECT row_number, {id_label} OR (trim({paid_on}) = '' AND {is_total_late}) AS labelled, {id_empty} AS id_empty,
        {cell_labels} AS cell_labels, {is_note} AS note_mark,
        {has_extra} AS has_extra, {paid_on} AS paid_raw, {instrument} AS instrument_raw, {sector} AS sector_raw, {region} AS region_raw,
        -- most amounts are plain digits once the thousands separators are gone
        CASE WHEN regexp_full_match(a0, '\d+') THEN a0
             -- spaces of every kind: ' ', a no-break space (U+00A0), an ideographic one (U+3000);
             -- full-width digits and signs ("１，２３４"); the won sign as a CP949 file may write
             -- it, a backslash ("\1,000,000": the same byte, shown as ₩ in Korean fonts)
             ELSE replace(replace(replace(replace(replace(replace(replace(replace(replace(
                  translate(a0, '０１２３４５６７８９，．－', '0123456789,.-'), ',', ''), ' ', ''), chr(160), ''),
                  chr(12288), ''), '₩', ''), '￦', ''), '\', ''), '원', ''), 'KRW', '') END AS a,
        -- a blank row has no amount: the test of every cell is for the rows without one
        CASE WHEN NOT {a0_empty} THEN false ELSE {is_blank} END AS is_blank,
        {source_id} AS source_id, {recipient} AS recipient, {project} AS project
    FROM amounts
), signed AS (
    -- an accountant's negative, "(1,234)" or "△1,234": a negative number (R007), not text (R006)
    -- "-" (and "₩ -") is how accounting formats show a zero
    SELECT * REPLACE (CASE WHEN a = '-' THEN '0'
                           WHEN regexp_full_match(a, '(\(\d+(\.\d+)?\)|[△▲-]\d+(\.\d+)?)')
                           THEN '-' || regexp_replace(a, '[()△▲-]', '', 'g') ELSE a END AS a)
    FROM cells
), parsed AS (
    -- a note has no date that can be read (a payment without its amount is an error, not a note)
    SELECT c.*, c.labelled OR (c.id_empty AND (c.cell_labels OR {looked_labels} OR {named_total})) AS is_total, c.note_mark AND dm.paid_date IS NULL AS is_note,
        regexp_full_match(c.a, '-?\d+(\.\d+)?') AS amount_is_number,
        CASE WHEN contains(c.a, '.') THEN length(regexp_extract(c.a, '\.(\d+)$', 1)) ELSE 0 END AS decimals,
        dm.paid_date, dm.empty AS paid_empty, dm.month_days AS paid_month_days,
        il.code AS instrument_code, il.empty AS instrument_empty, il.period_start, il.period_end,
        sl.code AS sector_code, sl.empty AS sector_empty, sl.joined_on,
        {region_code} AS region_code, rl.empty AS region_empty
    FROM signed c
    LEFT JOIN date_map dm ON dm.raw = c.paid_raw
    LEFT JOIN instrument_lookup il ON il.raw = c.instrument_raw
    LEFT JOIN sector_lookup sl ON sl.raw = c.sector_raw
    LEFT JOIN region_lookup rl ON rl.raw = c.region_raw
), valued AS (
    SELECT *, a = '' AS amount_empty, is_blank OR is_total OR is_note AS skip,
        CASE WHEN amount_is_number AND decimals <= 12 THEN try(CAST(a AS DECIMAL(38, 12)) * $unit) END AS amount_value
    FROM parsed
)
SELECT *, coalesce(NOT skip AND ({any_rule}), false) AS suspect
FROM valued
"""

#: The one pass over every staged row. A row is ``clean`` when it passes every row rule the
#: quick way: an amount of plain digits (thousands separators aside) within the cap, a date
#: inside the programme, the instrument's period and the sector's membership, and every name
#: found. Only the rest (``suspect``, usually few) are parsed in full (``_PARSED_SQL``), for the
#: report and, if they pass after all, for their amount. It keeps only what loading and the
#: cross-row rules need.
_CHECKED_SQL = r"""
CREATE OR REPLACE TEMP TABLE checked AS
WITH cells AS (
    SELECT *, replace({amount}, ',', '') AS a0 FROM staged_rows
), parsed AS (
    -- a row with an id of its own is a payment: the other cells' labels are tested on the rest only
    -- (CASE leaves the work undone where OR and AND would not)
    SELECT c.*, {id_label} OR CASE WHEN {id_empty} THEN {cell_labels} OR {looked_labels} OR {named_total} ELSE false END AS is_total,
        {has_extra} AS has_extra,
        -- digits that cannot overflow once the unit is applied
        CASE WHEN regexp_full_match(c.a0, '\d{1,{digits}}') THEN CAST(c.a0 AS BIGINT) * $unit END AS quick_amount,
        dm.paid_date, il.code AS instrument_code, il.empty AS instrument_empty, il.period_start, il.period_end,
        sl.code AS sector_code, sl.empty AS sector_empty, sl.joined_on, {region_code} AS region_code,
        rl.empty AS region_empty
    FROM cells c
    LEFT JOIN date_map dm ON dm.raw = {paid_on}
    LEFT JOIN instrument_lookup il ON il.raw = {instrument}
    LEFT JOIN sector_lookup sl ON sl.raw = {sector}
    LEFT JOIN region_lookup rl ON rl.raw = {region}
), judged AS (
    SELECT *,
        CASE WHEN quick_amount IS NOT NULL THEN false ELSE {a0_empty} AND {is_blank} END AS is_blank,
        coalesce(quick_amount BETWEEN 1 AND $cap
            AND instrument_code IS NOT NULL AND NOT instrument_empty AND sector_code IS NOT NULL AND NOT sector_empty
            AND paid_date >= DATE '2020-01-01' AND paid_date <= DATE '2025-12-31'
            AND paid_date >= period_start AND paid_date <= period_end AND paid_date >= joined_on
            AND (region_code IS NOT NULL OR region_empty) AND NOT has_extra, false) AS clean
    FROM parsed
)
SELECT row_number, is_blank, is_total, false AS is_note, is_blank OR is_total AS skip,
    NOT (is_blank OR is_total OR clean) AS suspect,
    paid_date AS paid_on, instrument_code AS instrument, sector_code AS sector,
    CASE WHEN clean AND NOT is_total THEN quick_amount END AS amount_krw,
    {recipient} AS recipient, region_code AS region, {project} AS project, {source_id} AS source_id
FROM judged
"""

#: Each row rule as (rule, field, the value reported, when it applies), over the parsed row.
ROW_RULES: list[tuple[str, str | None, str, str]] = [
    ("R009", None, "left(extra, 200)", "has_extra"),
    ("R001", "paid_on", "paid_on", "paid_empty"),
    ("R001", "instrument", "instrument", "instrument_empty"),
    ("R001", "sector", "sector", "sector_empty"),
    ("R001", "amount_krw", "amount", "amount_empty"),
    ("R002", "paid_on", "paid_on", "NOT paid_empty AND paid_date IS NULL"),
    ("R003", "paid_on", "paid_on", "paid_date < DATE '2020-01-01' OR paid_date > DATE '2025-12-31'"),
    ("R004", "instrument", "instrument", "NOT instrument_empty AND instrument_code IS NULL"),
    ("R005", "sector", "sector", "NOT sector_empty AND sector_code IS NULL"),
    ("R006", "amount_krw", "amount",
     "NOT amount_empty AND (NOT amount_is_number OR (amount_value IS NULL AND decimals <= 12))"),
    ("R008", "amount_krw", "amount", "amount_is_number AND decimals > 12"),
    ("R010", "amount_krw", "amount", "amount_value > $cap"),
    ("R007", "amount_krw", "amount", "amount_value <= 0"),
    ("R008", "amount_krw", "amount", "amount_value > 0 AND amount_value <> floor(amount_value)"),
    ("W103", "region", "region", "NOT region_empty AND region_code IS NULL"),
    # an R003 date gets R003 alone
    ("W101", "paid_on", "paid_on", "paid_date < joined_on AND paid_date >= DATE '2020-01-01'"),
    ("W102", "paid_on", "paid_on",
     "(paid_date < period_start OR paid_date > period_end) AND paid_date BETWEEN DATE '2020-01-01' AND DATE '2025-12-31'"),
]  # fmt: skip

#: The value expected of a row, for the rules whose catalogue entry cannot say it: the day the
#: row's sector joined, the period of its instrument, the days of a month that has no such day.
_ROW_WANTS = {
    "R002": "paid_month_days",  # (NULL, the catalogue's forms of a date, unless the day is not in its month)
    "W101": "'≥ ' || strftime(joined_on, '%Y-%m-%d')",
    "W102": "strftime(period_start, '%Y-%m-%d') || '..' || strftime(period_end, '%Y-%m-%d')",
}


def _issues_sql(mapping: dict[str, int], width: int, header_width: int) -> str:
    """Every finding: each rule over the rows the one pass flagged, the totals, the duplicate ids."""
    text = ", ".join(
        f"{_text_sql(mapping.get(name), width)} AS {'amount' if name == 'amount_krw' else name}"
        for name in ("paid_on", "instrument", "sector", "amount_krw", "region")
    )
    extra_cells = [f"c{i}" for i in range(header_width, width)]
    extra = (
        f"concat_ws(' | ', {', '.join(f'nullif(trim({c}), {chr(39) * 2})' for c in extra_cells)})"
        if extra_cells
        else "''"
    )
    parts = [
        "SELECT row_number, 'W104' AS rule, NULL AS field, NULL AS value, NULL AS want, NULL AS batch FROM checked"
        " WHERE is_total AND NOT is_blank AND NOT is_note",
        "SELECT row_number, 'W105', NULL, NULL, NULL, NULL FROM checked WHERE is_note",
    ]
    parts += [
        f"SELECT row_number, '{rule}', {repr(field) if field else 'NULL'}, {value}, {_ROW_WANTS.get(rule, 'NULL')},"
        f" NULL FROM flagged WHERE {condition}"
        for rule, field, value, condition in ROW_RULES
    ]
    # an id loaded before, with the first batch that holds it (its number, file and sender), where
    # the clerk can see it and revert it if it was the wrong one
    parts += [
        """SELECT c.row_number, 'X002', 'source_id', c.source_id, NULL,
                  concat_ws(' · ', h.id, h.file_name, h.source) FROM checked c
           JOIN (SELECT d.source_id, min(d.batch_id) AS batch_id FROM disbursement d JOIN upload_batch b ON b.id = d.batch_id
                 WHERE b.status = 'loaded' AND d.source_id IS NOT NULL
                   AND ($source IS NULL OR b.source IS NULL OR replace(lower(b.source), ' ', '') = $source_key)
                 GROUP BY d.source_id) l ON l.source_id = c.source_id
           JOIN upload_batch h ON h.id = l.batch_id
           WHERE NOT c.skip""",
    ]
    # the suspect rows parsed in full (``suspect_parsed``), beside their cells (``suspect_rows``)
    flagged = f"""WITH flagged AS (
        SELECT k.*, {text}, {extra} AS extra FROM suspect_parsed k JOIN suspect_rows USING (row_number) WHERE k.suspect
    )
    """
    return flagged + "\nUNION ALL ".join(parts)


#: Repeated payment ids (X001), once the row rules have found the rows rejected on their own
#: (``fatal_rows``): the first row that can load keeps the id, every later one that could load
#: is flagged. A row rejected already neither takes the id from a good one nor is flagged again.
_DUPLICATES_SQL = """
SELECT row_number, 'X001', 'source_id', source_id FROM (
    SELECT c.row_number, c.source_id, f.row_number IS NOT NULL AS rejected,
           row_number() OVER (PARTITION BY c.source_id ORDER BY f.row_number IS NOT NULL, c.row_number) AS nth
    FROM checked c
    SEMI JOIN (SELECT source_id FROM checked WHERE NOT skip AND source_id IS NOT NULL
               GROUP BY source_id HAVING count(*) > 1) d ON d.source_id = c.source_id
    LEFT JOIN fatal_rows f ON f.row_number = c.row_number
    WHERE NOT c.skip)
WHERE nth > 1 AND NOT rejected
"""


def _parsed_sql(mapping: dict[str, int], width: int, header_width: int, source: str) -> str:
    """What each cell of the rows of ``source`` parses to, and whether any row rule may apply."""
    return _fill(_PARSED_SQL.replace("{source}", source), mapping, width, header_width)


def _fill(template: str, mapping: dict[str, int], width: int, header_width: int) -> str:
    """A parsing query with each placeholder of :func:`_cell_sql` filled in."""
    for key, value in _cell_sql(mapping, width, header_width).items():
        template = template.replace(key, value)
    return template


def _cell_sql(mapping: dict[str, int], width: int, header_width: int) -> dict[str, str]:
    """The SQL of each placeholder of the parsing queries, for this file's columns."""
    # a sure total's label in the first three columns, the id's or the recipient's, where any text
    # loads ("소계" as the 기업명, "미래차 소계" as the 집행번호), makes a total row, dated or not;
    # in another column, or a likely one, on a row without a date only (a project may be called
    # "Total", a company "Hanwha Total"). A row with a payment id of its own is a payment whatever
    # the other cells say (a company called "Total" or 월계): a subtotal has none.
    early = {
        i for i in {0, 1, 2} | {mapping[name] for name in ("source_id", "recipient") if name in mapping} if i < width
    }
    key = mapping.get("source_id") if isinstance(mapping.get("source_id"), int) else None
    key = key if key in early else None
    # the date, instrument, sector and region columns' texts are tested once each, in their lookups
    looked_up = {mapping[name]: alias for name, alias in
                 (("paid_on", "dm"), ("instrument", "il"), ("sector", "sl"), ("region", "rl"))
                 if isinstance(mapping.get(name), int)}  # fmt: skip
    cells = [_label_sql(f"c{i}") for i in sorted(early - {key} - set(looked_up))]
    looked = [f"coalesce({alias}.{'label' if alias == 'dm' else 'sure'}, false)"
              for i, alias in looked_up.items() if i in early and i != key]  # fmt: skip
    extra_cells = [f"c{i}" for i in range(header_width, width)]
    parts = {
        "{is_blank}": " AND ".join(_empty_sql(f"c{i}") for i in range(width)),
        "{id_label}": _label_sql(f"c{key}") if key is not None else "false",
        "{id_empty}": _empty_sql(f"c{key}") if key is not None else "true",
        "{cell_labels}": "(" + (" OR ".join(cells) or "false") + ")",
        "{looked_labels}": "(" + (" OR ".join(looked) or "false") + ")",
        # a label in the instrument or sector column, sure or likely, that names no instrument or
        # sector (:func:`_build_lookups`): a total, dated or not ("2024-01-31, , 합계, 130" was a row
        # rejected for its sector); "기 계" is 기계, the sector
        "{named_total}": "(coalesce(il.label, false) OR coalesce(sl.label, false))",
        # a place's region on the day paid (군위군: 경북 before 2023-07-01, 대구 since)
        "{region_code}": "CASE WHEN dm.paid_date < rl.since THEN rl.before ELSE rl.code END",
        "{is_total_late}": "(" + " OR ".join(_label_sql(f"c{i}", likely=True) for i in range(width)) + ")",
        "{is_note}": _note_sql(width, _raw_sql(mapping.get("amount_krw"), width)),
        "{a0_empty}": _empty_sql("a0"),
        "{has_extra}": f"NOT ({' AND '.join(_empty_sql(c) for c in extra_cells)})" if extra_cells else "false",
        "{any_rule}": " OR ".join(f"({rule[3]})" for rule in ROW_RULES),
    }
    for name in ("paid_on", "instrument", "sector", "region", "amount_krw"):
        parts["{" + name.removesuffix("_krw") + "}"] = _raw_sql(mapping.get(name), width)
    for name in ("source_id", "recipient", "project"):
        parts["{" + name + "}"] = f"nullif({_text_sql(mapping.get(name), width)}, '')"
    return parts


def _checked_sql(mapping: dict[str, int], width: int, header_width: int, unit: int) -> str:
    """The one pass over every staged row (the ``checked`` table)."""
    # at most this many digits times the unit stays within a BIGINT (9.2 × 10^18)
    return _fill(_CHECKED_SQL, mapping, width, header_width).replace("{digits}", str(19 - len(str(int(unit)))))


#: A note under (or over) a table: "※ 자료: …", "* 잠정치", "주: …", "주1) …", "주) …", "출처: …", "Source: …"
#: (not "주)미래테크": a company, written without its 식회사); and who wrote the file, when, whom to
#: ask: "작성자: …", "작성일: …", "담당: …", "문의: …", "비고: …", "참고: …".
_FOOTER_MARK = r"(작성자?|작성\s*일자?|작성\s*기관|담당자?|담당\s*부서|문의처?|확인자?|비고|참고)\s*[:：]"
_NOTE_MARK = (
    r"^\s*(※|\*|주\s*\d+\s*[:：)]|주\s*[:：]|주\)(\s|$)|자료\s*[:：]|출처\s*[:：]|notes?\b|sources?\s*:"
    rf"|[(\[（<]?\s*(단위|units?|currency)\s*[:：]|{_FOOTER_MARK})"
)
#: A footer's units are of other things ("비고: 한도 단위 억원"): no statement of the table's (F009).
_FOOTER = re.compile(rf"\s*{_FOOTER_MARK}")


def _note_sql(width: int, amount: str) -> str:
    """A row that may be a note: its first cell that is not empty starts as notes do (a note may
    stand in the 기업명 column), and its ``amount`` cell holds no digit. A note cut at its commas
    ("※ 자료: 신용보증기금, 기술보증기금" unquoted) fills other cells too. (A payment file's note also
    has no date that can be read: see ``_PARSED_SQL``.)"""
    first = f"coalesce({', '.join(f'nullif(trim(c{i}), {chr(39) * 2})' for i in range(width))}, '')"
    return f"(regexp_matches({first}, '{_NOTE_MARK}', 'i') AND NOT regexp_matches({amount}, '\\d'))"


def _empty_sql(cell: str) -> str:
    """A cell with nothing in it (NULL, or spaces and tabs only: DuckDB's trim keeps tabs)."""
    return f"({cell} IS NULL OR trim(replace({cell}, chr(9), '')) = '')"


def _label_sql(cell: str, likely: bool = False) -> str:
    """Whether a cell is a total's label (:data:`_TOTAL_LABEL`; or :data:`_TOTAL_LIKELY`). The
    pattern is tried only on the cells that hold 계, 요약, 총, 합산, total or sum (Total, TOTAL: ILIKE costs
    twice as much): in a projection DuckDB works out every part of an AND or OR; only CASE leaves
    work undone."""
    return (
        f"CASE WHEN contains({cell}, '계') OR contains({cell}, '요약') OR contains({cell}, '총') OR contains({cell}, 'otal')"
        f" OR contains({cell}, 'OTAL') OR contains({cell}, 'um') OR contains({cell}, 'UM') OR contains({cell}, '합산')"
        f" THEN regexp_matches(trim({cell}), '{_TOTAL_LIKELY if likely else _TOTAL_LABEL}', 'i') ELSE false END"
    )


def _raw_sql(index: int | str | None, width: int) -> str:
    """A mapped cell as it is in the file ('' when empty or not mapped); a code given for every
    row (:func:`every_row`) in place of a column's index is that code."""
    if isinstance(index, str):
        return "'" + index.replace("'", "''") + "'"
    return f"coalesce(c{index}, '')" if index is not None and index < width else "''"


def _text_sql(index: int | None, width: int) -> str:
    """A mapped cell, trimmed."""
    return f"trim({_raw_sql(index, width)})"


def _build_lookups(con: duckdb.DuckDBPyConnection, mapping: dict[str, int], width: int) -> None:
    """Code for each distinct instrument, sector and region text in the file, with the dates
    the rules compare against (an instrument's period, a sector's joining date)."""
    instrument_alias, sector_alias, region_alias = _alias_rows(con)
    for name, column, aliases in (
        ("instrument_lookup", "instrument", instrument_alias),
        ("sector_lookup", "sector", sector_alias),
        ("region_lookup", "region", region_alias),
    ):
        cell = _raw_sql(mapping.get(column), width)
        values = [r[0] for r in con.execute(f"SELECT DISTINCT {cell} FROM staged_rows").fetchall()]
        con.register(f"{name}_arrow", _lookup(values, aliases, column))
        try:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_arrow")
        finally:
            con.unregister(f"{name}_arrow")
    # ``label``: a text that names no instrument or sector, but a total (:func:`_lookup`); ``sure``:
    # a sure total's label (:func:`_cell_sql`), tested once for each text, not on every row
    sure = _label_sql("l.raw")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE instrument_lookup AS
           SELECT l.raw, trim(l.raw) = '' AS empty, l.code, i.period_start, i.period_end, l.label, {sure} AS sure
           FROM instrument_lookup l LEFT JOIN instrument i ON i.code = l.code"""
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE sector_lookup AS
           SELECT l.raw, trim(l.raw) = '' AS empty, l.code, s.joined_on, l.label, {sure} AS sure
           FROM sector_lookup l LEFT JOIN sector s ON s.code = l.code"""
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE region_lookup AS
            SELECT l.raw, trim(l.raw) = '' AS empty, l.code, l.since, l.before, {sure} AS sure FROM region_lookup l"""
    )


#: DuckDB's memory for a command-line import: beyond it, temporary tables and big joins go to
#: disk, so a 10-million-row file does not take the machine's memory (the file's bytes are held
#: besides). Set per process by :func:`limit_memory`, never on the web app's shared connection,
#: where it would hold back every reader.
IMPORT_MEMORY_LIMIT = "1GB"


#: Names of the payment id's column that may only number the rows: 번호 1, 2, 3, … (DESIGN.md
#: takes 번호 as the payment id's; most Korean tables use it to count their rows).
_COUNTER_NAMES = {_squash(name) for name in ("번호", "일련번호")}


def _counts_rows(con: duckdb.DuckDBPyConnection, header: list[str], column: int, width: int) -> bool:
    """Whether the id column (``column`` of ``header``) numbers the payments 1, 2, 3, … (each
    number once, from 1 to the number of them; total rows' labels aside), rather than naming each one."""
    if _squash(header[column]) not in _COUNTER_NAMES or column >= width:
        return False
    cell = f"trim(coalesce(c{column}, ''))"
    numbers, distinct, low, high, others = db.one(
        con,
        rf"""SELECT count(*) FILTER (WHERE digits), count(DISTINCT id) FILTER (WHERE digits),
                   min(TRY_CAST(id AS BIGINT)) FILTER (WHERE digits), max(TRY_CAST(id AS BIGINT)) FILTER (WHERE digits),
                   count(*) FILTER (WHERE NOT digits AND NOT label)
            FROM (SELECT {cell} AS id, regexp_full_match({cell}, '\d{{1,9}}') AS digits, {_label_sql(cell)} AS label
                  FROM staged) WHERE id <> ''""",
    )
    return bool(numbers) and not others and low == 1 and high == numbers == distinct


def limit_memory(con: duckdb.DuckDBPyConnection) -> None:
    """Hold this process's DuckDB to :data:`IMPORT_MEMORY_LIMIT` (the command line's import)."""
    con.execute(f"SET memory_limit = '{IMPORT_MEMORY_LIMIT}'")


def check(
    con: duckdb.DuckDBPyConnection,
    data: Source,
    file_name: str,
    mapping_override: dict[str, str] | None = None,
    sheet: str | None = None,
    hold: bool = False,
    source: str | None = None,
) -> Checked:
    """Validate a disbursement file against the database without writing to it.

    File-level problems raise :class:`FileRefused`; row and cross-row findings come back
    in the report, with the rows that can load: as an Arrow table (the page keeps it between
    runs), or with ``hold`` in a temporary table on ``con`` for :func:`load` on the same
    connection (the command line: no copy of millions of rows out of DuckDB and back).

    ``data`` is the file's bytes, or its path (the command line: never held whole in memory).
    ``source`` is the body that sent it (신용보증기금, 신한은행): payment ids are unique within a
    source, so ids loaded from another named source are not compared (X002); those of files that
    named none are, and a file that names none is compared with every loaded id.
    """
    source = " ".join((source or "").split()) or None
    # the file's hash and line breaks are worked out on another core while DuckDB reads the file
    before = _file_state(data)
    stop = threading.Event()
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        facts = pool.submit(_read_facts, data, stop)
        try:
            # a required column missing is refused as soon as the header is found; the mapping found
            # then is the one used (the table found last, if the careful reader had to read it again)
            mapped: list[dict[str, int | str]] = []

            def found(table: Table) -> None:
                mapped[:] = [_mapped(con, table, mapping_override)]

            staged = _stage(con, data, file_name, sheet, mapping_override, facts=facts, found=found)
            read = facts.result()
            # each step reads the file anew: they must all have read the same file
            if before is not None and (_file_state(data) != before or read.size != before[0]):
                raise FileRefused(Issue("F008"))
            sha256, loaded_before = _fingerprint(con, read.sha256, "disbursements")
        except BaseException:
            stop.set()
            _drop(con, "staged_rows", "staged")
            raise
    try:
        table, width, encoding = staged
        mapping = mapped[0]
        if loaded_before is not None:
            raise FileRefused(Issue("F005", None, None, str(loaded_before), batch=str(loaded_before)))
        # a 번호 column that numbers the rows 1, 2, 3 is no payment id (next month's file numbers its
        # rows 1, 2, 3 again), unless the clerk chose it as one
        counter = None
        chosen = "source_id" in (mapping_override or {})
        if "source_id" in mapping and not chosen and _counts_rows(con, table.header, mapping["source_id"], width):
            counter = table.header[mapping.pop("source_id")]
        # the chosen column's, if one was chosen; a column of units speaks for every row
        unit, as_stated = amount_units(table, mapping["amount_krw"], listed_unit(con, table, width))
        _build_lookups(con, mapping, width)
        con.execute(
            _DATE_SQL.replace("{paid_on}", _raw_sql(mapping.get("paid_on"), width))
            .replace("{epoch}", table.epoch)
            # a label in place of the date is on a row without one: a likely label counts (합산, 요약)
            .replace("{label}", _label_sql("raw", likely=True))
        )
        cap = db.scalar(con, "SELECT sum(envelope_krw) FROM instrument")
        con.execute(_checked_sql(mapping, width, len(table.header), unit), {"unit": unit, "cap": cap})
        # the suspect rows' cells, and what they parse to in full
        con.execute(
            """CREATE OR REPLACE TEMP TABLE suspect_rows AS
               SELECT * FROM staged_rows SEMI JOIN (SELECT row_number FROM checked WHERE suspect) USING (row_number)"""
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE suspect_parsed AS "
            + _parsed_sql(mapping, width, len(table.header), "suspect_rows"),
            {"unit": unit, "cap": cap},
        )
        # notes (never clean: they have no amount) are found among the suspect rows only, where
        # the test costs nothing; they are passed over as total rows are
        con.execute(
            """UPDATE checked SET is_note = true, skip = true, suspect = false FROM suspect_parsed p
               WHERE p.is_note AND NOT p.is_blank AND NOT p.is_total AND p.row_number = checked.row_number"""
        )
        _refuse_a_unit_in_a_note(con, width, as_stated)
        # so are subtotals labelled beyond the first three columns (never clean: they have no date)
        con.execute(
            """UPDATE checked SET is_total = true, skip = true, suspect = false FROM suspect_parsed p
               WHERE p.is_total AND NOT p.is_blank AND NOT checked.is_total AND NOT checked.is_note
                 AND p.row_number = checked.row_number"""
        )
        rows_total, payments = db.one(
            con, "SELECT count(*) FILTER (WHERE NOT is_blank), count(*) FILTER (WHERE NOT skip) FROM checked"
        )
        if not payments:
            raise FileRefused(Issue("F006"))
        found = con.execute(
            _issues_sql(mapping, width, len(table.header)) + " ORDER BY 1, 2",
            {"cap": cap, "source": source, "source_key": _source_key(source or "")},
        ).fetchall()
        issues = [Issue(rule, row, fld, value, want, batch) for row, rule, fld, value, want, batch in found]
        if unit > 1:  # an amount as this file writes it: "1,234 (백만원)", not the catalogue's won
            for issue in issues:
                if issue.rule == "R006" and issue.want is None:
                    issue.want = f"1,234 ({unit_name(unit)})"
        _note_fatal_rows(con, issues)
        issues += [Issue(rule, row, fld, value) for row, rule, fld, value in con.execute(_DUPLICATES_SQL).fetchall()]
        _note_fatal_rows(con, issues)
        # the cells of the total and note rows: what the report shows of them, and the file's own
        # total to compare with its rows
        cells = ", ".join(f"trim(coalesce(c{i}, ''))" for i in range(width))
        passed_over = dict(
            con.execute(
                f"SELECT row_number, [{cells}] FROM staged_rows WHERE list_contains($rows, row_number)",
                {"rows": [i.row for i in issues if i.rule in NOT_PAYMENTS]},
            ).fetchall()
        )
        for issue in issues:
            if issue.rule in NOT_PAYMENTS:
                issue.value = " | ".join(cell for cell in passed_over.get(issue.row, []) if cell)[:200] or None
        wrong, agreed, unchecked, disagreed = _totals_disagree(
            con, mapping, width, len(table.header), {i.row: passed_over[i.row] for i in issues if i.rule == "W104"},
            {"unit": unit, "cap": cap}, exact=encoding == "xlsx", truncated=table.truncated,
        )  # fmt: skip
        issues += wrong
        every = ", ".join(f"c{i}" for i in range(width))
        raw = {
            row: _raw_json(cells, len(table.header))
            for row, cells in con.execute(
                f"SELECT row_number, [{every}] FROM staged_rows SEMI JOIN fatal_rows USING (row_number)"
            ).fetchall()
        }
        _drop(con, "staged_rows", "staged", "suspect_rows")  # the text is no longer needed
        # what stays of ``checked`` is what can load, held for load() under a name of its own
        con.execute("DELETE FROM checked WHERE skip OR row_number IN (SELECT row_number FROM fatal_rows)")
        # a suspect row that passed after all: its amount as the full parse reads it ("₩1,234", "12.5")
        con.execute(
            """UPDATE checked SET amount_krw = CAST(p.amount_value AS BIGINT) FROM suspect_parsed p
               WHERE checked.suspect AND p.row_number = checked.row_number"""
        )
        _drop(con, "suspect_parsed")
        held = f"accepted_{next(_HELD)}"
        con.execute(f"ALTER TABLE checked RENAME TO {held}")
        try:
            # a HUGEINT sum: an int64 one could wrap around on an absurd file
            rows_loaded, amount = db.one(con, f"SELECT count(*), coalesce(sum(amount_krw::HUGEINT), 0) FROM {held}")
            _envelope_warnings(con, held, issues)
            issues += _overruled(table, mapping)
            if "source_id" not in mapping:  # only the file's hash tells a file sent twice
                issues.append(
                    Issue("W107", None, "source_id", counter) if counter else Issue("W106", None, "source_id")
                )
            accepted = None
            if not hold:
                accepted = con.sql(
                    f"""SELECT row_number, source_id, paid_on, instrument, sector, amount_krw, recipient, region, project
                        FROM {held} ORDER BY row_number"""
                ).to_arrow_table()
        except BaseException:
            _drop(con, held)
            raise
        if not hold:
            _drop(con, held)
    finally:
        _drop(con, "staged_rows", "staged", "suspect_rows", "suspect_parsed", "checked", "date_map", "fatal_rows",
              "instrument_lookup", "sector_lookup", "region_lookup")  # fmt: skip
    rejected: dict[int, list[Issue]] = {}
    for issue in issues:
        if issue.row is not None and issue.severity == FATAL:
            rejected.setdefault(issue.row, []).append(issue)
    issues.sort(key=lambda i: (i.row or 0, i.rule, i.field or "", str(i.value)))
    return Checked(
        file_name, sha256, rows_total, int(rows_loaded), int(amount), accepted, issues, rejected, raw, encoding, unit,
        held=(con, held) if hold else None,
        headers={
            name: table.header[index] for name, index in mapping.items()
            if isinstance(index, int) and index < len(table.header)
        },
        columns=table.header, source=source, totals_agree=agreed, totals_unchecked=unchecked,
        totals_disagree=disagreed,
    )  # fmt: skip


_HELD = itertools.count(1)


#: Header names that only guess at a field: a guarantee fund's 구분 holds 신규 and 증액, not 보증.
_GUESSES = {"instrument": {_squash("구분")}}


def _overruled(table: Table, mapping: dict[str, int | str]) -> list[Issue]:
    """W108 for each column named for its field (지원수단, 분야) that a value given for every row
    overrules: a saved "every row: 보증" loaded a row's 보조금 as a guarantee, and nothing said so."""
    return [
        Issue("W108", None, name, table.header[index])
        for name, index in map_header(table.header).items()
        if isinstance(mapping.get(name), str) and _squash(table.header[index]) not in _GUESSES.get(name, ())
    ]


def _mapped(con: duckdb.DuckDBPyConnection, table: Table, chosen: dict[str, str] | None) -> dict[str, int | str]:
    """Each field's column in ``table`` (or the code given for every row), the clerk's ``chosen``
    mapping over the names we recognise; F004 or F010 when a required field has none."""
    mapping: dict[str, int | str] = dict(map_header(table.header))
    for canonical, header in (chosen or {}).items():
        if header in table.header:
            mapping[canonical] = table.header.index(header)
    # "every row is a guarantee", for a file without the column (a guarantee fund's own): the
    # clerk's word, as a chosen column is, over a column of the file (구분: 신규, 증액; a 지원수단 left
    # blank). Over one named for the field itself it is said (W108: see :func:`_overruled`)
    for canonical, header in (chosen or {}).items():
        if header not in table.header and (code := _every_row_code(con, canonical, header)):
            mapping[canonical] = code
    _refuse_missing(table, [f for f in REQUIRED if f not in mapping])
    return mapping


def _raw_json(cells: list[str | None], header_width: int) -> str:
    """A rejected row's cells as kept for audit: empty cells as "", none past the header's width
    that are empty, as many as the header's at least (the page's reader and DuckDB's pad a ragged
    row differently)."""
    kept = ["" if cell is None else cell for cell in cells]
    while len(kept) > header_width and kept[-1] == "":
        kept.pop()
    kept += [""] * (header_width - len(kept))
    return json.dumps(kept, ensure_ascii=False, separators=(",", ":"))


def _refuse_a_unit_in_a_note(con: duckdb.DuckDBPyConnection, width: int, unit: int) -> None:
    """F009 when a note under the table ("※ 단위: 천원") states a unit other than the one read (not a
    footer: "비고: 한도 단위 억원" is of something else)."""
    cells = ", ".join(f"c{i}" for i in range(width))
    for (text,) in con.execute(
        f"SELECT concat_ws(' ', {cells}) FROM staged_rows SEMI JOIN (SELECT row_number FROM checked WHERE is_note) USING (row_number)"
    ).fetchall():
        text = text.translate(_HANJA)
        if _FOOTER.match(text):
            continue
        value, found = _statement_unit(text)  # "단위: 천원", not "지원한도(억원)"
        if (found or _UNIT_STATED.search(text)) and value != unit:
            raise FileRefused(Issue("F009", None, "amount_krw", text.strip()[:100]))


def rejected_message(message: str, message_en: str | None, lang: str) -> str:
    """A rejected row's stored message in ``lang``: rows rejected before m007 hold both languages
    in one, "한국어 / English"."""
    if isinstance(message_en, str):
        return message_en if lang == "en" else message
    return message.split(" / ", 1)[lang == "en"] if " / " in message else message


def raw_cells(raw: str | None) -> str:
    """A rejected row's cells as kept (:func:`_raw_json`), for reading: "A1 | 2024-13-45 | 보증"."""
    try:
        cells = json.loads(raw or "[]")
    except ValueError:
        return raw or ""
    return " | ".join(str(c) for c in cells) if isinstance(cells, list) else str(cells)


def _note_fatal_rows(con: duckdb.DuckDBPyConnection, issues: list[Issue]) -> None:
    """The rows rejected so far, as the temporary table ``fatal_rows``."""
    rows = sorted({i.row for i in issues if i.row is not None and i.severity == FATAL})
    con.execute(
        "CREATE OR REPLACE TEMP TABLE fatal_rows AS SELECT unnest($rows::BIGINT[]) AS row_number", {"rows": rows}
    )


def _drop(con: duckdb.DuckDBPyConnection, *names: str) -> None:
    """Drop temporary tables and views of a check, whichever exist."""
    for name in names:
        if name == "staged_rows":
            con.execute("DROP VIEW IF EXISTS temp.staged_rows")
        else:
            con.execute(f"DROP TABLE IF EXISTS temp.{name}")


def _envelope_warnings(con: duckdb.DuckDBPyConnection, accepted: str, issues: list[Issue]) -> None:
    """X003: an instrument whose payments, with these, would pass its envelope."""
    over = con.execute(
        f"""SELECT i.code, i.envelope_krw, coalesce(l.paid, 0) + n.paid AS total
            FROM instrument i
            JOIN (SELECT instrument, sum(amount_krw::HUGEINT) AS paid FROM {accepted} GROUP BY 1) n
              ON n.instrument = i.code
            LEFT JOIN (SELECT instrument, sum(amount_krw) AS paid FROM live_monthly GROUP BY 1) l ON l.instrument = i.code
            WHERE coalesce(l.paid, 0) + n.paid > i.envelope_krw
            ORDER BY i.sort_order"""
    ).fetchall()
    for code, envelope, total in over:
        issues.append(Issue("X003", None, "amount_krw", f"{code}: {int(total):,} > {int(envelope):,}"))


#: A whole file's total, not a subtotal ("미래차 소계", "보증 계") nor a total to date (누계, "합계(누계)"):
#: 합계, 총계, 총합계, 총합, 총액, 전체 합계, 계, Total, Grand total, Sum; in brackets, with a colon, 금액 or a
#: count after it, as :data:`_TOTAL_LABEL` reads them ("[합계]", "Total:", "합계 금액", "합계: 10건");
#: "합계(A+B)" too. 월계 (the month's) counts where it is the only total of the file.
_GRAND_TOTAL = re.compile(
    _python(rf"[\s\pZ]*{_OPEN}(?:전체[\s\pZ]*)?(?:{_WHOLE}|{_WHOLE_LIKELY}|계|{_GRAND_EN}){_AFTER}[\s\pZ]*"),
    re.IGNORECASE,
)
_MONTH_TOTAL = re.compile(_python(rf"[\s\pZ]*{_OPEN}{_spaced('월계')}{_AFTER}[\s\pZ]*"))
_TO_DATE = re.compile(r"누계|누적")
_AMOUNT_WORD = re.compile(r"금액|액")


def _count_or_to_date(label: str) -> bool:
    """A total to date (누계), or a count of rows and not of money ("합계 건수", "합계(건수)"; but
    "합계(건수·금액)" is the file's total, its amount beside its count)."""
    return bool(_TO_DATE.search(label)) or ("건수" in label and not _AMOUNT_WORD.search(label))


def _whole_total(label: str) -> bool:
    """Whether a cell labels the whole file's total (:data:`_GRAND_TOTAL`), not one to date nor a count."""
    return bool(_GRAND_TOTAL.fullmatch(label)) and not _count_or_to_date(label)


def _month_total(label: str) -> bool:
    """Whether a cell labels the month's total (월계), not a count of its rows ("월계 건수")."""
    return bool(_MONTH_TOTAL.fullmatch(label)) and not _count_or_to_date(label)


def in_unit(won: int | float | Decimal, unit: int, sign: bool = False) -> str:
    """An amount as a file in ``unit`` writes it, with the unit's name: 990,000,000 in 백만원 is
    "990백만원", 8,500,000 is "8.5백만원"; in won, "990,000,000원"; in a unit with no name of its
    own, "99 × 20,000원". ``sign``: "+" before a gain."""
    amount = (Decimal(str(won)) if isinstance(won, float) else Decimal(won)) / unit
    text = f"{amount:+,f}" if sign else f"{amount:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + unit_name(unit) if unit in _UNIT_NAMES else f"{text} × {unit:,}원"


def as_the_file_says(won: int | Decimal, unit: int, lang: str) -> str:
    """An amount in the file's unit, and to the won beside it: "1,780백만원 = 1,780,000,000원", in
    English "1,780백만원 = KRW 1,780,000,000" (the unit as the file names it); a file in won, to the
    won only. For what a clerk compares with the file: its own total."""
    if unit <= 1:
        return format_won(round(won), lang)
    return f"{in_unit(won, unit)} = {format_won(round(won), lang)}"


def _totals_disagree(
    con: duckdb.DuckDBPyConnection,
    mapping: dict[str, int | str],
    width: int,
    header_width: int,
    rows: dict[int, list[str]],
    params: dict,
    exact: bool = False,
    truncated: bool = False,
) -> tuple[list[Issue], list[tuple[int, int, str]], list[int], list[tuple[int, Decimal, Decimal, str]]]:
    """X004 for each of the file's own totals that disagrees, and the rows and amounts of those that
    agree, with the rows they agree with (the clerk is told so: "loaded", or "all" where rows
    rejected count too), and the rows of those not compared (a payment's amount cannot be read). X004: the file's own total (a 합계 row: :data:`_GRAND_TOTAL`, wherever it stands) is
    neither the sum of the rows that load nor of every payment row (a row rejected for its
    sector is still one the clerk added up): a row left out, or counted twice, by whoever made
    the file or by us. Subtotals and totals to date are not compared. Amounts in a unit larger
    than the won may each have been rounded as shown (a CSV saved from Excel keeps what it
    shows), so a difference within about three and a half standard deviations of that rounding
    (√rows units) is let pass; in won, any difference of a won or more is not. Not asked when a
    payment's amount cannot be read (that row is reported already). ``rows``: the total rows' cells;
    ``exact``: a workbook's (its cells hold whole values, as shown or not); ``truncated``: the
    file says its amounts were cut to the unit (up to a unit each). And for each X004, its row, what
    it says, the sum nearer it and which rows that sum is of (as for those that agree)."""
    # a total that names a sector or an instrument ("합계" beside 미래차 in 업종, "계" beside 보증) is
    # that sector's or instrument's
    parts = [i for i in (mapping.get("sector"), mapping.get("instrument")) if isinstance(i, int) and i < width]
    found = [(row, values) for row, values in rows.items()
             if not any(values[i] and not _whole_total(values[i]) for i in parts)]  # fmt: skip
    labelled = [row for row, values in found if any(_whole_total(value) for value in values)]
    months = [row for row, values in found if any(_month_total(value) for value in values)]
    labelled = labelled or (months if len(months) == 1 else [])  # one 월계: the month's file's total
    if not labelled:
        return [], [], [], []
    con.execute(
        "CREATE OR REPLACE TEMP TABLE total_rows AS SELECT * FROM staged_rows WHERE list_contains($rows, row_number)",
        {"rows": labelled},
    )
    try:
        totals = con.execute(
            f"SELECT row_number, amount_value FROM ({_parsed_sql(mapping, width, header_width, 'total_rows')}) "
            "WHERE amount_value > 0 ORDER BY row_number",
            params,
        ).fetchall()
    finally:
        _drop(con, "total_rows")
    unread, payments, paid, loaded = db.one(
        con,
        """SELECT count(*) FILTER (WHERE a IS NULL), count(*), coalesce(sum(a), 0),
                  coalesce(sum(a) FILTER (WHERE NOT fatal), 0)
           FROM (SELECT CASE WHEN c.suspect THEN p.amount_value ELSE c.amount_krw END AS a,
                        f.row_number IS NOT NULL AS fatal
                 FROM checked c LEFT JOIN suspect_parsed p USING (row_number)
                 LEFT JOIN fatal_rows f USING (row_number) WHERE NOT c.skip)""",
    )
    if unread or not totals:  # (the clerk is told the total was not compared, and why)
        return [], [], [row for row, _ in totals], []
    unit = params["unit"]
    # each amount rounded as shown (about √rows units in all), or cut ("절사": up to a unit each); a
    # workbook's cells hold their whole values, and amounts in won are whole: under a won
    allowed = 0 if unit <= 1 or exact else unit * (payments if truncated else math.sqrt(payments))
    wrong, agreed, disagreed = [], [], []
    for row, said in totals:  # each total of the file that is wrong (one at the top, one at the foot)
        nearer = min((paid, loaded), key=lambda total: abs(said - total))  # the gap a clerk would look for
        which = "all" if nearer == paid and paid != loaded else "loaded"  # which sum, where they differ
        if abs(said - nearer) >= 1 and abs(said - nearer) > allowed:
            value = f"{in_unit(said, unit)} ({in_unit(said - nearer, unit, True)})"
            wrong.append(Issue("X004", row, "amount_krw", value, as_the_file_says(nearer, unit, "ko")))
            disagreed.append((row, Decimal(said), Decimal(nearer), which))
        else:
            agreed.append((row, int(said), which))
    return wrong, agreed, [], disagreed


# --- loading ---------------------------------------------------------------------------


def load(con: duckdb.DuckDBPyConnection, checked: Checked, uploaded_by: str) -> int:
    """Write the accepted rows as one batch, rejected rows beside them, in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        batch_id = db.scalar(
            con,
            """INSERT INTO upload_batch (kind, file_name, sha256, rows_total, rows_loaded, rows_rejected,
                   amount_loaded_krw, synthetic, uploaded_by, status, source, headers)
               VALUES ('disbursements', ?, ?, ?, ?, ?, ?, false, ?, 'loaded', ?, ?) RETURNING id""",
            [checked.file_name, checked.sha256, checked.rows_total, checked.rows_loaded, checked.rows_rejected,
             checked.amount_krw, uploaded_by, checked.source, json.dumps(checked.headers, ensure_ascii=False)],
        )  # fmt: skip
        # ids follow the file's order: the first id after the newest, plus the row's place in the file
        first_id = db.scalar(con, "SELECT coalesce(max(id), 0) + 1 FROM disbursement")
        insert = """INSERT INTO disbursement (id, batch_id, source_id, paid_on, instrument, sector, amount_krw,
                        recipient, region, project, synthetic, recipient_id)
                    SELECT $first + a.row_number - $low, $batch, a.source_id, a.paid_on, a.instrument, a.sector,
                           a.amount_krw, a.recipient, a.region, a.project, false, r.id
                    FROM {source} a LEFT JOIN recipient r ON r.name = a.recipient"""
        if checked.accepted is not None:
            low = pa.compute.min(checked.accepted.column("row_number")).as_py() if checked.rows_loaded else 0
            con.register("accepted_rows", checked.accepted)
            source = "accepted_rows"
        else:
            held_con, source = checked.held or (None, "")
            if held_con is not con:
                raise db.BudgetError.of("err_held_elsewhere")
            low = db.scalar(con, f"SELECT coalesce(min(row_number), 0) FROM {source}")
        try:
            db.add_recipients(con, f"SELECT recipient FROM {source}")
            con.execute(insert.format(source=source), {"first": first_id, "low": low, "batch": batch_id})
        finally:
            if checked.accepted is not None:
                con.unregister("accepted_rows")
        rejected = [
            [
                batch_id,
                row,
                checked.raw.get(row, "[]"),
                issue.rule,
                issue.field,
                issue.message("ko"),
                issue.message("en"),
                issue.value,
                issue.want,
            ]
            for row, found in sorted(checked.rejected.items())
            for issue in found
        ]
        if rejected:
            con.executemany(
                "INSERT INTO rejected_row (batch_id, row_number, raw, rule, field, message, message_en, value, want)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rejected,
            )
        db.summarise_batch(con, batch_id)
        sent = f", sent by {checked.source}" if checked.source else ""
        # a file whose own total disagreed with its rows, and by how much (X004)
        off = "".join(f"; X004 row {row}: total {said:,.0f} KRW, rows {total:,.0f} KRW"
                      for row, said, total, _ in checked.totals_disagree)  # fmt: skip
        db.audit(con, uploaded_by, "batch_loaded", batch_id,
                 f"{checked.file_name}: {checked.rows_loaded:,} rows, {checked.amount_krw:,} KRW, "
                 f"{checked.rows_rejected:,} rejected{sent}{off}")  # fmt: skip
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    checked.release()
    return batch_id


def revert(con: duckdb.DuckDBPyConnection, batch_id: int, reverted_by: str) -> bool:
    """Mark a loaded batch reverted: its rows leave every figure but stay for audit.

    Reverting a plan's upload archives the plan, so the one before it (or the baseline)
    is in force again.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        changed = db.scalar(
            con,
            """UPDATE upload_batch SET status = 'reverted', reverted_at = current_timestamp, reverted_by = ?
               WHERE id = ? AND status = 'loaded' RETURNING id""",
            [reverted_by, batch_id],
        )
        con.execute("UPDATE scenario SET archived = true WHERE source_batch_id = ?", [batch_id])
        if changed is not None:
            # what went out of the figures, and, for a plan, which plan is in force again
            kind, file_name, rows, amount = db.one(
                con, "SELECT kind, file_name, rows_loaded, amount_loaded_krw FROM upload_batch WHERE id = ?", [batch_id]
            )
            detail = f"{file_name} ({kind}): {rows:,} rows, {amount:,} KRW out of every figure"
            if kind == "allocations" and (in_force := queries.current_plan(con)) is not None:
                detail += f"; plan in force: scenario {in_force['id']} ({in_force['name']})"
            db.audit(con, reverted_by, "batch_reverted", batch_id, detail)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return changed is not None


#: Fields a file may leave out when every row has the same value, which the clerk then states
#: once (a guarantee fund's file has no 지원수단 column: every row is 보증).
EVERY_ROW_FIELDS = ("instrument", "sector")
_EVERY_ROW = "="  # a mapping's value "=guarantee": not a header, but every row's code


def every_row(code: str) -> str:
    """The mapping's value that gives every row ``code`` (kept with a saved mapping)."""
    return _EVERY_ROW + code


def every_row_choices(con: duckdb.DuckDBPyConnection, field: str) -> dict[str, tuple[str, str]]:
    """What a clerk may give every row of a file for ``field`` (one of :data:`EVERY_ROW_FIELDS`):
    the mapping's value → the code's Korean and English names (an instrument's short one, as files
    write it: "보증", not "신용보증기금 보증지원", which a 기술보증기금 clerk took for another body's)."""
    if field not in EVERY_ROW_FIELDS:  # (the field names the table its codes are in)
        raise ValueError(f"no value for every row: {field!r}")
    names = "short_ko, short_en" if field == "instrument" else "name_ko, name_en"
    rows = con.execute(f"SELECT code, {names} FROM {field} ORDER BY sort_order, code").fetchall()
    return {every_row(code): (ko, en) for code, ko, en in rows}


def _every_row_code(con: duckdb.DuckDBPyConnection, field: str, value: str) -> str | None:
    """The code a mapping's value gives every row ("=guarantee" → "guarantee"), if it is one."""
    if field not in EVERY_ROW_FIELDS or not value.startswith(_EVERY_ROW):
        return None
    return value[len(_EVERY_ROW) :] if value in every_row_choices(con, field) else None


def saved_mapping(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, str]:
    """The column mapping saved for a source ({canonical field: header text}), or {}: the body's
    name whatever its spaces or case ("신용 보증기금" finds 신용보증기금's), as X002 compares it."""
    found = _saved_as(con, source)
    return found[0].mapping if found else {}


def _saved_as(con: duckdb.DuckDBPyConnection, source: str) -> list[SavedMapping]:
    """The mappings saved under a body's name however it was written, newest first. The names are
    few: compared here, where every kind of space is one (a no-break space pasted from a sheet
    too, which DuckDB's ``\\s`` is not)."""
    key = _source_key(source)
    found = [saved for saved in saved_mappings(con) if _source_key(saved.source) == key]
    return sorted(found, key=lambda saved: saved.saved_at, reverse=True)


@dataclass(frozen=True)
class SavedMapping:
    """A body's saved column mapping, as the mapping step chose it."""

    source: str
    mapping: dict[str, str]  # field → the header's text, or :func:`every_row`'s value
    saved_by: str
    saved_at: dt.datetime


def saved_mappings(con: duckdb.DuckDBPyConnection) -> list[SavedMapping]:
    """Every saved mapping, by body."""
    rows = con.execute("SELECT source, mapping, saved_by, saved_at FROM column_mapping ORDER BY source").fetchall()
    return [SavedMapping(source, json.loads(mapping), by, at) for source, mapping, by, at in rows]


def fitting_mappings(
    con: duckdb.DuckDBPyConnection, data: bytes, file_name: str, sheet: str | None = None
) -> list[str]:
    """The bodies whose saved mapping makes a file that needs one (:data:`MENDABLE`) readable: a
    clerk who has not said who sent it may mean one of them. Nothing is written. Only the header
    is read, as :func:`check` finds it: a check of a 45 MB file for each of three saved mappings
    took 3.3 s."""
    fits = []
    heads: dict[frozenset[str] | None, list[list[str]]] = {}  # a CSV's head is the same for every mapping
    for saved in saved_mappings(con):
        known = set(saved.mapping.values())
        key = frozenset(known) if is_workbook(data, file_name) else None  # (the names pick a workbook's sheet)
        try:
            if key not in heads:
                heads[key] = head_records(data, file_name, sheet, known)
            _mapped(con, find_table(heads[key], known=known), saved.mapping)
        except FileRefused as refused:
            if refused.issue.rule in MENDABLE:
                continue
        fits.append(saved.source)
    return fits


def described(con: duckdb.DuckDBPyConnection, mapping: dict[str, str], lang: str) -> str:
    """A saved mapping as the clerk chose it: "지원수단 = (열 없음) 모든 행: …; 금액 = 「보증금액」 열"."""
    parts = []
    for name, value in mapping.items():
        every = every_row_choices(con, name) if name in EVERY_ROW_FIELDS else {}
        shown = (
            t("upload_every_row", lang, name=every[value][lang == "en"])
            if value in every
            else t("upload_mapping_column", lang, column=value)
        )
        parts.append(f"{t(f'field_{name}', lang)} = {shown}")
    return "; ".join(parts)


def _source_key(source: str) -> str:
    """A body's name as names are compared: no spaces of any kind, lower case."""
    return "".join(source.split()).lower()


def save_mapping(con: duckdb.DuckDBPyConnection, source: str, mapping: dict[str, str], saved_by: str) -> None:
    """Remember how a source names its columns, for its next file."""
    con.execute("BEGIN TRANSACTION")
    source = " ".join(source.split())  # as a batch's source is kept
    try:  # one mapping for a body, however its name was written the last time
        for before in _saved_as(con, source):
            con.execute("DELETE FROM column_mapping WHERE source = ?", [before.source])
        con.execute(
            "INSERT INTO column_mapping (source, mapping, saved_by, saved_at) VALUES (?, ?, ?, current_timestamp)",
            [source, json.dumps(mapping, ensure_ascii=False), saved_by],
        )
        db.audit(con, saved_by, "mapping_saved", source, json.dumps(mapping, ensure_ascii=False))
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def forget_mapping(con: duckdb.DuckDBPyConnection, source: str, forgotten_by: str) -> bool:
    """Let go of the mapping saved for a source (a wrong one: the next file gets the mapping step
    again). False if there was none."""
    con.execute("BEGIN TRANSACTION")
    try:
        found = _saved_as(con, source)
        for saved in found:
            con.execute("DELETE FROM column_mapping WHERE source = ?", [saved.source])
            db.audit(
                con, forgotten_by, "mapping_forgotten", saved.source, json.dumps(saved.mapping, ensure_ascii=False)
            )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return bool(found)


# --- allocation plans ------------------------------------------------------------------

PLAN_REQUIRED = ("instrument", "sector", "year", "amount_krw")

_PLAN_SQL = r"""
CREATE OR REPLACE TEMP TABLE plan_checked AS
WITH rows AS (
    SELECT row_number, trim(coalesce(__INSTRUMENT__, '')) AS instrument, trim(coalesce(__SECTOR__, '')) AS sector,
           trim(coalesce(__YEAR__, '')) AS year_text, trim(coalesce(__AMOUNT__, '')) AS amount,
           replace(replace(replace(replace(replace(replace(trim(coalesce(__AMOUNT__, '')), ',', ''), ' ', ''), '₩', ''),
                   '￦', ''), '원', ''), 'KRW', '') AS a,
           trim(replace(concat(__EVERY__), chr(9), '')) = '' AS is_blank,
           (__TOTAL__) OR __NOTE__ AS is_total, __NOTE__ AS is_note
    FROM staged_rows
)
-- a row that names an instrument and a sector is no total, whatever else it says ("기 계" is 기계)
SELECT r.* REPLACE (r.is_total AND NOT (il.code IS NOT NULL AND sl.code IS NOT NULL AND NOT r.is_note) AS is_total),
       il.code AS instrument_code, sl.code AS sector_code,
       CASE WHEN regexp_full_match(year_text, '\d{4}(\.0+)?') THEN CAST(CAST(year_text AS DOUBLE) AS INTEGER) END AS year,
       CASE WHEN regexp_full_match(a, '-?\d+(\.\d+)?') AND length(regexp_extract(a, '\.(\d+)$', 1)) <= 12
            THEN try(CAST(a AS DECIMAL(38, 12)) * $unit) END AS amount_value,
       regexp_full_match(a, '-?\d+(\.\d+)?') AS amount_is_number
FROM rows r
LEFT JOIN instrument_lookup il ON il.raw = r.instrument
LEFT JOIN sector_lookup sl ON sl.raw = r.sector
WHERE NOT is_blank
"""

_PLAN_ISSUES_SQL = r"""
SELECT row_number, 'W104' AS rule, NULL AS field, NULL AS value FROM plan_checked WHERE is_total AND NOT is_note
UNION ALL SELECT row_number, 'W105', NULL, NULL FROM plan_checked WHERE is_note
UNION ALL SELECT row_number, 'R001', 'instrument', instrument FROM plan_checked WHERE NOT is_total AND instrument = ''
UNION ALL SELECT row_number, 'R001', 'sector', sector FROM plan_checked WHERE NOT is_total AND sector = ''
UNION ALL SELECT row_number, 'R001', 'year', year_text FROM plan_checked WHERE NOT is_total AND year_text = ''
UNION ALL SELECT row_number, 'R001', 'amount_krw', amount FROM plan_checked WHERE NOT is_total AND a = ''
UNION ALL SELECT row_number, 'R004', 'instrument', instrument FROM plan_checked
    WHERE NOT is_total AND instrument <> '' AND instrument_code IS NULL
UNION ALL SELECT row_number, 'R005', 'sector', sector FROM plan_checked
    WHERE NOT is_total AND sector <> '' AND sector_code IS NULL
UNION ALL SELECT row_number, 'P001', 'year', year_text FROM plan_checked
    WHERE NOT is_total AND year_text <> '' AND (year IS NULL OR year NOT BETWEEN 2020 AND 2025)
UNION ALL SELECT row_number, 'R006', 'amount_krw', amount FROM plan_checked
    WHERE NOT is_total AND a <> '' AND (NOT amount_is_number OR amount_value IS NULL)
UNION ALL SELECT row_number, 'P004', 'amount_krw', amount FROM plan_checked WHERE NOT is_total AND amount_value < 0
UNION ALL SELECT row_number, 'R008', 'amount_krw', amount FROM plan_checked
    WHERE NOT is_total AND amount_value >= 0 AND amount_value <> floor(amount_value)
UNION ALL SELECT row_number, 'P002', 'year', instrument || ' · ' || sector || ' · ' || year FROM (
        SELECT *, row_number() OVER (PARTITION BY instrument_code, sector_code, year ORDER BY row_number) AS nth
        FROM plan_checked WHERE NOT is_total AND instrument_code IS NOT NULL AND sector_code IS NOT NULL
          AND year IS NOT NULL) WHERE nth > 1
"""


@dataclass
class CheckedPlan:
    """A validated allocation plan: its cells (instrument × sector × year) and the report."""

    file_name: str
    sha256: str
    rows_total: int
    cells: pa.Table
    issues: list[Issue] = field(default_factory=list)
    # the instruments the file leaves out (P006 names them): their allocation stays as in the plan in force
    kept_instruments: list[str] = field(default_factory=list)

    @property
    def rows_rejected(self) -> int:
        return len({i.row for i in self.issues if i.row is not None and i.severity == FATAL})

    @property
    def rows_loaded(self) -> int:
        return 0 if self.rows_rejected else self.cells.num_rows

    @property
    def amount_krw(self) -> int:
        return sum(self.cells.column("amount_krw").to_pylist())


def _refuse_missing(table: Table, missing: list[str], plan: bool = False) -> None:
    """F004 for required fields with no column; F010 when the amount is not found but a group
    naming it stands over two columns or more ("금액(백만원)" over 국비, 지방비 and 계; "배분액(억원)"
    over 당초 and 변경): which of them is meant is the clerk's to say, not a column that is not there
    (F004 names the other fields missing first, without the amount)."""
    if not missing:
        return
    under = [table.header[i] for i, group in sorted(table.groups.items())
             if i < len(table.header) and header_field(group, plan)[0] == "amount_krw"]  # fmt: skip
    if len(under) >= 2 and "amount_krw" in missing:
        missing.remove("amount_krw")  # there, but which one: F010, once the rest are found
        if not missing:
            raise FileRefused(Issue("F010", None, "amount_krw", ", ".join(under)))
    # a plan's columns are not a payment file's: the value expected is theirs, not the catalogue's
    want = field_names(list(PLAN_REQUIRED)) if plan else None
    raise FileRefused(Issue("F004", None, ", ".join(missing), field_names(missing), want))


def check_plan(con: duckdb.DuckDBPyConnection, data: bytes, file_name: str, sheet: str | None = None) -> CheckedPlan:
    """Validate an allocation plan (instrument, sector, year, amount) without writing."""
    facts: concurrent.futures.Future[_Facts] = concurrent.futures.Future()
    facts.set_result(_read_facts(data))  # a plan is small: read once, here, for its hash and lines
    sha256, loaded_before = _fingerprint(con, facts.result().sha256, "allocations")
    try:
        table, width, _ = _stage(con, data, file_name, sheet, plan=True, facts=facts)
        mapping = map_header(table.header, plan=True)
        _refuse_missing(table, [f for f in PLAN_REQUIRED if f not in mapping], plan=True)
        if loaded_before is not None:
            raise FileRefused(Issue("F005", None, None, str(loaded_before), batch=str(loaded_before)))
        instrument_alias, sector_alias, _ = _alias_rows(con)
        for name, column, aliases in (("instrument_lookup", mapping["instrument"], instrument_alias),
                                      ("sector_lookup", mapping["sector"], sector_alias)):  # fmt: skip
            values = [
                r[0] for r in con.execute(f"SELECT DISTINCT trim(coalesce(c{column}, '')) FROM staged").fetchall()
            ]
            con.register(f"{name}_arrow", _lookup(values, aliases, name.removesuffix("_lookup")))
            con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_arrow")
            con.unregister(f"{name}_arrow")
        sql = (
            _PLAN_SQL.replace("__INSTRUMENT__", f"c{mapping['instrument']}")
            .replace("__SECTOR__", f"c{mapping['sector']}")
            .replace("__YEAR__", f"c{mapping['year']}")
            .replace("__AMOUNT__", f"c{mapping['amount_krw']}")
            .replace("__EVERY__", ", ".join(f"c{i}" for i in range(width)))
            .replace("__NOTE__", _note_sql(width, f"coalesce(c{mapping['amount_krw']}, '')"))
            .replace(
                "__TOTAL__",
                " OR ".join(_label_sql(f"coalesce(c{i}, '')", likely=True) for i in range(min(3, width))),
            )
        )
        con.execute(sql, {"unit": amount_units(table, mapping["amount_krw"], listed_unit(con, table, width))[0]})
        rows_total = db.scalar(con, "SELECT count(*) FROM plan_checked")
        if not db.scalar(con, "SELECT count(*) FROM plan_checked WHERE NOT is_total"):
            raise FileRefused(Issue("F006"))
        issues = [
            Issue(rule, row, fld, value)
            for row, rule, fld, value in con.execute(_PLAN_ISSUES_SQL + " ORDER BY 1, 2").fetchall()
        ]
        cells = con.sql(
            """SELECT instrument_code AS instrument, sector_code AS sector, year, CAST(amount_value AS BIGINT) AS amount_krw
               FROM plan_checked WHERE NOT is_total AND instrument_code IS NOT NULL AND sector_code IS NOT NULL
                 AND year BETWEEN 2020 AND 2025 AND amount_value >= 0 AND amount_value = floor(amount_value)
               ORDER BY instrument, sector, year"""
        ).to_arrow_table()
        present = set(cells.column("instrument").to_pylist())
        # an instrument as a clerk knows it, with its code: "보증 (guarantee)", not "guarantee"
        named = dict(con.execute("SELECT code, short_ko || ' (' || code || ')' FROM instrument").fetchall())
        absent = [
            c for (c,) in con.execute("SELECT code FROM instrument ORDER BY sort_order").fetchall() if c not in present
        ]
        if absent:
            issues.append(Issue("P006", None, "instrument", ", ".join(named[c] for c in absent)))
        con.register("plan_cells", cells)
        for code, envelope, total in con.execute(
            """SELECT i.code, i.envelope_krw, coalesce(sum(p.amount_krw), 0)
               FROM instrument i JOIN plan_cells p ON p.instrument = i.code
               GROUP BY i.code, i.envelope_krw, i.sort_order HAVING coalesce(sum(p.amount_krw), 0) <> i.envelope_krw
               ORDER BY i.sort_order"""
        ).fetchall():
            issues.append(
                Issue("P003", None, "amount_krw", f"{named[code]}: {format_krw(int(total))} ≠ {format_krw(int(envelope))}"
                      f" ({int(total):,}원 ≠ {int(envelope):,}원)")
            )  # fmt: skip
        con.unregister("plan_cells")
    finally:
        con.execute("DROP VIEW IF EXISTS temp.staged_rows")
        for name in ("staged", "plan_checked", "instrument_lookup", "sector_lookup"):
            con.execute(f"DROP TABLE IF EXISTS temp.{name}")
    issues.sort(key=lambda i: (i.row or 0, i.rule, i.field or "", str(i.value)))
    return CheckedPlan(file_name, sha256, rows_total, cells, issues, absent)


def load_plan(con: duckdb.DuckDBPyConnection, plan: CheckedPlan, uploaded_by: str) -> tuple[int, int]:
    """Store the plan as a new scenario in force, from a batch, in one transaction; (batch, scenario)."""
    if plan.rows_rejected:
        raise FileRefused(Issue("P005"))
    in_force = int(queries.current_plan(con)["id"])
    con.execute("BEGIN TRANSACTION")
    try:
        batch_id = db.scalar(
            con,
            """INSERT INTO upload_batch (kind, file_name, sha256, rows_total, rows_loaded, rows_rejected,
                   amount_loaded_krw, uploaded_by, status)
               VALUES ('allocations', ?, ?, ?, ?, 0, ?, ?, 'loaded') RETURNING id""",
            [plan.file_name, plan.sha256, plan.rows_total, plan.rows_loaded, plan.amount_krw, uploaded_by],
        )
        baseline = db.scalar(con, "SELECT min(id) FROM scenario WHERE kind = 'baseline'")
        scenario_id = db.scalar(
            con,
            """INSERT INTO scenario (name, kind, created_by, note, parent_id, source_batch_id)
               VALUES (?, 'plan', ?, ?, ?, ?) RETURNING id""",
            [
                f"{plain(plan.file_name)[:60] or 'plan'} (#{batch_id})",
                uploaded_by,
                f"uploaded plan, sha256 {plan.sha256[:12]}",
                baseline,
                batch_id,
            ],
        )
        con.register("plan_cells", plan.cells)
        try:
            con.execute(
                "INSERT INTO allocation SELECT $scenario, instrument, sector, year, amount_krw FROM plan_cells",
                {"scenario": scenario_id},
            )
        finally:
            con.unregister("plan_cells")
        if plan.kept_instruments:  # a plan for one instrument leaves the others as they were
            con.execute(
                """INSERT INTO allocation SELECT $scenario, instrument, sector, year, amount_krw FROM allocation
                   WHERE scenario_id = $in_force AND list_contains($kept, instrument)""",
                {"scenario": scenario_id, "in_force": in_force, "kept": plan.kept_instruments},
            )
        db.audit(con, uploaded_by, "plan_loaded", batch_id, f"{plan.file_name} → scenario {scenario_id}")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return batch_id, scenario_id


def safe_stem(file_name: str) -> str:
    """A download's name from an uploaded file's: its stem, letters, digits and - only (never a path)."""
    stem = os.path.basename(file_name.replace("\\", "/")).rsplit(".", 1)[0]
    return re.sub(r"[^\w가-힣.-]+", "_", stem).strip("._")[:60] or "upload"


# --- what the clerk takes away ---------------------------------------------------------


def field_label(name: str | None) -> str:
    """A canonical field as a clerk knows it, in both languages ("집행일자/date paid"); '' for none."""
    return f"{t(f'field_{name}', 'ko')}/{t(f'field_{name}', 'en').lower()}" if name else ""


def field_names(fields: list[str]) -> str:
    """Canonical fields as a clerk knows them, in both languages: "지원수단 (instrument), 금액 (amount)"."""
    return ", ".join(f"{t(f'field_{name}', 'ko')} ({t(f'field_{name}', 'en').lower()})" for name in fields)


def field_in_file(name: str | None, lang: str, headers: dict[str, str] | None = None) -> str:
    """A finding's field as the file named it (its own header, from ``headers``), else by its name
    in the reader's language; '' for none."""
    if not name:
        return ""
    return (headers or {}).get(name) or (t(f"field_{name}", lang) if name in CANONICAL else name)


def report_table(
    issues: list[Issue], lang: str, headers: dict[str, str] | None = None, brief: bool = False
) -> pd.DataFrame:
    """The validation report: row, field, rule, severity, message, value given, value expected.

    The field is named as the file names it (its own header, from ``headers``) where known.
    ``brief`` (the page's table): a row's message leaves out the value it ends with, which the
    next column gives; the downloaded report keeps whole sentences.
    """

    return pd.DataFrame(
        {
            t("report_row", lang): pd.array([i.row for i in issues], dtype="Int64"),
            t("report_field", lang): [field_in_file(i.field, lang, headers) for i in issues],
            t("report_rule", lang): [i.rule for i in issues],
            t("report_severity", lang): [t(f"severity_{i.severity}", lang) for i in issues],
            t("report_message", lang): [i.message(lang, brief=brief and i.row is not None) for i in issues],
            t("report_value", lang): [i.value or "" for i in issues],
            t("report_expected", lang): [i.expected_in(lang) for i in issues],
        }
    )


def _without_value(message: str, value: str | None) -> str:
    """A stored message without the value it ends with ("알 수 없는 분야입니다: 우주" → "…입니다.")."""
    if value and message.endswith(f": {value}"):
        return message[: -len(value) - 2] + "."
    return message


def rejected_table(con: duckdb.DuckDBPyConnection, batch_id: int, lang: str) -> pd.DataFrame:
    """A loaded batch's rejected rows as its upload report gave them: row, field (as the file named
    it), rule, message (in ``lang``), value given, value expected, and the row's cells as the file
    held them. Rows rejected before the value was kept (m009) have none; their value expected is
    the rule's own."""
    rows = queries.rejected_rows(con, batch_id)
    headers = json.loads(rows["headers"].iloc[0] or "{}") if len(rows) else {}

    def text(value: object) -> str | None:  # NULL comes back as None, or as NaN in a column of them
        return value if isinstance(value, str) else None

    return pd.DataFrame(
        {
            t("report_row", lang): pd.array(list(rows["row_number"]), dtype="Int64"),
            t("report_field", lang): [field_in_file(text(f), lang, headers) for f in rows["field"]],
            t("report_rule", lang): list(rows["rule"]),
            # without the value it ends with, which the next column gives (as the upload page's report)
            t("report_message", lang): [
                _without_value(rejected_message(ko, text(en), lang), text(value))
                for ko, en, value in zip(rows["message"], rows["message_en"], rows["value"], strict=True)
            ],
            t("report_value", lang): [text(v) or "" for v in rows["value"]],
            t("report_expected", lang): [
                Issue(rule, want=text(want)).expected_in(lang)
                for rule, want in zip(rows["rule"], rows["want"], strict=True)
            ],
            t("col_raw", lang): [raw_cells(text(r)) for r in rows["raw"]],
        }
    )


def rules_in_full(issues: list[Issue], lang: str) -> list[tuple[str, str, str]]:
    """Each rule of a report once, in its order, with its message and value expected whole (the
    page's table cuts long ones: the sectors R005 expects, the forms of a date R002 reads): rule,
    message (its first finding's, without a row's value), expected (the catalogue's, and each
    value expected of particular rows after their numbers: "3행: 2024-09-01..2024-09-30" for a day
    its month does not have, which the table gives in place of the forms of a date)."""
    seen: dict[str, tuple[str, str]] = {}
    wants: dict[str, dict[str, list[int]]] = {}
    for issue in issues:
        seen.setdefault(issue.rule, (issue.message(lang, brief=issue.row is not None), expected_text(issue.rule, lang)))
        if issue.want is not None and issue.row is not None:
            wants.setdefault(issue.rule, {}).setdefault(issue.want, []).append(issue.row)

    def rows(numbers: list[int]) -> str:
        shown = ", ".join(str(n) for n in numbers[:5]) + (", …" if len(numbers) > 5 else "")  # (1502, not 1,502)
        return t("rule_rows_one" if len(numbers) == 1 else "rule_rows", lang, rows=shown)

    return [
        (
            rule,
            message,
            "; ".join([expected] * bool(expected) + [f"{rows(n)}: {w}" for w, n in wants.get(rule, {}).items()]),
        )
        for rule, (message, expected) in seen.items()
    ]


def annotated_original(
    data: bytes,
    file_name: str,
    issues: list[Issue],
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> bytes:
    """The file's own records as CSV (UTF-8 with BOM) with an error column added at the end; each
    finding's field named as the file names it (``headers``, as the report does), else in both
    languages."""
    from budget.export import neutralise

    records, _, _ = read_records(data, file_name, sheet)
    by_row: dict[int, list[str]] = {}
    for issue in issues:
        if issue.row is not None:
            named = (headers or {}).get(issue.field or "") or field_label(issue.field)
            by_row.setdefault(issue.row, []).append(
                " ".join(part for part in (issue.rule, named) if part)
                + f": {issue.message('ko')} / {issue.message('en')}"
                + (f" ({t('row_expected', 'ko')} / {t('row_expected', 'en')}: {issue.want})" if issue.want else "")
            )
    table = find_table(records, known=set((mapping or {}).values()))
    header_row = table.header_row - (table.units is not None)  # the header, not its row of units
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for number, record in enumerate(records, start=1):
        extra = "오류 / errors" if number == header_row else "; ".join(by_row.get(number, []))
        writer.writerow([neutralise(c) for c in record] + [extra])
    return out.getvalue().encode("utf-8-sig")
