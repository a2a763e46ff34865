import datetime as dt
import string

import pytest

from budget.i18n import CATALOGUE, LANGS, MissingTranslation, format_date, normalise_lang, t


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_string_exists_in_both_languages_with_the_same_placeholders(key):
    entry = CATALOGUE[key]
    assert set(entry) == set(LANGS)
    assert all(entry[lang].strip() for lang in LANGS)
    assert _placeholders(entry["ko"]) == _placeholders(entry["en"])


@pytest.mark.parametrize(
    ("given", "expected"),
    [(None, "ko"), ("", "ko"), ("en", "en"), ("EN", "en"), ("en-GB", "en"), ("ko", "ko"), ("fr", "ko")],
)
def test_normalise_lang(given, expected):
    assert normalise_lang(given) == expected


def test_t_fills_placeholders_and_refuses_unknown_keys():
    assert t("chart_as_of", "en", as_of="2025-09-30") == "Data as of 2025-09-30"
    assert t("chart_as_of", "ko", as_of="2025-09-30") == "자료 기준: 2025-09-30"
    with pytest.raises(MissingTranslation):
        t("no_such_key", "ko")


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        (dt.date(2021, 10, 28), "day", "2021-10-28"),
        (dt.date(2021, 10, 28), "month", "2021-10"),
        (dt.date(2021, 12, 31), "year", "2021"),
        ("2021-06-01", "month", "2021-06"),
    ],
)
def test_format_date_keeps_only_what_the_source_states(value, precision, expected):
    assert format_date(value, precision) == expected
