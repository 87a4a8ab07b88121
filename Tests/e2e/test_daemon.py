"""Black-box tests of the real crisisd binary: durability across kill -9, TLS from outside, CLI verbs,
and logs, metrics and pages free of patient data."""
import json
import signal
import sqlite3
import subprocess
import sys
import time

from conftest import ONCALL_SECRET, SUPERVISOR_SECRET, Daemon, Receiver, free_port, verify_signature

HIGH = {"q1": "no", "q2": "no", "q6": "yes", "q6_recent": "yes"}
SUBJECT = {"system": "urn:oid:2.16.840.1.113883.19.5.99", "value": "E2E-MRN-8675309"}


def receiver_env(oncall_port, supervisor_port=None):
    env = {
        "CRISISD_ONCALL_WEBHOOK_URL": f"http://127.0.0.1:{oncall_port}/hook",
        "CRISISD_ONCALL_WEBHOOK_SECRET": ONCALL_SECRET,
    }
    if supervisor_port:
        env["CRISISD_SUPERVISOR_WEBHOOK_URL"] = f"http://127.0.0.1:{supervisor_port}/hook"
        env["CRISISD_SUPERVISOR_WEBHOOK_SECRET"] = SUPERVISOR_SECRET
    return env


def test_high_screen_pages_signed_webhook(data_dir):
    with Receiver() as oncall:
        daemon = Daemon(data_dir, env=receiver_env(oncall.port)).start()
        try:
            token = daemon.token()
            status, headers, body = daemon.request(
                "POST", "/api/v1/assessments", {"protocol": "cssrs_screen_recent", "answers": HIGH, "subject": SUBJECT,
                                                "site": "ed-east"}, token)
            assert status == 201, body
            created = json.loads(body)
            assert created["tier"] == "high" and created["outcome"] == "high"
            assert created["fired"][0]["rule"] == "behaviour_past_3_months"
            assert oncall.wait_for(1)
            page_headers, page_body, _ = oncall.received[0]
            assert verify_signature(ONCALL_SECRET, page_headers, page_body)
            page = json.loads(page_body)
            # The page names the episode (the case), never the subject.
            assert page["data"]["ref"] == created["episode"]["id"]
            assert page["type"] == "crisis.episode.triggered"
            assert SUBJECT["value"] not in page_body.decode()
        finally:
            assert daemon.stop() == 0


def test_kill9_after_201_redelivers_with_the_same_webhook_id(data_dir):
    oncall_port = free_port()  # nothing listens yet: the page cannot be delivered before the kill
    daemon = Daemon(data_dir, env=receiver_env(oncall_port)).start()
    token = daemon.token()
    status, _, body = daemon.request(
        "POST", "/api/v1/assessments", {"protocol": "cssrs_screen_recent", "answers": HIGH, "subject": SUBJECT}, token)
    assert status == 201, body
    assessment_id = json.loads(body)["id"]
    daemon.kill9()

    with sqlite3.connect(data_dir / "crisisd.sqlite") as db:
        rows = db.execute("SELECT id, status FROM outbox WHERE assessment_id = ? AND receiver = 'oncall'",
                          (assessment_id,)).fetchall()
    assert len(rows) == 1 and rows[0][1] == "pending"
    page_id = rows[0][0]

    with Receiver(port=oncall_port) as oncall:
        restarted = Daemon(data_dir, env=receiver_env(oncall_port))
        restarted.port = daemon.port
        restarted.start()
        try:
            # Due at once after the restart, not after the backoff scheduled before the kill.
            assert oncall.wait_for(1, timeout=5)
            assert "outbox.resumed" in restarted.log_text()
            headers, page_body, _ = oncall.received[0]
            assert headers["webhook-id"] == page_id
            assert verify_signature(ONCALL_SECRET, headers, page_body)
            status, _, body = restarted.request("GET", f"/api/v1/assessments/{assessment_id}", token=token)
            assert status == 200
        finally:
            restarted.stop()


def test_receiver_errors_then_success_keeps_the_webhook_id(data_dir):
    with Receiver(statuses=[500, 500]) as oncall:
        daemon = Daemon(data_dir, env=receiver_env(oncall.port)).start()
        try:
            token = daemon.token()
            status, _, _ = daemon.request(
                "POST", "/api/v1/assessments", {"protocol": "cssrs_screen_recent", "answers": HIGH, "subject": SUBJECT},
                token)
            assert status == 201
            assert oncall.wait_for(3, timeout=30)
            ids = {headers["webhook-id"] for headers, _, _ in oncall.received}
            assert len(ids) == 1
            assert all(verify_signature(ONCALL_SECRET, h, b) for h, b, _ in oncall.received)
        finally:
            daemon.stop()


