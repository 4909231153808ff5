"""Where a run's time goes: a bare Playwright walk vs. ``cancelproof run --dry-run``, per vendor.

Usage:  python benchmarks/bench.py [--runs 5] [--vendors office365,salesforce,linkedin] [--batch 1,4,16]

For each vendor, on the same sandbox portal and the same Chromium, it times (medians over --runs):
  a) bare:   Playwright start, browser launch, the flow's own steps called directly (the same clicks, no
             runner, no evidence), stopping before the irreversible click;
  b) run:    cancelproof's dry run with default evidence (captures, log, manifest, trace, report PDF);
  c) notrace: the same without the Playwright trace;
and prints b/a and c/a, the cost of each evidence part (from the run's own timings), and the size of an
evidence folder with and without the trace. Then the cold start of `cancelproof --help` and
`cancelproof plan office365` as whole processes, and batches of N dry runs (one browser per worker,
a context per run) with 1 and 2 jobs. It prints what it measured; it asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows import load_flow, portal_class  # noqa: E402
from flows.sandbox import SandboxServer  # noqa: E402
from runners import browser as browsers  # noqa: E402
from runners.gate import ScriptedConfirmer  # noqa: E402
from runners.model import FlowContext, Mode  # noqa: E402
from runners.results import Progress, RunOptions  # noqa: E402
from runners.runner import run  # noqa: E402

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


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def process(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "runners", *argv], capture_output=True, check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--vendors", default=",".join(SCENARIO))
    parser.add_argument("--batch", default="1,4,16", help="batch sizes to time (empty: none)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cancelproof-bench-"))
    print(f"{args.runs} runs each; medians in seconds; evidence in {work}\n")
    print(
        f"{'vendor':11} {'a bare':>7} {'b run':>7} {'c no-trace':>10} {'b/a':>5} {'c/a':>5}"
        f" {'folder':>9} {'no trace':>9}"
    )
    parts_all: dict[str, list[float]] = {}
    for vendor in args.vendors.split(","):
        with SandboxServer(portal_class(vendor)(SCENARIO.get(vendor))) as server:
            bare(vendor, server.url)  # warm the disk cache once
            a = [bare(vendor, server.url) for _ in range(args.runs)]
            b, c, sizes, sizes_nt = [], [], [], []
            for _ in range(args.runs):
                seconds, timings, folder = cancelproof(vendor, server.url, work / vendor, trace=True)
                b.append(seconds)
                sizes.append(size(folder))
                for part, value in timings.items():
                    parts_all.setdefault(f"{vendor}:{part}", []).append(value)
                seconds, _, folder = cancelproof(vendor, server.url, work / f"{vendor}-nt", trace=False)
                c.append(seconds)
                sizes_nt.append(size(folder))
        ma, mb, mc = statistics.median(a), statistics.median(b), statistics.median(c)
        print(
            f"{vendor:11} {ma:7.2f} {mb:7.2f} {mc:10.2f} {mb / ma:5.2f} {mc / ma:5.2f}"
            f" {statistics.median(sizes) / 1e6:7.2f}MB {statistics.median(sizes_nt) / 1e6:7.2f}MB"
        )
    print("\nevidence parts per run (median seconds): ")
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
