"""Tenancy by query: a row of another team is answered exactly like a missing one (404)."""
from sqlalchemy import select

from ..errors import NotFound
from ..extensions import db
from ..models import Campaign, Membership, Person


def get_campaign(team_id, campaign_id):
    campaign = db.session.scalar(select(Campaign).where(Campaign.id == campaign_id, Campaign.team_id == team_id))
    if campaign is None:
        raise NotFound(f"No campaign {campaign_id} in your team.")
    return campaign


def get_person(team_id, person_id):
    person = db.session.scalar(select(Person).where(Person.id == person_id, Person.team_id == team_id))
    if person is None:
        raise NotFound(f"No person {person_id} in your team.")
    return person


def find_membership(campaign, person):
    return db.session.scalar(select(Membership).where(
        Membership.campaign_id == campaign.id, Membership.person_id == person.id))


def get_membership(team_id, campaign_id, person_id):
    campaign = get_campaign(team_id, campaign_id)
    person = get_person(team_id, person_id)
    membership = find_membership(campaign, person)
    if membership is None:
        raise NotFound(f"Person {person_id} is not in campaign {campaign_id}.")
    return membership
