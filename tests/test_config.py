"""Validating trust.yml: exact messages, every problem at once, and defaults from one place."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import ConfigError
from generator.reading import config
from generator.reading.model import Trust

from .conftest import EXAMPLES, TRUSTS

MINIMAL = (TRUSTS / "minimal" / "trust.yml").read_text("utf-8")


def load_text(folder: Path, text: str) -> config.LoadedTrust:
    (folder / "trust.yml").write_text(text, "utf-8")
    return config.load(folder, "trust.yml")


def errors_for(folder: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_text(folder, text)
    return str(caught.value).splitlines()


@pytest.mark.parametrize("slug", EXAMPLES)
def test_every_example_is_valid(slug: str) -> None:
    assert config.load(TRUSTS / slug).trust.organisation.name


def test_minimal_config_is_short_and_gets_every_default() -> None:
    assert (
        len([line for line in MINIMAL.splitlines() if line.strip() and not line.startswith("#")])
        <= 20
    )
    trust = config.load(TRUSTS / "minimal").trust
    assert trust.document.title == "Patients recording their care"
    assert trust.site.audiences == ["public", "staff"]
    assert trust.areas.mri.restrictions[0].where == "inside the MRI scanner room"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "  name: Fernvale Community Health NHS Trust",
            "  name: Fernvale <script>alert(1)</script>",
            [
                'trust.yml:4:3: organisation.name: may not contain < > " ` { } \\ or HTML '
                "entities; write the name as plain text"
            ],
        ),
        (
            "  name: Fernvale Community Health NHS Trust",
            "  name: Fernvale &amp; Partners",
            [
                'trust.yml:4:3: organisation.name: may not contain < > " ` { } \\ or HTML '
                "entities; write the name as plain text"
            ],
        ),
        (
            "organisation:",
            "organisaton:",
            ["trust.yml:3:1: organisaton: unknown key; did you mean 'organisation'?"],
        ),
        (
            "  review_by: 2027-10-01",
            "  review_by: next spring",
            ['trust.yml:14:3: document.review_by: "next spring" is not a date (YYYY-MM-DD)'],
        ),
        (
            "  review_by: 2027-10-01",
            "  review_by: 2027-02-30",
            ['trust.yml:14:3: document.review_by: "2027-02-30" is not a date (YYYY-MM-DD)'],
        ),
        (
            "  nation: england",
            "  nation: englnd",
            [
                'trust.yml:5:3: organisation.nation: "englnd" is not one of: england, scotland, wales, '
                "northern-ireland; did you mean 'england'?"
            ],
        ),
        (
            "  type: nhs-trust",
            "  type: hsc-trust",
            [
                "trust.yml:6:3: organisation.type: there is no 'hsc-trust' in England; "
                "use one of: nhs-trust, foundation-trust, independent-provider"
            ],
        ),
        (
            '  primary_colour: "#8A4B08"',
            "  primary_colour: blue",
            [
                'trust.yml:8:3: branding.primary_colour: "blue" is not a colour; write it as #RRGGBB, e.g. #005EB8'
            ],
        ),
        (
            '  primary_colour: "#8A4B08"',
            "  primary_colour: #8A4B08",
            [
                'trust.yml:8:3: branding.primary_colour: is empty; put it in quotes, like "#005EB8" '
                "(in YAML, # starts a comment)"
            ],
        ),
        (
            "  logo: logo.svg",
            "  logo: ../northbridge/logo.svg",
            [
                "trust.yml:9:3: branding.logo: must be a file inside the trust folder, e.g. 'logo.svg'"
            ],
        ),
        (
            "  logo: logo.svg",
            "  logo: logo.gif",
            ['trust.yml:9:3: branding.logo: "logo.gif" must be an .svg or .png file'],
        ),
        (
            "  logo: logo.svg",
            "  logo: missing.svg",
            ["trust.yml:9:3: branding.logo: 'missing.svg' is not in the trust folder"],
        ),
        (
            '  version: "0.1"',
            "  version: v2",
            ['trust.yml:11:3: document.version: "v2" is not a version number like 2 or 2.1'],
        ),
        (
            "  status: draft ",
            "  status: aproved ",
            [
                "trust.yml:12:3: document.status: \"aproved\" is not one of: draft, approved; did you mean 'approved'?"
            ],
        ),
        (
            "  status: draft ",
            "  status: approved ",
            [
                "trust.yml:10:1: document.approved_on: an approved policy needs its approval date (YYYY-MM-DD)"
            ],
        ),
        (
            "    email: pals@fernvale.example",
            "    email: pals at fernvale",
            [
                'trust.yml:19:5: contacts.patient_advice.email: "pals at fernvale" is not an email address'
            ],
        ),
        (
            '    phone: "01632 960700"',
            "    phone: 12345",
            [
                'trust.yml:17:5: contacts.imaging_department.phone: "12345" is not a UK phone number; '
                "write it like 01632 960000 or +44 1632 960000"
            ],
        ),
        (
            "    email: dpo@fernvale.example",
            "    hours: 9 to 5",
            [
                "trust.yml:20:3: contacts.data_protection_officer: give at least one of phone, email or url"
            ],
        ),
        (
            "contacts:",
            "site: public\ncontacts:",
            ['trust.yml:15:1: site: must be a set of `key: value` lines, not "public"'],
        ),
        (
            "  owner: Head of Imaging Services",
            "  owner: [a, b]",
            ["trust.yml:13:3: document.owner: must be text, not a list"],
        ),
        (
            "  review_by: 2027-10-01",
            "  review_by: 2027-10-01\n  reveiw_by: 2027-10-01",
            ["trust.yml:15:3: document.reveiw_by: unknown key; did you mean 'review_by'?"],
        ),
        (
            "  type: nhs-trust",
            "  type: nhs-trust\n  colour: red",
            [
                "trust.yml:7:3: organisation.colour: unknown key; expected one of: name, short_name, nation, "
                "type, website, department, privacy_notice"
            ],
        ),
    ],
)
def test_invalid_config_messages(tmp_path: Path, old: str, new: str, expected: list[str]) -> None:
    (tmp_path / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert old in MINIMAL, old
    assert errors_for(tmp_path, MINIMAL.replace(old, new, 1)) == expected


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    broken = (
        MINIMAL.replace("organisation:", "organisaton:")
        .replace("review_by: 2027-10-01", "review_by: next spring")
        .replace("email: pals@fernvale.example", "email: nope")
    )
    found = errors_for(tmp_path, broken)
    assert [line.split(": ")[1] for line in found] == [
        "organisaton",
        "document.review_by",
        "contacts.patient_advice.email",
    ]


def test_numbers_written_where_text_is_expected_keep_their_zeros(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    text = MINIMAL.replace('version: "0.1"', "version: 2.10").replace(
        'phone: "01632 960700"', "phone: 01632960700"
    )
    trust = load_text(tmp_path, text).trust
    assert trust.document.version == "2.10"
    assert trust.contacts.imaging_department.phone == "01632960700"


def test_a_list_in_trust_yml_replaces_the_default_list(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    extra = (
        "areas:\n  mri:\n    extra_restrictions:\n      - where: in the changing rooms\n"
        "        reason: privacy\n        explanation: Other people change there.\n"
    )
    trust = load_text(tmp_path, MINIMAL + extra).trust
    assert [r.where for r in trust.areas.mri.restrictions] == ["inside the MRI scanner room"]
    assert [r.where for r in trust.areas.mri.extra_restrictions] == ["in the changing rooms"]


def test_logo_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.svg"
    outside.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    folder = tmp_path / "trust"
    folder.mkdir()
    (folder / "logo.svg").symlink_to(outside)
    (folder / "trust.yml").write_text(MINIMAL)
    with pytest.raises(
        ConfigError, match=r"branding\.logo: 'logo\.svg' is outside the trust folder"
    ):
        config.load(folder, "trust.yml")


# --- property tests: whatever the document, the loader answers with a Trust or clean errors ---

yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.dates().map(str),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(string.ascii_lowercase + "_", max_size=12), children, max_size=4)
    ),
    max_leaves=25,
)


def _assert_clean(folder: Path, text: str) -> None:
    try:
        load_text(folder, text)
    except ConfigError as error:
        lines = [str(problem) for problem in error.problems]
        assert str(error) == "\n".join(lines)
        for line in lines:  # each problem one line: no break that str.splitlines() knows
            assert line.splitlines() == [line], line
            assert line.startswith("trust.yml:"), line
            assert "Traceback" not in line and "pydantic" not in line


@pytest.mark.parametrize("brk", ["\n", "\r", "\x0b", "\u2028", "\u2029"])
@pytest.mark.parametrize(
    "document",
    [
        lambda brk: {f"other{brk}key": 1},
        lambda brk: {"organisation": {f"name{brk}": "x", "nation": f"eng{brk}land"}},
        lambda brk: {"areas": {f"ct{brk}": {"arrangements": f"a{brk}b"}}},
    ],
    ids=["top-level key", "nested key and value", "area key"],
)
def test_line_breaks_written_in_keys_and_values_give_one_line_errors(
    tmp_path: Path, brk: str, document: Any
) -> None:
    _assert_clean(tmp_path, yaml.safe_dump(document(brk), allow_unicode=True))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    document=st.dictionaries(
        st.sampled_from([*list(Trust.model_fields), "other"]), yaml_values, max_size=6
    )
)
def test_arbitrary_documents_give_clean_errors(tmp_path: Path, document: dict) -> None:
    _assert_clean(tmp_path, yaml.safe_dump(document, allow_unicode=True))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    key=st.sampled_from(
        [
            "  name: Fernvale Community Health NHS Trust",
            "  owner: Head of Imaging Services",
            "  review_by: 2027-10-01",
            "    email: dpo@fernvale.example",
            "  logo: logo.svg",
        ]
    ),
    value=st.text(max_size=80),
)
def test_arbitrary_strings_in_fields_give_clean_errors(
    tmp_path: Path, key: str, value: str
) -> None:
    (tmp_path / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    field = key.split(":")[0]
    _assert_clean(
        tmp_path,
        MINIMAL.replace(
            key, f"{field}: {yaml.safe_dump(value).strip().removesuffix('...').strip()}"
        ),
    )


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_arbitrary_text_files_give_clean_errors(text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        _assert_clean(Path(folder), text)
