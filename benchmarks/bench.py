"""Where a run's time goes: a bare Playwright walk vs. ``cancelproof run --dry-run``, per vendor.

Usage:  python benchmarks/bench.py [--runs 5] [--vendors office365,salesforce,linkedin] [--batch 1,4,16] [--grid 16]

For each vendor, on the same sandbox portal and the same Chromium, it times (medians over --runs):
  a) bare:   Playwright start, browser launch, the flow's own steps called directly (the same clicks, no
             runner, no evidence), stopping before the irreversible click;
  b) run:    cancelproof's dry run with default evidence (captures, log, manifest, trace, report PDF);
  c) notrace: the same without the Playwright trace;
twice: inside this process (the runner's own cost), and as whole processes (`python benchmarks/bare.py`
against `cancelproof run … --base-url`, what a user waits for). It prints b/a and c/a, the cost of each
evidence part (from the run's own timings), the captures (how each was taken, how many screens were
unchanged and not captured again) and the size of an evidence folder with and without the trace. Then the
cold start of `cancelproof --help` and `cancelproof plan office365` as whole processes, and batches of N
dry runs (one browser per worker, a context per run) with 1 and 2 jobs. Last, --grid N dry runs with 2 jobs
over two remote browsers (two Chromiums of this machine with a remote debugging port, reached over the
Chrome DevTools protocol: `--browser-endpoint`) against the same with Chromiums of the batch's own. It prints
what it measured; it asserts nothing.

With --against DIR (another checkout, e.g. `git worktree add /tmp/before 19a3d22`), it compares instead:
a and b as whole processes, this checkout's and DIR's taken in turn (ABBA) --runs times per vendor, each
on its own default sandbox, with this environment's packages; a is the same script (bare.py) walking each
checkout's flows, so that neither pays for a harness's imports, with Playwright started and the browser launched
as that checkout's own runs do it. A minute when the machine is slower then hits
both alike; it prints both medians, their ratio, in how many pairs this checkout was the faster, and the
CPU seconds every process of a run used (median). Each checkout launches the browser its own code finds (it
prints which); with CANCELPROOF_BROWSER=PATH both launch the same one, and only the code differs.

On one machine the grid ratio is near 1: the same cores run the same browsers, the protocol goes over a
socket instead of a pipe. With browsers on other machines, see docs/scale.md ("How the time scales").
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE = Path(__file__).with_name("bare.py")  # one bare walk as a process of its own
sys.path.insert(0, str(ROOT))

from bare import walk as bare  # noqa: E402 - benchmarks/bare.py, beside this file

from runners import browser as browsers  # noqa: E402
from runners.gate import ScriptedConfirmer  # noqa: E402
from runners.model import Mode  # noqa: E402
from runners.results import Progress, RunOptions  # noqa: E402
from runners.runner import run  # noqa: E402
from runners.vendors import portal_class  # noqa: E402
from sandboxes.server import SandboxServer  # noqa: E402

SCENARIO = {"office365": "mosa", "salesforce": "contracted", "linkedin": "current"}
QUIET = Progress(open(Path("/dev/null"), "w"))  # noqa: SIM115 - lives as long as the benchmark


def cancelproof(vendor: str, url: str, evidence: Path, trace: bool) -> tuple[float, dict[str, float], Path]:
    start = time.perf_counter()
    result = run(
        RunOptions(vendor=vendor, mode=Mode.DRY_RUN, base_url=url, evidence_dir=evidence, trace=trace),
        ScriptedConfirmer(),
        QUIET,
    )
    seconds = time.perf_counter() - start
    assert str(result.outcome) == "dry-run-complete", result.message  # a benchmark of a broken run is noise
    return seconds, result.timings, Path(result.evidence_dir)


def timed(command: list[str]) -> float:
    """Seconds one whole process takes (its output is not shown)."""
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True, cwd=ROOT)
    return time.perf_counter() - start


def bare_process(vendor: str, url: str) -> float:
    return timed([sys.executable, str(BARE), vendor, url])


def run_process(vendor: str, url: str, evidence: Path, trace: bool) -> float:
    argv = ["run", vendor, "--dry-run", "--base-url", url, "--evidence-dir", str(evidence), "--json"]
    return timed([sys.executable, "-m", "runners", *argv, *([] if trace else ["--no-trace"])])


def captures(folder: Path) -> Counter[str]:
    """How the run's screenshots were taken, and how many screens were shown again rather than recaptured."""
    files = json.loads((folder / "manifest.json").read_text())["files"]
    shots = [f for f in files if f["media_type"] == "image/png"]
    counted = Counter(str(f.get("capture") or "?") for f in shots)
    counted["unchanged"] = sum(len(f.get("shown_again", [])) for f in shots)
    return counted


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def process(argv: list[str], runs: int) -> float:
    return statistics.median(timed([sys.executable, "-m", "runners", *argv]) for _ in range(runs))


