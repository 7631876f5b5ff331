"""A few GRPO steps of each GPU path on a small local model: pass/fail, seconds per step, generation share, peak memory.

Run: .venv/bin/python bench/gpu_check.py [--steps 4] [--memory-cap-gb 24] [--path NAME ...] [--model FOLDER] [--write]

The paths: bf16 LoRA, 4-bit QLoRA (bitsandbytes), vLLM colocated, and `accelerate launch` (DDP) on every GPU when
there are two or more. Each runs in a fresh process through the project's own `run_grpo` / `run_distributed`, so a
crash or an out-of-memory in one does not hide the others; a path whose requirement is missing (CUDA, bitsandbytes,
vllm, a second GPU) is skipped and listed. On a machine without CUDA every path is skipped and it exits 0.

The model is the project's tiny Llama (built here from generated rows, a locally trained tokenizer) unless --model
names a local folder. --memory-cap-gb caps this process's PyTorch allocator (and vLLM's share) to mimic a smaller card.
Peak memory: PyTorch's peak reserved in the training process, and the device's peak used as nvidia-smi reports it
(vLLM's and other processes' memory included), sampled every 0.2 s; beside them bench/gpu_memory.py's estimate for
the same model and settings. --write puts the table into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gpu_memory import GIB, Shape, estimate

from tourism_grpo.run_environment import OFFLINE, apply

PATHS = ("bf16-lora", "qlora-4bit", "vllm-colocate", "accelerate-ddp")
# the tiny model's run, as the smoke preset trains it, with room for a few steps to be timed
SMALL_RUN = [
    "model.base=tiny",
    "train.max_steps={steps}",
    "train.per_device_train_batch_size=8",
    "train.num_generations=4",
    "train.max_completion_length=64",
    "train.save_steps=1000",
    "train.device=cuda",
    "tracking.report_to=[]",
]
CHANGES = {
    "bf16-lora": [],
    "qlora-4bit": ["model.quantization=4bit"],
    "vllm-colocate": ["train.use_vllm=true", "train.vllm_mode=colocate", "train.vllm_gpu_memory_utilization={vllm}"],
    "accelerate-ddp": ["train.accelerate_config=ddp"],
}


def overrides(path: str, steps: int, vllm_share: float = 0.3) -> list[str]:
    """The preset overrides of one path's run."""
    return [item.format(steps=steps, vllm=vllm_share) for item in [*SMALL_RUN, *CHANGES[path]]]


def missing(path: str, gpus: int) -> str | None:
    """Why this machine cannot run the path, or None."""
    if gpus == 0:
        return "no CUDA device"
    needs = {"qlora-4bit": "bitsandbytes", "vllm-colocate": "vllm"}.get(path)
    if needs and importlib.util.find_spec(needs) is None:
        return f"{needs} not installed (pip install '.[gpu]'; vLLM: make gpu)"
    if path == "accelerate-ddp" and gpus < 2:
        return f"needs 2+ GPUs, {gpus} seen"
    return None


class DevicePeak:
    """The device's peak memory in use, as nvidia-smi reports it, sampled in a thread (None without nvidia-smi)."""

    def __init__(self) -> None:
        self.peak: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        query = ["nvidia-smi", "--query-gpu=memory.used", "--format=csv,noheader,nounits"]
        while not self._stop.wait(0.2):
            try:
                used = max(float(line) for line in subprocess.check_output(query, text=True).split())
            except (OSError, subprocess.SubprocessError, ValueError):
                return
            self.peak = max(self.peak or 0.0, used * 1024**2)

    def __enter__(self) -> DevicePeak:
        if shutil.which("nvidia-smi"):
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()


def measure(path: str, model: str, settings: list[str], card_bytes: float, work: Path) -> dict[str, Any]:
    """Train one path's run (its overrides, then `settings`) in this process; its figures but PyTorch's peak."""
    import pyarrow as pa
    from trl import GRPOTrainer

    from tourism_grpo.data.synthetic import generate_qa
    from tourism_grpo.experiments import load_preset
    from tourism_grpo.training.configs import detect_runtime
    from tourism_grpo.training.grpo import TrainJob, run_grpo
    from tourism_grpo.training.launch import run_distributed
    from tourism_grpo.training.params import BaseModelRef

    experiment = load_preset("smoke", settings)
    spec = experiment.training()
    spent = {"generation": 0.0}
    generate = GRPOTrainer._generate

    def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return generate(self, *args, **kwargs)
        finally:
            spent["generation"] += time.perf_counter() - started

    GRPOTrainer._generate = timed
    rows = [
        {"id": str(i), "question": r["question"], "answer": r["answer"], "answer_sentiment": r["tone"]}
        for i, r in enumerate(generate_qa(256, seed=5))
    ]
    base = BaseModelRef(uri=model, id="gpu-check")
    job = TrainJob(spec=spec, base=base, runtime=detect_runtime(spec.train), output_dir=str(work / path))
    try:
        with DevicePeak() as device:
            started = time.perf_counter()
            if path == "accelerate-ddp":
                outcome = run_distributed(job, pa.Table.from_pylist(rows), "ddp", _Silent(), print)
            else:
                outcome = run_grpo(job, pa.Table.from_pylist(rows))
            wall = time.perf_counter() - started
    finally:
        GRPOTrainer._generate = generate
    step_times = [entry["step_time"] for entry in outcome.log_history if "step_time" in entry]
    timed_steps = step_times[1:] or step_times
    config = json.loads((Path(model) / "config.json").read_text(encoding="utf-8"))
    return {
        "steps": outcome.global_step,
        "seconds_per_step": sum(timed_steps) / len(timed_steps),
        # the other processes' generation (accelerate) is not timed from here
        "generation_share": spent["generation"] / wall if path != "accelerate-ddp" else None,
        "device_peak_used": device.peak,
        "estimate": estimate(Shape.of(config), experiment.model_dump(mode="json"), card_bytes)["total"],
    }


