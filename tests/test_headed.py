"""Headed runs under a real display: Xvfb, and a person, played by xdotool, in the real Chromium window.

Marked ``headed``; .ci/run runs them on their own (``pytest -m headed``). The ``display`` fixture starts
Xvfb and gives its DISPLAY to the processes the tests start, never to this one. Each run is the command
line in a subprocess, with its own headed Chromium. xdotool moves the pointer, clicks and types through
XTEST, as a person at the keyboard does. Where to click comes from the page: the same screen, opened in a
headless page of the run's viewport, gives each field's box; the window's geometry turns it into screen
coordinates (the page fills the window below Chromium's toolbar). The terminal is a pty: the run prints
its gate there and reads what the person types.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PIL import Image, ImageChops

from runners.vendors import VENDORS
from sandboxes.server import Portal
from tests.helpers import manifest_of
from tests.test_trace_secrets import CARD_DIGITS, leaks, planted

if TYPE_CHECKING:
    from playwright.sync_api import FloatRect

pytestmark = pytest.mark.headed

ACCOUNT = Portal.SIGNIN_ACCOUNT
PASSWORD = Portal.SIGNIN_PASSWORD
VIEWPORT = {"width": 1280, "height": 800}  # every run's (runners.browser.context_args)
SCREEN = "1600x1000x24"  # room for that viewport and Chromium's toolbar
WINDOW_SHOWS = 60.0  # seconds for Chromium to start and show its window (two busy cores, a cold start)
RUN_ENDS = 180.0  # seconds for a whole run to end once the person is done


# --- the display, the person, the terminal, the run --------------------------------------------------
@pytest.fixture(scope="session")
def display() -> Iterator[dict[str, str]]:
    """An Xvfb server for this session; yields the environment (with its DISPLAY) to start processes in."""
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    if missing:
        why = f"headed tests need {' and '.join(missing)}: apt-get install xvfb xdotool (.ci/setup does)"
        if os.environ.get("CI") == "true":  # in CI a missing tool fails, never skips
            pytest.fail(why)
        pytest.skip(why)
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        # -noreset: the server stays as it is when its last client leaves (and writes no more to the pipe)
        ["Xvfb", "-displayfd", str(write), "-screen", "0", SCREEN, "-nolisten", "tcp", "-noreset"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    os.close(write)
    ready, _, _ = select.select([read], [], [], 20)  # Xvfb writes its display number once it accepts clients
    number = os.read(read, 16).decode().strip() if ready else ""
    if not number:
        xvfb.kill()
        pytest.fail(f"Xvfb did not start within 20s: {xvfb.communicate()[1].decode(errors='replace')[-500:]}")
    env = {key: value for key, value in os.environ.items() if key != "WAYLAND_DISPLAY"}
    yield {**env, "DISPLAY": f":{number}"}
    xvfb.terminate()
    xvfb.wait(10)
    os.close(read)  # only now: a closed pipe would kill an Xvfb that writes its number again


@pytest.fixture(autouse=True)
def _say_how_long(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each headed test prints the time it took (CI keeps the line)."""
    started = time.monotonic()
    yield
    took = time.monotonic() - started
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"headed: {request.node.name} took {took:.1f}s")


