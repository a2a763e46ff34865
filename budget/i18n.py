"""The one Korean/English catalogue of user-visible strings.

Pages and charts ask for text by key; names of sectors, instruments and regions come
from the seed files in ``data/`` (they carry both languages).
"""

from __future__ import annotations

LANGS = ("ko", "en")
DEFAULT_LANG = "ko"

CATALOGUE: dict[str, dict[str, str]] = {
    # shell
    "app_title": {
        "ko": "산업 디지털 전환 재정 대시보드",
        "en": "Industrial Digital Transformation Funding Dashboard",
    },
    "app_subtitle": {
        "ko": "산업통상자원부 「산업 디지털 전환 연대」 2.9조원+ 지원 (2020–2025)",
        "en": "MOTIE's Industrial Digital Transformation Alliance: KRW 2.9tn+ of support (2020–2025)",
    },
    "nav_overview": {"ko": "개요", "en": "Overview"},
    "language": {"ko": "언어 / Language", "en": "Language / 언어"},
    # overview
    "headline_envelope": {"ko": "총 지원 규모", "en": "Programme envelope"},
    "headline_disbursed": {"ko": "집행액 (누계)", "en": "Disbursed to date"},
    "headline_rate": {"ko": "집행률", "en": "Execution rate"},
    "headline_rate_help": {
        "ko": "집행액 ÷ 총 지원 규모",
        "en": "Disbursed ÷ programme envelope",
    },
    "headline_stated": {
        "ko": "발표: 「2조 9,000억원 이상」, 4개 수단 합계",
        "en": "Announced as “more than KRW 2.9tn”; the four instruments' sum",
    },
    "instruments_header": {"ko": "지원 수단별 규모", "en": "The four instruments"},
    "instrument_delivered_by": {"ko": "집행 기관", "en": "Delivered by"},
    "instrument_period": {"ko": "기간", "en": "Period"},
    "breakdown_header": {
        "ko": "수단·분야별 배분 (기준안)",
        "en": "Allocation by instrument and sector (baseline)",
    },
    "chart_breakdown_title": {
        "ko": "지원 수단별 배분과 집행 — 분야별 구성",
        "en": "Allocation and disbursement by instrument, by sector",
    },
    "chart_breakdown_allocated": {"ko": "배분", "en": "Allocated"},
    "chart_breakdown_disbursed": {"ko": "집행", "en": "Disbursed"},
    "alliance_header": {"ko": "산업 디지털 전환 연대 현황", "en": "The alliance in numbers"},
    "alliance_sectors": {"ko": "참여 업종", "en": "Sectors"},
    "alliance_members": {"ko": "참여 기업·기관", "en": "Member organisations"},
    "alliance_projects": {"ko": "발굴 과제 (연간)", "en": "Projects found (in the year)"},
    "alliance_as_of": {"ko": "{date} 기준", "en": "as of {date}"},
    "milestones_header": {"ko": "보도된 주요 사실", "en": "Reported milestones"},
    "col_date": {"ko": "일자", "en": "Date"},
    "col_fact": {"ko": "내용", "en": "Fact"},
    "col_source": {"ko": "출처", "en": "Source"},
    "col_instrument": {"ko": "지원 수단", "en": "Instrument"},
    "col_sector": {"ko": "분야", "en": "Sector"},
    "col_amount": {"ko": "금액 (원)", "en": "Amount (KRW)"},
    "col_allocated": {"ko": "배분액 (원)", "en": "Allocated (KRW)"},
    "col_disbursed": {"ko": "집행액 (원)", "en": "Disbursed (KRW)"},
    "col_envelope": {"ko": "규모 (원)", "en": "Envelope (KRW)"},
    "show_table": {"ko": "표로 보기", "en": "Show as table"},
    "download_csv": {"ko": "CSV 내려받기", "en": "Download CSV"},
    "synthetic_banner": {
        "ko": "⚠️ 집행 데이터는 시연용 합성 데이터입니다 ({rows}건, 고정 시드로 생성). 실제 집행 실적이 아닙니다.",
        "en": "⚠️ Disbursements shown are SYNTHETIC demo data ({rows} rows, generated from a fixed seed). They are not real payments.",
    },
    "synthetic_banner_mixed": {
        "ko": "⚠️ 집행 데이터 {total}건 중 {rows}건은 시연용 합성 데이터입니다 (고정 시드로 생성). 실제 실적만 보려면 적재 배치 화면에서 합성 배치를 되돌리세요.",
        "en": "⚠️ {rows} of the {total} disbursement rows are SYNTHETIC demo data (generated from a fixed seed). To see real payments only, revert the synthetic batch on the Batches page.",
    },
    "assumed_split_note": {
        "ko": "ℹ️ 분야·연도별 배분은 가정입니다: 발표 자료에는 분야·연도별 배분이 없어, 각 수단의 기간에 연도별로 균등, 해당 연도 참여 업종에 균등 배분했습니다. 실제 배분 계획이 업로드되면 대체됩니다.",
        "en": "ℹ️ The split by sector and year is an assumption: the announcements give none, so each instrument is spread evenly over the years of its period and evenly over the sectors active in each year. It will be replaced when a real allocation plan is uploaded.",
    },
    "chart_source": {
        "ko": "출처: 산업통상자원부 발표 (전자신문 2020-10-28 등 보도), 후속 보도",
        "en": "Source: MOTIE announcement (etnews and others, 2020-10-28) and later press reports",
    },
    "chart_as_of": {"ko": "자료 기준: {as_of}", "en": "Data as of {as_of}"},
    "chart_assumed": {
        "ko": "분야 배분은 가정 (균등 배분 기준안)",
        "en": "Sector split assumed (equal-split baseline)",
    },
    "source_line": {
        "ko": "출처: 산업통상자원부 발표 (전자신문 2020-10-28 등 보도), 후속 보도 · 자료 기준: {as_of}",
        "en": "Source: MOTIE announcement (reported by etnews and others, 2020-10-28) and later press reports · Data as of {as_of}",
    },
    "source_synthetic": {
        "ko": " · 집행: 합성 데모 데이터",
        "en": " · Disbursements: synthetic demo data",
    },
    "no_disbursements": {
        "ko": "아직 집행 자료가 없습니다. 집행 파일이 업로드되면 여기에 표시됩니다.",
        "en": "No disbursements yet. They appear here once disbursement files are uploaded.",
    },
    "not_initialised": {
        "ko": "데이터베이스가 아직 준비되지 않았습니다. 먼저 `python -m budget init` 을 실행하세요 (`make run` 은 자동으로 실행합니다).",
        "en": "The database is not set up yet. Run `python -m budget init` first (`make run` does it for you).",
    },
    "db_locked": {
        "ko": "데이터베이스 파일 {path} 을(를) 다른 프로세스(PID {pid})가 사용 중입니다. 그 작업이 끝난 뒤 다시 시도하세요.",
        "en": "The database file {path} is in use by another process (PID {pid}). Try again when it has finished.",
    },
    "db_locked_unknown_pid": {"ko": "알 수 없음", "en": "unknown"},
    "no_plan": {
        "ko": "배분 계획(기준안)이 데이터베이스에 없습니다. `python -m budget init` 을 실행하면 기준안이 다시 만들어집니다.",
        "en": "The database holds no allocation plan (not even the baseline). Run `python -m budget init` to recreate the baseline.",
    },
    "db_unreadable": {
        "ko": "데이터베이스 파일 {path} 을(를) 열 수 없습니다: {reason}",
        "en": "The database file {path} cannot be opened: {reason}",
    },
    "nav_allocation": {"ko": "배분", "en": "Allocation"},
    "nav_uptake": {"ko": "집행", "en": "Uptake"},
    # filters
    "filters_header": {"ko": "보기 조건", "en": "View"},
    "baseline_name": {"ko": "기준안 (가정 배분)", "en": "baseline (assumed split)"},
    "breakdown_header_plan": {"ko": "수단·분야별 배분 ({name})", "en": "Allocation by instrument and sector ({name})"},
    "filter_instrument": {"ko": "지원 수단", "en": "Instruments"},
    "filter_sector": {"ko": "분야", "en": "Sectors"},
    "filter_years": {"ko": "연도", "en": "Years"},
    "filter_scenario": {"ko": "시나리오", "en": "Scenario"},
    "filter_all": {"ko": "전체", "en": "All"},
    "filter_reset": {"ko": "조건 초기화", "en": "Reset view"},
    "filter_link_help": {
        "ko": "주소창의 링크를 복사하면 같은 화면이 다시 열립니다.",
        "en": "Copy the address bar's link to reopen this exact view.",
    },
    "view_line": {"ko": "보기: {what}", "en": "Showing: {what}"},
    "scenario_plan_note": {
        "ko": "시나리오 「{name}」: 계획이며 실제 지급액이 아닙니다.",
        "en": "Scenario “{name}”: a plan, not money paid.",
    },
    # allocation page
    "allocation_title": {"ko": "배분: 분야 × 연도 × 지원 수단", "en": "Allocation by sector, year and instrument"},
    "chart_alloc_year_title": {"ko": "연도별 배분 (지원 수단별)", "en": "Allocation by year, by instrument"},
    "chart_alloc_heatmap_title": {"ko": "분야 × 연도 배분", "en": "Allocation by sector and year"},
    "chart_alloc_tree_title": {
        "ko": "총 규모 → 지원 수단 → 분야",
        "en": "Programme → instrument → sector",
    },
    "programme": {"ko": "전체 사업", "en": "Programme"},
    "col_year": {"ko": "연도", "en": "Year"},
    "col_region": {"ko": "지역", "en": "Region"},
    "col_recipient": {"ko": "수혜 기업", "en": "Recipient"},
    "col_payments": {"ko": "건수", "en": "Payments"},
    "col_month": {"ko": "월", "en": "Month"},
    "col_remaining": {"ko": "잔액 (원)", "en": "Remaining (KRW)"},
    "col_rate": {"ko": "집행률 (%)", "en": "Execution rate (%)"},
    "col_part": {"ko": "구분", "en": "Part"},
    "col_plan_cum": {"ko": "계획 누계 (원)", "en": "Plan, cumulative (KRW)"},
    "col_paid_cum": {"ko": "집행 누계 (원)", "en": "Paid, cumulative (KRW)"},
    "col_plan": {"ko": "계획 (원)", "en": "Plan (KRW)"},
    "col_paid_to_date": {"ko": "현재까지 집행 (원)", "en": "Paid to date (KRW)"},
    "col_pace": {"ko": "월평균 집행 (원)", "en": "Monthly pace (KRW)"},
    "col_landing": {"ko": "2025년 말 추정 (원)", "en": "Estimate at end-2025 (KRW)"},
    "col_gap": {"ko": "계획 대비 차이 (원)", "en": "Gap to plan (KRW)"},
    "no_allocation": {
        "ko": "선택한 조건에 배분된 금액이 없습니다.",
        "en": "Nothing is allocated in this view.",
    },
    "no_uptake": {
        "ko": "선택한 조건에는 배분된 금액도 집행도 없습니다. 조건을 넓혀 보세요.",
        "en": "Nothing is allocated or paid in this view. Widen the filters to see more.",
    },
    # uptake page
    "uptake_title": {"ko": "집행 현황: 규모 ⊃ 배분 ⊃ 집행", "en": "Uptake: envelope ⊃ allocated ⊃ disbursed"},
    "headline_allocated": {"ko": "배분액", "en": "Allocated"},
    "headline_remaining": {"ko": "배분 잔액", "en": "Remaining to pay"},
    "headline_rate_alloc": {"ko": "집행률 (배분 대비)", "en": "Execution rate (of allocation)"},
    "headline_rate_alloc_help": {"ko": "집행액 ÷ 배분액", "en": "Disbursed ÷ allocated"},
    "measure_envelope": {"ko": "총 규모", "en": "Envelope"},
    "measure_allocated": {"ko": "배분", "en": "Allocated"},
    "measure_disbursed": {"ko": "집행", "en": "Disbursed"},
    "chart_nested_instrument_title": {
        "ko": "지원 수단별 규모 ⊃ 배분 ⊃ 집행<br><sup>가장 옅은 막대: 총 규모 · 중간: 배분 · 진한 막대: 집행</sup>",
        "en": "Envelope ⊃ allocated ⊃ disbursed, by instrument<br><sup>Palest bar: envelope · middle: allocated · darkest: disbursed</sup>",
    },
    "chart_nested_instrument_title_no_envelope": {
        "ko": "지원 수단별 배분 ⊃ 집행<br><sup>옅은 막대: 배분 · 진한 막대: 집행</sup>",
        "en": "Allocated ⊃ disbursed, by instrument<br><sup>Pale bar: allocated · dark bar: disbursed</sup>",
    },
    "chart_nested_sector_title": {
        "ko": "분야별 배분 ⊃ 집행<br><sup>옅은 막대: 배분 · 진한 막대: 집행</sup>",
        "en": "Allocated ⊃ disbursed, by sector<br><sup>Pale bar: allocated · dark bar: disbursed</sup>",
    },
    "nested_sector_note": {
        "ko": "총 규모는 분야별로 발표되지 않아 분야별로는 배분과 집행만 보입니다. 막대를 누르면 그 분야만 봅니다.",
        "en": "The envelope is not split by sector, so sectors show allocation and payments only. Click a bar to filter to its sector.",
    },
    "chart_parts_title": {
        "ko": "전체 중 집행 · 미보고 · 미배분",
        "en": "The whole: paid, not yet reported, unallocated",
    },
    "part_disbursed_within_plan": {"ko": "집행", "en": "Disbursed"},
    "part_disbursed_over_plan": {"ko": "배분 초과 집행", "en": "Paid beyond the plan"},
    "part_not_yet_reported": {"ko": "배분 · 집행 미보고", "en": "Allocated, not yet reported paid"},
    "part_unallocated": {"ko": "미배분", "en": "Unallocated"},
    "parts_whole_envelope": {
        "ko": "전체 = 선택한 지원 수단의 총 규모 {whole}",
        "en": "Whole = the envelope of the chosen instruments, {whole}",
    },
    "parts_whole_plan": {
        "ko": "전체 = 선택한 조건의 배분액 {whole} (총 규모는 분야·연도별로 나뉘어 있지 않음)",
        "en": "Whole = the allocation in this view, {whole} (the envelope has no split by sector or year)",
    },
    "chart_curve_title": {
        "ko": "월별 누적 집행 (S-곡선)과 배분 계획",
        "en": "Cumulative monthly payments (S-curve) against the plan",
    },
    "curve_plan": {"ko": "계획", "en": "plan"},
    "curve_paid": {"ko": "집행", "en": "paid"},
    "curve_projection": {"ko": "추정", "en": "estimate"},
    "landing_header": {"ko": "2025년 말 도달 추정 (추정치)", "en": "Where it lands at end-2025 (an estimate)"},
    "landing_method": {
        "ko": "추정 방법: 현재까지 집행액 + 최근 6개월(완결된 달) 월평균 집행액 × 2025년 12월까지 남은 개월 수. 예측이 아니라 현재 속도가 유지될 때의 값입니다.",
        "en": "Method: paid to date plus the average of the last six complete months, times the months left to December 2025. Not a forecast: where the current pace would take it.",
    },
    "landing_metric": {"ko": "2025년 말 추정 집행액", "en": "Estimated paid by end-2025"},
    "landing_gap": {"ko": "{gap} (계획 대비)", "en": "{gap} against the plan"},
    "landing_needs_2025": {
        "ko": "도달 추정은 연도 범위가 2025년까지일 때 보입니다.",
        "en": "The landing estimate shows when the year range reaches 2025.",
    },
    "chart_recipients_title": {"ko": "집행액 상위 20개 수혜 기업", "en": "Top 20 recipients by amount paid"},
    "chart_regions_title": {"ko": "시도별 집행", "en": "Payments by region"},
    "region_unknown": {"ko": "미기재", "en": "Not stated"},
    "total": {"ko": "합계", "en": "Total"},
    # upload and batches
    "nav_upload": {"ko": "업로드", "en": "Upload"},
    "nav_batches": {"ko": "배치", "en": "Batches"},
    "upload_title": {"ko": "파일 업로드: 집행 실적과 배분 계획", "en": "Upload: disbursements and allocation plans"},
    "upload_help_disbursements": {
        "ko": "CSV(UTF-8, CP949, UTF-16; 쉼표·탭·세미콜론·세로줄) 또는 .xlsx. 제목 줄과 「(단위: 백만원)」 줄, 합계 행이 있어도 됩니다. 필수 열: 집행일자, 지원수단, 분야, 금액.",
        "en": "CSV (UTF-8, CP949 or UTF-16; comma, tab, semicolon or pipe) or .xlsx. Title lines, a “(단위: 백만원)” unit line and a 합계 total row are fine. Required columns: date, instrument, sector, amount.",
    },
    "upload_help_allocations": {
        "ko": "배분 계획: 지원수단, 분야, 연도(2020–2025), 배분액 열. 적재하면 이 계획이 가정 배분(기준안)을 대신합니다. 오류 행이 있으면 계획 전체를 받지 않습니다.",
        "en": "Allocation plan: columns instrument, sector, year (2020–2025) and amount. Once loaded it replaces the assumed split (baseline). A plan with any error row is not taken at all.",
    },
    "upload_kind": {"ko": "파일 종류", "en": "Kind of file"},
    "upload_sheet": {"ko": "시트", "en": "Sheet"},
    "upload_source": {"ko": "보낸 기관 (선택)", "en": "Sent by (optional)"},
    "upload_source_help": {
        "ko": "예: 신용보증기금. 이 기관의 열 이름 지정을 저장해 두면 다음 달 파일에 그대로 씁니다. 집행번호는 같은 기관의 것끼리만 겹침을 봅니다.",
        "en": "E.g. KODIT. A column mapping saved for this body is used again for its next file. Payment ids are compared with this body's own only.",
    },
    "upload_mapping_applied": {
        "ko": "「{source}」의 저장된 열 지정을 썼습니다: {fields}.",
        "en": "The mapping saved for “{source}” was used: {fields}.",
    },
    "upload_mapping_column": {"ko": "「{column}」 열", "en": "column “{column}”"},
    "upload_mapping_forget": {"ko": "저장된 열 지정 지우기", "en": "Forget the saved mapping"},
    "upload_mapping_forgotten": {
        "ko": "「{source}」의 저장된 열 지정을 지웠습니다. 파일을 다시 올리면 열을 새로 고를 수 있습니다.",
        "en": "The mapping saved for “{source}” is forgotten. Upload the file again to choose the columns anew.",
    },
    "upload_mapping_fits": {
        "ko": "이 파일의 열 이름이 「{source}」의 저장된 열 지정과 맞습니다. 보낸 기관이 「{source}」이면 아래 단추로 그 지정을 쓰세요.",
        "en": "This file's column names fit the mapping saved for “{source}”. If “{source}” sent it, use that mapping with the button below.",
    },
    "upload_mapping_use": {
        "ko": "보낸 기관 「{source}」, 저장된 열 지정 쓰기",
        "en": "Sender “{source}”: use its saved mapping",
    },
    "upload_total_agrees": {
        "ko": "파일의 합계 ({row}행, {amount})가 지급 행들의 합과 맞습니다.",
        "en": "The file's own total (row {row}, {amount}) agrees with its payment rows.",
    },
    "upload_total_disagrees": {
        "ko": "파일의 합계 ({row}행, {said})가 {which} ({total})보다 {gap} {direction}. 빠지거나 두 번 적힌 행이 없는지 파일을 확인하세요 (X004).",
        "en": "The file's own total (row {row}, {said}) is {gap} {direction} than {which} ({total}). Check the file for a row left out or written twice (X004).",
    },
    "upload_done_total_off": {
        "ko": "파일의 합계({rows})는 지급 행들의 합과 맞지 않았습니다 (X004): 변경 기록에도 남았습니다.",
        "en": "The file's own total ({rows}) did not agree with its payment rows (X004): the audit log says so too.",
    },
    "upload_looks_like_plan": {
        "ko": "이 파일의 머리글은 배분 계획의 것입니다 (지원수단, 분야, 연도, 배분액). 배분 계획이면 위의 파일 종류에서 「배분 계획」을 고르세요.",
        "en": 'This file\'s header is an allocation plan\'s (instrument, sector, year, amount). If it is a plan, choose "Allocation plan" under "Kind of file" above.',
    },
    "upload_total_which_loaded": {"ko": "적재할 행들의 합", "en": "the sum of the rows to load"},
    "upload_total_which_all": {
        "ko": "거부된 행까지 더한 지급 행들의 합",
        "en": "the sum of the payment rows, the rejected ones included",
    },
    "upload_total_more": {"ko": "많습니다", "en": "more"},
    "upload_total_less": {"ko": "적습니다", "en": "less"},
    "upload_total_unchecked": {
        "ko": "파일의 합계 ({rows}행)는 지급 행들의 합과 비교하지 않았습니다: 금액을 읽을 수 없는 행이 있습니다. 그 행을 고쳐 다시 올리면 비교합니다.",
        "en": "The file's own total (row {rows}) was not compared with its payment rows: an amount cannot be read. Mend that row and upload the file again to have it compared.",
    },
    "upload_total_agrees_all": {
        "ko": "파일의 합계 ({row}행, {amount})가 거부된 행까지 더한 지급 행들의 합과 맞습니다. 적재할 금액은 거부된 행을 뺀 금액입니다.",
        "en": "The file's own total (row {row}, {amount}) agrees with its payment rows, the rejected ones included. The amount to load leaves the rejected rows out.",
    },
    "upload_resend": {
        "ko": "이 파일의 지급 중 이미 적재된 것이 있습니다 (배치 {batches}). 고친 파일을 다시 보내는 것이면, 그 배치를 먼저 되돌린 뒤 올리세요.",
        "en": "Some payments of this file are already loaded (batch {batches}). If this is a corrected file sent again, revert that batch first, then upload it.",
    },
    "upload_see_batches": {"ko": "적재 배치 보기 (되돌리기)", "en": "See the batches (to revert one)"},
    "upload_mapping_saved": {
        "ko": "열 지정을 「{source}」용으로 저장했습니다.",
        "en": "The mapping is saved for “{source}”.",
    },
    "upload_save_needs_source": {
        "ko": "위의 「보낸 기관」을 적으면 이 열 지정을 그 기관용으로 저장해, 다음 달 파일에 다시 쓸 수 있습니다.",
        "en": "Type the body that sent the file (“Sent by” above) to save this mapping for it, for next month's file.",
    },
    "upload_save_mapping": {
        "ko": "이 열 지정을 「{source}」용으로 저장 (적재할 때)",
        "en": "Save this mapping for “{source}” (when loading)",
    },
    "upload_kind_disbursements": {"ko": "집행 실적", "en": "Disbursements"},
    "upload_kind_allocations": {"ko": "배분 계획", "en": "Allocation plan"},
    "upload_plan_cells": {"ko": "계획 칸 (수단×분야×연도)", "en": "Plan cells (instrument × sector × year)"},
    "upload_plan_total": {"ko": "계획 합계", "en": "Plan total"},
    "upload_plan_done": {
        "ko": "배치 {batch}: 배분 계획을 적재했습니다 (시나리오 {scenario}, 합계 {amount}). 모든 화면이 이 계획을 씁니다.",
        "en": "Batch {batch}: the allocation plan is loaded (scenario {scenario}, total {amount}). Every screen now uses it.",
    },
    "upload_file": {"ko": "파일", "en": "File"},
    "upload_button": {"ko": "파일 선택", "en": "Upload"},
    "upload_limit": {"ko": "끌어다 놓거나 고르세요 · 파일당 {mb}MB까지 · {types}", "en": "{mb}MB per file • {types}"},
    "upload_strict": {
        "ko": "엄격 모드: 오류 행이 하나라도 있으면 파일 전체를 거부",
        "en": "Strict: refuse the whole file if any row has an error",
    },
    "upload_as": {"ko": "올리는 사람: {name}", "en": "Uploading as {name}"},
    "upload_refused": {
        "ko": "파일을 받을 수 없습니다 ({rule}): {message}",
        "en": "The file cannot be taken ({rule}): {message}",
    },
    "upload_not_yet": {
        "ko": "아직 적재할 수 없습니다 ({rule}): {message} 아래에서 열을 고르면 파일을 다시 검사합니다.",
        "en": "Not loadable yet ({rule}): {message} Once the columns are chosen below, the file is checked again.",
    },
    "upload_every_row": {
        "ko": "(열 없음) 모든 행: {name}",
        "en": "(no column) every row: {name}",
    },
    "upload_mapping": {
        "ko": "각 항목에 해당하는 열을 고르세요 (필수 항목은 꼭, 집행번호는 되도록: 같은 지급이 두 번 적재되는 것을 막습니다). 지원수단이나 분야 열이 없는 파일은 모든 행의 값을 하나 고를 수 있습니다 (보증기관의 파일: 모든 행이 보증).",
        "en": "Choose which column is which (the required ones, and the payment id if there is one: it stops the same payment loading twice). A file without an instrument or sector column may give every row one value (a guarantee fund's file: every row a guarantee).",
    },
    "upload_field_required": {"ko": "필수", "en": "required"},
    "upload_field_optional": {"ko": "선택", "en": "optional"},
    "upload_choose_column": {"ko": "열을 고르세요", "en": "Choose a column"},
    "field_source_id": {"ko": "집행번호", "en": "Payment id"},
    "field_paid_on": {"ko": "집행일자", "en": "Date paid"},
    "field_instrument": {"ko": "지원수단", "en": "Instrument"},
    "field_sector": {"ko": "분야", "en": "Sector"},
    "field_amount_krw": {"ko": "금액", "en": "Amount"},
    "field_recipient": {"ko": "기업명", "en": "Recipient"},
    "field_region": {"ko": "지역", "en": "Region"},
    "field_project": {"ko": "과제명", "en": "Project"},
    "field_year": {"ko": "연도", "en": "Year"},
    "upload_mapping_id": {
        "ko": "집행번호 열을 찾지 못했습니다. 지급마다 번호가 있는 열이 있으면 고르세요: 같은 지급이 다른 파일에 담겨 다시 와도 두 번 적재되지 않습니다.",
        "en": "No payment-id column was found. If a column numbers each payment, choose it: the same payments sent again in another file will then not load twice.",
    },
    "upload_mapping_id_chosen": {
        "ko": "집행번호로 「{column}」 열을 씁니다: 이미 적재된 번호는 다시 적재되지 않습니다.",
        "en": "The “{column}” column is used as the payment id: ids already loaded will not load again.",
    },
    "upload_rows_total": {"ko": "전체 행", "en": "Rows in the file"},
    "upload_read_as": {
        "ko": "읽은 방식: {encoding} · 금액 단위 {unit}",
        "en": "Read as: {encoding} · amounts in {unit}",
    },
    "upload_read_amount": {"ko": "금액 열 「{column}」", "en": "amount column “{column}”"},
    "upload_read_totals": {
        "ko": "합계·주석 행 {totals}개는 지급으로 세지 않음 (전체 행 = 적재 가능 + 거부 + 합계·주석 행)",
        "en": "{totals} total or note row(s) not counted as payments (rows in the file = can load + rejected + total and note rows)",
    },
    "upload_rows_ok": {"ko": "적재 가능", "en": "Can load"},
    "upload_rows_rejected": {"ko": "거부", "en": "Rejected"},
    "upload_amount": {"ko": "적재할 금액", "en": "Amount to load"},
    "upload_report": {"ko": "검증 보고서", "en": "Validation report"},
    "upload_no_issues": {"ko": "문제가 없습니다.", "en": "No problems found."},
    "upload_rules_in_full": {
        "ko": "잘린 내용과 기대값 전체 보기 (규칙별)",
        "en": "Messages and values expected in full (by rule)",
    },
    "rule_rows_one": {"ko": "{rows}행", "en": "row {rows}"},
    "rule_rows": {"ko": "{rows}행", "en": "rows {rows}"},
    "upload_rule_expected": {"ko": "기대값", "en": "expected"},
    "upload_download_report": {"ko": "보고서 CSV", "en": "Report (CSV)"},
    "upload_download_annotated": {"ko": "원본 + 오류 열 CSV", "en": "Original with an error column (CSV)"},
    "upload_confirm": {"ko": "적재하기", "en": "Load"},
    "upload_strict_blocked": {
        "ko": "엄격 모드라서 오류 행이 있는 이 파일은 적재할 수 없습니다.",
        "en": "Strict mode: this file has rows with errors and cannot load.",
    },
    "upload_nothing": {"ko": "적재할 행이 없습니다.", "en": "There is no row to load."},
    "upload_done": {
        "ko": "배치 {batch} 적재: {rows}건, {amount}.",
        "en": "Batch {batch} loaded: {rows} rows, {amount}.",
    },
    "upload_done_source": {"ko": "보낸 기관: {source}.", "en": "Sent by {source}."},
    "upload_done_rejected": {
        "ko": "거부된 {rejected}건은 사유와 함께 배치에 기록되었습니다 (배치 → 거부된 행).",
        "en": "The {rejected} rejected rows are kept with the batch, with their reasons (Batches → Rejected rows).",
    },
    "report_file": {"ko": "파일", "en": "file"},
    "report_row": {"ko": "행", "en": "Row"},
    "report_field": {"ko": "항목", "en": "Field"},
    "report_rule": {"ko": "규칙", "en": "Rule"},
    "report_severity": {"ko": "심각도", "en": "Severity"},
    "report_message": {"ko": "내용", "en": "Message"},
    "report_value": {"ko": "입력값", "en": "Value given"},
    "report_expected": {"ko": "기대값", "en": "Expected"},
    "row_expected": {"ko": "기대값", "en": "expected"},  # after a message, in a line of text
    "severity_fatal": {"ko": "오류", "en": "error"},
    "severity_warning": {"ko": "경고", "en": "warning"},
    "batches_title": {"ko": "적재 배치", "en": "Batches"},
    "batches_empty": {"ko": "아직 배치가 없습니다.", "en": "No batches yet."},
    "batches_revert": {"ko": "배치 되돌리기", "en": "Revert a batch"},
    "batches_revert_pick": {"ko": "되돌릴 배치", "en": "Batch to revert"},
    "batches_revert_button": {"ko": "되돌리기", "en": "Revert"},
    "batches_revert_help": {
        "ko": "되돌린 배치의 행은 모든 수치에서 빠지고, 감사를 위해 보관됩니다. 같은 파일을 다시 올릴 수 있습니다.",
        "en": "A reverted batch's rows leave every figure and are kept for audit. The same file may then be uploaded again.",
    },
    "batches_reverted": {
        "ko": "되돌렸습니다: 배치 {batch}의 행이 모든 수치에서 빠졌습니다.",
        "en": "Reverted: the rows of batch {batch} are out of every figure.",
    },
    "batches_rejects_count": {"ko": "거부 {rows}행", "en": "{rows} rejected"},
    "batches_loaded_count": {"ko": "적재 {rows}행", "en": "{rows} loaded"},
    "batches_no_rejects": {"ko": "거부된 행이 있는 배치가 없습니다.", "en": "No batch has rejected rows."},
    "batches_rejected_rows": {"ko": "거부된 행", "en": "Rejected rows"},
    "batches_rejected_csv": {"ko": "거부된 행 CSV (모든 열 전체)", "en": "Rejected rows (CSV, every column in full)"},
    "batches_revert_confirm": {
        "ko": "이 배치의 모든 행이 수치에서 빠지는 것을 확인했습니다",
        "en": "I understand every row of this batch leaves the figures",
    },
    "batches_pick": {"ko": "배치를 고르세요", "en": "Choose a batch"},
    "kind_disbursements": {"ko": "집행", "en": "disbursements"},
    "kind_allocations": {"ko": "배분 계획", "en": "allocation plan"},
    "kind_demo": {"ko": "합성 데모", "en": "synthetic demo"},
    "status_loaded": {"ko": "적재됨", "en": "loaded"},
    "status_reverted": {"ko": "되돌림", "en": "reverted"},
    "col_batch": {"ko": "배치", "en": "Batch"},
    "col_raw": {"ko": "원본 행", "en": "Row as sent"},
    "col_kind": {"ko": "종류", "en": "Kind"},
    "col_file": {"ko": "파일", "en": "File"},
    "col_sent_by": {"ko": "보낸 기관", "en": "Sent by"},
    "col_sha": {"ko": "SHA-256", "en": "SHA-256"},
    "col_by": {"ko": "올린 사람", "en": "By"},
    "col_at": {"ko": "일시", "en": "When"},
    "col_loaded": {"ko": "적재", "en": "Loaded"},
    "col_rejected": {"ko": "거부", "en": "Rejected"},
    "col_status": {"ko": "상태", "en": "Status"},
    "col_synthetic": {"ko": "합성", "en": "Synthetic"},
    "col_reverted": {"ko": "되돌림", "en": "Reverted"},
    # command line (printed in both languages)
    "cli_database": {"ko": "데이터베이스: {path}", "en": "database: {path}"},
    "cli_migrations": {"ko": "적용한 마이그레이션: {steps}", "en": "migrations applied: {steps}"},
    "cli_none": {"ko": "없음", "en": "none"},
    "cli_issue_row": {"ko": "행 {row}", "en": "row {row}"},
    "cli_issue_file": {"ko": "파일", "en": "file"},
    "cli_baseline_created": {"ko": "기준안(가정 배분)을 만들었습니다", "en": "baseline (assumed split) created"},
    "cli_baseline_exists": {"ko": "기준안이 이미 있습니다", "en": "baseline already there"},
    "cli_demo_loaded": {
        "ko": "합성 데모 집행 {rows}건을 적재했습니다 (합성 데이터, 실제 아님)",
        "en": "synthetic demo disbursements loaded: {rows} rows (SYNTHETIC, not real)",
    },
    "cli_envelope": {"ko": "총 지원 규모: {amount} ({won}원)", "en": "envelope: {amount} (KRW {won})"},
    "cli_allocated": {"ko": "배분 ({plan}): {amount} ({won}원)", "en": "allocated ({plan}): {amount} (KRW {won})"},
    "cli_disbursed": {
        "ko": "집행: {amount} ({won}원), 규모 대비 {rate}",
        "en": "disbursed: {amount} (KRW {won}), {rate} of the envelope",
    },
    "import_loaded": {
        "ko": "적재했습니다: 배치 {batch}, {loaded}건 ({amount}), 거부 {rejected}건",
        "en": "Loaded: batch {batch}, {loaded} row(s) ({amount}), {rejected} rejected",
    },
    "import_dry_run": {
        "ko": "검사만 했습니다 (저장하지 않음): 적재 가능 {loaded}건 ({amount}), 거부 {rejected}건",
        "en": "Checked only (nothing written): {loaded} row(s) could load ({amount}), {rejected} rejected",
    },
    "import_rejected": {
        "ko": "아무것도 적재하지 않았습니다: 거부 {rejected}건. 위 보고서를 보고 파일을 고쳐 다시 올리세요.",
        "en": "Nothing was loaded: {rejected} row(s) rejected. Fix the file using the report above and upload it again.",
    },
    "import_refused": {
        "ko": "파일을 받지 않았습니다 (아무것도 적재하지 않음). 위의 문제를 고쳐 다시 올리세요.",
        "en": "The file was refused (nothing was loaded). Fix the problem above and import it again.",
    },
    "import_duplicate": {
        "ko": "아무것도 적재하지 않았습니다: 이미 적재된 파일입니다.",
        "en": "Nothing was loaded: this file is already loaded.",
    },
    "import_no_file": {"ko": "파일이 없습니다: {path}", "en": "No such file: {path}"},
    "import_a_folder": {"ko": "파일이 아니라 폴더입니다: {path}", "en": "A folder, not a file: {path}"},
    "import_resend": {
        "ko": "이 파일의 지급 중 이미 적재된 것이 있습니다 (배치 {batches}). 고친 파일을 다시 보내는 것이면, 앱의 배치 화면에서 그 배치를 먼저 되돌린 뒤 다시 가져오세요.",
        "en": "Some payments of this file are already loaded (batch {batches}). If this is a corrected file sent again, revert that batch first on the app's batches page, then import it again.",
    },
    "cli_interrupted": {"ko": "중단했습니다 (Ctrl-C).", "en": "Interrupted (Ctrl-C)."},
    "cli_interrupted_import": {
        "ko": "중단했습니다. 진행 중이던 적재는 되돌려져 아무것도 저장되지 않았습니다.",
        "en": "Interrupted. The load under way was rolled back: nothing was written.",
    },
    "cli_interrupted_loaded": {
        "ko": "중단했습니다. 보고서 출력만 멈췄고 배치 {batch}번은 이미 적재되었습니다: 다시 가져오지 마세요.",
        "en": "Interrupted. Batch {batch} had already been loaded (only the report stopped): do not import it again.",
    },
    "cli_synthetic": {
        "ko": "주의: 집행 {rows}건 중 {synthetic}건은 합성 데모 데이터입니다",
        "en": "note: {synthetic} of {rows} disbursement rows are SYNTHETIC demo data",
    },
    "cli_mapping": {
        "ko": "「{source}」: {fields} (저장: {by}, {at})",
        "en": "“{source}”: {fields} (saved by {by}, {at})",
    },
    "cli_mappings_none": {"ko": "저장된 열 지정이 없습니다.", "en": "No column mapping is saved."},
    "cli_mapping_forgotten": {
        "ko": "「{source}」의 저장된 열 지정을 지웠습니다. 다음 파일은 열 지정 없이 읽습니다.",
        "en": "The mapping saved for “{source}” is forgotten. Its next file is read without it.",
    },
    "cli_mapping_not_found": {
        "ko": "「{source}」에 저장된 열 지정이 없습니다. `python -m budget mappings`로 저장된 것을 보세요.",
        "en": "No mapping is saved for “{source}”. See the saved ones with `python -m budget mappings`.",
    },
    "err_source_missing": {"ko": "--forget에 기관 이름을 지정하세요.", "en": "--forget needs a body's name."},
    "cli_published": {
        "ko": "스냅샷 {version}을(를) 발행했습니다: {file}",
        "en": "Published snapshot {version}: {file}",
    },
    "snapshot_none": {
        "ko": "발행된 스냅샷이 아직 없습니다 ({folder}). 편집 인스턴스에서 `python -m budget publish --out {folder}`를 실행하세요.",
        "en": "No snapshot has been published yet ({folder}). Run `python -m budget publish --out {folder}` on the editor instance.",
    },
    "snapshot_note": {
        "ko": "보기 전용 인스턴스: 발행된 스냅샷 {version}을(를) 보여 줍니다.",
        "en": "Viewer instance: showing published snapshot {version}.",
    },
    "snapshot_published": {
        "ko": "보기 전용 인스턴스에 스냅샷 {version}을(를) 발행했습니다.",
        "en": "Published snapshot {version} to the viewer instances.",
    },
    "snapshot_publish_failed": {
        "ko": "변경은 저장되었지만 스냅샷을 발행하지 못했습니다: {error}. 다음 변경 때 다시 발행하며, 복제 구성을 다시 시작할 때도(deploy/start.py) 발행합니다.",
        "en": "The change is saved, but the snapshot could not be published: {error}. The next change publishes again, and so does restarting the replica set (deploy/start.py).",
    },
    "snapshot_publishing": {
        "ko": "편집 인스턴스: 변경할 때마다 보기 전용 인스턴스에 발행합니다 (최신 스냅샷 {version}).",
        "en": "Editor instance: each change is published to the viewer instances (newest snapshot {version}).",
    },
    # who may change data
    "cli_password_empty": {"ko": "비밀번호가 비어 있습니다.", "en": "The password is empty."},
    "auth_local_note": {
        "ko": "로컬 모드: 이 앱은 이 컴퓨터(localhost)에서만 열려 있어 로그인 없이 편집할 수 있습니다.",
        "en": "Local mode: this app listens on this computer (localhost) only, so you can edit without signing in.",
    },
    "auth_read_only_note": {
        "ko": "읽기 전용: 로그인이 설정되지 않은 채 외부에 열려 있어 아무도 데이터를 바꿀 수 없습니다 (README 참고).",
        "en": "Read-only: the app is open beyond this computer with no sign-in configured, so nobody can change data (see the README).",
    },
    "auth_local_remote": {
        "ko": "보기 전용: 이 요청은 이 컴퓨터의 브라우저가 아닌 곳(프록시·포트 전달)에서 왔습니다. 편집하려면 비밀번호나 OIDC를 설정하세요.",
        "en": "Viewing only: this request came through a proxy or a forwarded port, not this computer's browser. Configure a password or OIDC to edit.",
    },
    "auth_not_on_list": {
        "ko": "{name}(으)로 로그인했지만 편집자 목록에 없어 보기만 할 수 있습니다.",
        "en": "Signed in as {name}, who is not on the editor list: viewing only.",
    },
    "auth_viewer": {"ko": "보기 전용입니다. 편집하려면 로그인하세요.", "en": "Viewing only. Sign in to edit."},
    "auth_signed_in": {"ko": "편집자로 로그인: {name}", "en": "Signed in as editor: {name}"},
    "auth_sign_in": {"ko": "편집자 로그인", "en": "Editor sign-in"},
    "auth_sign_out": {"ko": "로그아웃", "en": "Sign out"},
    "auth_name": {"ko": "이름 (기록에 남습니다)", "en": "Your name (recorded with each change)"},
    "auth_password": {"ko": "비밀번호", "en": "Password"},
    "auth_wrong": {
        "ko": "비밀번호가 맞지 않습니다. {seconds}초 뒤에 다시 시도하세요.",
        "en": "Wrong password. Try again in {seconds} s.",
    },
    "auth_wait": {"ko": "{seconds}초 뒤에 다시 시도하세요.", "en": "Try again in {seconds} s."},
    "auth_editors_only": {
        "ko": "편집자만 할 수 있습니다. 왼쪽에서 편집자로 로그인하세요.",
        "en": "Only editors can do this. Sign in as an editor in the sidebar.",
    },
    "nav_audit": {"ko": "변경 기록", "en": "Audit log"},
    "audit_title": {"ko": "변경 기록", "en": "Audit log"},
    "audit_intro": {
        "ko": "데이터를 바꾼 모든 일: 누가, 언제, 무엇을. 변경과 같은 트랜잭션에서 기록됩니다.",
        "en": "Every change to the data: who, when, what, recorded in the same transaction as the change.",
    },
    "audit_empty": {"ko": "아직 기록이 없습니다.", "en": "Nothing recorded yet."},
    "audit_download": {"ko": "CSV로 내려받기", "en": "Download CSV"},
    "audit_col_at": {"ko": "일시", "en": "When"},
    "audit_col_who": {"ko": "누가", "en": "Who"},
    "audit_col_action": {"ko": "무엇을", "en": "What"},
    "audit_col_subject": {"ko": "대상", "en": "Subject"},
    "audit_col_detail": {"ko": "내용", "en": "Detail"},
    "audit_batch_loaded": {"ko": "배치 적재", "en": "Batch loaded"},
    "audit_plan_loaded": {"ko": "배분 계획 적재", "en": "Plan loaded"},
    "audit_batch_reverted": {"ko": "배치 되돌림", "en": "Batch reverted"},
    "audit_mapping_saved": {"ko": "열 대응 저장", "en": "Column mapping saved"},
    "audit_mapping_forgotten": {"ko": "열 대응 지움", "en": "Column mapping forgotten"},
    "audit_scenario_saved": {"ko": "시나리오 저장", "en": "Scenario saved"},
    "audit_scenario_renamed": {"ko": "시나리오 이름 변경", "en": "Scenario renamed"},
    "audit_scenario_archived": {"ko": "시나리오 보관", "en": "Scenario archived"},
    "audit_scenario_restored": {"ko": "시나리오 보관 해제", "en": "Scenario restored"},
    # errors a person can act on (raised as BudgetError.of(key))
    "err_out_missing": {"ko": "--out에 폴더를 지정하세요.", "en": "--out needs a folder."},
    "err_out_not_folder": {"ko": "{out}은(는) 폴더가 아닙니다.", "en": "{out} is not a folder."},
    "err_no_scenario_id": {"ko": "시나리오 {id}이(가) 없습니다.", "en": "There is no scenario {id}."},
    "err_cannot_write": {"ko": "{out}에 쓸 수 없습니다: {error}", "en": "Cannot write to {out}: {error}"},
    "err_held_elsewhere": {
        "ko": "검증한 연결과 다른 연결에서 적재할 수 없습니다. 다시 검증하세요.",
        "en": "These rows were checked on another connection: check the file again.",
    },
    "err_keep_positive": {
        "ko": "--keep은 1 이상이어야 합니다 (가장 최근 스냅샷은 항상 남깁니다).",
        "en": "--keep must be 1 or more (the newest snapshot is always kept).",
    },
    "err_snapshot_exists": {
        "ko": "같은 버전의 스냅샷이 이미 있습니다: {target}",
        "en": "A snapshot of that version exists: {target}",
    },
    "sc_err_nothing_to_split": {"ko": "나눌 대상이 없습니다", "en": "there is nothing to split the amount over"},
    "sc_err_no_rest": {
        "ko": "나머지 부분이 없어 총액을 고정할 수 없습니다",
        "en": "there is nothing else to give way: the total cannot stay locked",
    },
    "sc_err_negative_share": {"ko": "비중은 음수일 수 없습니다", "en": "a share cannot be negative"},
    "sc_err_zero_shares": {"ko": "비중의 합이 0입니다", "en": "the shares add up to zero"},
    "sc_err_unknown_phasing": {"ko": "알 수 없는 배분 방식: {preset}", "en": "unknown phasing: {preset}"},
    "sc_err_negative_weight": {"ko": "연도 비중은 음수일 수 없습니다", "en": "a year's weight cannot be negative"},
    "sc_err_rate_range": {
        "ko": "집행률은 0%에서 200% 사이여야 합니다",
        "en": "an uptake rate must be between 0% and 200%",
    },
    "sc_err_unknown_instrument": {"ko": "알 수 없는 지원수단: {instrument}", "en": "unknown instrument: {instrument}"},
    "sc_err_unknown_sector": {"ko": "알 수 없는 분야: {sector}", "en": "unknown sector: {sector}"},
    "sc_err_not_a_number": {"ko": "숫자가 아닙니다: {value}", "en": "not a number: {value}"},
    "sc_err_too_large": {
        "ko": "너무 큰 금액입니다: {value} (최대 100조원). 원 단위 숫자를 넣으셨나요?",
        "en": "That amount is too large: {value} (at most KRW 100tn). Was it typed in won?",
    },
    "sc_err_negative_envelope": {"ko": "규모는 음수일 수 없습니다", "en": "an envelope cannot be negative"},
    "sc_err_no_name": {"ko": "시나리오 이름을 입력하세요.", "en": "Give the scenario a name."},
    "sc_err_name_chars": {
        "ko": "이름에 쓸 수 없는 문자가 있습니다: {chars}",
        "en": "A name cannot hold these characters: {chars}",
    },
    "sc_err_name_long": {"ko": "이름은 {max}자 이하여야 합니다.", "en": "A name can have at most {max} characters."},
    "sc_err_name_taken": {
        "ko": "같은 이름의 시나리오가 이미 있습니다: {name}",
        "en": "There is already a scenario called '{name}'.",
    },
    "sc_err_too_large_save": {
        "ko": "금액이 너무 커서 저장할 수 없습니다 (한 칸과 합계 모두 100조원 이하).",
        "en": "The amounts are too large to save (each cell and the total at most KRW 100tn).",
    },
    "sc_err_not_found": {"ko": "시나리오를 찾을 수 없습니다.", "en": "No such scenario."},
    "sc_err_not_editable": {
        "ko": "기준안과 업로드된 계획은 이름을 바꾸거나 보관할 수 없습니다.",
        "en": "The baseline and uploaded plans cannot be renamed or archived here.",
    },
    "err_no_chromium": {
        "ko": "차트 이미지를 만들 Chromium 브라우저를 찾지 못했습니다. Debian에서는 `apt-get install chromium` (make test/run이 설치합니다).",
        "en": "No Chromium browser was found to draw chart images with. On Debian, `apt-get install chromium` (make test and make run install it).",
    },
    "print_unit": {"ko": "단위: {unit}", "en": "Unit: {unit}"},
    "print_synthetic": {"ko": "합성 데모 데이터 · SYNTHETIC DEMO DATA", "en": "SYNTHETIC DEMO DATA · 합성 데모 데이터"},
    # press kit
    "nav_press_kit": {"ko": "보도 자료", "en": "Press kit"},
    "kit_title": {"ko": "보도용 차트", "en": "Press kit"},
    "kit_intro": {
        "ko": "대시보드의 모든 차트를 보도·발표용 이미지로 내려받습니다. 제목, 보기(필터·시나리오), 단위, 출처, 자료 기준일이 이미지에 들어갑니다. 왼쪽 필터와 시나리오가 그대로 적용됩니다.",
        "en": "Every chart of the dashboard as an image for briefings and articles, with its title, view (filters and scenario), unit, source and data-as-of date drawn in. The filters and scenario in the sidebar apply.",
    },
    "kit_language": {"ko": "차트 언어", "en": "Chart language"},
    "kit_size": {"ko": "크기", "en": "Size"},
    "kit_size_slide": {"ko": "슬라이드 16:9", "en": "Slide 16:9"},
    "kit_size_square": {"ko": "정사각형", "en": "Square"},
    "kit_size_a4": {"ko": "A4 인쇄", "en": "A4 print"},
    "kit_format": {"ko": "형식", "en": "Format"},
    "kit_scale": {"ko": "PNG 배율", "en": "PNG scale"},
    "kit_charts": {"ko": "차트", "en": "Charts"},
    "kit_pixels": {"ko": "PNG 크기: {width:,} × {height:,} 픽셀", "en": "PNG size: {width:,} × {height:,} pixels"},
    "kit_vector": {"ko": "벡터 형식: 크기에 상관없이 선명합니다", "en": "Vector format: sharp at any size"},
    "kit_preview": {"ko": "미리보기", "en": "Preview"},
    "kit_drawing": {"ko": "그리는 중…", "en": "Drawing…"},
    "kit_download_one": {"ko": "이 차트 내려받기", "en": "Download this chart"},
    "kit_download_zip": {"ko": "고른 차트 {count}개 모두 (ZIP)", "en": "All {count} chosen charts (ZIP)"},
    "kit_zip_help": {
        "ko": "ZIP에는 차트마다 이미지와 그 숫자(CSV), 그리고 출처 설명(sources)이 들어 있습니다.",
        "en": "The ZIP holds each chart's image and its numbers (CSV), and a sources text.",
    },
    "kit_none_chosen": {"ko": "차트를 하나 이상 고르세요.", "en": "Choose at least one chart."},
    "cli_charts_written": {"ko": "차트 {count}개를 {out}에 저장했습니다", "en": "Wrote {count} charts to {out}"},
    "kit_made_on": {"ko": "내려받은 날: {date}", "en": "Exported on {date}"},
    # scenarios
    "nav_scenarios": {"ko": "시나리오", "en": "Scenarios"},
    "sc_title": {"ko": "예산 시나리오", "en": "Budget scenarios"},
    "sc_plan_not_money": {
        "ko": "시나리오는 계획입니다. 실제로 집행된 돈이 아닙니다. 저장해도 현재 계획은 바뀌지 않습니다.",
        "en": "A scenario is a plan, not money paid. Saving one does not change the plan in force.",
    },
    "sc_open": {"ko": "시작할 계획·시나리오", "en": "Start from"},
    "sc_open_button": {"ko": "열기", "en": "Open"},
    "sc_undo": {"ko": "되돌리기", "en": "Undo"},
    "sc_status_saved": {"ko": "열린 시나리오: {name} (저장됨)", "en": "Open: {name} (saved)"},
    "sc_status_unsaved": {
        "ko": "{name}에서 시작한 초안: 저장하지 않은 변경 {edits}건",
        "en": "Draft from {name}: {edits} unsaved change(s)",
    },
    "sc_draft_name": {"ko": "초안 ({name} 기반)", "en": "Draft (from {name})"},
    "sc_plan_in_force": {"ko": "현재 계획: {name}", "en": "the plan in force: {name}"},
    "sc_tab_edit": {"ko": "편집", "en": "Edit"},
    "sc_tab_saved": {"ko": "저장된 시나리오", "en": "Saved scenarios"},
    "sc_tab_compare": {"ko": "비교", "en": "Compare"},
    "sc_lock": {"ko": "총액 고정", "en": "Lock the programme total"},
    "sc_lock_help": {
        "ko": "켜면 한 부분을 늘린 만큼 나머지가 각자 가진 금액에 비례해 줄어듭니다.",
        "en": "On: whatever one part gains, the rest give up in proportion to what each holds.",
    },
    "sc_envelope_header": {"ko": "지원수단별 규모", "en": "Instrument envelopes"},
    "sc_envelope_amount": {"ko": "새 규모 ({unit})", "en": "New envelope ({unit})"},
    "sc_apply": {"ko": "적용", "en": "Apply"},
    "sc_table_header": {"ko": "분야 × 지원수단 배분 ({unit})", "en": "Sector × instrument allocation ({unit})"},
    "sc_table_help": {
        "ko": "칸을 고치면 그 분야의 연도별 비중은 그대로 두고 금액을 바꿉니다. 총액 고정이 켜져 있으면 나머지가 비례해 조정됩니다.",
        "en": "Change a cell to set that sector's amount; its years keep their proportions. With the total locked, the rest adjust in proportion.",
    },
    "sc_phasing_header": {"ko": "연도별 배분", "en": "Year phasing"},
    "sc_phase_preset": {"ko": "방식", "en": "Phasing"},
    "sc_phase_even": {"ko": "균등", "en": "Even"},
    "sc_phase_front": {"ko": "앞당김", "en": "Front-loaded"},
    "sc_phase_back": {"ko": "뒤로 미룸", "en": "Back-loaded"},
    "sc_phase_hand": {"ko": "직접 입력", "en": "By hand"},
    "sc_phase_span": {"ko": "아래 연도 범위 사용", "en": "Use the years below"},
    "sc_phase_span_help": {
        "ko": "끄면 각 수단의 사업 기간과 분야 참여 연도 안에서 나눕니다. 켜면 고른 연도에 나눕니다 (분야를 한 해 앞당길 때).",
        "en": "Off: within each instrument's period and from the year a sector joined. On: over the chosen years (to bring a sector in early).",
    },
    "sc_phase_weight": {"ko": "비중", "en": "Weight"},
    "sc_uptake_header": {"ko": "예상 집행률", "en": "Expected uptake"},
    "sc_uptake_help": {
        "ko": "2025년 말까지 배분액 중 실제 집행될 것으로 보는 비율입니다. 아래 전망에 쓰입니다.",
        "en": "The share of the allocation expected to be paid out by the end of 2025; the projection below uses it.",
    },
    "sc_col_rate_pct": {"ko": "예상 집행률 (%)", "en": "Expected uptake (%)"},
    "sc_total": {"ko": "시나리오 총액", "en": "Scenario total"},
    "sc_vs_plan": {"ko": "{name} 대비", "en": "Against {name}"},
    "sc_moved": {"ko": "옮겨진 금액", "en": "Money moved"},
    "sc_moved_help": {
        "ko": "한 곳에서 빼어 다른 곳에 넣은 금액: 칸별 차이의 절댓값 합에서 총액의 차이를 뺀 것의 절반 (총액을 늘리거나 줄인 만큼은 옮긴 것이 아닙니다)",
        "en": "The money taken from one place and put in another: the sum of absolute cell differences, less the change in the total, halved (money added or taken away is not moved)",
    },
    "sc_by_instrument": {"ko": "지원수단별", "en": "By instrument"},
    "sc_by_sector": {"ko": "분야별", "en": "By sector"},
    "sc_by_year": {"ko": "연도별", "en": "By year"},
    "sc_chart_by_instrument": {
        "ko": "지원수단별 배분: 시나리오와 비교",
        "en": "Allocation by instrument: scenario compared",
    },
    "sc_chart_by_sector": {"ko": "분야별 배분: 시나리오와 비교", "en": "Allocation by sector: scenario compared"},
    "sc_chart_by_year": {"ko": "연도별 배분: 시나리오와 비교", "en": "Allocation by year: scenario compared"},
    "sc_chart_note": {
        "ko": "시나리오: {name} (계획이며 실제 집행액이 아님)",
        "en": "Scenario: {name} (a plan, not money paid)",
    },
    "sc_col_base": {"ko": "{name} (원)", "en": "{name} (KRW)"},
    "sc_col_scenario": {"ko": "{name} (원)", "en": "{name} (KRW)"},
    "sc_col_difference": {"ko": "차이 (원)", "en": "Difference (KRW)"},
    "sc_col_change": {"ko": "증감률", "en": "Change"},
    "sc_col_minus": {"ko": "{name} − {first} (원)", "en": "{name} − {first} (KRW)"},
    "sc_projection_header": {"ko": "2025년까지 집행 전망", "en": "Projected disbursement to 2025"},
    "sc_projection_help": {
        "ko": "전망 = 배분액 × 예상 집행률. 집행액(누계)은 업로드된 실적입니다.",
        "en": "Projected = allocation × expected uptake. Paid so far is the uploaded actuals.",
    },
    "sc_chart_projection": {
        "ko": "지원수단별 배분, 2025년까지 집행 전망, 집행 실적",
        "en": "Allocation, projected payments to 2025 and payments so far, by instrument",
    },
    "sc_allocated": {"ko": "배분 (시나리오)", "en": "Allocated (scenario)"},
    "sc_projected": {"ko": "집행 전망", "en": "Projected"},
    "sc_paid": {"ko": "집행 실적", "en": "Paid so far"},
    "sc_col_allocated": {"ko": "배분액 (원)", "en": "Allocated (KRW)"},
    "sc_col_rate": {"ko": "예상 집행률", "en": "Expected uptake"},
    "sc_col_projected": {"ko": "집행 전망 (원)", "en": "Projected (KRW)"},
    "sc_col_paid": {"ko": "집행 실적 (원)", "en": "Paid so far (KRW)"},
    "sc_col_to_go": {"ko": "전망까지 남은 금액 (원)", "en": "Still to pay to reach it (KRW)"},
    "sc_save_header": {"ko": "저장", "en": "Save"},
    "sc_name": {"ko": "이름", "en": "Name"},
    "sc_note": {"ko": "메모", "en": "Note"},
    "sc_author_is": {"ko": "작성자: {name}", "en": "Saved as {name}"},
    "sc_viewer_save": {
        "ko": "저장은 편집자만 할 수 있습니다. 초안은 자유롭게 고치고 내려받을 수 있습니다.",
        "en": "Only editors can save. Anyone may try a draft and download it.",
    },
    "sc_save": {"ko": "새 시나리오로 저장", "en": "Save as a new scenario"},
    "sc_saved": {"ko": "저장했습니다: {name}", "en": "Saved: {name}"},
    "sc_link": {
        "ko": "{name}을(를) 여는 링크 (모든 페이지에서 이 시나리오를 보여 줍니다):",
        "en": "A link that opens {name} (every page shows this scenario):",
    },
    # (not the chart's "Download CSV" just above it: at 1024 px the two stood one over the other)
    "sc_download_csv": {"ko": "시나리오 CSV로 내려받기", "en": "Download the scenario (CSV)"},
    "sc_download_xlsx": {"ko": "시나리오 Excel로 내려받기", "en": "Download the scenario (Excel)"},
    "sc_export_help": {
        "ko": "내려받은 파일은 업로드 페이지의 「배분 계획」으로 다시 올릴 수 있습니다.",
        "en": "The file can come back in as an allocation plan on the Upload page.",
    },
    "sc_show_archived": {"ko": "보관한 시나리오도 보기", "en": "Show archived scenarios"},
    "sc_parent": {"ko": "시작한 계획", "en": "Started from"},
    "sc_archived": {"ko": "보관됨", "en": "Archived"},
    "sc_kind_baseline": {"ko": "기준안 (가정)", "en": "Baseline (assumed)"},
    "sc_kind_plan": {"ko": "업로드된 계획", "en": "Uploaded plan"},
    "sc_kind_scenario": {"ko": "시나리오", "en": "Scenario"},
    "sc_manage_pick": {"ko": "시나리오 선택", "en": "Choose a scenario"},
    "sc_manage_name": {"ko": "새 이름 (복제·이름 바꾸기)", "en": "New name (duplicate, rename)"},
    "sc_action_open": {"ko": "열기", "en": "Open"},
    "sc_action_duplicate": {"ko": "복제", "en": "Duplicate"},
    "sc_action_rename": {"ko": "이름 바꾸기", "en": "Rename"},
    "sc_action_archive": {"ko": "보관", "en": "Archive"},
    "sc_action_restore": {"ko": "보관 해제", "en": "Restore"},
    "sc_duplicated": {"ko": "복제했습니다: {name}", "en": "Duplicated as {name}"},
    "sc_renamed": {"ko": "이름을 바꿨습니다: {name}", "en": "Renamed to {name}"},
    "sc_archived_done": {"ko": "보관했습니다", "en": "Archived"},
    "sc_restored": {"ko": "보관을 해제했습니다", "en": "Restored"},
    "sc_compare_pick": {"ko": "비교할 계획·시나리오 (2~3개)", "en": "Plans and scenarios to compare (2 or 3)"},
    "sc_compare_help": {"ko": "둘 이상 고르세요.", "en": "Choose at least two."},
    "sc_compare_by": {"ko": "기준", "en": "By"},
    "sc_warn_negative_instrument": {
        "ko": "{subject}의 배분이 음수입니다: {amount}",
        "en": "{subject} has a negative allocation: {amount}",
    },
    "sc_warn_negative_sector": {
        "ko": "{subject} 분야의 배분이 음수입니다: {amount}",
        "en": "The {subject} sector has a negative allocation: {amount}",
    },
    "sc_warn_negative_year": {
        "ko": "{subject}년 배분이 음수입니다: {amount}",
        "en": "{subject} has a negative allocation: {amount}",
    },
    "sc_warn_negative_cell": {
        "ko": "음수인 칸이 {amount}개 있습니다",
        "en": "{amount} cell(s) are negative",
    },
    "sc_no_change": {"ko": "바뀐 것이 없습니다.", "en": "Nothing changed."},
    "sc_manage_none": {"ko": "먼저 시나리오를 고르세요.", "en": "Choose a scenario first."},
    "sc_manage_placeholder": {"ko": "고르세요", "en": "Choose"},
    "sc_compare_with": {"ko": "비교 대상", "en": "Compare with"},
    "sc_xlsx_compared_with": {"ko": "비교 기준 — {name}", "en": "Compared with {name}"},
    "sc_xlsx_notes": {"ko": "메모", "en": "Notes"},
    "sc_compare_with_plan": {"ko": "현재 계획", "en": "the plan in force"},
    "sc_compare_with_start": {"ko": "시작한 계획: {name}", "en": "where the draft started: {name}"},
    "sc_warn_below_paid": {
        "ko": "{subject}의 배분({amount})이 이미 집행된 금액({paid})보다 적습니다",
        "en": "{subject} would get {amount}, less than the {paid} already paid",
    },
    "sc_warn_outside_period": {
        "ko": "{subject}의 사업 기간 밖 연도에 배분된 금액: {amount}",
        "en": "{subject} has money in years outside its period: {amount}",
    },
    "sc_discard_confirm": {
        "ko": "저장하지 않은 변경이 있습니다. 버리고 열려면 한 번 더 누르세요.",
        "en": "There are unsaved changes. Press again to discard them and open.",
    },
    "sc_phase_outside": {
        "ko": "고른 연도가 사업 기간 밖이라 바뀌지 않는 수단: {names}",
        "en": "Left as they are (no chosen year within their period): {names}",
    },
    "sc_warn_total_changed": {
        "ko": "총액이 약속된 사업 규모({promised})와 다릅니다: {amount}",
        "en": "The total differs from the promised programme ({promised}): {amount}",
    },
}


#: Characters Markdown, LaTeX or HTML would act on where text from a person or a file is shown.
MARKUP_CHARACTERS = frozenset("<>[]{}`*_#|~\\$")


def plain(text: object, also: str = "") -> str:
    """Text from a person or a file made inert where Markdown is shown: each markup character
    (and each of ``also``) becomes a space, and runs of spaces one."""
    active = MARKUP_CHARACTERS | set(also)
    return " ".join("".join(" " if c in active else c for c in str(text or "")).split())


class MissingTranslation(KeyError):
    """A key asked for is not in the catalogue."""


def normalise_lang(value: str | None) -> str:
    """Map whatever came in (URL, widget) to a supported language, Korean by default."""
    if value and value.lower()[:2] in LANGS:
        return value.lower()[:2]
    return DEFAULT_LANG


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    try:
        entry = CATALOGUE[key]
    except KeyError as exc:
        raise MissingTranslation(key) from exc
    text = entry[normalise_lang(lang)]
    return text.format(**values) if values else text


def format_date(value: object, precision: str = "day") -> str:
    """An ISO date cut to what the source states: "2021-10-28", "2021-10" or "2021"."""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    text = text[:10]
    return {"month": text[:7], "year": text[:4]}.get(precision, text)
