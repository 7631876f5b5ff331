"""The configs training builds: GPU presets without a GPU, the CPU fallback, the multi-GPU command."""

from __future__ import annotations

from pathlib import Path

import pytest

from tourism_grpo.experiments import load_preset
from tourism_grpo.training.configs import Runtime, TrainSettingsError, check_settings, trl_configs
from tourism_grpo.training.grpo import latest_checkpoint
from tourism_grpo.training.launch import accelerate_command
from tourism_grpo.training.params import LLAMA_PROJECTIONS

CPU = Runtime(device="cpu", gpus=0, bf16=False, use_vllm=False)
GPU_PRESETS = ["tfidf-sentiment-10k", "generic-5k", "cot-round2-500"]


@pytest.mark.parametrize("name", GPU_PRESETS)
def test_gpu_presets_build_valid_grpo_and_lora_configs(name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    # The one fact this machine lacks is a bf16-capable GPU; everything else TRL checks for real.
    monkeypatch.setattr("transformers.training_args.is_torch_bf16_gpu_available", lambda: True)
    experiment = load_preset(name)
    assert experiment.model.base in ("deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "run:tfidf-sentiment-10k")
    config, lora = trl_configs(
        experiment.training(), Runtime(device="cuda", gpus=1, bf16=True, use_vllm=True), str(tmp_path)
    )
    assert (config.bf16, config.use_cpu, config.gradient_checkpointing) == (True, False, True)
    assert (config.use_vllm, config.vllm_mode) == (True, "colocate")
    assert config.max_steps == experiment.train.max_steps and config.save_steps == experiment.train.save_steps
    assert config.reward_weights == [spec.weight for spec in experiment.rewards]
    assert config.generation_batch_size % config.num_generations == 0
    assert set(lora.target_modules) == set(LLAMA_PROJECTIONS) and lora.task_type == "CAUSAL_LM"


def test_cpu_runtime_trains_in_fp32_without_vllm(tmp_path: Path) -> None:
    experiment = load_preset("demo", ["train.num_iterations=2"])
    config, _ = trl_configs(experiment.training(), CPU, str(tmp_path))
    assert (config.bf16, config.use_cpu, config.use_vllm, config.gradient_checkpointing) == (False, True, False, False)
    assert config.multi_objective_aggregation == experiment.train.multi_objective_aggregation
    assert config.num_iterations == experiment.train.num_iterations > 1
    # GDPO, when a preset asks for it, reaches TRL
    gdpo = load_preset("demo", ["train.multi_objective_aggregation=normalize_then_sum"]).training()
    assert trl_configs(gdpo, CPU, str(tmp_path))[0].multi_objective_aggregation == "normalize_then_sum"


def test_group_size_that_does_not_divide_the_batch_is_refused(tmp_path: Path) -> None:
    experiment = load_preset("demo", ["train.per_device_train_batch_size=6", "train.num_generations=4"])
    with pytest.raises(ValueError, match=r"generation_batch_size \(6\) must be divisible by num_generations \(4\)"):
        trl_configs(experiment.training(), CPU, str(tmp_path))


@pytest.mark.parametrize("config", ["ddp", "deepspeed-zero2", "deepspeed-zero3"])
def test_multi_gpu_command_launches_the_job_under_accelerate(config: str, tmp_path: Path) -> None:
    import yaml

    command = accelerate_command(tmp_path / "job.json", 4, config)
    assert command[1:3] == ["-m", "accelerate.commands.launch"]
    assert command[command.index("--num_processes") + 1] == "4"
    config_file = Path(command[command.index("--config_file") + 1])
    settings = yaml.safe_load(config_file.read_text())
    assert settings["distributed_type"] == ("MULTI_GPU" if config == "ddp" else "DEEPSPEED")
    assert command[-3:] == ["-m", "tourism_grpo.training.launch", str(tmp_path / "job.json")]


def test_latest_checkpoint_skips_one_cut_off_mid_save(tmp_path: Path) -> None:
    for step, complete in ((2, True), (4, True), (6, False)):
        folder = tmp_path / f"checkpoint-{step}"
        folder.mkdir()
        if complete:
            (folder / "trainer_state.json").write_text("{}")
    assert latest_checkpoint(tmp_path) == tmp_path / "checkpoint-4"
    assert latest_checkpoint(tmp_path / "absent") is None


def test_the_demo_fixes_its_gate_before_any_run_and_never_forces_it() -> None:
    publish = load_preset("demo").publish
    # the margins docs/results.md reports against: at most 1.0 chrF point, the primary metric's own, no forcing
    assert publish.min_chrf_change is not None and -1.0 <= publish.min_chrf_change <= 0
    assert (publish.primary_metric, publish.force) == ("tfidf_similarity", False)


def test_settings_passed_through_by_trl_and_peft_names_reach_their_configs(tmp_path: Path) -> None:
    experiment = load_preset(
        "demo",
        [
            "train.trl={mask_truncated_completions: true, epsilon_high: 0.28, importance_sampling_level: sequence}",
            "model.lora.peft={use_rslora: true, bias: lora_only}",
        ],
    )
    check_settings(experiment.training(), CPU)
    config, lora = trl_configs(experiment.training(), CPU, str(tmp_path))
    assert (config.mask_truncated_completions, config.epsilon_high, config.importance_sampling_level) == (
        True,
        0.28,
        "sequence",
    )
    assert (lora.use_rslora, lora.bias, lora.r) == (True, "lora_only", experiment.model.lora.r)
    # what the typed fields and the machine set is not the pass-through's to change
    with pytest.raises(TrainSettingsError, match=r"train\.trl\.bf16: set by the machine"):
        check_settings(load_preset("demo", ["train.trl={bf16: true}"]).training(), CPU)
    with pytest.raises(TrainSettingsError, match=r"model\.lora\.peft\.r: set by model\.lora\.r"):
        check_settings(load_preset("demo", ["model.lora.peft={r: 4}"]).training(), CPU)


def test_an_empty_pass_through_is_not_written_so_earlier_runs_keep_their_ids() -> None:
    experiment = load_preset("demo")
    assert "trl" not in experiment.train.model_dump() and "peft" not in experiment.model.lora.model_dump()
    assert load_preset("demo", ["train.trl={epsilon_high: 0.28}"]).train.model_dump()["trl"] == {"epsilon_high": 0.28}


def test_trackers_reach_trl_and_one_not_installed_is_named_at_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    config, _ = trl_configs(load_preset("demo").training(), CPU, str(tmp_path))
    assert config.report_to == ["tensorboard"]
    silent = load_preset("demo", ["tracking.report_to=[]"]).training()
    assert trl_configs(silent, CPU, str(tmp_path))[0].report_to == []
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "mlflow" else real(name, *a))
    with pytest.raises(TrainSettingsError, match=r"tracking\.report_to names mlflow, which is not installed here: pip"):
        check_settings(load_preset("demo", ["tracking.report_to=[tensorboard, mlflow]"]).training(), CPU)
