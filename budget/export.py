"""Files people take away: CSV that Excel opens in Korean (formula-safe), and chart images."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import struct
import threading
import warnings
import zlib

import pandas as pd
import plotly.graph_objects as go

from budget.charts import AXIS_TITLE_ROOM
from budget.db import BudgetError
from budget.i18n import t

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe.

    Numbers stay numbers (a negative amount is data, not a formula), and so does a text
    that is only a number ("-500", "-1,234.5", as an original file holds it); other strings
    that begin with = + - @ (or a tab or carriage return) are changed.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d,]*(\.\d+)?")


def csv_bytes(table: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV with a byte-order mark, so Excel shows Korean correctly."""
    safe = table.copy()
    safe.columns = [str(neutralise(str(c))) for c in safe.columns]
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


# --- chart images: one renderer, started once -------------------------------------------------

#: Size presets: the canvas in CSS pixels (a PNG is this times its scale: 2× a slide is 3840×2160).
SIZES: dict[str, tuple[int, int]] = {
    "slide": (1920, 1080),  # 16:9
    "square": (1080, 1080),
    "a4": (1123, 794),  # A4 landscape at 96 px per inch: 297 × 210 mm
}
FORMATS = ("png", "svg", "pdf")
SCALES = (2, 3)
#: The canvas the on-screen charts are designed for; type grows with the canvas from there.
_SCREEN = (960, 540)


class RendererMissing(BudgetError):
    """No Chromium for Kaleido to draw with."""

    def __init__(self, detail: str = ""):
        super().__init__(
            (t("err_no_chromium", "ko") + " " + detail).strip(), (t("err_no_chromium", "en") + " " + detail).strip()
        )


def _grow(node: object, k: float) -> object:
    """Font sizes, shifts and margins of a figure spec, times ``k`` (everything else as it is)."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in (
                "font",
                "textfont",
                "tickfont",
                "insidetextfont",
                "outsidetextfont",
                "hoverlabel",
            ) and isinstance(value, dict):
                grown = _grow(value, k)
                if isinstance(grown.get("size"), (int, float)):
                    grown["size"] = round(grown["size"] * k, 1)
                out[key] = grown
            elif key in ("yshift", "xshift") and isinstance(value, (int, float)):
                out[key] = value * k
            elif key == "margin" and isinstance(value, dict):
                out[key] = {m: (v * k if isinstance(v, (int, float)) else v) for m, v in value.items()}
            else:
                out[key] = _grow(value, k)
        return out
    if isinstance(node, list):
        return [_grow(v, k) for v in node]
    return node


def enlarge(fig: go.Figure, k: float) -> go.Figure:
    """The figure with its type ``k`` times larger (briefing mode, for a projector)."""
    spec = fig.to_dict()
    layout = spec.get("layout", {})
    template_font = layout.get("template", {}).get("layout", {}).get("font", {})
    layout["font"] = {"size": 14, **template_font, **layout.get("font", {})}
    spec["layout"] = _grow(layout, k)
    if isinstance(spec["layout"].get("height"), (int, float)):
        spec["layout"]["height"] = spec["layout"]["height"] * k
    spec["data"] = _grow(spec.get("data", []), k)
    return go.Figure(spec, skip_invalid=False)


#: The most entries a legend on top of a printed chart keeps in its one row.
_LEGEND_ROW = 6


def for_print(fig: go.Figure, size: str, subtitle: str, synthetic: bool, lang: str) -> go.Figure:
    """The figure as it goes into a briefing: sized for the canvas, type grown to match, the
    view (filters and scenario) under the title, and a synthetic-data mark when due.

    Title, unit (on the axes), source and as-of lines come with the figure itself.
    """
    width, height = SIZES[size]
    k = ((width * height) / (_SCREEN[0] * _SCREEN[1])) ** 0.5
    spec = fig.to_dict()
    layout = spec.get("layout", {})
    template_font = layout.get("template", {}).get("layout", {}).get("font", {})
    layout["font"] = {**template_font, **layout.get("font", {})}
    layout["font"].setdefault("size", 14)
    # on paper the value axis's unit goes in the line under the title, read across (and clear
    # of the source lines under the plot)
    for axis in ("yaxis", "xaxis"):
        unit = ((layout.get(axis) or {}).get("title") or {}).get("text")
        if unit:
            layout[axis] = {**layout[axis], "title": {"text": ""}}
            subtitle = f"{subtitle} · {t('print_unit', lang, unit=unit)}"
            if axis == "xaxis":  # the source lines go back up, into the room the axis's title had
                for note in layout.get("annotations", []):
                    if note.get("name") == "footnote":
                        note["yshift"] = note.get("yshift", 0) + AXIS_TITLE_ROOM
                if "b" in layout.get("margin", {}):
                    layout["margin"] = {**layout["margin"], "b": layout["margin"]["b"] - AXIS_TITLE_ROOM}
    title = dict(layout.get("title", {}))
    for placed in ("y", "yanchor", "yref"):  # where a screen's chart pins its title: paper has its own room
        title.pop(placed, None)
    title.setdefault("font", {}).setdefault("size", 18)
    title.update({"x": 0, "xanchor": "left", "xref": "container", "pad": {"l": 24}})
    title["subtitle"] = {"text": subtitle, "font": {"size": 13, "color": "#4B5563"}}
    layout["title"] = title
    layout.pop("height", None)
    layout.pop("width", None)
    margin = dict(layout.get("margin", {}))
    legend_on_top = any(d.get("showlegend", True) for d in spec.get("data", [])) and len(spec.get("data", [])) > 1
    entries = [d for d in spec.get("data", []) if d.get("showlegend", True) and d.get("name")]
    if legend_on_top and len(entries) > _LEGEND_ROW and (layout.get("legend") or {}).get("orientation") != "v":
        # a long legend on top takes two rows on paper, over the subtitle: at the right it reads down
        # (as the monthly curves' does), where a canvas for print has the room
        legend = {**(layout.get("legend") or {}), "orientation": "v", "x": 1.01, "xanchor": "left", "y": 1,
                  "yanchor": "top"}  # fmt: skip
        layout["legend"] = legend
        legend_on_top = False
    margin["t"] = max(margin.get("t", 90), 150 if legend_on_top else 120)
    margin["l"] = max(margin.get("l", 0), 24)
    margin["r"] = max(margin.get("r", 0), 30)
    layout["margin"] = margin
    if synthetic:
        layout["annotations"] = [
            *layout.get("annotations", []),
            {"text": t("print_synthetic", lang), "xref": "paper", "yref": "paper", "x": 1,
             "y": 1, "yshift": 82, "xanchor": "right", "yanchor": "bottom", "showarrow": False,
             "font": {"size": 13, "color": "#B91C1C"}, "bordercolor": "#B91C1C", "borderwidth": 1, "borderpad": 4},
        ]  # fmt: skip
    spec["layout"] = _grow(layout, k)
    spec["data"] = _grow(spec.get("data", []), k)
    return go.Figure(spec, skip_invalid=False)


def with_dpi(png: bytes, dpi: int) -> bytes:
    """A PNG that says how many of its pixels make an inch (a pHYs chunk after its header): the
    canvas is laid out at 96 px an inch, so a 3× A4 image is 288 dpi and prints as A4. Without it,
    layout programs took the press kit's images for 72 dpi, four times the size."""
    if not png.startswith(b"\x89PNG\r\n\x1a\n") or png[12:16] != b"IHDR" or b"pHYs" in png[:4096]:
        return png
    per_metre = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    end_of_header = 8 + 4 + 4 + 13 + 4
    return png[:end_of_header] + chunk + png[end_of_header:]


