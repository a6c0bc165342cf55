"""Journeys: each visitor's route through the calculator, driven as a person
would on a 360 px phone and a 1280 px desktop, in light and dark, with the
exact answer asserted.

Typing is real typing (key by key, ``press_sequentially``), choices are clicks
on radio buttons and options, dates are written the way the visitor writes
them. Every journey leaves a screenshot of its answer under
``test-screenshots/journeys/`` (ignored by git) to look at.

The expected answers are worked by hand from the INfancy Onward booklet
(shared/seeds/001_…): IFS registration $25 + processing $50, individual
membership $50 a year, agency $225 for five + $45 per additional staff; the
2024/2027/2030 renewal cycle with 45 training hours and 36 RSC hours for three
years endorsed.
"""

from __future__ import annotations

import pytest
from browser_helpers import ROOT, Calculator, format_violations, run_axe

SHOTS = ROOT / "test-screenshots" / "journeys"
SLUG = "infancy-onward"
VIEWS = [(360, "light"), (360, "dark"), (1280, "light"), (1280, "dark")]
# Each journey works the renewal out for this date (typed in "Work it out for
# another date"), so that its answer does not depend on the day the tests run.
AS_OF = "12/04/2026"


@pytest.fixture(scope="module", params=VIEWS, ids=[f"{w}px-{s}" for w, s in VIEWS])
def view(request, new_context, base_url):
    width, scheme = request.param
    ctx = new_context(viewport={"width": width, "height": 780 if width < 600 else 900},
                      color_scheme=scheme, is_mobile=width < 600, has_touch=width < 600)
    calc = Calculator(ctx.new_page(), base_url, SLUG).open()
    yield calc, f"{width}-{scheme}"
    ctx.close()


@pytest.fixture(scope="module")
def phone(new_context, base_url):
    """A phone alone, for the cases that repeat one journey many times."""
    ctx = new_context(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True)
    yield Calculator(ctx.new_page(), base_url, SLUG).open(), "360-light"
    ctx.close()


def start(calc: Calculator, fragment: str = "") -> None:
    """A fresh visit: the page as a visitor first sees it (from another page,
    so that a fragment-only change of address is still a new page load)."""
    calc.page.goto("about:blank")
    calc.open(fragment)


def choose(calc: Calculator, name: str, value: str) -> None:
    """Click a radio button or pick an option, as a person does."""
    control = calc.page.locator(f'#calc-form [name="{name}"][value="{value}"]')
    if control.count():
        control.scroll_into_view_if_needed()
        calc.page.locator(f'label[for="{control.get_attribute("id")}"]').click()
    else:
        select = calc.page.locator(f'#calc-form select[name="{name}"]')
        select.scroll_into_view_if_needed()
        select.select_option(value=value)


def tick(calc: Calculator, name: str, value: str = "yes") -> None:
    box = calc.page.locator(f'#calc-form [name="{name}"][value="{value}"]')
    box.scroll_into_view_if_needed()
    calc.page.locator(f'label[for="{box.get_attribute("id")}"]').click()


def type_in(calc: Calculator, name: str, text: str) -> None:
    """Click the field and type the text key by key."""
    field = calc.page.locator(f'#calc-form [name="{name}"]')
    opener = field.evaluate("el => { const d = el.closest('details');"
                            " return d && !d.open ? d.id : null; }")
    if opener:
        calc.page.locator(f"details#{opener} > summary").click()
    field.scroll_into_view_if_needed()
    field.click()
    field.press_sequentially(text, delay=15)


def headline(calc: Calculator) -> str:
    calc.wait_answer()
    return calc.page.locator("#calc-headline-text").inner_text().strip()


def shot(calc: Calculator, tag: str, journey: str) -> None:
    """The journey's last state: a picture to look at, and axe's verdict on
    it (every route and state is checked for accessibility where it ends)."""
    violations = run_axe(calc.page)
    assert not violations, format_violations(f"{journey} ({tag})", violations)
    SHOTS.mkdir(parents=True, exist_ok=True)
    calc.page.screenshot(path=str(SHOTS / f"{journey}-{tag}.png"), full_page=True)
    calc.page.locator("#calc-result").screenshot(path=str(SHOTS / f"{journey}-{tag}-answer.png"))


def visible_result(calc: Calculator) -> str:
    return calc.page.locator("#calc-result").inner_text()


