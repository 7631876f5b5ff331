"""Deterministic generator of realistic German tourism FAQ rows: question/answer pairs and chain-of-thought rows.

The words and templates are YAML files under templates/, read on first use; the modules here put them together.
"""

from __future__ import annotations

from tourism_grpo.data.synthetic.cli import main, write_jsonl
from tourism_grpo.data.synthetic.compose import generate_cot, generate_qa
from tourism_grpo.data.synthetic.intents import TONES, TOPICS

__all__ = ["TONES", "TOPICS", "generate_cot", "generate_qa", "main", "write_jsonl"]
