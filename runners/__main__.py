"""``python -m runners`` is the ``cancelproof`` command (kept for scripts that call it so)."""

from cli import command

command()