class Person:
    """Someone at the display: sees the browser window, clicks, types, closes it (xdotool, through XTEST)."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env

    def xdotool(self, *args: str, timeout: float = 10.0) -> str:
        try:
            done = subprocess.run(
                ["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=timeout, check=True
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"xdotool {' '.join(args)}: no answer within {timeout:g}s")
        except subprocess.CalledProcessError as exc:
            pytest.fail(f"xdotool {' '.join(args)}: exit {exc.returncode}: {exc.stderr.strip()}")
        return done.stdout

    def window(self, title: str = "") -> str:
        """The visible Chromium window (whose title contains ``title``), once it shows."""
        pattern = ["--name", title] if title else ["--class", "chromium"]
        return self.xdotool("search", "--sync", "--onlyvisible", *pattern, timeout=WINDOW_SHOWS).split()[-1]

    def click(self, window: str, box: FloatRect) -> None:
        """Click the middle of ``box`` (page coordinates) in ``window``."""
        geometry = dict(line.split("=", 1) for line in self.xdotool("getwindowgeometry", "--shell", window).split())
        left = int(geometry["X"])
        top = int(geometry["Y"]) + int(geometry["HEIGHT"]) - VIEWPORT["height"]
        x, y = left + round(box["x"] + box["width"] / 2), top + round(box["y"] + box["height"] / 2)
        self.xdotool("mousemove", "--sync", str(x), str(y), "click", "1")

    def type(self, text: str) -> None:
        self.xdotool("type", "--delay", "15", text, timeout=30)

    def key(self, keys: str) -> None:
        self.xdotool("key", "--clearmodifiers", keys)

    def sign_in(self, window: str, boxes: dict[str, FloatRect]) -> None:
        """E-mail, password, Enter: the sandbox's account, typed in the window."""
        self.click(window, boxes["email"])
        self.type(ACCOUNT)
        self.click(window, boxes["password"])
        self.type(PASSWORD)
        self.key("Return")

    def close(self, window: str) -> None:
        """Close the tab, and with it the window, as a person does: Ctrl+W."""
        self.xdotool("windowfocus", window)
        self.key("ctrl+w")


class Terminal:
    """The run's terminal (a pty): what it prints is read here as a person reads the screen."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        self.text = ""

    def read(self, wait: float) -> bool:
        """Read what the run printed within ``wait`` seconds; False once nothing more can come."""
        ready, _, _ = select.select([self.master], [], [], wait)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: the run has ended and nobody holds the other end
            chunk = b""
        self.text += chunk.decode(errors="replace")
        return bool(chunk)

    def wait_for(self, needle: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.text:
            left = deadline - time.monotonic()
            assert left > 0, f"{needle!r} not shown within {timeout:g}s; the terminal shows:\n{self.text[-3000:]}"
            assert self.read(left), f"the run ended before showing {needle!r}:\n{self.text[-3000:]}"

    def type(self, line: str) -> None:
        os.write(self.master, (line + "\n").encode())


class Runs:
    """``cancelproof ARGV`` in subprocesses on the display; any still running at the test's end is stopped."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.started: list[subprocess.Popen[str]] = []

    def start(self, *argv: str, terminal: Terminal | None = None) -> subprocess.Popen[str]:
        """Start a run; its stdin and stderr are ``terminal`` when given, its stdout a pipe (for --json)."""
        proc = subprocess.Popen(
            [sys.executable, "-m", "runners", *argv],
            env=self.env,
            stdin=terminal.slave if terminal else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=terminal.slave if terminal else subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group: a stuck run is stopped with its browser
        )
        if terminal:
            os.close(terminal.slave)  # the run holds it now: the terminal reads EOF when the run ends
        self.started.append(proc)
        return proc

    def finish(self, proc: subprocess.Popen[str], terminal: Terminal | None = None) -> tuple[int, dict[str, Any], str]:
        """Wait for the run to end, reading its terminal meanwhile: exit code, its --json answer, what it said."""
        deadline = time.monotonic() + RUN_ENDS
        while terminal is not None and time.monotonic() < deadline and terminal.read(1.0):
            pass  # until the run closes the terminal (it ends) or the time is up
        try:
            out, err = proc.communicate(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            self.stop(proc)
            pytest.fail(f"the run did not end within {RUN_ENDS:g}s")
        said = terminal.text if terminal is not None else err
        lines = [line for line in out.splitlines() if line.strip()]
        assert len(lines) == 1, f"expected one JSON line, got {out!r}; the run said:\n{said[-3000:]}"
        return proc.returncode, json.loads(lines[0]), said

    def stop(self, proc: subprocess.Popen[str]) -> None:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()


@pytest.fixture
def runs(display: dict[str, str]) -> Iterator[Runs]:
    started = Runs(display)
    yield started
    for proc in started.started:
        started.stop(proc)


def logged(evidence_dir: Path, event: str, timeout: float = WINDOW_SHOWS) -> None:
    """Wait until the log of the run writing under ``evidence_dir`` has ``event`` (the run waits for the person)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for log in evidence_dir.glob("*/log.jsonl"):
            if any(json.loads(line).get("event") == event for line in log.read_text().splitlines() if line.strip()):
                return
        time.sleep(0.1)  # a test polling a file; the run itself never sleeps
    pytest.fail(f"no {event} in the run's log within {timeout:g}s")


def field_boxes(browser: Any, url: str) -> dict[str, FloatRect]:
    """Where the sign-in screen at ``url`` draws its fields, in a headless page of the run's viewport."""
    from flows.signin import SignInPage
    from runners.browser import context_args

    assert context_args("en", "UTC")["viewport"] == VIEWPORT
    context = browser.new_context(**context_args("en", "UTC"))
    try:
        page = context.new_page()
        page.goto(url)
        screen = SignInPage(page, "en")
        email, password = screen.email.bounding_box(), screen.password.bounding_box()
        assert email is not None and password is not None, "the sign-in fields are not drawn"
        return {"email": email, "password": password}
    finally:
        context.close()


def shots(folder: Path) -> dict[tuple[str, str], Image.Image]:
    """A run's screens by (step, label): each screenshot, and again for every step it was shown again at.

    Whether a screen is captured anew or recorded as shown again depends on its state when the step ended
    (hover, focus, fonts), which a window can settle a few milliseconds later than a headless page.
    """
    screens = {}
    for f in manifest_of(folder)["files"]:
        if f["path"].startswith("screenshots/"):
            image = Image.open(folder / f["path"]).convert("RGB")
            for shown in [f, *f.get("shown_again", [])]:
                screens[shown["step"], shown.get("label", "")] = image
    return screens


def differing(a: Image.Image, b: Image.Image) -> float:
    """The share of pixels that differ visibly between two screenshots of the same size."""
    changed = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 24 else 0).histogram()[255]
    return changed / (a.width * a.height)


