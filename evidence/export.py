"""``evidence export``: the shareable part of a run folder, as a zip a card issuer can check by hand.

Withheld: ``internal/`` (the Playwright trace holds cookies and DOM) and the DOM captures ``pages/*.html``
(they hold form values). EXPORT.json names what was withheld so ``evidence verify`` reports it as
withheld rather than missing; README.txt says how to check every file with sha256sum.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from evidence.recorder import MANIFEST
from evidence.verify import EXPORT_NOTE
from runners.errors import UsageError

README = """Cancellation evidence exported by cancelproof
==============================================

manifest.json lists every file captured during the run with its SHA-256 hash, size, the step that made
it, the page's URL and the UTC time of capture. log.jsonl is a hash chain: each line's "hash" is the
SHA-256 of the previous line's hash followed by the line's own canonical JSON (without "hash").

To check by hand on any computer:
  1. sha256sum manifest.json      (compare with the hash printed in the report's footer)
  2. sha256sum <file>             for each file, and compare with its "sha256" in manifest.json
  3. sha256sum -c report.sha256   for the report and its annotated screenshots
Or, with cancelproof installed:  cancelproof evidence verify <this folder>

Withheld from this export (kept on the machine that ran it, listed in EXPORT.json):
{withheld}
"""


def _withheld(rel: str) -> bool:
    return rel.startswith("internal/") or (rel.startswith("pages/") and rel.endswith(".html"))


def export(folder: Path, output: Path) -> Path:
    """Write ``output`` (a zip) with the shareable files of ``folder``.

    Raises:
        UsageError: not a run folder, or the zip cannot be written.
    """
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        msg = f"{folder} has no {MANIFEST}: not a cancelproof run folder"
        raise UsageError(msg)
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    withheld = sorted(f["path"] for f in manifest["files"] if _withheld(f["path"]))
    root = folder.resolve().name
    try:
        with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                rel = path.relative_to(folder).as_posix()
                if _withheld(rel) or rel.endswith(".tmp"):
                    continue
                zf.write(path, f"{root}/{rel}")
            zf.writestr(
                f"{root}/{EXPORT_NOTE}",
                json.dumps(
                    {
                        "withheld": withheld,
                        "why": "internal/ holds the browser trace (cookies, DOM); pages/*.html hold form values",
                    },
                    indent=2,
                )
                + "\n",
            )
            zf.writestr(
                f"{root}/README.txt", README.format(withheld="\n".join(f"  {w}" for w in withheld) or "  (nothing)")
            )
    except OSError as exc:
        msg = f"cannot write {output}: {exc.strerror or exc}"
        raise UsageError(msg) from None
    return output
