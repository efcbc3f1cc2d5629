"""Everything alive once a model has loaded (Rasa, the model, their libraries) lives as long as the server, so
it is moved out of the garbage collector's walk (bot/runtime/long_lived_objects.py).

Hook: `Agent.load_model`, which Rasa calls at start and for every new model (`PUT /model`). Measured on this
project's model: about 260,000 objects, which every full collection walked again for nothing, taking 150 ms
(300 ms with TensorFlow loaded) each time one ran under load: a visitor's answer waited that long. After the
freeze a full collection only walks what the conversations made. Before freezing a new model, the previous
one is unfrozen and collected, so a replaced model is freed rather than kept forever.
"""

from __future__ import annotations

import functools
from typing import Any

from rasa.core.agent import Agent

from bot.runtime.long_lived_objects import freeze_long_lived


def install() -> None:
    """Freeze after every `Agent.load_model` (idempotent)."""
    if getattr(Agent.load_model, "_freezes_after", False):
        return
    load_model = Agent.load_model

    @functools.wraps(load_model)
    def load_model_then_freeze(self: Agent, *args: Any, **kwargs: Any) -> None:
        load_model(self, *args, **kwargs)
        freeze_long_lived()

    load_model_then_freeze._freezes_after = True  # type: ignore[attr-defined]
    Agent.load_model = load_model_then_freeze
