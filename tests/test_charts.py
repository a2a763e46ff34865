import pandas as pd
import plotly.graph_objects as go
import pytest

from budget import charts
from budget.i18n import t

INSTRUMENTS = pd.DataFrame(
    {
        "code": ["fund", "loan"],
        "name_ko": ["펀드 전체", "대출 전체"],
        "name_en": ["The fund", "The loans"],
        "short_ko": ["펀드", "대출"],
        "short_en": ["Fund", "Loans"],
    }
)
SECTORS = pd.DataFrame({"code": ["steel", "energy"], "name_ko": ["철강", "에너지"], "name_en": ["Steel", "Energy"]})
NAMES = charts.Names.from_frames(INSTRUMENTS, SECTORS)

ALLOCATED = pd.DataFrame(
    {
        "instrument": ["fund", "fund", "fund", "loan"],
        "sector": ["steel", "steel", "energy", "energy"],
        "year": [2021, 2022, 2021, 2023],
        "amount_krw": [300_000_000_000, 100_000_000_000, 50_000_000_000, 20_000_000_000],
    }
)
DISBURSED = pd.DataFrame({"instrument": ["fund", "fund"], "sector": ["steel", "energy"], "amount_krw": [90, 10]})


def test_breakdown_table_sums_by_hand():
    table = charts.breakdown_table(ALLOCATED, DISBURSED, NAMES, "ko")
    rows = {(m, i, s): a for m, i, s, a in table.itertuples(index=False)}
    allocated = t("chart_breakdown_allocated", "ko")
    assert rows[(allocated, "fund", "steel")] == 400_000_000_000
    assert rows[(allocated, "fund", "energy")] == 50_000_000_000
    assert rows[(allocated, "loan", "energy")] == 20_000_000_000
    assert (allocated, "loan", "steel") not in rows  # nothing allocated: no zero segment
    paid_rows = table[table["measure"] == t("chart_breakdown_disbursed", "ko")].set_index("instrument")["amount_krw"]
    assert paid_rows.to_dict() == {"fund": 100, "loan": 0}  # loan paid nothing: still a row, with 0


def test_breakdown_figure_has_title_unit_footnote_and_no_raw_rows():
    table = charts.breakdown_table(ALLOCATED, DISBURSED, NAMES, "ko")
    fig = charts.figure_breakdown(table, NAMES, "ko", ["출처: 테스트", "자료 기준: 2025-09-30"])
    assert fig.layout.title.text == t("chart_breakdown_title", "ko")
    assert fig.layout.xaxis.title.text == "억원"  # 4,500억 < 2조: 억원 axis
    notes = [a.text for a in fig.layout.annotations]
    assert any("출처: 테스트" in n and "2025-09-30" in n for n in notes)
    assert any("4,500억원" in n for n in notes)  # the fund bar's total, written at its end
    for trace in fig.data:
        assert len(trace.x) == 2  # one point per instrument, never one per payment
    steel = next(tr for tr in fig.data if tr.name == "철강")
    assert list(steel.x) == [4000.0, 0.0]  # 4,000억 for the fund, in 억원
    assert "4,000억원" in steel.customdata[0]


def test_breakdown_figure_in_english_uses_bn():
    table = charts.breakdown_table(ALLOCATED, DISBURSED, NAMES, "en")
    fig = charts.figure_breakdown(table, NAMES, "en", ["Source: test"])
    assert fig.layout.xaxis.title.text == "KRW bn"
    assert list(fig.data[0].y) == ["Fund", "Loans"]
    people = charts.breakdown_table_for_people(table, NAMES, "en")
    assert "Instrument" in people.columns and "The fund" in set(people["Instrument"])