# --- the tests ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("vendor", list(VENDORS))
def test_headed_dry_run_shows_a_window_and_captures_the_headless_screens(
    runs: Runs, cli: Callable[..., Any], browser: Any, tmp_path: Path, vendor: str
) -> None:
    """`run VENDOR --dry-run --sandbox --headed`: a Chromium window shows, the run ends dry-run-complete, and
    its screens are the headless run's: every step's screen recorded, the same viewport, the same pixels."""
    argv = ("run", vendor, "--dry-run", "--sandbox", "--json")
    proc = runs.start(*argv, "--headed", "--evidence-dir", str(tmp_path / "headed"))
    Person(runs.env).window()  # a headless run never shows one: this waits for it, then fails
    code, headed, said = runs.finish(proc)
    assert (code, headed["outcome"]) == (0, "dry-run-complete"), said[-3000:]

    headless = cli(*argv, "--evidence-dir", str(tmp_path / "headless"), browser=browser)
    assert headless.code == 0, headless.err
    seen, expected = shots(Path(headed["evidence_dir"])), shots(headless.folder)
    assert sorted(seen) == sorted(expected)
    assert {image.size for image in [*seen.values(), *expected.values()]} == {tuple(VIEWPORT.values())}
    for key, image in seen.items():
        assert differing(image, expected[key]) < 0.01, f"{vendor} {key}: the headed screen is not the headless one"


