"""Black-box escalation: a screen posted over HTTPS pages a PagerDuty-shaped receiver and a signed webhook;
without acknowledgement the supervisor is paged at the configured second; kill -9 anywhere loses no page;
e-mail goes out over STARTTLS or implicit TLS with AUTH to a real SMTP server."""
import json
import sqlite3
import ssl
import subprocess
import threading
import time

import pytest

from conftest import ONCALL_SECRET, ROOT, SUPERVISOR_SECRET, Daemon, Receiver, free_port, verify_signature

HIGH = {"q1": "no", "q2": "no", "q6": "yes", "q6_recent": "yes"}
MODERATE = {"q1": "yes", "q2": "yes", "q3": "yes", "q4": "no", "q5": "no", "q6": "no"}
FAST = str(ROOT / "Tests" / "Fixtures" / "escalation" / "fast")
ROUTING_KEY = "0123456789abcdef0123456789abcdef"


def subject(value):
    return {"system": "urn:oid:2.16.840.1.113883.19.5.99", "value": value}


def channels_env(oncall, supervisor, pagerduty):
    return {
        "CRISISD_ONCALL_WEBHOOK_URL": f"http://127.0.0.1:{oncall}/hook",
        "CRISISD_ONCALL_WEBHOOK_SECRET": ONCALL_SECRET,
        "CRISISD_SUPERVISOR_WEBHOOK_URL": f"http://127.0.0.1:{supervisor}/hook",
        "CRISISD_SUPERVISOR_WEBHOOK_SECRET": SUPERVISOR_SECRET,
        "CRISISD_PAGERDUTY_ROUTING_KEY": ROUTING_KEY,
        "CRISISD_PAGERDUTY_EVENTS_URL": f"http://127.0.0.1:{pagerduty}/v2/enqueue",
    }


def post_screen(daemon, token, answers, value):
    status, _, body = daemon.request(
        "POST", "/api/v1/assessments",
        {"protocol": "cssrs_screen_recent", "answers": answers, "subject": subject(value), "site": "ED-EAST"}, token)
    assert status == 201, body
    return json.loads(body), time.monotonic()


def test_high_screen_pages_pagerduty_and_webhook_then_the_supervisor_on_time(data_dir):
    with Receiver() as oncall, Receiver() as supervisor, Receiver(success=202) as pagerduty:
        daemon = Daemon(data_dir, env=channels_env(oncall.port, supervisor.port, pagerduty.port), dev=False,
                        extra_args=["--escalation", FAST]).start()
        try:
            ehr, clinician = daemon.token("ehr"), daemon.token("clinician")
            created, posted = post_screen(daemon, ehr, HIGH, "E2E-ESC-1")
            episode = created["episode"]["id"]
            assert oncall.wait_for(1, timeout=5) and pagerduty.wait_for(1, timeout=5)
            headers, body, _ = oncall.received[0]
            assert verify_signature(ONCALL_SECRET, headers, body)
            event = pagerduty.bodies()[0]
            assert event["event_action"] == "trigger" and event["routing_key"] == ROUTING_KEY
            assert event["dedup_key"] == f"crisisd/episode/{episode}"
            assert event["payload"]["severity"] == "critical"
            assert "E2E-ESC-1" not in json.dumps(event)

            # Nobody acknowledges: step 2 (the supervisor) fires 3 s after step 1, to the second.
            assert supervisor.wait_for(1, timeout=10)
            elapsed = supervisor.received[0][2] - posted
            assert 2.5 <= elapsed <= 4.5, elapsed
            escalated = supervisor.bodies()[0]
            assert escalated["type"] == "crisis.episode.escalated" and escalated["data"]["ref"] == episode

            status, _, body = daemon.request("POST", f"/api/v1/episodes/{episode}/acknowledge", {"kind": "responding"},
                                             clinician)
            assert status == 200, body
            # PagerDuty hears the acknowledgement under the same dedup key; the webhooks get the status event.
            assert pagerduty.wait_for(2, timeout=5)
            assert pagerduty.bodies()[1] == {"dedup_key": f"crisisd/episode/{episode}", "event_action": "acknowledge",
                                             "routing_key": ROUTING_KEY}
            status, _, body = daemon.request("POST", f"/api/v1/episodes/{episode}/resolve", {}, clinician)
            assert status == 422 and b"/disposition" in body
            status, _, body = daemon.request(
                "POST", f"/api/v1/episodes/{episode}/resolve", {"disposition": "evaluated_discharged_with_plan"}, clinician)
            assert status == 200, body
            assert pagerduty.wait_for(3, timeout=5)
            assert pagerduty.bodies()[2]["event_action"] == "resolve"

            status, _, body = daemon.request("GET", f"/api/v1/episodes/{episode}", token=clinician)
            timeline = json.loads(body)["timeline"]
            deliveries = [e for e in timeline if e["kind"] == "delivery"]
            assert {d["detail"]["receiver"] for d in deliveries} >= {"oncall", "pagerduty", "supervisor"}
            assert all(d["detail"]["result"] == "delivered" for d in deliveries)
            # Resolved: nothing more is sent.
            count = len(supervisor.received) + len(oncall.received) + len(pagerduty.received)
            time.sleep(4)
            assert len(supervisor.received) + len(oncall.received) + len(pagerduty.received) == count
        finally:
            assert daemon.stop() == 0


