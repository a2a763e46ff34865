"""The validation catalogue, kept as data: each rule's id, level, severity and messages.

Levels run in the order of the US DATA Act Broker: file checks first, then each row, then
checks across rows. A fatal rule blocks the file (file level) or the row; a warning only
reports. Messages may name ``{value}`` and ``{expected}``.
"""

from __future__ import annotations

from dataclasses import dataclass

FATAL, WARNING = "fatal", "warning"
FILE, ROW, CROSS = "file", "row", "cross"


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    severity: str
    message_ko: str
    message_en: str
    expected: str = ""  # the value expected, in Korean (or in no language: dates, numbers)
    expected_en: str | None = None  # in English, where it differs


_RULES = [
    # file level
    Rule("F001", FILE, FATAL, "파일을 읽을 수 없습니다 (CSV 또는 .xlsx, 인코딩 UTF-8/CP949/UTF-16).",
         "The file cannot be read (CSV or .xlsx; UTF-8, CP949 or UTF-16 text).", "CSV / .xlsx"),
    Rule("F002", FILE, FATAL, "파일이 비어 있습니다.", "The file is empty."),
    Rule("F003", FILE, FATAL, "머리글(열 이름) 행을 찾을 수 없습니다: 집행일자, 지원수단, 분야, 금액 같은 열이 필요합니다.",
         "No header row found: columns such as 집행일자, 지원수단, 분야, 금액 are needed.",
         "집행일자, 지원수단, 분야, 금액"),
    Rule("F004", FILE, FATAL, "필수 열이 없습니다: {value}", "A required column is missing: {value}",
         "집행일자, 지원수단, 분야, 금액", "date paid, instrument, sector, amount"),
    Rule("F005", FILE, FATAL, "같은 파일이 이미 적재되어 있습니다 (배치 {value}). 되돌린 뒤에만 다시 올릴 수 있습니다.",
         "The same file is already loaded (batch {value}). It can come again only after that batch is reverted."),
    Rule("F006", FILE, FATAL, "지급 행이 하나도 없습니다.", "The file holds no payment rows."),
    Rule("F007", FILE, FATAL, "파일이 너무 큽니다 ({value}). 화면에서는 {expected}까지 올릴 수 있습니다. 더 큰 파일은 명령줄 `python -m budget import`로 적재하세요.",
         "The file is too large ({value}). The page takes files up to {expected}; load larger ones with `python -m budget import`.",
         "50 MB"),
    Rule("F008", FILE, FATAL, "파일을 읽는 동안 파일이 바뀌었습니다. 다 쓰인 뒤에 다시 적재하세요.",
         "The file changed while it was being read. Import it again once it is complete."),
    Rule("F009", FILE, FATAL, "금액의 단위를 알 수 없습니다: {value}. 단위를 원, 천원, 만원, 백만원, 억원처럼 적거나, 금액 열 이름에 적으세요 (예: 금액(백만원)).",
         "The unit of the amounts cannot be understood: {value}. Write it as 원, 천원, 만원, 백만원 or 억원 (or KRW, KRW thousand, KRW million), or in the amount column's name (e.g. 금액(백만원)).",
         "원, 천원, 만원, 백만원, 억원, 십억원, 조원", "원, 천원, 만원, 백만원, 억원 (KRW, KRW thousand, KRW million)"),
    # (a plan has no column step: what it can do comes first)
    Rule("F010", FILE, FATAL, "금액이 어느 열인지 정할 수 없습니다: {value}. 적재할 열 하나만 파일에 남기세요. 지급 파일은 업로드 화면의 열 지정에서 고를 수도 있습니다.",
         "Which column is the amount cannot be told: {value}. Keep only the one to load in the file; for a payments file, you can also choose it in the upload page's column step.",
         "금액 열 하나", "one amount column"),
    Rule("F011", FILE, FATAL, "Excel 97-2003 통합 문서(.xls)는 읽을 수 없습니다. Excel에서 [다른 이름으로 저장] → 'Excel 통합 문서(.xlsx)' 또는 'CSV'로 저장해 올리세요.",
         "An Excel 97-2003 workbook (.xls) cannot be read. In Excel, use Save As → 'Excel Workbook (.xlsx)' or 'CSV' and upload that.",
         ".xlsx / CSV"),
    # row level
    Rule("R001", ROW, FATAL, "필수 값이 비어 있습니다.", "A required value is empty.", "값", "a value"),
    Rule("R002", ROW, FATAL, "날짜를 읽을 수 없거나 그 달에 없는 날입니다: {value}", "The date cannot be read, or its month has no such day: {value}",
         "2024-01-05, 2024.01.05, 2024. 1. 5., 2024/01/05, 20240105, 2024년 1월 5일"),
    Rule("R003", ROW, FATAL, "날짜가 사업 기간 밖입니다: {value}", "The date is outside the programme: {value}",
         "2020-01-01..2025-12-31"),
    Rule("R004", ROW, FATAL, "알 수 없는 지원수단입니다: {value}", "Unknown instrument: {value}",
         "펀드, 보증, 대출, R&D (fund, guarantee, loan, rnd)"),
    Rule("R005", ROW, FATAL, "알 수 없는 분야입니다: {value}", "Unknown sector: {value}",
         "미래차, 가전·전자, 헬스케어, 조선, 유통, 소재·부품, 철강, 섬유·화학, 에너지, 기계",
         # (a file may name them in English too)
         "미래차 (future cars), 가전·전자 (appliances & electronics), 헬스케어 (healthcare), 조선 (shipbuilding), "
         "유통 (retail & distribution), 소재·부품 (materials & parts), 철강 (steel), 섬유·화학 (textiles & chemicals), "
         "에너지 (energy), 기계 (machinery)"),
    Rule("R006", ROW, FATAL, "금액이 숫자가 아닙니다: {value}", "The amount is not a number: {value}",
         "1,234,000 또는 ₩1,234,000", "1,234,000 or ₩1,234,000"),
    Rule("R007", ROW, FATAL, "금액은 0보다 커야 합니다: {value}", "The amount must be above zero: {value}", "> 0"),
    Rule("R008", ROW, FATAL, "금액이 원 단위로 떨어지지 않습니다: {value}", "The amount is not a whole number of won: {value}",
         "원 단위 정수", "whole won"),
    Rule("R009", ROW, FATAL, "열 수가 머리글보다 많습니다: {value}", "The row has more cells than the header: {value}",
         "머리글과 같은 열 수", "as many cells as the header"),
    Rule("R010", ROW, FATAL, "금액이 사업 전체 규모보다 큽니다: {value}", "The amount is larger than the whole programme: {value}",
         "≤ 2,940,000,000,000"),
    Rule("W101", ROW, WARNING, "분야가 연대에 참여하기 전의 지급입니다: {value}",
         "Paid before the sector joined the alliance: {value}"),
    Rule("W102", ROW, WARNING, "지원수단의 발표된 기간 밖의 지급입니다: {value}",
         "Paid outside the instrument's stated period: {value}"),
    Rule("W103", ROW, WARNING, "알 수 없는 지역입니다 (지역 없이 적재): {value}",
         "Unknown region (loaded without a region): {value}", "17개 시도", "one of the 17 regions"),
    Rule("W104", ROW, WARNING, "합계 행으로 보여 지급으로 세지 않았습니다.", "Looks like a total row: not counted as a payment."),
    Rule("W106", FILE, WARNING, "집행번호 열이 없습니다: 같은 지급이 다른 파일에 담겨 다시 오면 중복을 알아낼 수 없습니다.",
         "There is no payment-id column: the same payments sent again in another file cannot be recognised.",
         "집행번호 열", "a payment-id column"),
    Rule("W107", FILE, WARNING, "'{value}' 열은 행의 순번(1, 2, 3, …)이어서 집행번호로 쓰지 않았습니다: 같은 지급이 다른 파일에 담겨 다시 오면 중복을 알아낼 수 없습니다.",
         "The '{value}' column counts the rows (1, 2, 3, …), so it is not taken as the payment id: the same payments sent again in another file cannot be recognised.",
         "집행번호 열", "a payment-id column"),
    Rule("W108", FILE, WARNING, "저장된 열 지정이 모든 행에 값을 주어, 파일의 이 열은 쓰지 않았습니다: {value}. 이 열의 값을 쓰려면 저장된 열 지정을 지우고 다시 올리세요.",
         "A saved mapping gives every row its value, so this column of the file was not used: {value}. To use the column's values, forget the saved mapping and upload the file again.",
         "저장된 열 지정 또는 이 열, 하나만", "the saved mapping or this column, not both"),
    Rule("W105", ROW, WARNING, "주석 줄로 보여 지급으로 세지 않았습니다.", "Looks like a note: not counted as a payment."),
    # allocation plans
    Rule("P001", ROW, FATAL, "연도가 2020–2025가 아닙니다: {value}", "The year is not 2020–2025: {value}", "2020..2025"),
    Rule("P002", CROSS, FATAL, "같은 지원수단·분야·연도가 파일에 두 번 나옵니다: {value}",
         "The same instrument, sector and year appear twice: {value}",
         "지원수단·분야·연도마다 한 행", "one row per instrument, sector, year"),
    Rule("P003", CROSS, WARNING, "계획 합계가 지원수단의 총 규모와 다릅니다: {value}",
         "The plan's total differs from the instrument's envelope: {value}"),
    Rule("P004", ROW, FATAL, "배분액은 음수일 수 없습니다: {value}", "An allocation cannot be negative: {value}", ">= 0"),
    Rule("P006", FILE, WARNING, "파일에 없는 지원수단은 지금 계획에서 그대로 가져옵니다: {value}",
         "Instruments not in the file are kept from the plan in force: {value}"),
    Rule("P005", FILE, FATAL, "계획 파일에 오류 행이 있어 계획 전체를 받지 않았습니다 (계획은 일부만 적재하지 않습니다).",
         "The plan has rows with errors, so none of it was taken (a plan never loads in part)."),
    # across rows
    Rule("X001", CROSS, FATAL, "파일 안에서 집행번호가 중복됩니다: {value}", "The payment id repeats within the file: {value}",
         "파일 안에서 서로 다른 번호", "unique ids"),
    Rule("X002", CROSS, FATAL, "이미 적재된 집행번호입니다 (배치 {batch}): {value}",
         "The payment id is already loaded (batch {batch}): {value}",
         "아직 적재되지 않은 번호", "a new id"),
    Rule("X003", CROSS, WARNING, "누적 집행이 지원수단의 총 규모를 넘습니다: {value}",
         "Cumulative payments exceed the instrument's envelope: {value}"),
    Rule("X004", CROSS, WARNING, "합계 행의 금액이 지급 행들의 합과 다릅니다: {value}",
         "The total row's amount differs from the sum of the payment rows: {value}",
         "지급 행들의 합", "the sum of the payment rows"),
]  # fmt: skip

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}


def message(
    rule_id: str, lang: str, value: object = "", expected: str | None = None, brief: bool = False, batch: str = ""
) -> str:
    """A rule's message in one language, with the value filled in; ``brief`` (a report that gives
    the value in a column of its own): without the value a message ends with. ``batch``: the
    batch a message names (X002: the one that already holds the id)."""
    rule = RULES[rule_id]
    text = rule.message_en if lang == "en" else rule.message_ko
    if brief and text.endswith(": {value}"):
        text = text.removesuffix(": {value}") + "."
    return text.format(
        value=value, expected=expected if expected is not None else expected_text(rule_id, lang), batch=batch
    )


def expected_text(rule_id: str, lang: str) -> str:
    """A rule's value expected, in one language."""
    rule = RULES[rule_id]
    return rule.expected_en if lang == "en" and rule.expected_en is not None else rule.expected
