"""Dry run of a record push: what would be sent, and what Exelare keeps. Reads only."""
from ..exelare.fields import ENTITY_BY_RECORD_TYPE
from .. import sync
from ..sync_execute import build_plan_inputs, search_keys
from .effective import effective_for_membership
from .exelare_reads import reading_client


def preview(membership, user):
    record_type = effective_for_membership(membership, user)["sync_as"]["value"]
    inputs = build_plan_inputs(membership.person_id, record_type, membership.id)
    payload, link = inputs["payload"], inputs["link"]
    answer = {"record_type": record_type, "entity": ENTITY_BY_RECORD_TYPE[record_type],
              "exelare_id": link.record_id if link else None, "match": None, "report": None,
              "payload": payload}
    if link is not None and link.last_payload == payload:
        return _with(answer, "none", [{"field": f, "exelare": None, "ours": v, "action": "same"}
                                      for f, v in sorted(payload.items())], "Unchanged since the last push.")
    with reading_client(membership.team_id) as client:
        if link is not None:
            current = None
            if sync.needs_current_record(payload, inputs["protected"], inputs["update_mode"]):
                current = client.view(record_type, link.record_id)
            plan = sync.plan_update(payload, current, inputs["protected"], inputs["update_mode"],
                                    last_payload=link.last_payload if current is None else None)
            return _with(answer, "update" if plan["send"] else "none", plan["diff"])
        missing = sync.missing_required(payload)
        email_fields, linkedin_field = search_keys(inputs["mapping"])
        criteria = sync.search_criteria(payload, email_fields, linkedin_field)
        match = sync.choose_match(client.search(record_type, criteria), payload, email_fields,
                                  linkedin_field) if criteria else None
    if match is not None and inputs["merge"]:
        plan = sync.plan_update(payload, match, inputs["protected"], inputs["update_mode"])
        answer.update(exelare_id=match["RecordID"], match=match)
        return _with(answer, "link", plan["diff"], f"Would link to the existing record #{match['RecordID']}.")
    report = None
    if match is not None:
        report = f"A matching record exists (#{match['RecordID']}) but merge duplicates is off: a new one would be made."
    if missing:
        report = f"Cannot create: Exelare needs {' and '.join(missing)}."
    return _with(answer, "create", sync.plan_create(payload)["diff"], report)


def _with(answer, action, diff, report=None):
    answer.update(action=action, diff=diff, kept=[d["field"] for d in diff if d["action"] == "kept"])
    if report:
        answer["report"] = report
    return answer
