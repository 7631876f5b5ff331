"""bench/gpu_check.py and bench/gpu_memory.py on a machine without a GPU: what the check skips, the configs each
GPU path builds, its measuring code on the CPU, and the memory estimate the README quotes."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from tourism_grpo.experiments import load_preset
from tourism_grpo.training.configs import Runtime, check_settings, quantization_config, trl_configs
from tourism_grpo.training.launch import accelerate_command

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
gpu_check = importlib.import_module("gpu_check")
gpu_memory = importlib.import_module("gpu_memory")


def test_on_a_cpu_machine_the_check_exits_0_and_lists_what_it_skipped() -> None:
    # no timeout of its own: pytest's covers it
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "gpu_check.py")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "skipped: bf16-lora, qlora-4bit, vllm-colocate, accelerate-ddp" in done.stdout
    assert done.stdout.count("skipped: no CUDA device") == 4


def test_what_each_path_needs() -> None:
    assert gpu_check.missing("bf16-lora", 0) == "no CUDA device"
    assert gpu_check.missing("bf16-lora", 1) is None
    assert gpu_check.missing("accelerate-ddp", 1) == "needs 2+ GPUs, 1 seen"
    assert gpu_check.missing("accelerate-ddp", 2) is None


@pytest.mark.parametrize("path", gpu_check.PATHS)
def test_each_path_builds_the_configs_it_names(path: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("transformers.training_args.is_torch_bf16_gpu_available", lambda: True)
    gpus = 2 if path == "accelerate-ddp" else 1
    runtime = Runtime(device="cuda", gpus=gpus, bf16=True, use_vllm=path == "vllm-colocate")
    spec = load_preset("smoke", gpu_check.overrides(path, steps=4, vllm_share=0.25)).training()
    check_settings(spec, runtime)
    config, lora = trl_configs(spec, runtime, str(tmp_path))
    assert (config.max_steps, config.bf16, config.use_cpu, lora.r) == (4, True, False, 8)
    assert (quantization_config(spec.model, runtime) is not None) == (path == "qlora-4bit")
    assert config.use_vllm == (path == "vllm-colocate")
    if config.use_vllm:
        assert (config.vllm_mode, config.vllm_gpu_memory_utilization) == ("colocate", 0.25)
    if path == "accelerate-ddp":
        command = accelerate_command(tmp_path / "job.json", gpus, spec.train.accelerate_config)
        assert command[command.index("--num_processes") + 1] == "2"


@pytest.mark.slow
@pytest.mark.parametrize("path", ["bf16-lora", "qlora-4bit"])
def test_the_measuring_code_runs_a_path_on_the_cpu(path: str, tiny_model_dir: Path, tmp_path: Path) -> None:
    # the GPU machine is not here: the same code, the run moved to the CPU
    settings = [*gpu_check.overrides(path, steps=2), "train.device=cpu", "train.max_completion_length=16"]
    figures = gpu_check.measure(path, str(tiny_model_dir), settings, 24 * gpu_memory.GIB, tmp_path)
    assert figures["steps"] == 2
    assert figures["seconds_per_step"] > 0
    assert 0 < figures["generation_share"] < 1
    assert figures["estimate"] > 0 and figures["device_peak_used"] is None


def test_the_estimate_counts_what_4bit_saves() -> None:
    shape = gpu_memory.Shape.of(gpu_memory.SHAPES["deepseek-ai/DeepSeek-R1-Distill-Llama-8B"])
    # Llama-3.1-8B: 8.03B parameters in all
    assert round((shape.linear_parameters() + shape.other_parameters()) / 1e9, 2) == 8.03
    big = load_preset("tfidf-sentiment-10k").model_dump(mode="json")
    small = load_preset("tfidf-sentiment-10k-24gb").model_dump(mode="json")
    bf16, nf4 = (gpu_memory.estimate(shape, s, 24 * gpu_memory.GIB) for s in (big, small))
    assert bf16["base weights"] / gpu_memory.GIB == pytest.approx(14.96, abs=0.01)
    assert nf4["base weights"] < bf16["base weights"] / 2.5
    assert nf4["adapter parameters"] == bf16["adapter parameters"] == 41_943_040
    assert nf4["total"] < 24 * gpu_memory.GIB * 0.8


def test_the_readme_quotes_the_estimate_the_script_computes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for preset, gpu_gb in [("tfidf-sentiment-10k", 80), ("tfidf-sentiment-10k-24gb", 24)]:
        assert gpu_memory.table(preset, [], gpu_gb) in readme, f"README's table of {preset} is out of date"
