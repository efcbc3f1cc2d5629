"""HubSpot's CRM v3 API, as the sync uses it: contacts upserted by email, notes on a contact, GDPR deletion,
and contact properties checked and created at setup.

API reference: https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/upsert-contacts,
.../contacts/gdpr/gdpr-delete-contact, https://developers.hubspot.com/docs/api-reference/latest/crm/activities/notes/guide
"""

from __future__ import annotations

import html
from datetime import datetime
from urllib.parse import quote

from bot.crm.field_mapping import CrmMapping
from bot.events.http_call import DeliveryError, send_json
from bot.settings import HubSpotConnection

NOTE_TO_CONTACT = 202  # HubSpot-defined association type: note -> contact
OWNER_PROPERTY = "hubspot_owner_id"
PROPERTY_GROUP = "contactinformation"


class HubSpot:
    """One HubSpot account, reached with a private app token."""

    def __init__(self, connection: HubSpotConnection, mapping: CrmMapping) -> None:
        self.connection = connection
        self.mapping = mapping

    def _call(self, method: str, path: str, payload: object, now: datetime) -> object:
        headers = {"Authorization": f"Bearer {self.connection.token}", "Accept": "application/json"}
        return send_json(method, self.connection.api_url + path, headers, payload, now).json()

    def upsert_record(self, details: dict[str, str], owner_id: str | None, now: datetime) -> str:
        """Create or update the contact with this email; return its id."""
        properties = {self.mapping.fields[name]: value for name, value in details.items()
                      if name in self.mapping.fields}
        if owner_id:
            properties[OWNER_PROPERTY] = owner_id
        answer = self._call("POST", "/crm/v3/objects/contacts/batch/upsert", {"inputs": [
            {"idProperty": "email", "id": details["email"], "properties": properties}]}, now)
        results = answer.get("results") if isinstance(answer, dict) else None
        if not results or not isinstance(results[0], dict) or not results[0].get("id"):
            raise DeliveryError(f"HubSpot's upsert answered without a contact: {str(answer)[:300]}")
        return str(results[0]["id"])

    def add_note(self, contact_id: str, text: str, when: datetime, owner_id: str | None, now: datetime) -> str:
        """A note on the contact's timeline (the visitor's words escaped: HubSpot shows note bodies as HTML)."""
        properties = {"hs_timestamp": when.isoformat().replace("+00:00", "Z"),
                      "hs_note_body": html.escape(text).replace("\n", "<br>")}
        if owner_id:
            properties[OWNER_PROPERTY] = owner_id
        answer = self._call("POST", "/crm/v3/objects/notes", {"properties": properties, "associations": [
            {"to": {"id": contact_id},
             "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": NOTE_TO_CONTACT}]}]}, now)
        if not isinstance(answer, dict) or not answer.get("id"):
            raise DeliveryError("HubSpot answered a new note without its id")
        return str(answer["id"])

    def delete_record(self, contact_id: str, lead_id: str, now: datetime) -> None:
        """Permanently delete the contact (GDPR delete); one that is already gone counts as deleted."""
        try:
            self._call("POST", "/crm/v3/objects/contacts/gdpr-delete", {"objectId": contact_id}, now)
        except DeliveryError as error:
            if error.status != 404:
                raise

    def missing_properties(self, now: datetime) -> list[str]:
        """Mapped contact properties the account does not have yet."""
        missing = []
        for name in self.mapping.fields.values():
            try:
                self._call("GET", f"/crm/v3/properties/contacts/{quote(name)}", None, now)
            except DeliveryError as error:
                if error.status != 404:
                    raise
                missing.append(name)
        return missing

    def create_property(self, name: str, label: str, now: datetime) -> None:
        """A text contact property in the contact information group."""
        self._call("POST", "/crm/v3/properties/contacts", {
            "name": name, "label": label, "type": "string", "fieldType": "textarea",
            "groupName": PROPERTY_GROUP, "description": "Set by the website assistant (leadbot)"}, now)
