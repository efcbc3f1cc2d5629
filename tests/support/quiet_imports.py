"""Third-party deprecation noise, silenced where it starts so a real warning in a test run stands out.

TensorFlow (imported by Rasa) and matplotlib (through pyparsing) warn about their own use of deprecated
APIs once, when they are first imported. Importing them here, under a filter for exactly those modules,
uses up that one time; every other warning is still shown.
"""

from __future__ import annotations

import warnings

NOISY_MODULES = r"(tensorflow|matplotlib)(\.|$)"


def import_noisy_libraries_quietly() -> None:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=NOISY_MODULES)
        import matplotlib.pyplot  # noqa: F401
        import rasa.core.actions.action  # noqa: F401 - imports TensorFlow
