"""Budget scenarios: what happens if the money moves.

A :class:`Scenario` is an allocation, integer won per instrument × sector × year, with the
share of it each instrument (optionally each instrument × sector) is expected to pay out by
the end of 2025. Every edit returns a new scenario; every split is by largest remainder, so
every total is the exact sum of its parts, whatever the edits.

Edits, each optionally with the programme total locked (the rest of the programme gives way
in proportion to what it holds):

- :func:`set_envelope`: an instrument's total; its sectors and years keep their proportions;
- :func:`set_sector_amount`: a sector's total within an instrument;
- :func:`set_sector_shares`: the sector split of an instrument, its total unchanged;
- :func:`set_phasing`: the year split (even, front-loaded, back-loaded, or weights by hand),
  for an instrument or all, some sectors or all, over chosen years (a sector can start early);
- :func:`set_uptake`: the expected uptake rate.

:func:`warnings` names what a reader should look at before saving (a negative year or
sector, a total away from the programme's). No Streamlit here; the Scenarios page and the
tests both use this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_FLOOR, Decimal

from budget.db import BudgetError
from budget.money import largest_remainder

Cell = tuple[str, str, int]  # instrument, sector, year

PRESETS = ("even", "front", "back")
RATE_QUANTUM = Decimal("0.000001")
DEFAULT_UPTAKE = Decimal(1)


class ScenarioError(BudgetError, ValueError):
    """An edit that cannot be made, with the reason in Korean and English."""


@dataclass(frozen=True)
class Programme:
    """What the model needs to know of the programme: names in order, and when each can pay."""

    instruments: tuple[str, ...]
    sectors: tuple[str, ...]
    years: tuple[int, ...]
    instrument_years: Mapping[str, tuple[int, ...]]  # the years of each instrument's period
    sector_first_year: Mapping[str, int]  # the year each sector joined
    total_krw: int  # the promised programme total (the sum of the envelopes)

    def active_years(self, instrument: str, sector: str) -> tuple[int, ...]:
        """Years an instrument can pay a sector: within its period, from the year the sector joined."""
        first = self.sector_first_year.get(sector, self.years[0])
        return tuple(y for y in self.instrument_years.get(instrument, self.years) if y >= first)


@dataclass(frozen=True)
class Scenario:
    """An allocation in integer won and the expected uptake rates (fractions, as Decimal)."""

    cells: Mapping[Cell, int]
    uptake: Mapping[str, Decimal] = field(default_factory=dict)  # instrument → rate
    sector_uptake: Mapping[tuple[str, str], Decimal] = field(default_factory=dict)  # (instrument, sector) → rate

    # --- totals ---------------------------------------------------------------------------

    def total(self) -> int:
        return sum(self.cells.values())

    def by_instrument(self) -> dict[str, int]:
        return _sum_by(self.cells, lambda c: c[0])

    def by_sector(self) -> dict[str, int]:
        return _sum_by(self.cells, lambda c: c[1])

    def by_year(self) -> dict[int, int]:
        return _sum_by(self.cells, lambda c: c[2])

    def instrument_sector(self) -> dict[tuple[str, str], int]:
        return _sum_by(self.cells, lambda c: (c[0], c[1]))

    def rate(self, instrument: str, sector: str | None = None) -> Decimal:
        """The expected uptake rate of an instrument (or of one sector of it)."""
        if sector is not None and (instrument, sector) in self.sector_uptake:
            return self.sector_uptake[(instrument, sector)]
        return self.uptake.get(instrument, DEFAULT_UPTAKE)


def _sum_by(cells: Mapping[Cell, int], key) -> dict:
    out: dict = {}
    for cell, amount in cells.items():
        k = key(cell)
        out[k] = out.get(k, 0) + amount
    return out


def from_rows(rows: Iterable[tuple[str, str, int, int]], uptake: Mapping[str, Decimal] | None = None) -> Scenario:
    """A scenario from ``(instrument, sector, year, amount_krw)`` rows."""
    cells: dict[Cell, int] = {}
    for instrument, sector, year, amount in rows:
        key = (str(instrument), str(sector), int(year))
        cells[key] = cells.get(key, 0) + int(amount)
    return Scenario(cells, dict(uptake or {}))


def rows(scenario: Scenario) -> list[tuple[str, str, int, int]]:
    """The scenario's non-zero cells as sorted ``(instrument, sector, year, amount_krw)`` rows."""
    return sorted((i, s, y, a) for (i, s, y), a in scenario.cells.items() if a)


