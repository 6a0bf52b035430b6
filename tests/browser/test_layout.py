import pytest

from tests.helpers import FORM_URL, PRIVACY_URL, TREATMENTS_URL

pytestmark = pytest.mark.django_db(transaction=True)

# Paths, or the factory-built "treatment" page (see Site.url).
PAGES = [
    "/",
    TREATMENTS_URL,
    "treatment",
    "condition",
    "compare",
    FORM_URL,
    PRIVACY_URL,
    "/search/?q=procedure",
    "/specialists/",
    "/visit/",
    "/costs/",
]
# A word wider than any phone, shown back to the visitor ("We found no pages with ..."): it must wrap.
LONG_WORD_SEARCH = "/search/?q=" + "x" * 150


@pytest.mark.parametrize("width", [320, 360])
@pytest.mark.parametrize("path", [*PAGES, LONG_WORD_SEARCH])
def test_no_sideways_scrolling_on_small_screens(browser, site, path, width):
    """320 CSS pixels is also what a 640-pixel window shows at 200% zoom."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(site.url(path))
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0


def test_body_text_is_at_least_18px_on_phones(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(site.url("treatment"))
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('#what-it-is p')).fontSize)")
    context.close()
    assert size >= 18


def test_pages_have_no_inline_scripts_or_style_attributes(page, site):
    for path in PAGES:
        page.goto(site.url(path))
        inline_scripts = page.locator("script:not([src]):not([type='application/ld+json'])").count()
        styled = page.locator("[style]").count()
        assert (path, inline_scripts, styled) == (path, 0, 0)


HEADER_LINKS = ["Search", "Treatments", "Call", "Request a consultation"]


@pytest.mark.parametrize("path", PAGES)
def test_on_a_phone_the_header_takes_at_most_120px(browser, site, path):
    """At 390x844 the header leaves the first screen to the page: the name, search, treatments, call, consult."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(site.url(path))
        height = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
        header = page.locator(".site-header")
        visible = [header.get_by_role("link", name=name).first.is_visible() for name in HEADER_LINKS]
    finally:
        context.close()
    assert height <= 120
    assert all(visible) or path == "/search/?q=procedure"  # The search page is itself the search.
