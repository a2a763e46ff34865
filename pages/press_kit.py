"""Press kit: every chart of the dashboard as a briefing-ready image, with its numbers and sources."""

import datetime as dt

import streamlit as st

from budget import export, kit, queries
from budget.i18n import LANGS, t
from pages._common import LANG_LABELS, current_view, cursor, data_source, lang, load_facts

language = lang()
con = cursor()
facts = load_facts(con)
view = current_view(facts)  # the sidebar's filters and scenario: the kit shows that view

st.title(t("kit_title", language))
st.caption(t("kit_intro", language))

left, right = st.columns(2)
chart_lang = left.radio(
    t("kit_language", language), LANGS, format_func=LANG_LABELS.get, horizontal=True, key="kit_lang",
    index=LANGS.index(language),
)  # fmt: skip
size = right.radio(
    t("kit_size", language), list(export.SIZES), format_func=lambda s: t(f"kit_size_{s}", language), horizontal=True,
    key="kit_size",
)  # fmt: skip
fmt = left.radio(t("kit_format", language), list(export.FORMATS), format_func=str.upper, horizontal=True, key="kit_fmt")
scale = right.radio(
    t("kit_scale", language), list(export.SCALES), format_func=lambda s: f"{s}×", horizontal=True, key="kit_scale",
    disabled=fmt != "png",
)  # fmt: skip


@st.cache_resource(show_spinner=False, max_entries=8)
def build(_con, source: str, version: str, view, chart_lang: str) -> list[kit.KitChart]:
    # figures hold callables (their tables), so they are kept as they are, not pickled
    return kit.build(_con, view, chart_lang)


charts = build(con, data_source(), queries.data_version(con), view, chart_lang)
titles = {c.key: c.title.split("<br>")[0] for c in charts}
chosen = st.multiselect(
    t("kit_charts", language), list(titles), default=list(titles), format_func=titles.get, key="kit_chosen"
)
subtitles = kit.subtitles(con, view, chart_lang)  # the overview's charts: the whole programme
synthetic = bool(queries.disbursement_status(con).get("rows_synthetic"))
today = dt.date.today()
width, height = export.SIZES[size]
st.caption(
    t(
        "kit_pixels",
        language,
        width=width * (scale if fmt == "png" else 1),
        height=height * (scale if fmt == "png" else 1),
    )
    if fmt == "png"
    else t("kit_vector", language)
)


@st.cache_data(show_spinner=False, max_entries=32)
def preview_png(
    key: str, chart_lang: str, size: str, view, version: str, _figure, subtitle: str, synthetic: bool
) -> bytes:
    figure = export.for_print(_figure, size, subtitle, synthetic, chart_lang)
    return export.renderer().image(figure, "png", size, 1)


def render(key: str, file_format: str, file_scale: int) -> bytes:
    chart = next(c for c in charts if c.key == key)
    figure = export.for_print(chart.figure, size, subtitles[chart.page], synthetic, chart_lang)
    return export.renderer().image(figure, file_format, size, file_scale)


def whole_kit() -> bytes:
    return kit.zip_bytes(kit.export_all(con, view, chart_lang, fmt, size, int(scale), keys=chosen, on=today))


try:
    if chosen:
        preview = st.selectbox(t("kit_preview", language), chosen, format_func=titles.get, key="kit_preview")
        with st.spinner(t("kit_drawing", language)):
            shown = next(c for c in charts if c.key == preview)
            version = queries.data_version(con)
            st.image(
                preview_png(preview, chart_lang, size, view, version, shown.figure, subtitles[shown.page], synthetic),
                width="stretch",
            )
        one, every = st.columns(2)
        one.download_button(
            t("kit_download_one", language),
            data=lambda: render(preview, fmt, int(scale)),
            file_name=export.file_name(preview, chart_lang, today, fmt),
            mime={"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}[fmt],
            key="kit_one",
            on_click="ignore",
        )
        every.download_button(
            t("kit_download_zip", language, count=len(chosen)),
            data=whole_kit,
            file_name=f"press_kit_{chart_lang}_{today.isoformat()}.zip",
            mime="application/zip",
            key="kit_zip",
            on_click="ignore",
            type="primary",
        )
        st.caption(t("kit_zip_help", language))
    else:
        st.info(t("kit_none_chosen", language))
except export.RendererMissing as exc:
    st.error(exc.message(language))
