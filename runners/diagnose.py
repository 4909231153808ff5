"""Why a step failed, in words a person can act on: a server error, a dropped network, an open dialog.

A :class:`PageWatch` listens for failed navigations and reads the status of the page on screen; when a
step fails, :func:`explain` adds what the portal did during that step to the step's one line ("the
portal answered 500 for …", "the network failed for … (net::ERR_EMPTY_RESPONSE)", "a dialog "Are you
sure?" is open").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from runners.errors import PortalChangedError, RunnerError, StepTimeout

if TYPE_CHECKING:
    from playwright.sync_api import Page, Request

DIALOGS_JS = """
() => Array.from(document.querySelectorAll('[role=dialog],[role=alertdialog],dialog[open]'))
  .filter(d => d.offsetParent !== null || getComputedStyle(d).position === 'fixed')
  .filter(d => !d.hidden && getComputedStyle(d).display !== 'none')
  .map(d => {
    const by = d.getAttribute('aria-labelledby');
    const title = d.getAttribute('aria-label') || (by && document.getElementById(by)
      ? document.getElementById(by).innerText : (d.querySelector('h1,h2,h3') || {}).innerText || '');
    return title.trim();
  })
"""


# the HTTP status of the document on screen (0 when the browser does not say)
STATUS_JS = """
() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return [nav && nav.responseStatus || 0, location.href];
}
"""


class PageWatch:
    """Navigation failures seen on the page, and the status of the page on screen when a step fails.

    Only failed requests are listened to (they are rare); listening to every response would send each
    one of a portal's hundreds of requests to Python. The server's answer to the page on screen is read
    when a step fails, from the browser's navigation timing.
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        self.mark = 0
        page.on("requestfailed", self._failed)

    def _failed(self, request: Request) -> None:
        if request.resource_type == "document":
            self.problems.append(f"the network failed for {request.url} ({request.failure or 'no answer'})")

    def step_started(self) -> None:
        self.mark = len(self.problems)

    def during_step(self) -> list[str]:
        found = self.problems[self.mark :]
        if not found and self.problems and self.page.url.startswith("chrome-error:"):
            # the screen is still the browser's error page of a navigation that failed in an earlier step (the
            # click that asked for it may return after the failure, or before it: the browser's timing)
            found = self.problems[-1:]
        try:
            status, url = self.page.evaluate(STATUS_JS)
        except Exception:  # a closed or crashed page has no status to report
            return found
        if int(status) >= 500:
            found.append(f"the portal answered {status} for {url}")
        return found


def open_dialogs(page: Page) -> list[str]:
    try:
        found: list[Any] = page.evaluate(DIALOGS_JS)
    except Exception:  # a closed or crashed page has no dialogs to report
        return []
    return [str(t) for t in found if t]


def explain(exc: RunnerError, page: Page, watch: PageWatch | None) -> RunnerError:
    """The same error with what the portal did during the step added to its line."""
    if not isinstance(exc, PortalChangedError | StepTimeout):
        return exc
    extra = watch.during_step() if watch else []
    dialogs = open_dialogs(page)
    if dialogs:
        extra.append("a dialog is open: " + ", ".join(f'"{d}"' for d in dialogs))
    if not extra:
        return exc
    return type(exc)(f"{exc} — {'; '.join(dict.fromkeys(extra))}")
