"""The evidence library's own errors: one line for the user, with the outcome and exit code it ends a command with.

evidence/ imports nothing of the run loop: the command line catches these beside the runner's errors
(``runners.errors.RunnerError``), and the runner turns one raised during a run into its own
(``runners.results.from_evidence``). The codes are docs/design.md's: 1 failed, 2 usage.
"""

from __future__ import annotations


class EvidenceError(Exception):
    """Base of every error evidence/ raises on purpose: the message is one line, exit 1."""

    outcome = "failed"
    exit_code = 1


class UsageError(EvidenceError):
    """Bad input: not a run folder, a bad URL, an output where none may go, a missing extra (exit 2)."""

    outcome = "usage"
    exit_code = 2


class NotWritable(UsageError):
    """The evidence folder, or a file in it, could not be written (exit 2)."""
