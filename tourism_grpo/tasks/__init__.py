"""Prefect tasks, one module per pipeline step: thin wrappers over plain functions."""
