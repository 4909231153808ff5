"""Where a run's time goes: a bare Playwright walk vs. ``cancelproof run --dry-run``, per vendor.

Usage:  python benchmarks/bench.py [--runs 5] [--vendors office365,salesforce,linkedin] [--batch 1,4,16]

For each vendor, on the same sandbox portal and the same Chromium, it times (medians over --runs):
  a) bare:   Playwright start, browser launch, the flow's own steps called directly (the same clicks, no
             runner, no evidence), stopping before the irreversible click;
  b) run:    cancelproof's dry run with default evidence (captures, log, manifest, trace, report PDF);
  c) notrace: the same without the Playwright trace;
twice: inside this process (the runner's own cost), and as whole processes (`python bench.py --bare`
against `cancelproof run … --base-url`, what a user waits for). It prints b/a and c/a, the cost of each
evidence part (from the run's own timings), the captures (how each was taken, how many screens were
unchanged and not captured again) and the size of an evidence folder with and without the trace. Then the
cold start of `cancelproof --help` and `cancelproof plan office365` as whole processes, and batches of N
dry runs (one browser per worker, a context per run) with 1 and 2 jobs. It prints what it measured; it
asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from runners import browser as browsers  # noqa: E402
from runners.gate import ScriptedConfirmer  # noqa: E402
from runners.model import FlowContext, Mode  # noqa: E402
from runners.results import Progress, RunOptions  # noqa: E402
from runners.runner import run  # noqa: E402
from runners.vendors import load_flow, portal_class  # noqa: E402
from sandboxes.server import SandboxServer  # noqa: E402

SCENARIO = {"office365": "mosa", "salesforce": "contracted", "linkedin": "current"}
QUIET = Progress(open(Path("/dev/null"), "w"))  # noqa: SIM115 - lives as long as the benchmark


def bare(vendor: str, url: str) -> float:
    """The same clicks with nothing around them: the flow's steps until its cancellation control."""
    from playwright.sync_api import sync_playwright

    start = time.perf_counter()
    with sync_playwright() as pw:
        browser = browsers.launch(pw)
        context = browser.new_context(**browsers.context_args("en", "UTC"))
        page = context.new_page()
        ctx = FlowContext(page=page, options={"base_url": url, "locale": "en"})
        for step in load_flow(vendor).steps:
            step.run(ctx)
            if step.irreversible and not step.skippable:
                break
        browser.close()
    return time.perf_counter() - start


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
    return timed([sys.executable, __file__, "--bare", vendor, url])


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


def batch(n: int, jobs: int, evidence: Path) -> float:
    from runners.batch import run_many

    items = [
        (
            f"office365-{i}",
            RunOptions(vendor="office365", mode=Mode.DRY_RUN, sandbox="", evidence_dir=evidence, trace=False),
        )
        for i in range(n)
    ]
    start = time.perf_counter()
    results = run_many(items, ScriptedConfirmer(), stream=QUIET.stream, jobs=jobs)
    seconds = time.perf_counter() - start
    assert all(str(r.outcome) == "dry-run-complete" for r in results)
    return seconds


def main() -> None:
    if sys.argv[1:2] == ["--bare"]:  # one bare walk as a process of its own (see bare_process)
        bare(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--vendors", default=",".join(SCENARIO))
    parser.add_argument("--batch", default="1,4,16", help="batch sizes to time (empty: none)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cancelproof-bench-"))
    print(f"{args.runs} runs each; medians in seconds; evidence in {work}\n")
    header = f"{'a bare':>7} {'b run':>7} {'c no-trace':>10} {'b/a':>5} {'c/a':>5}"
    print(f"{'':11} {'inside one process':^37}   {'as whole processes':^37}")
    print(f"{'vendor':11} {header}   {header}   {'folder':>8} {'no trace':>8}  captures")
    parts_all: dict[str, list[float]] = {}
    for vendor in args.vendors.split(","):
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
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
