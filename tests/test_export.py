import io

import pandas as pd
import pytest

from budget.export import csv_bytes, neutralise


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+82-2-123", "'+82-2-123"),
        ("-cmd", "'-cmd"),
        ("-1+2", "'-1+2"),
        # a text that is only a number, as an original file holds it, is data
        ("-500", "-500"),
        ("-1,234.5", "-1,234.5"),
        ("+7", "+7"),
        ("@evil", "'@evil"),
        ("\tx", "'\tx"),
        ("미래차", "미래차"),
        ("a=b", "a=b"),
        (-5, -5),
        (1_500_000_000_000, 1_500_000_000_000),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_has_bom_korean_text_and_exact_integers():
    table = pd.DataFrame({"분야": ["미래차", "=1+1"], "금액 (원)": [1_500_000_000_000, -3]})
    data = csv_bytes(table)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back.columns) == ["분야", "금액 (원)"]
    assert back["분야"].tolist() == ["미래차", "'=1+1"]
    assert back["금액 (원)"].tolist() == [1_500_000_000_000, -3]


def test_a_printed_chart_takes_its_source_lines_back_up_where_its_axis_title_was():
    # on paper the unit goes under the title, so the room kept under the axis for it is given back
    from budget import charts, export

    figure = charts._figure([], {"xaxis": {"title": {"text": "억원"}}}, ["출처"])
    assert figure.layout.annotations[0].yshift == -48 - charts.AXIS_TITLE_ROOM
    printed = export.for_print(figure, "slide", "전체", False, "ko")
    k = ((1920 * 1080) / (export._SCREEN[0] * export._SCREEN[1])) ** 0.5
    assert printed.layout.xaxis.title.text in (None, "")
    assert printed.layout.annotations[0].yshift == pytest.approx(-48 * k, abs=1)
    assert printed.layout.margin.b == pytest.approx((48 + 22 + 16) * k, abs=1)


def test_a_long_legend_reads_down_at_the_right_of_a_printed_chart():
    # the breakdown's eleven entries took two rows over the subtitle on A4: on paper they go to the
    # right (as the monthly curves' do); a short legend stays on top
    from budget import charts, export

    def figure(entries: int):
        return charts._figure([{"type": "bar", "name": f"분야 {i}", "x": [1], "y": ["a"]} for i in range(entries)], {})

    long = export.for_print(figure(7), "a4", "전체", False, "ko")
    assert (long.layout.legend.orientation, long.layout.legend.x, long.layout.legend.y) == ("v", 1.01, 1)
    short = export.for_print(figure(6), "a4", "전체", False, "ko")
    assert short.layout.legend.orientation is None  # the house's: in a row on top
