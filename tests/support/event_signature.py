"""The signature check docs/EVENTS.md gives subscribers, loaded from the docs so tests run it as written."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.paths import PROJECT_ROOT


def documented_verify() -> Callable[[str, dict, bytes], bool]:
    """`verify(secret, headers, raw_body)` from the Python snippet in docs/EVENTS.md."""
    docs = (PROJECT_ROOT / "docs" / "EVENTS.md").read_text()
    snippet = re.search(r"```python\n(.*?)```", docs, re.S).group(1)
    namespace: dict = {}
    exec(snippet, namespace)  # the subscribers' snippet, exactly as documented
    return namespace["verify"]
