"""Black-box web UI in headless Chromium (selenium with Debian's chromium-driver) against the real daemon:
a clinician signs in and completes a C-SSRS screen to `high` with the keyboard alone, the page reaches a
loopback webhook receiver, the clinician writes and activates a safety plan, a supervisor follows the page's
link, acknowledges and resolves. Every page is checked by axe-core (WCAG 2.1 A and AA rules, through
axe-selenium-python) and saved as a screenshot under artifacts/ui/. A forged form (wrong CSRF token) and an
idle session change nothing."""
import base64
import json
import shutil
import sqlite3
import sys
import time

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ONCALL_SECRET, ROOT, Daemon, Receiver, verify_signature

# scripts/setup.sh --test unpacks axe-selenium-python 3.0.0 (axe-core 4.10) here; see the note there.
sys.path.insert(0, str(ROOT / ".build" / "axe-selenium-python-3.0.0"))
from axe_selenium_python import Axe  # noqa: E402

ARTIFACTS = ROOT / "artifacts" / "ui"
PASSWORD = "correct horse battery staple"
IDENTIFIER = "UI-E2E-4471"
IDLE_TIMEOUT = 60  # the smallest ui.idle_timeout crisisd accepts
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PLAN = {
    "warning_signs.0.text": "Not sleeping, pacing at night",
    "internal_coping.0.text": "Walk the dog round the park",
    "social_distraction.0.name": "Sam (neighbour)",
    "social_distraction.0.phone": "555-0101",
    "help_contacts.0.name": "Aunt Rosa",
    "help_contacts.0.phone": "555-0102",
    "environment_safe.0.text": "Rosa keeps my tablets",
    "most_important_thing.0.text": "My daughter and our Sunday mornings",
}


