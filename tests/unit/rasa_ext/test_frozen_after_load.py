"""After a model loads, what is alive is frozen; a replaced model is freed, not frozen forever (in a fresh
interpreter, so this test process is not frozen)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bot.paths import PROJECT_ROOT

LOAD_TWICE = """
import gc, json, sys, weakref
from bot.rasa_ext import import_order, training_code_deferred
import_order.prepare()
training_code_deferred.install()
from rasa.core.agent import Agent
from bot.rasa_ext import frozen_after_load
frozen_after_load.install()
frozen_after_load.install()
class Cyclic:
    pass
agent = Agent()
before = gc.get_freeze_count()
cycle = Cyclic()
cycle.itself = cycle  # alive at the first freeze, garbage by the second: only a collection frees it
cycle_ref = weakref.ref(cycle)
agent.load_model(sys.argv[1])
first = gc.get_freeze_count()
old_graph = weakref.ref(agent.processor.graph_runner)
del cycle
agent.load_model(sys.argv[1])
second = gc.get_freeze_count()
print(json.dumps({"frozen_at_start": before, "first": first, "second": second,
                  "old_freed": old_graph() is None,
                  "cycle_freed": cycle_ref() is None}))
"""


def test_each_load_freezes_and_frees_the_model_it_replaces(trained_model: Path) -> None:
    done = subprocess.run([sys.executable, "-c", LOAD_TWICE, str(trained_model)], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(PROJECT_ROOT), "RASA_TELEMETRY_ENABLED": "false",
                               "PATH": "/usr/bin"})
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["frozen_at_start"] == 0
    assert result["first"] > 100_000
    assert result["old_freed"]
    assert result["cycle_freed"]
    assert abs(result["second"] - result["first"]) < result["first"] * 0.05
