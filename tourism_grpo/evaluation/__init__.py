"""Plain evaluation logic: generation with base and tuned model, metrics, bootstrap intervals; imports no Prefect."""
