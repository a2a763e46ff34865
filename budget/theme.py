"""Fonts and the fixed colour of each sector and instrument, shared by every chart."""

from __future__ import annotations

import plotly.graph_objects as go

FONT_FAMILY = "Noto Sans CJK KR, Noto Sans KR, Apple SD Gothic Neo, Malgun Gothic, sans-serif"

#: One colour per instrument, the same on every chart.
INSTRUMENT_COLOURS = {
    "fund": "#5B3A8E",
    "guarantee": "#1B5E9E",
    "loan": "#2E7D32",
    "rnd": "#C0571B",
}

#: One colour per sector (Tableau 10, which stays distinct for most colour-blind readers).
SECTOR_COLOURS = {
    "future_car": "#4E79A7",
    "electronics": "#F28E2B",
    "healthcare": "#E15759",
    "shipbuilding": "#76B7B2",
    "retail": "#59A14F",
    "materials_parts": "#EDC948",
    "steel": "#B07AA1",
    "textile_chem": "#FF9DA7",
    "energy": "#9C755F",
    "machinery": "#BAB0AC",
}

NEUTRAL = "#6B7280"
INK = "#1F2937"
GRID = "#E5E7EB"


#: The house chart layout: CJK font, quiet grid, legend on top, room for a source line.
TEMPLATE_LAYOUT: dict = {
    "font": {"family": FONT_FAMILY, "size": 14, "color": INK},
    "title": {"font": {"size": 18}, "x": 0, "xanchor": "left"},
    "paper_bgcolor": "white",
    "plot_bgcolor": "white",
    "xaxis": {"gridcolor": GRID, "zerolinecolor": GRID, "automargin": True},
    "yaxis": {"gridcolor": GRID, "zerolinecolor": GRID, "automargin": True},
    "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "xanchor": "left", "title": {"text": ""}},
    "margin": {"l": 10, "r": 20, "t": 90, "b": 80},
    "hoverlabel": {"font": {"family": FONT_FAMILY}},
    "separators": ".,",
    # a bar's label is never shrunk below reading size to fit its bar ("111.1%" came out at 6 px)
    "uniformtext": {"minsize": 11, "mode": "show"},
}


def template() -> go.layout.Template:
    """The house chart template as a Plotly object (validated)."""
    return go.layout.Template(layout=TEMPLATE_LAYOUT)
