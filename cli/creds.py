"""``creds``: store, check or delete a password in the OS keyring."""

from __future__ import annotations

import argparse
from typing import Any

from cli.options import Console, fmt


def add_creds(sub: Any) -> None:
    cr = sub.add_parser(
        "creds",
        help="store, check or delete a password in the OS keyring",
        formatter_class=fmt,
        epilog="Example:\n  cancelproof creds set office365 admin@contoso.com\n"
        '  printf %s "$PW" | cancelproof creds set salesforce me@x.com --password-stdin',
    )
    cr.add_argument("action", choices=("set", "delete", "status"))
    cr.add_argument("vendor", metavar="VENDOR")
    cr.add_argument("account", metavar="ACCOUNT")
    cr.add_argument("--password-stdin", action="store_true", help="read the password from standard input")


def creds(args: argparse.Namespace, io: Console) -> int:
    from runners import credentials  # keyring only for this command: start-up time

    return credentials.command(args.action, args.vendor, args.account, args.password_stdin, io.out, io.err)
