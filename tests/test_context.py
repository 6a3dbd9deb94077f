"""The template context: documented, used as documented, and audience-aware."""

from __future__ import annotations

import dataclasses

import jinja2
import pytest
from jinja2 import nodes

from generator import i18n, resources
from generator.composing import compose, context, render
from generator.reading.model import Audience

from .conftest import EXAMPLES, TODAY, TRUSTS


def test_every_context_field_is_documented() -> None:
    for type_name, documented in context.documented_fields().items():
        for name, text in documented.items():
            assert len(text) > 10, f"{type_name}.{name} needs help text"


def _template_sources() -> dict[str, str]:
    folder = resources.TEMPLATES
    return {str(p.relative_to(folder)): p.read_text("utf-8") for p in folder.rglob("*.md.j2")}


@pytest.mark.parametrize("name", sorted(_template_sources()))
def test_templates_use_only_documented_names(name: str) -> None:
    env = render.environment()
    tree = env.parse(_template_sources()[name])
    from jinja2 import meta

    # `_`, `gettext` (and Jinja's own `_trans` inside a trans tag) are the translation functions.
    undeclared = meta.find_undeclared_variables(tree) - {
        "ctx",
        "page",
        "varargs",
        "_",
        "gettext",
        "_trans",
    }
    assert undeclared == set(), f"{name} uses undeclared names"
    fields = {f.name for f in dataclasses.fields(context.PackContext)}
    for node in tree.find_all(nodes.Getattr):
        if isinstance(node.node, nodes.Name) and node.node.name == "ctx":
            assert node.attr in fields, f"{name}: ctx.{node.attr} is not a PackContext field"


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
