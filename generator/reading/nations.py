"""The facts that differ between the four UK nations, read from data/nations.yml."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict

from generator import caching, resources


class NationFacts(BaseModel):
    """What templates may say about one nation's law and services."""

    # Built when first used: a run that reads the nations from the cache validates nothing.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    name: str
    organisation_types: list[str]
    own_patient_advice_team: str
    patient_advice_service: str
    patient_advice_service_short: str
    patient_advice_service_url: str
    complaints_route: str
    ombudsman: str
    ombudsman_url: str
    ionising_radiation_law: str
    ionising_radiation_law_url: str
    radiation_protection_law: str
    radiation_protection_law_url: str
    surveillance_law: str
    accessibility_enforcement_body: str
    accessibility_enforcement_url: str
    accessibility_complaints_service: str
    accessibility_complaints_url: str
    accessible_information_standard: bool
    sources: list[str]


@cache
def _load() -> dict[str, NationFacts]:
    """data/nations.yml, validated; kept in the user's cache (caching.remembered), so that a
    run reads back the checked facts instead of building pydantic's validator (15 ms)."""
    path = resources.DATA / "nations.yml"

    def read() -> dict[str, NationFacts]:
        raw = resources.read_yaml(path)
        return {key: NationFacts(**value) for key, value in raw.items()}

    return caching.remembered("nations", path.read_bytes(), read, dict)


class _Nations:
    def __getitem__(self, nation: str) -> NationFacts:
        return _load()[str(nation)]


NATIONS = _Nations()
