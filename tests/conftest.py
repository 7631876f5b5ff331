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


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's standalone S3 server on 127.0.0.1, in its own process: s3fs and botocore talk HTTP to it as to S3
    (signed requests, multipart uploads, conditional writes), nothing in the client is patched."""
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = Path(tempfile.mkdtemp(prefix="moto-")) / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    # waits for as long as the server process lives and has not answered: its own failure ends the wait
    while server.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    assert server.poll() is None, f"moto's S3 server exited: {log.read_text()}"
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait()


@pytest.fixture
def s3_store(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """An empty store in a fresh bucket of the local S3 server, as `s3://<bucket>/store`; botocore finds the server
    and credentials in the environment, as it would on a worker."""
    import uuid

    import boto3

    for name, value in {
        "AWS_ENDPOINT_URL": s3_endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    bucket = f"tourism-{uuid.uuid4().hex[:12]}"
    boto3.client("s3").create_bucket(Bucket=bucket)
    return f"s3://{bucket}/store"
