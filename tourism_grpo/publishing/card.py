"""The model card: Hub metadata, evaluation, gate, rewards, hyperparameters and the lineage of a published adapter."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel

from tourism_grpo.evaluation.report import EvalReport
from tourism_grpo.publishing.gate import GateDecision
from tourism_grpo.publishing.params import PublishParams
from tourism_grpo.publishing.registry import Version, version_table
from tourism_grpo.rewards.registry import RewardSpec
from tourism_grpo.storage import ArtifactRef, ArtifactStore
from tourism_grpo.training.params import BaseModelRef
from tourism_grpo.training.prompts import FRAMING_FILE, Framing

if TYPE_CHECKING:
    from huggingface_hub import ModelCardData

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TAGS = ["grpo", "trl", "lora", "german", "tourism", "tourism-grpo"]


class Lineage(BaseModel):
    """Where the training data came from: the preset's source and the data artifacts (contract results included)."""

    source_uri: str
    # role -> artifact, e.g. the fields of PreparedData; contract-* tables are summarised by their verdicts
    artifacts: dict[str, ArtifactRef]


def code_version() -> str:
    """`git <HEAD sha>` of a source checkout (marked when it has uncommitted changes), else the package version."""
    if (PROJECT_ROOT / "pyproject.toml").exists():
        try:
            sha = _git("rev-parse", "HEAD")
            dirty = _git("status", "--porcelain", "--untracked-files=no")
            return f"git {sha}" + (" (with uncommitted changes)" if dirty else "")
        except (OSError, subprocess.SubprocessError):
            pass  # no git, or a checkout without commits: the package version is the best we know
    try:
        return f"tourism-grpo {metadata.version('tourism-grpo')}"
    except metadata.PackageNotFoundError:
        return "tourism-grpo (version unknown)"


def _git(*args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(PROJECT_ROOT), *args], capture_output=True, text=True, check=True, timeout=10
    )
    return done.stdout.strip()


def hub_base_model(base: BaseModelRef) -> str | None:
    """The base model's Hub id for the metadata; None for a local folder (the tiny model, an earlier run's adapter)."""
    from huggingface_hub.utils import HFValidationError, validate_repo_id

    if "/" not in base.uri or "://" in base.uri or Path(base.uri).exists():
        return None
    try:
        validate_repo_id(base.uri)
    except HFValidationError:
        return None
    return base.uri


def contract_verdicts(store: ArtifactStore, lineage: Lineage) -> dict[str, str]:
    """Role -> verdict counts of every contract table in the lineage (the stored record, one row per expectation)."""
    verdicts = {}
    for role, ref in lineage.artifacts.items():
        if ref.kind == "table" and ref.name.startswith("contract-"):
            counts = Counter(store.read_table(ref).column("status").to_pylist())
            verdicts[role] = (
                f"contract '{ref.name.removeprefix('contract-')}': {counts['passed']} passed, "
                f"{counts['warning']} warnings, {counts['failed']} failed"
            )
    return verdicts


def _base_text(base: BaseModelRef, hub_id: str | None) -> str:
    if hub_id:
        revision = f" (revision `{base.revision}`)" if base.revision else ""
        return f"[`{hub_id}`](https://huggingface.co/{hub_id}){revision}"
    if base.id.startswith("tiny-model"):
        origin = "a small Llama this pipeline builds locally from the run's own train split (the smoke preset's model)"
    elif base.id.startswith("train-"):
        origin = "an adapter an earlier run of this pipeline trained (round 2)"
    elif base.id.startswith("base-model-"):
        origin = "a GGUF model this pipeline converted into a transformers folder (float32)"
    else:
        origin = "a local model folder"
    return (
        f"{origin}, store artifact `{base.id}`. It is not on the Hub, so the metadata names no `base_model`; "
        "the adapter config still names the local path it was trained from"
    )


def base_licence_text(base: BaseModelRef) -> str:
    """What the card says about a licence the base model brings (a GGUF's): empty when it names none."""
    if not base.license:
        return ""
    text = f" The base model's licence, `{base.license}`, binds what derives from it: the metadata names it."
    if base.notice:
        text += " `NOTICE` in this folder holds the notice and terms that must go along with the model."
    return text


