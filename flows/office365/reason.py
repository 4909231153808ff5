"""The reason a cancel pane asks for, picked the way a person would, whatever control the tenant shows.

A native select, an ARIA combobox (with a listbox of options) or a group of radio buttons (native inputs
or ``role=radio`` elements), found inside the pane by its name, which may go on after the label ("Reason
Select a reason", as a wrapping label names its select). Which one the pane shows is decided on the
settled screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flows import ui
from flows.office365 import labels as L

if TYPE_CHECKING:
    from playwright.sync_api import Locator

NAME_JS = """e => {
  const byIds = (e.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
    .map(id => (document.getElementById(id) || {}).innerText || '').join(' ');
  const own = e.labels && e.labels.length ? e.labels[0].innerText : '';
  return (e.getAttribute('aria-label') || byIds || own || e.innerText || e.value || '').trim();
}"""


def controls(scope: Locator, locale: str) -> dict[str, Locator]:
    """The reason's possible controls in ``scope``: a group of radios, or a select / combobox."""
    pattern = L.REASON.pattern(locale)
    group = scope.get_by_role("radiogroup", name=pattern).or_(scope.get_by_role("group", name=pattern))
    choice = scope.get_by_role("combobox", name=pattern).or_(scope.get_by_role("listbox", name=pattern))
    return {"radios": group.filter(visible=True).first, "choice": choice.filter(visible=True).first}


def choose_reason(scope: Locator, locale: str, wanted: str | None) -> str:
    """Pick ``wanted`` (a case-insensitive part of a choice), else "Other" for an unlisted one, else the first.

    Returns the visible text of the choice made.
    """
    found = controls(scope, locale)
    shown = ui.decide(scope.page, found, what="the reason for cancelling")
    if shown == "radios":
        radios = found["radios"].get_by_role("radio")
        names = [str(r.evaluate(NAME_JS)) for r in radios.all()]
        pick = ui.pick_choice(names, wanted)
        found["radios"].get_by_role("radio", name=pick, exact=True).first.check()
        return pick
    box = found["choice"]
    if box.evaluate("e => e.tagName.toLowerCase()") == "select":
        options = box.evaluate(
            "e => Array.from(e.options).filter(o => o.value !== '' && !o.disabled).map(o => o.textContent.trim())"
        )
        pick = ui.pick_choice(list(options), wanted)
        box.select_option(label=pick)
        return pick
    box.click()  # an ARIA combobox opens a listbox
    options = scope.page.get_by_role("option").filter(visible=True)
    ui.expect(options.first).to_be_visible()
    names = [" ".join(o.inner_text().split()) for o in options.all()]
    pick = ui.pick_choice(names, wanted)
    scope.page.get_by_role("option", name=pick, exact=True).filter(visible=True).first.click()
    return pick
