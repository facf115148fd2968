"""Browser-test helpers: log in as a person would, and fail on anything the browser complains about.

Every test in this folder that uses Playwright's ``page`` gets :class:`BrowserGuard` for free:
a console error, an uncaught script error, a CSP violation, a failing stylesheet or script, or a
request to any host other than the live server makes the test fail, with the list of what
happened. The status of the page itself (a 404 page, a 403 page) is the test's own business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, Response, expect

from tests.factories import PASSWORD

# Schemes that never leave the browser: the NL Design System's inline SVG icons, blobs, about:.
LOCAL_SCHEMES = {"data", "blob", "about"}

# Chromium reports a CSP violation on the console by itself; this makes it say so explicitly
# (directive and blocked resource) even where it would not, e.g. for report-only policies.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    `CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`
    + ` in ${event.sourceFile || event.documentURI}:${event.lineNumber}`
  );
});
"""

# htmx logs a request that ``hx-sync="...:replace"`` aborts on purpose (the talent picker replaces
# a search that a newer one overtook) as an error; it is not one.
DELIBERATE_ABORT = re.compile(r"^htmx:(sendAbort|afterRequest)\b")

FAILED_TO_LOAD = re.compile(r"^Failed to load resource: the server responded with a status of")


@dataclass
class BrowserGuard:
    """Everything the browser complained about while a test ran."""

    origin: str
    console_errors: list[tuple[str, str]] = field(default_factory=list)  # (text, url)
    script_errors: list[str] = field(default_factory=list)
    failed_resources: list[str] = field(default_factory=list)
    failed_documents: set[str] = field(default_factory=set)
    foreign_requests: list[str] = field(default_factory=list)

    def attach(self, context: BrowserContext) -> None:
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self.script_errors.append(str(error.error)))
        context.on("request", self._on_request)
        context.on("response", self._on_response)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and not DELIBERATE_ABORT.match(message.text):
            self.console_errors.append((message.text, message.location.get("url", "")))

    def _on_request(self, request: Request) -> None:
        url = urlsplit(request.url)
        if url.scheme in LOCAL_SCHEMES:
            return
        if f"{url.scheme}://{url.netloc}" != self.origin:
            self.foreign_requests.append(f"{request.method} {request.url}")

    def _on_response(self, response: Response) -> None:
        if response.status < 400:
            return
        # 409: the conflict page of a concurrent edit (buurtinbloei/conflicts.py), an answer
        # shown on purpose, also when htmx swaps it in.
        if response.request.resource_type == "document" or response.status == 409:
            # An error page on purpose; the test asserts the status itself.
            self.failed_documents.add(response.url)
        else:
            self.failed_resources.append(f"{response.status} {response.url}")

    def problems(self) -> list[str]:
        problems = [f"request to another host: {request}" for request in self.foreign_requests]
        problems += [f"resource failed: {resource}" for resource in self.failed_resources]
        problems += [f"script error: {error}" for error in self.script_errors]
        for text, url in self.console_errors:
            if FAILED_TO_LOAD.match(text) and url in self.failed_documents:
                continue  # Chromium's console echo of an error page the test asked for
            problems.append(f"console error: {text}" + (f" ({url})" if url else ""))
        return problems


@pytest.fixture
def browser_guard(context: BrowserContext, live_server) -> BrowserGuard:
    guard = BrowserGuard(origin=live_server.url.rstrip("/"))
    guard.attach(context)
    return guard


@pytest.fixture
def page(page: Page, browser_guard: BrowserGuard) -> Page:
    """pytest-playwright's page, watched by the guard from before its first navigation."""
    return page


@pytest.fixture
def new_page(new_context, browser_guard: BrowserGuard):
    """A page in a new browser context (another person, own cookies), watched by the same guard."""

    def open_page() -> Page:
        context = new_context()
        browser_guard.attach(context)
        return context.new_page()

    return open_page


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail the test itself (not its teardown) when the browser complained."""
    try:
        result = yield
    except BaseException:
        guard = item.funcargs.get("browser_guard")
        if guard is not None and guard.problems():
            item.add_report_section("call", "browser", "\n".join(guard.problems()))
        raise
    guard = item.funcargs.get("browser_guard")
    if guard is not None and (problems := guard.problems()):
        pytest.fail(
            "The browser reported problems:\n" + "\n".join(f"- {p}" for p in problems),
            pytrace=False,
        )
    return result


def login(page: Page, live_server, user, password: str = PASSWORD) -> None:
    """Sign in through allauth's real login form, finding the fields by their labels."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goedendag")
    # The dashboard loads its panels with htmx; let them arrive, so the guard sees their errors.
    page.wait_for_load_state("networkidle")