def _usage(where: str, hub_id: str | None, merged: bool) -> str:
    lines = []
    if hub_id:
        lines += [
            "```python",
            "from peft import PeftModel",
            "from transformers import AutoModelForCausalLM, AutoTokenizer",
            "",
            f'base = AutoModelForCausalLM.from_pretrained("{hub_id}")',
            f'model = PeftModel.from_pretrained(base, "{where}")',
            f'tokenizer = AutoTokenizer.from_pretrained("{where}")',
            "```",
        ]
    else:
        lines.append(
            "The adapter needs the local base model named above; "
            + (
                "the merged model below does not."
                if merged
                else "publish with `publish.merged=true` for one that does not."
            )
        )
    if merged:
        lines += [
            "",
            "`merged/` holds the adapter merged into its base, a standalone model:",
            "",
            "```python",
            "from transformers import AutoModelForCausalLM",
            "",
            f'model = AutoModelForCausalLM.from_pretrained("{where}", subfolder="merged")',
            "```",
        ]
    return "\n".join(lines)


def render_card(
    *,
    experiment: str,
    repo_id: str | None,
    base: BaseModelRef,
    adapter: ArtifactRef,
    global_step: int,
    evaluation: EvalReport,
    decision: GateDecision,
    rewards: list[RewardSpec],
    hyperparameters: dict[str, Any],
    lineage: Lineage,
    verdicts: dict[str, str],
    params: PublishParams,
    version: str,
    framing: Framing | None = None,
    history: Sequence[Version] = (),
    production: int | None = None,
) -> str:
    """README.md of the published folder: Hub YAML metadata, then what was trained, how it scored and from what."""
    from huggingface_hub import ModelCard

    hub_id = hub_base_model(base)
    body = "\n".join(
        [
            *_introduction(experiment, repo_id, base, hub_id),
            *_use_section(repo_id or "path/to/this/folder", hub_id, params.merged, framing),
            *_evaluation_section(evaluation),
            *_gate_section(decision, params),
            *_rewards_section(rewards),
            *_hyperparameters_section(hyperparameters),
            *_lineage_section(lineage, verdicts, base, adapter, global_step, evaluation),
            *_history_section(history, production),
            f"Code version: `{version}`.",
            "",
        ]
    )
    return str(ModelCard(f"---\n{_metadata(base, hub_id, lineage, params).to_yaml()}\n---\n\n{body}"))


def _history_section(history: Sequence[Version], production: int | None) -> list[str]:
    """The preset's versions before this one: what was published, what the gate refused, what was production."""
    if not history:
        return ["## Versions", "", "The first version of this preset's model.", ""]
    return [
        "## Versions",
        "",
        "The versions published before this one, as the registry listed them when this one was added:",
        "",
        version_table(list(history), production),
        "",
    ]


def _metadata(base: BaseModelRef, hub_id: str | None, lineage: Lineage, params: PublishParams) -> ModelCardData:
    """The Hub's YAML metadata of the card."""
    from huggingface_hub import ModelCardData

    datasets = [lineage.source_uri.removeprefix("hub:")] if lineage.source_uri.startswith("hub:") else None
    return ModelCardData(
        base_model=hub_id,
        library_name="peft",
        pipeline_tag="text-generation",
        tags=TAGS,
        language="de",
        datasets=datasets,
        license=base.license or params.license,  # a derivative is bound by its base's licence (e.g. Gemma's terms)
    )


def _introduction(experiment: str, repo_id: str | None, base: BaseModelRef, hub_id: str | None) -> list[str]:
    """The title, what the adapter is and its base model."""
    return [
        f"# {repo_id.rsplit('/', 1)[-1] if repo_id else experiment}",
        "",
        "A LoRA adapter fine-tuned with GRPO (TRL, PEFT) on German tourism questions and answers by the "
        f"tourism-grpo pipeline, preset `{experiment}`.",
        "",
        f"Base model: {_base_text(base, hub_id)}.{base_licence_text(base)}",
        "",
    ]


def _use_section(where: str, hub_id: str | None, merged: bool, framing: Framing | None) -> list[str]:
    """How to load the adapter and how to ask it."""
    asking = (
        [
            f"Ask it as it was trained: {framing.describe()} `{FRAMING_FILE}` records this framing; "
            "`tourism-grpo generate` reads it.",
            "",
        ]
        if framing is not None
        else []
    )
    return ["## Use", "", _usage(where, hub_id, merged), "", *asking]