def _every_figure(db_path, lang):
    """Every figure the pages draw, built from a real database (demo data)."""
    from budget import db, queries, uptake
    from budget.filters import Filters

    con = db.connect(db_path)
    data = uptake.uptake_view(con, Filters())
    alloc = uptake.allocation_view(con, Filters())["allocation"]
    names = charts.Names.from_frames(data["instruments"], data["sectors"])
    notes = ["source", "as of"]
    year = charts.allocation_year_table(alloc, names, lang)
    grid = charts.allocation_sector_year_table(alloc, names, lang)
    tree = charts.allocation_tree_table(alloc, names, lang)
    top = charts.recipients_table_for_people(data["top_recipients"], data["regions"], lang)
    regions = charts.regions_table_for_people(data["by_region"], data["regions"], lang)
    overview = queries.overview(con)
    breakdown = charts.breakdown_table(overview["allocated"], overview["disbursed"], names, lang)
    con.close()
    return [
        charts.figure_breakdown(breakdown, names, lang, notes),
        charts.figure_allocation_by_year(year, names, lang, notes),
        charts.figure_allocation_heatmap(grid, lang, notes),
        charts.figure_allocation_tree(tree, names, lang, notes),
        charts.figure_parts(data["parts"], data["whole_krw"], lang, notes),
        charts.figure_nested(data["by_instrument"], "instrument", names, lang, notes),
        charts.figure_nested(data["by_sector"], "sector", names, lang, notes),
        charts.figure_curves(data["curves"], data["landing"], names, lang, notes),
        charts.figure_recipients(top, lang, notes),
        charts.figure_regions(regions, lang, notes),
    ]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_figure_passes_plotly_validation_and_carries_its_footnote(demo_db, lang):
    # figures are built unvalidated for speed; here Plotly validates each one in full
    for fig in _every_figure(demo_db, lang):
        spec = fig.to_dict()
        go.Figure(spec)  # raises on any invalid property
        assert spec["layout"]["title"]["text"]
        assert any("source" in a.get("text", "") for a in spec["layout"]["annotations"])
        points = sum(len(trace.get("x", []) or trace.get("values", [])) for trace in spec["data"])
        assert points < 2_000  # aggregates, never payments


def test_a_ranked_chart_of_a_few_bars_keeps_room_for_them_under_its_footnote():
    # four regions once left 20 px of plot between the title and a three-line footnote
    table = pd.DataFrame(
        {t("col_region", "ko"): ["경북", "부산"], t("col_disbursed", "ko"): [21_500_000_000, 3_000_000]}
    )
    figure = charts.figure_regions(table, "ko", ["출처", "자료 기준", "가정"])
    top = figure.layout.margin.t if figure.layout.margin.t is not None else 100  # Plotly's default
    assert figure.layout.height - top - figure.layout.margin.b >= 24 * 4  # the plot: four bars' room at least
    footnote = figure.layout.annotations[-1]
    assert footnote.yshift <= -60  # below the axis title (about 40 px under the axis), not over it


def test_the_source_lines_stand_under_the_value_axis_title():
    # on a page 1024–1280 px wide, the breakdown's "억원" under its axis sat on its first source line,
    # and its longest bar's total ran under the legend at its right (the walker of the eleventh session)
    table = charts.breakdown_table(ALLOCATED, DISBURSED, NAMES, "ko")
    figure = charts.figure_breakdown(table, NAMES, "ko", ["출처", "자료 기준"])
    assert figure.layout.xaxis.title.text  # the axis has a title: the source lines start under it
    note = next(a for a in figure.layout.annotations if a.name == "footnote")
    assert note.yshift == -(48 + charts.AXIS_TITLE_ROOM)
    assert figure.layout.margin.b == 48 + charts.AXIS_TITLE_ROOM + 22 + 16 * 2  # and the margin holds them
    assert figure.layout.legend.orientation is None and figure.layout.legend.x is None  # the house's, on top
    # a chart without an axis title keeps its source lines where they were
    bare = charts._figure([], {"xaxis": {}}, ["출처"])
    assert bare.layout.annotations[0].yshift == -48


def test_the_heatmap_is_darkest_where_most_is_allocated_on_screen_too():
    # the name "Blues" reached the browser's plotly.js, whose Blues runs dark to light: on screen the
    # largest cell was the palest, in print the darkest; three equal cells (apart by less than a won)
    # were navy and white; one sector's heatmap was a line two pixels high (the walker, eleventh session)
    grid = pd.DataFrame({t("col_sector", "ko"): ["철강"], "2021": [42_637_795_275], "2022": [42_637_795_276]})
    figure = charts.figure_allocation_heatmap(grid, "ko", ["출처", "자료 기준", "가정"])
    scale = figure.data[0].colorscale
    assert scale[0] == (0.0, "rgb(247,251,255)") and scale[-1] == (1.0, "rgb(8,48,107)")  # light to dark, written out
    assert figure.data[0].zmin == 0 and figure.data[0].zmax == pytest.approx(426.37795276)  # from nothing
    room = figure.layout.height - figure.layout.margin.t - figure.layout.margin.b
    assert room >= 40 * 3  # three rows' room at least, under the title and over the source lines


