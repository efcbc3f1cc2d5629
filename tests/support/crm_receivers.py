"""HubSpot and Salesforce as strict contract receivers on loopback: each checks paths, methods, headers, auth
and body shapes the way the vendor documents them, keeps what it was sent, and can be scripted to refuse.

HubSpot (CRM v3), as documented at:
- batch upsert: https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/upsert-contacts
  (POST /crm/v3/objects/contacts/batch/upsert, body {"inputs": [{"idProperty", "id", "properties"}]})
- GDPR delete: https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/basic/post-crm-v3-objects-contacts-gdpr-delete
  (POST /crm/v3/objects/contacts/gdpr-delete, body {"objectId", "idProperty"?}, no response body)
- notes: https://developers.hubspot.com/docs/api-reference/latest/crm/activities/notes/guide
  (POST /crm/v3/objects/notes, properties hs_timestamp and hs_note_body, association type 202 note -> contact)
- properties: GET/POST /crm/v3/properties/contacts[/{name}]; unknown properties in a write are a validation error
  ("Read-only and non-existent properties will result in an error", .../batch/update-contacts)
- private app tokens as `Authorization: Bearer`; 429 when rate limited (with Retry-After here).
Salesforce (REST API), as documented at:
- client credentials: https://developer.salesforce.com/docs/atlas.en-us.262.0.chatterapi.meta/chatterapi/quickstart_connecting.htm
  (POST /services/oauth2/token, form grant_type=client_credentials, client_id, client_secret)
- upsert/delete by external id: https://developer.salesforce.com/docs/platform/api-rest/guide/resources-sobject-upsert.html
  (PATCH/DELETE /services/data/vXX.X/sobjects/Lead/{externalIdField}/{value}; 201 created, 200 updated, 204 deleted)
- errors as a JSON list of {message, errorCode}; INVALID_SESSION_ID on 401.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from typing import Any, TypeVar
from urllib.parse import parse_qs, unquote

from bot.runtime.ports import free_port

HUBSPOT_TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555"
SALESFORCE_CLIENT_ID = "3MVG9leadbot.contract.receiver"
SALESFORCE_CLIENT_SECRET = "9F1C2E3D4B5A69788796A5B4C3D2E1F0"
HUBSPOT_DEFAULT_PROPERTIES = {"email", "firstname", "lastname", "company", "jobtitle", "hubspot_owner_id"}
R = TypeVar("R", bound="_Receiver")
SALESFORCE_LEAD_FIELDS = {"Id", "Email", "FirstName", "LastName", "Company", "Title", "OwnerId", "Description",
                          "Status"}


class _Receiver:
    """A loopback HTTP server that routes to `handle` and records every request."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.requests: list[dict[str, Any]] = []  # {"method", "path", "headers", "body", "status"}
        self.answers: list[tuple[int, dict[str, str], Any]] = []  # scripted (status, headers, body) to send next
        self.lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def handle(self, method: str, path: str, headers: dict[str, str], raw: bytes) -> tuple[int, dict[str, str], Any]:
        raise NotImplementedError

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {name.lower(): value for name, value in self.headers.items()}
                with receiver.lock:
                    if receiver.answers:
                        status, extra, body = receiver.answers.pop(0)
                    else:
                        status, extra, body = receiver.handle(self.command, self.path, headers, raw)
                    receiver.requests.append({"method": self.command, "path": self.path, "headers": headers,
                                              "body": raw, "status": status})
                payload = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                if payload:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _any

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def calls(self, method: str, path_start: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["method"] == method and r["path"].startswith(path_start)]


def _json_body(headers: dict[str, str], raw: bytes) -> Any:
    if not headers.get("content-type", "").startswith("application/json"):
        raise ValueError("Content-Type must be application/json")
    return json.loads(raw)


