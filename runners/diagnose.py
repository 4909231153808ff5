"""Why a step failed, in words a person can act on: a server error, a dropped network, an open dialog.

A :class:`PageWatch` listens to the page's navigations; when a step fails, :func:`explain` adds what
the portal did during that step to the step's one line ("the portal answered 500 for …", "the network
failed for … (net::ERR_EMPTY_RESPONSE)", "a dialog "Are you sure?" is open").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from runners.errors import PortalChangedError, RunnerError, StepTimeout

if TYPE_CHECKING:
    from playwright.sync_api import Page, Request, Response

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


class PageWatch:
    """Navigation failures and server errors seen on the page, so a failed step can say what happened."""

    def __init__(self, page: Page) -> None:
        self.problems: list[str] = []
        self.mark = 0
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _failed(self, request: Request) -> None:
        if request.resource_type == "document":
            self.problems.append(f"the network failed for {request.url} ({request.failure or 'no answer'})")

    def _response(self, response: Response) -> None:
        if response.status >= 500 and response.request.resource_type == "document":
            self.problems.append(f"the portal answered {response.status} for {response.url}")

    def step_started(self) -> None:
        self.mark = len(self.problems)

    def during_step(self) -> list[str]:
        return self.problems[self.mark :]


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