def test_tls_graded_mozilla_intermediate_by_sslyze(data_dir):
    daemon = Daemon(data_dir).start()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "sslyze", "--mozilla_config=intermediate",
             f"--certinfo_ca_file={data_dir / 'tls' / 'dev-ca.pem'}", "--tlsv1_1", "--tlsv1", f"localhost:{daemon.port}"],
            capture_output=True, text=True, timeout=300)
        output = result.stdout
        assert result.returncode == 0, output
        assert f"localhost:{daemon.port}: OK - Compliant." in output, output
        # sslyze carries its own OpenSSL, which still speaks TLS 1.0 and 1.1: the refusal is the server's.
        for version in ("1.0", "1.1"):
            section = output.split(f"* TLS {version} Cipher Suites:")[1].split("*")[0]
            assert "the server rejected all cipher suites" in section, output
    finally:
        daemon.stop()


def test_logs_metrics_and_errors_carry_no_patient_data(data_dir):
    seeds = ["E2E-MRN-8675309", "urn:oid:2.16.840.1.113883.19.5.99", "E2EANSWER", "E2EREASON-SEED", "E2ENOTE-SEED"]
    with Receiver() as oncall, Receiver() as supervisor:
        daemon = Daemon(data_dir, env=receiver_env(oncall.port, supervisor.port), dev=False).start()
        try:
            token = daemon.token()
            bodies = [
                {"protocol": "cssrs_screen_recent", "answers": HIGH, "subject": SUBJECT},
                # Another subject: a screen for the same one would join the first episode without a new page.
                {"protocol": "cssrs_screen_recent", "answers": {"q1": "E2EANSWER", "q2": "yes", "q6": "no"},
                 "subject": {**SUBJECT, "value": SUBJECT["value"] + "-B"}},
                {"protocol": "cssrs_screen_recent", "answers": {"q1": ["E2EANSWER"]}, "subject": SUBJECT},
            ]
            responses = [daemon.request("POST", "/api/v1/assessments", body, token) for body in bodies]
            assert [status for status, _, _ in responses] == [201, 201, 422]
            clinician = daemon.token(role="clinician")
            override = daemon.request("POST", f"/api/v1/assessments/{json.loads(responses[0][2])['id']}/overrides",
                                      {"tier": "moderate", "reason": "E2EREASON-SEED after SAFE-T"}, clinician)
            assert override[0] == 201 and json.loads(override[2])["status"] == "pending_cosign"
            assert oncall.wait_for(2)
            episode = json.loads(responses[0][2])["episode"]["id"]
            resolved = daemon.request("POST", f"/api/v1/episodes/{episode}/resolve",
                                      {"disposition": "other", "note": "E2ENOTE-SEED spoke with E2E-MRN-8675309"}, clinician)
            assert resolved[0] == 200
            assert oncall.wait_for(3)
            status, _, metrics = daemon.request("GET", "/metrics")
            assert status == 200
            metrics = metrics.decode()
            assert "crisisd_assessments_total" in metrics
            assert "crisisd_page_delivery_attempts_total" in metrics
            assert "crisisd_outbox_depth" in metrics
        finally:
            daemon.stop()
        log = daemon.log_text()
        for line in log.splitlines():
            json.loads(line)  # every log line is one JSON object
        pages = b"".join(body for _, body, _ in oncall.received + supervisor.received).decode()
        for seed in seeds:
            assert seed not in log, seed
            assert seed not in metrics, seed
            assert seed not in pages, seed
            assert seed not in responses[2][2].decode(), seed


def test_sigterm_shuts_down_gracefully(data_dir):
    daemon = Daemon(data_dir).start()
    daemon.process.send_signal(signal.SIGTERM)
    assert daemon.process.wait(timeout=20) == 0
    daemon.log.close()
    assert "server.stopped" in daemon.log_text()


def test_serve_refuses_to_start_when_high_has_no_receiver_unless_dev(data_dir):
    daemon = Daemon(data_dir, dev=False)
    daemon.start(expect_ready=False)
    assert daemon.process.wait(timeout=20) != 0
    daemon.log.close()
    assert "server.start_refused" in daemon.log_text()
    assert "--dev" in daemon.log_text()


