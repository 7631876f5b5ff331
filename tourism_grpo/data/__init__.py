"""Plain data logic (sources, normalisation, subsetting, the synthetic generator); imports no Prefect."""
