"""End to end against a real `prefect server start`: the committed prefect.yaml deployed, a worker, runs via the API."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.e2e.local_prefect import (
    PROJECT_ROOT,
    alive,
    artifacts_of,
    free_port,
    healthy,
    prefect,
    private_env,
    run_deployment,
    wait_for,
)
from tourism_grpo.deployments import RETRAINING_CRON, RETRAINING_TIMEZONE, WORK_POOL
from tourism_grpo.experiments import list_presets, load_preset
from tourism_grpo.run_environment import GPU_LIMIT
from tourism_grpo.serve import stop
from tourism_grpo.storage import ArtifactStore
from tourism_grpo.storage.store import WORKDIR_ENV

pytestmark = pytest.mark.slow

PYDANTIC_FORMS = {"Experiment", "DataParams", "SourceSpec", "ModelParams", "TrainParams", "EvalParams", "PublishParams"}


def _start(started: list[subprocess.Popen], env: dict[str, str], cwd: Path, log: Path, *args: str) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "prefect", *args],
        env=env,
        cwd=cwd,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopping it reaches whatever it spawned
    )
    started.append(process)
    return process


def _gpu_acquired_by(client: httpx.Client, run_id: str) -> bool:
    events = client.post(
        "/events/filter",
        json={"filter": {"event": {"name": ["prefect.concurrency-limit.acquired"]}}, "limit": 50},
    ).json()["events"]
    return any(
        event["resource"].get("prefect.resource.name") == GPU_LIMIT
        and any(related["prefect.resource.id"] == f"prefect.flow-run.{run_id}" for related in event["related"])
        for event in events
    )


# The longest a deployed run may go without a new log line or state change, in units of the time the same test's
# Prefect server took to start: both are mostly a Python process importing heavy modules, so a busy machine stretches
# them alike. Measured beside other jobs (load average 3.5 on 2 cores) on the demo shrunk to 4 steps, a little more
# work than `smoke`: the server started in 15 s and the run's longest silence was 29 s, a ratio of 1.9; the factor
# leaves three times that.
STALL_PER_SERVER_START = 6


@dataclass
class Deployed:
    """A real Prefect server with the work pool, the `gpu` limit and the committed prefect.yaml deployed."""

    env: dict[str, str]
    api: str
    root: Path
    stall_limit: float
    started: list[subprocess.Popen] = field(default_factory=list)

    def worker(self, name: str, **env: str) -> subprocess.Popen:
        """A process worker started in a directory of its own (not the deployer's), with `env` added."""
        cwd = self.root / f"{name}-started-here"
        cwd.mkdir()
        return _start(
            self.started, {**self.env, **env}, cwd, self.root / f"{name}.log", "worker", "start", "--pool", WORK_POOL
        )

    def stop(self, process: subprocess.Popen) -> None:
        stop(process)
        self.started.remove(process)


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployed]:
    root = tmp_path_factory.mktemp("deployed")
    port = free_port()
    env = private_env(root / "prefect-home", port)
    started: list[subprocess.Popen] = []
    try:
        began = time.monotonic()
        server = _start(started, env, root, root / "server.log", "server", "start", "--host", "127.0.0.1", "--port",
                        str(port))  # fmt: skip
        # the server's start is the unit the other waits are measured in, so it has no limit but its own death
        wait_for(
            lambda: healthy(env["PREFECT_API_URL"]) or server.poll() is not None, None, "the server's health check"
        )
        assert server.poll() is None, (root / "server.log").read_text()
        stall_limit = STALL_PER_SERVER_START * (time.monotonic() - began)
        prefect(env, "work-pool", "create", WORK_POOL, "--type", "process")
        prefect(env, "global-concurrency-limit", "create", GPU_LIMIT, "--limit", "1")
        prefect(env, "deploy", "--all", cwd=PROJECT_ROOT)  # the committed prefect.yaml
        yield Deployed(env, env["PREFECT_API_URL"], root, stall_limit, started)
    finally:
        for process in reversed(started):
            stop(process)
    assert not [process.pid for process in started if alive(process.pid)]


def _smoke() -> dict[str, object]:
    """The parameters that run the `smoke` preset, for a deployment of another preset."""
    return {"experiment": load_preset("smoke").model_dump(mode="json")}


def test_deployments_carry_the_presets_as_pydantic_run_forms_and_the_weekly_schedule(deployed: Deployed) -> None:
    with httpx.Client(base_url=deployed.api, timeout=30) as client:
        for preset in list_presets():
            deployment = client.get(f"/deployments/name/run-experiment/{preset}").json()
            expected = load_preset(preset).model_dump(mode="json", exclude_unset=True)
            assert deployment["parameters"] == {"experiment": expected}
            schema = deployment["parameter_openapi_schema"]
            # the run form is the pydantic model's: a nested object form, with the field descriptions
            assert schema["properties"]["experiment"]["$ref"] == "#/definitions/Experiment"
            assert set(schema["definitions"]) >= PYDANTIC_FORMS
            train_size = schema["definitions"]["SubsetParams"]["properties"]["train_size"]
            assert train_size["exclusiveMinimum"] == 0 and train_size["description"].startswith("Rows drawn")
            assert deployment["pull_steps"] == [
                {"prefect.deployments.steps.set_working_directory": {"directory": f"{{{{ ${WORKDIR_ENV} }}}}"}}
            ]
        retraining = client.get("/deployments/name/retraining/scheduled-retraining").json()
        [schedule] = retraining["schedules"]
        assert schedule["active"] and schedule["schedule"]["cron"] == RETRAINING_CRON
        assert schedule["schedule"]["timezone"] == RETRAINING_TIMEZONE


