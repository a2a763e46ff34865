import pytest

from budget.filters import Filters, from_params, to_params

INSTRUMENTS = ["fund", "guarantee", "loan", "rnd"]
SECTORS = ["future_car", "electronics", "steel"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, Filters()),
        ({"instrument": "loan,fund"}, Filters(instruments=("fund", "loan"))),
        ({"instrument": "loan,nonsense"}, Filters(instruments=("loan",))),
        ({"instrument": "fund,guarantee,loan,rnd"}, Filters()),  # all of them is the default
        ({"sector": ["steel"]}, Filters(sectors=("steel",))),
        ({"years": "2021-2023"}, Filters(year_from=2021, year_to=2023)),
        ({"years": "2023-2021"}, Filters(year_from=2021, year_to=2023)),
        ({"years": "2019-2030"}, Filters()),
        ({"years": "2024"}, Filters(year_from=2024, year_to=2024)),
        ({"years": "abc"}, Filters()),
        ({"scenario": "3"}, Filters(scenario=3)),
        ({"scenario": "99"}, Filters()),
        ({"scenario": "1; DROP TABLE x"}, Filters()),
        ({"scenario": "²"}, Filters()),
        ({"years": "²-٣"}, Filters()),
        ({"instrument": ",,,"}, Filters()),
    ],
)
def test_from_params(params, expected):
    assert from_params(params, INSTRUMENTS, SECTORS, scenarios=[1, 3]) == expected


@pytest.mark.parametrize(
    "view",
    [
        Filters(),
        Filters(instruments=("fund",), sectors=("future_car", "steel"), year_from=2022, year_to=2024, scenario=3),
        Filters(year_from=2025, year_to=2025),
    ],
)
def test_round_trip_through_the_url(view):
    assert from_params(to_params(view), INSTRUMENTS, SECTORS, scenarios=[3]) == view


def test_defaults_leave_the_url_clean():
    assert to_params(Filters()) == {}


def test_codes_in_display_order():
    view = Filters(sectors=("steel",))
    assert view.sector_codes(SECTORS) == ["steel"]
    assert Filters().instrument_codes(INSTRUMENTS) == INSTRUMENTS
