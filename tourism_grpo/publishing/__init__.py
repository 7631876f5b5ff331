"""Publishing: the evaluation gate, the model card and the upload (Hub or the store's registry); no Prefect."""
