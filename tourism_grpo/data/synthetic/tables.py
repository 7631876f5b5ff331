"""The generator's word lists and templates: the YAML files under templates/, each read once, on first use."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

TEMPLATES = Path(__file__).parent / "templates"
# libyaml's loader where PyYAML was built with it: it reads the templates several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def table(name: str) -> Any:
    """The content of templates/<name>.yaml, e.g. table("places") or table("intents/sights")."""
    with (TEMPLATES / f"{name}.yaml").open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_LOADER)
