"""The sandbox's wire format, checks, throttle, control endpoints, persistence and CLI, over raw HTTP."""
import os
import subprocess
import sys
import time

import pytest
import requests

from server.exelare.client import ExelareClient
from server.exelare.sandbox import SERVER_HEADER, serve_in_thread
from tests.exelare_fixtures import (  # noqa: F401  (fixtures are found by name)
    ACCOUNTS,
    API_SOURCE_ID,
    COMPANY_ID,
    PASSWORD,
    USERNAME,
    candidate,
    sandbox,
    sandbox_server,
    unused_port,
)


def _create(sandbox, entity="Consultants", **fields):
    response = sandbox.call("create", entity=entity, Fields=candidate(**fields))
    assert response.status_code == 200, response.text
    return response.json()["RecordID"]


def _refusal(response, status, code):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["Success"] is False and body["ErrorCode"] == code and body["ErrorMessage"]
    return body["ErrorMessage"]


# -- wire format and checks ------------------------------------------------------

def test_every_response_says_it_is_the_sandbox(sandbox):
    responses = [
        sandbox.call("search", Criteria=[]),
        sandbox.call("view", RecordID="CS404"),
        sandbox.http.post(f"{sandbox.api_url}/nonsense", json={}),
        sandbox.http.get(f"{sandbox.url}/_sandbox/counts"),
        sandbox.http.get(f"{sandbox.url}/no/such/path"),
    ]

    assert [r.headers["Server"] for r in responses] == [SERVER_HEADER] * len(responses)


def test_create_then_view_returns_fields_source_and_date(sandbox):
    record_id = _create(sandbox, City="Leeds")

    response = sandbox.call("view", RecordID=record_id)

    assert response.status_code == 200
    record = response.json()["Record"]
    assert response.json()["Success"] is True
    assert record["RecordID"] == "CS00000001" and record["City"] == "Leeds"
    assert record["Source"] == API_SOURCE_ID and record["DateCreated"].endswith("Z")


def test_record_ids_count_per_entity(sandbox):
    ids = [_create(sandbox), _create(sandbox, entity="Contacts"), _create(sandbox)]

    assert ids == ["CS00000001", "CT00000001", "CS00000002"]


@pytest.mark.parametrize("payload", [["a", "list"], "text", None])
def test_body_that_is_not_a_json_object_is_a_400(sandbox, payload):
    if payload is None:
        response = sandbox.http.post(f"{sandbox.api_url}/search", data=b"{not json",
                                     headers={"Content-Type": "application/json"})
    else:
        response = sandbox.http.post(f"{sandbox.api_url}/search", json=payload)

    _refusal(response, 400, "INVALID_REQUEST")


@pytest.mark.parametrize("change", [
    {"Password": "wrong"}, {"Username": "someone"}, {"CompanyID": "UNKNOWN"}, {"Password": None},
])
def test_bad_credentials_are_a_401(sandbox, change):
    body = {**sandbox.body(Criteria=[]), **change}

    message = _refusal(sandbox.call("search", body), 401, "AUTH_FAILED")

    assert PASSWORD not in message


def test_unknown_entity_is_a_400(sandbox):
    _refusal(sandbox.call("search", entity="Requirements", Criteria=[]), 400, "BAD_ENTITY")


@pytest.mark.parametrize("operation, extra", [
    ("create", {"Fields": candidate(Salary="1")}),
    ("search", {"Criteria": [{"FieldName": "Salary", "Operator": "equals", "Value": "1"}]}),
])
def test_unknown_field_is_a_400_naming_it(sandbox, operation, extra):
    message = _refusal(sandbox.call(operation, **extra), 400, "UNKNOWN_FIELD")

    assert "Salary" in message


def test_primary_skills_exists_for_consultants_only(sandbox):
    assert sandbox.call("create", Fields=candidate(PrimarySkills="SQL")).status_code == 200
    _refusal(sandbox.call("create", entity="Contacts", Fields=candidate(PrimarySkills="SQL")), 400, "UNKNOWN_FIELD")


