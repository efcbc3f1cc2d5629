"""Two start-up costs of the Rasa process, avoided by what is imported before Rasa (measured in
docs/BENCHMARKS.md).

- skops (which loads the intent classifier's saved model) works out, when first imported, which module each
  scikit-learn type lives in by searching every module already loaded. Imported after TensorFlow (which Rasa
  always imports) that search took 14 of the server's 24 seconds to start; imported first, under a second.
- TensorFlow imports jax, when it is installed, only for converting models to TensorFlow Lite, which a
  server never does: marking jax as unavailable saves about 70 MiB and a second. TensorFlow treats a
  missing jax as normal.
"""

from __future__ import annotations

import sys


def prepare() -> None:
    """Call before anything imports Rasa (idempotent)."""
    sys.modules.setdefault("jax", None)  # type: ignore[arg-type]  # None in sys.modules: "import jax" fails
    import skops.io  # noqa: F401
