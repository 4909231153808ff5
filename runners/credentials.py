"""Passwords (and the signing key) in the OS keyring. The only module that imports keyring.

Every secret handed out is registered with the log redactor first, so it can never reach a log line,
a text capture or a report. A headless server usually has no keyring backend, and a
``PYTHON_KEYRING_BACKEND`` may name one that is not installed: each is one clear line naming the
variable (and its value) and the backends that work there, exit 2, never keyring's traceback.
"""

from __future__ import annotations

import getpass
import os
import sys
from typing import IO, Any

from evidence.redact import remember_secret
from runners.errors import UsageError

SERVICE = "cancelproof"
ENV = "PYTHON_KEYRING_BACKEND"
SECRET_SERVICE = "keyring.backends.SecretService.Keyring with gnome-keyring running"
ALT = "keyrings.alt.file.EncryptedKeyring after `pip install keyrings.alt`"
NO_BACKEND = (
    "no usable keyring backend: on a desktop, unlock your keychain (GNOME Keyring / KWallet via Secret Service,"
    " macOS Keychain, Windows Credential Locker); on a server, install one and choose it with "
    "PYTHON_KEYRING_BACKEND, e.g. `pip install secretstorage` with gnome-keyring running "
    "(PYTHON_KEYRING_BACKEND=keyring.backends.SecretService.Keyring), or `pip install keyrings.alt` "
    "(PYTHON_KEYRING_BACKEND=keyrings.alt.file.EncryptedKeyring)"
)


def _loaded() -> Any:
    """keyring's backend, as ``PYTHON_KEYRING_BACKEND`` (or keyring's config file) chooses it.

    Raises:
        UsageError: the backend named there does not load.
    """
    import keyring  # it loads its backends: only when a password is read or stored (start-up time)

    try:
        return keyring.get_keyring()
    except Exception as exc:  # keyring imports and starts whatever is named: any error can come out of it
        raise UsageError(_unloadable(exc)) from None


def _unloadable(exc: Exception) -> str:
    """One line: which setting names a backend that does not load, why, and how to fix it."""
    named = os.environ.get(ENV)
    if named is not None:
        setting, undo = f"{ENV}={named}", f"unset {ENV}"
    else:
        from keyring.util import platform_  # keyring, as above: only when a password is read or stored

        setting, undo = f"keyring's config file {platform_.config_root() / 'keyringrc.cfg'}", "remove that file"
    fix, working = "", f"{SECRET_SERVICE}, or {ALT}"
    if isinstance(exc, ModuleNotFoundError):
        missing = exc.name or "its module"
        said = f"names a keyring backend whose module {missing} is not installed"
        if missing.split(".")[0] == "keyrings":
            fix, working = "`pip install keyrings.alt`, ", SECRET_SERVICE
    elif isinstance(exc, ValueError) and "module name" in str(exc):
        said = "is not a keyring backend's module.Class name"
    elif isinstance(exc, AttributeError):
        said = f"names a class its module does not have ({exc})"
    else:  # the backend loaded and refused to start here (keyring says why)
        said = f"names a keyring backend that does not start here ({type(exc).__name__}: {' '.join(str(exc).split())})"
    return f"{setting} {said}: {fix}name one that works here ({working}), or {undo} to let keyring choose"


def check_backend(*, needed: bool = False) -> None:
    """Say now, before anything starts, when the keyring is set up wrong (commands that may need it call this).

    Args:
        needed: the command will surely use the keyring (``run --sign``): having no backend at all is an
            error too. Otherwise it may not be (a saved ``--profile`` session spares the password).

    Raises:
        UsageError: the backend named does not load, or ``needed`` and there is none.
    """
    if needed:
        _keyring()
    else:
        _loaded()


def _keyring() -> Any:
    """The keyring module, once its backend is known to be usable.

    Raises:
        UsageError: the backend named does not load, or there is none (keyring's ``fail`` backend, or the
            chainer with nothing behind it).
    """
    import keyring  # it loads its backends: only when a password is read or stored (start-up time)

    backend = _loaded()
    name = type(backend).__module__ + "." + type(backend).__name__
    priority = getattr(backend, "priority", 1)
    if "fail" in name.lower() or "null" in name.lower() or (isinstance(priority, int | float) and priority <= 0):
        raise UsageError(NO_BACKEND)
    return keyring


def service(vendor: str) -> str:
    return f"{SERVICE}:{vendor}"


def backend_name() -> str:
    kr = _keyring()
    backend = kr.get_keyring()
    return f"{type(backend).__module__}.{type(backend).__name__}"


def get_password(vendor: str, account: str) -> str | None:
    """The stored password for ``account`` at ``vendor``, or None; a found one is redacted from now on."""
    if not account:
        return None
    kr = _keyring()
    try:
        value = kr.get_password(service(vendor), account)
    except Exception as exc:  # a locked or broken keychain: the user gets one line, not a backend traceback
        msg = f"the keyring could not be read ({type(exc).__name__}): {NO_BACKEND}"
        raise UsageError(msg) from None
    if value:
        remember_secret(value)
    return str(value) if value else None


def set_password(vendor: str, account: str, password: str) -> None:
    remember_secret(password)
    kr = _keyring()
    try:
        kr.set_password(service(vendor), account, password)
    except Exception as exc:  # same: one line whatever the backend raised
        msg = f"the keyring refused to store the password ({type(exc).__name__}): {NO_BACKEND}"
        raise UsageError(msg) from None


def delete_password(vendor: str, account: str) -> bool:
    kr = _keyring()
    try:
        kr.delete_password(service(vendor), account)
    except Exception:  # keyring raises PasswordDeleteError when there is nothing to delete
        return False
    return True


def get_secret(name: str) -> str | None:
    """A tool secret (the evidence signing key), stored under the "cancelproof" service."""
    kr = _keyring()
    value = kr.get_password(SERVICE, name)
    if value:
        remember_secret(value)
    return str(value) if value else None


def set_secret(name: str, value: str) -> None:
    remember_secret(value)
    _keyring().set_password(SERVICE, name, value)


def command(action: str, vendor: str, account: str, password_stdin: bool, out: IO[str], err: IO[str]) -> int:
    """``cancelproof creds (set | delete | status) VENDOR ACCOUNT [--password-stdin]``."""
    from runners.vendors import vendor as registered  # reads the entry points only for this command: start-up time

    registered(vendor)  # an unknown vendor is a usage error before the keyring is touched
    if action == "status":
        stored = get_password(vendor, account) is not None
        out.write(
            f"{vendor} {account}: {'password stored' if stored else 'no password stored'} (backend {backend_name()})\n"
        )
        return 0 if stored else 1
    if action == "delete":
        deleted = delete_password(vendor, account)
        out.write(f"{vendor} {account}: {'deleted' if deleted else 'nothing was stored'}\n")
        return 0
    _keyring()  # say there is no backend before asking for a password
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        if not sys.stdin.isatty():
            msg = "creds set: no terminal for a hidden prompt; pipe the password with --password-stdin"
            raise UsageError(msg)
        password = getpass.getpass(f"Password for {account} at {vendor} (hidden): ", stream=err)  # type: ignore[arg-type]
    if not password:
        msg = "creds set: empty password, nothing stored"
        raise UsageError(msg)
    set_password(vendor, account, password)
    out.write(f"{vendor} {account}: password stored in the keyring\n")
    return 0