@pytest.mark.parametrize("fields", [
    {"FirstName": "Ada"}, {"LastName": "Lovelace"}, {"FirstName": "Ada", "LastName": "  "},
])
def test_create_requires_first_and_last_name(sandbox, fields):
    _refusal(sandbox.call("create", Fields=fields), 400, "MISSING_FIELD")


def test_update_is_partial_and_cannot_blank_a_name(sandbox):
    record_id = _create(sandbox, City="Leeds")

    assert sandbox.call("update", RecordID=record_id, Fields={"City": "York"}).json()["RecordID"] == record_id
    _refusal(sandbox.call("update", RecordID=record_id, Fields={"LastName": ""}), 400, "MISSING_FIELD")

    record = sandbox.call("view", RecordID=record_id).json()["Record"]
    assert (record["City"], record["LastName"], record["EMail1"]) == ("York", "Lovelace", "ada@example.org")


@pytest.mark.parametrize("operation, extra", [
    ("view", {}),
    ("update", {"Fields": {"City": "York"}}),
    ("addnote", {"Note": {"Subject": "s", "Body": "b", "Type": "General", "Date": "2024-01-01"}}),
])
def test_unknown_record_is_a_404(sandbox, operation, extra):
    _refusal(sandbox.call(operation, RecordID="CS00000042", **extra), 404, "NOT_FOUND")


def test_a_record_is_not_found_under_the_other_entity_or_company(sandbox):
    record_id = _create(sandbox)
    sandbox.add_account("OTHER", "u", "p")
    other = {**sandbox.body(RecordID=record_id), "CompanyID": "OTHER", "Username": "u", "Password": "p"}

    _refusal(sandbox.call("view", entity="Contacts", RecordID=record_id), 404, "NOT_FOUND")
    _refusal(sandbox.call("view", other), 404, "NOT_FOUND")


def test_search_equals_is_exact_and_contains_is_a_substring_both_ignoring_case(sandbox):
    _create(sandbox, EMail1="ada@example.org")
    _create(sandbox, FirstName="Adam", EMail1="adam@example.org")

    def first_names(operator, value):
        criteria = [{"FieldName": "FirstName", "Operator": operator, "Value": value}]
        return [r["FirstName"] for r in sandbox.call("search", Criteria=criteria).json()["Records"]]

    assert first_names("equals", "ADA") == ["Ada"]
    assert first_names("contains", "dA") == ["Ada", "Adam"]


def test_search_match_all_and_any(sandbox):
    _create(sandbox, City="Leeds")
    _create(sandbox, FirstName="Alan", City="York")
    criteria = [{"FieldName": "FirstName", "Operator": "equals", "Value": "Ada"},
                {"FieldName": "City", "Operator": "equals", "Value": "York"}]

    assert sandbox.call("search", Criteria=criteria, Match="all").json()["TotalCount"] == 0
    assert sandbox.call("search", Criteria=criteria, Match="any").json()["TotalCount"] == 2


def test_search_pages_and_caps_page_size_at_100(sandbox):
    for n in range(5):
        _create(sandbox, EMail1=f"p{n}@example.org")

    body = sandbox.call("search", Criteria=[], PageSize=2, PageNumber=3).json()

    assert body["TotalCount"] == 5 and [r["EMail1"] for r in body["Records"]] == ["p4@example.org"]
    _refusal(sandbox.call("search", Criteria=[], PageSize=101), 400, "INVALID_REQUEST")


def test_addnote_stores_the_note(sandbox):
    record_id = _create(sandbox, entity="Contacts")
    note = {"Subject": "Call", "Body": "Spoke on the phone", "Type": "Call", "Date": "2024-02-03T04:05:06Z"}

    response = sandbox.call("addnote", entity="Contacts", RecordID=record_id, Note=note)

    assert response.json() == {"Success": True, "NoteID": "NT00000001"}
    assert sandbox.notes() == [{"NoteID": "NT00000001", "RecordID": record_id, "EntityID": "Contacts",
                                **note, "CompanyID": COMPANY_ID}]


