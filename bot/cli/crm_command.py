"""`python -m bot crm setup`: check the connected CRMs against data/crm_fields.yml; create the HubSpot
properties that are missing, list the Salesforce fields an admin must add."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone

from bot.crm.field_mapping import LEAD_DETAILS, MappingError, load_mapping
from bot.crm.hubspot import HubSpot
from bot.crm.salesforce import Salesforce
from bot.events.http_call import DeliveryError
from bot.settings import HubSpotConnection, load_event_settings


def _label(property_name: str, mapping: dict[str, str]) -> str:
    detail = next((name for name, target in mapping.items() if target == property_name), property_name)
    return f"Assistant: {detail.replace('_', ' ')}" if detail in LEAD_DETAILS else property_name


def _setup(args: argparse.Namespace) -> int:
    settings = load_event_settings()
    if not settings.crm:
        print("error: no CRM is connected; set HUBSPOT_TOKEN or SALESFORCE_CLIENT_ID (and friends) in .env",
              file=sys.stderr)
        return 1
    try:
        mapping = load_mapping(settings.crm_mapping_file)
    except MappingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    now = datetime.now(timezone.utc)
    status = 0
    for connection in settings.crm:
        try:
            if isinstance(connection, HubSpotConnection):
                hubspot = HubSpot(connection, mapping.hubspot)
                missing = hubspot.missing_properties(now)
                for name in missing:
                    hubspot.create_property(name, _label(name, mapping.hubspot.fields), now)
                print(f"hubspot: {len(mapping.hubspot.fields)} properties mapped, created {len(missing)}"
                      + (f" ({', '.join(missing)})" if missing else ""))
            else:
                missing = Salesforce(connection, mapping.salesforce).missing_fields(now)
                if missing:
                    status = 1
                    print(f"salesforce: the Lead object lacks {', '.join(missing)}; add them in Setup > Object "
                          f"Manager > Lead (text fields; {mapping.salesforce.external_id} marked External ID "
                          "and Unique), then run this again", file=sys.stderr)
                else:
                    print(f"salesforce: all {len(mapping.salesforce.fields)} mapped Lead fields are present")
        except DeliveryError as error:
            print(f"error: {connection.name}: {error}", file=sys.stderr)
            status = 1
    return status


def register(commands: argparse._SubParsersAction) -> None:
    crm = commands.add_parser("crm", help="connected CRMs (HubSpot, Salesforce)")
    actions = crm.add_subparsers(dest="crm_command", metavar="ACTION", required=True)
    setup = actions.add_parser("setup", help="create missing HubSpot properties; check Salesforce's Lead fields")
    setup.set_defaults(run=_setup)