def _evaluation_section(evaluation: EvalReport) -> list[str]:
    """Base against tuned on the eval split."""
    return [
        "## Evaluation",
        "",
        f"Base and tuned model on the {evaluation.examples} held-out questions of the eval split (disjoint from "
        "training); the interval is a paired bootstrap 95% interval of tuned - base"
        + (
            f", and, below, of tuned - v{evaluation.champion.version}, the production version when this one was "
            "published."
            if evaluation.champion is not None
            else "."
        ),
        "",
        evaluation.markdown(),
        "",
    ]


def _gate_section(decision: GateDecision, params: PublishParams) -> list[str]:
    """The gate's bounds and its decision, with a warning where `force` published past a refusal."""
    forced = ""
    if decision.forced:
        forced = (
            "\n\n> **Published with `force` although the gate refused it.** Failed: "
            + "; ".join(f"{check.name} ({check.detail})" for check in decision.failures)
            + "."
        )
    return [
        "## Publish gate",
        "",
        f"Primary metric `{params.primary_metric}`, non-inferiority margin {params.primary_margin:g}; "
        f"degeneration bounds: repeated n-gram share +{params.max_repetition_increase:g}, end-of-sequence rate "
        f"-{params.max_eos_rate_drop:g}, distinct-2 -{params.max_distinct_2_drop:g}, format compliance "
        f"-{params.max_format_drop:g}, markup share +{params.max_markup_increase:g}, non-German share "
        f"+{params.max_non_german_increase:g}; chrF non-inferiority margin: "
        + (f"{params.min_chrf_change:+g} points." if params.min_chrf_change is not None else "not checked."),
        "",
        decision.markdown() + forced,
        "",
    ]


def _rewards_section(rewards: list[RewardSpec]) -> list[str]:
    """The rewards trained with, their weights and parameters."""
    return [
        "## Rewards",
        "",
        "| reward | weight | parameters |",
        "|---|---:|---|",
        *(
            f"| `{spec.name}` | {spec.weight:g} | "
            f"{json.dumps(spec.params, ensure_ascii=False) if spec.params else '-'} |"
            for spec in rewards
        ),
        "",
    ]


def _hyperparameters_section(hyperparameters: dict[str, Any]) -> list[str]:
    """The training settings as YAML."""
    return [
        "## Hyperparameters",
        "",
        "As the preset set them (`train.trl` and `model.lora.peft` pass fields on to TRL and PEFT by their own names). "
        "In this folder, `adapter_config.json` is PEFT's LoraConfig as trained and `grpo_config.json` (written by "
        "runs since that pass-through) TRL's GRPOConfig, defaults included.",
        "",
        "```yaml",
        yaml.safe_dump(hyperparameters, sort_keys=False, allow_unicode=True).rstrip(),
        "```",
        "",
    ]


def _lineage_section(
    lineage: Lineage,
    verdicts: dict[str, str],
    base: BaseModelRef,
    adapter: ArtifactRef,
    global_step: int,
    evaluation: EvalReport,
) -> list[str]:
    """Every artifact from the source to the evaluation, with its hash, rows and contract verdicts."""
    rows = [f"| source | `{lineage.source_uri}` | | | |"]
    rows += [
        f"| {role} | `{ref.id}` | `{ref.sha256[:12]}` | {ref.rows if ref.rows is not None else ''} | "
        f"{verdicts.get(role, '')} |"
        for role, ref in lineage.artifacts.items()
    ]
    rows += [
        f"| base model | `{base.id}` | | | |",
        f"| adapter | `{adapter.id}` | `{adapter.sha256[:12]}` | | {global_step} GRPO steps |",
        f"| evaluation per row | `{evaluation.per_row.id}` | `{evaluation.per_row.sha256[:12]}` | "
        f"{evaluation.per_row.rows if evaluation.per_row.rows is not None else ''} | |",
    ]
    return ["## Lineage", "", "| role | artifact | sha256 | rows | note |", "|---|---|---|---:|---|", *rows, ""]
