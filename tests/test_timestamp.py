"""RFC 3161 trusted timestamps against a local authority (``openssl ts -reply`` behind a loopback server)."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
import threading
import zipfile
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from evidence.timestamp import TOKEN, ask
from tests.helpers import free_port, manifest_of

TSA_CONFIG = """[tsa]
default_tsa = tsa_config
[tsa_config]
dir = {dir}
serial = {dir}/serial
crypto_device = builtin
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


@dataclass
class Authority:
    """A time-stamping authority on loopback: its URL, its CA (PEM) and its own certificate."""

    name: str
    url: str
    ca: Path
    cert: Path


def openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_authority(folder: Path, name: str) -> tuple[Path, Path, Path, Path]:
    """A CA and a TSA certificate it signed (extendedKeyUsage critical timeStamping): ca, cert, key, config."""
    folder.mkdir()
    days = ("-days", "30")
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", *days,
            "-subj", f"/CN={name} Root CA", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=folder)  # fmt: skip
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr",
            "-subj", f"/CN={name}", cwd=folder)  # fmt: skip
    (folder / "tsa.ext").write_text(
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n"
    )
    openssl("x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "tsa.pem", *days, "-extfile", "tsa.ext", cwd=folder)  # fmt: skip
    (folder / "serial").write_text("01\n")
    (folder / "ts.cnf").write_text(TSA_CONFIG.format(dir=folder))  # no `certs =`: see docs/design.md
    return folder / "ca.pem", folder / "tsa.pem", folder / "tsa.key", folder / "ts.cnf"


def serve(folder: Path, cert: Path, key: Path, config: Path) -> ThreadingHTTPServer:
    """POST a TimeStampReq, get ``openssl ts -reply``'s TimeStampResp (one request at a time: one serial file)."""
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            query = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with lock:
                (folder / "q.tsq").write_bytes(query)
                reply = ["openssl", "ts", "-reply", "-config", str(config), "-queryfile", "q.tsq"]
                done = subprocess.run(
                    [*reply, "-inkey", str(key), "-signer", str(cert), "-out", "r.tsr"],
                    cwd=folder,
                    capture_output=True,
                )
                body = (folder / "r.tsr").read_bytes() if done.returncode == 0 else b""
            self.send_response(200 if body else 500)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def authorities(tmp_path_factory):
    """The trusted authority and another one nobody trusts, both up for the module."""
    made, servers = {}, []
    for name in ("Test TSA", "Rogue TSA"):
        folder = tmp_path_factory.mktemp("tsa") / name.replace(" ", "-")
        ca, cert, key, config = make_authority(folder, name)
        server = serve(folder, cert, key, config)
        servers.append(server)
        made[name] = Authority(name, f"http://127.0.0.1:{server.server_address[1]}/tsr", ca, cert)
    yield made
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="module")
def stamped(authorities, tmp_path_factory, browser):
    """A dry run on the Office 365 sandbox, stamped by the trusted authority at the end of the run."""
    import io

    from cli import main
    from runners.gate import ScriptedConfirmer

    out, err = io.StringIO(), io.StringIO()
    run = ["run", "office365", "--dry-run", "--sandbox", "--json", "--evidence-dir", str(tmp_path_factory.mktemp("ev"))]
    code = main(
        [*run, "--timestamp", authorities["Test TSA"].url],
        confirmer=ScriptedConfirmer(),
        stdout=out,
        stderr=err,
        browser=browser,
    )
    assert code == 0, err.getvalue()
    return Path(json.loads(out.getvalue())["evidence_dir"])


def closed_port_url() -> str:
    return f"http://127.0.0.1:{free_port()}/tsr"


def page_one(folder: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(folder / "report.pdf"), "-"], check=True, capture_output=True, text=True
    )
    return " ".join(done.stdout.split())


def test_a_run_keeps_the_authoritys_token_and_verify_prints_its_time(stamped, authorities, cli):
    """--timestamp URL: timestamp.tsr (0600) in the folder; verify --tsa-ca checks it and says who and when."""
    token = stamped / TOKEN
    assert stat.S_IMODE(token.stat().st_mode) == 0o600
    tsa = authorities["Test TSA"]
    result = cli("evidence", "verify", str(stamped), "--tsa-ca", str(tsa.ca))
    assert result.code == 0, result.out
    line = next(ln for ln in result.out.splitlines() if ln.startswith(f"ok   {TOKEN}"))
    assert "manifest.json timestamped by Test TSA at 20" in line and " UTC" in line
    assert f"signature checked against {tsa.ca}" in line
    assert "timestamped by Test TSA at" in page_one(stamped)
    # the same token, checked without cancelproof
    verify = ["openssl", "ts", "-verify", "-in", str(token), "-data", str(stamped / "manifest.json")]
    check = subprocess.run(
        [*verify, "-CAfile", str(tsa.ca), "-untrusted", str(tsa.cert)],
        capture_output=True,
        text=True,
    )
    assert "Verification: OK" in check.stdout, check.stderr
    # the token goes with the export, and the unzipped export verifies with it
    shared = stamped.parent / "dispute.zip"
    assert cli("evidence", "export", str(stamped), "-o", str(shared), "--force").code == 0
    with zipfile.ZipFile(shared) as zf:
        assert f"{stamped.name}/{TOKEN}" in zf.namelist()
        zf.extractall(stamped.parent / "unzipped")
    assert cli("evidence", "verify", str(stamped.parent / "unzipped" / stamped.name), "--tsa-ca", str(tsa.ca)).code == 0
    # without a CA: the token covers the manifest; verify says the signature was not checked
    plain = cli("evidence", "verify", str(stamped))
    assert plain.code == 0 and "unverified: give --tsa-ca FILE" in plain.out


