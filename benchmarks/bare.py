"""One bare walk: Playwright start, browser launch, a vendor's flow steps called directly, no runner, no evidence.

Playwright starts and the browser launches as the checkout's own runs do (``runners.browser.started`` where
it has one, else ``sync_playwright``; ``runners.browser.launch``).

Usage:  python benchmarks/bare.py VENDOR URL [--code DIR]

It stops before the flow's irreversible click and prints the seconds it took. ``--code`` names the checkout
whose flows walk (default: this one), so that ``bench.py --against`` times two checkouts with this same
script: a walk then pays for the flows' own imports and questions, never for a harness's. It reads the
layout from before vendor plugins too (``flows.load_flow``, e.g. 19a3d22).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _load_flow(vendor: str) -> Any:
    try:
        from runners.vendors import load_flow
    except ImportError:  # a checkout from before vendor plugins
        from flows import load_flow  # type: ignore[attr-defined,no-redef]
    return load_flow(vendor)


def walk(vendor: str, url: str) -> float:
    """The same clicks with nothing around them: the flow's steps until its cancellation control."""
    from playwright.sync_api import sync_playwright

    from runners import browser as browsers
    from runners.model import FlowContext

    # Playwright started as the checkout's own runs start it (with its driver's compile cache since 6de53f9)
    starting = getattr(browsers, "started", sync_playwright)
    start = time.perf_counter()
    with starting() as pw:
        browser = browsers.launch(pw)
        context = browser.new_context(**browsers.context_args("en", "UTC"))
        page = context.new_page()
        ctx = FlowContext(page=page, options={"base_url": url, "locale": "en"})
        for step in _load_flow(vendor).steps:
            step.run(ctx)
            if step.irreversible and not step.skippable:
                break
        browser.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("vendor")
    parser.add_argument("url")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose flows walk")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    print(f"{walk(args.vendor, args.url):.3f}")


if __name__ == "__main__":
    main()
