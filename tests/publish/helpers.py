"""What the publish tests share, and the reliability tests borrow: the fake Hub's token and fixture, a stored run."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.publish.fakes import FakeHub
from tourism_grpo.publishing.card import Lineage
from tourism_grpo.rewards.registry import RewardSpec
from tourism_grpo.storage import ArtifactRef, ArtifactStore
from tourism_grpo.training.params import ModelParams, TrainParams, TrainSpec
from tourism_grpo.training.run import TrainResult

# built from parts so that secret scanners do not mistake this fake for a real token
TOKEN = "hf_" + "TESTtokenThatMustNeverBeWritten0123456789"


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeHub]:
    """A fake Hub on 127.0.0.1 that accepts TOKEN, with huggingface_hub pointed at it and allowed to talk."""
    from huggingface_hub import constants
    from huggingface_hub.utils import close_session

    server = FakeHub(token=TOKEN)
    server.start()
    # huggingface_hub reads these once, at import, and tests/conftest.py set HF_HUB_OFFLINE=1 before that:
    # the environment alone no longer changes them
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(constants, "HF_HUB_DISABLE_XET", True)  # plain LFS batch API instead of Xet storage
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path_factory.mktemp("hf-cache")))  # downloads
    monkeypatch.setenv("HF_ENDPOINT", server.url)  # the publish code reads it at call time
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    close_session()  # the shared HTTP client is built again under this environment
    yield server
    server.stop()


@dataclass
class StoredRun:
    """A store holding what training and the data steps of a run leave behind."""

    store: ArtifactStore
    training: TrainResult
    lineage: Lineage
    per_row: ArtifactRef


def demo_spec(steps: int) -> TrainSpec:
    """The `demo` preset's spec for another training: the step count names the publish (a new one, not a retry)."""
    return TrainSpec(
        experiment="demo",
        model=ModelParams(),
        train=TrainParams(max_steps=steps),
        rewards=[RewardSpec(name="tfidf_similarity")],
        sentiment_model="lexicon",
    )
