"""Fixtures for the rewards suite: offline Hub and a tiny local BERT sentiment classifier."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from .samples import build_tiny_bert


@pytest.fixture(autouse=True, scope="session")
def hub_offline() -> Iterator[None]:
    """Nothing in this suite may reach the Hugging Face Hub."""
    saved = {key: os.environ.get(key) for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    os.environ.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"})
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def tiny_bert(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Path of the tiny German-label BERT classifier, built once per session."""
    return str(build_tiny_bert(tmp_path_factory.mktemp("tiny-bert")))
