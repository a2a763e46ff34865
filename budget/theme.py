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


def template() -> go.layout.Template:
    """The house chart template: CJK font, quiet grid, legend on top, room for a source line."""
    return go.layout.Template(
        layout=go.Layout(
            font=dict(family=FONT_FAMILY, size=14, color=INK),
            title=dict(font=dict(size=18), x=0, xanchor="left"),
            paper_bgcolor="white",
            plot_bgcolor="white",
            xaxis=dict(gridcolor=GRID, zerolinecolor=GRID, automargin=True),
            yaxis=dict(gridcolor=GRID, zerolinecolor=GRID, automargin=True),
            legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, xanchor="left", title=None),
            margin=dict(l=10, r=20, t=90, b=80),
            hoverlabel=dict(font=dict(family=FONT_FAMILY)),
            separators=".,",
        )
    )
