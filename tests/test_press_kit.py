"""The press kit: print layout, image formats and sizes (Kaleido with Debian's Chromium), the ZIP,
the command line and the page."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import xml.etree.ElementTree as ET
import zipfile

import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from budget import db, export, kit
from budget.filters import Filters
from tests.conftest import run_cli

APP = "../app.py"
KOREAN = go.Figure(
    {
        "data": [{"type": "bar", "x": ["보증", "대출"], "y": [1, 2]}],
        "layout": {
            "title": {"text": "지원 수단별 집행"},
            "yaxis": {"title": {"text": "억원"}},
            "template": {"layout": {"font": {"family": "Noto Sans CJK KR", "size": 14}}},
            "annotations": [{"text": "출처: 시험", "x": 0, "y": 0, "xref": "paper", "yref": "paper", "yshift": -40}],
        },
    }
)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def renderer():
    render = export.Renderer()
    yield render
    render.close()


def test_print_layout_grows_the_type_and_states_view_unit_and_synthetic_data():
    fig = export.for_print(KOREAN, "slide", "보기: 전체", synthetic=True, lang="ko").to_dict()["layout"]
    # a slide is twice the screen canvas each way (1920×1080 against 960×540): type twice as large
    assert fig["font"]["size"] == 28
    assert fig["title"]["font"]["size"] == 36
    assert fig["title"]["subtitle"]["text"] == "보기: 전체 · 단위: 억원"
    assert fig["yaxis"]["title"]["text"] == ""  # the unit moved under the title, read across
    source = next(a for a in fig["annotations"] if a["text"] == "출처: 시험")
    assert source["yshift"] == -80
    assert any("합성 데모 데이터" in a["text"] for a in fig["annotations"])
    plain = export.for_print(KOREAN, "square", "Showing: all", synthetic=False, lang="en").to_dict()["layout"]
    assert not any("SYNTHETIC" in a["text"] for a in plain["annotations"])
    assert plain["font"]["size"] == pytest.approx(14 * (1080 * 1080 / (960 * 540)) ** 0.5, abs=0.1)


@pytest.mark.parametrize(
    ("size", "scale", "pixels"),
    [("slide", 2, (3840, 2160)), ("slide", 3, (5760, 3240)), ("square", 2, (2160, 2160)), ("a4", 3, (3369, 2382))],
)
def test_png_is_the_requested_canvas_times_its_scale(renderer, size, scale, pixels):
    png = renderer.image(KOREAN, "png", size, scale)
    assert png_size(png) == pixels
    # and says so in inches: 96 px an inch times the scale (layout programs took 72 dpi, four times
    # too large); a 3× A4 image prints as A4, 3369 / 288 inches = 29.7 cm wide
    from PIL import Image

    dpi = Image.open(io.BytesIO(png)).info["dpi"]
    assert dpi == pytest.approx((96 * scale, 96 * scale), abs=0.05)


def test_svg_is_valid_and_pdf_draws_korean_with_an_embedded_cjk_font(renderer):
    svg = renderer.image(KOREAN, "svg", "a4")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg") and (root.get("width"), root.get("height")) == ("1123", "794")
    pdf = renderer.image(KOREAN, "pdf", "slide")
    assert pdf.startswith(b"%PDF")
    fonts = set(re.findall(rb"/FontName\s*/([A-Za-z0-9+\-_]+)", pdf))
    assert any(b"CJK" in f for f in fonts), fonts  # the Korean title is drawn in Noto Sans CJK, not boxes


def test_the_kit_has_every_chart_with_its_numbers_and_sources(demo_db):
    con = db.connect(demo_db, read_only=True)
    try:
        charts = kit.build(con, Filters(), "en")
        keys = [c.key for c in charts]
        assert keys[:2] == ["overview_breakdown", "allocation_by_year"] and "uptake_regions" in keys
        on = dt.date(2026, 1, 2)
        files = kit.export_all(
            con, Filters(), "en", "svg", "square", keys=["uptake_parts", "allocation_by_year"], on=on
        )
        sources = files["sources_en_2026-01-02.txt"].decode()
    finally:
        con.close()
    assert sorted(files) == [
        "allocation_by_year_en_2026-01-02.csv",
        "allocation_by_year_en_2026-01-02.svg",
        "sources_en_2026-01-02.txt",
        "uptake_parts_en_2026-01-02.csv",
        "uptake_parts_en_2026-01-02.svg",
    ]
    assert "Source: MOTIE" in sources and "synthetic demo data" in sources and "- uptake_parts:" in sources
    archive = zipfile.ZipFile(io.BytesIO(kit.zip_bytes(files)))
    assert sorted(archive.namelist()) == sorted(files)
    numbers = archive.read("allocation_by_year_en_2026-01-02.csv").decode("utf-8-sig")
    assert numbers.splitlines()[0].startswith("Year,")
    # the yearly allocation in the CSV adds up to the programme (the baseline splits 2.94tn)
    total = sum(int(line.rsplit(",", 1)[1]) for line in numbers.splitlines()[1:])
    assert total == 2_940_000_000_000
    svg = archive.read("uptake_parts_en_2026-01-02.svg").decode()
    assert "SYNTHETIC DEMO DATA" in svg and "Showing: All" in svg


def test_export_charts_on_the_command_line(demo_db, tmp_path):
    out = tmp_path / "kit"
    done = run_cli("export-charts", "--out", str(out), "--db", str(demo_db), "--lang", "ko", "--json")
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in out.iterdir())
    pngs = [n for n in written if n.endswith(".png")]
    assert len(pngs) == 10 and len([n for n in written if n.endswith(".csv")]) == 10
    assert png_size((out / pngs[0]).read_bytes()) == (3840, 2160)  # the default: a slide at 2×
    missing = run_cli("export-charts", "--out", str(out), "--db", str(demo_db), "--scenario", "999")
    assert missing.returncode == 1 and "999" in missing.stderr
    usage = run_cli("export-charts", "--out", str(out), "--db", str(demo_db), "--size", "poster")
    assert usage.returncode == 2


def test_the_press_kit_page_previews_and_offers_downloads(demo_db, monkeypatch):
    monkeypatch.setenv("BUDGET_DB", str(demo_db))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = "en"
    at.switch_page("pages/press_kit.py")
    at.run()
    assert not at.exception
    assert not at.error
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download this chart", "All 10 chosen charts (ZIP)"]
    assert any("3,840 × 2,160" in c.value for c in at.caption)
    at.radio(key="kit_fmt").set_value("svg").run()
    assert any("Vector format" in c.value for c in at.caption)


def test_the_overviews_charts_carry_the_view_they_show(demo_db):
    # a kit made for "funds and guarantees, steel, 2022–2024" labelled the overview's breakdown so,
    # while it shows every instrument and sector; and its sources text held "<br><sup>…" (the walker
    # of the eleventh session)
    con = db.connect(demo_db, read_only=True)
    try:
        view = Filters(["fund", "guarantee"], ["steel"], 2022, 2024, None)
        lines = kit.subtitles(con, view, "ko")
        whole = kit.subtitle(con, Filters(), "ko")
        files = kit.export_all(con, view, "ko", "svg", "square", keys=["overview_breakdown", "uptake_by_instrument"])
    finally:
        con.close()
    assert lines["overview"] == whole and lines["allocation"] == lines["uptake"] != whole
    assert "철강" in lines["uptake"] and "철강" not in whole
    svgs = {name.split("_ko_")[0]: data.decode() for name, data in files.items() if name.endswith(".svg")}
    assert "철강" not in svgs["overview_breakdown"].split("분야별 구성")[1][:400]  # the line under its title
    sources = next(data.decode() for name, data in files.items() if name.endswith(".txt"))
    # (a narrower view draws no envelope bar: its title names allocation and payments only)
    assert "<" not in sources and "- uptake_by_instrument: 지원 수단별 배분 ⊃ 집행\n" in sources
