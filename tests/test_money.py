from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budget.money import (
    axis_unit,
    format_compact,
    format_krw,
    format_rate,
    largest_remainder,
    to_unit,
)


@pytest.mark.parametrize(
    ("won", "expected"),
    [
        (2_940_000_000_000, "2조 9,400억원"),
        (1_500_000_000_000, "1조 5,000억원"),
        (400_000_000_000, "4,000억원"),
        (520_000_000_000, "5,200억원"),
        (1_000_000_000_000, "1조원"),
        (12_345_600_000_000, "12조 3,456억원"),
        (5_200_000_000, "52억원"),
        (100_000_000, "1억원"),
        # half-up at the 억: 1.5억 → 2억, 1.49999999억 → 1억
        (150_000_000, "2억원"),
        (149_999_999, "1억원"),
        # 9,999.5억 rounds up into a whole 조
        (999_950_000_000, "1조원"),
        # below 1억: to the 만; 9,999.5만 rounds up to 1억
        (99_995_000, "1억원"),
        (12_345, "1만원"),
        (15_000, "2만원"),
        (5_000, "5,000원"),
        (0, "0원"),
        (-1_500_000_000_000, "-1조 5,000억원"),
    ],
)
def test_format_krw_korean(won, expected):
    assert format_krw(won, "ko") == expected


@pytest.mark.parametrize(
    ("won", "expected"),
    [
        (2_940_000_000_000, "KRW 2.94tn"),
        (1_500_000_000_000, "KRW 1.5tn"),  # exact: no trailing zero
        (2_299_379_960_000, "KRW 2.30tn"),  # rounded: the zero is a significant digit
        (400_000_000_000, "KRW 400bn"),
        (1_254_000_000_000, "KRW 1.25tn"),
        (1_255_000_000_000, "KRW 1.26tn"),  # half-up, not banker's rounding
        (999_600_000_000, "KRW 1.00tn"),  # not "1,000bn"
        (9_995_000_000, "KRW 10.0bn"),
        (123_456_789, "KRW 123m"),
        (999, "KRW 999"),
        (-400_000_000_000, "-KRW 400bn"),
    ],
)
def test_format_krw_english(won, expected):
    assert format_krw(won, "en") == expected


@pytest.mark.parametrize(
    ("total", "weights", "expected"),
    [
        (10, [1, 1, 1], [4, 3, 3]),
        (100, [1, 2], [33, 67]),
        (7, [0, 1], [0, 7]),
        (0, [1, 1], [0, 0]),
        (5, [1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 0]),
        (1_500_000_000_000, [1] * 7, [214_285_714_286] * 5 + [214_285_714_285] * 2),
        (3, [0.5, 0.25, 0.25], [1, 1, 1]),  # 1.5, .75, .75: the two .75 remainders win
    ],
)
def test_largest_remainder(total, weights, expected):
    assert largest_remainder(total, weights) == expected


@given(
    total=st.integers(min_value=0, max_value=10**15),
    weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=40).filter(any),
)
def test_largest_remainder_parts_sum_to_whole(total, weights):
    parts = largest_remainder(total, weights)
    assert sum(parts) == total
    weight_sum = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        exact = Decimal(total) * weight / weight_sum
        assert abs(part - exact) < 1


def test_largest_remainder_refuses_what_cannot_be_split():
    with pytest.raises(ValueError):
        largest_remainder(5, [0, 0])
    with pytest.raises(ValueError):
        largest_remainder(-1, [1])


@pytest.mark.parametrize(
    ("num", "den", "expected"),
    [(1, 3, "33.3%"), (2, 3, "66.7%"), (1, 16, "6.3%"), (0, 5, "0.0%"), (5, 5, "100.0%"), (1, 0, "–")],
)
def test_format_rate(num, den, expected):
    assert format_rate(num, den) == expected


def test_units_and_compact_labels():
    assert to_unit(150_000_000, "eok") == Decimal(2)
    assert to_unit(2_940_000_000_000, "jo", 2) == Decimal("2.94")
    assert format_compact(2_940_000_000_000, "jo", "ko") == "2.9조원"
    assert format_compact(2_940_000_000_000, "jo", "en") == "KRW 2.9tn"
    assert format_compact(520_000_000_000, "eok", "ko", places=0) == "5,200억원"
    assert format_compact(-50_000_000, "eok", "ko") == "-0.5억원"
    assert format_compact(-5_000_000_000, "jo", "en") == "KRW -0.0tn"
    assert axis_unit(1_500_000_000_000, "ko") == "eok"
    assert axis_unit(1_500_000_000_000, "en") == "bn"
    assert axis_unit(2_940_000_000_000, "ko") == "jo"
