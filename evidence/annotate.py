"""Annotated copies for the report (Pillow): a caption band and a box around the control clicked.

Copies are JPEG (quality 82): they are for reading, the raw PNG stays the record.

The raw screenshot is never touched: the copy goes to ``annotated/`` and is derived, like the report
(listed in report.sha256, rebuilt by ``evidence report``).
"""

from __future__ import annotations

import base64
import io
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidence.atomic import replacing

if TYPE_CHECKING:
    from PIL import ImageFont

BAND = 44
THUMB_WIDTH = 340
_thumbs: dict[str, str] = {}  # annotated copy's path → its thumbnail (a data: URI), made with the copy
_lock = threading.Lock()
MAX_HEIGHT = 2400  # long pages are cut for the report; the raw file keeps the full page


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    from PIL import ImageFont  # Pillow loads with the first copy, in the recorder's thread: not at start-up

    for name in ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "Arial.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default()


def caption(shot: dict[str, Any]) -> tuple[str, str]:
    first = f"{shot.get('captured_at', '')} UTC · step {shot.get('step', '')} · sha256 {shot['sha256'][:12]}"
    return first.replace("Z UTC", " UTC"), str(shot.get("url", ""))


def annotated_copy(folder: Path, shot: dict[str, Any]) -> str:
    """Write ``annotated/<name>`` for a raw screenshot entry of the manifest; return its relative path."""
    rel = "annotated/" + Path(shot["path"]).with_suffix(".jpg").name
    out = folder / rel
    if out.exists():
        return rel
    from PIL import Image, ImageDraw  # Pillow loads with the first copy, in the recorder's thread: not at start-up

    with Image.open(folder / shot["path"]) as raw:
        image = raw.convert("RGB")
    if image.height > MAX_HEIGHT:
        image = image.crop((0, 0, image.width, MAX_HEIGHT))
    copy = Image.new("RGB", (image.width, image.height + BAND), "#111111")
    copy.paste(image, (0, BAND))
    draw = ImageDraw.Draw(copy)
    line1, line2 = caption(shot)
    draw.text((10, 5), line1, fill="#ffffff", font=_font(15))
    draw.text((10, 24), line2[:160], fill="#bbbbbb", font=_font(13))
    box = shot.get("clicked_box")
    if box:
        x, y, w, h = box["x"], box["y"] + BAND, box["width"], box["height"]
        for grow in range(3):
            draw.rectangle((x - 4 - grow, y - 4 - grow, x + w + 4 + grow, y + h + 4 + grow), outline="#e81123")
    out.parent.mkdir(mode=0o700, exist_ok=True)
    with replacing(out) as fh:
        copy.save(fh, format="JPEG", quality=82)  # a derived copy for reading: small and fast to make
    copy.thumbnail((THUMB_WIDTH, THUMB_WIDTH * 3))
    buffer = io.BytesIO()
    copy.save(buffer, format="JPEG", quality=70)
    with _lock:
        _thumbs[str(out)] = "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode()
    return rel


def forget(folder: Path) -> None:
    """Drop the thumbnails of ``folder`` once its report is built (a batch makes many reports)."""
    prefix = str(folder / "annotated") + os.sep
    with _lock:
        for key in [k for k in _thumbs if k.startswith(prefix)]:
            del _thumbs[key]


def thumbnail(folder: Path, rel: str) -> str:
    """The small JPEG of an annotated copy for the report's timeline, as a data: URI."""
    path = folder / rel
    with _lock:
        cached = _thumbs.get(str(path))  # a screen shown at several steps is drawn once
    if cached:
        return cached
    if not rel or not path.exists():
        return ""
    from PIL import Image  # Pillow loads with the first copy, in the recorder's thread: not at start-up

    with Image.open(path) as image:
        copy = image.convert("RGB")
    copy.thumbnail((THUMB_WIDTH, THUMB_WIDTH * 3))
    buffer = io.BytesIO()
    copy.save(buffer, format="JPEG", quality=70)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode()
