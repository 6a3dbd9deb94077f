"""Governance gates, judged against an explicit `today` so that results are reproducible."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from generator.model import Trust


@dataclass(frozen=True)
class GateResult:
    """What the gates found for one pack: failures stop a build; warnings do not."""

    failures: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


def default_today() -> dt.date:
    """SOURCE_DATE_EPOCH when it is set (reproducible builds), otherwise the real date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def check(trust: Trust, today: dt.date) -> GateResult:
    """The review-date gate (guidance 5.16, ISAS PE1(c)): a lapsed policy is not published."""
    failures: list[str] = []
    review_by = trust.document.review_by
    if review_by < today:
        days = (today - review_by).days
        failures.append(
            f"{trust.organisation.name}: the review date {review_by.isoformat()} passed "
            f"{days} day{'s' if days != 1 else ''} ago; review the policy, then set a new "
            "document.review_by and version"
        )
    return GateResult(tuple(failures), ())
