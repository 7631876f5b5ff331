"""Prefect flows: composition of tasks, parameters and artifacts; no data logic."""