class Renderer:
    """Kaleido's browser, started on first use and kept: a cold start costs seconds, each
    image after it a fraction of one."""

    def __init__(self) -> None:
        self._started = False
        self._lock = threading.Lock()

    def _start(self) -> None:
        import kaleido

        if not any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome", "chrome")):
            raise RendererMissing()
        try:
            # no MathJax: it would be fetched from a CDN, and $…$ in a company name would typeset
            kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        except Exception as exc:  # Kaleido's own errors name no type we could catch more narrowly
            raise RendererMissing(str(exc)[:200]) from exc
        self._started = True

    def image(self, fig: go.Figure, fmt: str, size: str, scale: int = 2) -> bytes:
        """The figure as PNG (the canvas times ``scale``), SVG or PDF bytes."""
        import plotly.io as pio

        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}")
        width, height = SIZES[size]
        with self._lock:  # one browser, one image at a time
            if not self._started:
                self._start()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "kopts ignored when using a server": expected
                image = pio.to_image(fig, format=fmt, width=width, height=height, scale=scale if fmt == "png" else 1)
        return with_dpi(image, 96 * scale) if fmt == "png" else image

    def close(self) -> None:
        if self._started:
            import kaleido

            kaleido.stop_sync_server(silence_warnings=True)
            self._started = False


_RENDERER: Renderer | None = None


def renderer() -> Renderer:
    """The process's one renderer."""
    global _RENDERER
    if _RENDERER is None:
        _RENDERER = Renderer()
    return _RENDERER


def file_name(key: str, lang: str, on: dt.date, ext: str) -> str:
    """A file name that says what it is: chart, language and date."""
    return f"{key}_{lang}_{on.isoformat()}.{ext}"