def test_revoked_token_is_refused(data_dir):
    daemon = Daemon(data_dir).start()
    try:
        token = daemon.token(name="lab-system")
        assert daemon.request("GET", "/api/v1/assessments/asm_none", token=token)[0] == 404
        listing = daemon.run_cli("token", "list", "--data-dir", str(data_dir))
        assert "lab-system\tehr" in listing.stdout and token not in listing.stdout
        assert daemon.run_cli("token", "revoke", "--data-dir", str(data_dir), "lab-system").returncode == 0
        assert daemon.request("GET", "/api/v1/assessments/asm_none", token=token)[0] == 401
    finally:
        daemon.stop()


def test_unknown_config_key_is_named(tmp_path):
    config = tmp_path / "crisisd.yaml"
    config.write_text("listen:\n  port: 9443\n  hots: 0.0.0.0\n")
    daemon = Daemon(tmp_path / "var")
    result = daemon.run_cli("serve", "--config", str(config), "--data-dir", str(tmp_path / "var"), "--dev")
    assert result.returncode != 0
    assert "listen.hots" in result.stderr + result.stdout


def test_check_and_explain(tmp_path):
    daemon = Daemon(tmp_path / "var")
    check = daemon.run_cli("check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 errors" in check.stdout
    explain = daemon.run_cli("explain", "--protocol", "cssrs_screen_recent", "--answers", "-", "--format", "json",
                             stdin=json.dumps({"q1": "no", "q2": "no", "q6": "yes"}))
    assert explain.returncode == 0, explain.stderr
    result = json.loads(explain.stdout)
    assert result["outcome"] == "invalid" and result["tier"] == "high"
    assert result["problems"][0]["item"] == "q6_recent"
    for key in ["protocol", "version", "hash", "outcome", "score", "flags", "fired", "problems"]:
        assert key in result
    unknown = daemon.run_cli("explain", "--protocol", "nope", "--answers", "-", stdin="{}")
    assert unknown.returncode != 0


def test_sighup_reloads_definitions(data_dir):
    daemon = Daemon(data_dir).start()
    try:
        daemon.process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 10
        while "definitions.reloaded" not in daemon.log_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "definitions.reloaded" in daemon.log_text()
        assert daemon.request("GET", "/readyz")[0] == 200
    finally:
        assert daemon.stop() == 0


def test_check_fails_with_located_messages_on_a_broken_protocol(tmp_path):
    import shutil
    from conftest import ROOT
    protocols = tmp_path / "Protocols"
    shutil.copytree(ROOT / "Protocols", protocols)
    path = protocols / "cssrs_screen_recent" / "protocol.yaml"
    text = path.read_text().replace("    asked_if: q2 == yes\n", "    asked_iff: q2 == yes\n", 1)
    text = text.replace("    when: q3 == yes\n", "    when: q3 == maybe\n", 1)
    path.write_text(text)
    daemon = Daemon(tmp_path / "var")
    result = daemon.run_cli("check", "--protocols", str(protocols))
    assert result.returncode == 1
    lines = text.splitlines()
    typo_line = lines.index("    asked_iff: q2 == yes") + 1
    rule_line = lines.index("    when: q3 == maybe") + 1
    assert f"protocol.yaml:{typo_line}:5: error[unknown-key] (items[2].asked_iff): unknown key 'asked_iff' (did you mean 'asked_if'?)" in result.stdout
    assert f"protocol.yaml:{rule_line}:17: error[condition-type] (rules[1].when): 'maybe' is not an option of 'q3' (options: yes, no)" in result.stdout


def test_healthcheck_and_review(data_dir):
    daemon = Daemon(data_dir).start()
    try:
        ok = daemon.run_cli("healthcheck", "--data-dir", str(data_dir), "--port", str(daemon.port))
        assert ok.returncode == 0, ok.stdout + ok.stderr
        assert "database: ok" in ok.stdout
    finally:
        daemon.stop()
    down = daemon.run_cli("healthcheck", "--data-dir", str(data_dir), "--port", str(daemon.port))
    assert down.returncode != 0
    sheet = daemon.run_cli("review", "cssrs_screen_recent")
    assert sheet.returncode == 0 and "## Sign-off" in sheet.stdout and "File hash: sha256:" in sheet.stdout
