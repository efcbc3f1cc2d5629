"""Reads a message's meaning in context on a worker thread, so the event loop serves other visitors meanwhile.

Hook: wraps `MessageProcessor.parse_message` (async). Rasa runs the NLU graph synchronously on the event loop;
the context encoder is most of that time, and onnxruntime lets go of the GIL while it runs. So before the graph
runs, the text's vector is computed on a one-thread executor and handed to `ContextMeaningFeaturizer` in a
context variable (one per task: concurrent visitors never see each other's). Wherever nothing was computed
ahead (training, a text the graph sees differently), the featurizer computes the vector itself.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from functools import wraps
from typing import Any

import numpy as np

from bot.meaning.context_encoder import context_encoder

_READY: ContextVar[tuple[str, np.ndarray] | None] = ContextVar("context_vector_ready", default=None)
_WORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="context-encoder")


def ready_vector(text: str) -> np.ndarray | None:
    """The unit vector computed ahead for `text` in this task, if any."""
    ready = _READY.get()
    return ready[1] if ready is not None and ready[0] == text else None


def _encoder_in_use() -> bool:
    # Only ContextMeaningFeaturizer loads the encoder, when the served model has one.
    return context_encoder.cache_info().currsize > 0


def _vector(text: str) -> np.ndarray:
    return context_encoder().sentences([text])[0]


def install() -> None:
    """Compute the context vector ahead of each parse, off the event loop (idempotent)."""
    from rasa.core.processor import MessageProcessor  # here: the featurizer imports this module while training

    original = MessageProcessor.parse_message
    if getattr(original, "encodes_ahead", False):
        return

    @wraps(original)
    async def parse_message(self: Any, message: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        text = message.text
        if not text or not text.strip() or text.startswith("/") or not _encoder_in_use():
            return await original(self, message, *args, **kwargs)
        vector = await asyncio.get_running_loop().run_in_executor(_WORKER, _vector, text)
        token = _READY.set((text, vector))
        try:
            return await original(self, message, *args, **kwargs)
        finally:
            _READY.reset(token)

    parse_message.encodes_ahead = True  # type: ignore[attr-defined]
    MessageProcessor.parse_message = parse_message
