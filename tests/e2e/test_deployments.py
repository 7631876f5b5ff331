"""prefect.yaml is what the presets make it, and nothing in it depends on who deployed or where."""

from __future__ import annotations

import yaml

from tests.e2e.local_prefect import PROJECT_ROOT
from tourism_grpo.deployments import (
    EXPERIMENT_FLOW,
    RETRAINING_CRON,
    RETRAINING_DEPLOYMENT,
    RETRAINING_FLOW,
    RETRAINING_TIMEZONE,
    WORK_POOL,
    render,
)
from tourism_grpo.experiments import list_presets, load_preset


def test_committed_prefect_yaml_is_the_one_the_presets_generate() -> None:
    committed = (PROJECT_ROOT / "prefect.yaml").read_text(encoding="utf-8")
    assert committed == render(), "prefect.yaml is stale: run `python -m tourism_grpo.deployments` and commit it"


def test_one_deployment_per_preset_with_the_presets_settings_and_a_weekly_retraining() -> None:
    project = yaml.safe_load(render())
    deployments = {entry["name"]: entry for entry in project["deployments"]}
    assert set(deployments) == {*list_presets(), RETRAINING_DEPLOYMENT}
    for preset in list_presets():
        entry = deployments[preset]
        assert entry["entrypoint"] == EXPERIMENT_FLOW and entry["work_pool"]["name"] == WORK_POOL
        assert load_preset(preset).model_validate(entry["parameters"]["experiment"]) == load_preset(preset)
        assert "schedules" not in entry
    retraining = deployments[RETRAINING_DEPLOYMENT]
    assert retraining["entrypoint"] == RETRAINING_FLOW
    assert retraining["schedules"] == [{"cron": RETRAINING_CRON, "timezone": RETRAINING_TIMEZONE, "active": True}]


def test_code_and_working_directory_come_from_the_worker_not_the_deployer() -> None:
    project = yaml.safe_load(render())
    [step] = project["pull"]
    assert step == {"prefect.deployments.steps.set_working_directory": {"directory": "{{ $TOURISM_GRPO_WORKDIR }}"}}
    # module entrypoints: the package installed where the worker runs, never a path on the deployer's disk
    assert all(not entry["entrypoint"].endswith(".py") for entry in project["deployments"])
    assert str(PROJECT_ROOT) not in render()