def test_source_lines_under_a_half_width_chart_are_broken_where_they_pause():
    # under the top recipients, half a page wide, the first source line ran past the chart's edge
    lines = [
        "출처: 산업통상자원부 발표 (전자신문 2020-10-28 등 보도), 후속 보도",
        "분야 배분은 가정 (균등 배분 기준안)",
    ]
    assert charts._narrow(lines) == [
        "출처: 산업통상자원부 발표",
        "(전자신문 2020-10-28 등 보도), 후속 보도",
        "분야 배분은 가정 (균등 배분 기준안)",  # short enough: kept whole
    ]
    people = pd.DataFrame({t("col_recipient", "ko"): ["(주)가"], t("col_disbursed", "ko"): [5]})
    # at " · ", which goes, and outside brackets; a space as a last resort (the reviewer, in English)
    assert charts._narrow(["Data as of 2025-09-30 · Disbursements: synthetic demo data"]) == [
        "Data as of 2025-09-30",
        "Disbursements: synthetic demo data",
    ]
    assert charts._narrow(["Source: MOTIE announcement (etnews and others, 2020-10-28) and later press reports"]) == [
        "Source: MOTIE announcement",
        "(etnews and others, 2020-10-28) and later press",
        "reports",
    ]
    figure = charts.figure_recipients(people, "ko", lines)
    assert next(a for a in figure.layout.annotations if a.name == "footnote").text.count("<br>") == 2


def test_a_narrower_views_instrument_chart_names_only_the_bars_it_draws():
    # "가장 옅은 막대: 총 규모" stayed under the title of a view that draws no envelope bar
    table = pd.DataFrame({"code": ["fund"], "envelope_krw": [None], "allocated_krw": [10], "disbursed_krw": [5],
                          "rate_pct": [50.0]})  # fmt: skip
    narrow = charts.figure_nested(table, "instrument", NAMES, "ko", ["출처"])
    assert narrow.layout.title.text == t("chart_nested_instrument_title_no_envelope", "ko")
    assert "총 규모" not in narrow.layout.title.text
    whole = charts.figure_nested(table.assign(envelope_krw=[20]), "instrument", NAMES, "ko", ["출처"])
    assert whole.layout.title.text == t("chart_nested_instrument_title", "ko")


def test_the_parts_legend_reads_in_the_bars_order():
    # a stacked bar's legend is listed in reverse: "미보고" came before "집행", which the bar draws first
    parts = pd.DataFrame({"part": ["disbursed_within_plan", "not_yet_reported"], "amount_krw": [78, 22]})
    figure = charts.figure_parts(parts, 100, "ko", ["출처"])
    assert figure.layout.legend.traceorder == "normal"
    assert [d.name.split(" ")[0] for d in figure.data] == ["집행", "배분"]  # the bar's order, left to right


def test_the_treemap_gives_each_instruments_total_in_its_header():
    # a box with boxes inside shows its label alone: the treemap gave no total per instrument
    tree = charts.allocation_tree_table(ALLOCATED, NAMES, "ko")
    figure = charts.figure_allocation_tree(tree, NAMES, "ko", ["출처"])
    labels = dict(zip(figure.data[0].ids, figure.data[0].labels, strict=True))
    # the fund: 300 + 100 + 50 = 450 (10억원 units) = 4,500억원; the loans: 20 = 200억원; in all 4,700억원
    assert labels["fund"] == "펀드 · 4,500억원" and labels["loan"] == "대출 · 200억원"
    assert labels[t("programme", "ko")] == f"{t('programme', 'ko')} · 4,700억원"
    assert labels["fund/steel"] == "철강"  # a box of its own: name and amount inside it, as before
