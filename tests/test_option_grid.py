"""The compare page's option grid: a row per question patients ask, a short answer per option, the same measure for
every option's figures (in words, numbers and an icon array), risks out of 1,000, and the patient's own choices."""

import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import TreatmentFactory
from treatments.models import OutcomeFigure, OutcomeMeasure, Treatment
from treatments.models.procedures import Reference
from treatments.procedures.comparison import MAX_SIDE_BY_SIDE, PRIORITIES, per_thousand
from treatments.procedures.icon_array import icon_array
from treatments.procedures.structure import GRID, GRID_ANCHORS

pytestmark = pytest.mark.django_db


@pytest.fixture
def options(condition, clinic):
    """Four published options in guidance order, each with its own short answers and three risks."""
    made = []
    for position, title in enumerate(["Laser closure", "Foam injections", "Vein surgery", "Waiting"], 1):
        answers = {part.field: f"{title}: answer to {part.question}" for part in GRID}
        treatment = TreatmentFactory(title=title, clinic_price="$900 per leg" if position == 1 else "", **answers)
        treatment.conditions.add(condition, through_defaults={"position": position})
        treatment.risks.create(
            name=f"{title} bruising",
            description="Bruises.",
            frequency="very_common",
            how_often="About 24 in 100 people.",
            position=1,
        )
        treatment.risks.create(
            name=f"{title} clot",
            description="A clot.",
            frequency="uncommon",
            how_often="About 3 in 1,000 people.",
            position=2,
        )
        treatment.risks.create(name=f"{title} rare thing", description="Rare.", frequency="not_known", position=3)
        made.append(treatment)
    return made


@pytest.fixture
def measure(condition, options):
    source = Reference.objects.create(
        title="A four-arm trial", publisher="A journal", year=2011, url="https://doi.org/10.1000/trial"
    )
    measure = OutcomeMeasure.objects.create(
        row=OutcomeMeasure.Row.WORKS,
        counted="had no leak left in the main vein",
        unit="legs",
        period="1 year later",
        population="Legs with a leaking main vein, in a trial of 500 people.",
        source=source,
        certainty=OutcomeMeasure.Certainty.MODERATE,
        certainty_reason="One randomised trial.",
    )
    measure.conditions.add(condition)
    for option, count in zip(options[:3], [94, 84, 95], strict=True):
        OutcomeFigure.objects.create(measure=measure, treatment=option, count=count)
    OutcomeFigure.objects.create(measure=measure, treatment=options[3], note="Without treatment, the leak stays.")
    return measure


def get(client, condition, query="", path="compare/"):
    response = client.get(f"{condition.get_absolute_url()}{path}{query}")
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def grid_of(page):
    return page[page.index('<table class="option-grid') : page.index("</table>")]


def test_every_question_is_a_row_and_every_option_a_column_with_its_short_answer(client, condition, options):
    grid = grid_of(get(client, condition))
    questions = [grid.index(f'id="question-{part.field}"') for part in GRID]
    assert questions == sorted(questions)  # In the order patients ask, as structure.GRID declares it.
    assert [part.question for part in GRID][:3] == ["What is it?", "Needles, heat or cuts?", "Does it hurt?"]
    for option in options:
        assert grid.count(f'headers="option-{option.slug} ') == len(GRID)
        for part in GRID:
            assert f"{option.title}: answer to {part.question}" in grid.replace("&#x27;", "'")
            assert f'href="{option.get_absolute_url()}#{GRID_ANCHORS[part.field]}"' in grid


def test_each_answer_links_to_the_section_that_holds_it_on_the_procedure_page(client, options):
    page = client.get(options[0].get_absolute_url()).content.decode()
    for part in GRID:
        assert f'<section id="{GRID_ANCHORS[part.field]}"' in page
        assert f"answer to {part.question}" not in page.replace("&#x27;", "'")  # Shown on the compare page only.


def test_an_empty_answer_says_to_ask_and_the_clinics_own_protocol_shows_beside_its_row(client, condition, options):
    options[1].short_pain = ""
    options[1].save()
    grid = grid_of(get(client, condition))
    assert "Ask us at your consultation." in grid
    assert "<strong>At our clinic:</strong> $900 per leg" in grid
    assert "<strong>At our clinic:</strong> we have not filled this in yet. Ask us." in grid