def child(path: str, model: str, steps: int, cap_gb: float | None, result: Path) -> None:
    """One path's run on the GPU in this process, its allocator capped to mimic a smaller card; figures as JSON."""
    import torch

    total = torch.cuda.get_device_properties(0).total_memory
    share = min(cap_gb * GIB / total, 1.0) if cap_gb else 1.0
    if cap_gb:
        torch.cuda.set_per_process_memory_fraction(share)
    settings = overrides(path, steps, vllm_share=round(0.3 * share, 3))
    figures = measure(path, model, settings, share * total, result.parent)
    figures["torch_peak_reserved"] = torch.cuda.max_memory_reserved()
    result.write_text(json.dumps(figures), encoding="utf-8")


class _Silent:
    """A reporter for the distributed run: the figures come from the outcome."""

    def started(self, total_steps: int, resumed_from: int | None) -> None: ...

    def logged(self, step: int, metrics: dict[str, float]) -> None: ...


def build_model(folder: Path) -> str:
    """The project's tiny Llama, its tokenizer trained on generated rows, one SFT epoch."""
    from tourism_grpo.data.synthetic import generate_qa
    from tourism_grpo.training.params import TinyModelParams
    from tourism_grpo.training.tiny_model import build_tiny_model

    rows = generate_qa(256, seed=5)
    build_tiny_model(rows, TinyModelParams(sft_epochs=1), folder)
    return str(folder)


def _gib(value: float | None) -> str:
    return "-" if value is None else f"{value / GIB:.2f}"


def table(results: dict[str, dict[str, Any]]) -> str:
    """The markdown table of every path's outcome."""
    lines = [
        "| path | result | s/step | generation share | peak reserved, PyTorch (GiB) | peak used, device (GiB) "
        "| estimate (GiB) |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for path, outcome in results.items():
        if "figures" not in outcome:
            lines.append(f"| {path} | {outcome['result']} | - | - | - | - | - |")
            continue
        f = outcome["figures"]
        share = "-" if f["generation_share"] is None else f"{f['generation_share']:.0%}"
        lines.append(
            f"| {path} | pass | {f['seconds_per_step']:.3f} | {share} | {_gib(f['torch_peak_reserved'])} "
            f"| {_gib(f['device_peak_used'])} | {_gib(f['estimate'])} |"
        )
    return "\n".join(lines)


def run_all(args: argparse.Namespace, gpus: int) -> dict[str, dict[str, Any]]:
    """Each runnable path in a fresh process; the skipped ones with their reason."""
    results: dict[str, dict[str, Any]] = {}
    runnable = [path for path in args.path if not missing(path, gpus)]
    for path in args.path:
        if reason := missing(path, gpus):
            results[path] = {"result": f"skipped: {reason}"}
    if not runnable:
        return results
    work = Path(tempfile.mkdtemp(prefix="gpu-check-"))
    model = args.model or build_model(work / "model")
    for path in runnable:
        out = work / f"{path}.json"
        command = [
            sys.executable,
            __file__,
            "--child",
            path,
            "--model",
            model,
            "--steps",
            str(args.steps),
            "--result",
            str(out),
            *(["--memory-cap-gb", str(args.memory_cap_gb)] if args.memory_cap_gb else []),
        ]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode == 0 and out.exists():
            results[path] = {"result": "pass", "figures": json.loads(out.read_text(encoding="utf-8"))}
        else:
            last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            results[path] = {"result": f"FAIL (exit {done.returncode}): {last[0][:200]}"}
    shutil.rmtree(work, ignore_errors=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", action="append", choices=PATHS, help="a path to check (repeatable; default all)")
    parser.add_argument("--steps", type=int, default=4, help="GRPO steps per path (the first is left out of s/step)")
    parser.add_argument("--memory-cap-gb", type=float, help="cap PyTorch's memory to this, e.g. 24 for a 24 GB card")
    parser.add_argument("--model", help="a local model folder (default: the tiny Llama, built here)")
    parser.add_argument("--write", action="store_true", help="write the table into BENCHMARKS.md")
    parser.add_argument("--child", choices=PATHS, help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()
    apply(OFFLINE)
    if args.child:
        child(args.child, args.model, args.steps, args.memory_cap_gb, Path(args.result))
        return
    args.path = args.path or list(PATHS)
    import torch

    gpus = torch.cuda.device_count() if torch.cuda.is_available() else 0
    results = run_all(args, gpus)
    print(table(results))
    skipped = [path for path, outcome in results.items() if outcome["result"].startswith("skipped")]
    if skipped:
        print(f"skipped: {', '.join(skipped)}")
    if args.write and len(skipped) < len(results):
        from _report import machine, write_section

        write_section("gpu-check", f"## GPU paths: `bench/gpu_check.py`\n\n{machine()}\n\n{table(results)}\n")
    failed = [path for path, outcome in results.items() if outcome["result"].startswith("FAIL")]
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
