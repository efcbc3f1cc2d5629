"""Runs the trained model's graph (NLU pipeline, then policies) in plain order instead of through dask.

Rasa 3.6 runs every prediction through `DaskGraphRunner`, which builds a dask task graph and schedules it on
every call: profiling the Rasa process under load put about a tenth of its time in dask's bookkeeping for a
graph that is a short chain. `SequentialGraphRunner` computes the same nodes with the same inputs in a
dependency order worked out once per kind of call. Installed by `bot.runtime.rasa_server` for serving only;
training keeps Rasa's runner.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import rasa.core.processor
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner


class SequentialGraphRunner(DaskGraphRunner):
    """`DaskGraphRunner` (same nodes, hooks and results) without dask's scheduler."""

    def run(self, inputs: dict[str, Any] | None = None, targets: list[str] | None = None) -> dict[str, Any]:
        inputs = inputs or {}
        run_targets = tuple(targets or self._graph_schema.target_names)
        order = self._order(run_targets)
        clash = next((name for name, value in inputs.items() if isinstance(value, str) and value in order), None)
        if clash is not None:
            raise GraphRunError(f"Input value '{inputs[clash]}' clashes with a node name. Make sure that none of "
                                "the input names passed to the `run` method are the same as node names in the "
                                "graph schema.")
        results: dict[str, Any] = {name: (name, value) for name, value in inputs.items()}
        nodes = self._graph_schema.nodes
        try:
            for name in order:
                if name in results:
                    continue
                # As in dask: a need that nothing provides is passed as its name (the node then reports it).
                results[name] = self._instantiated_nodes[name](*(results.get(need, need)
                                                                 for need in nodes[name].needs.values()))
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error
        return dict(results[target] for target in run_targets)

    @lru_cache(maxsize=32)  # noqa: B019 - one runner per loaded model, a handful of target sets each
    def _order(self, targets: tuple[str, ...]) -> tuple[str, ...]:
        """Nodes needed for `targets`, each after the nodes it needs."""
        nodes = self._graph_schema.nodes
        ordered: list[str] = []
        seen: set[str] = set()

        def visit(name: str) -> None:
            if name in seen or name not in nodes:
                return
            seen.add(name)
            for need in nodes[name].needs.values():
                visit(need)
            ordered.append(name)

        for target in targets:
            visit(target)
        return tuple(ordered)


def install() -> None:
    """Serve models with `SequentialGraphRunner` (idempotent)."""
    rasa.core.processor.DaskGraphRunner = SequentialGraphRunner
