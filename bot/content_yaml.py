"""Reading a YAML content file marketers or operators edit: one way, one clear error when it cannot be read."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

# A page path in content ("/pricing*"): starts with /, letters, digits and URL-safe characters, * as wildcard.
PAGE_PATH = re.compile(r"/[A-Za-z0-9/_.*~%-]*")


def read_content_yaml(path: Path, error: type[ValueError]) -> Any:
    """The parsed file; `error` naming the file when it is missing or not valid YAML."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as problem:
        raise error(f"{path.name}: cannot be read ({problem})") from None