# -- throttle ----------------------------------------------------------------------

def test_the_21st_request_within_60_seconds_is_refused_with_retry_after(sandbox):
    statuses = [sandbox.call("search", Criteria=[]).status_code for _ in range(20)]

    refused = sandbox.call("search", Criteria=[])

    assert statuses == [200] * 20
    _refusal(refused, 429, "THROTTLED")
    assert 59 <= int(refused.headers["Retry-After"]) <= 60


def test_throttle_accepts_again_once_the_window_has_passed(sandbox):
    sandbox.configure(rate_limit=20, window_seconds=1.0)
    for _ in range(20):
        assert sandbox.call("search", Criteria=[]).status_code == 200
    refused = sandbox.call("search", Criteria=[])
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "1"

    time.sleep(1.05)

    assert sandbox.call("search", Criteria=[]).status_code == 200


def test_refused_requests_do_not_enter_the_window(sandbox):
    sandbox.configure(rate_limit=2, window_seconds=1.0)
    assert [sandbox.call("search", Criteria=[]).status_code for _ in range(2)] == [200, 200]
    time.sleep(0.5)
    # Refused half-way through: if these counted, they would still fill the
    # window after the first two have left it.
    assert [sandbox.call("search", Criteria=[]).status_code for _ in range(2)] == [429, 429]

    time.sleep(0.55)

    assert [sandbox.call("search", Criteria=[]).status_code for _ in range(2)] == [200, 200]


def test_throttle_is_per_company_and_applies_before_credentials(sandbox):
    sandbox.configure(rate_limit=2)
    wrong = {**sandbox.body(Criteria=[]), "Password": "wrong"}

    assert [sandbox.call("search", wrong).status_code for _ in range(3)] == [401, 401, 429]
    other = {**wrong, "CompanyID": "ELSEWHERE"}
    assert sandbox.call("search", other).status_code == 401
    assert sandbox.counts()["throttled"] == 1


# -- control endpoints -------------------------------------------------------------

def test_counts_by_operation_with_throttled_faults_and_total(sandbox):
    sandbox.configure(rate_limit=3)
    record_id = _create(sandbox)
    sandbox.call("view", RecordID=record_id)
    sandbox.fault(count=1, status=500)
    sandbox.call("view", RecordID=record_id)
    sandbox.call("search", Criteria=[])
    sandbox.call("search", Criteria=[])
    sandbox.add_account("OTHER", "u", "p")
    sandbox.call("search", {**sandbox.body(Criteria=[]), "CompanyID": "OTHER", "Username": "u", "Password": "p"})

    mine = sandbox.counts()
    everyone = sandbox.counts(company_id=None)

    assert mine == {"counts": {"search": 1, "view": 1, "create": 1, "update": 0, "addnote": 0},
                    "throttled": 1, "faults": 1, "total": 5}
    assert everyone["counts"]["search"] == 2 and everyone["total"] == 6


def test_reset_forgets_everything_but_accounts(sandbox):
    sandbox.add_account("OTHER", "u", "p")
    record_id = _create(sandbox)
    sandbox.call("addnote", RecordID=record_id, Note={"Body": "hi"})
    sandbox.fault(count=5, status=503)

    sandbox.reset()

    assert sandbox.records(company_id=None) == [] and sandbox.notes(company_id=None) == []
    assert sandbox.counts(company_id=None)["total"] == 0
    other = {**sandbox.body(Criteria=[]), "CompanyID": "OTHER", "Username": "u", "Password": "p"}
    assert sandbox.call("search", other).status_code == 200


def test_faults_apply_to_the_next_k_requests_of_the_given_operations(sandbox):
    sandbox.fault(count=2, status=503, operations=["create"])

    assert sandbox.call("search", Criteria=[]).status_code == 200
    assert [sandbox.call("create", Fields=candidate()).status_code for _ in range(3)] == [503, 503, 200]


