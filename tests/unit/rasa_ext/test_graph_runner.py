"""The sequential graph runner gives exactly what Rasa's dask runner gives, on the project's own model."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.core.channels import UserMessage
from rasa.engine.exceptions import GraphRunError
from rasa.engine.loader import load_predict_graph_runner
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_ext.graph_runner import SequentialGraphRunner

MESSAGES = ["hi", "we want to automate our customer onboarding", "does it integrate with hubspot?", "asdfgh"]


def _runner(model: Path, tmp: Path, runner_class: type) -> tuple:
    # Rasa unpacks into an existing empty folder (into a missing one, the first component lands at its root).
    tmp.mkdir(parents=True, exist_ok=True)
    return load_predict_graph_runner(tmp, model, LocalModelStorage, runner_class)


def test_same_parse_and_prediction_as_dask(trained_model: Path, tmp_path: Path) -> None:
    metadata, dask_runner = _runner(trained_model, tmp_path / "dask", DaskGraphRunner)
    _, sequential = _runner(trained_model, tmp_path / "sequential", SequentialGraphRunner)
    domain = metadata.domain
    for text in MESSAGES:
        message = UserMessage(text)
        parsed = [runner.run(inputs={"__message__": [message]}, targets=[metadata.nlu_target])
                  for runner in (dask_runner, sequential)]
        expected, got = (result[metadata.nlu_target][0] for result in parsed)
        assert got.as_dict() == expected.as_dict()

        tracker = DialogueStateTracker.from_events("v", [ActionExecuted("action_listen"),
                                                         UserUttered(text, parse_data=expected.as_dict())],
                                                   slots=domain.slots)
        predicted = [runner.run(inputs={"__tracker__": tracker}, targets=[metadata.core_target])
                     for runner in (dask_runner, sequential)]
        assert predicted[1][metadata.core_target] == predicted[0][metadata.core_target]


def test_an_input_named_like_a_node_is_refused(trained_model: Path, tmp_path: Path) -> None:
    metadata, sequential = _runner(trained_model, tmp_path, SequentialGraphRunner)
    with pytest.raises(GraphRunError, match="clashes"):
        sequential.run(inputs={"__message__": metadata.nlu_target}, targets=[metadata.nlu_target])
