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
