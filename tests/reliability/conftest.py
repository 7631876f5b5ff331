"""Fixtures of the reliability tests: transient faults injected from the test side, and their tally in the summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.publish.helpers import hub  # noqa: F401 - the fake Hub fixture, shared with the publish tests
from tests.reliability.faults import Faults


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
