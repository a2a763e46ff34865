"""Upload and batches pages through AppTest: upload, report, confirm, batch list, revert."""

import getpass

import duckdb
from streamlit.testing.v1 import AppTest

from budget.i18n import t
from budget.rules import expected_text

APP = "../app.py"
HEADER = "집행번호,집행일자,지원수단,분야,금액(백만원),기업명,지역"
GOOD = "\n".join(
    ["2024년 1월 집행 실적", "(단위: 백만원)", HEADER, "B1,2024-01-05,보증,미래차,\"1,200\",(주)가,경기",
     "B2,2024-01-06,대출,우주,3,(주)나,부산", "합계,,,,\"1,203\",,"]
).encode("cp949")  # fmt: skip


def start(db_path, monkeypatch, page, lang="ko") -> AppTest:
    monkeypatch.setenv("BUDGET_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.switch_page(page)
    return at.run()


def paid(db_path) -> int:
    con = duckdb.connect(str(db_path))
    try:
        return con.execute("SELECT coalesce(sum(amount_krw), 0) FROM live_disbursement").fetchall()[0][0]
    finally:
        con.close()


def test_upload_report_confirm_then_revert(empty_db, monkeypatch):
    at = start(empty_db, monkeypatch, "pages/upload.py")
    assert not at.exception
    at.file_uploader[0].set_value(("1월.csv", GOOD, "text/csv")).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["적재 가능"] == "1"
    assert metrics["거부"] == "1"
    assert metrics["적재할 금액"] == "1,200,000,000원"  # to the won: 1,200 백만원, B2 rejected (우주)
    read_as = next(c.value for c in at.caption if "합계·주석 행 1개" in c.value)
    assert "백만원" in read_as and "CP949" in read_as
    assert any(c.value == f"올리는 사람: local:{getpass.getuser()}" for c in at.caption)  # who it will record
    report = at.dataframe[0].value
    assert list(report["규칙"]) == ["R005", "W104"]
    assert list(report["행"]) == [5, 6]
    assert list(report["항목"]) == ["분야", ""]  # the field as the file names it
    # each rule once, whole, where the table's narrow column cuts the sectors R005 expects
    whole = next(e for e in at.expander if e.label == "잘린 내용과 기대값 전체 보기 (규칙별)")
    assert whole.markdown[0].value.splitlines()[0] == (
        "- **R005** 알 수 없는 분야입니다. — 기대값: "
        "미래차, 가전·전자, 헬스케어, 조선, 유통, 소재·부품, 철강, 섬유·화학, 에너지, 기계"
    )
    # the file's own 합계 (1,200 + 3 백만원, the rejected row counted as the clerk added it) agrees: said
    # so, and that the amount to load is less (the rejected row left out)
    assert [s.value for s in at.success] == [
        "파일의 합계 (6행, 1,203백만원 = 1,203,000,000원)가 거부된 행까지 더한 지급 행들의 합과 맞습니다. "
        "적재할 금액은 거부된 행을 뺀 금액입니다."
    ]
    assert paid(empty_db) == 0  # nothing written before the confirmation
    next(b for b in at.button if b.label == "적재하기").click().run()
    assert not at.exception
    assert "배치 1 적재" in at.success[0].value and "거부된 1건" in at.success[0].value
    assert paid(empty_db) == 1_200_000_000

    # the batch list shows it, and reverting takes it out of every figure
    at.switch_page("pages/batches.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["파일"]) == ["1월.csv"] and list(table["상태"]) == ["적재됨"]
    # what it added before what kind it is (the amount was cut at the right edge in English); no
    # column for reverting while no batch is reverted
    assert list(table.columns[:7]) == ["배치", "상태", "파일", "보낸 기관", "적재", "거부", "금액 (원)"]
    # the rejected row: its field as the clerk knows it, its cells as the file held them
    rejected = at.dataframe[1].value
    assert at.selectbox(key="rejects_batch").options == ["1 · 1월.csv · 거부 1행"]  # the batch, its file, its rejects
    assert list(rejected["항목"]) == ["분야"]
    # in the page's language only, without the value the next column gives (as the upload report)
    assert list(rejected["내용"]) == ["알 수 없는 분야입니다."] and list(rejected["입력값"]) == ["우주"]
    assert list(rejected.iloc[:, -1]) == ["B2 | 2024-01-06 | 대출 | 우주 | 3 | (주)나 | 부산"]
    # and as CSV, every column whole (the table cuts the sectors expected; the row as sent is at the right)
    assert [d.proto.label for d in at.get("download_button")] == ["거부된 행 CSV (모든 열 전체)"]
    from budget import ingest
    from budget.export import csv_bytes

    con = duckdb.connect(str(empty_db))
    try:
        text = csv_bytes(ingest.rejected_table(con, 1, "ko")).decode("utf-8-sig")
    finally:
        con.close()
    assert text.splitlines()[0] == "행,항목,규칙,내용,입력값,기대값,원본 행"
    assert '"미래차, 가전·전자, 헬스케어, 조선, 유통, 소재·부품, 철강, 섬유·화학, 에너지, 기계"' in text  # whole
    assert text.splitlines()[1].endswith(",B2 | 2024-01-06 | 대출 | 우주 | 3 | (주)나 | 부산")
    english = start(empty_db, monkeypatch, "pages/batches.py", lang="en")
    assert list(english.dataframe[1].value["Message"]) == ["Unknown sector."]
    revert = next(b for b in at.button if b.label == "되돌리기")
    assert revert.disabled  # nothing chosen, nothing confirmed
    at.selectbox(key="revert_batch").set_value(1).run()
    at.checkbox(key="revert_sure").check().run()
    next(b for b in at.button if b.label == "되돌리기").click().run()
    assert not at.exception
    assert paid(empty_db) == 0
    assert list(at.dataframe[0].value["상태"]) == ["되돌림"]
    assert list(at.dataframe[0].value.columns[:3]) == ["배치", "상태", "되돌림"]
    # the audit log: the time's zone beside its column, and what the revert took out of the figures
    from budget import queries

    con = duckdb.connect(str(empty_db))
    try:
        zone = queries.time_zone(con)
    finally:
        con.close()
    log = start(empty_db, monkeypatch, "pages/audit.py").dataframe[0].value
    assert log.columns[1] == f"일시 ({zone})"
    assert "1월.csv (disbursements): 1 rows, 1,200,000,000 KRW out of every figure" in list(log["내용"])


def test_a_file_already_loaded_is_refused_with_a_way_to_the_batches(empty_db, monkeypatch):
    at = start(empty_db, monkeypatch, "pages/upload.py")
    at.file_uploader[0].set_value(("1월.csv", GOOD, "text/csv")).run()
    next(b for b in at.button if b.label == "적재하기").click().run()
    at.file_uploader[0].set_value(("1월 사본.csv", GOOD, "text/csv")).run()  # the same bytes, another name
    assert not at.exception
    assert "F005" in at.error[0].value and "배치 1" in at.error[0].value
    link = at.main.children[max(at.main.children)]  # a link to the batch list, where it can be reverted
    assert type(link).__name__ == "PageLink" and link.proto.label == "적재 배치 보기 (되돌리기)"
    assert link.proto.page.endswith("batches")
    assert paid(empty_db) == 1_200_000_000


def test_the_rejected_rows_box_says_when_no_batch_has_any(empty_db, monkeypatch):
    at = start(empty_db, monkeypatch, "pages/upload.py")
    clean = "집행번호,집행일자,지원수단,분야,금액\nC1,2024-01-05,보증,미래차,7\n".encode()
    at.file_uploader[0].set_value(("clean.csv", clean, "text/csv")).run()
    next(b for b in at.button if b.label == "적재하기").click().run()
    at.switch_page("pages/batches.py").run()
    assert not at.exception
    assert any(c.value == "거부된 행이 있는 배치가 없습니다." for c in at.caption)
    assert not [s for s in at.selectbox if s.key == "rejects_batch"]


def test_a_refused_file_gets_a_message_in_english(empty_db, monkeypatch):
    at = start(empty_db, monkeypatch, "pages/upload.py", lang="en")
    at.file_uploader[0].set_value(("bad.csv", b"hello,world\n1,2\n", "text/csv")).run()
    assert not at.exception
    assert "F003" in at.error[0].value
    assert not [b for b in at.button if b.label == "Load"]


def test_strict_mode_blocks_a_file_with_errors(empty_db, monkeypatch):
    at = start(empty_db, monkeypatch, "pages/upload.py")
    at.checkbox(key="upload_strict").check().run()
    at.file_uploader[0].set_value(("1월.csv", GOOD, "text/csv")).run()
    assert not at.exception
    assert next(b for b in at.button if b.label == "적재하기").disabled


def test_batches_page_on_the_demo_lists_the_synthetic_batch(demo_db, monkeypatch):
    at = start(demo_db, monkeypatch, "pages/batches.py", lang="en")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Kind"]) == ["synthetic demo"] and list(table["Synthetic"]) == [True]


def test_a_workbook_with_a_cover_sheet_opens_on_its_table_and_lets_the_clerk_pick(empty_db, monkeypatch):
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "표지"
    book.active.append(["2024년 1월 집행 실적 보고"])
    data = book.create_sheet("집행")
    for row in [["집행일자", "지원수단", "분야", "금액(백만원)"], ["2024-01-05", "보증", "미래차", 4]]:
        data.append(row)
    out = io.BytesIO()
    book.save(out)
    at = start(empty_db, monkeypatch, "pages/upload.py")
    at.file_uploader[0].set_value(("보고.xlsx", out.getvalue(), "application/octet-stream")).run()
    assert not at.exception and not at.error
    assert at.selectbox(key="upload_sheet").value == "집행"  # the sheet with the table, not the cover
    assert {m.label: m.value for m in at.metric}["적재할 금액"] == "4,000,000원"
    at.selectbox(key="upload_sheet").set_value("표지").run()
    assert not at.exception
    assert "F003" in at.error[0].value  # the cover sheet has no header


UNUSUAL = "\n".join(
    ["지급번호,지급일,사업구분,산업,사업비(천원),소재지", "K1,2024-01-05,보증,미래차,\"1,500\",경기", "K2,2024-01-06,대출,조선,500,부산"]
)  # fmt: skip


def choose_columns(at: AppTest, chosen: dict[str, str]) -> None:
    for label, column in chosen.items():
        next(s for s in at.selectbox if s.label == label).set_value(column).run()


def test_the_mapping_step_names_fields_in_korean_and_takes_the_payment_id(empty_db, monkeypatch):
    at = start(empty_db, monkeypatch, "pages/upload.py")
    at.file_uploader[0].set_value(("3월.csv", UNUSUAL.encode(), "text/csv")).run()
    assert not at.exception
    # one header recognised (지급일) is not enough to find the header: a step to take, below what to do
    assert "F003" in at.warning[0].value and not at.error
    # (tenth session) not "cannot be taken" beside the columns to choose from: not yet, and what next
    assert at.warning[0].value.startswith("아직 적재할 수 없습니다 (F003)")
    assert at.warning[0].value.endswith("아래에서 열을 고르면 파일을 다시 검사합니다.")
    labels = [s.label for s in at.selectbox]
    # every field not recognised (지급일 is), the required ones first, in Korean
    assert labels == [
        "지원수단 (필수)",
        "분야 (필수)",
        "금액 (필수)",
        "집행번호 (선택)",
        "기업명 (선택)",
        "지역 (선택)",
        "과제명 (선택)",
    ]
    assert all(s.value is None for s in at.selectbox)
    choose_columns(at, {"지원수단 (필수)": "사업구분", "분야 (필수)": "산업", "금액 (필수)": "사업비(천원)"})
    assert not at.exception
    assert not at.error and not at.warning  # the refusal is gone once the columns are chosen
    assert {m.label: m.value for m in at.metric}["적재할 금액"] == "2,000,000원"  # (1,500 + 500) 천원
    assert "W106" in list(at.dataframe[0].value["규칙"])  # no payment id: a warning
    # no sender typed: how to keep the mapping for next month is said where its box would be
    assert any(c.value.startswith("위의 「보낸 기관」을 적으면 이 열 지정을") for c in at.caption)
    choose_columns(at, {"집행번호 (선택)": "지급번호", "지역 (선택)": "소재지"})
    assert not at.exception and not at.error
    assert at.dataframe == [] or "W106" not in list(at.dataframe[0].value["규칙"])
    next(b for b in at.button if b.label == "적재하기").click().run()
    assert not at.exception
    assert paid(empty_db) == 2_000_000
    # the same payments sent again in another file (a note added): the ids are already loaded
    again = (UNUSUAL + "\n※ 자료: 재송부").encode()
    at.file_uploader[0].set_value(("3월_재송부.csv", again, "text/csv")).run()
    choose_columns(at, {"지원수단 (필수)": "사업구분", "분야 (필수)": "산업", "금액 (필수)": "사업비(천원)",
                        "집행번호 (선택)": "지급번호"})  # fmt: skip
    assert not at.exception
    assert list(at.dataframe[0].value["규칙"]) == ["X002", "X002", "W105"]
    # the batch that holds the id, by its number (the batch list shows its file and sender)
    assert list(at.dataframe[0].value["내용"])[:2] == ["이미 적재된 집행번호입니다 (배치 1)."] * 2
    # a corrected file sent again: the way on is to revert batch 1 first (the walker found a dead end)
    assert [i.value for i in at.info if "고친 파일을 다시 보내는 것이면" in i.value] == [
        "이 파일의 지급 중 이미 적재된 것이 있습니다 (배치 1). 고친 파일을 다시 보내는 것이면, 그 배치를 먼저 되돌린 뒤 올리세요."
    ]
    assert next(b for b in at.button if b.label == "적재하기").disabled
    con = duckdb.connect(str(empty_db))
    try:
        assert con.execute("SELECT list(region ORDER BY source_id) FROM disbursement").fetchall() == [
            (["gyeonggi", "busan"],)
        ]
    finally:
        con.close()


def test_an_amount_among_several_columns_is_chosen_in_the_mapping_step(empty_db, monkeypatch):
    # "금액(백만원)" over 국비 | 지방비 | 계: which one is the clerk's to say (F010, ninth session)
    data = "\n".join(["집행번호,집행일자,지원수단,분야,금액(백만원),,", ",,,,국비,지방비,계",
                      "K-1,2024-01-05,보증,미래차,100,50,150", "K-2,2024-01-06,보증,조선,20,10,30"]).encode()  # fmt: skip
    at = start(empty_db, monkeypatch, "pages/upload.py")
    at.file_uploader[0].set_value(("국비.csv", data, "text/csv")).run()
    assert not at.exception and not at.error
    assert "F010" in at.warning[0].value and "국비 (백만원), 지방비 (백만원), 계 (백만원)" in at.warning[0].value
    amount = next(s for s in at.selectbox if s.label == "금액 (필수)")
    assert amount.options[:3] == ["국비 (백만원)", "지방비 (백만원)", "계 (백만원)"]  # the candidates first
    choose_columns(at, {"금액 (필수)": "계 (백만원)"})
    assert not at.exception and not at.error and not at.warning
    assert {m.label: m.value for m in at.metric}["적재할 금액"] == "180,000,000원"  # (150 + 30) 백만원


def test_an_old_excel_workbook_is_told_how_to_save_it(empty_db, monkeypatch):
    # an .xls was refused by the uploader itself, with only an English tooltip (ninth session's walker)
    at = start(empty_db, monkeypatch, "pages/upload.py")
    old = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    at.file_uploader[0].set_value(("9월.xls", old, "application/vnd.ms-excel")).run()
    assert not at.exception
    assert "F011" in at.error[0].value and "Excel 통합 문서(.xlsx)" in at.error[0].value


def test_a_file_without_a_recognised_payment_id_offers_to_choose_one(empty_db, monkeypatch):
    data = "지급번호,집행일자,지원수단,분야,금액\nK1,2024-01-05,보증,미래차,7\n".encode()
    at = start(empty_db, monkeypatch, "pages/upload.py")
    at.file_uploader[0].set_value(("4월.csv", data, "text/csv")).run()
    assert not at.exception and not at.error  # the file loads as it is, with a warning
    assert "W106" in list(at.dataframe[0].value["규칙"])
    assert [s.label for s in at.selectbox] == ["집행번호 (선택)"]
    choose_columns(at, {"집행번호 (선택)": "지급번호"})
    assert not at.exception
    assert at.dataframe == [] or "W106" not in list(at.dataframe[0].value["규칙"])
    next(b for b in at.button if b.label == "적재하기").click().run()
    con = duckdb.connect(str(empty_db))
    try:
        assert con.execute("SELECT list(source_id) FROM disbursement").fetchall() == [(["K1"],)]
    finally:
        con.close()


def test_a_numbering_column_the_clerk_takes_as_the_id_and_the_body_named_on_loading(empty_db, monkeypatch):
    at = start(empty_db, monkeypatch, "pages/upload.py")
    at.text_input(key="upload_source").set_value("신용보증기금").run()
    numbered = "번호,집행일자,지원수단,분야,금액(천원)\n1,2024-08-02,보증,기계,40\n2,2024-08-03,보증,기계,50\n"
    at.file_uploader[0].set_value(("8월.csv", numbered.encode(), "text/csv")).run()
    assert not at.exception
    report = at.dataframe[0].value
    # a file's finding: no row; its field named as the clerk knows it, not source_id
    assert list(report["규칙"]) == ["W107"] and list(report["항목"]) == ["집행번호"]
    assert list(report["행"]) == ["파일"]  # a finding of the whole file, not "None"
    assert any("집행번호 열을 찾지 못했습니다" in i.value for i in at.info)
    assert {m.label: m.value for m in at.metric}["적재할 금액"] == "90,000원"  # (40 + 50) 천원
    choose_columns(at, {"집행번호 (선택)": "번호"})
    assert not at.exception
    assert any("집행번호로 「번호」 열을 씁니다" in i.value for i in at.info)
    next(b for b in at.button if b.label == "적재하기").click().run()
    assert not at.exception
    assert any(s.value == "배치 1 적재: 2건, 90,000원. 보낸 기관: 신용보증기금." for s in at.success)


def test_a_guarantee_funds_file_without_an_instrument_column_and_its_next_month(empty_db, monkeypatch):
    """Every row is 보증: the clerk says so once, saves it for the body, and next month's file
    loads without the mapping step."""
    at = start(empty_db, monkeypatch, "pages/upload.py")
    at.text_input(key="upload_source").set_value("신용보증기금").run()
    january = (
        "(단위: 백만원)\n보증일자,업종,보증금액,기업명\n2024-01-10,미래차,500,(주)가\n2024-01-11,조선,300,(주)나\n"
    )
    at.file_uploader[0].set_value(("1월.csv", january.encode("cp949"), "text/csv")).run()
    assert not at.exception
    assert "F004" in at.warning[0].value  # no 지원수단 column: the mapping step says what to do
    instrument = next(s for s in at.selectbox if s.label == "지원수단 (필수)")
    # the file's columns, then a value for every row, named as the clerk knows it
    assert instrument.options[:4] == ["보증일자", "업종", "보증금액", "기업명"]
    assert "(열 없음) 모든 행: 보증" in instrument.options
    instrument.set_value("=guarantee").run()
    assert not at.exception and not at.error
    assert {m.label: m.value for m in at.metric}["적재할 금액"] == "800,000,000원"  # (500 + 300) 백만원
    assert any("금액 열 「보증금액」" in c.value for c in at.caption)  # where the amounts were read
    at.checkbox(key="upload_save_mapping").check().run()
    next(b for b in at.button if b.label == "적재하기").click().run()
    assert not at.exception
    assert paid(empty_db) == 800_000_000

    february = "(단위: 백만원)\n보증일자,업종,보증금액,기업명\n2024-02-05,기계,200,(주)다\n"
    at.file_uploader[0].set_value(("2월.csv", february.encode("cp949"), "text/csv")).run()
    assert not at.exception and not at.error
    assert not [s for s in at.selectbox if s.label == "지원수단 (필수)"]  # the saved mapping says it
    # the mapping saved for the body is applied, and says what it holds
    assert any(
        c.value == "「신용보증기금」의 저장된 열 지정을 썼습니다: 지원수단 = (열 없음) 모든 행: 보증."
        for c in at.caption
    )
    next(b for b in at.button if b.label == "적재하기").click().run()
    assert not at.exception
    con = duckdb.connect(str(empty_db))
    try:
        assert con.execute("SELECT list(DISTINCT instrument), sum(amount_krw) FROM disbursement").fetchall() == [
            (["guarantee"], 1_000_000_000)
        ]
    finally:
        con.close()
    # March, in a new session, before the sender is given: the saved mapping that fits is offered
    # (the walker redid the mapping by hand, not knowing the sender had to come first)
    at = start(empty_db, monkeypatch, "pages/upload.py")
    march = "(단위: 백만원)\n보증일자,업종,보증금액,기업명\n2024-03-05,기계,100,(주)라\n"
    at.file_uploader[0].set_value(("3월.csv", march.encode("cp949"), "text/csv")).run()
    assert not at.exception
    assert any("「신용보증기금」의 저장된 열 지정과 맞습니다" in i.value for i in at.info)
    next(b for b in at.button if b.label == "보낸 기관 「신용보증기금」, 저장된 열 지정 쓰기").click().run()
    assert not at.exception and not at.error and not at.warning
    assert at.text_input(key="upload_source").value == "신용보증기금"
    assert not [s for s in at.selectbox if s.label == "지원수단 (필수)"]
    assert {m.label: m.value for m in at.metric}["적재할 금액"] == "100,000,000원"


def test_a_saved_mapping_that_was_wrong_is_forgotten(empty_db, monkeypatch):
    """A clerk saved "every row: fund" for the guarantee fund by mistake: the page shows what is
    saved and lets it go; the file then gets the mapping step again."""
    con = duckdb.connect(str(empty_db))
    try:
        from budget import ingest

        ingest.save_mapping(con, "신용보증기금", {"instrument": ingest.every_row("fund")}, "clerk")
    finally:
        con.close()
    at = start(empty_db, monkeypatch, "pages/upload.py")
    at.text_input(key="upload_source").set_value("신용보증기금").run()
    data = "보증일자,업종,보증금액\n2024-01-10,미래차,500\n".encode()
    at.file_uploader[0].set_value(("1월.csv", data, "text/csv")).run()
    assert any("지원수단 = (열 없음) 모든 행: 펀드" in c.value for c in at.caption)
    at.button(key="upload_mapping_forget").click().run()
    assert not at.exception
    assert "「신용보증기금」의 저장된 열 지정을 지웠습니다" in at.success[0].value
    at.file_uploader[0].set_value(("1월.csv", data, "text/csv")).run()
    assert next(s.label for s in at.selectbox) == "지원수단 (필수)"  # the mapping step again
    con = duckdb.connect(str(empty_db))
    try:
        assert con.execute("SELECT count(*) FROM column_mapping").fetchall() == [(0,)]
        assert con.execute("SELECT action, subject FROM audit_log").fetchall()[-1] == (
            "mapping_forgotten",
            "신용보증기금",
        )
    finally:
        con.close()


def test_rows_rejected_before_m007_show_the_pages_language(empty_db, monkeypatch):
    """A row rejected before each language was stored apart holds "한국어 / English" in one."""
    con = duckdb.connect(str(empty_db))
    try:
        from budget import ingest

        ingest.load(con, ingest.check(con, GOOD, "1월.csv"), "clerk")
        con.execute(
            "UPDATE rejected_row SET message = '알 수 없는 분야입니다: 우주 / Unknown sector: 우주', message_en = NULL,"
            " value = NULL, want = NULL"  # (nor its value apart: m009)
        )
    finally:
        con.close()
    korean = start(empty_db, monkeypatch, "pages/batches.py")
    assert list(korean.dataframe[1].value["내용"]) == ["알 수 없는 분야입니다: 우주"]
    english = start(empty_db, monkeypatch, "pages/batches.py", lang="en")
    assert list(english.dataframe[1].value["Message"]) == ["Unknown sector: 우주"]


def test_rejected_rows_name_their_field_as_the_file_did(empty_db, monkeypatch):
    """The batch list named a rejected row's field as the programme does (분야, 집행일자) where the
    upload report had named it as the file does (업종, 보증일자): both now say the file's name."""
    from budget import ingest

    data = "\n".join(
        [
            "보증번호,보증일자,지원수단,업종,보증금액",
            "G1,2024-01-05,보증,미래차,5",
            "G2,2024-01-32,보증,미래차,3",
            "G3,2024-01-07,보증,우주,2",
        ]
    ).encode("cp949")
    con = duckdb.connect(str(empty_db))
    try:
        ingest.load(con, ingest.check(con, data, "업종.csv"), "clerk")
    finally:
        con.close()
    korean = start(empty_db, monkeypatch, "pages/batches.py")
    assert not korean.exception
    assert list(korean.dataframe[1].value["항목"]) == ["보증일자", "업종"]  # rows 3 (R002) and 4 (R005)
    # the value given and expected, as the upload report gave them (m009): January has no 32nd day
    table = korean.dataframe[1].value
    assert list(table["입력값"]) == ["2024-01-32", "우주"]
    assert list(table["기대값"]) == ["2024-01-01..2024-01-31", expected_text("R005", "ko")]
    english = start(empty_db, monkeypatch, "pages/batches.py", lang="en")
    assert list(english.dataframe[1].value["Field"]) == ["보증일자", "업종"]  # as the file's header says
    # a batch loaded before the file's names were kept (m008): the programme's names, as before
    con = duckdb.connect(str(empty_db))
    try:
        con.execute("UPDATE upload_batch SET headers = NULL")
    finally:
        con.close()
    before = start(empty_db, monkeypatch, "pages/batches.py")
    assert list(before.dataframe[1].value["항목"]) == [t("field_paid_on", "ko"), t("field_sector", "ko")]
    # rows rejected before the value was kept (m009): none given, the rule's own expected
    con = duckdb.connect(str(empty_db))
    try:
        con.execute("UPDATE rejected_row SET value = NULL, want = NULL")
    finally:
        con.close()
    before = start(empty_db, monkeypatch, "pages/batches.py", lang="en")
    assert list(before.dataframe[1].value["Value given"]) == ["", ""]
    assert list(before.dataframe[1].value["Expected"]) == [expected_text("R002", "en"), expected_text("R005", "en")]


def test_names_from_a_file_are_shown_as_they_are():
    # a column called "금액_백만원_계" or "*비고*" would turn italic or bold in Streamlit's Markdown
    from pages._common import plain

    assert plain("금액_백만원_계") == "금액\\_백만원\\_계"
    assert plain("*비고* [1] $5 <b>") == "\\*비고\\* \\[1\\] \\$5 \\<b\\>"
    assert plain("`python -m budget import`") == "`python -m budget import`"  # the catalogue's commands


def test_a_total_that_disagrees_is_said_to_in_the_files_unit(empty_db, monkeypatch):
    # X004 was one warning row among the report's, where an agreeing total got a green banner (the
    # walker of the eleventh session): it gets its own, saying by how much, against which rows
    data = GOOD.replace("1,203".encode("cp949"), "1,223".encode("cp949"))  # 1,200 + 3 is 1,203, not 1,223
    at = start(empty_db, monkeypatch, "pages/upload.py")
    at.file_uploader[0].set_value(("1월.csv", data, "text/csv")).run()
    assert not at.exception and not at.success
    assert [w.value for w in at.warning] == [
        "파일의 합계 (6행, 1,223백만원 = 1,223,000,000원)가 거부된 행까지 더한 지급 행들의 합 "
        "(1,203백만원 = 1,203,000,000원)보다 20백만원 많습니다. 빠지거나 두 번 적힌 행이 없는지 파일을 확인하세요 (X004)."
    ]
    report = at.dataframe[0].value
    assert list(report[report["규칙"] == "X004"]["입력값"]) == ["1,223백만원 (+20백만원)"]
    # loaded all the same: said again once the report has gone, and kept in the audit log
    next(b for b in at.button if b.label == "적재하기").click().run()
    assert at.success[0].value.endswith(
        "파일의 합계(6행)는 지급 행들의 합과 맞지 않았습니다 (X004): 변경 기록에도 남았습니다."
    )
    con = duckdb.connect(str(empty_db))
    try:
        detail = con.execute("SELECT detail FROM audit_log WHERE action = 'batch_loaded'").fetchall()[0][0]
    finally:
        con.close()
    assert detail.endswith("; X004 row 6: total 1,223,000,000 KRW, rows 1,203,000,000 KRW")
    english = start(empty_db, monkeypatch, "pages/upload.py", lang="en")
    other = data.replace(b"1,223", b"1,190").replace(b"B1,", b"C1,").replace(b"B2,", b"C2,")  # (ids not loaded yet)
    english.file_uploader[0].set_value(("2월.csv", other, "text/csv")).run()
    assert [w.value for w in english.warning] == [  # 1,190 is nearer the 1,200 to load than the 1,203 of all
        "The file's own total (row 6, 1,190백만원 = KRW 1,190,000,000) is 10백만원 less than the sum of the rows to "
        "load (1,200백만원 = KRW 1,200,000,000). Check the file for a row left out or written twice (X004)."
    ]


def test_a_total_not_compared_is_said_not_to_be(empty_db, monkeypatch):
    # an amount that cannot be read ("abc"): the file's 합계 is not compared, and the page says so
    # where the clerk would expect the green "agrees" or an X004 (the walker of the tenth session)
    data = "\n".join([HEADER, "C1,2024-01-05,보증,미래차,100,(주)가,경기", "C2,2024-01-06,보증,조선,abc,(주)나,부산",
                      "합계,,,,150,,"]).encode("cp949")  # fmt: skip
    at = start(empty_db, monkeypatch, "pages/upload.py")
    at.file_uploader[0].set_value(("8월.csv", data, "text/csv")).run()
    assert not at.exception and not at.success
    assert any(i.value.startswith("파일의 합계 (4행)는 지급 행들의 합과 비교하지 않았습니다") for i in at.info)


def test_a_plans_report_gives_its_rules_in_full_and_downloads(empty_db, monkeypatch):
    # a plan's report cut the sectors expected, with no way to read them, and had no CSV (the walker
    # of the eleventh session); a plan with an error row is refused whole
    at = start(empty_db, monkeypatch, "pages/upload.py")
    at.radio[0].set_value("allocations").run()
    plan = "\n".join(["지원수단,분야,연도,배분액(억원)", "보증,미래차,2021,100", "보증,반도체,2022,50"]).encode()
    at.file_uploader[0].set_value(("plan.csv", plan, "text/csv")).run()
    assert not at.exception
    whole = next(e for e in at.expander if e.label == "잘린 내용과 기대값 전체 보기 (규칙별)")
    assert any("섬유·화학, 에너지, 기계" in line for line in whole.markdown[0].value.splitlines())  # not cut
    assert "보고서 CSV" in [d.proto.label for d in at.get("download_button")]
    assert next(b for b in at.button if b.key == "upload_confirm_plan").disabled  # refused whole (P005)


def test_a_plan_uploaded_as_payments_is_told_to_choose_the_plan_kind(empty_db, monkeypatch):
    # the walker of the eleventh session left the kind at "Disbursements": the page asked for a date
    # paid, and said nothing of the plan's header it had read
    at = start(empty_db, monkeypatch, "pages/upload.py")
    plan = "\n".join(["(단위: 억원)", "지원수단,분야,연도,배분액", "보증,미래차,2021,100"]).encode()
    at.file_uploader[0].set_value(("plan.csv", plan, "text/csv")).run()
    assert not at.exception
    assert any(i.value.startswith("이 파일의 머리글은 배분 계획의 것입니다") for i in at.info)
    payments = "\n".join([HEADER, "C1,2024-01-05,보증,미래차,1,(주)가,경기"]).encode()
    at.file_uploader[0].set_value(("pay.csv", payments, "text/csv")).run()
    assert not any(i.value.startswith("이 파일의 머리글은 배분 계획의 것입니다") for i in at.info)  # payments: no
