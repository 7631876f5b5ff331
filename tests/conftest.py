"""Test-session settings: offline, private and isolated Prefect; fixtures shared by every area."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tourism_grpo.run_environment import OFFLINE


def pytest_configure(config: pytest.Config) -> None:
    # Before anything imports prefect: its settings are read from the environment.
    os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="tourism-grpo-prefect-home-")
    os.environ.update(OFFLINE, PREFECT_LOGGING_LEVEL="WARNING")
    for name in ("PREFECT_API_URL", "TOURISM_GRPO_HOME", "HF_TOKEN"):
        os.environ.pop(name, None)


@pytest.fixture(scope="session")
def prefect_api() -> Iterator[None]:
    """A real, temporary Prefect API for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture
def store(tmp_path: Path) -> str:
    """An empty artifact store root."""
    return str(tmp_path / "store")


@pytest.fixture(scope="session")
def qa_rows() -> list[dict[str, str]]:
    """A few hundred generated German QA rows with reference sentiment, as the enrich step leaves them."""
    from tourism_grpo.data.synthetic import generate_qa

    rows = generate_qa(240, seed=7)
    return [
        {"id": str(i), "question": r["question"], "answer": r["answer"], "answer_sentiment": r["tone"]}
        for i, r in enumerate(rows)
    ]


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory, qa_rows: list[dict[str, str]]) -> Path:
    """A tiny Llama with a locally trained tokenizer, warm-started for one SFT epoch (built once per session)."""
    from tourism_grpo.training.params import TinyModelParams
    from tourism_grpo.training.tiny_model import build_tiny_model

    out = tmp_path_factory.mktemp("tiny-model")
    params = TinyModelParams(
        vocab_size=600,
        hidden_size=64,
        num_layers=2,
        num_heads=4,
        intermediate_size=128,
        sft_epochs=1,
        sft_batch_size=16,
    )
    build_tiny_model(qa_rows, params, out)
    return out
