"""ExelareClient against the sandbox over real HTTP: operations, error classes, secrets, hooks."""
import email.utils
import logging
import time
from datetime import datetime, timedelta, timezone

import pytest

from server.exelare.client import ExelareClient
from server.exelare.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    ExelareError,
    InvalidRequestError,
    NotFoundError,
    RateLimitError,
    error_from_response,
    parse_retry_after,
)
from tests.exelare_fixtures import (  # noqa: F401  (fixtures are found by name)
    API_SOURCE_ID,
    PASSWORD,
    candidate,
    exelare_client,
    make_client,
    sandbox,
    sandbox_server,
    unused_port,
)


# -- happy paths ---------------------------------------------------------------

def test_create_returns_a_consultant_record_id_and_stores_the_source(exelare_client, sandbox):
    record_id = exelare_client.create("candidate", candidate(PrimarySkills="Python"))

    assert record_id == "CS00000001"
    [stored] = sandbox.records(entity="Consultants")
    assert stored["PrimarySkills"] == "Python"
    assert stored["Source"] == API_SOURCE_ID


def test_contacts_are_created_as_contacts_entity(exelare_client, sandbox):
    record_id = exelare_client.create("contact", {"FirstName": "Grace", "LastName": "Hopper"})

    assert record_id == "CT00000001"
    assert [r["EntityID"] for r in sandbox.records()] == ["Contacts"]


def test_view_returns_every_stored_field_with_the_record_id(exelare_client):
    record_id = exelare_client.create("candidate", candidate(City="London"))

    record = exelare_client.view("candidate", record_id)

    assert record["RecordID"] == record_id
    assert record["City"] == "London" and record["LastName"] == "Lovelace"
    assert record["Source"] == API_SOURCE_ID and record["DateCreated"]


def test_search_finds_records_by_equals_and_contains(exelare_client):
    ada = exelare_client.create("candidate", candidate())
    exelare_client.create("candidate", candidate(FirstName="Alan", LastName="Turing", EMail1="alan@example.org"))

    by_email = exelare_client.search("candidate", [("EMail1", "equals", "ADA@example.org")])
    by_name_part = exelare_client.search("candidate", [("LastName", "contains", "ur")])
    both = exelare_client.search("candidate", [("FirstName", "equals", "ada"), ("FirstName", "equals", "alan")],
                                 match="any")

    assert [r["RecordID"] for r in by_email] == [ada]
    assert [r["LastName"] for r in by_name_part] == ["Turing"]
    assert len(both) == 2


def test_search_pages_results(exelare_client):
    for n in range(3):
        exelare_client.create("candidate", candidate(EMail1=f"p{n}@example.org"))

    page_two = exelare_client.search("candidate", [("EMail1", "contains", "@example.org")],
                                     page_size=2, page_number=2)

    assert [r["EMail1"] for r in page_two] == ["p2@example.org"]


def test_update_changes_only_the_fields_sent(exelare_client):
    record_id = exelare_client.create("candidate", candidate(City="London"))

    assert exelare_client.update("candidate", record_id, {"City": "Paris"}) == record_id

    record = exelare_client.view("candidate", record_id)
    assert record["City"] == "Paris" and record["EMail1"] == "ada@example.org"


def test_add_note_returns_the_note_id_and_stores_the_note(exelare_client, sandbox):
    record_id = exelare_client.create("candidate", candidate())

    note_id = exelare_client.add_note("candidate", record_id, "Imported", "From LinkedIn", "General",
                                      "2024-05-01T10:00:00Z")

    assert note_id == "NT00000001"
    [note] = sandbox.notes()
    assert note == {"NoteID": note_id, "RecordID": record_id, "EntityID": "Consultants",
                    "Subject": "Imported", "Body": "From LinkedIn", "Type": "General",
                    "Date": "2024-05-01T10:00:00Z", "CompanyID": note["CompanyID"]}


def test_verify_makes_one_search_request(exelare_client, sandbox):
    exelare_client.verify()

    counts = sandbox.counts()
    assert counts["counts"]["search"] == 1 and counts["total"] == 1


def test_unknown_record_type_is_refused_before_any_request(make_client, sandbox):
    calls = []
    client = make_client(before_request=calls.append)

    with pytest.raises(ValueError):
        client.create("job", candidate())
    assert calls == [] and sandbox.counts()["total"] == 0


# -- every error class from a real sandbox response ----------------------------

def test_bad_password_raises_authentication_error_fatal_for_the_integration(make_client):
    client = make_client(password="wrong-password")

    with pytest.raises(AuthenticationError) as caught:
        client.verify()

    error = caught.value
    assert (error.status, error.code) == (401, "AUTH_FAILED")
    assert error.fatal_for_integration and not error.retriable and not error.fatal_for_job