def test_kill9_before_step_two_still_pages_the_supervisor_after_restart(data_dir):
    with Receiver() as oncall, Receiver() as supervisor, Receiver(success=202) as pagerduty:
        env = channels_env(oncall.port, supervisor.port, pagerduty.port)
        daemon = Daemon(data_dir, env=env, dev=False, extra_args=["--escalation", FAST]).start()
        token = daemon.token()
        created, _ = post_screen(daemon, token, HIGH, "E2E-ESC-2")
        assert oncall.wait_for(1, timeout=5)
        daemon.kill9()
        assert len(supervisor.received) == 0
        time.sleep(4)  # step 2 falls due while crisisd is down

        restarted = Daemon(data_dir, env=env, dev=False, extra_args=["--escalation", FAST])
        restarted.port = daemon.port
        restarted.start()
        try:
            assert supervisor.wait_for(1, timeout=5), restarted.log_text()
            page = supervisor.bodies()[0]
            assert page["data"]["ref"] == created["episode"]["id"] and page["type"] == "crisis.episode.escalated"
        finally:
            restarted.stop()


def test_kill9_during_a_send_resends_with_the_same_idempotency_key(data_dir):
    # The on-call receiver holds the first request for 5 s: crisisd is killed while it waits for the answer.
    with Receiver(hold=5.0) as oncall, Receiver() as supervisor, Receiver(success=202) as pagerduty:
        env = channels_env(oncall.port, supervisor.port, pagerduty.port)
        daemon = Daemon(data_dir, env=env, dev=False, extra_args=["--escalation", FAST]).start()
        token = daemon.token()
        post_screen(daemon, token, HIGH, "E2E-ESC-3")
        assert oncall.wait_for(1, timeout=5)
        daemon.kill9()
        first_id = oncall.received[0][0]["webhook-id"]
        with sqlite3.connect(data_dir / "crisisd.sqlite") as db:
            status = db.execute("SELECT status FROM outbox WHERE id = ?", (first_id,)).fetchone()[0]
        assert status == "pending"  # never marked delivered: the answer did not arrive before the kill

        restarted = Daemon(data_dir, env=env, dev=False, extra_args=["--escalation", FAST])
        restarted.port = daemon.port
        restarted.start()
        try:
            assert oncall.wait_for(2, timeout=10), restarted.log_text()
            headers, body, _ = oncall.received[1]
            assert headers["webhook-id"] == first_id
            assert verify_signature(ONCALL_SECRET, headers, body)
        finally:
            restarted.stop()


def test_explain_route_resolves_the_rotation_at_a_moment(tmp_path):
    daemon = Daemon(tmp_path / "var")
    result = daemon.run_cli("explain-route", "--tier", "high", "--domain", "self", "--escalation",
                            str(ROOT / "Escalation" / "examples" / "rotation"), "--at", "2026-03-08T12:01:00Z")
    assert result.returncode == 0, result.stderr
    assert "policy clinician-first" in result.stdout
    assert "chen via chen-pager" in result.stdout
    assert "+600s final fallback" in result.stdout


# --- e-mail through a real SMTP server (aiosmtpd) ---

@pytest.fixture
def smtp_certificate(tmp_path):
    key, cert = tmp_path / "smtp-key.pem", tmp_path / "smtp-cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True)
    return cert, key


