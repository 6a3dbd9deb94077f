"""The guidance's bounds on local choices, as rules.

A trust may restrict recording for safety, for other people's privacy or for concentration
without saying more. A choice that contradicts the guidance is an error unless trust.yml
declares it under `deviations` (with a justification, who approved it and when); a declared
deviation is shown in the compliance matrix and on the document-control page.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.i18n import N_
from generator.reading.model import Audience, DeviationRule, Permission, Recording, Trust


@dataclass(frozen=True)
class Rule:
    """One bound the guidance sets on local policy."""

    id: DeviationRule
    paragraphs: tuple[str, ...]
    title: str
    guidance: str


RULES: dict[DeviationRule, Rule] = {
    rule.id: rule
    for rule in (
        Rule(
            DeviationRule.NO_RECORDING,
            ("2.11", "5.1"),
            N_("No recording in a whole service"),
            N_(
                "patients may record their care; only places or moments can be restricted, for safety, privacy or concentration"
            ),
        ),
        Rule(
            DeviationRule.WRITTEN_PERMISSION,
            ("2.11", "5.1"),
            N_("Written permission required"),
            N_("patients do not need permission to record; a polite spoken request is enough"),
        ),
        Rule(
            DeviationRule.NO_HEALTH_RECORD_NOTE,
            ("5.7",),
            N_("No note in the health record"),
            N_("patients are told that a note of their recording is made in their health record"),
        ),
        Rule(
            DeviationRule.STOP_CARE_AFTER_COVERT_RECORDING,
            ("2.11",),
            N_("Care may stop after a secret recording"),
            N_(
                "finding that a patient recorded secretly does not justify refusing to continue their care"
            ),
        ),
        Rule(
            DeviationRule.NOT_PUBLIC,
            ("5.8",),
            N_("Policy not published to the public"),
            N_("the policy is made available to the public"),
        ),
    )
}


@dataclass(frozen=True)
class Departure:
    """A place in trust.yml where a choice departs from the guidance."""

    rule: Rule
    key_path: tuple[str, ...]
    area: str | None = None


def departures(trust: Trust) -> list[Departure]:
    """Every choice in `trust` that departs from the guidance, declared or not."""
    found = [
        Departure(RULES[DeviationRule.NO_RECORDING], ("areas", key, "recording"), key)
        for key in type(trust.areas).model_fields
        if getattr(trust.areas, key).provided
        and getattr(trust.areas, key).recording is Recording.NOT_ALLOWED
    ]
    if trust.policy.permission is Permission.WRITTEN:
        found.append(Departure(RULES[DeviationRule.WRITTEN_PERMISSION], ("policy", "permission")))
    if not trust.policy.note_in_health_record:
        found.append(
            Departure(
                RULES[DeviationRule.NO_HEALTH_RECORD_NOTE], ("policy", "note_in_health_record")
            )
        )
    if not trust.policy.continue_care_after_covert_recording:
        found.append(
            Departure(
                RULES[DeviationRule.STOP_CARE_AFTER_COVERT_RECORDING],
                ("policy", "continue_care_after_covert_recording"),
            )
        )
    if Audience.PUBLIC not in trust.site.audiences:
        found.append(Departure(RULES[DeviationRule.NOT_PUBLIC], ("site", "audiences")))
    return found


def check(trust: Trust) -> tuple[list[tuple[tuple[str, ...], str]], list[Departure]]:
    """([(key path, problem)], declared departures): undeclared departures and declarations
    that match nothing are problems; declared departures are returned for the pack to show."""
    problems: list[tuple[tuple[str, ...], str]] = []
    found = departures(trust)
    declared = {(d.rule, d.area) for d in trust.deviations}
    for departure in found:
        if (departure.rule.id, departure.area) not in declared:
            rule = departure.rule
            area = f", area: {departure.area}" if departure.area else ""
            problems.append(
                (
                    departure.key_path,
                    (
                        f"this goes against the guidance ({', '.join(rule.paragraphs)}: {rule.guidance}); "
                        f"change it, or declare it under deviations (rule: {rule.id}{area}) with a "
                        "justification, who approved it and when"
                    ),
                )
            )
    actual = {(d.rule.id, d.area) for d in found}
    for index, deviation in enumerate(trust.deviations):
        if (deviation.rule, deviation.area) not in actual:
            problems.append(
                (
                    ("deviations", str(index), "rule"),
                    (
                        f"'{deviation.rule}' is declared, but nothing in this config departs from the "
                        "guidance that way; remove the declaration"
                    ),
                )
            )
        elif [(d.rule, d.area) for d in trust.deviations].count(
            (deviation.rule, deviation.area)
        ) > 1:
            problems.append(
                (("deviations", str(index), "rule"), f"'{deviation.rule}' is declared twice")
            )
    return problems, [d for d in found if (d.rule.id, d.area) in declared]