# --- splitting ---------------------------------------------------------------------------


def _split(total: int, weights: Sequence[int | Decimal]) -> list[int]:
    """Split a total (of either sign) by non-negative weights, exactly."""
    if total < 0:
        return [-p for p in largest_remainder(-total, list(weights))]
    return largest_remainder(total, list(weights))


def _rescale(parts: Mapping, total: int, fallback: Mapping | None = None) -> dict:
    """Scale parts to a new total in proportion to what each holds (or to ``fallback`` weights
    when they hold nothing, or hold amounts of mixed sign)."""
    keys = list(parts)
    weights = [parts[k] for k in keys]
    if not keys:
        if total:
            raise ScenarioError.of("sc_err_nothing_to_split")
        return {}
    if sum(weights) <= 0 or any(w < 0 for w in weights):
        weights = [max((fallback or {}).get(k, 1), 0) for k in keys]
        if sum(weights) <= 0:
            weights = [1] * len(keys)
    return dict(zip(keys, _split(total, weights), strict=True))


def _give_way(parts: Mapping, change: int) -> dict:
    """The rest of the programme absorbing ``change`` (positive: they give it up) in proportion
    to what each holds. Parts below zero are left as they are (they hold nothing to give); when
    no part holds anything, the parts share the change equally."""
    holding = {k: v for k, v in parts.items() if v > 0}
    if not holding:
        holding = {k: v for k, v in parts.items() if v == 0} or dict(parts)
        if not holding:
            if change:
                raise ScenarioError.of("sc_err_no_rest")
            return {}
    new = _rescale(holding, sum(holding.values()) - change, {k: 1 for k in holding})
    return {k: new.get(k, v) for k, v in parts.items()}


def _with_parts(scenario: Scenario, new_cells: Mapping[Cell, int]) -> Scenario:
    cells = dict(scenario.cells)
    cells.update(new_cells)
    return replace(scenario, cells=cells)


def _year_profile(scenario: Scenario, programme: Programme, instrument: str, sector: str) -> dict[Cell, int]:
    """The cells of one instrument × sector over its active years (zeros included)."""
    years = set(programme.active_years(instrument, sector)) | {
        y for (i, s, y) in scenario.cells if i == instrument and s == sector
    }
    return {(instrument, sector, y): scenario.cells.get((instrument, sector, y), 0) for y in sorted(years)}


def _set_pair_total(scenario: Scenario, programme: Programme, instrument: str, sector: str, total: int) -> dict:
    """New cells for one instrument × sector at ``total``, its years keeping their proportions
    (or, when it held nothing, the instrument's year profile, else an even split)."""
    cells = _year_profile(scenario, programme, instrument, sector)
    instrument_years = _sum_by({c: a for c, a in scenario.cells.items() if c[0] == instrument}, lambda c: c[2])
    active = set(programme.active_years(instrument, sector))
    fallback = {c: (max(instrument_years.get(c[2], 0), 0) if c[2] in active else 0) for c in cells}
    if sum(fallback.values()) <= 0:
        fallback = {c: (1 if c[2] in active else 0) for c in cells}
    return _rescale(cells, total, fallback)


# --- edits ---------------------------------------------------------------------------


def set_envelope(
    scenario: Scenario, programme: Programme, instrument: str, amount: int, lock_total: bool = False
) -> Scenario:
    """An instrument's total becomes ``amount``; its sectors and years keep their proportions.

    With ``lock_total`` the other instruments give way in proportion to their totals, so the
    programme total stays where it was.
    """
    _known(programme, instrument=instrument)
    amount = int(amount)
    totals = {i: scenario.by_instrument().get(i, 0) for i in programme.instruments}
    new_totals = {instrument: amount}
    if lock_total:
        others = {i: t for i, t in totals.items() if i != instrument}
        new_totals.update(_give_way(others, amount - totals[instrument]))
    changed: dict[Cell, int] = {}
    for inst, total in new_totals.items():
        pairs = {s: scenario.instrument_sector().get((inst, s), 0) for s in programme.sectors}
        fallback = {s: len(programme.active_years(inst, s)) for s in programme.sectors}
        for sector, pair_total in _rescale(pairs, total, fallback).items():
            changed.update(_set_pair_total(scenario, programme, inst, sector, pair_total))
    return _with_parts(scenario, changed)


