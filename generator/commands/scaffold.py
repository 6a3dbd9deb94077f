"""`policypack init <slug>`: a new trust folder that validates at once and says what to change."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from generator.errors import PolicyPackError
from generator.reading.schema import schema_text

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

TRUST_YML = """\
# yaml-language-server: $schema=../../trust.schema.json
# The policy pack of {name}. Every line here is a placeholder: change each one.
# Anything you leave out comes from the standard wording, which follows the Society of
# Radiographers' guidance. The README's config reference lists every key.

organisation:
  name: {name}                 # full name, as on your letterhead
  nation: england              # england, scotland, wales or northern-ireland
  type: nhs-trust              # e.g. nhs-trust, foundation-trust, health-board, hsc-trust

branding:
  primary_colour: "#005EB8"    # keep the quotes; white text is drawn on this colour
  logo: logo.svg               # replace logo.svg in this folder with your own (SVG or PNG)

document:
  version: "0.1"
  status: draft                # change to approved, with approved_by, approved_on and approvals
  owner: Head of Imaging Services
  review_by: {review_by}

contacts:
  imaging_department:
    phone: "01632 960000"      # a placeholder number: use your department's
  patient_advice:
    email: patient.advice@example.org
  data_protection_officer:
    email: dpo@example.org
"""

LOGO_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60" role="img" aria-labelledby="logo-title">
  <title id="logo-title">{name} logo (placeholder)</title>
  <rect width="200" height="60" rx="6" fill="#005EB8"/>
  <text x="100" y="37" fill="#FFFFFF" font-family="Arimo, Arial, sans-serif" font-size="16" font-weight="700" text-anchor="middle">{initials}</text>
</svg>
"""


def init(slug: str, project: Path, today: dt.date) -> list[Path]:
    """Create trusts/<slug>/ (trust.yml and a placeholder logo), and trust.schema.json beside
    trusts/ when the project has none; return the files written."""
    if not SLUG.match(slug):
        raise PolicyPackError(
            f"'{slug}' cannot be a trust folder name; use lower-case letters, digits and hyphens, e.g. northbridge"
        )
    folder = project / "trusts" / slug
    if folder.exists():
        raise PolicyPackError(f"{folder} already exists; choose another name or edit that one")
    name = " ".join(part.capitalize() for part in slug.split("-")) + " NHS Trust"
    initials = "".join(part[0].upper() for part in slug.split("-"))[:4]
    folder.mkdir(parents=True)
    written = [folder / "trust.yml", folder / "logo.svg"]
    written[0].write_text(
        TRUST_YML.format(name=name, review_by=(today + dt.timedelta(days=365)).isoformat()), "utf-8"
    )
    written[1].write_text(LOGO_SVG.format(name=name, initials=initials), "utf-8")
    schema = project / "trust.schema.json"
    if not schema.exists():
        schema.write_text(schema_text(), "utf-8")
        written.append(schema)
    return written
