"""Governance gates, judged against an explicit `today` so that results are reproducible.

A pack whose review date has passed, or that says it is approved without the approvals the
guidance asks for, is not published (exit status 1). Within the warning window before its
review date a pack builds, with a warning and a visible notice.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from generator import i18n
from generator.checking import easy_read, readability
from generator.checking.readability import Report
from generator.reading.model import ApprovalRole, Document, Status, Trust, review_is_due


class ReviewState(StrEnum):
    """Where a pack stands, as the index of packs and review-status.json show it."""

    OK = "ok"
    DUE_SOON = "due soon"
    OVERDUE = "overdue"
    DRAFT = "draft"


@dataclass(frozen=True)
class GateResult:
    """What the gates found for one pack: failures stop a build; warnings do not."""

    state: ReviewState
    failures: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


# What an approved pack must record, and the guidance paragraphs that ask for it.
REQUIRED_APPROVALS: dict[ApprovalRole, tuple[str, str]] = {
    ApprovalRole.DATA_PROTECTION_OFFICER: (
        "the data protection officer's agreement",
        "guidance 3.1, 3.2, 5.14",
    ),
    ApprovalRole.STAFF_CONSULTATION: ("staff consultation", "guidance 5.4"),
    ApprovalRole.PATIENT_GROUP: ("patient group involvement", "guidance 5.8; ISAS FR5(e)"),
    ApprovalRole.EQUALITY_IMPACT_ASSESSMENT: (
        "an equality impact assessment",
        "the public sector equality duty",
    ),
}


def default_today() -> dt.date:
    """SOURCE_DATE_EPOCH when it is set (reproducible builds), otherwise the real date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def review_state(draft: bool, review_by: dt.date, warning_days: int, today: dt.date) -> ReviewState:
    """ok, due soon (inside the warning window), overdue (after review_by) or draft. From the
    facts alone, so that a built pack's published facts are judged as its model is."""
    if review_by < today:
        return ReviewState.OVERDUE
    if draft:
        return ReviewState.DRAFT
    if review_is_due(review_by, warning_days, today):
        return ReviewState.DUE_SOON
    return ReviewState.OK


def document_state(document: Document, today: dt.date) -> ReviewState:
    """The review state of a pack's document control."""
    return review_state(
        document.status is Status.DRAFT, document.review_by, document.review_warning_days, today
    )


def facts_state(facts: Mapping[str, object], today: dt.date) -> ReviewState:
    """The review state of a built pack from its published facts (publishing/build.py's
    pack_facts: draft, review_by as YYYY-MM-DD, review_warning_days)."""
    return review_state(
        bool(facts["draft"]),
        dt.date.fromisoformat(str(facts["review_by"])),
        int(str(facts["review_warning_days"])),
        today,
    )


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


def check(
    trust: Trust,
    today: dt.date,
    plain_english: Report | None = None,
    publishing_to_public: bool = False,
    languages: Mapping[str, Trust] | None = None,
) -> GateResult:
    """Every gate for one pack: review date and approvals (guidance 5.16, ISAS PE1(c)), a draft
    never published to the public (ISAS PE1(c): approved before release), the trust's Easy
    Read wording (in each of `languages`: the trust in each of its languages; by default the
    English only) and, given the pack's readability report, the reading age of its patient
    information (2.6 to 2.9) and of its Easy Read version."""
    document, name = trust.document, trust.organisation.name
    state = document_state(document, today)
    failures: list[str] = []
    warnings: list[str] = []
    if state is ReviewState.OVERDUE:
        failures.append(
            f"{name}: the review date {document.review_by.isoformat()} passed "
            f"{_days((today - document.review_by).days)} ago; review the policy, then set a new "
            "document.review_by and version"
        )
    elif document.review_due(today):
        warnings.append(
            f"{name}: review due by {document.review_by.isoformat()} "
            f"(in {_days((document.review_by - today).days)}); start the review now"
        )
    if publishing_to_public and document.status is Status.DRAFT:
        failures.append(
            f"{name}: a draft (document.status: draft) cannot be published to the public, because "
            "patient information must be approved before release (ISAS PE1(c)); approve it, or "
            "build a preview marked DRAFT with --draft"
        )
    if document.status is Status.APPROVED:
        if not document.approved_by:
            failures.append(
                f"{name}: approved, but document.approved_by does not say who approved it "
                "(guidance 5.16; ISAS PE1(c)); add it or set status: draft"
            )
        recorded = {approval.role for approval in document.approvals}
        for role, (what, source) in REQUIRED_APPROVALS.items():
            if role not in recorded:
                failures.append(
                    f"{name}: approved, but no record of {what} ({source}); add it under "
                    f"document.approvals (role: {role.value}) or set status: draft"
                )
    for language in trust.site.languages:
        if language != i18n.SOURCE_LANGUAGE and language not in trust.site.translation_reviews:
            language_name = i18n.LANGUAGES[language].english_name
            warnings.append(
                f"{name}: the {language_name} text awaits professional review, and its pages "
                f"say so; record the reviewer under site.translation_reviews.{language} "
                "(reviewed_by, reviewed_on)"
            )
    failures += easy_read.failures(name, languages or {i18n.SOURCE_LANGUAGE: trust})
    warnings += easy_read.advice(name, trust)
    if plain_english is not None:
        failures += readability.failures(name, plain_english)
    return GateResult(state, tuple(failures), tuple(warnings))