def set_sector_amount(
    scenario: Scenario, programme: Programme, instrument: str, sector: str, amount: int, lock_total: bool = False
) -> Scenario:
    """A sector's total within an instrument becomes ``amount``; its years keep their proportions.

    With ``lock_total`` every other instrument × sector gives way in proportion to what it
    holds, so the programme total stays where it was.
    """
    return set_sector_amounts(scenario, programme, {(instrument, sector): amount}, lock_total)


def set_sector_amounts(
    scenario: Scenario, programme: Programme, amounts: Mapping[tuple[str, str], int], lock_total: bool = False
) -> Scenario:
    """Several instrument × sector totals at once (a table edit): each is set as typed, and
    with ``lock_total`` the pairs not typed give way, once, for all of them together."""
    pairs = scenario.instrument_sector()
    changed: dict[Cell, int] = {}
    delta = 0
    for (instrument, sector), amount in amounts.items():
        _known(programme, instrument=instrument, sector=sector)
        changed.update(_set_pair_total(scenario, programme, instrument, sector, int(amount)))
        delta += int(amount) - pairs.get((instrument, sector), 0)
    if lock_total and delta:
        others = {p: t for p, t in pairs.items() if p not in amounts}
        for (inst, sec), total in _give_way(others, delta).items():
            if total != pairs[(inst, sec)]:
                changed.update(_set_pair_total(scenario, programme, inst, sec, total))
    return _with_parts(scenario, changed)


def set_sector_shares(
    scenario: Scenario, programme: Programme, instrument: str, shares: Mapping[str, int | float | Decimal]
) -> Scenario:
    """Split an instrument's total over sectors by ``shares`` (any non-negative weights:
    percentages, or amounts); the instrument's total does not change."""
    _known(programme, instrument=instrument)
    weights = {s: Decimal(str(shares.get(s, 0))) for s in programme.sectors}
    if any(w < 0 for w in weights.values()):
        raise ScenarioError.of("sc_err_negative_share")
    if sum(weights.values()) <= 0:
        raise ScenarioError.of("sc_err_zero_shares")
    total = scenario.by_instrument().get(instrument, 0)
    changed: dict[Cell, int] = {}
    for sector, amount in zip(weights, _split(total, list(weights.values())), strict=True):
        changed.update(_set_pair_total(scenario, programme, instrument, sector, amount))
    return _with_parts(scenario, changed)


def preset_weights(preset: str, years: Sequence[int]) -> dict[int, int]:
    """Year weights of a phasing preset: even 1,1,…; front-loaded n,…,1; back-loaded 1,…,n."""
    n = len(years)
    if preset == "even":
        return {y: 1 for y in years}
    if preset == "front":
        return {y: n - k for k, y in enumerate(years)}
    if preset == "back":
        return {y: k + 1 for k, y in enumerate(years)}
    raise ScenarioError.of("sc_err_unknown_phasing", preset=preset)


def set_phasing(
    scenario: Scenario,
    programme: Programme,
    phasing: str | Mapping[int, int | float | Decimal],
    instruments: Sequence[str] | None = None,
    sectors: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
) -> Scenario:
    """Spread each instrument × sector total over years: a preset (``even``, ``front``,
    ``back``) over its active years (or ``years``), or year weights given by hand.

    Given ``years``, a sector can be paid before it joined (a sector added a year early),
    but never outside its instrument's period: the chosen years are cut to the period. A pair
    with no year left to spread over (or weights of zero for all of its years) is left as it
    is. Totals per instrument × sector do not change.
    """
    instruments = list(instruments or programme.instruments)
    sectors = list(sectors or programme.sectors)
    for inst in instruments:
        _known(programme, instrument=inst)
    for sector in sectors:
        _known(programme, sector=sector)
    pairs = scenario.instrument_sector()
    changed: dict[Cell, int] = {}
    for inst in instruments:
        for sector in sectors:
            period = programme.instrument_years.get(inst, programme.years)
            span = tuple(y for y in years if y in period) if years else programme.active_years(inst, sector)
            if isinstance(phasing, str):
                weights = preset_weights(phasing, span)
            else:
                weights = {y: Decimal(str(phasing.get(y, 0))) for y in span}
            if any(w < 0 for w in weights.values()):
                raise ScenarioError.of("sc_err_negative_weight")
            total = pairs.get((inst, sector), 0)
            if sum(weights.values()) <= 0:
                continue  # nowhere to spread it: left as it is
            # every year of the pair is rewritten: years outside the span become zero
            current = {y for (i, s, y) in scenario.cells if i == inst and s == sector}
            for year in current - set(weights):
                changed[(inst, sector, year)] = 0
            if weights:
                parts = _split(total, list(weights.values())) if total else [0] * len(weights)
                changed.update({(inst, sector, y): a for y, a in zip(weights, parts, strict=True)})
    return _with_parts(scenario, changed)


