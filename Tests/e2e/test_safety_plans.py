"""Black-box safety plans: after a high C-SSRS screen a plan is written through the API, checked, made active,
printed to one page (headless Chromium renders it: a PDF page count and a PNG in artifacts/), exported as a
valid R4 CarePlan (fhir.resources R4B + FHIRPath), and "safety plan completed" resolves the escalation only
once the plan is active."""
import json
import re
import shutil
import subprocess

from conftest import ROOT, Daemon
from test_fhir import failed_fhirpath_rules, fhir_json_problems

SUBJECT = {"system": "urn:oid:2.16.840.1.113883.19.5.99", "value": "SP-E2E-1"}
ARTIFACTS = ROOT / "artifacts"
SECTIONS = {
    "warning_signs": {"entries": [{"text": "Not sleeping, pacing the flat at night"}, {"text": "Thinking nobody would notice if I was gone"}]},
    "internal_coping": {"entries": [{"text": "Walk the dog round the park"}, {"text": "Loud music with headphones"}]},
    "social_distraction": {"entries": [{"name": "Sam (neighbour)", "phone": "555-0101", "place": "The library on Elm St"}]},
    "help_contacts": {"entries": [{"name": "Aunt Rosa", "phone": "555-0102"}, {"name": "Jordan", "phone": "555-0103"}]},
    "environment_safe": {"entries": [{"text": "Rosa keeps my tablets and gives me one week at a time"}],
                         "lethal_means": {"counselled": True, "means": ["medications"]}},
    "most_important_thing": {"entries": [{"text": "My daughter Mia and our Sunday mornings"}]},
}


def chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser")


def render(html, name):
    """Chromium prints the page to PDF (returns its page count) and screenshots it at US Letter size."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = ARTIFACTS / f"{name}.html"
    page.write_bytes(html)
    pdf, png = ARTIFACTS / f"{name}.pdf", ARTIFACTS / f"{name}.png"
    common = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"]
    subprocess.run(common + [f"--print-to-pdf={pdf}", page.as_uri()], check=True, capture_output=True, timeout=120)
    subprocess.run(common + [f"--screenshot={png}", "--window-size=816,1056", page.as_uri()], check=True, capture_output=True, timeout=120)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


def test_high_screen_to_active_plan_printed_exported_and_resolved(data_dir):
    from fhir.resources.R4B.careplan import CarePlan

    assert chromium(), "chromium is missing: scripts/setup.sh --test installs it"
    daemon = Daemon(data_dir).start()
    try:
        ehr, clinician = daemon.token("ehr"), daemon.token("clinician")
        status, _, body = daemon.request("POST", "/api/v1/assessments", {
            "protocol": "cssrs_screen_recent", "subject": SUBJECT,
            "answers": {"q1": "yes", "q2": "yes", "q3": "no", "q4": "yes", "q5": "no", "q6": "no"}}, ehr)
        assert status == 201, body
        screen = json.loads(body)
        episode = screen["episode"]["id"]

        status, _, body = daemon.request("POST", "/api/v1/safety-plans",
                                         {"subject": SUBJECT, "assessments": [screen["id"]]}, clinician)
        assert status == 201, body
        draft = json.loads(body)
        plan = draft["id"]
        professionals = next(s for s in draft["sections"] if s["id"] == "professionals_agencies")["entries"]
        assert any(entry["phone"] == "988" for entry in professionals)

        status, _, body = daemon.request("POST", f"/api/v1/safety-plans/{plan}/activate", None, clinician)
        assert status == 422 and json.loads(body)["errors"], body
        status, _, body = daemon.request("POST", f"/api/v1/episodes/{episode}/resolve", {"disposition": "safety_plan_completed"}, clinician)
        assert status == 409 and json.loads(body)["pointer"] == "/disposition", body

        sections = {**SECTIONS, "professionals_agencies": {"entries": professionals}}
        status, _, body = daemon.request("POST", f"/api/v1/safety-plans/{plan}/revisions", {"based_on": 1, "sections": sections}, clinician)
        assert status == 200, body
        status, _, body = daemon.request("POST", f"/api/v1/safety-plans/{plan}/activate", None, clinician)
        assert status == 200, body
        assert json.loads(body)["status"] == "active"

        # The client's copy, rendered by Chromium: exactly one page, and a PNG to look at.
        status, headers, html = daemon.request("GET", f"/api/v1/safety-plans/{plan}/print", token=clinician)
        assert status == 200 and headers["content-type"].startswith("text/html")
        assert b"<script" not in html and b"My daughter Mia" in html
        assert render(html, "safety-plan") == 1, "the printed plan runs past one page"

        # The FHIR CarePlan: one activity per section.
        status, _, body = daemon.request("GET", f"/fhir/CarePlan/{plan.replace('_', '-')}", token=ehr)
        assert status == 200, body
        CarePlan.model_validate_json(body)
        raw = json.loads(body)
        assert fhir_json_problems(raw) == []
        assert failed_fhirpath_rules(raw) == []
        assert raw["status"] == "active" and len(raw["activity"]) == 7
        assert raw["supportingInfo"][0]["reference"] == f"RiskAssessment/{screen['id'].replace('_', '-')}"

        status, _, body = daemon.request("POST", f"/api/v1/episodes/{episode}/resolve", {"disposition": "safety_plan_completed"}, clinician)
        assert status == 200, body
        # A plan at the form's limits (every line of the paper form used, entries of 60-90 characters) still prints
        # on one page: the type steps down.
        line = "I notice this happens when I have been alone for most of the day and"
        full = {sid: {"entries": [{"text": f"{line} ({n})"} for n in range(count)]} for sid, count in
                [("warning_signs", 3), ("internal_coping", 3), ("environment_safe", 3), ("most_important_thing", 1)]}
        full["environment_safe"]["lethal_means"] = {"counselled": True, "means": ["medications", "firearms"]}
        full["social_distraction"] = {"entries": [{"name": f"Friend number {n}", "phone": "555-0100", "place": "The community centre on the corner"} for n in range(4)]}
        full["help_contacts"] = {"entries": [{"name": f"Family member {n}", "phone": "555-0199"} for n in range(3)]}
        full["professionals_agencies"] = {"entries": professionals + [{"name": "Dr Alvarez, Riverside Clinic", "phone": "555-0142", "hours": "Mon-Fri 9-5"}] * 3}
        status, _, body = daemon.request("POST", f"/api/v1/safety-plans/{plan}/revisions", {"based_on": 2, "sections": full}, clinician)
        assert status == 200, body
        assert "print-too-long" not in [w["code"] for w in json.loads(body)["quality"]["warnings"]]
        status, _, html = daemon.request("GET", f"/api/v1/safety-plans/{plan}/print", token=clinician)
        assert render(html, "safety-plan-full") == 1, "a plan at the form's limits runs past one page"

        # The client's words never reach the log.
        assert "Mia" not in daemon.log_text() and "Rosa" not in daemon.log_text()
    finally:
        daemon.stop()
