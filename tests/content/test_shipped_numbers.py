"""Risks in numbers: each band fits the figure the risk states, and almost every risk states one."""

import pytest

from treatments.models.procedures import Risk
from treatments.procedures.frequency import band, band_problem, bands_fitting, stated_figures

pytestmark = pytest.mark.django_db

# The five risks ../shared/reference/risk-figures.md found no figure for, and "more spider veins over time": no rate
# of new ones is published (the 41 in 100 it once gave was how many women have spider veins, not a chance of more).
MAX_NOT_KNOWN = 6


def test_every_shipped_band_fits_its_first_stated_figure(clinic_content):
    wrong = {
        (risk.treatment.slug, risk.name): problem
        for risk in Risk.objects.select_related("treatment")
        if (problem := band_problem(risk.frequency, risk.how_often))
    }
    assert wrong == {}


def test_few_risks_in_the_library_are_not_known(clinic_content):
    not_known = Risk.objects.filter(frequency=Risk.Frequency.NOT_KNOWN)
    assert not_known.count() <= MAX_NOT_KNOWN, [f"{risk.treatment.slug}: {risk.name}" for risk in not_known]


@pytest.mark.parametrize(
    ("how_often", "figures"),
    [
        ("About 1 in 4 people.", [(0.25, 0.25)]),
        ("1 to 10 in 100 people, studies differ; 6.7% in one.", [(0.01, 0.1), (0.067, 0.067)]),
        ("3 of 101 people (2.9%) in one clinic.", [(3 / 101, 3 / 101), (0.029, 0.029)]),
        ("About 1 in 1,000 people.", [(0.001, 0.001)]),
        ("Wear them for 2 in 10 days.", []),  # Days, not a chance.
        ("Fewer than 1 in 10,000 people.", [(0.0, 0.0001 * (1 - 1e-9))]),
    ],
)
def test_figures_are_read_as_a_person_states_them(how_often, figures):
    flat = [chance for figure in stated_figures(how_often) for chance in figure]
    assert flat == pytest.approx([chance for figure in figures for chance in figure])


@pytest.mark.parametrize(
    ("chance", "expected"),
    [
        (0.1, Risk.Frequency.VERY_COMMON),
        (0.0999, Risk.Frequency.COMMON),
        (0.01, Risk.Frequency.COMMON),
        (0.0099, Risk.Frequency.UNCOMMON),
        (0.001, Risk.Frequency.UNCOMMON),
        (0.0001, Risk.Frequency.RARE),
        (0.00009, Risk.Frequency.VERY_RARE),
    ],
)
def test_bands_follow_the_medicine_leaflet_convention(chance, expected):
    assert band(chance) == expected


def test_a_range_fits_every_band_it_spans():
    assert bands_fitting("1 to 10 in 100 people.") == [Risk.Frequency.VERY_COMMON, Risk.Frequency.COMMON]


def test_a_band_that_does_not_fit_its_figure_is_refused_in_the_admin(make_treatment):
    risk = Risk(treatment=make_treatment(), name="Bruising", description="Bruises.", how_often="About 1 in 2 people.")
    risk.frequency = Risk.Frequency.COMMON
    assert "Very common" in band_problem(risk.frequency, risk.how_often)
    with pytest.raises(Exception, match="Very common"):
        risk.full_clean()
    risk.frequency = Risk.Frequency.NOT_KNOWN
    assert band_problem(risk.frequency, risk.how_often)
    risk.how_often, risk.frequency = "Our sources give no number.", Risk.Frequency.NOT_KNOWN
    risk.full_clean()