def test_figures_state_population_period_and_denominator_and_the_icon_arrays_match(client, condition, measure):
    grid = grid_of(get(client, condition))
    header = grid[grid.index('id="question-short_results"') :].split("</th>", 1)[0]
    assert "Out of 100 legs treated, how many had no leak left in the main vein 1 year later?" in header
    assert "Who: Legs with a leaking main vein, in a trial of 500 people." in header
    assert "How sure: We are fairly sure. One randomised trial." in header
    assert 'href="https://doi.org/10.1000/trial"' in header
    arrays = re.findall(
        r'<svg class="icon-array"[^>]*aria-label="([^"]*)"[^>]*data-marked="(\d+)" data-out-of="(\d+)"'
        r".*?</svg>",
        grid,
        re.DOTALL,
    )
    assert [int(marked) for _, marked, _ in arrays] == [94, 84, 95]
    for label, marked, out_of in arrays:
        assert f"{marked} out of {out_of} legs had no leak left in the main vein 1 year later." in label
    for svg in re.findall(r'<svg class="icon-array".*?</svg>', grid, re.DOTALL):
        marked = int(re.search(r'data-marked="(\d+)"', svg).group(1))
        assert svg.count('class="marked"') == marked and svg.count("<circle") == 100
    assert "<strong>Nearly all:</strong> 94 out of 100 legs" in grid
    assert "<strong>Most:</strong> 84 out of 100 legs" in grid
    assert "<strong>No comparable figure.</strong> Without treatment, the leak stays." in grid


def test_an_option_without_a_figure_row_says_none_is_given_and_go_live_lists_it(client, condition, measure, options):
    OutcomeFigure.objects.filter(treatment=options[3]).delete()
    assert "No comparable figure.</strong> No figure given yet." in grid_of(get(client, condition))
    from treatments.go_live import problems

    assert f"Outcome measure '{measure}': give '{options[3]}' a figure, or say why it has none." in problems()


def test_a_figure_from_another_study_says_so(client, condition, measure, options):
    other = Reference.objects.create(title="A glue trial", publisher="J", year=2017, url="https://doi.org/10.1/glue")
    OutcomeFigure.objects.filter(treatment=options[2]).update(source=other, note="Glue was not in that trial.")
    assert "From another study: Glue was not in that trial." in grid_of(get(client, condition))


def test_risks_share_one_denominator_across_options(client, condition, options):
    grid = grid_of(get(client, condition))
    row = grid[grid.index('id="question-short_risks"') :].split("</tbody>", 1)[0]
    figures = re.findall(r"<li>[^<]*: <strong>([^<]*)</strong>", row)
    assert len(figures) == 3 * len(options)
    assert all(figure.endswith("in 1,000") or figure == "No figure known" for figure in figures)
    assert "Laser closure bruising: <strong>About 240 in 1,000</strong> (very common)" in row


@pytest.mark.parametrize(
    "how_often, shown",
    [
        ("About 1 in 25 people.", "About 40 in 1,000"),
        ("1 to 10 in 100 people.", "10 to 100 in 1,000"),
        ("Fewer than 1 in 10,000 people.", "Fewer than 1 in 1,000"),
        ("6.73% of legs.", "About 67 in 1,000"),
        ("No study gives a number.", "No figure known"),
    ],
)
def test_a_risk_figure_is_restated_out_of_1000(how_often, shown):
    assert per_thousand(how_often) == shown


def test_an_icon_array_refuses_what_it_cannot_draw():
    with pytest.raises(ValueError):
        icon_array(101, 100, "too many")
    assert icon_array(3, 1000, "3 in 1,000").count("<circle") == 1000


def test_chosen_options_are_the_only_columns_and_stay_side_by_side(client, condition, options):
    query = f"?option={options[2].slug}&option={options[0].slug}"
    grid = grid_of(get(client, condition, query))
    assert "option-grid--side-by-side" in grid
    heads = re.findall(r'<th scope="col" id="option-([\w-]+)"', grid)
    assert heads == [options[0].slug, options[2].slug]  # Still in guidance order, not the order chosen.


def test_all_options_when_fewer_than_two_are_chosen_or_the_names_are_unknown(client, condition, options):
    for query in ("", f"?option={options[0].slug}", "?option=no-such-page&option=another"):
        grid = grid_of(get(client, condition, query))
        assert len(re.findall(r'<th scope="col"', grid)) == len(options)
        assert "option-grid--many" in grid  # Four is more than fit side by side on a phone.


def test_choosing_more_than_fit_side_by_side_says_so(client, condition, options):
    query = "?" + "&".join(f"option={option.slug}" for option in options)
    page = get(client, condition, query)
    assert len(options) > MAX_SIDE_BY_SIDE
    assert "up to 3 fit side by side" in page


