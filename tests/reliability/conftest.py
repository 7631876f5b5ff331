"""Fixtures of the reliability tests: transient faults injected from the test side, and their tally in the summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.publish.conftest import hub  # noqa: F401 - the fake Hub, shared with the publish tests


class TransientFault(ConnectionError):
    """What an injected fault raises: a dropped connection, the kind of failure a retry is for."""


@dataclass
class FaultTally:
    """Faults injected and faults survived (the run completed after them), per stage, over the session."""

    injected: Counter = field(default_factory=Counter)
    survived: Counter = field(default_factory=Counter)


TALLY = pytest.StashKey[FaultTally]()


def _tally(config: pytest.Config) -> FaultTally:
    if TALLY not in config.stash:
        config.stash[TALLY] = FaultTally()
    return config.stash[TALLY]


class Faults:
    """Replaces plain functions with ones that raise TransientFault on their first calls, then work."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.raised: Counter = Counter()

    def fail_first(self, owner: Any, name: str, stage: str, times: int = 1, when: Callable[..., bool] | None = None):
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


@pytest.fixture
def faults(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Faults]:
    """A fault injector; what it raised is tallied, and counted as survived if the test passed."""
    injector = Faults(monkeypatch)
    yield injector
    tally = _tally(request.config)
    tally.injected.update(injector.raised)
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.passed:
        tally.survived.update(injector.raised)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Any:
    report = yield
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]
    return report


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    tally = config.stash.get(TALLY, None)
    if tally is None or not tally.injected:
        return
    terminalreporter.write_sep("=", "reliability: transient faults")
    injected, survived = sum(tally.injected.values()), sum(tally.survived.values())
    terminalreporter.write_line(f"{injected} transient faults injected, {survived} survived (the run completed):")
    width = max(map(len, tally.injected))
    for stage, count in tally.injected.items():
        terminalreporter.write_line(f"  {stage:<{width}}  {count} injected, {tally.survived[stage]} survived")
