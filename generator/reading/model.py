"""The shape of trust.yml: every key a communications officer may write, documented.

Stable key paths (other tooling relies on them): organisation.name, organisation.nation,
branding.primary_colour, branding.logo, document.version, document.status,
document.approved_on, document.review_by.

What a trust leaves out comes from `data/defaults.yml` (merged by config.py before these models
see the data), so the defaults derived from the guidance live in one file, not in this one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from generator.reading import colour
from generator.reading.source import SourceFloat, SourceInt


def _as_written(value: Any) -> Any:
    """Numbers where text is expected keep the text they were written as (01632 stays 01632)."""
    if isinstance(value, SourceInt | SourceFloat):
        return value.text
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _single_line(value: str) -> str:
    if "\n" in value.strip():
        raise ValueError("must be a single line")
    return value.strip()


def _tidy_paragraphs(value: str) -> str:
    return "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", value.strip()) if p.strip())


def _inside_folder(value: str, suffixes: tuple[str, ...] = (".svg", ".png")) -> str:
    logo = PurePosixPath(value.replace("\\", "/"))
    if logo.is_absolute() or ".." in logo.parts or ":" in value:
        raise ValueError("must be a file inside the trust folder, e.g. 'logo.svg'")
    if logo.suffix.lower() not in suffixes:
        kinds = ", ".join(suffixes[:-1]) + " or " + suffixes[-1]
        raise ValueError(f"{json.dumps(value, ensure_ascii=False)} must be an {kinds} file")
    return value


def _picture_inside_folder(value: str) -> str:
    return _inside_folder(value, (".svg", ".png", ".jpg", ".jpeg"))


TEXT_KEY = "x-policypack-text"
"""Marks text in the JSON Schema that pydantic makes; schema.py turns it into "this text, or
this text in each language" and removes the mark."""


class _TextMarker:
    """Marks a field type as words people read (translated in a multilingual pack)."""

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema[TEXT_KEY] = True
        return schema


TEXT = _TextMarker()

Line = Annotated[
    str,
    TEXT,
    BeforeValidator(_as_written),
    AfterValidator(_single_line),
    Field(min_length=1, max_length=300),
]
"""One line of plain text."""

Paragraphs = Annotated[
    str,
    TEXT,
    BeforeValidator(_as_written),
    AfterValidator(_tidy_paragraphs),
    Field(min_length=1, max_length=4000),
]
"""Plain text; a blank line starts a new paragraph. Never read as Markdown or HTML."""

# A quotation mark, not an escaped one (`\"`): ECMA-262 in unicode mode, which strict JSON Schema
# clients use, refuses escapes of characters that need none.
HttpsUrl = Annotated[str, Field(pattern=r'^https://[^\s/$.?#][^\s<>"]*$', max_length=500)]
Colour = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
BrandColour = Annotated[Colour, AfterValidator(colour.check_on_white)]
"""A colour that white text sits on and that is used as text on white: 4.5:1 either way."""
Email = Annotated[
    str, Field(pattern=r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$", max_length=254)
]
Phone = Annotated[
    str,
    BeforeValidator(_as_written),
    Field(pattern=r"^(\+44 ?|0)[0-9][0-9 ]{7,14}[0-9]( \(?(ext|extension)\.? ?[0-9]{2,6}\)?)?$"),
]


def _plain_name(value: str) -> str:
    # The site engine's theme prints the site name without escaping in places, so a name must
    # not be able to carry markup at all.
    if re.search(r"[<>\"`{}\\]|&[#A-Za-z0-9]+;", value):
        raise ValueError(
            'may not contain < > " ` { } \\ or HTML entities; write the name as plain text'
        )
    return value


Name = Annotated[Line, AfterValidator(_plain_name)]
"""A name that is shown as the site's title: plain text only."""

LogoPath = Annotated[str, AfterValidator(_inside_folder), Field(min_length=1, max_length=200)]
PicturePath = Annotated[
    str, AfterValidator(_picture_inside_folder), Field(min_length=1, max_length=200)
]
Version = Annotated[str, BeforeValidator(_as_written), Field(pattern=r"^[0-9]+(\.[0-9]+){0,2}$")]


class StrictModel(BaseModel):
    # defer_build: validators are built when first used, so that a run which finds its trust
    # in config.py's cache (most runs) builds none.
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )


