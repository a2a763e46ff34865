"""The entry point: page setup, the language switch, and the page router."""

import streamlit as st

from budget.i18n import t
from pages._common import (
    access_sidebar,
    briefing,
    briefing_style,
    is_editor,
    language_switch,
    narrow_style,
    pin_snapshot,
)

pin_snapshot()  # a viewer instance reads one snapshot for the whole run
lang = language_switch()
st.set_page_config(
    page_title=t("app_title", lang),
    page_icon=":material/monitoring:",
    layout="wide",
    initial_sidebar_state="collapsed" if briefing() else "auto",
)
if briefing():
    briefing_style()
else:
    narrow_style()

editor = is_editor()
access_sidebar(lang)
# url_path must stay equal to each page's file name: see pages/_common.py:_ensure_routed.
# Upload and the audit log are for editors only: viewers do not even see them.
navigation = st.navigation(
    [
        st.Page(
            "pages/overview.py",
            title=t("nav_overview", lang),
            icon=":material/home:",
            url_path="overview",
            default=True,
        ),
        st.Page(
            "pages/allocation.py", title=t("nav_allocation", lang), icon=":material/table_chart:", url_path="allocation"
        ),
        st.Page("pages/uptake.py", title=t("nav_uptake", lang), icon=":material/trending_up:", url_path="uptake"),
        st.Page("pages/scenarios.py", title=t("nav_scenarios", lang), icon=":material/tune:", url_path="scenarios"),
        st.Page(
            "pages/press_kit.py", title=t("nav_press_kit", lang), icon=":material/photo_library:", url_path="press_kit"
        ),
        *(
            [st.Page("pages/upload.py", title=t("nav_upload", lang), icon=":material/upload_file:", url_path="upload")]
            if editor
            else []
        ),
        st.Page("pages/batches.py", title=t("nav_batches", lang), icon=":material/inventory_2:", url_path="batches"),
        *(
            [st.Page("pages/audit.py", title=t("nav_audit", lang), icon=":material/history:", url_path="audit")]
            if editor
            else []
        ),
    ],
    position="hidden" if briefing() else "sidebar",
)
navigation.run()