def batch(n: int, jobs: int, evidence: Path, endpoints: tuple[str, ...] = ()) -> float:
    """N office365 dry runs on one sandbox portal, ``jobs`` at a time, on Chromiums of the batch's own or on
    the remote browsers at ``endpoints``."""
    from runners.batch import run_batch

    with SandboxServer(portal_class("office365")("mosa")) as server:
        items = [
            (
                f"office365-{i}",
                RunOptions(
                    vendor="office365",
                    mode=Mode.DRY_RUN,
                    base_url=server.url,
                    sandbox="mosa",
                    evidence_dir=evidence,
                    trace=False,
                ),
            )
            for i in range(n)
        ]
        start = time.perf_counter()
        ran = run_batch(items, ScriptedConfirmer(), stream=QUIET.stream, jobs=jobs, endpoints=endpoints)
        seconds = time.perf_counter() - start
    assert all(str(r.result.outcome) == "dry-run-complete" for r in ran), [r.result.message for r in ran]
    assert not endpoints or {r.endpoint for r in ran} == set(endpoints)  # both browsers took entries
    return seconds


@contextmanager
def remote_browsers(count: int, work: Path) -> Iterator[tuple[str, ...]]:
    """``count`` Chromiums of this machine serving the Chrome DevTools protocol: their endpoints."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        executable = browsers.find_browser(pw) or pw.chromium.executable_path
    args = browsers.launch_args(executable, headed=False)["args"]
    processes, endpoints = [], []
    try:
        for i in range(count):
            profile = work / f"remote-{i}"
            profile.mkdir(parents=True)
            command = [executable, "--headless", "--remote-debugging-port=0", f"--user-data-dir={profile}", *args]
            # a session of its own: its end ends the whole browser, not only a launcher script (Debian's)
            processes.append(
                subprocess.Popen([*command, "about:blank"], stderr=subprocess.DEVNULL, start_new_session=True)
            )
            active = profile / "DevToolsActivePort"
            while not (active.is_file() and active.read_text().strip()):
                time.sleep(0.02)
            endpoints.append(f"http://127.0.0.1:{active.read_text().split()[0]}")
        yield tuple(endpoints)
    finally:
        for process in processes:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            process.wait()


@contextmanager
def sandbox_of(root: Path, vendor: str) -> Iterator[str]:
    """``root``'s own sandbox portal for ``vendor`` (``cancelproof sandbox``, run from that checkout): its URL."""
    command = [sys.executable, "-m", "runners", "sandbox", vendor, "--port", "0", "--scenario", SCENARIO[vendor]]
    server = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()  # "… sandbox (scenario) at http://127.0.0.1:PORT/  (Ctrl-C stops)"
        url = next((word for word in line.split() if word.startswith("http://")), "")
        assert url, f"{root}: the sandbox did not start ({line.strip()!r})"
        yield url
    finally:
        server.terminate()
        server.wait()


