"""The template context: documented, used as documented, and audience-aware."""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

import jinja2
import pytest
from jinja2 import nodes
from pydantic import BaseModel

from generator import i18n, resources
from generator.composing import compose, context, render
from generator.publishing.pdf import PrintSpec
from generator.reading.model import Audience

from .conftest import EXAMPLES, TODAY, TRUSTS


def test_every_context_field_is_documented() -> None:
    for type_name, documented in context.documented_fields().items():
        for name, text in documented.items():
            assert len(text) > 10, f"{type_name}.{name} needs help text"


# What each kind of template is given besides the translation functions (`_`, `gettext`, and
# Jinja's own `_trans` inside a trans tag): the pages (render.render_pages) and the print
# parts (publishing/pdf.py's document_data) each see the context, and a few names of their own.
GIVEN = {
    "pages": {"ctx", "page", "varargs"},
    "print": {
        "ctx",
        "spec",
        "title",
        "body",
        "logo_uri",
        "bilingual",
        "facts",
        "review_due",
        "easy_read_address",
    },
}
TRANSLATION = {"_", "gettext", "_trans"}


def _template_sources() -> dict[str, str]:
    """Every Jinja template that sees the context: the pages, their macros, the print parts."""
    folder = resources.TEMPLATES
    found = [*folder.rglob("*.md.j2"), *(folder / "print").glob("*.j2")]
    return {str(p.relative_to(folder)): p.read_text("utf-8") for p in sorted(found)}


def _kind(name: str) -> str:
    return "print" if name.startswith("print/") else "pages"


def _attribute_type(owner: Any, attr: str) -> Any:
    """The type of `owner.attr` for a context type (a dataclass or a model), or None when
    `owner` has no such attribute. Optional values are followed to their type; a mapping's
    attribute is one of its keys, so its type is the mapping's value type."""
    if typing.get_origin(owner) is dict:
        return typing.get_args(owner)[1]
    if not (dataclasses.is_dataclass(owner) or _is_model(owner)):
        return object  # a value we do not follow further (a str, a tuple)
    fields = typing.get_type_hints(owner) if dataclasses.is_dataclass(owner) else owner.model_fields
    if attr in fields:
        found = fields[attr] if dataclasses.is_dataclass(owner) else fields[attr].annotation
    elif isinstance(getattr(owner, attr, None), property):
        found = typing.get_type_hints(getattr(owner, attr).fget).get("return", object)
    else:
        return None
    if typing.get_origin(found) in (types.UnionType, typing.Union):
        found = next(a for a in typing.get_args(found) if a is not type(None))
    return found


def _is_model(owner: Any) -> bool:
    return isinstance(owner, type) and issubclass(owner, BaseModel)


def _chain(node: nodes.Getattr) -> tuple[str, list[str]] | None:
    """('ctx', ['document', 'dpo_agreement', 'on']) for ctx.document.dpo_agreement.on."""
    attrs = []
    while isinstance(node, nodes.Getattr):
        attrs.append(node.attr)
        node = node.node
    return (node.name, attrs[::-1]) if isinstance(node, nodes.Name) else None


ROOTS = {"ctx": context.PackContext, "spec": PrintSpec}


@pytest.mark.parametrize("name", sorted(_template_sources()))
def test_templates_use_only_documented_names(name: str) -> None:
    env = render.html_environment() if _kind(name) == "print" else render.environment()
    tree = env.parse(_template_sources()[name])
    from jinja2 import meta

    # A name the template sets itself (in branches, which Jinja cannot follow) is its own.
    undeclared = meta.find_undeclared_variables(tree) - TRANSLATION - _assigned(tree)
    assert undeclared <= GIVEN[_kind(name)], f"{name} uses undeclared names"
    for node in tree.find_all(nodes.Getattr):
        chain = _chain(node)
        if chain is None or chain[0] not in ROOTS or chain[0] in _assigned(tree):
            continue
        owner: Any = ROOTS[chain[0]]
        path = chain[0]
        for attr in chain[1]:
            path += f".{attr}"
            owner = _attribute_type(owner, attr)
            assert owner is not None, f"{name}: {path} is not a field of the context"


