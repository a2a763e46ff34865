"""The view a reader has chosen (instruments, sectors, years, scenario) and its URL form.

Parsing is forgiving: an unknown code in a link is dropped, a year outside the programme
is clamped, so an old or hand-edited link still opens a sensible view.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

FIRST_YEAR, LAST_YEAR = 2020, 2025


@dataclass(frozen=True)
class Filters:
    """Empty ``instruments``/``sectors`` mean all of them; ``scenario`` None means the plan in force."""

    instruments: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    year_from: int = FIRST_YEAR
    year_to: int = LAST_YEAR
    scenario: int | None = None

    @property
    def whole_period(self) -> bool:
        return self.year_from == FIRST_YEAR and self.year_to == LAST_YEAR

    def instrument_codes(self, known: Sequence[str]) -> list[str]:
        """The instruments this view covers, in display order."""
        return [c for c in known if not self.instruments or c in self.instruments]

    def sector_codes(self, known: Sequence[str]) -> list[str]:
        """The sectors this view covers, in display order."""
        return [c for c in known if not self.sectors or c in self.sectors]


def _first(value: object) -> str:
    if isinstance(value, list | tuple):
        return str(value[-1]) if value else ""
    return "" if value is None else str(value)


def _codes(value: object, known: Sequence[str]) -> tuple[str, ...]:
    asked = {part.strip() for part in _first(value).split(",") if part.strip()}
    chosen = tuple(code for code in known if code in asked)
    return () if len(chosen) == len(known) else chosen


def _year(text: str, default: int) -> int:
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        return default
    return min(max(int(text), FIRST_YEAR), LAST_YEAR)


def from_params(
    params: Mapping[str, object],
    instruments: Sequence[str],
    sectors: Sequence[str],
    scenarios: Sequence[int] = (),
) -> Filters:
    """Read a view from URL parameters (``instrument``, ``sector``, ``years``, ``scenario``)."""
    years = _first(params.get("years"))
    low_text, _, high_text = years.partition("-")
    low = _year(low_text, FIRST_YEAR) if years else FIRST_YEAR
    high = _year(high_text or low_text, LAST_YEAR) if years else LAST_YEAR
    low, high = min(low, high), max(low, high)
    scenario_text = _first(params.get("scenario"))
    is_number = scenario_text.isascii() and scenario_text.isdigit()  # "²".isdigit() is True
    scenario = int(scenario_text) if is_number and int(scenario_text) in scenarios else None
    return Filters(
        _codes(params.get("instrument"), instruments), _codes(params.get("sector"), sectors), low, high, scenario
    )


def to_params(view: Filters) -> dict[str, str]:
    """The URL parameters of a view; what is left at its default is left out."""
    params: dict[str, str] = {}
    if view.instruments:
        params["instrument"] = ",".join(view.instruments)
    if view.sectors:
        params["sector"] = ",".join(view.sectors)
    if not view.whole_period:
        params["years"] = f"{view.year_from}-{view.year_to}"
    if view.scenario is not None:
        params["scenario"] = str(view.scenario)
    return params
