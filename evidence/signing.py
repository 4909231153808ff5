"""Optional signature of manifest.json with an Ed25519 key kept in the OS keyring (``run --sign``).

``signatures.json`` holds a list of signatures over manifest.json's exact bytes (and an empty
``timestamps`` list, kept for readers of the format: RFC 3161 tokens live in ``timestamp.tsr``, see
evidence/timestamp.py). ``signing-key.pub`` is the public key (PEM) for a reader
without cancelproof: ``openssl pkeyutl -verify -pubin -inkey signing-key.pub -rawin -in manifest.json
-sigfile <(base64 -d <<< SIGNATURE)``.

The key is kept in a :class:`KeyStore` the caller hands in (the runner's is the OS keyring,
runners/credentials.py): evidence/ itself never touches a keyring.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any, Protocol

from evidence.atomic import replace_file
from evidence.errors import UsageError
from evidence.recorder import MANIFEST, utc_now

SIGNATURES = "signatures.json"
PUBLIC_KEY = "signing-key.pub"
KEY_NAME = "evidence-signing-key"


class KeyStore(Protocol):
    """Where the signing key is kept between runs (runners/credentials.py: the OS keyring)."""

    def get_secret(self, name: str) -> str | None: ...

    def set_secret(self, name: str, value: str) -> None: ...


def _crypto() -> Any:
    try:
        from cryptography.hazmat.primitives.asymmetric import ed25519  # the optional extra cancelproof[sign]
    except ImportError:
        msg = "--sign needs the cryptography package: pip install 'cancelproof[sign]'"
        raise UsageError(msg) from None
    return ed25519


def _private_key(keys: KeyStore) -> Any:
    """The tool's signing key from ``keys``; made and stored there on first use."""
    ed25519 = _crypto()
    stored = keys.get_secret(KEY_NAME)
    if stored:
        return ed25519.Ed25519PrivateKey.from_private_bytes(base64.b64decode(stored))
    key = ed25519.Ed25519PrivateKey.generate()
    from cryptography.hazmat.primitives import serialization  # the optional extra, there once _crypto() passed

    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    keys.set_secret(KEY_NAME, base64.b64encode(raw).decode())
    return key


def sign(folder: Path, keys: KeyStore) -> dict[str, Any]:
    """Sign manifest.json with the key kept in ``keys``; write signatures.json and signing-key.pub (0600).

    Raises:
        UsageError: the cryptography package (the extra cancelproof[sign]) is not installed.
    """
    key = _private_key(keys)
    from cryptography.hazmat.primitives import serialization  # the optional extra, there once _crypto() passed

    data = (folder / MANIFEST).read_bytes()
    public = key.public_key()
    entry = {
        "type": "ed25519",
        "signed_file": MANIFEST,
        "sha256": hashlib.sha256(data).hexdigest(),
        "public_key": base64.b64encode(
            public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        ).decode(),
        "signature": base64.b64encode(key.sign(data)).decode(),
        "signed_at": utc_now(),
    }
    pem = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    replace_file(folder / PUBLIC_KEY, pem)
    replace_file(folder / SIGNATURES, (json.dumps({"signatures": [entry], "timestamps": []}, indent=2) + "\n").encode())
    return entry


def check(folder: Path) -> list[tuple[str, bool, str]]:
    """(name, ok, detail) for each signature in signatures.json; empty when the run was not signed."""
    path = folder / SIGNATURES
    if not path.is_file():
        return []
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        ed25519 = _crypto()
    except (ValueError, UsageError) as exc:
        return [(SIGNATURES, False, str(exc))]
    data = (folder / MANIFEST).read_bytes()
    out = []
    for sig in doc.get("signatures", []):
        try:
            public = ed25519.Ed25519PublicKey.from_public_bytes(base64.b64decode(sig["public_key"]))
            public.verify(base64.b64decode(sig["signature"]), data)
            ok, detail = True, f"Ed25519 signature of manifest.json valid (key {sig['public_key'][:12]}…)"
        except Exception as exc:  # InvalidSignature, bad base64, a missing field: all mean "not valid"
            ok, detail = False, f"signature of manifest.json does not verify ({type(exc).__name__})"
        out.append((SIGNATURES, ok, detail))
    pub = folder / PUBLIC_KEY
    if pub.is_file() and doc.get("signatures"):
        from cryptography.hazmat.primitives import serialization  # the optional extra, there once _crypto() passed

        key = serialization.load_pem_public_key(pub.read_bytes())
        raw = base64.b64encode(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)).decode()
        same = raw == doc["signatures"][0]["public_key"]
        out.append((PUBLIC_KEY, same, "matches the signature's key" if same else "is not the key that signed"))
    return out
