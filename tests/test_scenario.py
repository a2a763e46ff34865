"""The scenario model, with every expected number worked out by hand from small inputs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budget import scenario as sc

# Two instruments paying 2021–2022; sector y joins in 2022.
PROG = sc.Programme(
    instruments=("A", "B"),
    sectors=("x", "y"),
    years=(2020, 2021, 2022),
    instrument_years={"A": (2021, 2022), "B": (2021, 2022)},
    sector_first_year={"x": 2020, "y": 2022},
    total_krw=400,
)
BASE = sc.from_rows(
    [
        ("A", "x", 2021, 30),
        ("A", "x", 2022, 30),
        ("A", "y", 2022, 40),
        ("B", "x", 2021, 100),
        ("B", "x", 2022, 100),
        ("B", "y", 2022, 100),
    ]
)


def nonzero(s: sc.Scenario) -> dict:
    return {k: v for k, v in s.cells.items() if v}


def test_totals_by_instrument_sector_and_year():
    assert BASE.total() == 400
    assert BASE.by_instrument() == {"A": 100, "B": 300}
    assert BASE.by_sector() == {"x": 260, "y": 140}
    assert BASE.by_year() == {2021: 130, 2022: 270}


def test_envelope_without_lock_scales_the_instrument_alone():
    # A 100 → 150: x 60 → 90 (45/45), y 40 → 60
    out = sc.set_envelope(BASE, PROG, "A", 150)
    assert nonzero(out) == {
        **BASE.cells,
        ("A", "x", 2021): 45,
        ("A", "x", 2022): 45,
        ("A", "y", 2022): 60,
    }
    assert out.total() == 450


def test_envelope_with_the_total_locked_takes_the_difference_from_the_others():
    # A 100 → 200; B gives 100 (300 → 200): B's x 200 → 133.33, y 100 → 66.67; largest
    # remainder gives the spare won to y (.67 > .33): 133 and 67. B,x's 133 over two equal
    # years: 66.5 each, the tie to the earlier year: 67 and 66.
    out = sc.set_envelope(BASE, PROG, "A", 200, lock_total=True)
    assert nonzero(out) == {
        ("A", "x", 2021): 60,
        ("A", "x", 2022): 60,
        ("A", "y", 2022): 80,
        ("B", "x", 2021): 67,
        ("B", "x", 2022): 66,
        ("B", "y", 2022): 67,
    }
    assert out.total() == 400


def test_locked_total_rebalances_in_proportion_to_what_each_holds():
    prog = sc.Programme(("A", "B", "C"), ("x",), (2021,), {}, {}, 1000)
    base = sc.from_rows([("A", "x", 2021, 100), ("B", "x", 2021, 300), ("C", "x", 2021, 600)])
    # A +300: B and C give 300 in the ratio 300:600, i.e. 100 and 200
    out = sc.set_envelope(base, prog, "A", 400, lock_total=True)
    assert out.by_instrument() == {"A": 400, "B": 200, "C": 400}


def test_sector_amount_with_lock_spreads_the_difference_over_every_other_part():
    # (A,x) 60 → 160: the other parts (40, 200, 100 = 340) give 100, keeping 240:
    # 28.235, 141.176, 70.588 → floors 28, 141, 70 and the spare won to the largest remainder (70.588)
    out = sc.set_sector_amount(BASE, PROG, "A", "x", 160, lock_total=True)
    assert out.instrument_sector() == {("A", "x"): 160, ("A", "y"): 28, ("B", "x"): 141, ("B", "y"): 71}
    assert out.cells[("A", "x", 2021)] == 80 and out.cells[("A", "x", 2022)] == 80
    assert out.total() == 400


def test_sector_amount_for_a_pair_that_held_nothing_follows_the_instrument_years():
    base = sc.from_rows([("A", "x", 2021, 30), ("A", "x", 2022, 90)])
    # y can only be paid in 2022 (it joined then): all 50 there
    out = sc.set_sector_amount(base, PROG, "A", "y", 50)
    assert out.cells[("A", "y", 2022)] == 50 and out.cells.get(("A", "y", 2021), 0) == 0


def test_sector_shares_keep_the_instrument_total():
    # A's 100 split 1:3 → x 25, y 75; x's 25 over 30:30 → 12.5 each, the tie to 2021
    out = sc.set_sector_shares(BASE, PROG, "A", {"x": 1, "y": 3})
    assert out.cells[("A", "x", 2021)] == 13
    assert out.cells[("A", "x", 2022)] == 12
    assert out.cells[("A", "y", 2022)] == 75
    assert out.by_instrument()["A"] == 100


@pytest.mark.parametrize(
    "preset, expected",
    [
        ("even", {2021: 100, 2022: 100}),
        ("front", {2021: 133, 2022: 67}),  # weights 2:1 → 133.33, 66.67
        ("back", {2021: 67, 2022: 133}),  # weights 1:2
    ],
)
def test_phasing_presets(preset, expected):
    out = sc.set_phasing(BASE, PROG, preset, instruments=["B"], sectors=["x"])
    assert {y: out.cells[("B", "x", y)] for y in (2021, 2022)} == expected
    assert out.instrument_sector() == BASE.instrument_sector()


def test_preset_weights_over_three_years():
    assert sc.preset_weights("front", [2021, 2022, 2023]) == {2021: 3, 2022: 2, 2023: 1}
    assert sc.preset_weights("back", [2021, 2022, 2023]) == {2021: 1, 2022: 2, 2023: 3}
    assert sc.preset_weights("even", [2021, 2022, 2023]) == {2021: 1, 2022: 1, 2023: 1}
    with pytest.raises(sc.ScenarioError):
        sc.preset_weights("sideways", [2021])


def test_even_phasing_of_an_uneven_amount_is_exact():
    base = sc.from_rows([("A", "x", 2021, 100)])
    prog = sc.Programme(("A",), ("x",), (2021, 2022, 2023), {"A": (2021, 2022, 2023)}, {"x": 2020}, 100)
    out = sc.set_phasing(base, prog, "even")
    assert [out.cells[("A", "x", y)] for y in (2021, 2022, 2023)] == [34, 33, 33]


def test_a_sector_brought_in_a_year_early():
    # y joined in 2022; spread its A money over 2021–2022 instead
    out = sc.set_phasing(BASE, PROG, "even", instruments=["A"], sectors=["y"], years=[2021, 2022])
    assert out.cells[("A", "y", 2021)] == 20 and out.cells[("A", "y", 2022)] == 20


def test_phasing_by_hand_and_years_outside_it_become_zero():
    out = sc.set_phasing(BASE, PROG, {2022: 1}, instruments=["B"], sectors=["x"], years=[2022])
    assert out.cells[("B", "x", 2021)] == 0 and out.cells[("B", "x", 2022)] == 200
    # weights of zero everywhere: nowhere to put the money, so the pair is left as it was
    same = sc.set_phasing(BASE, PROG, {2021: 0, 2022: 0}, instruments=["B"], sectors=["x"])
    assert same.cells == BASE.cells
    with pytest.raises(sc.ScenarioError):
        sc.set_phasing(BASE, PROG, {2021: -1, 2022: 2}, instruments=["B"], sectors=["x"])


def test_chosen_years_never_reach_outside_the_instruments_period():
    prog = sc.Programme(("A",), ("x",), (2021, 2022, 2023), {"A": (2021, 2022)}, {"x": 2021}, 100)
    base = sc.from_rows([("A", "x", 2021, 100)])
    out = sc.set_phasing(base, prog, "even", years=[2021, 2022, 2023])  # 2023 is outside A's period
    assert nonzero(out) == {("A", "x", 2021): 50, ("A", "x", 2022): 50}
    # an uploaded plan may hold money outside the period: that is warned
    odd = sc.from_rows([("A", "x", 2021, 60), ("A", "x", 2023, 40)])
    assert sc.Warning("outside_period", "A", 40) in sc.warnings(odd, prog)


def test_a_locked_edit_takes_nothing_from_a_part_below_zero():
    # A,y is -1: raising B,x by 10 takes the 10 from A,x (60) and B,y (100) only, 60:100:
    # 56.25 and 93.75 → floors 56 and 93, the spare won to the larger remainder (.75): 56 and 94
    base = sc.from_rows([("A", "x", 2021, 30), ("A", "x", 2022, 30), ("A", "y", 2022, -1), ("B", "x", 2021, 100),
                         ("B", "x", 2022, 100), ("B", "y", 2022, 100)])  # fmt: skip
    out = sc.set_sector_amount(base, PROG, "B", "x", 210, lock_total=True)
    assert out.instrument_sector() == {("A", "x"): 56, ("A", "y"): -1, ("B", "x"): 210, ("B", "y"): 94}
    assert out.total() == base.total()


def test_several_typed_amounts_are_kept_as_typed_and_the_rest_give_way_once():
    # A,x 60 → 100 and A,y 40 → 50 typed together: +50, taken from B (x 200, y 100) 2:1
    out = sc.set_sector_amounts(BASE, PROG, {("A", "x"): 100, ("A", "y"): 50}, lock_total=True)
    assert out.instrument_sector() == {("A", "x"): 100, ("A", "y"): 50, ("B", "x"): 167, ("B", "y"): 83}
    assert out.total() == 400  # 166.67 and 83.33: the spare won to the larger remainder


def test_raising_one_part_beyond_the_locked_total_is_warned_not_hidden():
    # A 100 → 500 with the total locked: B must give 400 of its 300 and ends at -100
    out = sc.set_envelope(BASE, PROG, "A", 500, lock_total=True)
    assert out.by_instrument() == {"A": 500, "B": -100}
    assert out.total() == 400
    found = sc.warnings(out, PROG)
    assert sc.Warning("negative_instrument", "B", -100) in found
    assert not [w for w in found if w.key == "total_changed"]


def test_warnings_name_a_negative_year_and_a_changed_total():
    out = sc.set_sector_amount(BASE, PROG, "B", "x", -250)  # B,x -250: -125 a year
    found = sc.warnings(out, PROG)
    assert sc.Warning("negative_year", "2021", -95) in found  # 30 - 125
    assert sc.Warning("negative_sector", "x", -190) in found  # 60 - 250
    assert sc.Warning("total_changed", "", -450) in found  # 400 → -50
    assert sc.warnings(BASE, PROG) == []


def test_uptake_rates_and_the_projection():
    out = sc.set_uptake(BASE, "A", Decimal("0.5"))
    out = sc.set_uptake(out, "B", "0.9", sector="y")
    # A: 60 and 40 at 50%; B,x at the default 100%; B,y 100 at 90%
    assert sc.projection(out) == {("A", "x"): 30, ("A", "y"): 20, ("B", "x"): 200, ("B", "y"): 90}
    assert out.rate("B", "x") == 1 and out.rate("B", "y") == Decimal("0.9")
    with pytest.raises(sc.ScenarioError):
        sc.set_uptake(BASE, "A", 3)
    # kept to six decimals, as the database stores it
    assert sc.set_uptake(BASE, "A", "0.333333333").rate("A") == Decimal("0.333333")
    # a negative allocation projects down, not towards zero: -5 × 0.5 = -2.5 → -3
    neg = sc.set_uptake(sc.from_rows([("A", "x", 2021, -5)]), "A", "0.5")
    assert sc.projection(neg) == {("A", "x"): -3}


def test_unknown_codes_are_refused_with_both_languages():
    with pytest.raises(sc.ScenarioError) as found:
        sc.set_envelope(BASE, PROG, "Z", 10)
    assert "지원수단" in found.value.message_ko and "instrument" in found.value.message_en


def test_difference_covers_cells_in_either():
    out = sc.set_phasing(BASE, PROG, {2022: 1}, instruments=["B"], sectors=["x"], years=[2022])
    diff = sc.difference(out, BASE)
    assert diff[("B", "x", 2021)] == -100 and diff[("B", "x", 2022)] == 100
    assert sum(diff.values()) == 0


edits = st.lists(
    st.one_of(
        st.tuples(st.just("envelope"), st.sampled_from(["A", "B"]), st.integers(0, 10**15), st.booleans()),
        st.tuples(
            st.just("sector"), st.sampled_from(["A", "B"]), st.sampled_from(["x", "y"]), st.integers(-(10**12), 10**15)
        ),
        st.tuples(st.just("shares"), st.sampled_from(["A", "B"]), st.integers(0, 1000), st.integers(1, 1000)),
        st.tuples(st.just("phase"), st.sampled_from(["even", "front", "back"])),
    ),
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(edits)
def test_every_total_is_the_sum_of_its_parts_whatever_the_edits(steps):
    s = BASE
    for step in steps:
        before = s
        if step[0] == "envelope":
            _, inst, amount, lock = step
            s = sc.set_envelope(s, PROG, inst, amount, lock_total=lock)
            assert s.by_instrument()[inst] == amount
            assert s.total() == (before.total() if lock else before.total() - before.by_instrument()[inst] + amount)
        elif step[0] == "sector":
            _, inst, sector, amount = step
            s = sc.set_sector_amount(s, PROG, inst, sector, amount)
            assert s.instrument_sector()[(inst, sector)] == amount
        elif step[0] == "shares":
            _, inst, wx, wy = step
            s = sc.set_sector_shares(s, PROG, inst, {"x": wx, "y": wy})
            assert s.by_instrument()[inst] == before.by_instrument()[inst]
        else:
            s = sc.set_phasing(s, PROG, step[1])
            assert s.instrument_sector() == {k: v for k, v in before.instrument_sector().items()}
        assert all(isinstance(v, int) for v in s.cells.values())
        assert sum(s.by_instrument().values()) == sum(s.by_year().values()) == sum(s.by_sector().values()) == s.total()


def test_money_moved_leaves_out_what_the_total_changed_by():
    # the walker of the eleventh session raised the fund by 1,000억원 with the total free: "옮겨진
    # 금액 500억원", where nothing was taken from anywhere
    raised = sc.from_rows([*((i, s, y, a) for (i, s, y), a in BASE.cells.items() if (i, s, y) != ("A", "x", 2021)),
                           ("A", "x", 2021, 30 + 100)])  # fmt: skip
    assert sc.moved(raised, BASE) == 0  # 100 added: |+100| − |+100| = 0
    shifted = sc.from_rows([*((i, s, y, a) for (i, s, y), a in BASE.cells.items() if i != "B" or s != "y"),
                            ("B", "y", 2022, 100 - 40)])  # fmt: skip
    shifted.cells[("A", "x", 2021)] = 30 + 40
    assert sc.moved(shifted, BASE) == 40  # 40 from B·y to A·x, total held: (40 + 40 − 0) / 2
    cut_and_moved = sc.from_rows([("A", "x", 2021, 50), ("A", "x", 2022, 30), ("A", "y", 2022, 40),
                                  ("B", "x", 2021, 60), ("B", "x", 2022, 100), ("B", "y", 2022, 100)])  # fmt: skip
    assert sc.moved(cut_and_moved, BASE) == 20  # +20 and −40: 20 moved, 20 taken away ((60 − 20) / 2)
