"""Five adjustments to how the Rasa process calls custom actions (installed by `bot.runtime.rasa_server`).

1. When the action server cannot be reached, the visitor hears an apology instead of silence. Rasa logs a
   failed custom action and carries on without a word; here a connection failure becomes the
   `utter_action_server_down` response (and a form answer that could not be validated is asked for again).
   Rejections (forms) keep Rasa's own handling.
2. Rasa checks every action server reply against a JSON schema with `jsonschema.validate`, which re-checks
   the schema itself on every call: profiling showed two thirds of the Rasa process's CPU there under load.
   The same check runs here with validators built once, each event against the schema of its own kind.
3. Rasa's `EndpointConfig.request` opens a new HTTP session, and so a new connection, for every action call,
   and encodes the tracker with the standard library's JSON. Here action calls share one kept-alive session
   per server and are encoded with ujson (same JSON, several times faster); anything else keeps Rasa's path.
4. Rasa sends form validation actions (`validate_*`) the whole domain on every call, two thirds of it the
   responses, which rasa_sdk's validation never reads (it reads slots and forms): they get the domain without
   responses. A validation action that needs them is marked `send_domain: true` in domain.yml, like any other.
5. `action_session_start` gets the stored profile the tracker store read with a new conversation's first query
   (bot/rasa_ext/session_start_profile.py), so the action server need not read it again.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
import ujson
from aiohttp import ContentTypeError
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction, create_bot_utterance
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import ClientResponseError, EndpointConfig, concat_url

from bot.rasa_ext import session_start_profile

logger = logging.getLogger(__name__)
APOLOGY_RESPONSE = "utter_action_server_down"
_original_run = RemoteAction.run
_original_call_format = RemoteAction._action_call_format
VALIDATION_PREFIX = "validate_"


class KeptAliveEndpoint(EndpointConfig):
    """The action endpoint, posting JSON over one kept-alive session (see adjustment 3)."""

    _session: aiohttp.ClientSession | None = None
    _loop: asyncio.AbstractEventLoop | None = None

    @classmethod
    def like(cls, endpoint: EndpointConfig) -> KeptAliveEndpoint:
        kept = cls(endpoint.url, endpoint.params, endpoint.headers, endpoint.basic_auth, endpoint.token,
                   endpoint.token_name, endpoint.cafile, **endpoint.kwargs)
        kept.type = endpoint.type
        return kept

    def _kept_session(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            self._session = aiohttp.ClientSession(headers=self.headers, json_serialize=ujson.dumps,
                                                  timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT))
            self._loop = loop
        return self._session

    async def request(self, method: str = "post", subpath: str | None = None,
                      content_type: str | None = "application/json", compress: bool = False, **kwargs: Any) -> Any:
        if method != "post" or "json" not in kwargs or self.cafile or self.basic_auth or compress:
            return await super().request(method, subpath, content_type, compress, **kwargs)
        headers = {**({"Content-Type": content_type} if content_type else {}), **self.headers}
        async with self._kept_session().post(concat_url(self.url, subpath), headers=headers,
                                             params=self.combine_parameters(kwargs), **kwargs) as response:
            if response.status >= 400:
                raise ClientResponseError(response.status, response.reason, await response.content.read())
            try:
                return await response.json(loads=ujson.loads)
            except ContentTypeError:
                return None


_kept_alive: dict[int, tuple[EndpointConfig, KeptAliveEndpoint]] = {}


def _kept_alive_like(endpoint: EndpointConfig) -> KeptAliveEndpoint:
    """One kept-alive twin per configured endpoint (Rasa makes a new RemoteAction for every call)."""
    original, kept = _kept_alive.get(id(endpoint), (None, None))
    if original is not endpoint or kept is None:
        kept = KeptAliveEndpoint.like(endpoint)
        _kept_alive[id(endpoint)] = (endpoint, kept)
    return kept


async def _run_or_apologise(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any,
                            domain: Any) -> list:
    if self.action_endpoint is not None and not isinstance(self.action_endpoint, KeptAliveEndpoint):
        self.action_endpoint = _kept_alive_like(self.action_endpoint)
    try:
        return await _original_run(self, output_channel, nlg, tracker, domain)
    except ActionExecutionRejection:
        raise
    except RasaException as error:
        logger.error("custom action %s failed, apologising to the visitor: %s", self.name(), error)
        message = await nlg.generate(APOLOGY_RESPONSE, tracker, output_channel.name())
        events = [create_bot_utterance(message)] if message else []
        requested = tracker.get_slot("requested_slot")
        if self.name().startswith("validate_") and requested:
            # The answer could not be checked: forget it, so the form asks the same question again.
            events.append(SlotSet(requested, None))
        return events


def _validation_domain(domain: Domain) -> tuple[dict[str, Any], frozenset[str]]:
    """The domain without responses, and the actions marked `send_domain: true`; worked out once per domain."""
    kept = domain.__dict__.get("_validation_domain")
    if kept is None:
        whole = domain.as_dict()
        marked = frozenset(name for entry in whole.get("actions", []) if isinstance(entry, dict)
                           for name, config in entry.items() if isinstance(config, dict) and config.get("send_domain"))
        kept = ({key: value for key, value in whole.items() if key != "responses"}, marked)
        domain.__dict__["_validation_domain"] = kept
    return kept


def _call_format(self: RemoteAction, tracker: DialogueStateTracker, domain: Domain) -> dict[str, Any]:
    """Rasa's action call; a validation action not marked `send_domain` gets the domain without responses, and
    a session start the stored profile read with the conversation's first query (adjustment 5)."""
    body = _original_call_format(self, tracker, domain)
    session_start_profile.profiles.add_to_call(self.name(), body)
    if "domain" in body and self.name().startswith(VALIDATION_PREFIX):
        without_responses, marked = _validation_domain(domain)
        if self.name() not in marked:
            body["domain"] = without_responses
    return body


def _validator(schema: dict) -> Any:
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


_schema = RemoteAction.action_response_format_spec()
_event_schema = _schema["properties"]["events"]["items"]
# Each event is checked against the one `oneOf` branch for its kind (the branches differ by their `event`
# constant, so that branch is the only one that can match): the same verdict as checking all 23 branches.
_event_validators = {branch["properties"]["event"]["const"]: _validator(branch) for branch in _event_schema["oneOf"]}
assert len(_event_validators) == len(_event_schema["oneOf"]), "two event schemas for one kind"
_outer_validator = _validator({**_schema, "properties": {
    **_schema["properties"],
    "events": {**_schema["properties"]["events"],
               "items": {key: value for key, value in _event_schema.items() if key != "oneOf"}}}})


def _validate_once_built(self: RemoteAction, result: dict) -> bool:
    """Rasa's own response check, with the same error message, without re-checking the schema."""
    try:
        _outer_validator.validate(result)
        for event in result.get("events") or []:
            validator = _event_validators.get(event["event"])
            if validator is None:
                raise ValidationError(f"{event!r} is not valid under any of the given schemas")
            validator.validate(event)
        return True
    except ValidationError as error:
        error.message += (". Failed to validate Action server response from API, make sure your response "
                          "from the Action endpoint is valid.")
        raise error


def install() -> None:
    """Apply the five adjustments (idempotent)."""
    RemoteAction.run = _run_or_apologise
    RemoteAction._action_call_format = _call_format
    RemoteAction._validate_action_result = _validate_once_built
