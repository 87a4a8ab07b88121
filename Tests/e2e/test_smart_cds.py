"""Black-box: an EHR as a SMART Backend Services client (ES384 private_key_jwt) posts a PHQ-9 and a C-SSRS
QuestionnaireResponse on public LOINC-linkId forms; both come back as valid R4 RiskAssessments with the right
tier, the C-SSRS high screen pages on-call, and a CDS Hooks patient-view call shows the card. Refusals are
checked the way PyJWT itself refuses: wrong audience, alg none, replayed jti, expired."""
import json
import time
import urllib.parse
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from conftest import ONCALL_SECRET, Daemon, Receiver, verify_signature
from test_escalation import channels_env
from test_fhir import failed_fhirpath_rules, fhir_json_problems

PATIENT = {"system": "urn:oid:2.16.840.1.113883.19.5.99", "value": "SMART-E2E-1"}
CDS_ISSUER = "https://ehr.example.org/"


class EHR:
    """Plays the EHR: one P-384 key, registered as a SMART client and as a CDS Hooks client."""

    def __init__(self, daemon, tmp_path):
        self.daemon = daemon
        self.key = ec.generate_private_key(ec.SECP384R1())
        public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(self.key.public_key()))
        public.update({"kid": "ehr-2026", "alg": "ES384"})
        jwks = tmp_path / "ehr.jwks.json"
        jwks.write_text(json.dumps({"keys": [public]}))
        result = daemon.run_cli(
            "client", "register", "--data-dir", str(daemon.data_dir), "--name", "epic", "--jwks", str(jwks),
            "--scope", "system/QuestionnaireResponse.c system/RiskAssessment.rs system/Observation.r")
        assert result.returncode == 0, result.stderr
        self.client_id = result.stdout.strip()
        result = daemon.run_cli(
            "client", "register", "--data-dir", str(daemon.data_dir), "--kind", "cds-hooks", "--name", "epic-cds",
            "--issuer", CDS_ISSUER, "--jwks", str(jwks))
        assert result.returncode == 0, result.stderr
        status, _, body = daemon.request("GET", "/.well-known/smart-configuration")
        assert status == 200
        self.configuration = json.loads(body)
        self.token_url = self.configuration["token_endpoint"]
        self.base = self.token_url.removesuffix("/auth/token")

    def sign(self, claims, algorithm="ES384", key=None, headers=None):
        now = int(time.time())
        return jwt.encode({"iat": now, "exp": now + 240, "jti": str(uuid.uuid4()), **claims}, key or self.key,
                          algorithm=algorithm, headers={"kid": "ehr-2026", "typ": "JWT", **(headers or {})})

    def request_token(self, assertion, scope="system/QuestionnaireResponse.c system/RiskAssessment.rs"):
        form = urllib.parse.urlencode({
            "grant_type": "client_credentials", "scope": scope,
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion}).encode()
        status, headers, body = self.daemon.request(
            "POST", "/auth/token", form, headers={"content-type": "application/x-www-form-urlencoded"})
        return status, headers, json.loads(body)

    def assertion(self, **overrides):
        return self.sign({"iss": self.client_id, "sub": self.client_id, "aud": self.token_url, **overrides})


def unsigned(claims):
    """An `alg: none` token, which PyJWT will only make without a key."""
    return jwt.encode(claims, None, algorithm="none", headers={"kid": "ehr-2026"})


def coded(link_id, code):
    return {"linkId": link_id, "answer": [{"valueCoding": {"system": "http://loinc.org", "code": code}}]}


def phq9_item9_two():
    """US Core PHQ-9 form: items 1-8 'not at all', item 9 'more than half the days' (2)."""
    items = [coded(f"/{code}", "LA6568-5") for code in
             ["44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3"]]
    return {"resourceType": "QuestionnaireResponse", "status": "completed",
            "questionnaire": "http://hl7.org/fhir/us/core/Questionnaire/phq-9-example|6.1.0",
            "identifier": {"system": "https://ehr.example.org/fhir/sid/qr", "value": "QR-PHQ9-1"},
            "subject": {"identifier": PATIENT}, "authored": "2026-11-29T09:00:00Z",
            "item": items + [coded("/44260-8", "LA6570-1"), {"linkId": "/44261-6", "answer": [{"valueInteger": 2}]}]}


