"""The Rasa server loads and runs the project's model without loading TensorFlow, and the deferred training
code still works when something does use it (each case in a fresh interpreter: this one has TensorFlow)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bot.paths import PROJECT_ROOT

SERVE = """
import asyncio, json, sys
from bot.rasa_ext import import_order, training_code_deferred
import_order.prepare()
training_code_deferred.install()
from rasa.core.agent import load_agent
agent = asyncio.run(load_agent(model_path=sys.argv[1]))
parsed = asyncio.run(agent.parse_message("we want to automate our customer onboarding"))
served_without = "tensorflow" not in sys.modules
import rasa.utils.train_utils
rasa.utils.train_utils.check_deprecated_options({})  # first use: the module, and TensorFlow, load now
print(json.dumps({"served_without_tensorflow": served_without, "intent": parsed["intent"]["name"],
                  "tensorflow_after_use": "tensorflow" in sys.modules}))
"""


def _run(script: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", script, *args], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=300, env={"PYTHONPATH": str(PROJECT_ROOT),
                                                       "RASA_TELEMETRY_ENABLED": "false", "PATH": "/usr/bin"})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_model_is_served_without_tensorflow(trained_model: Path) -> None:
    result = _run(SERVE, str(trained_model))
    assert result == {"served_without_tensorflow": True, "intent": "share_goal", "tensorflow_after_use": True}


def test_install_twice_wraps_once() -> None:
    script = """
import json, sys
from bot.rasa_ext import training_code_deferred
training_code_deferred.install()
from rasa.engine.storage.storage import ModelMetadata
first = ModelMetadata.from_dict
training_code_deferred.install()
finders = [f for f in sys.meta_path if type(f).__name__ == "_LazyTrainingModules"]
print(json.dumps({"same": ModelMetadata.from_dict == first, "finders": len(finders)}))
"""
    assert _run(script) == {"same": True, "finders": 1}