class Nation(StrEnum):
    ENGLAND = "england"
    SCOTLAND = "scotland"
    WALES = "wales"
    NORTHERN_IRELAND = "northern-ireland"


class OrganisationType(StrEnum):
    NHS_TRUST = "nhs-trust"
    FOUNDATION_TRUST = "foundation-trust"
    HEALTH_BOARD = "health-board"
    SPECIAL_HEALTH_BOARD = "special-health-board"
    HSC_TRUST = "hsc-trust"
    INDEPENDENT_PROVIDER = "independent-provider"


class Audience(StrEnum):
    PUBLIC = "public"
    STAFF = "staff"


class Status(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"


class RestrictionReason(StrEnum):
    SAFETY = "safety"
    PRIVACY = "privacy"
    CONCENTRATION = "concentration"


class ApprovalRole(StrEnum):
    GOVERNANCE = "governance"
    DATA_PROTECTION_OFFICER = "data-protection-officer"
    STAFF_CONSULTATION = "staff-consultation"
    PATIENT_GROUP = "patient-group"
    EQUALITY_IMPACT_ASSESSMENT = "equality-impact-assessment"


class Organisation(StrictModel):
    """Who publishes this pack."""

    name: Name = Field(
        description="Full legal name, e.g. 'Northbridge University Hospitals NHS Foundation Trust'."
    )
    short_name: Name | None = Field(
        None,
        description="Name used in running text, e.g. 'Northbridge Hospitals'. Defaults to the full name.",
    )
    nation: Nation = Field(
        description="The UK nation whose law and services apply: england, scotland, wales or northern-ireland."
    )
    type: OrganisationType = Field(
        description="Kind of organisation; must exist in its nation (a foundation trust only in England, an HSC trust only in Northern Ireland)."
    )
    website: HttpsUrl | None = Field(
        None, description="The organisation's main website (https only)."
    )
    department: Line = Field(
        description="What patients call the service this policy covers, e.g. 'Imaging and Radiotherapy'."
    )
    privacy_notice: HttpsUrl | None = Field(
        None,
        description="The organisation's privacy notice (how it uses patients' information), linked where the pack explains the note in the health record (guidance 5.7) and data protection.",
    )

    @model_validator(mode="after")
    def _type_exists_in_nation(self) -> Organisation:
        from generator.reading.nations import NATIONS

        allowed = NATIONS[self.nation].organisation_types
        if self.type not in allowed:
            raise ValueError(
                f"type: there is no '{self.type}' in {NATIONS[self.nation].name}; "
                f"use one of: {', '.join(allowed)}"
            )
        return self

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class Branding(StrictModel):
    """How the pack looks: the organisation's colour and logo."""

    primary_colour: BrandColour = Field(
        description="Header and heading colour, as #RRGGBB (NHS Blue is #005EB8). White text is drawn on it."
    )
    accent_colour: BrandColour | None = Field(
        None, description="Colour of links and buttons, as #RRGGBB. Defaults to the primary colour."
    )
    logo: LogoPath = Field(
        description="Logo file (SVG or PNG) inside the trust folder, e.g. 'logo.svg'."
    )
    logo_alt: Line | None = Field(
        None, description="Text alternative for the logo. Defaults to '<organisation name> logo'."
    )


class Approval(StrictModel):
    """One recorded approval or consultation of this version."""

    role: ApprovalRole = Field(
        description="What was agreed: governance (the approving committee), data-protection-officer (guidance 3.2, 5.14), staff-consultation (5.4), patient-group (5.8), equality-impact-assessment."
    )
    by: Line = Field(
        description="Who, by job title or group name, e.g. 'Data Protection Officer' or 'Imaging Patient Forum'."
    )
    date: dt.date = Field(description="When, as YYYY-MM-DD.")
    note: Line | None = Field(None, description="A reference, e.g. the meeting minute number.")


class HistoryEntry(StrictModel):
    """One earlier or current version of this policy."""

    version: Version = Field(description="Version number, e.g. '2.0'.")
    date: dt.date = Field(description="When this version was published, as YYYY-MM-DD.")
    summary: Line = Field(description="What changed, in a sentence.")


class Document(StrictModel):
    """Document control: what version this is, who owns it and when it must be reviewed."""

    title: Line = Field(description="Title of the policy.")
    version: Version = Field(description="Version number, e.g. '2.1'.")
    status: Status = Field(
        description="'draft' while being written; 'approved' once agreed for publication."
    )
    owner: Line = Field(
        description="Job title of the person who owns the policy, e.g. 'Head of Imaging Services'."
    )
    approved_by: Line | None = Field(None, description="The committee or person that approved it.")
    approved_on: dt.date | None = Field(None, description="Date of approval, as YYYY-MM-DD.")
    published_on: dt.date | None = Field(
        None, description="Date of publication, as YYYY-MM-DD. Defaults to the approval date."
    )
    review_by: dt.date = Field(
        description="Date by which the policy must be reviewed, as YYYY-MM-DD (guidance 5.16)."
    )
    approvals: list[Approval] = Field(
        default_factory=list, description="Approvals and consultations of this version."
    )
    history: list[HistoryEntry] = Field(
        default_factory=list, description="Version history, newest first."
    )
    review_warning_days: int = Field(
        ge=1,
        le=365,
        description="How many days before review_by the build starts warning that a review is due (default 90).",
    )
    max_reading_age: int = Field(
        ge=7,
        le=16,
        description="Highest reading age allowed for the patient leaflet and the waiting-room notice (default 11; NHS guidance aims for 9 to 11).",
    )
    max_review_years: int = Field(
        ge=1,
        le=5,
        description="The longest time allowed between approval and review, in years (default 3; set it from your organisation's own document policy).",
    )

    @model_validator(mode="after")
    def _dates_agree(self) -> Document:
        if self.status is Status.APPROVED and self.approved_on is None:
            raise ValueError("approved_on: an approved policy needs its approval date (YYYY-MM-DD)")
        if self.approved_on is not None:
            if self.review_by <= self.approved_on:
                raise ValueError(
                    f"review_by: {self.review_by.isoformat()} is not after the approval date "
                    f"{self.approved_on.isoformat()}"
                )
            latest = add_years(self.approved_on, self.max_review_years)
            if self.review_by > latest:
                raise ValueError(
                    f"review_by: {self.review_by.isoformat()} is more than {self.max_review_years} "
                    f"years after approval; review by {latest.isoformat()} at the latest "
                    "(or change max_review_years to match your document policy)"
                )
        return self

    # The date rules: every stage asks these, none repeats their arithmetic.

    @property
    def warn_from(self) -> dt.date:
        """The first day of the review warning window (review_warning_days before review_by)."""
        return review_warning_from(self.review_by, self.review_warning_days)

    def review_due(self, today: dt.date) -> bool:
        """True from the first day of the warning window on (and so also once overdue)."""
        return review_is_due(self.review_by, self.review_warning_days, today)

    @property
    def publication_date(self) -> dt.date | None:
        """The pack's own date: its publication date, else its approval date (None for a draft
        with neither)."""
        return self.published_on or self.approved_on

    @property
    def dated_by_today(self) -> bool:
        """True when the pack has no date of its own, so that it is dated by --today."""
        return self.publication_date is None

    def dated_on(self, today: dt.date) -> dt.date:
        """The date a pack is dated by: its publication, else its approval, else `today` (a
        draft with neither), so that an unchanged, dated pack builds to the same bytes on any
        day."""
        return self.publication_date or today


def review_warning_from(review_by: dt.date, warning_days: int) -> dt.date:
    """The first day of the review warning window: `warning_days` before `review_by`. For the
    published facts (review_by, review_warning_days) as well as for Document.warn_from."""
    return review_by - dt.timedelta(days=warning_days)


def review_is_due(review_by: dt.date, warning_days: int, today: dt.date) -> bool:
    """True from the first day of the warning window on (and so also once overdue)."""
    return today >= review_warning_from(review_by, warning_days)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class Contact(StrictModel):
    """A way to reach a person or team. Give at least a phone number, an email or a web page."""

    name: Line | None = Field(None, description="Team or role name as the public knows it.")
    phone: Phone | None = Field(None, description="UK phone number, e.g. '01632 960000'.")
    email: Email | None = Field(None, description="Email address.")
    url: HttpsUrl | None = Field(None, description="Web page (https only).")
    hours: Line | None = Field(
        None, description="When it is answered, e.g. 'Monday to Friday, 9am to 5pm'."
    )

    @model_validator(mode="after")
    def _reachable(self) -> Contact:
        if not (self.phone or self.email or self.url):
            raise ValueError("give at least one of phone, email or url")
        return self


class StaffContact(Contact):
    """A contact for staff only, such as the duty radiographer: never in the public build."""

    name: Line = Field(description="Role or team, e.g. 'Duty imaging manager'.")
    purpose: Line = Field(
        description="When staff should use it, e.g. 'if a recording causes distress'."
    )


class Contacts(StrictModel):
    """Who patients and staff contact."""

    imaging_department: Contact = Field(
        description="The imaging (and radiotherapy) department, for questions before an appointment."
    )
    patient_advice: Contact = Field(
        description="Patient advice and complaints (PALS in England), also used for feedback on this policy."
    )
    data_protection_officer: Contact = Field(
        description="The data protection officer (guidance 3.2)."
    )
    other_formats: Contact | None = Field(
        None,
        description="Where to ask for this information in another format or language. Defaults to the imaging department.",
    )
    staff: list[StaffContact] = Field(
        default_factory=list, description="Internal contacts shown only in the staff build."
    )


class Restriction(StrictModel):
    """A place or moment where recording is not possible, and why."""

    where: Line = Field(
        description="Where or when, completing 'You cannot record ...', e.g. 'inside the MRI scanner room'."
    )
    reason: RestrictionReason = Field(
        description="safety (guidance 5.9), privacy of other people (2.3, 5.11) or concentration (2.4, 4.2, 5.6)."
    )
    explanation: Line = Field(
        description="Why, in plain words for patients, e.g. 'The scanner's strong magnet can pull phones out of your hand.'"
    )
    easy_read: Paragraphs | None = Field(
        None,
        description="The same restriction and its reason in Easy Read, e.g. 'Phones cannot go into the scanner room. Its magnet could pull them from your hand.' One idea a sentence, at most 15 words each, everyday words (a reading age of 8). Without it, the Easy Read version gives the standard sentence for the reason.",
    )


class Recording(StrEnum):
    ALLOWED = "allowed"
    NOT_ALLOWED = "not-allowed"


class Area(StrictModel):
    """The local arrangements for one clinical area."""

    recording: Recording = Field(
        Recording.ALLOWED,
        description="'allowed' (with any restrictions below), or 'not-allowed' in this whole service: a deviation from the guidance (5.1) that must be declared under deviations.",
    )
    provided: bool = Field(
        True,
        description="false if this organisation does not provide this service (the area is left out).",
    )
    restrictions: list[Restriction] = Field(
        default_factory=list,
        description="Where or when recording is not possible, replacing the standard list for this area. Allowed only for safety, privacy or concentration.",
    )
    extra_restrictions: list[Restriction] = Field(
        default_factory=list,
        description="Restrictions added to the standard ones (use this to keep the standard safety rules and add your own).",
    )
    arrangements: Paragraphs | None = Field(
        None,
        description="Anything else patients should know about recording in this area, in plain words.",
    )
    staff_notes: Paragraphs | None = Field(
        None, description="Notes for staff only (left out of the public site)."
    )
    easy_read: Paragraphs | None = Field(
        None,
        description="What the Easy Read version says about recording in this area, replacing its standard Easy Read sentences (for the restrictions and arrangements above). One idea a sentence, at most 15 words each, everyday words (a reading age of 8).",
    )


class ObstetricUltrasound(Area):
    """Ultrasound, with the options many departments offer for keepsake images (guidance 1.4, 4.2)."""

    keepsake_images: Paragraphs | None = Field(
        None,
        description="What the department offers instead, e.g. printed scan pictures and their price.",
    )
    obstetric_guidance_considered: bool = Field(
        False,
        description="true once the department has taken into account the Society of Radiographers' separate guidance on obstetric ultrasound (sale of images, fetal sexing, commercial considerations and requests to record; guidance 4.2, 5.3). The pack says so only when this is true.",
    )
    pre_appointment_information: bool = Field(
        False,
        description="true if the information sent before a pregnancy scan explains when recording is possible (guidance 2.14, 5.3, 5.15). The pack refers to it only when this is true.",
    )


class NuclearMedicine(Area):
    """Nuclear medicine, with or without PET-CT."""

    pet_ct: bool = Field(
        True,
        description="false if this organisation does not do PET-CT scans itself (the area is then called nuclear medicine only).",
    )


class Areas(StrictModel):
    """Each clinical area's local arrangements. Leave out an area to use the defaults."""

    clinical_discussions: Area = Field(
        description="Conversations about results, diagnosis and treatment (guidance 4.1)."
    )
    general_imaging: Area = Field(
        description="X-rays and general imaging, including children (guidance 4.3)."
    )
    ct: Area = Field(description="CT scans.")
    mri: Area = Field(description="MRI scans.")
    ultrasound: ObstetricUltrasound = Field(
        description="Pregnancy (obstetric) and other ultrasound scans (guidance 4.2, 5.3)."
    )
    interventional: Area = Field(
        description="Interventional procedures such as biopsies and angiography."
    )
    nuclear_medicine: NuclearMedicine = Field(description="Nuclear medicine and PET-CT.")
    screening: Area = Field(description="Breast and other screening (guidance 1.3).")
    radiotherapy: Area = Field(description="Radiotherapy planning and treatment (guidance 4.4).")


class Permission(StrEnum):
    TELL_US = "tell-us"
    WRITTEN = "written"


class Policy(StrictModel):
    """Local decisions on which the guidance takes a position. The defaults follow it; any other
    choice is a deviation and must be declared under `deviations`."""

    permission: Permission = Field(
        description="'tell-us': patients need no permission, and asking staff first is a courtesy (guidance 2.11, 5.1); 'written': written permission is required (a deviation)."
    )
    note_in_health_record: bool = Field(
        description="true: staff note in the health record that a recording was made, and tell the patient (guidance 5.7); false is a deviation."
    )
    continue_care_after_covert_recording: bool = Field(
        description="true: care always continues when a secret recording is found (guidance 2.11); false is a deviation."
    )


class DeviationRule(StrEnum):
    NO_RECORDING = "no-recording"
    WRITTEN_PERMISSION = "written-permission"
    NO_HEALTH_RECORD_NOTE = "no-health-record-note"
    STOP_CARE_AFTER_COVERT_RECORDING = "stop-care-after-covert-recording"
    NOT_PUBLIC = "not-public"


AreaKey = Literal[
    "clinical_discussions",
    "general_imaging",
    "ct",
    "mri",
    "ultrasound",
    "interventional",
    "nuclear_medicine",
    "screening",
    "radiotherapy",
]


class Deviation(StrictModel):
    """A local choice that departs from the guidance, declared and approved (shown in the
    compliance matrix and on the document-control page)."""

    rule: DeviationRule = Field(
        description="Which rule of the guidance this departs from: no-recording, written-permission, no-health-record-note, stop-care-after-covert-recording or not-public."
    )
    area: AreaKey | None = Field(
        None, description="For no-recording: the clinical area, e.g. 'ultrasound'."
    )
    justification: Paragraphs = Field(
        description="Why the organisation departs from the guidance, for governance readers."
    )
    explanation: Line | None = Field(
        None,
        description="One plain sentence for patients, shown where the pack states the local rule.",
    )
    approved_by: Line = Field(
        description="Who approved the deviation, e.g. 'Clinical Governance Committee'."
    )
    approved_on: dt.date = Field(description="When, as YYYY-MM-DD.")

    @model_validator(mode="after")
    def _area_when_needed(self) -> Deviation:
        if self.rule is DeviationRule.NO_RECORDING and self.area is None:
            raise ValueError(
                "area: say which clinical area has no recording, e.g. area: ultrasound"
            )
        if self.rule is not DeviationRule.NO_RECORDING and self.area is not None:
            raise ValueError(f"area: only the no-recording rule takes an area, not {self.rule}")
        return self


class LanguageCode(StrEnum):
    """A language a pack can be published in."""

    EN = "en"
    CY = "cy"


class TranslationReview(StrictModel):
    """A professional check of one language's text."""

    # Not shown on the pages, so written once (not in each language).
    reviewed_by: str = Field(
        min_length=1,
        max_length=300,
        description="Who reviewed the translation, e.g. 'Welsh Language Services'.",
    )
    reviewed_on: dt.date = Field(description="When it was reviewed (YYYY-MM-DD).")


class Engine(StrEnum):
    """The site engine that builds a pack's web pages (publishing/site/)."""

    MKDOCS = "mkdocs"
    ZENSICAL = "zensical"


class Site(StrictModel):
    """Where and for whom the pack is published."""

    url: HttpsUrl | None = Field(
        None,
        description="Public address of the published pack, e.g. 'https://www.example.nhs.uk/recording/'.",
    )
    audiences: list[Audience] = Field(
        description="Which sites are built: 'public' (internet) and 'staff' (intranet, adds staff pages and internal contacts)."
    )
    languages: list[LanguageCode] = Field(
        default_factory=lambda: [LanguageCode.EN],
        description=(
            "Languages the pack is published in, your first choice first, e.g. [cy, en] for a "
            "Welsh organisation. With more than one, write each piece of your own text as "
            "`{en: ..., cy: ...}`."
        ),
    )
    translation_reviews: dict[LanguageCode, TranslationReview] = Field(
        default_factory=dict,
        description=(
            "Who checked each translation and when, e.g. `cy: {reviewed_by: ..., reviewed_on: ...}`. "
            "Until a language has a reviewer, its pages say the translation awaits professional review."
        ),
    )

    engine: Engine = Field(
        Engine.MKDOCS,
        description=(
            "The site engine that builds the web pages: 'mkdocs' (MkDocs with the Material "
            "theme, the default) or 'zensical' (their makers' successor, for packs in English "
            "only until its search can be fully Welsh). `policypack build --engine` overrides it."
        ),
    )

    @model_validator(mode="after")
    def _some_audience(self) -> Site:
        if not self.audiences:
            raise ValueError("audiences: name at least one of public, staff")
        if LanguageCode.EN not in self.languages:
            raise ValueError(
                "languages: must include en (the guidance and our standard text are English first)"
            )
        if len(set(self.languages)) != len(self.languages):
            raise ValueError("languages: name each language once")
        if self.engine is Engine.ZENSICAL and self.languages != [LanguageCode.EN]:
            raise ValueError(ENGLISH_ONLY)
        return self


ENGLISH_ONLY = (
    "engine: zensical can only build a pack in English (its search box cannot be shown in "
    "Welsh yet); use engine: mkdocs for a pack in more than one language"
)


class Format(StrEnum):
    """An alternative format of the patient information."""

    LARGE_PRINT = "large-print"
    EASY_READ = "easy-read"
    AUDIO = "audio"
    BRAILLE = "braille"
    OTHER_LANGUAGES = "other-languages"


class Accessibility(StrictModel):
    """The accessibility statement (Public Sector Bodies Accessibility Regulations 2018) and the formats offered."""

    statement_prepared_on: dt.date | None = Field(
        None,
        description="When the accessibility statement was first prepared. Defaults to the publication date.",
    )
    statement_reviewed_on: dt.date | None = Field(
        None, description="When it was last reviewed. Defaults to the date it was prepared."
    )
    formats: list[Format] = Field(
        default_factory=list,
        description="The other formats that patients can ask for today: large-print, audio, braille, other-languages. Only these are offered in the pack; with none, patients are asked to get in touch about what they need. Every pack publishes an Easy Read version and offers it, so easy-read need not be listed (it is still accepted).",
    )
    audited_on: dt.date | None = Field(
        None,
        description="When the website last had a full accessibility audit against WCAG 2.2 AA. Without one, the statement does not claim full compliance.",
    )
    audited_by: Line | None = Field(None, description="Who carried out that audit.")
    known_issues: list[Line] = Field(
        default_factory=list,
        description="Content of the website known to fail WCAG 2.2 AA, one plain sentence each. With none, the statement says that no failing content is known.",
    )


class EasyReadPicture(StrEnum):
    """The points of the Easy Read version that have a picture
    (policy_templates/easy_read/pictures.yml)."""

    RECORDING_ALLOWED = "recording-allowed"
    ASK_FIRST = "ask-first"
    NOT_HERE = "not-here"
    SAFETY = "safety"
    PRIVACY = "privacy"
    CONCENTRATION = "concentration"
    SCAN = "scan"
    MRI = "mri"
    X_RAY = "x-ray"
    INJECTION = "injection"
    PREGNANCY_SCAN = "pregnancy-scan"
    CHILDREN = "children"
    LISTEN_AGAIN = "listen-again"
    SOCIAL_MEDIA = "social-media"
    KEEP_PRIVATE = "keep-private"
    RADIOGRAPHER = "radiographer"
    COMPANION = "companion"
    CLINICAL_DISCUSSION = "clinical-discussion"
    STAFF_MAY_STOP = "staff-may-stop"
    STAFF_NOT_FILMED = "staff-not-filmed"
    RECORD_NOTE = "record-note"
    PHONE = "phone"
    EMAIL = "email"
    WEBSITE = "website"
    LETTER = "letter"
    HELP = "help"
    HOSPITAL = "hospital"
    COMPLAINT = "complaint"
    FEEDBACK = "feedback"
    EASY_READ = "easy-read"
    HARD_WORDS = "hard-words"


class OwnPicture(StrictModel):
    """A photo or picture of the organisation's own, in place of a standard Easy Read picture."""

    file: PicturePath = Field(
        description="The picture (SVG, PNG or JPEG) inside the trust folder, e.g. 'easy-read/mri.jpg'. Real photos of your own department are Easy Read good practice."
    )
    alt: Line = Field(
        description="What the picture shows, in plain words, e.g. 'Our MRI scanner: a big white ring with a bed in front of it.'"
    )


class EasyRead(StrictModel):
    """The Easy Read version of the patient information: the organisation's own pictures."""

    pictures: dict[EasyReadPicture, OwnPicture] = Field(
        default_factory=dict,
        description="Your own photo or picture for any point of the Easy Read version, by the name of the standard picture it replaces (e.g. mri, hospital, radiographer); the others keep the standard pictures.",
    )


class Trust(StrictModel):
    """One organisation's policy pack on patients recording their care."""

    model_config = ConfigDict(title="policypack trust.yml", extra="forbid", frozen=True)

    organisation: Organisation = Field(description="Who publishes this pack.")
    branding: Branding = Field(description="Colour and logo.")
    document: Document = Field(description="Version, approval and review dates.")
    contacts: Contacts = Field(description="Who patients and staff contact.")
    areas: Areas = Field(description="Local arrangements per clinical area.")
    site: Site = Field(description="Where and for whom the pack is published.")
    policy: Policy = Field(description="Local decisions on which the guidance takes a position.")
    accessibility: Accessibility = Field(
        default_factory=Accessibility,
        description="The accessibility statement's dates and known issues, and the formats patients can ask for.",
    )
    deviations: list[Deviation] = Field(
        description="Declared departures from the guidance, each justified and approved."
    )
    easy_read: EasyRead = Field(
        default_factory=EasyRead,
        description="The Easy Read version of the patient information: your own pictures for it.",
    )