def _assigned(tree: nodes.Template) -> set[str]:
    return {n.name for n in tree.find_all(nodes.Name) if n.ctx == "store"}


def test_the_contract_covers_the_print_templates() -> None:
    assert "print/part.html.j2" in _template_sources()
    assert {_kind(name) for name in _template_sources()} == {"pages", "print"}


@pytest.mark.parametrize("slug", EXAMPLES)
def test_context_for_each_example(slug: str) -> None:
    pack = compose.render_pack(TRUSTS / slug, Audience.STAFF, TODAY)
    ctx = pack.context
    assert ctx.built_on == "1 December 2026"
    assert ctx.document.review_by_iso == pack.loaded.trust.document.review_by.isoformat()
    assert [a.key for a in ctx.areas] == [
        k for k in context.AREA_TITLES if getattr(pack.loaded.trust.areas, k).provided
    ]


def test_public_context_has_no_internal_content() -> None:
    public = compose.render_pack(TRUSTS / "northbridge", Audience.PUBLIC, TODAY).context
    staff = compose.render_pack(TRUSTS / "northbridge", Audience.STAFF, TODAY).context
    assert public.staff_contacts == () and staff.staff_contacts
    assert all(area.staff_notes is None for area in public.areas)
    assert any(area.staff_notes for area in staff.areas)
    assert "staff_contacts" not in public.pages and "staff_contacts" in staff.pages


def test_dates_are_written_out_without_locale() -> None:
    import datetime as dt

    assert context.long_date(dt.date(2027, 3, 1)) == "1 March 2027"
    assert context.long_date(None) == ""
    assert i18n.translator("cy").long_date(dt.date(2027, 7, 1)) == "1 Gorffennaf 2027"


def test_nation_defaults_name_the_organisations_own_team() -> None:
    glenmoray = compose.render_pack(TRUSTS / "glenmoray", Audience.PUBLIC, TODAY).context
    assert glenmoray.nation.ionising_radiation_law.startswith(
        "the Ionising Radiation (Medical Exposure) Regulations 2017"
    )
    lough_erne = compose.render_pack(TRUSTS / "lough-erne", Audience.PUBLIC, TODAY).context
    assert "(Northern Ireland) 2018" in lough_erne.nation.ionising_radiation_law
    assert (
        "Equality Commission for Northern Ireland"
        in lough_erne.nation.accessibility_enforcement_body
    )


def test_strict_undefined_names_the_template() -> None:
    env = render.environment()
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ ctx.nothing }}").render(ctx=object())


@pytest.mark.parametrize(
    ("slug", "enforcer", "complaints"),
    [
        (
            "northbridge",
            "the Equality and Human Rights Commission (EHRC)",
            "the Equality Advisory and Support Service (EASS)",
        ),
        (
            "glenmoray",
            "the Equality and Human Rights Commission (EHRC)",
            "the Equality Advisory and Support Service (EASS)",
        ),
        (
            "afon-teifi",
            "the Equality and Human Rights Commission (EHRC)",
            "the Equality Advisory and Support Service (EASS)",
        ),
        (
            "lough-erne",
            "the Equality Commission for Northern Ireland (ECNI)",
            "the Equality Commission for Northern Ireland (ECNI)",
        ),
    ],
)
def test_accessibility_statement_has_every_part_of_the_model(
    slug: str, enforcer: str, complaints: str
) -> None:
    pack = compose.render_pack(TRUSTS / slug, Audience.PUBLIC, TODAY)
    statement = pack.markdown["accessibility.md"]
    trust = pack.loaded.trust
    for part in (
        f"This website is run by {trust.organisation.name}",
        "## How accessible this website is",  # what is not accessible, and why
        "## Getting this information in another format",  # alternatives
        "## Reporting accessibility problems with this website",
        "## Enforcement procedure",
        f"[{enforcer}](",
        f"contact [{complaints}](",
        "### Compliance status",
        # its status (from accessibility.known_issues and audited_on; see test_wording.py)
        "[Web Content Accessibility Guidelines version 2.2](https://www.w3.org/TR/WCAG22/)",
        "### Non-accessible content",
        "## Preparation of this accessibility statement",
        "This statement was prepared on ",
        "It was last reviewed on",
    ):
        assert part in statement, (slug, part)
    reach = pack.context.other_formats
    assert (reach.phone or reach.email) in statement


