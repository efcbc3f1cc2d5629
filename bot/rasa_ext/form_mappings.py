"""`FormAction._create_unique_entity_mappings`, worked out once per domain and form instead of once per turn.

Rasa builds a new `FormAction` for every run of a form (and one per form when it extracts slots), and each
new one serialises the whole domain (`Domain.as_dict`) to find which entity mappings set only one slot: ~1% of
the Rasa process's CPU a message. The answer depends only on the domain and the form, so it is kept for the
domain object it was computed from; a new model brings a new domain and a fresh answer.
"""

from __future__ import annotations

import functools

from rasa.core.actions.forms import FormAction
from rasa.shared.core.domain import Domain

_KEPT_ANSWERS = 64  # (domain, form) pairs kept at once; a model swap brings new ones
_kept: dict[tuple[int, str], tuple[Domain, frozenset[str]]] = {}


def install() -> None:
    """Route `FormAction._create_unique_entity_mappings` through the kept answers (idempotent)."""
    original = FormAction._create_unique_entity_mappings
    if getattr(original, "_kept_per_domain", False):
        return

    @functools.wraps(original)
    def _create_unique_entity_mappings(self: FormAction, domain: Domain) -> frozenset[str]:
        key = (id(domain), self.name())
        kept = _kept.get(key)
        if kept is None or kept[0] is not domain:
            if len(_kept) >= _KEPT_ANSWERS:
                _kept.clear()
            kept = (domain, frozenset(original(self, domain)))
            _kept[key] = kept
        return kept[1]

    _create_unique_entity_mappings._kept_per_domain = True  # type: ignore[attr-defined]
    FormAction._create_unique_entity_mappings = _create_unique_entity_mappings