def _commands(root: Path, vendor: str, url: str, evidence: Path) -> dict[str, list[str]]:
    """A bare walk (a) and a dry run (b) of checkout ``root``, as whole processes."""
    run = ["run", vendor, "--dry-run", "--base-url", url, "--evidence-dir", str(evidence), "--json"]
    return {
        "a": [sys.executable, str(BARE), vendor, url, "--code", str(root)],  # the same script for both
        "b": [sys.executable, "-m", "runners", *run],
    }


def _cpu_of_children() -> float:
    """CPU seconds of this process's finished children so far (the browser, the driver and Python alike)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def browser_of(root: Path) -> str:
    """The Chromium checkout ``root`` launches for a run without a window (its own ``find_browser``)."""
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); from playwright.sync_api import sync_playwright;"
        "from runners.browser import find_browser\nwith sync_playwright() as pw:"
        " print(find_browser(pw) or pw.chromium.executable_path)"
    )
    found = subprocess.run([sys.executable, "-c", probe, str(root)], capture_output=True, text=True, cwd=root)
    return found.stdout.strip() or f"? ({found.stderr.strip().splitlines()[-1:]})"


def against(other: Path, vendors: list[str], runs: int) -> None:
    """This checkout and ``other`` taken in turn: a bare walk and a dry run, each as a whole process."""
    here = ROOT
    print(f"this checkout ({here}) against {other}: whole processes, taken in turn, {runs} pairs each")
    print(f"browsers: here {browser_of(here)}, there {browser_of(other)} (CANCELPROOF_BROWSER=PATH: the same)")
    half = f"{'here':>7} {'there':>7} {'ratio':>6} {'faster':>7}"
    print(f"{'':11} {'a: bare walk':^29}   {'b: run --dry-run':^29}   CPU seconds (all processes)")
    print(f"{'vendor':11} {half}   {half}   a here/there, b here/there")
    with tempfile.TemporaryDirectory(prefix="cancelproof-bench-") as work:
        for vendor in vendors:
            times: dict[tuple[str, Path], list[float]] = {}
            cpu: dict[tuple[str, Path], list[float]] = {}
            with sandbox_of(here, vendor) as url_here, sandbox_of(other, vendor) as url_there:
                urls = {here: url_here, other: url_there}
                for i in range(runs):
                    for root in (here, other) if i % 2 == 0 else (other, here):  # ABBA
                        evidence = Path(work) / f"{vendor}-{i}-{root.name}"
                        for kind, command in _commands(root, vendor, urls[root], evidence).items():
                            used = _cpu_of_children()
                            start = time.perf_counter()
                            subprocess.run(command, capture_output=True, check=True, cwd=root)
                            times.setdefault((kind, root), []).append(time.perf_counter() - start)
                            cpu.setdefault((kind, root), []).append(_cpu_of_children() - used)
            cells = []
            for kind in ("a", "b"):
                mine, theirs = times[(kind, here)], times[(kind, other)]
                m, t = statistics.median(mine), statistics.median(theirs)
                faster = sum(x < y for x, y in zip(mine, theirs, strict=True))
                cells.append(f"{m:7.2f} {t:7.2f} {m / t:6.2f} {faster:>3}/{runs:<3}")
            spent = [statistics.median(cpu[(kind, root)]) for kind in ("a", "b") for root in (here, other)]
            print(f"{vendor:11} {cells[0]}   {cells[1]}   {'/'.join(f'{c:.2f}' for c in spent)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--vendors", default=",".join(SCENARIO))
    parser.add_argument("--batch", default="1,4,16", help="batch sizes to time (empty: none)")
    parser.add_argument("--grid", type=int, default=16, help="dry runs over two remote browsers (0: none)")
    parser.add_argument("--against", type=Path, help="another checkout to compare with, taken in turn")
    args = parser.parse_args()
    if args.against:
        against(args.against.resolve(), list(filter(None, args.vendors.split(","))), args.runs)
        return
    work = Path(tempfile.mkdtemp(prefix="cancelproof-bench-"))
    print(f"{args.runs} runs each; medians in seconds; evidence in {work}\n")
    header = f"{'a bare':>7} {'b run':>7} {'c no-trace':>10} {'b/a':>5} {'c/a':>5}"
    print(f"{'':11} {'inside one process':^37}   {'as whole processes':^37}")
    print(f"{'vendor':11} {header}   {header}   {'folder':>8} {'no trace':>8}  captures")
    parts_all: dict[str, list[float]] = {}
    for vendor in filter(None, args.vendors.split(",")):  # --vendors "": none (only the batches)
        with SandboxServer(portal_class(vendor)(SCENARIO.get(vendor))) as server:
            bare(vendor, server.url)  # warm the disk cache once
            times: dict[str, list[float]] = {k: [] for k in ("a", "b", "c", "pa", "pb", "pc")}
            sizes, sizes_nt = [], []
            for _ in range(args.runs):  # interleaved, so that a slower minute of the machine hits all alike
                times["a"].append(bare(vendor, server.url))
                seconds, timings, folder_b = cancelproof(vendor, server.url, work / vendor, trace=True)
                times["b"].append(seconds)
                sizes.append(size(folder_b))
                for part, value in timings.items():
                    parts_all.setdefault(f"{vendor}:{part}", []).append(value)
                seconds, _, folder = cancelproof(vendor, server.url, work / f"{vendor}-nt", trace=False)
                times["c"].append(seconds)
                sizes_nt.append(size(folder))
                times["pa"].append(bare_process(vendor, server.url))
                times["pb"].append(run_process(vendor, server.url, work / f"{vendor}-p", trace=True))
                times["pc"].append(run_process(vendor, server.url, work / f"{vendor}-pnt", trace=False))
            kinds = captures(folder_b)  # the same screens every run: the last run's manifest says
        m = {k: statistics.median(v) for k, v in times.items()}
        parts_all[f"{vendor}:trace (b - c)"] = [m["b"] - m["c"]]  # the DOM snapshots of every action
        cells = [
            f"{m[a]:7.2f} {m[b]:7.2f} {m[c]:10.2f} {m[b] / m[a]:5.2f} {m[c] / m[a]:5.2f}"
            for a, b, c in (("a", "b", "c"), ("pa", "pb", "pc"))
        ]
        taken = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
        print(
            f"{vendor:11} {cells[0]}   {cells[1]}   {statistics.median(sizes) / 1e6:6.2f}MB"
            f" {statistics.median(sizes_nt) / 1e6:6.2f}MB  {taken}"
        )
    print("\nevidence parts per run, inside one process (median seconds):")
    for key in sorted(parts_all):
        print(f"  {key:32} {statistics.median(parts_all[key]):6.3f}")
    print("\ncold start, whole process (median):")
    print(f"  cancelproof --help           {process(['--help'], args.runs):.3f} s")
    print(f"  cancelproof plan office365   {process(['plan', 'office365'], args.runs):.3f} s")
    sizes_wanted = [int(n) for n in args.batch.split(",") if n.strip()]
    if sizes_wanted:
        print("\nbatch of N office365 dry runs, trace off (seconds, one run each):")
        for n in sizes_wanted:
            one = batch(n, 1, work / f"batch-{n}-1")
            two = batch(n, 2, work / f"batch-{n}-2")
            print(f"  N={n:3}  jobs=1 {one:7.2f} ({one / n:5.2f}/run)   jobs=2 {two:7.2f} ({two / n:5.2f}/run)")
    if args.grid:
        n = args.grid
        print(f"\n{n} office365 dry runs, jobs=2, trace off: two remote browsers vs Chromiums of the batch's own")
        local, remote = [], []
        with remote_browsers(2, work) as endpoints:
            for i in range(max(1, args.runs // 2)):  # interleaved, as above
                local.append(batch(n, 2, work / f"grid-local-{i}"))
                remote.append(batch(n, 2, work / f"grid-remote-{i}", endpoints))
        one, two = statistics.median(local), statistics.median(remote)
        print(f"  local  {one:7.2f} ({one / n:5.2f}/run)")
        print(f"  remote {two:7.2f} ({two / n:5.2f}/run)   remote/local {two / one:5.2f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
