"""The Scenarios page's tables and figures, from small scenarios worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import plotly.graph_objects as go
import pytest

from budget import scenario as sc
from budget import scenario_view as sv
from budget.charts import Names
from budget.theme import INK

NAMES = Names(
    {"A": ("가수단", "Inst A"), "B": ("나수단", "Inst B")},
    {"x": ("가분야", "Sector x"), "y": ("나분야", "Sector y")},
    {"A": ("가", "A"), "B": ("나", "B")},
)
PROG = sc.Programme(("A", "B"), ("x", "y"), (2021, 2022), {"A": (2021, 2022), "B": (2021, 2022)}, {}, 400)
EOK = 10**8
BASE = sc.from_rows([("A", "x", 2021, 100 * EOK), ("A", "y", 2022, 100 * EOK), ("B", "x", 2021, 200 * EOK)])


def test_amounts_go_to_the_editing_unit_and_back_exactly():
    assert sv.to_edit_unit(123_456_789, "ko") == 1.23  # 1.23456789억 → 1.23
    assert sv.to_edit_unit(125_000_000, "ko") == 1.25
    assert sv.to_edit_unit(1_234_500_000, "en") == 1.235  # KRW bn, half up
    assert sv.from_edit_unit("6,000", "ko") == 600_000_000_000
    assert sv.from_edit_unit(0.1, "ko") == 10_000_000  # no binary-float residue
    assert sv.from_edit_unit("0.001", "en") == 1_000_000
    with pytest.raises(sc.ScenarioError):
        sv.from_edit_unit("lots", "ko")
    with pytest.raises(sc.ScenarioError):
        sv.from_edit_unit("nan", "ko")


def test_editor_changes_apply_only_to_cells_that_really_changed():
    shown = sv.editor_frame(BASE, NAMES, "ko")
    assert list(shown["A"]) == [100.0, 100.0] and list(shown["B"]) == [200.0, 0.0]
    # row 0 (x): A typed as shown (no change), B 200 → 260; locked: the other parts (A,x 100,
    # A,y 100) give 60 in proportion, 30 each
    new, changes = sv.apply_editor_changes(BASE, PROG, shown, {0: {"A": 100.0, "B": 260.0}}, "ko", True)
    assert changes == [("B", "x", 260 * EOK)]
    assert new.instrument_sector() == {("A", "x"): 70 * EOK, ("A", "y"): 70 * EOK, ("B", "x"): 260 * EOK}
    assert new.total() == BASE.total()


def test_uptake_edits_are_percentages():
    shown = sv.uptake_frame(BASE, NAMES, "en")
    assert list(shown["rate_pct"]) == [100.0, 100.0]
    new = sv.apply_uptake_changes(BASE, shown, {"1": {"rate_pct": 85}})
    assert new.rate("B") == Decimal("0.85") and new.rate("A") == 1


def test_comparison_table_by_instrument_and_year():
    moved = sc.set_envelope(BASE, PROG, "A", 300 * EOK, lock_total=True)  # B gives 100
    table = sv.comparison_table(moved, BASE, "instrument", NAMES, "ko", "계획", "안")
    assert list(table.iloc[:, 1]) == ["가", "나", "합계"]
    assert list(table.iloc[:, 2]) == [200 * EOK, 200 * EOK, 400 * EOK]
    assert list(table.iloc[:, 3]) == [300 * EOK, 100 * EOK, 400 * EOK]
    assert list(table.iloc[:, 4]) == [100 * EOK, -100 * EOK, 0]
    assert list(table.iloc[:, 5]) == ["50.0%", "-50.0%", "0.0%"]
    years = sv.comparison_table(moved, BASE, "year", NAMES, "en", "plan", "draft")
    # 2021: A,x 150 + B,x 100 = 250 (was 300); 2022: A,y 150 (was 100)
    assert list(years.iloc[:, 3]) == [250 * EOK, 150 * EOK, 400 * EOK]


def test_projection_against_payments_so_far():
    draft = sc.set_uptake(BASE, "A", "0.5")
    table = sv.projection_table(draft, {"A": 40 * EOK}, NAMES, "ko")
    # A: 200억 × 50% = 100억 projected, 40억 paid, 60억 to go; B: 200억 at 100%, nothing paid
    assert list(table.iloc[:, 2]) == [200 * EOK, 200 * EOK, 400 * EOK]
    assert list(table.iloc[:, 3]) == ["50.0%", "100.0%", "75.0%"]
    assert list(table.iloc[:, 4]) == [100 * EOK, 200 * EOK, 300 * EOK]
    assert list(table.iloc[:, 6]) == [60 * EOK, 200 * EOK, 260 * EOK]


def test_compare_table_has_each_scenario_and_its_difference_from_the_first():
    moved = sc.set_envelope(BASE, PROG, "A", 300 * EOK)
    table = sv.compare_table([("plan", BASE), ("bigger", moved)], "instrument", NAMES, "en")
    assert list(table["plan"]) == [200 * EOK, 200 * EOK, 400 * EOK]
    assert list(table["bigger"]) == [300 * EOK, 200 * EOK, 500 * EOK]
    assert list(table.iloc[:, -1]) == [100 * EOK, 0, 100 * EOK]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_figures_are_valid_plotly(lang):
    moved = sc.set_envelope(BASE, PROG, "A", 300 * EOK, lock_total=True)
    for by in sv.BY:
        table = sv.comparison_table(moved, BASE, by, NAMES, lang, "plan", "draft")
        go.Figure(sv.figure_comparison(table, by, lang, ["note"]).to_dict())  # validates
    proj = sv.projection_table(moved, {"A": 1}, NAMES, lang)
    go.Figure(sv.figure_projection(proj, lang, ["note"]).to_dict())
    many = sv.compare_table([("p", BASE), ("q", moved)], "sector", NAMES, lang)
    fig = sv.figure_compare(many, ["p", "q"], "sector", lang, ["note"])
    go.Figure(fig.to_dict())
    assert [tr["name"] for tr in fig.to_dict()["data"]] == ["p", "q"]


def test_warning_text_names_the_part_in_the_readers_language():
    warning = sc.Warning("negative_instrument", "B", -5 * EOK)
    assert sv.warning_text(warning, NAMES, "ko") == "나의 배분이 음수입니다: -5억원"
    total = sc.Warning("total_changed", "", 100 * EOK)
    assert "+100억원" in sv.warning_text(total, NAMES, "ko", 400 * EOK)
    assert "KRW 40bn" in sv.warning_text(total, NAMES, "en", 400 * EOK)
    assert isinstance(sv.editor_frame(BASE, NAMES, "en"), pd.DataFrame)


def test_the_scenarios_legend_swatch_is_not_one_instruments_colour(monkeypatch):
    # its bars take each instrument's colour, and the legend showed the first of them (the fund's
    # purple) as if it were the scenario's (the walker of the eleventh session)
    monkeypatch.setattr(sv, "INSTRUMENT_COLOURS", {"A": "#5E3A8C", "B": "#1B5E9E"})
    moved = sc.set_envelope(BASE, PROG, "A", 300 * EOK, lock_total=True)
    table = sv.comparison_table(moved, BASE, "instrument", NAMES, "ko", "plan", "draft")
    figure = sv.figure_comparison(table, "instrument", "ko", ["note"])
    coloured, entry = figure.data[1], figure.data[2]
    assert coloured.showlegend is False and list(coloured.marker.color) == ["#5E3A8C", "#1B5E9E"]
    assert entry.type == "scatter" and entry.name == coloured.name and entry.marker.color == INK
    assert coloured.legendgroup == entry.legendgroup  # one entry shows and hides both
    # bars of one colour (by year) keep it in the legend
    years = sv.figure_comparison(
        sv.comparison_table(moved, BASE, "year", NAMES, "ko", "plan", "draft"), "year", "ko", []
    )
    assert years.data[2].marker.color == years.data[1].marker.color[0]


def test_the_scenario_charts_titles_stand_over_their_legends():
    # at 1024 px the title was drawn over the legend's two rows (the plan's and the scenario's names)
    moved = sc.set_envelope(BASE, PROG, "A", 300 * EOK, lock_total=True)
    table = sv.comparison_table(moved, BASE, "sector", NAMES, "en", "plan", "draft")
    figure = sv.figure_comparison(table, "sector", "en", ["note"])
    assert (figure.layout.title.yref, figure.layout.title.y, figure.layout.title.yanchor) == ("container", 1, "top")
    assert figure.layout.margin.t == 130
