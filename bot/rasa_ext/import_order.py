"""A start-up cost of the Rasa process, avoided before Rasa is imported (measured in docs/BENCHMARKS.md).

(skops, whose first import searches every loaded module and took 14 of the server's 24 seconds when it came
after TensorFlow, used to be imported here first; the intent classifier no longer needs it:
intent_classifier.py saves plain arrays.)

- TensorFlow imports jax, when it is installed, only for converting models to TensorFlow Lite, which a
  server never does: marking jax as unavailable saves about 70 MiB and a second. TensorFlow treats a
  missing jax as normal.
"""

from __future__ import annotations

import sys


def prepare() -> None:
    """Call before anything imports Rasa (idempotent)."""
    sys.modules.setdefault("jax", None)  # type: ignore[arg-type]  # None in sys.modules: "import jax" fails
