"""Leads reach HubSpot and Salesforce through the outbox: only with consent, one contact however often it is
retried, a note with the summary, the owner of the claiming rep, deleted when the visitor is forgotten, and
a CRM that is down, rate-limiting or refusing a token delays the lead but never loses it. The CRMs are
strict contract receivers on loopback (tests/support/crm_receivers.py)."""

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from bot.cli.main import main
from bot.crm.salesforce import forget_tokens
from bot.db.engine import session_scope
from bot.db.models import CrmLink, EventDelivery, Lead
from bot.db.repository import Repository
from bot.events.delivery_worker import deliver_due_events, fan_out_new_events
from bot.paths import CRM_MAPPING_FILE
from bot.settings import EventSettings, HubSpotConnection, SalesforceConnection
from tests.db.test_event_outbox import _a_whole_conversation, _turn
from tests.support.crm_receivers import (
    HUBSPOT_TOKEN,
    SALESFORCE_CLIENT_ID,
    SALESFORCE_CLIENT_SECRET,
    HubSpotReceiver,
    SalesforceReceiver,
    hubspot_receiver,
    salesforce_receiver,
)

pytestmark = pytest.mark.db
CUSTOM_SALESFORCE_FIELDS = {"Leadbot_Company_Size__c", "Leadbot_Timeline__c", "Leadbot_Goal__c",
                            "Leadbot_Challenge__c", "Leadbot_Warmth__c", "Leadbot_Warmth_Reasons__c",
                            "Leadbot_Outcome__c", "Leadbot_Contact_Preferences__c"}


@pytest.fixture
def hubspot() -> Iterator[HubSpotReceiver]:
    with hubspot_receiver() as receiver:
        yield receiver


@pytest.fixture
def salesforce() -> Iterator[SalesforceReceiver]:
    forget_tokens()
    with salesforce_receiver() as receiver:
        receiver.add_custom_fields(CUSTOM_SALESFORCE_FIELDS)
        yield receiver


@pytest.fixture
def mapping_file(tmp_path) -> Path:
    """The shipped mapping, with Rita mapped to a HubSpot owner and a Salesforce user."""
    data = yaml.safe_load(CRM_MAPPING_FILE.read_text())
    data["hubspot"]["owners"] = {"rita@example.com": "7770001"}
    data["salesforce"]["owners"] = {"rita@example.com": "005000000000777AAA"}
    path = tmp_path / "crm_fields.yml"
    path.write_text(yaml.safe_dump(data))
    return path


def _settings(hubspot, salesforce, mapping_file, secret=SALESFORCE_CLIENT_SECRET) -> EventSettings:
    return EventSettings(crm=(HubSpotConnection(token=HUBSPOT_TOKEN, api_url=hubspot.url),
                              SalesforceConnection(login_url=salesforce.url, client_id=SALESFORCE_CLIENT_ID,
                                                   client_secret=secret)),
                         crm_mapping_file=mapping_file)


def _run_until_idle(database_url, settings, rounds=12) -> None:
    """Fan out and deliver, each round an hour later, so retries come due without waiting."""
    for index in range(rounds):
        fan_out_new_events(database_url, settings)
        deliver_due_events(database_url, settings, datetime.now(timezone.utc) + timedelta(hours=index),
                           "http://inbox.example/inbox")


def _create_hubspot_properties(hubspot: HubSpotReceiver) -> None:
    hubspot.properties |= {"leadbot_company_size", "leadbot_timeline", "leadbot_goal", "leadbot_challenge",
                           "leadbot_warmth", "leadbot_warmth_reasons", "leadbot_outcome", "leadbot_lead_id",
                           "leadbot_contact_preferences"}


def _failures(database_url) -> list[str]:
    """Why each delivery not yet sent is not ("not tried yet" for one still waiting its turn)."""
    with session_scope(database_url) as session:
        return [d.last_error or "not tried yet" for d in session.scalars(select(EventDelivery)) if d.status != "sent"]


def test_a_consented_conversation_is_one_contact_with_a_note_and_one_lead_despite_a_429(
        database_url, hubspot, salesforce, mapping_file):
    _create_hubspot_properties(hubspot)
    _a_whole_conversation(database_url)
    hubspot.answers = [(429, {"Retry-After": "1"}, {"status": "error", "errorType": "RATE_LIMIT",
                                                      "message": "You have reached your secondly limit."})]
    _run_until_idle(database_url, _settings(hubspot, salesforce, mapping_file))

    assert _failures(database_url) == []
    assert [r["status"] for r in hubspot.requests][0] == 429
    [contact] = hubspot.contacts.values()
    with session_scope(database_url) as session:
        public_id = session.scalar(select(Lead.public_id))
    assert {
        "email": "dana@example.com", "leadbot_goal": "faster onboarding",
        "leadbot_outcome": "qualified", "leadbot_lead_id": public_id, "hubspot_owner_id": "7770001",
    }.items() <= contact["properties"].items()
    [note] = hubspot.notes
    assert note["contacts"] == [contact["id"]]
    assert "Asked for a person. Name: Dana." in note["properties"]["hs_note_body"]
    assert "http://inbox.example/inbox/handoffs/" in note["properties"]["hs_note_body"]
    lead = salesforce.leads[public_id]
    assert {"Email": "dana@example.com", "LastName": "[not provided]",
            "Company": "[not provided]", "Leadbot_Goal__c": "faster onboarding", "Leadbot_Outcome__c": "qualified",
            "OwnerId": "005000000000777AAA"}.items() <= lead.items()
    assert len(salesforce.calls("POST", "/services/oauth2/token")) == 1  # the token is reused