def test_a_worker_without_a_working_directory_fails_runs_at_start_instead_of_losing_their_store(
    deployed: Deployed,
) -> None:
    # Prefect's process worker runs each flow run in a temporary folder it deletes afterwards; without the variable
    # the pull step stays there, and the run used to complete with its store deleted behind it
    worker = deployed.worker("worker-without-workdir")
    try:
        with httpx.Client(base_url=deployed.api, timeout=30) as client:
            for deployment in ("run-experiment/smoke", "retraining/scheduled-retraining"):
                found = client.get(f"/deployments/name/{deployment}").json()
                run = run_deployment(client, found, _smoke(), deployed.stall_limit)
                assert run["state_type"] == "FAILED", (deployed.root / "worker-without-workdir.log").read_text()[-5000:]
                assert f"has no {WORKDIR_ENV}" in run["state"]["message"]
                assert not [key for key in artifacts_of(client, run["id"]) if key]  # only the failure's result
    finally:
        deployed.stop(worker)
    assert not list((deployed.root / "worker-without-workdir-started-here").iterdir())


def test_a_deployed_run_on_a_worker_leaves_its_artifacts_in_the_store_and_the_api(deployed: Deployed) -> None:
    workdir = deployed.root / "workdir"
    workdir.mkdir()
    # only the worker's environment says where runs work
    worker = deployed.worker("worker", **{WORKDIR_ENV: str(workdir)})
    try:
        with httpx.Client(base_url=deployed.api, timeout=30) as client:
            smoke = client.get("/deployments/name/run-experiment/smoke").json()
            run = run_deployment(client, smoke, {}, deployed.stall_limit)  # the deployment's own parameters
            assert run["state_type"] == "COMPLETED", (deployed.root / "worker.log").read_text()[-5000:]
            artifacts = artifacts_of(client, run["id"])
            assert {"experiment-summary", "train-last-metrics", "reward-curve", "evaluation", "publish-gate"} <= set(
                artifacts
            )
            assert {"tensorboard", "train-completions"} <= set(artifacts)
            assert artifacts["experiment-summary"]["type"] == "markdown"
            assert "## Evaluation on the held-out split" in artifacts["experiment-summary"]["data"]
            # the pull step moved the run into the worker's TOURISM_GRPO_WORKDIR: the default store is there
            published = ArtifactStore(str(workdir / ".tourism-grpo")).newest("folder", "published", experiment="smoke")
            assert published is not None and Path(published.uri, "README.md").exists()
            # what training tracked is kept beside the run: TensorBoard's events, a row per logged completion
            store = ArtifactStore(str(workdir / ".tourism-grpo"))
            assert list(Path(store.path("folders", "train-report")).glob("*/runs/*/events.out.tfevents.*"))
            completions, log = (
                store.newest("table", name, experiment="smoke") for name in ("train-completions", "train-log")
            )
            assert completions is not None and log is not None
            logged_steps = set(store.read_table(completions).column("step").to_pylist())
            assert logged_steps == set(store.read_table(log).column("step").to_pylist())
            assert f"published/{published.id})" in artifacts["published-model"]["data"]  # a link, as markdown
            # the event is written after the slot is taken, while the run goes on: it is there long before a stall
            wait_for(
                lambda: _gpu_acquired_by(client, run["id"]), deployed.stall_limit, "the training's 'gpu' slot event"
            )

            retraining = client.get("/deployments/name/retraining/scheduled-retraining").json()
            retrain = run_deployment(client, retraining, _smoke(), deployed.stall_limit)
            assert retrain["state_type"] == "COMPLETED"
            decision = artifacts_of(client, retrain["id"])["retraining-decision"]
            assert decision["data"].startswith("# No retraining: smoke") and published.id in decision["data"]
    finally:
        deployed.stop(worker)


def test_serve_brings_everything_up_and_ctrl_c_stops_all_it_started(tmp_path: Path) -> None:
    port = free_port()
    env = private_env(tmp_path / "prefect-home", port)
    api = env["PREFECT_API_URL"]
    log = tmp_path / "serve.log"
    serve = subprocess.Popen(
        [sys.executable, "-m", "tourism_grpo.cli", "serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    pids: list[int] = []
    try:
        wait_for(lambda: "Ctrl-C stops everything" in log.read_text() or serve.poll() is not None, 150, "serve")
        output = log.read_text()
        assert serve.poll() is None, output
        pids += [int(pid) for pid in re.findall(r"\(pid (\d+)\)", output)]
        assert len(pids) == 2 and all(alive(pid) for pid in pids)
        with httpx.Client(base_url=api, timeout=30) as client:
            names = {d["name"] for d in client.post("/deployments/filter", json={}).json()}
            assert names == {*list_presets(), "scheduled-retraining"}
            assert client.get(f"/work_pools/{WORK_POOL}").json()["status"] == "READY"
            assert client.get(f"/v2/concurrency_limits/{GPU_LIMIT}").json()["limit"] == 1
        serve.send_signal(signal.SIGINT)  # what Ctrl-C in its terminal sends
        assert serve.wait(60) == 0, log.read_text()
        assert not [pid for pid in pids if alive(pid)]
        assert f"Stopped server start (pid {pids[0]})" in log.read_text()
    finally:
        stop(serve)
        for pid in pids:  # serve's children, should serve itself have failed to stop them
            if alive(pid):
                os.killpg(pid, signal.SIGKILL)