class SMTPSink:
    """aiosmtpd on loopback: STARTTLS required (or implicit TLS), AUTH required, messages recorded."""

    def __init__(self, cert, key, implicit=False, offer_tls=True):
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        self.messages = []
        self.logins = []
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(cert), str(key))
        outer = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                outer.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content.decode()))
                return "250 OK"

        def authenticate(server, session, envelope, mechanism, auth_data):
            outer.logins.append(auth_data.login.decode())
            ok = auth_data.login == b"crisisd" and auth_data.password == b"s3cret"
            return AuthResult(success=ok)

        self.port = free_port()
        if implicit:
            # aiosmtpd tracks only STARTTLS for auth_require_tls; here the whole connection is TLS from the start.
            self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port, ssl_context=context,
                                         authenticator=authenticate, auth_required=True, auth_require_tls=False)
        elif offer_tls:
            self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port, tls_context=context,
                                         require_starttls=True, authenticator=authenticate, auth_required=True,
                                         auth_require_tls=True)
        else:
            self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port, authenticator=authenticate,
                                         auth_require_tls=False)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    def wait_for(self, count, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.messages) < count:
            time.sleep(0.02)
        return len(self.messages) >= count


def email_env(scheme, port, cert, supervisor_port):
    return {
        "CRISISD_SMTP_URL": f"{scheme}://localhost:{port}",
        "CRISISD_SMTP_USERNAME": "crisisd",
        "CRISISD_SMTP_PASSWORD": "s3cret",
        "CRISISD_SMTP_FROM": "crisisd@example.org",
        "CRISISD_SUPERVISOR_EMAIL": "supervisor@example.org",
        "CRISISD_SMTP_CA_FILE": str(cert),
        "CRISISD_SUPERVISOR_WEBHOOK_URL": f"http://127.0.0.1:{supervisor_port}/hook",
        "CRISISD_SUPERVISOR_WEBHOOK_SECRET": SUPERVISOR_SECRET,
    }


@pytest.mark.parametrize("scheme,implicit", [("smtp", False), ("smtps", True)])
def test_moderate_screen_emails_the_supervisor_over_tls_with_auth(data_dir, smtp_certificate, scheme, implicit):
    cert, key = smtp_certificate
    with SMTPSink(cert, key, implicit=implicit) as sink, Receiver() as supervisor:
        daemon = Daemon(data_dir, env=email_env(scheme, sink.port, cert, supervisor.port)).start()
        try:
            created, _ = post_screen(daemon, daemon.token(), MODERATE, "E2E-MAIL-4711")
            assert sink.wait_for(1), daemon.log_text()
            mail_from, recipients, content = sink.messages[0]
            assert mail_from == "crisisd@example.org" and recipients == ["supervisor@example.org"]
            assert sink.logins == ["crisisd"]
            assert f"Subject: [crisisd] MODERATE crisis escalation {created['episode']['id']} (triggered)" in content
            assert "E2E-MAIL-4711" not in content and "urn:oid" not in content
        finally:
            daemon.stop()


def test_smtp_without_starttls_is_never_used_in_clear(data_dir, smtp_certificate):
    cert, key = smtp_certificate
    with SMTPSink(cert, key, offer_tls=False) as sink, Receiver() as supervisor:
        daemon = Daemon(data_dir, env=email_env("smtp", sink.port, cert, supervisor.port)).start()
        try:
            post_screen(daemon, daemon.token(), MODERATE, "E2E-MAIL-4712")
            assert supervisor.wait_for(1)
            deadline = time.monotonic() + 10
            while "page.failed" not in daemon.log_text() and time.monotonic() < deadline:
                time.sleep(0.05)
            assert "page.failed" in daemon.log_text()
            assert sink.messages == [] and sink.logins == []
        finally:
            daemon.stop()


def test_check_fails_on_a_schedule_gap_and_names_it(tmp_path):
    import shutil
    escalation = tmp_path / "Escalation"
    shutil.copytree(ROOT / "Escalation" / "examples" / "rotation", escalation)
    schedules = escalation / "schedules.yaml"
    # The rotation starts in 2099: nobody is on call until then.
    schedules.write_text(schedules.read_text().replace('start: "2026-03-01T08:00"', 'start: "2099-01-01T08:00"'))
    result = Daemon(tmp_path / "var").run_cli("check", "--escalation", str(escalation))
    assert result.returncode == 1, result.stdout
    assert "error[coverage-gap] (crisis-clinicians): nobody is on call from" in result.stdout