def browser(javascript=True):
    """Headless Chromium from Debian, driven by Debian's chromedriver (no download at run time). The daemon's
    development certificate is self-signed for this run, so certificate errors are accepted for it. Without
    `javascript`, pages run no script of their own (WebDriver's own scripts still run)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    assert chromium and driver_path, "chromium and chromium-driver are missing: scripts/setup.sh --test installs them"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900", "--lang=en-US"):
        options.add_argument(argument)
    options.accept_insecure_certs = True
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    driver.set_page_load_timeout(30)
    return driver


class Pages:
    """Screenshots and the accessibility check for every page a test visits."""

    def __init__(self, prefix="", axe=True):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.axe = axe
        self.checked = []

    def check(self, driver, name):
        """axe-core with the WCAG 2.1 A/AA rules must find nothing; the full page is saved as a PNG. (axe-core
        needs the page's own timers, so in a browser without JavaScript only the screenshot is taken; the same
        pages are checked with JavaScript on.)"""
        name = f"{self.prefix}{len(self.checked) + 1:02d}-{name}"
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
        (ARTIFACTS / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))
        self.checked.append(name)
        if not self.axe:
            return
        axe = Axe(driver)
        axe.inject()
        results = axe.run(options=json.dumps({"runOnly": {"type": "tag", "values": AXE_TAGS}}))
        violations = [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
                      for v in results["violations"]]
        (ARTIFACTS / f"{name}.axe.json").write_text(json.dumps(violations, indent=2))
        assert violations == [], f"{name}: {violations}"
        assert results["passes"], "axe ran no rules"
        assert results["testEngine"]["version"].startswith("4."), results["testEngine"]


def tab_to(driver, element_id, limit=80):
    """Presses Tab until the element has focus, and checks that the focus is visible (an outline)."""
    for _ in range(limit):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        active = driver.switch_to.active_element
        if active.get_attribute("id") == element_id:
            style = driver.execute_script(
                "const s = getComputedStyle(arguments[0]); return [s.outlineStyle, s.outlineWidth];", active)
            assert style[0] != "none" and style[1] != "0px", f"focus on #{element_id} is not visible: {style}"
            return active
    raise AssertionError(f"#{element_id} cannot be reached with the Tab key")


def press(driver, *sequence):
    ActionChains(driver).send_keys(*sequence).perform()


def navigates(driver, action):
    """Runs `action` (a click, Enter on a form) and waits until the next page has replaced this one and has
    loaded. A marker set on this page's window is gone on the next; while the page changes, chromedriver can
    answer any query with an error, so errors mean "not yet"."""
    driver.execute_script("window.crisisdPreviousPage = true;")
    action()
    WebDriverWait(driver, 15, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return !window.crisisdPreviousPage && document.readyState === 'complete';"))


def click(driver, element):
    navigates(driver, element.click)


def button(driver, text, within=None):
    return (within or driver).find_element(By.XPATH, f".//button[normalize-space()={json.dumps(text)}]")


def answer_with_keyboard(driver, answers, then):
    """Radio groups: Tab reaches the group (its first button while none is chosen), Space chooses the first
    option, an arrow key moves to and chooses the next. Then Tab to the button `then` and press Enter."""
    for question, value in answers.items():
        tab_to(driver, f"{question}-yes")
        press(driver, Keys.SPACE if value == "yes" else Keys.ARROW_DOWN)
        assert driver.find_element(By.ID, f"{question}-{value}").is_selected()
    submit = driver.find_element(By.CSS_SELECTOR, f"button[value={then}]")
    tab_to(driver, _give_id(driver, submit, then))
    navigates(driver, lambda: press(driver, Keys.ENTER))


def question_numbers(driver):
    """The numbers of the questions on the page, from their legends."""
    return [legend.text.split(".")[0] for legend in driver.find_elements(By.CSS_SELECTOR, "fieldset.question legend")]


def sign_in(driver, daemon, username, pages=None, path="/login"):
    driver.get(f"https://localhost:{daemon.port}{path}")
    if pages:
        pages.check(driver, "sign-in")
    driver.find_element(By.ID, "username").send_keys(username)
    navigates(driver, lambda: driver.find_element(By.ID, "password").send_keys(PASSWORD + Keys.ENTER))


def create_user(daemon, username, role):
    result = daemon.run_cli("user", "create", "--data-dir", str(daemon.data_dir), "--username", username, "--role", role,
                            stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr


def channels_env(oncall_port):
    return {"CRISISD_ONCALL_WEBHOOK_URL": f"http://127.0.0.1:{oncall_port}/hook",
            "CRISISD_ONCALL_WEBHOOK_SECRET": ONCALL_SECRET,
            "CRISISD_UI_IDLE_TIMEOUT": str(IDLE_TIMEOUT)}


@pytest.fixture
def drivers():
    opened = []

    def open_browser(javascript=True):
        opened.append(browser(javascript))
        return opened[-1]

    yield open_browser
    for driver in opened:
        driver.quit()


def test_screen_to_page_to_acknowledgement_and_safety_plan_in_the_browser(data_dir, drivers):
    pages = Pages()
    with Receiver() as oncall:
        daemon = Daemon(data_dir, env=channels_env(oncall.port)).start()
        try:
            for username, role in [("rivera", "clinician"), ("chen", "supervisor"), ("okafor", "supervisor")]:
                create_user(daemon, username, role)
            # A second supervisor signs in and leaves the board open, untouched: its list updates itself, and the
            # session still ends when idle (the automatic refresh is not activity).
            idle = drivers()
            sign_in(idle, daemon, "okafor")
            assert idle.current_url.endswith("/board")
            idle_since = time.monotonic()
            assert idle.find_element(By.ID, "refresh-control").is_displayed()  # board.js ran under the CSP

            clinician = drivers()
            started = time.monotonic()
            sign_in(clinician, daemon, "rivera", pages)
            assert clinician.current_url.endswith("/board")
            pages.check(clinician, "board-empty")

            # The whole screen with the keyboard alone: Tab, Space, arrows, typing and Enter.
            clinician.get(f"https://localhost:{daemon.port}/screens/new")
            pages.check(clinician, "screen-start")
            tab_to(clinician, "protocol")
            press(clinician, "Columbia-Suicide Severity Rating Scale (C-SSRS) Screen Version – Recent")
            assert clinician.find_element(By.CSS_SELECTOR, "#protocol option:checked").get_attribute("value") == "cssrs_screen_recent"
            tab_to(clinician, "subject_system")
            press(clinician, "urn:oid:2.16.840.1.113883.19.5.99")
            tab_to(clinician, "subject_value")
            press(clinician, IDENTIFIER)
            tab_to(clinician, "subject_value_again")
            press(clinician, IDENTIFIER)
            tab_to(clinician, "identity_checked")
            press(clinician, Keys.SPACE)
            tab_to(clinician, "site")
            navigates(clinician, lambda: press(clinician, "ED-EAST", Keys.ENTER))
            assert "C-SSRS" in clinician.title, clinician.find_element(By.TAG_NAME, "main").text
            assert question_numbers(clinician) == ["1", "2", "6"]  # 3-5 are asked only after a Yes to 2
            pages.check(clinician, "screen-answer-first")
            answer_with_keyboard(clinician, {"q1": "yes", "q2": "yes", "q6": "no"}, then="continue")
            assert question_numbers(clinician) == ["1", "2", "3", "4", "5", "6"]
            pages.check(clinician, "screen-answer-all")
            answer_with_keyboard(clinician, {"q3": "no", "q4": "yes", "q5": "no"}, then="save")

            assert "/screens/" in clinician.current_url
            tier = clinician.find_element(By.CSS_SELECTOR, "#tier .tier").text
            assert tier == "HIGH"  # in words, not colour alone
            assert "intent" in clinician.find_element(By.TAG_NAME, "main").text.lower()
            pages.check(clinician, "screen-result")
            screen_id = clinician.current_url.rstrip("/").split("/")[-1].split("?")[0]

            # The page reaches the on-call receiver, signed, with opaque ids and a link to the case only.
            assert oncall.wait_for(1, timeout=10), daemon.log_text()[-2000:]
            headers, body, _ = oncall.received[0]
            assert verify_signature(ONCALL_SECRET, headers, body)
            page = json.loads(body)
            assert IDENTIFIER not in body.decode() and "Rosa" not in body.decode()
            link = page["data"]["link"]
            assert link.endswith(f"/episodes/{page['data']['ref']}"), link

            # The untouched board shows the new escalation within 30 s, without a reload.
            deadline = time.monotonic() + 40
            while "HIGH" not in idle.find_element(By.ID, "episodes").text and time.monotonic() < deadline:
                time.sleep(0.5)
            assert IDENTIFIER in idle.find_element(By.ID, "episodes").text
            assert idle.current_url.endswith("/board")

            # The safety plan, from the result page.
            click(clinician, button(clinician, "Start a safety plan"))
            assert "/plans/" in clinician.current_url
            pages.check(clinician, "plan-new")
            for name, value in PLAN.items():
                clinician.find_element(By.NAME, f"s.{name}").send_keys(value)
            clinician.find_element(By.ID, "lm-counselled").click()
            clinician.find_element(By.ID, "lm-means").send_keys("medications")
            click(clinician, button(clinician, "Save"))
            assert "Before it can be made active" not in clinician.page_source, clinician.find_element(By.TAG_NAME, "main").text
            click(clinician, button(clinician, "Make active"))
            assert "active" in clinician.find_element(By.CSS_SELECTOR, "main .hint strong").text
            pages.check(clinician, "plan-active")
            elapsed = time.monotonic() - started
            click(clinician, clinician.find_element(By.LINK_TEXT, "Print the client's copy"))
            assert "My daughter and our Sunday mornings" in clinician.page_source
            pages.check(clinician, "plan-print")

            # The supervisor follows the page's link: sign in, land on the case, acknowledge there.
            supervisor = drivers()
            supervisor.get(link.replace(link.split("/episodes/")[0], f"https://localhost:{daemon.port}"))
            assert "/login" in supervisor.current_url
            supervisor.find_element(By.ID, "username").send_keys("chen")
            navigates(supervisor, lambda: supervisor.find_element(By.ID, "password").send_keys(PASSWORD + Keys.ENTER))
            assert f"/screens/{screen_id}" in supervisor.current_url, supervisor.current_url
            escalation = supervisor.find_element(By.ID, "escalation").find_element(By.XPATH, "following-sibling::p").text
            assert "Acknowledged: not yet" in escalation, escalation
            # The page reached the on-call webhook; PagerDuty has no routing key in this run, and the page says so.
            assert "oncall (delivered)" in escalation and "pagerduty (failed: receiver not configured)" in escalation, escalation
            pages.check(supervisor, "case-from-page-link")
            click(supervisor, button(supervisor, "Acknowledge: I am responding"))
            assert "Acknowledged" in supervisor.find_element(By.CSS_SELECTOR, "p.notice").text
            assert "chen (responding)" in supervisor.find_element(By.TAG_NAME, "main").text

            supervisor.get(f"https://localhost:{daemon.port}/board")
            episode = supervisor.find_element(By.CSS_SELECTOR, "section.episode")
            assert "HIGH" in episode.text and "chen (responding)" in episode.text and IDENTIFIER in episode.text
            pages.check(supervisor, "board-acknowledged")
            episode_id = page["data"]["ref"]
            select = supervisor.find_element(By.ID, f"disposition-{episode_id}")
            select.find_element(By.CSS_SELECTOR, "option[value=safety_plan_completed]").click()
            click(supervisor, button(supervisor, "Resolve", within=episode))
            assert "Resolved." in supervisor.find_element(By.CSS_SELECTOR, "p.notice").text
            assert "No open escalations." in supervisor.page_source

            # The client's timeline and the dashboard.
            supervisor.get(f"https://localhost:{daemon.port}/clients")
            supervisor.find_element(By.ID, "subject_system").send_keys("urn:oid:2.16.840.1.113883.19.5.99")
            navigates(supervisor, lambda: supervisor.find_element(By.ID, "subject_value").send_keys(IDENTIFIER + Keys.ENTER))
            timeline = supervisor.find_element(By.TAG_NAME, "main").text
            assert "High" in timeline or "HIGH" in timeline, timeline
            pages.check(supervisor, "client-timeline")
            supervisor.get(f"https://localhost:{daemon.port}/dashboard")
            assert IDENTIFIER not in supervisor.page_source
            pages.check(supervisor, "dashboard")

            # A forged form: the right session, the wrong CSRF token. Refused, nothing changed.
            supervisor.get(f"https://localhost:{daemon.port}/screens/{screen_id}")
            supervisor.execute_script("document.querySelectorAll('input[name=csrf]').forEach(e => e.value = 'forged');")
            supervisor.find_element(By.ID, "reason").send_keys("forged change")
            click(supervisor, button(supervisor, "Change tier"))
            assert "Nothing was changed" in supervisor.page_source
            pages.check(supervisor, "csrf-refused")
            with sqlite3.connect(data_dir / "crisisd.sqlite") as db:
                assert db.execute("SELECT count(*) FROM tier_override").fetchone()[0] == 0

            # Idle logoff: the board left alone ends up on the sign-in page by itself (its next refresh after
            # the timeout finds the session gone).
            deadline = idle_since + IDLE_TIMEOUT + 35
            while not idle.current_url.endswith("/login") and time.monotonic() < deadline:
                time.sleep(0.5)
            assert idle.current_url.endswith("/login"), idle.current_url
            assert time.monotonic() - idle_since >= IDLE_TIMEOUT
            idle.get(f"https://localhost:{daemon.port}/screens/new")
            assert idle.current_url.endswith("/login"), "the idle session still opens pages"
            pages.check(idle, "signed-out-when-idle")

            # Patient data stays out of the log; every page checked.
            log = daemon.log_text()
            assert IDENTIFIER not in log and "Rosa" not in log and PASSWORD not in log
            print(f"clinician: screen and active safety plan in {elapsed:.1f} s (selenium)")  # allowed
            assert len(pages.checked) == 15, pages.checked
        finally:
            daemon.stop()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_phq9_one_question_at_a_time_with_and_without_javascript(data_dir, drivers, javascript):
    """One question per page, then all answers to check, then save. Item 9 above zero gives the item-9 flag
    (same-day suicide risk assessment); the optional "difficulty" question is passed without an answer."""
    pages = Pages(prefix="phq9-js-" if javascript else "phq9-nojs-", axe=javascript)
    daemon = Daemon(data_dir).start()
    try:
        create_user(daemon, "rivera", "clinician")
        driver = drivers(javascript)
        sign_in(driver, daemon, "rivera")
        assert driver.find_element(By.ID, "refresh-control").is_displayed() == javascript
        assert ("Reload the page to see new escalations." in driver.find_element(By.TAG_NAME, "main").text) != javascript

        driver.get(f"https://localhost:{daemon.port}/screens/new")
        driver.find_element(By.CSS_SELECTOR, "#protocol option[value=phq9]").click()
        driver.find_element(By.ID, "subject_system").send_keys("urn:oid:2.16.840.1.113883.19.5.99")
        driver.find_element(By.ID, "subject_value").send_keys("UI-E2E-PHQ")
        driver.find_element(By.ID, "subject_value_again").send_keys("UI-E2E-PHQ")
        driver.find_element(By.ID, "identity_checked").click()
        driver.find_element(By.ID, "layout-one").click()
        click(driver, button(driver, "Continue"))

        stem = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
        assert stem in driver.find_element(By.CSS_SELECTOR, "section.instructions").text
        for number in range(1, 10):
            assert question_numbers(driver) == [str(number)], question_numbers(driver)
            assert not driver.find_elements(By.CSS_SELECTOR, "button[value=save]")
            if number == 1:
                pages.check(driver, "one-question")
                # Next without an answer: the same question again, with the reason.
                click(driver, button(driver, "Next"))
                assert question_numbers(driver) == ["1"]
                assert "Answer question 1 to go on." in driver.find_element(By.CSS_SELECTOR, "[role=alert]").text
            driver.find_element(By.ID, f"item{number}-1").click()
            click(driver, button(driver, "Next"))
        assert question_numbers(driver) == ["10"]  # difficulty: optional, passed without an answer
        click(driver, button(driver, "Next"))

        assert question_numbers(driver) == [str(n) for n in range(1, 11)]
        assert all(driver.find_element(By.ID, f"item{n}-1").is_selected() for n in range(1, 10))
        pages.check(driver, "review")
        click(driver, button(driver, "Save screen"))
        assert driver.find_element(By.CSS_SELECTOR, "#tier .tier").text == "LOW"
        why = driver.find_element(By.TAG_NAME, "main").text
        assert "score 9" in why and "Item 9" in why, why
        pages.check(driver, "result")
        # The flag's follow-up, for the same client: the C-SSRS screen starts with the identifier from the record.
        click(driver, button(driver, "Start the C-SSRS screen for client UI-E2E-PHQ"))
        assert "C-SSRS" in driver.title and "Client UI-E2E-PHQ." in driver.find_element(By.TAG_NAME, "main").text
        assert question_numbers(driver) == ["1", "2", "6"]
    finally:
        daemon.stop()


def _give_id(driver, element, element_id):
    """Buttons carry no id in the templates; the test names them to find them in the Tab order."""
    driver.execute_script("arguments[0].id = arguments[1];", element, element_id)
    return element_id