def test_unknown_field_raises_invalid_request_error_naming_the_field(exelare_client):
    with pytest.raises(InvalidRequestError) as caught:
        exelare_client.create("contact", {"FirstName": "A", "LastName": "B", "PrimarySkills": "Go"})

    assert caught.value.status == 400 and caught.value.code == "UNKNOWN_FIELD"
    assert "PrimarySkills" in str(caught.value)
    assert caught.value.fatal_for_job and not caught.value.retriable


def test_missing_last_name_raises_invalid_request_error(exelare_client):
    with pytest.raises(InvalidRequestError) as caught:
        exelare_client.create("candidate", {"FirstName": "Ada"})

    assert caught.value.code == "MISSING_FIELD" and "LastName" in caught.value.message


@pytest.mark.parametrize("call", [
    lambda c: c.view("candidate", "CS99999999"),
    lambda c: c.update("candidate", "CS99999999", {"City": "Oslo"}),
    lambda c: c.add_note("candidate", "CS99999999", "s", "b", "General", "2024-01-01"),
], ids=["view", "update", "addnote"])
def test_unknown_record_raises_not_found_error(exelare_client, call):
    with pytest.raises(NotFoundError) as caught:
        call(exelare_client)

    assert caught.value.status == 404 and caught.value.fatal_for_job


def test_real_throttle_raises_rate_limit_error_on_the_21st_request(exelare_client):
    for _ in range(20):
        exelare_client.verify()

    with pytest.raises(RateLimitError) as caught:
        exelare_client.verify()

    assert caught.value.retriable and caught.value.code == "THROTTLED"
    assert 59 <= caught.value.retry_after <= 60


def test_injected_429_parses_retry_after_seconds(exelare_client, sandbox):
    sandbox.fault(count=1, status=429, retry_after="7")

    with pytest.raises(RateLimitError) as caught:
        exelare_client.verify()

    assert caught.value.retry_after == 7.0 and caught.value.status == 429


def test_injected_429_parses_retry_after_http_date(exelare_client, sandbox):
    when = datetime.now(timezone.utc) + timedelta(seconds=30)
    sandbox.fault(count=1, status=429, retry_after=email.utils.format_datetime(when, usegmt=True))

    with pytest.raises(RateLimitError) as caught:
        exelare_client.verify()

    assert 28 <= caught.value.retry_after <= 30


@pytest.mark.parametrize("status", [500, 503])
def test_server_errors_raise_retriable_api_error(exelare_client, sandbox, status):
    sandbox.fault(count=1, status=status)

    with pytest.raises(APIError) as caught:
        exelare_client.verify()

    assert caught.value.status == status and caught.value.retriable


def test_non_json_body_raises_api_error(exelare_client, sandbox):
    sandbox.fault(count=1, status=502, body="<html>Bad gateway</html>")

    with pytest.raises(APIError) as caught:
        exelare_client.verify()

    assert "without a JSON object body" in caught.value.message


def test_dropped_connection_raises_api_connection_error(exelare_client, sandbox):
    sandbox.fault(count=1, drop=True)

    with pytest.raises(APIConnectionError) as caught:
        exelare_client.verify()

    assert not isinstance(caught.value, APITimeoutError) and caught.value.retriable


def test_delay_longer_than_timeout_raises_api_timeout_error(make_client, sandbox):
    client = make_client(timeout=0.3)
    sandbox.fault(count=1, delay=1.0)

    started = time.monotonic()
    with pytest.raises(APITimeoutError) as caught:
        client.verify()

    assert time.monotonic() - started < 0.9
    assert isinstance(caught.value, APIConnectionError) and caught.value.retriable


def test_verify_on_an_unreachable_host_raises_api_connection_error(make_client):
    client = make_client(base_url=f"http://127.0.0.1:{unused_port()}/ExelareWebApi/api")

    with pytest.raises(APIConnectionError):
        client.verify()


# -- secrets and logging --------------------------------------------------------

def _raise_every_kind(make_client, sandbox):
    """One of each error class from real responses, for the leak checks."""
    good = make_client(timeout=0.3)
    attempts = [
        lambda: make_client(password=PASSWORD + "x").verify(),
        lambda: good.create("candidate", {"FirstName": "A", "LastName": "B", "Nope": "x"}),
        lambda: good.view("candidate", "CS99999999"),
        lambda: (sandbox.fault(count=1, status=429, retry_after="3"), good.verify()),
        lambda: (sandbox.fault(count=1, status=503), good.verify()),
        lambda: (sandbox.fault(count=1, drop=True), good.verify()),
        lambda: (sandbox.fault(count=1, delay=0.8), good.verify()),
        lambda: make_client(base_url=f"http://127.0.0.1:{unused_port()}").verify(),
    ]
    errors = []
    for attempt in attempts:
        with pytest.raises(ExelareError) as caught:
            attempt()
        errors.append(caught.value)
    return errors, good