class HubSpotReceiver(_Receiver):
    """HubSpot's CRM v3 contacts, notes, properties and GDPR deletion, kept in memory."""

    def __init__(self) -> None:
        super().__init__()
        self.properties = set(HUBSPOT_DEFAULT_PROPERTIES)
        self.contacts: dict[str, dict[str, Any]] = {}  # id -> {"properties": {...}}
        self.notes: list[dict[str, Any]] = []
        self.deleted: list[str] = []
        self._ids = count(101)

    @staticmethod
    def _error(status: int, category: str, message: str) -> tuple[int, dict[str, str], Any]:
        return status, {}, {"status": "error", "message": message, "category": category,
                            "correlationId": "00000000-0000-0000-0000-000000000000"}

    def contact_by_email(self, email: str) -> dict[str, Any] | None:
        return next((c for c in self.contacts.values() if c["properties"].get("email") == email), None)

    def handle(self, method, path, headers, raw):
        if headers.get("authorization") != f"Bearer {HUBSPOT_TOKEN}":
            return self._error(401, "INVALID_AUTHENTICATION", "Authentication credentials not found.")
        try:
            body = _json_body(headers, raw) if method in ("POST", "PATCH") else None
        except ValueError as error:
            return self._error(400, "VALIDATION_ERROR", str(error))
        if method == "POST" and path == "/crm/v3/objects/contacts/batch/upsert":
            return self._upsert(body)
        if method == "POST" and path == "/crm/v3/objects/notes":
            return self._note(body)
        if method == "POST" and path == "/crm/v3/objects/contacts/gdpr-delete":
            if not isinstance(body, dict) or not isinstance(body.get("objectId"), str) or set(body) - {
                    "objectId", "idProperty"}:
                return self._error(400, "VALIDATION_ERROR", "objectId (string) is required")
            if body["objectId"] not in self.contacts:
                return self._error(404, "OBJECT_NOT_FOUND", "resource not found")
            del self.contacts[body["objectId"]]
            self.deleted.append(body["objectId"])
            return 204, {}, None
        if method == "GET" and path.startswith("/crm/v3/properties/contacts/"):
            name = unquote(path.rsplit("/", 1)[1])
            return (200, {}, {"name": name, "type": "string"}) if name in self.properties else \
                self._error(404, "OBJECT_NOT_FOUND", f"Unable to find property {name}")
        if method == "POST" and path == "/crm/v3/properties/contacts":
            needed = {"name", "label", "type", "fieldType", "groupName"}
            if not isinstance(body, dict) or needed - set(body):
                return self._error(400, "VALIDATION_ERROR", f"missing {sorted(needed - set(body or {}))}")
            if body["name"] in self.properties:
                return self._error(409, "OBJECT_ALREADY_EXISTS", "Property already exists")
            self.properties.add(body["name"])
            return 201, {}, body
        return self._error(404, "OBJECT_NOT_FOUND", f"no route {method} {path}")

    def _upsert(self, body):
        inputs = body.get("inputs") if isinstance(body, dict) else None
        if not isinstance(inputs, list) or not inputs or set(body) != {"inputs"}:
            return self._error(400, "VALIDATION_ERROR", "inputs is required")
        results = []
        for item in inputs:
            if not isinstance(item, dict) or set(item) - {"id", "idProperty", "properties", "objectWriteTraceId"} \
                    or item.get("idProperty") != "email" or not isinstance(item.get("id"), str) \
                    or not isinstance(item.get("properties"), dict):
                return self._error(400, "VALIDATION_ERROR", f"malformed input {item!r}")
            unknown = set(item["properties"]) - self.properties
            if unknown:
                return self._error(400, "VALIDATION_ERROR", f"Property values were not valid: {sorted(unknown)}")
            if not all(isinstance(value, str) for value in item["properties"].values()):
                return self._error(400, "VALIDATION_ERROR", "property values must be strings")
            existing = self.contact_by_email(item["id"])
            new = existing is None
            if existing is None:
                contact_id = str(next(self._ids))
                existing = self.contacts[contact_id] = {"id": contact_id, "properties": {"email": item["id"]}}
            existing["properties"].update(item["properties"])
            results.append({"id": existing["id"], "properties": existing["properties"], "new": new,
                            "archived": False, "createdAt": "2026-11-23T10:00:00Z",
                            "updatedAt": "2026-11-23T10:00:00Z"})
        return 200, {}, {"status": "COMPLETE", "results": results, "startedAt": "2026-11-23T10:00:00Z",
                         "completedAt": "2026-11-23T10:00:01Z"}

    def _note(self, body):
        properties = body.get("properties") if isinstance(body, dict) else None
        if not isinstance(properties, dict) or not {"hs_timestamp", "hs_note_body"} <= set(properties):
            return self._error(400, "VALIDATION_ERROR", "hs_timestamp and hs_note_body are required")
        for association in body.get("associations") or []:
            types = association.get("types") or []
            if association.get("to", {}).get("id") not in self.contacts or types != [
                    {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 202}]:
                return self._error(400, "VALIDATION_ERROR", f"invalid association {association!r}")
        note = {"id": str(next(self._ids)), "properties": properties,
                "contacts": [a["to"]["id"] for a in body.get("associations") or []]}
        self.notes.append(note)
        return 201, {}, {"id": note["id"], "properties": properties, "archived": False}


