"""The pure planner, case by case."""
import pytest

from server import sync

PAYLOAD = {"FirstName": "Grace", "LastName": "Hopper", "JobTitle": "Engineer", "City": "Arlington"}


def actions(plan):
    return {d["field"]: d["action"] for d in plan["diff"]}


@pytest.mark.parametrize("current,protected,mode,send,acts", [
    pytest.param({"FirstName": "Grace", "LastName": "Hopper", "JobTitle": "", "City": "Boston"}, [], "always",
                 {"JobTitle": "Engineer", "City": "Arlington"},
                 {"FirstName": "same", "LastName": "same", "JobTitle": "set", "City": "set"}, id="always-overwrites"),
    pytest.param({"FirstName": "Grace", "LastName": "Hopper", "JobTitle": "CTO", "City": "Boston"}, ["JobTitle"],
                 "always", {"City": "Arlington"},
                 {"FirstName": "same", "LastName": "same", "JobTitle": "kept", "City": "set"}, id="protected-kept"),
    pytest.param({"FirstName": "Grace", "LastName": "Hopper", "JobTitle": "  ", "City": "Boston"}, ["JobTitle"],
                 "always", {"JobTitle": "Engineer", "City": "Arlington"},
                 {"FirstName": "same", "LastName": "same", "JobTitle": "set", "City": "set"},
                 id="protected-but-blank-is-filled"),
    pytest.param({"FirstName": "Gracie", "LastName": "Hopper", "City": "Boston"}, [], "only_if_blank",
                 {"JobTitle": "Engineer"},
                 {"FirstName": "kept", "LastName": "same", "JobTitle": "set", "City": "kept"},
                 id="only-if-blank-keeps-everything-non-empty"),
    pytest.param({"FirstName": " Grace ", "LastName": "Hopper", "JobTitle": "Engineer", "City": "Arlington"}, [],
                 "always", {}, {"FirstName": "same", "LastName": "same", "JobTitle": "same", "City": "same"},
                 id="whitespace-differences-are-not-changes"),
    pytest.param({"FirstName": "grace", "LastName": "Hopper", "JobTitle": "Engineer", "City": "Arlington"}, [],
                 "always", {"FirstName": "Grace"},
                 {"FirstName": "set", "LastName": "same", "JobTitle": "same", "City": "same"},
                 id="case-changes-are-changes"),
])
def test_plan_update(current, protected, mode, send, acts):
    plan = sync.plan_update(PAYLOAD, current, protected, mode)
    assert plan["send"] == send and actions(plan) == acts


def test_plan_update_without_reading_sends_only_what_changed_since_last_push():
    last = dict(PAYLOAD, JobTitle="Intern")
    plan = sync.plan_update(PAYLOAD, None, [], "always", last_payload=last)
    assert plan["send"] == {"JobTitle": "Engineer"}


def test_plan_update_without_reading_or_last_payload_sends_everything():
    assert sync.plan_update(PAYLOAD, None, [], "always")["send"] == PAYLOAD


@pytest.mark.parametrize("payload,protected,mode,needed", [
    (PAYLOAD, [], "always", False),
    (PAYLOAD, ["JobTitle"], "always", True),
    (PAYLOAD, ["PrimarySkills"], "always", False),     # protected but not being sent
    (PAYLOAD, [], "only_if_blank", True),
    ({}, [], "only_if_blank", False),
])
def test_needs_current_record(payload, protected, mode, needed):
    assert sync.needs_current_record(payload, protected, mode) is needed


@pytest.mark.parametrize("payload,criteria", [
    ({"EMail1": "a@x.test", "uuLinkedInURL": "https://linkedin.com/in/a"},
     [("EMail1", "equals", "a@x.test"), ("EMail2", "equals", "a@x.test"),
      ("uuLinkedInURL", "equals", "https://linkedin.com/in/a")]),
    ({"EMail1": "a@x.test", "EMail2": "b@x.test"},
     [("EMail1", "equals", "a@x.test"), ("EMail2", "equals", "a@x.test"),
      ("EMail1", "equals", "b@x.test"), ("EMail2", "equals", "b@x.test")]),
    ({"FirstName": "No", "LastName": "Keys"}, []),
    ({"EMail1": "  ", "uuLinkedInURL": ""}, []),
])
def test_search_criteria(payload, criteria):
    assert sync.search_criteria(payload) == criteria


@pytest.mark.parametrize("records,expected", [
    ([{"RecordID": "1", "EMail2": "GRACE@navy.test"}], "1"),
    ([{"RecordID": "1", "uuLinkedInURL": "http://linkedin.com/in/grace/"},
      {"RecordID": "2", "EMail1": "grace@navy.test"}], "2"),             # email beats LinkedIn
    ([{"RecordID": "1", "uuLinkedInURL": "https://WWW.linkedin.com/in/Grace?trk=x"}], "1"),
    ([{"RecordID": "1", "EMail1": "other@navy.test", "uuLinkedInURL": "https://linkedin.com/in/other"}], None),
    ([{"RecordID": "1", "EMail1": ""}], None),                           # blank never matches
    ([], None),
])
def test_choose_match(records, expected):
    payload = {"EMail1": "grace@navy.test", "uuLinkedInURL": "https://www.linkedin.com/in/grace"}
    match = sync.choose_match(records, payload)
    assert (match["RecordID"] if match else None) == expected


@pytest.mark.parametrize("current,event,after", [
    ("added", "replied", "replied"), ("added", "interested", "interested"), ("replied", "interested", "interested"),
    ("interested", "replied", "interested"), ("replied", "email_sent", "replied"), ("added", "not_interested", "added"),
])
def test_stage_only_moves_forward(current, event, after):
    assert sync.stage_after(current, event) == after


@pytest.mark.parametrize("attempt,rand,expected", [(1, 0.0, 2.5), (1, 1.0, 5.0), (3, 0.5, 15.0), (20, 1.0, 3600.0)])
def test_backoff_is_exponential_with_jitter_and_capped(attempt, rand, expected):
    assert sync.backoff_seconds(attempt, 5.0, cap=3600.0, rand=lambda: rand) == expected


@pytest.mark.parametrize("position,rpm,not_before,expected", [(0, 20, 0, 0), (3, 20, 0, 18), (3, 60, 0, 6),
                                                              (0, 20, 42, 42), (1, 20, 2, 6)])
def test_eta(position, rpm, not_before, expected):
    assert sync.estimate_eta(position, rpm, 60.0, not_before=not_before) == expected


def test_missing_required():
    assert sync.missing_required({"FirstName": "A", "LastName": " "}) == ["LastName"]
    assert sync.missing_required({}) == ["FirstName", "LastName"]


def test_note_payload_names_the_campaign_when_no_subject():
    note = sync.note_payload({"type": "meeting_booked", "subject": "", "body": "", "occurred_at": "2026-01-01T09:00:00"},
                             "Backend")
    assert note == {"subject": "Meeting booked (Backend)", "body": "Meeting booked", "note_type": "Meeting booked",
                    "date": "2026-01-01T09:00:00"}
