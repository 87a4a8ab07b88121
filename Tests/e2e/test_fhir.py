"""Black-box checks of the FHIR resources the daemon serves, validated with fhir.resources (R4B classes)."""
import json

from fhir.resources.R4B.questionnaire import Questionnaire

from conftest import Daemon

PROTOCOLS = ["asq", "bssa", "bvc", "cssrs_screen_recent", "cssrs_screen_since_last_contact", "phq9", "safe_t"]


def test_every_protocol_serves_a_valid_r4_questionnaire(data_dir):
    daemon = Daemon(data_dir).start()
    try:
        for protocol in PROTOCOLS:
            fhir_id = protocol.replace("_", "-")
            status, headers, body = daemon.request("GET", f"/fhir/Questionnaire/{fhir_id}")
            assert status == 200, body
            assert headers["content-type"].startswith("application/fhir+json")
            questionnaire = Questionnaire.model_validate_json(body)
            raw = json.loads(body)
            assert questionnaire.id == fhir_id
            assert raw["url"].endswith(f"/fhir/Questionnaire/{fhir_id}")
            link_ids = [item["linkId"] for item in raw["item"]]
            assert len(link_ids) == len(set(link_ids))
            # enableWhen may only point at earlier questions, as skip logic does.
            for index, item in enumerate(raw["item"]):
                for condition in item.get("enableWhen", []):
                    assert condition["question"] in link_ids[:index]
        status, _, body = daemon.request("GET", "/fhir/Questionnaire/no-such-form")
        assert status == 404 and json.loads(body)["resourceType"] == "OperationOutcome"
    finally:
        daemon.stop()


def test_cssrs_skip_logic_and_loinc_codes(data_dir):
    daemon = Daemon(data_dir).start()
    try:
        _, _, body = daemon.request("GET", "/fhir/Questionnaire/cssrs-screen-recent")
        items = {item["linkId"]: item for item in json.loads(body)["item"]}
        assert items["q1"]["code"][0] == {"system": "http://loinc.org", "code": "93246-7"}
        assert "enableWhen" not in items["q1"] and "enableWhen" not in items["q6"]
        for linked in ("q3", "q4", "q5"):
            assert items[linked]["enableWhen"] == [
                {"question": "q2", "operator": "=",
                 "answerCoding": {"system": "http://loinc.org", "code": "LA33-6", "display": "Yes"}}]
        assert items["q6_recent"]["enableWhen"][0]["question"] == "q6"
        _, _, body = daemon.request("GET", "/fhir/Questionnaire/phq9")
        phq = {item["linkId"]: item for item in json.loads(body)["item"]}
        assert [o["extension"][0]["valueDecimal"] for o in phq["item9"]["answerOption"]] == [0, 1, 2, 3]
        assert phq["total"]["readOnly"] is True and phq["total"]["code"][0]["code"] == "44261-6"
    finally:
        daemon.stop()


# FHIRPath rules fhir.resources does not enforce (reference/integration-security.md A6), per resource type.
FHIRPATH_RULES = {
    "QuestionnaireResponse": ["QuestionnaireResponse.repeat(item).where(answer.exists() and item.exists()).empty()",
                              "QuestionnaireResponse.item.linkId.isDistinct()"],
    "RiskAssessment": ["RiskAssessment.status in ('preliminary' | 'amended')",
                       "RiskAssessment.prediction.qualitativeRisk.coding"
                       ".where(system = 'http://terminology.hl7.org/CodeSystem/risk-probability').count() = 1",
                       "RiskAssessment.basis.all(reference.startsWith('QuestionnaireResponse/') or reference.startsWith('Observation/'))",
                       "RiskAssessment.subject.identifier.system.exists() and RiskAssessment.subject.identifier.value.exists()"],
    "Observation": ["Observation.status = 'final'", "Observation.value.exists()",
                    "Observation.category.coding.where(code = 'survey').exists()"],
    "Bundle": ["Bundle.entry.fullUrl.isDistinct()", "Bundle.total = Bundle.entry.count()"],
    "CarePlan": ["CarePlan.intent = 'plan'", "CarePlan.activity.all(detail.code.coding.exists() and detail.status.exists())",
                 "CarePlan.subject.identifier.system.exists() and CarePlan.subject.identifier.value.exists()"],
}