def test_person_signs_in_in_the_window_then_confirms_at_the_terminal(
    runs: Runs, sandbox: Callable[..., Any], browser: Any, tmp_path: Path
) -> None:
    """No stored password: the run waits while the person signs in in the window, then asks at the terminal;
    the person types CANCEL there and the portal cancels. What the person typed in the window is in no file."""
    server = sandbox("office365", "mosa,signed_out=1")
    boxes = field_boxes(browser, server.url)
    person, terminal = Person(runs.env), Terminal()
    argv = ("run", "office365", "--assisted", "--headed", "--base-url", server.url, "--json")
    proc = runs.start(*argv, "--evidence-dir", str(tmp_path / "ev"), terminal=terminal)
    window = person.window("Sign in")
    logged(tmp_path / "ev", "waiting_for_human_sign_in")  # the person goes on once the run waits for them
    person.sign_in(window, boxes)
    terminal.wait_for('Type "CANCEL" to confirm', RUN_ENDS)
    assert server.portal.record == []  # nothing irreversible before the person's answer
    terminal.type("CANCEL")
    code, result, said = runs.finish(proc, terminal)

    assert (code, result["outcome"]) == (0, "cancelled"), said[-3000:]
    assert [r["action"] for r in server.portal.record] == ["cancel"]
    assert server.portal.signins == 1
    folder = Path(result["evidence_dir"])
    manifest = manifest_of(folder)
    signed = manifest["sign_in"]
    assert [("human" in s["how"], "window" in s["how"]) for s in signed] == [(True, True)], signed
    assert leaks(folder, planted(PASSWORD, Portal.SIGNIN_CODE, CARD_DIGITS)) == []


def test_person_slower_than_the_timeout_still_signs_in(
    runs: Runs, sandbox: Callable[..., Any], browser: Any, tmp_path: Path
) -> None:
    """The person takes longer to sign in than --timeout, and than a step's bound (twice that): human time is
    not counted, so the run waits for them and goes on."""
    timeout = 4
    server = sandbox("office365", "mosa,signed_out=1")
    boxes = field_boxes(browser, server.url)
    person = Person(runs.env)
    argv = ("run", "office365", "--dry-run", "--headed", "--base-url", server.url, "--timeout", str(timeout))
    proc = runs.start(*argv, "--json", "--evidence-dir", str(tmp_path / "ev"))
    window = person.window("Sign in")
    logged(tmp_path / "ev", "waiting_for_human_sign_in")
    time.sleep(2 * timeout + 1)  # the person reads the screen, finds the password…
    if proc.poll() is not None:
        _, result, _ = runs.finish(proc)
        pytest.fail(f"the run did not wait for the person: {result['outcome']}: {result['message']}")
    person.sign_in(window, boxes)
    code, result, said = runs.finish(proc)
    assert (code, result["outcome"]) == (0, "dry-run-complete"), said[-3000:]
    assert server.portal.signins == 1


def test_person_closes_the_window_mid_run(
    runs: Runs, sandbox: Callable[..., Any], cli: Callable[..., Any], tmp_path: Path
) -> None:
    """The person closes the browser window while the walk is on: the run ends failed (exit 1) at once, not
    after --timeout, says the window was closed, and its folder verifies."""
    timeout = 30
    server = sandbox("office365", "mosa,slow=1.5")  # each screen answers 1.5 s late: the walk is still on
    person, terminal = Person(runs.env), Terminal()
    argv = ("run", "office365", "--dry-run", "--headed", "--base-url", server.url, "--timeout", str(timeout))
    proc = runs.start(*argv, "--json", "--evidence-dir", str(tmp_path / "ev"), terminal=terminal)
    window = person.window()
    terminal.wait_for("[2/", WINDOW_SHOWS)
    person.close(window)
    closed = time.monotonic()
    terminal.wait_for(" failed in ", RUN_ENDS)  # the step's end, as the progress says it
    noticed = time.monotonic() - closed
    code, result, said = runs.finish(proc, terminal)

    assert (code, result["outcome"]) == (1, "failed"), said[-3000:]
    assert noticed < timeout / 2, f"the run noticed the closed window after {noticed:.1f}s: {result['message']}"
    assert "window was closed" in result["message"] and "get_by_role" not in result["message"]  # a line to read
    assert cli("evidence", "verify", result["evidence_dir"]).code == 0
    assert server.portal.record == []
