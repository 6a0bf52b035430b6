"""The option grid in a browser: two options side by side on a phone, with or without JavaScript; rows that line up
on a desktop; no axe violations; and a printed grid that fits a portrait A4 (and so Letter) page."""

import pytest

from tests.factories import TreatmentFactory
from treatments.models import OutcomeFigure, OutcomeMeasure
from treatments.models.procedures import Reference
from treatments.procedures.structure import GRID

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
# A4 portrait is 210 mm wide; the print stylesheet's margins are 14 mm each side: 182 mm at 96 px per inch.
A4_CONTENT_WIDTH_PX = round((210 - 2 * 14) / 25.4 * 96)


@pytest.fixture
def grid_site(live_server, clinic, condition):
    """A condition with four options, each with every short answer, three risks and a figure on one measure."""
    source = Reference.objects.create(title="A trial", publisher="A journal", year=2011, url="https://doi.org/10.1/t")
    measure = OutcomeMeasure.objects.create(
        row="works",
        counted="had no leak left in the main vein",
        unit="legs",
        period="1 year later",
        population="Legs with a leaking main vein.",
        source=source,
        certainty="moderate",
        certainty_reason="One randomised trial.",
    )
    measure.conditions.add(condition)
    options = []
    for position, title in enumerate(
        [
            "Endovenous laser ablation",
            "Ultrasound-guided sclerotherapy",
            "Vein surgery",
            "Waiting and watching",
        ],
        1,
    ):
        words = "A short answer of about twenty words, as staff write them for the grid, to read at a glance."
        treatment = TreatmentFactory(title=title, rows=3, **{part.field: words for part in GRID})
        treatment.conditions.add(condition, through_defaults={"position": position})
        OutcomeFigure.objects.create(measure=measure, treatment=treatment, count=90 - 10 * position)
        options.append(treatment)
    return live_server.url + f"{condition.get_absolute_url()}compare/", options


def choose_two_with_the_form(page, address, options):
    page.goto(address)
    for option in options[:2]:
        page.check(f"#choose-{option.slug}")
    page.click("text=Show my comparison")
    page.wait_for_load_state()


def column_boxes(page):
    """Where the first question's answers are, one per option, read at once (the page may be scrolling to the grid)."""
    return page.evaluate(
        """[...document.querySelectorAll('.grid-question:first-of-type td')].map(cell => {
            const box = cell.getBoundingClientRect();
            return {x: box.x, y: box.y, width: box.width};
        })"""
    )


@pytest.mark.parametrize("javascript", [True, False])
def test_two_chosen_options_sit_side_by_side_on_a_phone(browser, grid_site, javascript):
    address, options = grid_site
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    try:
        page = context.new_page()
        choose_two_with_the_form(page, address, options)
        assert f"option={options[0].slug}" in page.url and f"option={options[1].slug}" in page.url
        first, second = column_boxes(page)
        assert first["y"] == second["y"]  # One row of columns...
        assert first["x"] + first["width"] <= second["x"]  # ...next to each other...
        assert second["x"] + second["width"] <= PHONE["width"]  # ...both on the screen.
        cells = page.query_selector_all('.grid-question td[headers^="option-"]')
        assert len(cells) == 2 * len(GRID)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


def test_more_options_than_fit_are_read_question_by_question_on_a_phone(browser, grid_site):
    address, options = grid_site
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(address)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        names = page.query_selector_all(".grid-question .cell-option")
        assert names[0].is_visible() and names[0].inner_text() == options[0].title
    finally:
        context.close()


def test_on_a_desktop_every_rows_cells_share_one_top_edge(page, grid_site):
    address, options = grid_site
    page.goto(address)
    tops = page.evaluate(
        """[...document.querySelectorAll('.grid-question tr:last-child')].map(
            row => [...row.querySelectorAll('td')].map(cell => cell.getBoundingClientRect().top))"""
    )
    assert len(tops) == len(GRID)
    assert all(len(row) == len(options) and len(set(row)) == 1 for row in tops)


def test_the_chosen_comparison_and_the_summary_have_no_axe_violations(browser, grid_site, assert_no_axe_violations):
    address, options = grid_site
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        choose_two_with_the_form(page, address, options)
        page.check("#priority-fewest-visits")
        page.click("text=Show my comparison")
        page.wait_for_load_state()
        assert_no_axe_violations(page)
        page.click("text=My summary: print it or bring it")
        page.wait_for_load_state()
        assert "My summary" in page.title()
        assert_no_axe_violations(page)
    finally:
        context.close()


@pytest.mark.parametrize("chosen", [2, 4])
def test_the_printed_grid_fits_a_portrait_a4_page(browser, grid_site, chosen):
    address, options = grid_site
    query = "&".join(f"option={option.slug}" for option in options[:chosen])
    context = browser.new_context(viewport={"width": A4_CONTENT_WIDTH_PX, "height": 1000})
    try:
        page = context.new_page()
        page.emulate_media(media="print")
        page.goto(f"{address}?{query}")
        grid = page.query_selector(".option-grid")
        assert grid.evaluate("table => table.scrollWidth <= table.clientWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= A4_CONTENT_WIDTH_PX
        assert page.query_selector(".print-masthead").is_visible()
        assert not page.query_selector(".compare-choices").is_visible()
        assert page.pdf(format="A4")[:4] == b"%PDF"
    finally:
        context.close()
