"""schemathesis against the daemon's own OpenAPI document: generated requests (valid, invalid and stateful
sequences) must never get a 5xx, and every answer must match what the document says."""
import shutil
import subprocess

from conftest import ROOT, Daemon


def test_schemathesis_finds_no_server_error_and_no_undocumented_answer(data_dir):
    st = shutil.which("st") or shutil.which("schemathesis")
    assert st, "schemathesis is missing: pip install -r Tests/e2e/requirements.txt"
    daemon = Daemon(data_dir).start()
    try:
        token = daemon.token(role="clinician")
        base = f"https://localhost:{daemon.port}"
        result = subprocess.run(
            [st, "run", f"{base}/api/v1/openapi.json", "--url", base, "-H", f"Authorization: Bearer {token}",
             "--tls-verify", str(data_dir / "tls" / "dev-ca.pem"), "--checks", "all",
             # Schema-valid but unknown protocols and ids are refused by design (422/404), and Hummingbird answers an
             # undeclared method with 404 rather than 405: neither is a defect of the contract.
             "--exclude-checks", "positive_data_acceptance,unsupported_method",
             "--max-examples", "25", "--seed", "1"],
            cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
        assert "passed" in result.stdout
    finally:
        daemon.stop()
