"""The review-date gate, at its edges."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from generator.checking import gates
from generator.reading import config

from .conftest import TRUSTS

TRUST = config.load(TRUSTS / "northbridge").trust  # review_by 2027-03-01


def test_on_the_review_date_the_pack_still_builds() -> None:
    assert gates.check(TRUST, dt.date(2027, 3, 1)).passed


def test_the_day_after_it_fails_with_one_clear_line() -> None:
    result = gates.check(TRUST, dt.date(2027, 3, 2))
    assert result.failures == (
        "Northbridge University Hospitals NHS Foundation Trust: the review date 2027-03-01 passed "
        "1 day ago; review the policy, then set a new document.review_by and version",
    )


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_passes_exactly_until_the_review_date(today: dt.date) -> None:
    assert gates.check(TRUST, today).passed == (today <= TRUST.document.review_by)


def test_source_date_epoch_fixes_today(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")
    assert gates.default_today() == dt.date(2026, 12, 1)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert gates.default_today() == dt.date.today()