# --- facts computed here, not in the templates -------------------------------------------------


@pytest.mark.parametrize("slug", EXAMPLES)
def test_approvals_by_kind_are_the_recorded_approvals_of_that_kind(slug: str) -> None:
    document = compose.render_pack(TRUSTS / slug, Audience.STAFF, TODAY).context.document

    def recorded(kind: str) -> list[context.ApprovalView]:
        return [a for a in document.approvals if a.kind == kind]

    assert document.dpo_agreement == next(iter(recorded("data-protection-officer")), None)
    assert list(document.staff_consultations) == recorded("staff-consultation")
    assert list(document.patient_group_approvals) == recorded("patient-group")
    assert document.equality_impact_assessment == next(
        iter(recorded("equality-impact-assessment")), None
    )


def test_northbridge_records_each_kind_of_approval_and_minimal_none() -> None:
    northbridge = compose.render_pack(TRUSTS / "northbridge", Audience.STAFF, TODAY).context
    minimal = compose.render_pack(TRUSTS / "minimal", Audience.STAFF, TODAY).context
    assert northbridge.document.dpo_agreement is not None
    assert northbridge.document.dpo_agreement.kind == "data-protection-officer"
    assert northbridge.document.staff_consultations and northbridge.document.patient_group_approvals
    assert northbridge.document.equality_impact_assessment is not None
    assert minimal.document.dpo_agreement is None
    assert minimal.document.staff_consultations == minimal.document.patient_group_approvals == ()
    assert minimal.document.equality_impact_assessment is None


REASONS = {
    "safety": ("Safety", ("5.9",)),
    "privacy": ("Privacy", ("2.3", "5.11")),
    "concentration": ("Concentration", ("2.4", "5.6")),
}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_each_restriction_carries_its_reason_in_words_and_its_paragraphs(language: str) -> None:
    ctx = compose.render_pack(TRUSTS / "afon-teifi", Audience.STAFF, TODAY, language=language)
    restrictions = [r for area in ctx.context.areas for r in area.restrictions]
    assert {r.reason for r in restrictions} == set(REASONS)
    for r in restrictions:
        english, cites = REASONS[r.reason]
        assert r.reason_label == i18n.translator(language).gettext(english)
        assert r.cites == cites
    if language == "cy":
        assert "Diogelwch" in {r.reason_label for r in restrictions}


@pytest.mark.parametrize(
    ("rule", "follows", "practice"),
    [
        ("no-recording", True, True),
        ("written-permission", False, True),
        ("no-health-record-note", False, True),
        ("stop-care-after-covert-recording", False, True),
        ("not-public", True, False),
    ],
)
def test_deviations_decide_follows_guidance_and_practice_deviations(
    trust_copy, rule: str, follows: bool, practice: bool
) -> None:
    from .test_governance import DEVIATION_CASES, _declaration

    setting, area = next((c[1], c[3]) for c in DEVIATION_CASES if c[0] == rule)
    folder = trust_copy("minimal")
    with (folder / "trust.yml").open("a") as handle:
        handle.write(setting + _declaration(rule, area))
    ctx = compose.render_pack(folder, Audience.STAFF, TODAY).context
    assert ctx.policy.follows_guidance is follows
    assert [d.rule for d in ctx.practice_deviations] == ([rule] if practice else [])
    assert [d.rule for d in ctx.deviations] == [rule]


def test_an_example_follows_the_guidance() -> None:
    ctx = compose.render_pack(TRUSTS / "minimal", Audience.STAFF, TODAY).context
    assert ctx.policy.follows_guidance and ctx.practice_deviations == ()