def test_a_token_for_another_manifest_is_altered(stamped, authorities, cli, tmp_path):
    """A real token of the same authority, for other bytes: exit 1, the token named, one line on stderr."""
    folder = tmp_path / stamped.name
    shutil.copytree(stamped, folder)
    (folder / TOKEN).write_bytes(ask(authorities["Test TSA"].url, b"another manifest"))
    result = cli("evidence", "verify", str(folder), "--tsa-ca", str(authorities["Test TSA"].ca))
    assert result.code == 1
    assert f"FAIL {TOKEN}: altered: it stamps sha256" in result.out
    assert len(result.err.strip().splitlines()) == 1 and TOKEN in result.err


def test_a_token_from_an_untrusted_authority_is_refused_in_one_line(stamped, authorities, cli, tmp_path):
    """Stamped by an authority the CA bundle does not vouch for: exit 1, one line, no traceback."""
    folder = tmp_path / stamped.name
    shutil.copytree(stamped, folder)
    (folder / TOKEN).unlink()
    (folder / TOKEN).write_bytes(ask(authorities["Rogue TSA"].url, (folder / "manifest.json").read_bytes()))
    result = cli("evidence", "verify", str(folder), "--tsa-ca", str(authorities["Test TSA"].ca))
    assert result.code == 1
    assert f"FAIL {TOKEN}: manifest.json timestamped by Rogue TSA at" in result.out
    assert f"signed by an authority {authorities['Test TSA'].ca} does not trust" in result.out
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err + result.out
    # the rogue authority's own CA does vouch for it
    assert cli("evidence", "verify", str(folder), "--tsa-ca", str(authorities["Rogue TSA"].ca)).code == 0


def test_an_authority_that_is_down_leaves_the_stamp_missing_and_a_later_stamp_fills_it(
    sandbox, run_on, authorities, cli
):
    """The run ends with its folder; the manifest and page one say the stamp is missing; verify: intact.
    `evidence timestamp` stamps it later, and the rebuilt page one says by whom and when."""
    down = closed_port_url()
    result = run_on(sandbox("office365"), "--dry-run", "--timestamp", down)
    assert result.code == 0, result.err
    folder = result.folder
    assert not (folder / TOKEN).exists()
    missing = manifest_of(folder)["timestamp"]
    assert missing["tsa"] == down and "cannot reach the time-stamping authority" in missing["missing"]
    assert "Trusted timestamp missing: cannot reach the time-stamping authority" in page_one(folder)
    verdict = cli("evidence", "verify", str(folder))
    assert verdict.code == 0 and "ok   timestamp: missing: cannot reach" in verdict.out

    tsa = authorities["Test TSA"]
    later = cli("evidence", "timestamp", str(folder), "--tsa", tsa.url)
    assert later.code == 0, later.err
    assert "manifest.json timestamped by Test TSA at" in later.out
    assert cli("evidence", "verify", str(folder), "--tsa-ca", str(tsa.ca)).code == 0
    assert "timestamped by Test TSA at" in page_one(folder)
    again = cli("evidence", "timestamp", str(folder), "--tsa", tsa.url)
    assert again.code == 2 and "never replaced" in again.err


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["evidence", "timestamp", "{tmp}", "--tsa", "{url}"], "not a cancelproof run folder"),
        (["evidence", "timestamp", "{tmp}", "--tsa", "ftp://x"], "bad time-stamping authority URL"),
        (["evidence", "verify", "{tmp}", "--tsa-ca", "{tmp}/none.pem"], "no such file"),
        (["run", "office365", "--dry-run", "--sandbox", "--timestamp", "tsa.example"], "bad time-stamping"),
    ],
)
def test_timestamp_usage_errors_are_one_line_and_exit_2(cli, tmp_path, authorities, argv, words):
    """Not a run folder, a URL that is no URL, a CA file that is not there: one line, exit 2."""
    url = authorities["Test TSA"].url
    result = cli(*[a.format(tmp=tmp_path, url=url) for a in argv])
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1 and words in result.err, result.err
