"""How a run starts and ends as a process: Playwright's driver boots while the run's code loads, the run uses
that driver, and nothing started early outlives what started it (runners/browser.py, starting_early).

The checks that start a driver in this process do it in a thread of their own (``in_a_thread``): pytest-playwright
may keep an event loop in the test's thread, which a command's own process never has."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from runners import browser as browsers


def _drivers() -> set[int]:
    """Playwright drivers (Node.js) this process started and that still run (pytest-playwright's own included:
    the tests count the ones that are new)."""
    mine = str(os.getpid())
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="ignore")
        except (OSError, IndexError):
            continue
        if parent == mine and "playwright" in command and "node" in command:
            found.add(int(entry.name))
    return found


PROBE = """
import json, sys, threading
from playwright.sync_api._context_manager import PlaywrightContextManager as Driver
loading = []
enter = Driver.__enter__
def counted(self):  # as the driver starts: is the run's own code loading meanwhile (or loaded already)?
    runner = sys.modules.get("runners.runner")
    loading.append(any(t.name == "cancelproof-imports" for t in threading.enumerate()) or runner is None)
    return enter(self)
Driver.__enter__ = counted
from cli import main
code = main(sys.argv[1:])
sys.stderr.write("\\nPROBE " + json.dumps({"code": code, "loading": loading}) + "\\n")
"""


def test_a_run_starts_the_browser_s_driver_while_its_code_loads_and_uses_it(tmp_path):
    """`cancelproof run` starts Playwright's driver before it loads its own code (which then loads while the
    driver boots), and the run walks the portal with that driver: one driver for the run."""
    argv = ["run", "linkedin", "--dry-run", "--sandbox", "--no-trace", "--evidence-dir", str(tmp_path)]
    proc = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, timeout=180)
    said = json.loads(proc.stderr.rsplit("PROBE ", 1)[1])
    assert said["code"] == 0, proc.stderr[-2000:]
    assert said["loading"] == [True], "the driver started once the run's code was loaded, or started twice"
    assert "dry-run-complete" in proc.stderr


def test_the_driver_started_early_is_the_one_the_run_takes():
    """Inside the block, started() hands over the driver already booted: no second one starts."""

    before = _drivers()

    def check() -> tuple[int, int, int]:
        with browsers.starting_early(["json"]):
            early = len(_drivers() - before)
            with browsers.started() as pw:
                during = len(_drivers() - before)
                assert pw.chromium.name == "chromium"
        return early, during, len(_drivers() - before)

    early, during, after = browsers.in_a_thread(check, name="test")
    assert (early, during, after) == (1, 1, 0)


def test_a_driver_started_early_and_never_needed_is_stopped(tmp_path):
    """The run stopped before it needed a browser (a sandbox that could not start, say): the driver started
    for it does not outlive the block."""

    before = _drivers()

    def check() -> tuple[int, int]:
        with browsers.starting_early(["json"]):
            during = len(_drivers() - before)
        return during, len(_drivers() - before)

    assert browsers.in_a_thread(check, name="test") == (1, 0)


def test_a_module_that_does_not_load_is_left_to_the_run():
    """starting_early never fails: a module that does not import is the run's to report, in its own words."""

    before = _drivers()

    def check() -> int:
        with browsers.starting_early(["cancelproof_no_such_module"]):
            return len(_drivers() - before)

    assert browsers.in_a_thread(check, name="test") == 1
    assert not _drivers() - before


def test_with_an_event_loop_running_nothing_is_started_early():
    """A caller with an event loop in its thread (a notebook, an async program): the run starts Playwright in a
    thread of its own, so none is started here; the modules are still loaded."""
    sys.modules.pop("colorsys", None)
    before = _drivers()

    async def inside() -> int:
        with browsers.starting_early(["colorsys"]):
            return len(_drivers() - before)

    assert browsers.in_a_thread(lambda: asyncio.run(inside()), name="test") == 0
    assert "colorsys" in sys.modules


def test_the_trace_is_cleaned_beside_the_report_tab_s_browser_work():
    """finalize cleans the trace in a thread (in_a_thread) while this one empties the report's tab: the
    cleaning's answer comes back, and so does its error."""
    threads: dict[str, int] = {}

    def work() -> str:
        threads["work"] = threading.get_ident()
        return "cleaned"

    def meanwhile() -> None:
        threads["meanwhile"] = threading.get_ident()

    assert browsers.in_a_thread(work, meanwhile, name="test") == "cleaned"
    assert threads["meanwhile"] == threading.get_ident() != threads["work"]

    def broken() -> str:
        raise ValueError("unreadable trace")

    with pytest.raises(ValueError, match="unreadable trace"):
        browsers.in_a_thread(broken, meanwhile, name="test")
