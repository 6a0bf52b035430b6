"""How often a risk happens: the band a stated figure falls in.

A risk states its chance in words ("About 3 in 100 people.", "1 to 10 in 100", "6.7%"); its band (very common ...
very rare) must fit the first figure it states. The admin warns while they disagree, and the shipped-content
tests hold every shipped risk to it.
"""

import re

from ..models.procedures import FREQUENCY_FLOORS, Risk

NUMBER = r"(\d[\d,]*(?:\.\d+)?)(?![\d,.]*\d)"
RANGE = NUMBER + r"(?:\s*(?:to|-|\u2013)\s*" + NUMBER + r")?"
# "3 in 100", "1 to 10 in 100", "1 out of 150", "8 of 38" (not "2 in 10 days").
# "Fewer than 1 in 10,000": any chance below the figure.
BELOW = r"(?P<below>(?:fewer|less) than\s+|under\s+)?"
IN_M = re.compile(
    BELOW + RANGE + r"\s+(?:in|out of|of)\s+(?:every\s+)?" + NUMBER + r"(?!\s*(?:days?|weeks?|months?|years?)\b)",
    re.IGNORECASE,
)
PERCENT = re.compile(BELOW + RANGE + r"\s*(?:%|percent\b)", re.IGNORECASE)


def number(text):
    return float(text.replace(",", ""))


def stated_figures(text):
    """Each chance the text states, in order, as (lowest, highest) proportions: a single figure has both equal."""
    found = []
    for match in IN_M.finditer(text):
        if out_of := number(match.group(4)):
            found.append(figure(match, out_of))
    for match in PERCENT.finditer(text):
        found.append(figure(match, 100))
    return [(low, high) for _, low, high in sorted(found)]


def figure(match, out_of):
    """(where, lowest, highest) of one matched figure; "fewer than N" reaches from 0 to just below N."""
    low, high = number(match.group(2)) / out_of, number(match.group(3) or match.group(2)) / out_of
    if match.group("below"):
        low, high = 0.0, high * (1 - 1e-9)
    return match.start(), low, high


def band(chance):
    """The band of one chance (a proportion from 0 to 1)."""
    return next(frequency for frequency, floor in FREQUENCY_FLOORS.items() if chance >= floor)


def bands_fitting(text):
    """The bands the text's first figure allows (every band a range spans); None when it states no figure."""
    figures = stated_figures(text)
    if not figures:
        return None
    low, high = figures[0]
    order = list(FREQUENCY_FLOORS)
    return order[order.index(band(high)) : order.index(band(low)) + 1]


def band_problem(frequency, how_often):
    """Why a risk's band and its stated figure disagree, in words for staff; empty when they agree."""
    fitting = bands_fitting(how_often)
    if frequency == Risk.Frequency.NOT_KNOWN:
        return "It gives a number, so its band cannot be 'Not known'." if fitting else ""
    if fitting is None:
        return "Give the number its band comes from, e.g. 'About 3 in 100 people.'"
    if frequency not in fitting:
        names = " or ".join(f"'{Risk.Frequency(name).label}'" for name in fitting)
        return f"Its first figure is {names}, not '{Risk.Frequency(frequency).label}'."
    return ""