class SalesforceReceiver(_Receiver):
    """A Salesforce org: the client-credentials token endpoint and Lead upsert/delete by an External ID field."""

    API = "/services/data/v60.0"

    def __init__(self, external_id: str = "Leadbot_Lead_Id__c") -> None:
        super().__init__()
        self.external_id = external_id
        self.fields = set(SALESFORCE_LEAD_FIELDS)
        self.leads: dict[str, dict[str, Any]] = {}  # external id value -> fields (with "Id")
        self.deleted: list[str] = []
        self.tokens: set[str] = set()
        self._ids = count(1)

    def add_custom_fields(self, names: set[str]) -> None:
        self.fields |= names | {self.external_id}

    def expire_tokens(self) -> None:
        with self.lock:
            self.tokens.clear()

    @staticmethod
    def _error(status: int, code: str, message: str) -> tuple[int, dict[str, str], Any]:
        return status, {}, [{"message": message, "errorCode": code}]

    def handle(self, method, path, headers, raw):
        if path == "/services/oauth2/token":
            return self._token(method, headers, raw)
        if headers.get("authorization", "").removeprefix("Bearer ") not in self.tokens:
            return self._error(401, "INVALID_SESSION_ID", "Session expired or invalid")
        if method == "GET" and path == f"{self.API}/sobjects/Lead/describe":
            return 200, {}, {"name": "Lead",
                             "fields": [{"name": name, "type": "string"} for name in sorted(self.fields)]}
        prefix = f"{self.API}/sobjects/Lead/"
        if not path.startswith(prefix) or path.count("/") != prefix.count("/") + 1:
            return self._error(404, "NOT_FOUND", "The requested resource does not exist")
        field, value = (unquote(part) for part in path[len(prefix):].split("/"))
        if field != self.external_id or field not in self.fields:
            return self._error(404, "NOT_FOUND",
                               f"Provided external ID field does not exist or is not accessible: {field}")
        if method == "DELETE":
            if value not in self.leads:
                return self._error(404, "NOT_FOUND", "Provided external ID field does not exist or is not accessible")
            del self.leads[value]
            self.deleted.append(value)
            return 204, {}, None
        if method != "PATCH":
            return self._error(405, "METHOD_NOT_ALLOWED", f"HTTP Method '{method}' not allowed")
        try:
            body = _json_body(headers, raw)
        except ValueError as error:
            return self._error(400, "JSON_PARSER_ERROR", str(error))
        if not isinstance(body, dict):
            return self._error(400, "JSON_PARSER_ERROR", "expected an object")
        unknown = set(body) - self.fields
        if unknown:
            return self._error(400, "INVALID_FIELD", f"No such column '{sorted(unknown)[0]}' on sobject of type Lead")
        existing = self.leads.get(value)
        if existing is None:
            missing = [name for name in ("LastName", "Company") if not body.get(name)]
            if missing:
                return self._error(400, "REQUIRED_FIELD_MISSING", f"Required fields are missing: {missing}")
            existing = self.leads[value] = {"Id": f"00Q{next(self._ids):015d}", self.external_id: value}
            existing.update(body)
            return 201, {}, {"id": existing["Id"], "success": True, "errors": [], "created": True}
        existing.update(body)
        return 200, {}, {"id": existing["Id"], "success": True, "errors": [], "created": False}

    def _token(self, method, headers, raw):
        if method != "POST" or headers.get("content-type") != "application/x-www-form-urlencoded":
            return 400, {}, {"error": "invalid_request", "error_description": "must use HTTP POST with a form"}
        form = {key: values[0] for key, values in parse_qs(raw.decode()).items()}
        if form.get("grant_type") != "client_credentials":
            return 400, {}, {"error": "unsupported_grant_type", "error_description": "grant type not supported"}
        if form.get("client_id") != SALESFORCE_CLIENT_ID or form.get("client_secret") != SALESFORCE_CLIENT_SECRET:
            return 400, {}, {"error": "invalid_client", "error_description": "invalid client credentials"}
        token = f"00D000000000001!token{len(self.tokens) + len(self.requests)}"
        self.tokens.add(token)
        return 200, {}, {"access_token": token, "instance_url": self.url, "token_type": "Bearer",
                         "id": f"{self.url}/id/00D000000000001/005000000000001", "issued_at": "1763892000000",
                         "signature": "c2lnbmF0dXJl", "scope": "api"}


@contextmanager
def _serving(receiver: R, running: bool) -> Iterator[R]:
    if running:
        receiver.start()
    try:
        yield receiver
    finally:
        receiver.stop()


def hubspot_receiver(running: bool = True) -> AbstractContextManager[HubSpotReceiver]:
    """A HubSpot account on a free loopback port (started unless `running` is False)."""
    return _serving(HubSpotReceiver(), running)


def salesforce_receiver(running: bool = True) -> AbstractContextManager[SalesforceReceiver]:
    """A Salesforce org on a free loopback port (started unless `running` is False)."""
    return _serving(SalesforceReceiver(), running)
