"""Trusted timestamps (RFC 3161): an authority's signed word that manifest.json existed at a given time.

A signature made with the operator's own key proves who signed, never when: a time-stamping authority
(TSA) does. ``run --timestamp URL`` (or later ``evidence timestamp RUN_DIR --tsa URL``) sends the
sha256 of manifest.json's exact bytes, with a nonce, and keeps the authority's whole answer as
``timestamp.tsr`` (a DER TimeStampResp, as ``openssl ts -reply`` writes it; ``openssl ts -verify
-in timestamp.tsr -data manifest.json -CAfile CA.pem`` checks it without cancelproof).

``verify`` checks that the token covers this manifest and prints the authority's time; with ``--tsa-ca
FILE`` it checks the token's signature up to that CA bundle (without it, the stamp is said to be
unverified). An authority that cannot be reached does not stop a run: the manifest records the
stamp as missing, verify says so and the folder is still intact; stamp it later.

The parsing and the signature checks are rfc3161-client's (no hand-written ASN.1 here).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from evidence.errors import EvidenceError, UsageError
from evidence.recorder import MANIFEST

TOKEN = "timestamp.tsr"
FILES = (TOKEN,)  # what verify accepts beside the manifest and export ships (evidence/verify.py's hook)
TIMEOUT = 20.0  # seconds to wait for the authority
LIMIT = 1 << 20  # an answer larger than this is no timestamp reply

Result = tuple[str, bool, str]


class TimestampError(EvidenceError):
    """The authority could not be asked, or its answer is no stamp of this manifest (exit 1)."""


@dataclass(frozen=True)
class Stamp:
    """What a token says: who stamped, when (UTC), and the sha256 it covers."""

    authority: str
    time: datetime
    sha256: str

    def when(self) -> str:
        return f"{self.time.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"


def check_url(url: str) -> str:
    """``--timestamp`` / ``--tsa``: a full http(s) URL.

    Raises:
        UsageError: anything else.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        msg = f"bad time-stamping authority URL {url!r}: give a full http(s) URL such as https://tsa.example.com/tsr"
        raise UsageError(msg)
    return url


