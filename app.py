"""The entry point: page setup, the language switch, and the page router."""

import streamlit as st

from budget.i18n import t
from pages._common import language_switch

st.set_page_config(page_title="산업 DX 재정 대시보드", page_icon="📊", layout="wide")
lang = language_switch()

navigation = st.navigation(
    [
        st.Page("pages/overview.py", title=t("nav_overview", lang), icon="🏠", url_path="overview", default=True),
    ]
)
navigation.run()
