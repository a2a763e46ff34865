"""Integer won, and the one place where won become words for people.

Amounts live as ``int`` won from the file to the chart. Formatting to 조/억원 happens
here, once, with Decimal half-up rounding (never binary floats), and splits that must
add up use the largest-remainder method.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

MAN = 10_000  # 만
EOK = 100_000_000  # 억
JO = 1_000_000_000_000  # 조

#: Units a chart axis or a table can be expressed in: (won per unit, Korean label, English label).
UNITS: dict[str, tuple[int, str, str]] = {
    "won": (1, "원", "KRW"),
    "man": (MAN, "만원", "KRW 10k"),
    "baekman": (1_000_000, "백만원", "KRW m"),
    "eok": (EOK, "억원", "KRW 100m"),
    "jo": (JO, "조원", "KRW tn"),
    "bn": (1_000_000_000, "십억원", "KRW bn"),
}


def round_half_up(value: Decimal) -> int:
    """Round a Decimal to the nearest integer, halves away from zero."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_unit(won: int, unit: str, places: int = 0) -> Decimal:
    """Express integer won in a display unit, rounded half-up to ``places`` decimals."""
    per = UNITS[unit][0]
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(won) / Decimal(per)).quantize(quantum, rounding=ROUND_HALF_UP)


def largest_remainder(total: int, weights: Sequence[float | int | Decimal]) -> list[int]:
    """Split integer ``total`` in proportion to ``weights``; the parts sum exactly to ``total``.

    Each part gets the floor of its exact share; the units left over go to the largest
    remainders, ties to the earlier position, so the result is deterministic.
    """
    if total < 0:
        raise ValueError("total must not be negative")
    if weights and all(isinstance(w, int) for w in weights):
        return _largest_remainder_int(total, [int(w) for w in weights])
    exact = [Decimal(str(w)) if isinstance(w, float) else Decimal(w) for w in weights]
    if any(w < 0 for w in exact):
        raise ValueError("weights must not be negative")
    weight_sum = sum(exact, Decimal(0))
    if not exact:
        if total:
            raise ValueError("cannot split a non-zero total into no parts")
        return []
    if weight_sum == 0:
        if total:
            raise ValueError("cannot split a non-zero total by zero weights")
        return [0] * len(exact)
    shares = [Decimal(total) * w / weight_sum for w in exact]
    parts = [int(s) for s in shares]  # floor: shares are non-negative
    left = total - sum(parts)
    order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def _largest_remainder_int(total: int, weights: list[int]) -> list[int]:
    # The same method in exact integer arithmetic (no Decimal), for integer weights.
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    weight_sum = sum(weights)
    if weight_sum == 0:
        if total:
            raise ValueError("cannot split a non-zero total by zero weights")
        return [0] * len(weights)
    parts = [total * w // weight_sum for w in weights]
    remainders = [total * w % weight_sum for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _group(n: int) -> str:
    return f"{n:,}"


def format_krw(won: int, lang: str = "ko") -> str:
    """Format won for reading: "2조 9,400억원" in Korean, "KRW 2.94tn" in English.

    Korean uses the mixed 조/억 form rounded half-up to the 억 (below 1억: to the 만, below
    1만: the exact won). English rounds to three significant figures in trillions (tn),
    billions (bn) or millions (m), short enough for a headline figure.
    """
    won = int(won)
    sign = "-" if won < 0 else ""
    amount = abs(won)
    if lang == "en":
        return sign + _format_en(amount)
    if amount >= EOK:
        eok_total = (amount + EOK // 2) // EOK  # half-up, in integers (amount is not negative)
        jo, eok = divmod(eok_total, 10_000)
        if jo and eok:
            return f"{sign}{_group(jo)}조 {_group(eok)}억원"
        if jo:
            return f"{sign}{_group(jo)}조원"
        return f"{sign}{_group(eok)}억원"
    if amount >= MAN:
        man = (amount + MAN // 2) // MAN
        if man == 10_000:
            return f"{sign}1억원"
        return f"{sign}{_group(man)}만원"
    return f"{sign}{_group(amount)}원"


def format_won(won: int, lang: str = "ko") -> str:
    """Won to the won, as a clerk checks a file's total: "1,750,000,000원", "KRW 1,750,000,000"."""
    return f"{int(won):,}원" if lang != "en" else f"KRW {int(won):,}"


def _significant(value: Decimal, digits: int = 3) -> str:
    """Round to ``digits`` significant figures, half-up.

    Trailing zeros stay when rounding happened (2.2994 → "2.30") and go when the value is
    exact (1.5 → "1.5", 50 → "50"), so a reader can tell the two apart.
    """
    if value == 0:
        return "0"
    exponent = value.adjusted()
    quantum = Decimal(1).scaleb(min(exponent - digits + 1, 0))
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded.adjusted() > exponent:  # 9.995 → 10.0: one digit fewer after the point
        rounded = rounded.quantize(quantum.scaleb(1), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    if rounded == value and "." in text:
        text = text.rstrip("0").rstrip(".")
    return _group_decimal(text)


def _group_decimal(text: str) -> str:
    whole, _, frac = text.partition(".")
    whole = _group(int(whole))
    return f"{whole}.{frac}" if frac else whole


def _format_en(amount: int) -> str:
    # The largest unit in which the rounded value is at least 1: 999.6 billion reads
    # "1 trillion", not "1,000 billion".
    for per, word in ((JO, "tn"), (1_000_000_000, "bn"), (1_000_000, "m")):
        text = _significant(Decimal(amount) / per)
        if Decimal(text.replace(",", "")) >= 1:
            return f"KRW {text}{word}"
    return f"KRW {_group(amount)}"


def axis_unit(max_abs_won: int, lang: str = "ko") -> str:
    """The unit an axis should use for values up to ``max_abs_won``.

    조원 (KRW tn) from 2조, where ticks read 0.5, 1, 1.5…; below that 억원 in Korean and
    KRW bn in English, the units each audience reads without converting.
    """
    if abs(max_abs_won) >= 2 * JO:
        return "jo"
    return "bn" if lang == "en" else "eok"


def unit_label(unit: str, lang: str) -> str:
    """The label of a display unit, e.g. "억원" or "KRW 100m"."""
    _, ko, en = UNITS[unit]
    return en if lang == "en" else ko


def format_compact(won: int, unit: str, lang: str = "ko", places: int = 1) -> str:
    """A short label in a fixed unit, e.g. "2.9조원" / "KRW 2.9tn", for bar labels and ticks."""
    value = to_unit(abs(won), unit, places)
    text = _group_decimal(f"{value:f}") if places else _group(int(value))
    if won < 0:
        text = "-" + text  # the sign of the amount, even when its rounded value is 0.0
    if lang == "en":
        suffix = {"jo": "tn", "bn": "bn", "baekman": "m"}.get(unit)
        if suffix:
            return f"KRW {text}{suffix}"
        return f"{text} {unit_label(unit, lang)}"
    return f"{text}{unit_label(unit, lang)}"


def format_rate(numerator: int, denominator: int, places: int = 1) -> str:
    """A percentage such as "42.3%", half-up; "–" when the denominator is zero."""
    if not denominator:
        return "–"
    pct = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{pct:f}%"