def ask(url: str, data: bytes, timeout: float = TIMEOUT) -> bytes:
    """The authority's answer (DER TimeStampResp) for the sha256 of ``data``, checked to cover it.

    Raises:
        TimestampError: the authority is down or refuses, or its answer is not a stamp of ``data``.
    """
    import urllib.error  # only when asking an authority: every report reads this module (start-up time)
    import urllib.request  # the same: http.client and ssl come with it

    from rfc3161_client import HashAlgorithm, TimestampRequestBuilder  # a run without --timestamp never loads it

    query = TimestampRequestBuilder().data(data).hash_algorithm(HashAlgorithm.SHA256).build()
    request = urllib.request.Request(
        url, data=query.as_bytes(), headers={"Content-Type": "application/timestamp-query"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            body = bytes(answer.read(LIMIT + 1))
    except urllib.error.HTTPError as exc:
        msg = f"the time-stamping authority at {url} answered HTTP {exc.code} {exc.reason}"
        raise TimestampError(msg) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        why = getattr(exc, "reason", None) or exc
        msg = f"cannot reach the time-stamping authority at {url}: {why}"
        raise TimestampError(msg) from None
    stamp = parse(body)
    if stamp is None:
        msg = f"the time-stamping authority at {url} did not answer with a timestamp (RFC 3161) reply"
        raise TimestampError(msg)
    response, got = stamp
    if response.status not in (0, 1):  # granted, granted with modifications
        msg = f"the time-stamping authority at {url} refused: {' '.join(response.status_string) or response.status}"
        raise TimestampError(msg)
    if got.sha256 != hashlib.sha256(data).hexdigest() or response.tst_info.nonce != query.nonce:
        msg = f"the time-stamping authority at {url} answered for another request"
        raise TimestampError(msg)
    return body


def stamp(folder: Path, url: str) -> Stamp:
    """Ask ``url`` to stamp the folder's manifest.json; keep its answer as timestamp.tsr (0600, never replaced).

    Raises:
        UsageError: the folder has a token already.
        TimestampError: see :func:`ask`.
    """
    body = ask(check_url(url), (folder / MANIFEST).read_bytes())
    try:
        fd = os.open(folder / TOKEN, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        msg = f"{folder} has a {TOKEN} already: a token is never replaced"
        raise UsageError(msg) from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(body)
    parsed = parse(body)
    assert parsed is not None  # ask() parsed it
    return parsed[1]


def parse(body: bytes) -> tuple[Any, Stamp] | None:
    """The decoded response and what it says, or None when ``body`` is no timestamp reply."""
    from rfc3161_client import decode_timestamp_response  # only when a token is read: start-up time

    try:
        response = decode_timestamp_response(body)
        info = response.tst_info
        return response, Stamp(_authority(response), info.gen_time, info.message_imprint.message.hex())
    except Exception:  # the parser's errors (ValueError and its own): damage is an answer, not a crash
        return None


def read(folder: Path) -> Stamp | None:
    """The folder's stamp, for the report (None when there is none, or it is unreadable)."""
    path = folder / TOKEN
    if not path.is_file() or path.is_symlink() or path.stat().st_size > LIMIT:
        return None
    parsed = parse(path.read_bytes())
    return parsed[1] if parsed else None


def check(folder: Path, manifest_bytes: bytes, tsa_ca: Path | None) -> list[Result]:
    """verify's checks of the stamp: it covers this manifest, its signature holds, the authority's time.

    Empty when the run asked for no stamp and has none. A stamp the manifest records as missing is
    said, not failed: the folder is intact without it.
    """
    try:
        asked = json.loads(manifest_bytes).get("timestamp")
    except (ValueError, AttributeError, UnicodeDecodeError):
        asked = None
    asked = asked if isinstance(asked, dict) else {}
    path = folder / TOKEN
    if path.is_symlink() or (path.exists() and not path.is_file()):
        return [(TOKEN, False, "not a regular file")]
    if not path.exists():
        if asked.get("missing"):
            return [("timestamp", True, f"missing: {asked['missing']} (the folder's other checks stand)")]
        return []
    if path.stat().st_size > LIMIT:
        return [(TOKEN, False, "too large to be a timestamp token")]
    parsed = parse(path.read_bytes())
    if parsed is None:
        return [(TOKEN, False, "unreadable: not an RFC 3161 timestamp reply")]
    response, got = parsed
    ours = hashlib.sha256(manifest_bytes).hexdigest()
    if got.sha256 != ours:
        return [(TOKEN, False, f"altered: it stamps sha256 {got.sha256[:12]}…, manifest.json is {ours[:12]}…")]
    said = f"manifest.json timestamped by {got.authority} at {got.when()}"
    if tsa_ca is None:  # the signature can only be checked up to a CA the reader trusts
        return [(TOKEN, True, f"{said}; unverified: give --tsa-ca FILE (the authority's CA) to check its signature")]
    try:
        roots = _bundle(tsa_ca)
    except (OSError, ValueError) as exc:
        return [(TOKEN, False, f"{said}, but --tsa-ca {tsa_ca} cannot be read: {exc}")]
    problem = _signature_problem(response, manifest_bytes, roots)
    if problem:
        return [(TOKEN, False, f"{said}, signed by an authority {tsa_ca} does not trust ({problem})")]
    return [(TOKEN, True, f"{said}; signature checked against {tsa_ca}")]


def _signature_problem(response: Any, manifest_bytes: bytes, roots: list[Any]) -> str:
    from rfc3161_client import VerificationError, VerifierBuilder  # only when a token is checked: start-up time

    builder = VerifierBuilder()
    for cert in roots:
        builder = builder.add_root_certificate(cert)
    try:
        builder.build().verify_message(response, manifest_bytes)
    except VerificationError as exc:  # OpenSSL's words are long: keep the reason it gives
        said = str(exc).strip()
        reason = re.search(r"Verify error: ([^\"]+)", said)
        return reason.group(1) if reason else (said.splitlines()[0][:120] if said else type(exc).__name__)
    except Exception as exc:  # the verifier's own parsing errors: a token it cannot check does not hold
        return type(exc).__name__
    return ""


def _bundle(path: Path) -> list[Any]:
    """Every certificate of a PEM bundle (the authority's CA, and its own certificate if given)."""
    from cryptography import x509  # rfc3161-client's own dependency, loaded with it: start-up time

    certs = x509.load_pem_x509_certificates(path.read_bytes())
    if not certs:
        msg = "no certificate in it"
        raise ValueError(msg)
    return list(certs)


def _embedded(response: Any) -> list[Any]:
    """The certificates inside the token: enough to check the signature, not to trust the authority."""
    from cryptography import x509  # rfc3161-client's own dependency, loaded with it: start-up time

    return [x509.load_der_x509_certificate(der) for der in response.signed_data.certificates]


def _authority(response: Any) -> str:
    """The authority's name: the token's ``tsa`` field, else its signing certificate's common name."""
    from cryptography import x509  # rfc3161-client's own dependency, loaded with it: start-up time

    name = None
    try:
        named = response.tst_info.name
        name = named.value if isinstance(named, x509.DirectoryName) else None
    except Exception:  # the field is optional: no name is no error
        name = None
    if name is None:
        certs = _embedded(response)
        name = certs[0].subject if certs else None
    if name is None:
        return "an unnamed authority"
    common = name.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(common[0].value) if common else name.rfc4514_string()