def test_home_visitor_with_a_bachelors_degree_choosing_prevention(view):
    calc, tag = view
    start(calc)
    # Before the focus of work is answered, no single guess: each focus with
    # its closest category, the home visitor's among the examples.
    assert headline(calc) == "Choose your focus of work"
    depends = calc.page.locator(".calc-depends").inner_text()
    assert "home visitors" in depends
    assert "Infant Family Specialist (IFS)" in depends
    choose(calc, "age_focus", "infant")
    choose(calc, "education", "bachelor")
    choose(calc, "scope", "prevention")
    # The Family Specialist asks no degree: the question folds away (once the
    # answer to the focus is in), kept.
    calc.page.locator("#f-education").wait_for(state="hidden", timeout=30000)
    type_in(calc, "work_years", "3")
    type_in(calc, "families_served", "12")
    type_in(calc, "training_hours", "40")
    type_in(calc, "references", "3")
    type_in(calc, "rsc_hours", "10")
    # The complete cost: the required membership is included until the
    # visitor says they already hold one.
    assert headline(calc) == ("Infant Family Specialist (IFS) · 1 requirement missing · "
                              "Fees $125, including $50 membership")
    result = visible_result(calc)
    assert "You have 10 of the 24 hours: 14 more to go." in result
    assert "Written exam: not required for this category." in result
    assert "Individual membership, 1 year" in result
    if tag.startswith("1280"):
        # Desktop: the details scroll under the headline, which stays in view.
        box = calc.page.evaluate("""() => {
          const panel = document.getElementById("calc-result");
          panel.scrollTop = panel.scrollHeight;
          const head = document.getElementById("calc-headline").getBoundingClientRect();
          return { top: head.top, bottom: head.bottom, height: innerHeight,
                   scrolled: panel.scrollTop };
        }""")
        assert box["scrolled"] > 0, "the answer should be longer than the screen here"
        assert box["top"] >= 0 and box["bottom"] <= box["height"], box
    shot(calc, tag, "home-visitor")


def test_licensed_clinician_who_is_already_a_member(view):
    calc, tag = view
    start(calc)
    choose(calc, "age_focus", "infant")
    choose(calc, "scope", "clinical")
    choose(calc, "education", "master")
    choose(calc, "licensed", "yes")
    type_in(calc, "post_graduate_work_years", "3")
    type_in(calc, "training_hours", "40")
    type_in(calc, "references", "3")
    type_in(calc, "rsc_hours", "60")
    choose(calc, "membership", "")
    assert headline(calc) == "Infant Mental Health Specialist (IMHS) · You qualify · Fees $75"
    result = visible_result(calc)
    assert "You qualify for Infant Mental Health Specialist (IMHS) today." in result
    assert "Membership is required: this total assumes you already hold one." in result
    assert "Written exam: not required for this category." in result
    assert calc.page.locator("#calc-apply-now").is_visible()
    shot(calc, tag, "clinician-member")


def test_first_time_applicant_who_is_already_a_member(view):
    calc, tag = view
    start(calc)
    choose(calc, "age_focus", "early_childhood")
    choose(calc, "scope", "promotion")
    choose(calc, "education", "associate")
    type_in(calc, "work_years", "2")
    type_in(calc, "training_hours", "33")
    type_in(calc, "references", "3")
    assert headline(calc) == ("Early Childhood Family Associate (ECFA) · You qualify · "
                              "Fees $90, including $50 membership")
    choose(calc, "membership", "")
    assert headline(calc) == "Early Childhood Family Associate (ECFA) · You qualify · Fees $40"
    shot(calc, tag, "member-applicant")


def test_endorsee_of_2023_in_a_category_that_needs_rsc(view):
    calc, tag = view
    start(calc)
    choose(calc, "route", "renew")
    # The applicant questions are gone: the renewal never reads them.
    assert not calc.page.locator('#calc-form [name="scope"]').first.is_visible()
    choose(calc, "renewal.category", "IFS")
    type_in(calc, "endorsed_on", "06/15/2023")
    type_in(calc, "logged.training_attended", "20")
    type_in(calc, "logged.rsc_hours", "10")
    type_in(calc, "as_of", AS_OF)
    assert headline(calc) == ("Renew by December 31, 2027 · Still needed: 25 training hours, "
                              "26 hours of RSC · No renewal fee")
    result = visible_result(calc)
    assert "By the deadline you will have been endorsed 4 years" in result
    # Nothing said about the 2024 deadline: taken as met, and said so.
    assert "This assumes you renewed by December 31, 2024." in result
    assert "You do not qualify" not in result
    # What to do next: the renewal's steps, not the steps to apply.
    assert calc.page.locator("#calc-next-renew").is_visible()
    assert not calc.page.locator("#calc-next").is_visible()
    assert "attesting" in calc.page.locator("#calc-next-renew").inner_text()
    assert "#route=renew" in calc.page.url
    shot(calc, tag, "endorsee-2023")