def test_the_choices_form_works_without_javascript_and_keeps_what_was_chosen(client, condition, options):
    page = get(client, condition, f"?option={options[1].slug}&priority=fewest-visits")
    form = page[page.index('class="compare-choices') :].split("</form>", 1)[0]
    assert "<script src" not in page  # Nothing here needs a script: a GET form, its choices in the address.
    assert f'value="{options[1].slug}" id="choose-{options[1].slug}" aria-describedby="option-hint" checked' in form
    assert 'value="fewest-visits" id="priority-fewest-visits" aria-describedby="priority-hint" checked' in form
    assert all(f'value="{priority.key}"' in form for priority in PRIORITIES)


def test_priorities_show_each_options_own_words_and_rank_nothing(client, condition, options):
    page = get(client, condition, "?priority=fewest-visits&priority=no-heat")
    fits = page[page.index('id="fits-heading"') : page.index('id="grid-heading"')]
    assert "This is not a ranking" in fits
    positions = [fits.index(f'id="fits-{option.slug}"') for option in options]
    assert positions == sorted(positions)  # Guidance order, whatever was chosen.
    for option in options:
        assert f"{option.title}: answer to How many visits?" in fits
        assert f"{option.title}: answer to Needles, heat or cuts?" in fits
    assert page.index('id="fits-heading"') < page.index('id="grid-heading"')
    assert 'id="fits-heading"' not in get(client, condition)


def test_the_comparison_sets_no_cookie_and_is_kept_per_choice_of_options(client, condition, options):
    first = client.get(f"{condition.get_absolute_url()}compare/?option={options[0].slug}&option={options[1].slug}")
    again = client.get(f"{condition.get_absolute_url()}compare/?option={options[1].slug}&option={options[0].slug}")
    other = client.get(f"{condition.get_absolute_url()}compare/?option={options[0].slug}&option={options[2].slug}")
    assert not first.cookies and not other.cookies
    assert first["Cache-Control"].startswith("public")
    assert again.content == first.content and other.content != first.content
    url = f"{condition.get_absolute_url()}compare/?priority=least-pain"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        with_priority = client.get(url)
    assert with_priority.status_code == HTTPStatus.OK and not with_priority.cookies
    assert len(queries) > 0  # Rendered again, not kept: too many combinations of priorities to keep.


def test_the_grid_answers_are_in_the_admin_form_beside_their_sections_text(admin_client, options):
    page = admin_client.get(f"/admin/treatments/treatment/{options[0].pk}/change/").content.decode()
    for part in GRID:
        assert f'name="{part.field}"' in page
    on_the_day = page[page.index("What to expect on the day") :]
    assert on_the_day.index('name="discomfort"') < on_the_day.index('name="short_pain"')


def test_go_live_lists_a_published_page_with_empty_grid_answers(options):
    from treatments.go_live import problems

    options[0].short_visits = options[0].short_cost = ""
    options[0].save()
    assert (
        f"Published page '{options[0]}': write its compare grid answers to How many visits? / What does it cost, and "
        "does insurance cover it?" in problems()
    )


def test_the_grid_answers_are_searched_kept_in_revisions_and_graded_with_their_section(options):
    from treatments.procedures.readability import page_reading
    from treatments.revisions import compared_fields
    from treatments.search.sources import BODY_FIELDS

    answers = {part.field for part in GRID}
    assert answers <= set(BODY_FIELDS)
    assert answers <= {field.name for field in compared_fields(Treatment)}
    options[0].short_pain = "Numbing shots sting. " + "Afterwards the leg is sore " * 6  # 30 words, one sentence.
    options[0].save()
    reading = page_reading(options[0])
    on_the_day = next(section for section in reading.sections if section.heading == "What to expect on the day")
    assert on_the_day.long_sentences  # The grid answer's long sentence is caught in its own section.


def test_without_an_outcome_measure_the_row_says_it_gives_no_figures(client, condition, options):
    grid = grid_of(get(client, condition))
    for field in ("short_results", "short_recurrence"):
        header = grid[grid.index(f'id="question-{field}"') :].split("</th>", 1)[0]
        assert "measured this in the same way for every option here, so this row gives no figures" in header
    assert 'class="icon-array"' not in grid
    for field in ("short_results", "short_recurrence"):
        row = grid[grid.index(f'id="question-{field}"') :].split("</tbody>", 1)[0]
        assert row.count("<strong>No comparable figure.</strong>") == len(options)  # Every cell says so too.
