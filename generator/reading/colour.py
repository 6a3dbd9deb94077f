"""WCAG contrast for brand colours, and the nearest shade that passes."""

from __future__ import annotations

import colorsys

WHITE = "#FFFFFF"
MINIMUM = 4.5
"""WCAG 2.2 AA for normal-size text (1.4.3): header text, links and buttons are normal size."""


def _channels(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return red, green, blue


def luminance(colour: str) -> float:
    """WCAG relative luminance of #RRGGBB."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in _channels(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def nearest_passing(colour: str, against: str = WHITE, minimum: float = MINIMUM) -> str:
    """The same hue and saturation, darkened only as far as it must be to pass against white."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*_channels(colour))
    low, high = 0.0, lightness  # darkening never fails to reach 4.5:1 against white (black: 21:1)
    for _ in range(30):
        middle = (low + high) / 2
        if contrast(_hex(hue, middle, saturation), against) >= minimum:
            low = middle
        else:
            high = middle
    candidate = _hex(hue, low, saturation)
    while contrast(candidate, against) < minimum:  # rounding to whole channels can cost a hair
        low -= 0.002
        candidate = _hex(hue, max(low, 0.0), saturation)
    return candidate


def _hex(hue: float, lightness: float, saturation: float) -> str:
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return "#" + "".join(f"{round(channel * 255):02X}" for channel in (red, green, blue))


def check_on_white(colour: str) -> str:
    """`colour` if white text on it (and it as text on white) reaches 4.5:1; else ValueError."""
    ratio = contrast(colour, WHITE)
    if ratio < MINIMUM:
        raise ValueError(
            f'"{colour}" has a contrast of {ratio:.1f}:1 with white, below the 4.5:1 that text needs '
            f'(WCAG 2.2 AA); the nearest shade that passes is "{nearest_passing(colour)}"'
        )
    return colour