def test_renewal_without_a_category_does_not_guess_one(view):
    """The bug of round 2: an empty applicant form made the page answer for a
    Family Associate ("No RSC hours")."""
    calc, tag = view
    start(calc, "#route=renew")
    type_in(calc, "endorsed_on", "June 15, 2023")
    type_in(calc, "logged.rsc_hours", "10")
    type_in(calc, "as_of", AS_OF)
    text = headline(calc)
    assert "RSC depends on your category" in text
    result = visible_result(calc)
    assert "No RSC hours" not in result
    assert "26 hours of RSC if your category requires RSC." in result
    assert calc.result()["renewal"]["rsc_required"] is None
    shot(calc, tag, "renewal-no-category")


def test_endorsee_whose_endorsement_has_lapsed(view):
    calc, tag = view
    start(calc, "#route=renew")
    choose(calc, "renewal.category", "IMHS")
    type_in(calc, "endorsed_on", "03/01/2020")
    type_in(calc, "last_renewed", "2021")
    type_in(calc, "as_of", AS_OF)
    assert headline(calc) == ("Endorsement lapsed · Reinstatement: ask the association what "
                              "it costs")
    assert "ask the association how (Endorsement@infancyonward.org)" in visible_result(calc)
    assert "Still to log" not in visible_result(calc)
    assert "Your Endorsement® has lapsed: its renewal deadline was December 31, 2024." in \
        visible_result(calc)
    shot(calc, tag, "lapsed")


def test_agency_with_staff_in_two_categories(view):
    calc, tag = view
    start(calc)
    choose(calc, "route", "agency")
    type_in(calc, "agency.applications.family_specialist", "4")
    type_in(calc, "agency.applications.family_associate", "3")
    # 4 × ($25 + $50) + 3 × ($15 + $25) + $225 for five + 2 × $45 = $735
    assert headline(calc) == "7 staff members apply: total $735, including $315 membership"
    result = visible_result(calc)
    assert "Family Specialist: processing fee, 4 × $50" in result
    assert "Additional staff, 2 × $45" in result
    type_in(calc, "agency.staff", "4")
    calc.wait_answer()
    assert "at least the 7 staff applying" in calc.page.locator("#e-agency-staff").inner_text()
    shot(calc, tag, "agency")


@pytest.mark.parametrize("typed", ["06/15/2023", "6/15/2023", "6/15/23", "2023-06-15",
                                   "June 15 2023", "20230615", "2023/06/15"])
def test_dates_as_people_type_them_give_the_same_answer(phone, typed):
    calc, _ = phone
    if not calc.page.locator('#calc-form [name="route"][value="renew"]').is_checked():
        start(calc, "#route=renew")
        choose(calc, "renewal.category", "IFS")
        type_in(calc, "as_of", AS_OF)
    field = calc.page.locator('#calc-form [name="endorsed_on"]')
    field.fill("")
    type_in(calc, "endorsed_on", typed)
    calc.wait_answer()
    renewal = calc.result()["renewal"]
    assert renewal is not None, calc.result()["errors"]
    assert renewal["endorsed_on"] == "2023-06-15"
    assert renewal["deadline"] == "2027-12-31"


def test_a_wrong_date_is_marked_and_summarised(view):
    calc, tag = view
    start(calc, "#route=renew")
    type_in(calc, "endorsed_on", "02/30/2023")
    calc.wait_answer()
    field = calc.page.locator("#f-endorsed_on")
    assert field.get_attribute("aria-invalid") == "true"
    assert "February 30, 2023 is not a real calendar date" in calc.error_for("endorsed_on")
    assert "calc-field-error" in field.evaluate("el => el.closest('.calc-field').className")
    summary = calc.page.locator("#calc-error-summary")
    assert summary.is_visible()
    link = summary.locator('a[href="#f-endorsed_on"]')
    assert "not a real calendar date" in link.inner_text()
    link.click()
    assert calc.page.evaluate("() => document.activeElement.id") == "f-endorsed_on"
    shot(calc, tag, "date-error")


def test_information_pages_open_their_route(view, base_url):
    calc, _ = view
    page = calc.page
    page.goto(f"{base_url}{SLUG}/renewal.html")
    page.get_by_role("link", name="Work out your renewal").click()
    page.wait_for_url("**/calculator.html#route=renew")
    calc.wait_answer(120)
    assert page.locator('#calc-form [name="route"][value="renew"]').is_checked()
    assert page.locator("#f-endorsed_on").is_visible()
    page.goto(f"{base_url}{SLUG}/categories/family_specialist.html")
    page.get_by_role("link", name="Check whether you qualify for the Family Specialist").click()
    page.wait_for_url("**/calculator.html#route=apply&category=family_specialist")
    calc.wait_answer(120)
    assert page.locator("#f-category").input_value() == "family_specialist"
    assert calc.result()["fees"]["lines"][0]["reference"].endswith("IFS/ECFS")
