"""Brand colour contrast (WCAG 2.2 AA) and the suggested nearest passing shade."""

from __future__ import annotations

import colorsys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.errors import ConfigError
from generator.reading import colour, config

from .conftest import TRUSTS


def test_known_contrast_ratios() -> None:
    assert colour.contrast("#000000", "#FFFFFF") == pytest.approx(21)
    assert colour.contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1)
    assert colour.contrast("#005EB8", "#FFFFFF") == pytest.approx(6.38, abs=0.01)  # NHS Blue
    assert colour.contrast("#41B6E6", "#FFFFFF") == pytest.approx(2.32, abs=0.01)  # NHS light blue


@given(st.from_regex(r"#[0-9A-F]{6}", fullmatch=True))
def test_nearest_passing_shade_passes_and_keeps_the_hue(value: str) -> None:
    shade = colour.nearest_passing(value)
    assert colour.contrast(shade, colour.WHITE) >= colour.MINIMUM
    if colour.contrast(value, colour.WHITE) >= colour.MINIMUM + 0.05:
        assert (
            shade == value
            or colour.contrast(shade, colour.WHITE) < colour.contrast(value, colour.WHITE) + 0.1
        )
    rgb = [int(value[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    new = [int(shade[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    if max(rgb) - min(rgb) > 0.2 and max(new) - min(new) > 0.2:  # a clear hue on both sides
        hue_before, hue_after = colorsys.rgb_to_hls(*rgb)[0], colorsys.rgb_to_hls(*new)[0]
        assert min(abs(hue_before - hue_after), 1 - abs(hue_before - hue_after)) < 0.05


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        (
            "primary_colour",
            "#41B6E6",
            'branding.primary_colour: "#41B6E6" has a contrast of 2.3:1 with white, below the 4.5:1 that text '
            'needs (WCAG 2.2 AA); the nearest shade that passes is "#167FAB"',
        ),
        (
            "accent_colour",
            "#FFB81C",
            'branding.accent_colour: "#FFB81C" has a contrast of 1.7:1 with white, below the 4.5:1 that text '
            'needs (WCAG 2.2 AA); the nearest shade that passes is "#9F6D00"',
        ),
    ],
)
def test_low_contrast_palette_is_refused_with_a_suggestion(
    trust_copy, key: str, value: str, expected: str
) -> None:
    folder = trust_copy("minimal")
    text = (folder / "trust.yml").read_text()
    text = text.replace(
        '  primary_colour: "#8A4B08"',
        f'  {key}: "{value}"\n  primary_colour: "#8A4B08"'
        if key == "accent_colour"
        else f'  primary_colour: "{value}"',
    )
    (folder / "trust.yml").write_text(text)
    with pytest.raises(ConfigError) as caught:
        config.load(folder, "trust.yml")
    assert str(caught.value) == f"trust.yml:8:3: {expected}"


def test_every_example_palette_passes() -> None:
    for folder in sorted(TRUSTS.iterdir()):
        branding = config.load(folder).trust.branding
        assert colour.contrast(branding.primary_colour, colour.WHITE) >= 4.5