def test_password_never_appears_in_errors_reprs_or_logs(make_client, sandbox, caplog):
    caplog.set_level(logging.DEBUG)

    errors, client = _raise_every_kind(make_client, sandbox)

    assert {type(e) for e in errors} == {AuthenticationError, InvalidRequestError, NotFoundError,
                                        RateLimitError, APIError, APIConnectionError, APITimeoutError}
    for error in errors:
        assert PASSWORD not in str(error) and PASSWORD not in repr(error)
        assert PASSWORD not in repr(error.args)
        # No chained requests exception: its PreparedRequest body holds the password.
        assert error.__context__ is None and error.__cause__ is None
    assert PASSWORD not in repr(client)
    assert caplog.records, "the client should log at DEBUG"
    for record in caplog.records:
        assert PASSWORD not in record.getMessage()
    assert PASSWORD not in caplog.text


def test_debug_log_names_operation_entity_and_status(exelare_client, caplog):
    caplog.set_level(logging.DEBUG, logger="server.exelare.client")

    exelare_client.create("contact", {"FirstName": "Grace", "LastName": "Hopper"})

    [line] = [r.getMessage() for r in caplog.records if r.name == "server.exelare.client"]
    assert line.startswith("exelare create Contacts -> HTTP 200 in ")
    assert "Grace" not in line  # bodies are never logged


# -- hooks ------------------------------------------------------------------------

def test_before_and_after_request_run_once_around_every_request(make_client, sandbox):
    calls = []
    client = make_client(timeout=0.3, before_request=lambda op: calls.append(("before", op)),
                         after_request=lambda op: calls.append(("after", op)))

    record_id = client.create("candidate", candidate())
    client.view("candidate", record_id)
    sandbox.fault(count=1, drop=True)
    with pytest.raises(APIConnectionError):
        client.update("candidate", record_id, {"City": "Rome"})
    sandbox.fault(count=1, delay=0.8)
    with pytest.raises(APITimeoutError):
        client.add_note("candidate", record_id, "s", "b", "General", "2024-01-01")
    with pytest.raises(NotFoundError):
        client.view("candidate", "CS99999999")

    operations = ["create", "view", "update", "addnote", "view"]
    assert calls == [(when, op) for op in operations for when in ("before", "after")]
    assert sandbox.counts()["total"] == len(operations)


# -- the pure parts of errors.py ----------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("120", 120.0), (" 1.5 ", 1.5), ("0", 0.0), (None, None), ("", None),
    ("soon", None), ("-5", None), ("nan", None),
    ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # a date in the past: go now
])
def test_parse_retry_after(value, expected):
    assert parse_retry_after(value) == expected


def test_parse_retry_after_reads_an_http_date_relative_to_now():
    now = datetime(2024, 1, 1, 12, 0, tzinfo=timezone.utc).timestamp()

    assert parse_retry_after("Mon, 01 Jan 2024 12:00:45 GMT", now=now) == 45.0


@pytest.mark.parametrize("status, body, expected", [
    (403, {"Success": False, "ErrorCode": "NO_LICENCE"}, AuthenticationError),
    (422, {"Success": False}, InvalidRequestError),
    (404, None, APIError),  # not Exelare's JSON: a wrong URL or a proxy, not a missing record
    (502, None, APIError),
    (200, {"Success": False, "ErrorCode": "AUTH_FAILED"}, AuthenticationError),
    (200, {"Success": False, "ErrorCode": "SOMETHING_NEW"}, APIError),
])
def test_error_from_response_classifies_by_status_first(status, body, expected):
    error = error_from_response(status, body, {})

    assert type(error) is expected and error.status == status


def test_error_from_response_reads_retry_after_case_insensitively():
    error = error_from_response(429, {"Success": False, "ErrorCode": "THROTTLED", "ErrorMessage": "slow down"},
                                {"retry-after": "12"})

    assert error.retry_after == 12.0 and str(error) == "slow down (HTTP 429, THROTTLED, retry after 12s)"


def test_client_repr_hides_the_password():
    client = ExelareClient("https://example.invalid/api", "C", "u", PASSWORD, "S")

    assert PASSWORD not in repr(client) and "example.invalid" in repr(client)
    client.close()
