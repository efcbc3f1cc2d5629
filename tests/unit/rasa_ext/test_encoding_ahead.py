"""While serving, the context vector is computed on the worker thread before the graph runs, and the parse comes
out exactly as when the featurizer computes it in place."""

import asyncio
import threading

import numpy as np
from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.shared.core.trackers import DialogueStateTracker

from bot.meaning.context_encoder import context_encoder
from bot.rasa_ext import encoding_ahead

TEXT = "can someone call me tomorrow morning"


def test_the_vector_is_computed_on_the_worker_and_the_parse_is_unchanged(trained_model, monkeypatch):
    encoding_ahead.install()
    encoding_ahead.install()  # idempotent: one wrapper
    agent = Agent.load(str(trained_model))
    in_place = agent.processor._parse_message_with_graph(
        UserMessage(TEXT), DialogueStateTracker.from_events("in-place", []), True)

    encoder = context_encoder()
    threads = []
    original = encoder.sentences

    def recorded(texts):
        threads.append(threading.current_thread().name)
        return original(texts)

    monkeypatch.setattr(encoder, "sentences", recorded)
    ahead = asyncio.run(agent.parse_message(TEXT))
    assert threads and all(name.startswith("context-encoder") for name in threads)  # never on the event loop
    assert ahead["intent"] == in_place["intent"]
    assert [entry["confidence"] for entry in ahead["intent_ranking"]] == \
        [entry["confidence"] for entry in in_place["intent_ranking"]]


def test_a_vector_is_only_handed_over_for_its_own_text_inside_its_own_parse():
    assert encoding_ahead.ready_vector(TEXT) is None
    vector = np.ones(3, dtype=np.float32)
    token = encoding_ahead._READY.set((TEXT, vector))
    try:
        assert encoding_ahead.ready_vector(TEXT) is vector
        assert encoding_ahead.ready_vector("something else") is None
    finally:
        encoding_ahead._READY.reset(token)
    assert encoding_ahead.ready_vector(TEXT) is None
