"""``python -m cli``: the same command as ``cancelproof``."""

from cli import command

command()