def cssrs_high():
    """HL7 BHP C-SSRS form: wish, thoughts, intent (q4) yes: high."""
    answers = [("/93246-7", "LA33-6"), ("/93247-5", "LA33-6"), ("/93248-3", "LA32-8"), ("/93249-1", "LA33-6"),
               ("/93250-9", "LA32-8"), ("/93267-3", "LA32-8")]
    return {"resourceType": "QuestionnaireResponse", "status": "completed",
            "questionnaire": "https://www.cms.gov/files/document/cssrs-screen-version-instrument.pdf",
            "identifier": {"system": "https://ehr.example.org/fhir/sid/qr", "value": "QR-CSSRS-1"},
            "subject": {"identifier": PATIENT}, "authored": "2026-11-29T09:05:00Z",
            "item": [coded(link, code) for link, code in answers]}


def card_problems(card):
    """The CDS Hooks 2.0 card rules (reference A3): no maintained validator exists, so they are asserted here."""
    problems = []
    if not isinstance(card.get("summary"), str) or not 0 < len(card["summary"]) < 140:
        problems.append("summary missing or 140 characters or more")
    if card.get("indicator") not in ("info", "warning", "critical"):
        problems.append("indicator not in info|warning|critical")
    if not card.get("source", {}).get("label"):
        problems.append("source.label missing")
    if card.get("suggestions") and card.get("selectionBehavior") not in ("at-most-one", "any"):
        problems.append("selectionBehavior required with suggestions")
    for reason in card.get("overrideReasons", []):
        if not reason.get("display"):
            problems.append("override reason without display")
    for link in card.get("links", []):
        if link.get("type") not in ("absolute", "smart") or ("appContext" in link and link["type"] != "smart"):
            problems.append("bad link")
    if not card.get("uuid"):
        problems.append("uuid missing (feedback needs it)")
    return problems + fhir_json_problems(card)


@pytest.fixture
def running(data_dir, tmp_path):
    with Receiver() as oncall, Receiver() as supervisor, Receiver(success=202) as pagerduty:
        daemon = Daemon(data_dir, env=channels_env(oncall.port, supervisor.port, pagerduty.port), dev=False).start()
        try:
            yield daemon, EHR(daemon, tmp_path), oncall
        finally:
            daemon.stop()


def test_smart_token_fhir_screens_and_the_cds_card(running):
    from fhir.resources.R4B.riskassessment import RiskAssessment

    daemon, ehr, oncall = running
    assert ehr.configuration["token_endpoint_auth_signing_alg_values_supported"] == ["RS384", "ES384"]
    status, headers, granted = ehr.request_token(ehr.assertion())
    assert status == 200, granted
    assert granted["token_type"] == "bearer" and granted["expires_in"] <= 300
    assert headers["cache-control"] == "no-store"
    token = granted["access_token"]

    tiers = {}
    for name, response in [("phq9", phq9_item9_two()), ("cssrs", cssrs_high())]:
        status, headers, body = daemon.request(
            "POST", "/fhir/QuestionnaireResponse", json.dumps(response).encode(), token,
            headers={"content-type": "application/fhir+json"})
        assert status == 201, body
        link = headers["link"].split(">")[0].lstrip("<")
        path = link.removeprefix(ehr.base)
        status, _, body = daemon.request("GET", path, token=token)
        assert status == 200, body
        RiskAssessment.model_validate_json(body)
        raw = json.loads(body)
        assert fhir_json_problems(raw) == [] and failed_fhirpath_rules(raw) == []
        tiers[name] = {c["system"]: c["code"] for c in raw["prediction"][0]["qualitativeRisk"]["coding"]}
    risk = "http://terminology.hl7.org/CodeSystem/risk-probability"
    assert tiers["phq9"][risk] == "low"     # item 9 >= 1: same-day C-SSRS, tier low (protocols.md)
    assert tiers["cssrs"][risk] == "high"
    assert oncall.wait_for(1, timeout=5), "the C-SSRS high screen pages on-call"
    headers, body, _ = oncall.received[0]
    assert verify_signature(ONCALL_SECRET, headers, body)
    assert PATIENT["value"] not in body.decode()

    # The token carries only what was granted: no Observation read was asked for here.
    status, _, _ = daemon.request("GET", "/api/v1/episodes", token=token)
    assert status == 403

    service = f"{ehr.base}/cds-services/crisis-risk-summary"
    call = {"hook": "patient-view", "hookInstance": str(uuid.uuid4()),
            "context": {"userId": "Practitioner/77", "patientId": "p-1001"},
            "prefetch": {"patient": {"resourceType": "Patient", "id": "p-1001", "identifier": [PATIENT]}}}
    status, _, body = daemon.request("POST", "/cds-services/crisis-risk-summary", call,
                                     token=ehr.sign({"iss": CDS_ISSUER, "aud": service}))
    assert status == 200, body
    cards = json.loads(body)["cards"]
    assert len(cards) == 1 and card_problems(cards[0]) == []
    assert cards[0]["indicator"] == "critical"
    assert cards[0]["summary"].startswith("High suicide risk escalation not yet acknowledged")
    assert PATIENT["value"] not in body.decode()

    feedback = {"feedback": [{"card": cards[0]["uuid"], "outcome": "overridden", "outcomeTimestamp": "2026-11-29T10:00:00Z",
                              "overrideReason": {"reason": cards[0]["overrideReasons"][0]}}]}
    status, _, _ = daemon.request("POST", "/cds-services/crisis-risk-summary/feedback", feedback,
                                  token=ehr.sign({"iss": CDS_ISSUER, "aud": f"{service}/feedback"}))
    assert status == 200


