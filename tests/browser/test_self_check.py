"""'Is this right for me?' in a browser: in place with JavaScript, posted without, by keyboard, and accessible."""

import pytest
from playwright.sync_api import expect

from treatments.procedures.self_check import GUIDANCE, URGENT_QUESTION

pytestmark = pytest.mark.django_db(transaction=True)

GET_HELP, MENTION, FITS, CONSULTATION = (guidance.heading for guidance in GUIDANCE)
SUBMIT = "See what my answers mean"
NOT_SURE = "I don't know / not scanned yet"


def answer(page, question, value):
    page.get_by_role("group", name=question, exact=True).get_by_label(value, exact=True).check()


def first_reason_not_to(site):
    return site.treatment.reasons_not_to.first().statement


def answer_set(site, name):
    """(answers as (question, Yes/No) pairs, the outcome's heading) for each kind of outcome."""
    reason = first_reason_not_to(site)
    suits = [(row.statement, "Yes") for row in site.treatment.candidates.all()]
    return {
        "urgent": ([(URGENT_QUESTION, "Yes"), (reason, "Yes")], GET_HELP),
        "not-suitable": ([(URGENT_QUESTION, "No"), (reason, "Yes")], MENTION),
        "all-suits-me": ([(URGENT_QUESTION, "No"), *suits], FITS),
        "neither": ([(URGENT_QUESTION, "No"), (reason, "No")], CONSULTATION),
        "not-sure": ([(URGENT_QUESTION, NOT_SURE), *suits[:-1], (suits[-1][0], NOT_SURE)], CONSULTATION),
        "nothing": ([], CONSULTATION),
    }[name]


def outcome_text(page, heading):
    region = page.get_by_role("region", name=heading)
    expect(region).to_be_visible()
    expect(region).to_be_focused()
    return " ".join(region.inner_text().split())


def test_with_javascript_the_outcome_appears_in_place_and_nothing_is_sent_or_kept(page, site):
    # Every request of the page itself is over before we start counting; its icon, which the browser may fetch
    # late on a busy machine, is the page's own, not something the self-check sends.
    page.goto(site.url("treatment"), wait_until="networkidle")
    address = page.url
    requests = []
    page.on("request", lambda request: None if request.url.endswith("/favicon.svg") else requests.append(request.url))
    answers, heading = answer_set(site, "not-suitable")
    for question, value in answers:
        answer(page, question, value)
    page.get_by_role("button", name=SUBMIT).click()

    shown = outcome_text(page, heading)
    assert first_reason_not_to(site) in shown
    assert "Questions you did not answer: 5 of 7." in shown
    assert page.url == address
    assert requests == []
    assert page.evaluate("localStorage.length + sessionStorage.length + document.cookie.length") == 0
    assert page.context.cookies() == []


@pytest.mark.parametrize("kind", ["urgent", "not-suitable", "all-suits-me", "neither", "not-sure", "nothing"])
def test_without_javascript_the_form_posts_and_says_what_the_script_says(browser, page, site, kind):
    """The script builds its outcome from the page's copies of the server's: the same words, whichever runs."""
    answers, heading = answer_set(site, kind)
    page.goto(site.url("treatment"))
    for question, value in answers:
        answer(page, question, value)
    page.get_by_role("button", name=SUBMIT).click()
    in_place = outcome_text(page, heading)

    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    plain = context.new_page()
    plain.goto(site.url("treatment"))
    for question, value in answers:
        answer(plain, question, value)
    plain.get_by_role("button", name=SUBMIT).click()
    plain.wait_for_url("**/self-check/#self-check-outcome")
    posted = outcome_text(plain, heading)
    kept = [
        plain.get_by_role("group", name=question, exact=True).get_by_label(value, exact=True).is_checked()
        for question, value in answers
    ]
    cookies = context.cookies()
    context.close()
    assert posted == in_place
    assert all(kept)
    assert cookies == []


def test_keyboard_alone_answers_and_reaches_the_outcome(page, site):
    page.goto(site.url("treatment"))
    page.get_by_role("group", name=URGENT_QUESTION).get_by_label("No", exact=True).focus()
    page.keyboard.press("ArrowUp")  # Arrow keys move within a question's answers, and choose.
    assert page.get_by_role("group", name=URGENT_QUESTION).get_by_label("Yes", exact=True).is_checked()
    for _ in range(20):
        page.keyboard.press("Tab")  # One stop per question, then the button.
        if page.evaluate("document.activeElement.type") == "submit":
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("region", name=GET_HELP)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Call 911")).to_be_focused()


@pytest.mark.parametrize("kind", ["urgent", "not-suitable", "all-suits-me", "not-sure"])
def test_page_with_the_outcome_shown_has_no_axe_violations(page, site, assert_no_axe_violations, kind):
    answers, heading = answer_set(site, kind)
    page.goto(site.url("treatment"))
    for question, value in answers:
        answer(page, question, value)
    page.get_by_role("button", name=SUBMIT).click()
    expect(page.get_by_role("region", name=heading)).to_be_visible()
    assert_no_axe_violations(page)


def test_posted_outcome_page_has_no_axe_violations_and_fits_a_phone(browser, site, assert_no_axe_violations):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(site.url("treatment"))
    answer(page, URGENT_QUESTION, "Yes")
    answer(page, first_reason_not_to(site), "Yes")
    # form.submit() posts as a browser without the script would: it skips the script's submit handler.
    with page.expect_navigation():
        page.evaluate("document.querySelector('[data-self-check-form]').submit()")
    expect(page.get_by_role("region", name=GET_HELP)).to_be_focused()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    inline = page.locator("script:not([src]):not([type='application/ld+json']), [style]").count()
    try:
        assert_no_axe_violations(page)
    finally:
        context.close()
    assert (max(overflow, 0), inline) == (0, 0)