def failed_fhirpath_rules(resource):
    from fhirpathpy import evaluate
    from fhirpathpy.models import models
    return [rule for rule in FHIRPATH_RULES.get(resource["resourceType"], [])
            if evaluate(resource, rule, {}, models["r4"]) != [True]]


def fhir_json_problems(node, path="$"):
    """FHIR JSON forbids null and empty strings, arrays and objects (fhir.resources lets them through)."""
    problems = []
    if node is None or node == "" or node == [] or node == {}:
        problems.append(f"{path}: empty or null")
    elif isinstance(node, dict):
        for key, value in node.items():
            problems += fhir_json_problems(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            problems += fhir_json_problems(value, f"{path}[{index}]")
    return problems


def test_risk_assessments_and_capability_statement_are_valid_r4(data_dir):
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.capabilitystatement import CapabilityStatement
    from fhir.resources.R4B.operationoutcome import OperationOutcome
    from fhir.resources.R4B.riskassessment import RiskAssessment

    daemon = Daemon(data_dir).start()
    try:
        status, _, body = daemon.request("GET", "/fhir/metadata")
        assert status == 200
        CapabilityStatement.model_validate_json(body)
        assert fhir_json_problems(json.loads(body)) == []

        token = daemon.token()
        subject = {"system": "urn:oid:2.16.840.1.113883.19.5", "value": "FHIR-E2E-1"}
        status, _, created = daemon.request("POST", "/api/v1/assessments", {
            "protocol": "cssrs_screen_recent", "subject": subject,
            "answers": {"q1": "yes", "q2": "yes", "q3": "no", "q4": "yes", "q5": "no", "q6": "no"}}, token)
        assert status == 201, created
        fhir_id = json.loads(created)["id"].replace("_", "-")

        status, headers, body = daemon.request("GET", f"/fhir/RiskAssessment/{fhir_id}", token=token)
        assert status == 200 and headers["content-type"].startswith("application/fhir+json")
        assessment = RiskAssessment.model_validate_json(body)
        raw = json.loads(body)
        assert fhir_json_problems(raw) == []
        assert failed_fhirpath_rules(raw) == []
        assert assessment.status == "preliminary"
        codes = {c["system"]: c["code"] for c in raw["prediction"][0]["qualitativeRisk"]["coding"]}
        assert codes["http://terminology.hl7.org/CodeSystem/risk-probability"] == "high"
        assert raw["subject"]["identifier"] == subject

        status, _, body = daemon.request(
            "GET", f"/fhir/RiskAssessment?subject:identifier={subject['system']}%7C{subject['value']}", token=token)
        assert status == 200
        bundle = Bundle.model_validate_json(body)
        assert bundle.type == "searchset" and bundle.total == 1
        assert fhir_json_problems(json.loads(body)) == []
        assert failed_fhirpath_rules(json.loads(body)) == []

        status, _, body = daemon.request("GET", f"/fhir/RiskAssessment/{fhir_id}")
        assert status == 401
        OperationOutcome.model_validate_json(body)
    finally:
        daemon.stop()


def test_questionnaire_response_posted_with_curl_style_json_comes_back_as_valid_r4(data_dir):
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
    from fhir.resources.R4B.riskassessment import RiskAssessment

    daemon = Daemon(data_dir).start()
    try:
        token = daemon.token()
        _, _, body = daemon.request("GET", "/fhir/Questionnaire/cssrs-screen-recent")
        canonical = json.loads(body)["url"]
        yes = {"valueCoding": {"system": "http://loinc.org", "code": "LA33-6", "display": "Yes"}}
        no = {"valueCoding": {"system": "http://loinc.org", "code": "LA32-8", "display": "No"}}
        response = {
            "resourceType": "QuestionnaireResponse",
            "identifier": {"system": "https://ehr.example.org/fhir/sid/qr", "value": "QR-E2E-1"},
            "questionnaire": canonical, "status": "completed",
            "subject": {"identifier": {"system": "urn:oid:2.16.840.1.113883.19.5", "value": "FHIR-E2E-2"}},
            "authored": "2026-11-29T08:30:00Z",
            "item": [{"linkId": "q1", "answer": [yes]}, {"linkId": "q2", "answer": [yes]}, {"linkId": "q3", "answer": [no]},
                     {"linkId": "q4", "answer": [yes]}, {"linkId": "q5", "answer": [no]}, {"linkId": "q6", "answer": [no]}],
        }
        headers = {"content-type": "application/fhir+json",
                   "if-none-exist": "identifier=https://ehr.example.org/fhir/sid/qr|QR-E2E-1"}
        status, response_headers, body = daemon.request("POST", "/fhir/QuestionnaireResponse", json.dumps(response).encode(),
                                                        token, headers=headers)
        assert status == 201, body
        stored = QuestionnaireResponse.model_validate_json(body)
        assert fhir_json_problems(json.loads(body)) == []
        assert failed_fhirpath_rules(json.loads(body)) == []
        assert response_headers["location"].endswith(f"/fhir/QuestionnaireResponse/{stored.id}/_history/1")
        link = response_headers["link"]
        assessment_path = link[link.index("/fhir/RiskAssessment/"):link.index(">")]
        status, _, body = daemon.request("GET", assessment_path, token=token)
        assert status == 200
        assessment = RiskAssessment.model_validate_json(body)
        raw = json.loads(body)
        assert fhir_json_problems(raw) == []
        assert failed_fhirpath_rules(raw) == []
        assert assessment.basis[0].reference == f"QuestionnaireResponse/{stored.id}"
        assert {c["code"] for c in raw["prediction"][0]["qualitativeRisk"]["coding"]} == {"high"}
        # The retry an EHR makes after a timeout: the same resource, 200, nothing new.
        status, again, _ = daemon.request("POST", "/fhir/QuestionnaireResponse", json.dumps(response).encode(), token,
                                          headers=headers)
        assert status == 200 and again["location"] == response_headers["location"]
    finally:
        daemon.stop()


def test_export_questionnaire_reads_public_url_from_the_configuration(tmp_path):
    # Regression: the verb crashed (an unparsed option wrapper) whenever --public-url was not given.
    config = tmp_path / "crisisd.yaml"
    config.write_text("public_url: https://crisis.example.org\n")
    result = Daemon(tmp_path / "var").run_cli("export-questionnaire", "phq9", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["url"] == "https://crisis.example.org/fhir/Questionnaire/phq9"


def test_phq9_total_is_a_valid_r4_observation(data_dir):
    from fhir.resources.R4B.observation import Observation

    daemon = Daemon(data_dir).start()
    try:
        token = daemon.token()
        answers = {f"item{i}": 1 for i in range(1, 9)} | {"item9": 2}
        status, _, created = daemon.request("POST", "/api/v1/assessments", {
            "protocol": "phq9", "answers": answers, "subject": {"system": "urn:x", "value": "FHIR-E2E-3"}}, token)
        assert status == 201, created
        observation_id = json.loads(created)["id"].replace("_", "-") + "-score"
        status, _, body = daemon.request("GET", f"/fhir/Observation/{observation_id}", token=token)
        assert status == 200, body
        observation = Observation.model_validate_json(body)
        raw = json.loads(body)
        assert fhir_json_problems(raw) == []
        assert failed_fhirpath_rules(raw) == []
        assert observation.valueInteger == 10 and raw["code"]["coding"][0]["code"] == "44261-6"
        assert raw["category"][0]["coding"][0]["code"] == "survey"
    finally:
        daemon.stop()