def test_fault_with_count_zero_clears_queued_faults(sandbox):
    sandbox.fault(count=3, status=503)

    sandbox.fault(count=0)

    assert sandbox.call("search", Criteria=[]).status_code == 200
    assert sandbox.counts()["faults"] == 0


def test_injected_429_carries_the_configured_retry_after(sandbox):
    sandbox.fault(count=1, status=429, retry_after=17)

    response = sandbox.call("search", Criteria=[])

    _refusal(response, 429, "THROTTLED")
    assert response.headers["Retry-After"] == "17"


def test_faulted_requests_do_not_enter_the_throttle_window(sandbox):
    sandbox.configure(rate_limit=1)
    sandbox.fault(count=3, status=500)

    statuses = [sandbox.call("search", Criteria=[]).status_code for _ in range(5)]

    assert statuses == [500, 500, 500, 200, 429]


def test_drop_fault_closes_the_connection_without_a_response(sandbox):
    sandbox.fault(count=1, drop=True)

    with pytest.raises(requests.ConnectionError):
        sandbox.call("search", Criteria=[])
    assert sandbox.call("search", Criteria=[]).status_code == 200


def test_delay_fault_delays_then_handles_normally(sandbox):
    sandbox.fault(count=1, delay=0.3)

    started = time.monotonic()
    response = sandbox.call("search", Criteria=[])

    assert response.status_code == 200 and time.monotonic() - started >= 0.3
    assert sandbox.counts()["counts"]["search"] == 1


@pytest.mark.parametrize("path, payload", [
    ("config", {"rate_limit": 0}),
    ("config", {"window_seconds": -1}),
    ("faults", {"count": 1}),
    ("faults", {"count": 1, "status": 500, "drop": True}),
    ("faults", {"count": -1, "status": 500}),
    ("faults", {"count": 1, "status": 500, "operations": ["delete"]}),
    ("accounts", {"CompanyID": "X"}),
])
def test_control_endpoints_refuse_bad_input(sandbox, path, payload):
    response = sandbox.http.post(f"{sandbox.url}/_sandbox/{path}", json=payload)

    assert response.status_code == 400


# -- persistence and running on its own --------------------------------------------------

def test_records_in_a_sqlite_file_survive_a_new_app(tmp_path):
    db_path = str(tmp_path / "sandbox.sqlite3")
    with serve_in_thread(db_path=db_path, accounts=ACCOUNTS) as first:
        with ExelareClient(first.api_url, COMPANY_ID, USERNAME, PASSWORD, API_SOURCE_ID) as client:
            record_id = client.create("candidate", candidate())

    with serve_in_thread(db_path=db_path, accounts=ACCOUNTS) as second:
        with ExelareClient(second.api_url, COMPANY_ID, USERNAME, PASSWORD, API_SOURCE_ID) as client:
            assert client.view("candidate", record_id)["EMail1"] == "ada@example.org"
            assert client.create("candidate", candidate()) == "CS00000002"


def test_runs_on_its_own_from_the_command_line():
    port = unused_port()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    process = subprocess.Popen(
        [sys.executable, "-m", "server.exelare.sandbox", "--port", str(port),
         "--rate-limit", "5", "--account", f"{COMPANY_ID}:{USERNAME}:{PASSWORD}"],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert "not Exelare" in process.stdout.readline()
        with ExelareClient(f"http://127.0.0.1:{port}/ExelareWebApi/api", COMPANY_ID, USERNAME,
                           PASSWORD, API_SOURCE_ID) as client:
            client.verify()
        config = requests.get(f"http://127.0.0.1:{port}/_sandbox/config", timeout=5).json()
        assert config == {"rate_limit": 5, "window_seconds": 60.0}
    finally:
        process.terminate()
        process.wait(timeout=5)
        process.stdout.close()
