"""Transient faults injected from the test side: plain functions that fail on their first calls, then work."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest


class TransientFault(ConnectionError):
    """What an injected fault raises: a dropped connection, the kind of failure a retry is for."""


class Faults:
    """Replaces plain functions with ones that raise TransientFault on their first calls, then work."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.raised: Counter = Counter()

    def fail_first(
        self, owner: Any, name: str, stage: str, times: int = 1, when: Callable[..., bool] | None = None
    ) -> None:
        """`owner.name` raises on its first `times` calls (those for which `when(*args)` holds), then works."""
        real = getattr(owner, name)
        faults = self

        def flaky(*args: Any, **kwargs: Any) -> Any:
            if faults.raised[stage] < times and (when is None or when(*args, **kwargs)):
                faults.raised[stage] += 1
                raise TransientFault(f"injected transient fault {faults.raised[stage]} of {times} in {stage}")
            return real(*args, **kwargs)

        self.monkeypatch.setattr(owner, name, flaky)

    def count(self, stage: str, times: int) -> None:
        """Record faults injected by other means (e.g. the fake Hub answering 503)."""
        self.raised[stage] += times
