"""Canonical schemas and data contracts; imports no Prefect."""
