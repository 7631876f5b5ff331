"""Plain training logic: prompts, the tiny model, GRPO/LoRA configs, runs and their curves; imports no Prefect."""
