"""Salesforce's REST API, as the sync uses it: an OAuth 2.0 client-credentials token, Leads upserted and
deleted by an External ID field holding the assistant's lead id, and the Lead's fields checked at setup.

References: https://developer.salesforce.com/docs/platform/api-rest/guide/resources-sobject-upsert.html,
https://developer.salesforce.com/docs/atlas.en-us.262.0.chatterapi.meta/chatterapi/quickstart_connecting.htm
"""

from __future__ import annotations

import threading
from datetime import datetime
from urllib.parse import quote, urlencode

from bot.crm.field_mapping import CrmMapping
from bot.crm.lead_details import NOT_PROVIDED
from bot.events.http_call import DeliveryError, send, send_json
from bot.settings import SalesforceConnection

REQUIRED = ("last_name", "company")  # Salesforce refuses a Lead without LastName and Company
_tokens: dict[tuple[str, str], tuple[str, str]] = {}  # (login url, client id) -> (access token, instance url)
_tokens_lock = threading.Lock()


class Salesforce:
    """One Salesforce org; the access token is fetched once and again only when Salesforce refuses it."""

    def __init__(self, connection: SalesforceConnection, mapping: CrmMapping) -> None:
        self.connection = connection
        self.mapping = mapping
        self._key = (connection.login_url, connection.client_id)

    def _token(self, now: datetime) -> tuple[str, str]:
        with _tokens_lock:
            if self._key in _tokens:
                return _tokens[self._key]
        form = urlencode({"grant_type": "client_credentials", "client_id": self.connection.client_id,
                          "client_secret": self.connection.client_secret}).encode()
        answer = send("POST", f"{self.connection.login_url}/services/oauth2/token",
                      {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
                      form, now).json()
        if not isinstance(answer, dict) or not answer.get("access_token") or not answer.get("instance_url"):
            raise DeliveryError("Salesforce's token endpoint answered without access_token and instance_url")
        token = (str(answer["access_token"]), str(answer["instance_url"]).rstrip("/"))
        with _tokens_lock:
            _tokens[self._key] = token
        return token

    def _call(self, method: str, path: str, payload: object, now: datetime) -> object:
        for attempt in (1, 2):
            access_token, instance_url = self._token(now)
            url = f"{instance_url}/services/data/{self.connection.api_version}{path}"
            try:
                return send_json(method, url, {"Authorization": f"Bearer {access_token}",
                                               "Accept": "application/json"}, payload, now).json()
            except DeliveryError as error:
                if error.status != 401 or attempt == 2:
                    raise
                with _tokens_lock:  # expired or revoked: fetch a new token once
                    _tokens.pop(self._key, None)
        raise AssertionError("unreachable")

    def _lead_path(self, lead_id: str) -> str:
        return f"/sobjects/Lead/{quote(self.mapping.external_id)}/{quote(lead_id, safe='')}"

    def upsert_record(self, details: dict[str, str], owner_id: str | None, now: datetime) -> str:
        """Create or update the Lead whose External ID is the lead id; return the Lead's record id."""
        fields = {self.mapping.fields[name]: value for name, value in details.items()
                  if name in self.mapping.fields and name != "lead_id"}
        for name in REQUIRED:
            fields.setdefault(self.mapping.fields[name], NOT_PROVIDED)
        if owner_id:
            fields["OwnerId"] = owner_id
        answer = self._call("PATCH", self._lead_path(details["lead_id"]), fields, now)
        if isinstance(answer, dict) and answer.get("success") is False:
            raise DeliveryError(f"Salesforce refused the Lead: {answer.get('errors')}")
        return str(answer.get("id")) if isinstance(answer, dict) and answer.get("id") else details["lead_id"]

    def delete_record(self, record_id: str, lead_id: str, now: datetime) -> None:
        """Delete the Lead with this lead id; one that is already gone counts as deleted."""
        try:
            self._call("DELETE", self._lead_path(lead_id), None, now)
        except DeliveryError as error:
            if error.status != 404:
                raise

    def missing_fields(self, now: datetime) -> list[str]:
        """Mapped Lead fields (and the External ID field) the org does not have."""
        answer = self._call("GET", "/sobjects/Lead/describe", None, now)
        fields = answer.get("fields") if isinstance(answer, dict) else None
        if not isinstance(fields, list):
            raise DeliveryError("Salesforce's describe answered without fields")
        present = {str(item.get("name")) for item in fields if isinstance(item, dict)}
        wanted = [*self.mapping.fields.values(), self.mapping.external_id]
        return [name for name in dict.fromkeys(wanted) if name not in present]


def forget_tokens() -> None:
    """Drop cached access tokens (tests, and a changed client secret)."""
    with _tokens_lock:
        _tokens.clear()