def set_uptake(scenario: Scenario, instrument: str, rate: int | float | Decimal, sector: str | None = None) -> Scenario:
    """The expected share of the allocation paid out by the end of 2025 (1 = all of it)."""
    value = Decimal(str(rate)).quantize(RATE_QUANTUM)  # as stored: six decimals
    if value < 0 or value > 2:
        raise ScenarioError.of("sc_err_rate_range")
    if sector is None:
        return replace(scenario, uptake={**scenario.uptake, instrument: value})
    return replace(scenario, sector_uptake={**scenario.sector_uptake, (instrument, sector): value})


def _known(programme: Programme, instrument: str | None = None, sector: str | None = None) -> None:
    if instrument is not None and instrument not in programme.instruments:
        raise ScenarioError.of("sc_err_unknown_instrument", instrument=instrument)
    if sector is not None and sector not in programme.sectors:
        raise ScenarioError.of("sc_err_unknown_sector", sector=sector)


# --- reading a scenario ------------------------------------------------------------------


def projection(scenario: Scenario) -> dict[tuple[str, str], int]:
    """Expected disbursement to the end of 2025 per instrument × sector: the allocation times
    its uptake rate, rounded down to the won."""
    out = {}
    for (inst, sector), amount in scenario.instrument_sector().items():
        out[(inst, sector)] = int((Decimal(amount) * scenario.rate(inst, sector)).to_integral_value(ROUND_FLOOR))
    return out


@dataclass(frozen=True)
class Warning:
    """Something to look at before saving; ``key`` names it in the catalogue."""

    key: str
    subject: str  # an instrument, a sector, a year, or "" for the programme
    amount: int


def warnings(scenario: Scenario, programme: Programme) -> list[Warning]:
    """Negative instruments, sectors, years or cells, and a total away from the programme's."""
    found = []
    for key, totals in (
        ("negative_instrument", scenario.by_instrument()),
        ("negative_sector", scenario.by_sector()),
        ("negative_year", scenario.by_year()),
    ):
        found += [Warning(key, str(k), v) for k, v in sorted(totals.items(), key=lambda kv: str(kv[0])) if v < 0]
    negative_cells = [c for c, a in scenario.cells.items() if a < 0]
    if negative_cells and not found:
        found.append(Warning("negative_cell", "", len(negative_cells)))
    outside: dict[str, int] = {}
    for (inst, _, year), amount in scenario.cells.items():
        if amount and year not in programme.instrument_years.get(inst, programme.years):
            outside[inst] = outside.get(inst, 0) + amount
    found += [Warning("outside_period", inst, amount) for inst, amount in sorted(outside.items())]
    difference = scenario.total() - programme.total_krw
    if difference:
        found.append(Warning("total_changed", "", difference))
    return found


def difference(scenario: Scenario, base: Scenario) -> dict[Cell, int]:
    """Scenario minus base, per cell (cells present in either)."""
    keys = set(scenario.cells) | set(base.cells)
    return {k: scenario.cells.get(k, 0) - base.cells.get(k, 0) for k in keys}


def moved(scenario: Scenario, base: Scenario) -> int:
    """The money taken from some cells and put in others: half of what the cells changed by, once
    what the total changed by is set aside (a total raised by 1,000억원, all of it to the fund,
    moved nothing; the total held, 500억원 from loans to the fund moved 500억원)."""
    changes = difference(scenario, base).values()
    return (sum(abs(d) for d in changes) - abs(sum(changes))) // 2