def test_without_consent_nothing_reaches_a_crm(database_url, hubspot, salesforce, mapping_file):
    from bot.after_turn import after_turn
    from bot.handoff.desk import HandoffDesk
    from bot.handoff.warmth import load_warmth_config
    from bot.settings import load_handoff_settings
    desk = HandoffDesk(database_url, load_handoff_settings(), load_warmth_config())
    with session_scope(database_url) as session:
        after_turn(session, desk, _turn("v-2", "I'm Ana, we want to cut churn", "inform",
                                        {"name": "Ana", "goal": "cut churn"}), None)
    _run_until_idle(database_url, _settings(hubspot, salesforce, mapping_file))
    assert hubspot.requests == [] and salesforce.requests == []


def test_forgetting_the_visitor_deletes_the_crm_copies(database_url, hubspot, salesforce, mapping_file):
    _create_hubspot_properties(hubspot)
    _a_whole_conversation(database_url)
    settings = _settings(hubspot, salesforce, mapping_file)
    _run_until_idle(database_url, settings, rounds=2)
    [contact_id] = hubspot.contacts
    [public_id] = salesforce.leads
    with session_scope(database_url) as session:
        Repository(session).forget("v-1")
    _run_until_idle(database_url, settings, rounds=2)
    assert hubspot.deleted == [contact_id] and hubspot.contacts == {}
    assert salesforce.deleted == [public_id] and salesforce.leads == {}
    with session_scope(database_url) as session:
        assert session.scalars(select(CrmLink)).all() == []
    assert _failures(database_url) == []


def test_a_crm_that_is_down_gets_the_lead_once_it_is_back(database_url, mapping_file):
    forget_tokens()
    with hubspot_receiver(running=False) as hubspot, salesforce_receiver(running=False) as salesforce:
        salesforce.add_custom_fields(CUSTOM_SALESFORCE_FIELDS)
        _create_hubspot_properties(hubspot)
        _a_whole_conversation(database_url)
        settings = _settings(hubspot, salesforce, mapping_file)
        _run_until_idle(database_url, settings, rounds=1)
        tried = [error for error in _failures(database_url) if error != "not tried yet"]
        assert tried and all("Connection refused" in error for error in tried), tried
        hubspot.start()
        salesforce.start()
        _run_until_idle(database_url, settings)
        assert _failures(database_url) == []
        assert len(hubspot.contacts) == 1 and len(salesforce.leads) == 1 and len(hubspot.notes) == 1


def test_an_expired_salesforce_token_is_renewed_and_wrong_credentials_are_a_visible_failure(
        database_url, hubspot, salesforce, mapping_file):
    _create_hubspot_properties(hubspot)
    _a_whole_conversation(database_url)
    _run_until_idle(database_url, _settings(hubspot, salesforce, mapping_file, secret="wrong"), rounds=1)
    assert any("invalid_client" in error for error in _failures(database_url))
    assert salesforce.leads == {}
    salesforce.expire_tokens()
    _run_until_idle(database_url, _settings(hubspot, salesforce, mapping_file))
    assert _failures(database_url) == [] and len(salesforce.leads) == 1


def test_a_salesforce_token_revoked_mid_way_is_fetched_again(database_url, hubspot, salesforce, mapping_file):
    _create_hubspot_properties(hubspot)
    _a_whole_conversation(database_url)
    settings = _settings(hubspot, salesforce, mapping_file)
    _run_until_idle(database_url, settings, rounds=3)
    assert salesforce.leads
    salesforce.expire_tokens()
    with session_scope(database_url) as session:
        Repository(session).forget("v-1")
    _run_until_idle(database_url, settings, rounds=1)
    assert [r["status"] for r in salesforce.requests[-3:]] == [401, 200, 204]
    assert salesforce.leads == {}


def test_crm_setup_creates_missing_hubspot_properties_and_names_missing_salesforce_fields(
        hubspot, monkeypatch, capsys):
    forget_tokens()
    with salesforce_receiver() as salesforce:
        monkeypatch.setenv("HUBSPOT_TOKEN", HUBSPOT_TOKEN)
        monkeypatch.setenv("HUBSPOT_API_URL", hubspot.url)
        monkeypatch.setenv("SALESFORCE_LOGIN_URL", salesforce.url)
        monkeypatch.setenv("SALESFORCE_CLIENT_ID", SALESFORCE_CLIENT_ID)
        monkeypatch.setenv("SALESFORCE_CLIENT_SECRET", SALESFORCE_CLIENT_SECRET)
        assert main(["crm", "setup"]) == 1
        out, err = capsys.readouterr()
        assert "created 9" in out and "leadbot_contact_preferences" in out
        assert {"leadbot_goal", "leadbot_lead_id"} <= hubspot.properties
        assert "Leadbot_Goal__c" in err and "Leadbot_Lead_Id__c" in err
        salesforce.add_custom_fields(CUSTOM_SALESFORCE_FIELDS)
        assert main(["crm", "setup"]) == 0
        out, _ = capsys.readouterr()
        assert "created 0" in out and "all 13 mapped Lead fields are present" in out
