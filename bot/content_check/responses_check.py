"""Responses: used ones exist, defined ones are used, buttons point at real intents, actions exist."""

from __future__ import annotations

import re
from pathlib import Path

from bot.content_check.content_files import ContentFiles
from bot.content_check.conversation_steps import flows
from bot.content_check.findings import Finding, error, warning
from bot.discovery.clarify import LABEL_PREFIX
from bot.paths import PROJECT_ROOT

_CODE_RESPONSE = re.compile(r"[\"'](utter_[a-z0-9_]+)[\"']")
_PAYLOAD = re.compile(r"^/([A-Za-z0-9_]+)")
BUILT_IN_ACTIONS = {"action_listen", "action_restart", "action_deactivate_loop", "action_default_fallback",
                    "action_two_stage_fallback", "action_back", "action_session_start",
                    "action_unlikely_intent", "action_default_ask_affirmation", "action_default_ask_rephrase"}


def responses_used_in_code(root: Path = PROJECT_ROOT) -> set[str]:
    used: set[str] = set()
    for folder in ("actions", "bot"):
        for source in (root / folder).rglob("*.py"):
            used.update(_CODE_RESPONSE.findall(source.read_text(encoding="utf-8")))
    return used


def _action_names(actions: list) -> set[str]:
    """Names from domain.yml's `actions:`, each a plain name or a name with settings (`send_domain`)."""
    names: set[str] = set()
    for action in actions:
        names |= {str(key) for key in action if key != "__line__"} if isinstance(action, dict) else {str(action)}
    return names


def check_responses(files: ContentFiles, domain_path: Path) -> list[Finding]:
    domain = files.documents.get(domain_path)
    if not isinstance(domain, dict):
        return []
    responses: dict = {k: v for k, v in (domain.get("responses") or {}).items() if k != "__line__"}
    intents = {str(i) for i in domain.get("intents") or []}
    actions = _action_names(domain.get("actions") or []) | set(responses) | BUILT_IN_ACTIONS
    forms = {k: v for k, v in (domain.get("forms") or {}).items() if k != "__line__"}
    asked = {f"utter_ask_{slot}" for form in forms.values() if isinstance(form, dict)
             for slot in form.get("required_slots") or []}
    # utter_default is what Rasa's built-in fallback action says; action_clarify labels its buttons with
    # the utter_meaning_<intent> responses.
    labels = {name for name in responses if name.startswith(LABEL_PREFIX)}
    used = responses_used_in_code(files.root) | asked | labels | {"utter_default"}
    findings: list[Finding] = []
    for flow in flows(files):
        for step in flow.steps:
            action = step.get("action")
            if not action:
                continue
            used.add(action)
            if action.startswith("utter_") and action not in responses:
                findings.append(error(flow.path, step.get("__line__"),
                                      f"{flow.kind} '{flow.name}' uses the response '{action}', which does not exist",
                                      f"add '{action}' under `responses` in domain.yml, or fix the name"))
            elif not action.startswith("utter_") and action not in actions and action not in forms:
                findings.append(error(flow.path, step.get("__line__"),
                                      f"{flow.kind} '{flow.name}' uses the action '{action}', which is not in "
                                      "domain.yml", "fix the name, or ask a developer to add the action"))
    for name, variants in responses.items():
        line = variants[0].get("__line__") if isinstance(variants, list) and variants and isinstance(
            variants[0], dict) else None
        if name not in used:
            findings.append(warning(domain_path, line, f"the response '{name}' is never used",
                                    "use it in a rule or story, or delete it"))
        for variant in variants if isinstance(variants, list) else []:
            for button in (variant.get("buttons") or []) if isinstance(variant, dict) else []:
                payload = str(button.get("payload", ""))
                match = _PAYLOAD.match(payload)
                if match and match.group(1) not in intents:
                    findings.append(error(domain_path, button.get("__line__"),
                                          f"a button of '{name}' sends '{payload}', but there is no intent "
                                          f"'{match.group(1)}'", "use one of the intents listed at the top of "
                                                                  "domain.yml, like /affirm or /deny"))
    return findings
