"""The Rasa server never trains, so it need not load Rasa's training code, which brings TensorFlow with it
(measured: about 270 MiB of the server's memory and 3 s of its start; docs/BENCHMARKS.md).

Two paths load it when a model is served although nothing of it runs:
- `rasa.nlu.extractors.extractor` (needed by `RegexEntityExtractor` and `RulePolicy`) imports
  `rasa.utils.train_utils`, which subclasses Keras callbacks at import. Here that module is loaded lazily: its
  code runs when one of its names is first used, which serving never does.
- `ModelMetadata.from_dict` resolves the classes of the training graph too (its validator imports DIET, TED
  and the response selector). The server only runs the prediction graph, so it reads the training graph as
  empty; the model file on disk is untouched.

A model whose own prediction graph uses TensorFlow components (DIET, TED) still loads and runs: they import
TensorFlow themselves, as they would without this. Installed by `bot.runtime.rasa_server` before Rasa loads.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

LAZY_MODULES = frozenset({"rasa.utils.train_utils"})


class _LazyTrainingModules(importlib.abc.MetaPathFinder):
    """Finds `LAZY_MODULES` as usual and wraps their loader so the module body runs on first use."""

    def find_spec(self, name: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if name not in LAZY_MODULES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return None
        spec.loader = importlib.util.LazyLoader(spec.loader)
        return spec


def install() -> None:
    """Defer the training code; call before anything imports Rasa (idempotent)."""
    if not any(isinstance(finder, _LazyTrainingModules) for finder in sys.meta_path):
        sys.meta_path.insert(0, _LazyTrainingModules())
    from rasa.engine.storage.storage import ModelMetadata

    if getattr(ModelMetadata.from_dict, "_training_graph_skipped", False):
        return
    read_metadata = ModelMetadata.from_dict.__func__

    def from_dict(cls: type[ModelMetadata], serialized: dict[str, Any]) -> ModelMetadata:
        return read_metadata(cls, {**serialized, "train_schema": {"nodes": {}}})

    from_dict._training_graph_skipped = True  # type: ignore[attr-defined]
    ModelMetadata.from_dict = classmethod(from_dict)