def test_bad_assertions_and_cds_tokens_are_refused(running):
    daemon, ehr, _ = running
    other_key = ec.generate_private_key(ec.SECP384R1())
    replayed = ehr.assertion(jti="one-time")
    assert ehr.request_token(replayed)[0] == 200
    now = int(time.time())
    refused = {
        "wrong audience": ehr.assertion(aud="https://elsewhere.example/auth/token"),
        "expired": ehr.assertion(exp=now - 120),
        "replayed jti": replayed,
        "alg none": unsigned({"iss": ehr.client_id, "sub": ehr.client_id, "aud": ehr.token_url, "exp": now + 60, "jti": "n"}),
        "HS384": jwt.encode({"iss": ehr.client_id, "sub": ehr.client_id, "aud": ehr.token_url, "exp": now + 60, "jti": "h"},
                            "a-shared-secret-that-is-long-enough-for-hs384-keys!", algorithm="HS384", headers={"kid": "ehr-2026"}),
        "another key": ehr.sign({"iss": ehr.client_id, "sub": ehr.client_id, "aud": ehr.token_url}, key=other_key),
        "jku": ehr.sign({"iss": ehr.client_id, "sub": ehr.client_id, "aud": ehr.token_url},
                        headers={"jku": "https://attacker.example/jwks.json"}),
    }
    for name, assertion in refused.items():
        status, _, body = ehr.request_token(assertion)
        assert (status, body.get("error")) == (401, "invalid_client"), name
        assert "access_token" not in body
    status, _, body = ehr.request_token(ehr.assertion(), scope="system/Patient.r")
    assert (status, body["error"]) == (400, "invalid_scope")

    discovery = f"{ehr.base}/cds-services"
    assert daemon.request("GET", "/cds-services", token=ehr.sign({"iss": CDS_ISSUER, "aud": discovery}))[0] == 200
    for name, token in {
        "no token": None,
        "wrong audience": ehr.sign({"iss": CDS_ISSUER, "aud": f"{discovery}/crisis-risk-summary"}),
        "unknown issuer": ehr.sign({"iss": "https://other-ehr.example/", "aud": discovery}),
        "alg none": unsigned({"iss": CDS_ISSUER, "aud": discovery, "exp": now + 60, "iat": now, "jti": "z"}),
        "expired": ehr.sign({"iss": CDS_ISSUER, "aud": discovery, "exp": now - 120}),
    }.items():
        status, _, body = daemon.request("GET", "/cds-services", token=token)
        assert (status, body) == (401, b""), name
    # A token never appears in the log.
    assert replayed not in daemon.log_text()


def test_a_batch_bundle_comes_back_as_a_valid_r4_batch_response(running):
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.operationoutcome import OperationOutcome

    daemon, ehr, _ = running
    status, _, granted = ehr.request_token(ehr.assertion())
    assert status == 200, granted
    bad = cssrs_high()
    bad["item"].append(coded("/00000-0", "LA33-6"))
    batch = {"resourceType": "Bundle", "type": "batch", "entry": [
        {"resource": response, "request": {"method": "POST", "url": "QuestionnaireResponse"}}
        for response in (phq9_item9_two(), bad)]}
    status, _, body = daemon.request("POST", "/fhir", json.dumps(batch).encode(), granted["access_token"],
                                     headers={"content-type": "application/fhir+json"})
    assert status == 200, body
    Bundle.model_validate_json(body)
    raw = json.loads(body)
    assert fhir_json_problems(raw) == []
    assert raw["type"] == "batch-response"
    assert [entry["response"]["status"] for entry in raw["entry"]] == ["201 Created", "422 Unprocessable Content"]
    assert raw["entry"][0]["link"][0]["url"].startswith(f"{ehr.base}/fhir/RiskAssessment/")
    outcome = raw["entry"][1]["response"]["outcome"]
    OperationOutcome.model_validate(outcome)
    assert outcome["issue"][0]["expression"] == ["Bundle.entry[1].resource.item[6].linkId"]
