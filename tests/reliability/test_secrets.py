"""Promise: the Hub token of a whole run appears nowhere it leaves a trace: no log line (console or Prefect API), no
artifact, no flow or task run record, no file in the store, Prefect's home or anywhere else the run wrote.

The tiny smoke run goes through the real CLI in its own process, with its own ephemeral Prefect, publishing to the
fake Hub with HF_TOKEN set, huggingface_hub logging every request (HF_DEBUG) into the Prefect logs too, Prefect at
DEBUG, and one upload attempt failing with a 503 so an error is logged as well. tests/publish/test_publish.py checks
the same for the publish task alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.publish.fakes import FakeHub
from tests.reliability.runs import TINY_RUN, cli_args, cli_env, run

pytestmark = pytest.mark.slow

# built from parts so that secret scanners do not mistake this fake for a real token
TOKEN = "hf_" + "WholeRunTokenThatMustNeverBeWritten987654"
REPO = "tourism-lab/secrets-whole-run"

# The CLI, then (while its ephemeral Prefect server still runs) everything the API holds, dumped to argv 1. The
# publish task's retry delay is 0 so the failed attempt costs no waiting; its retries stay the decorator's.
RUN_AND_DUMP = """
import json, sys
from pathlib import Path

from tourism_grpo.cli import main
from tourism_grpo.tasks.publish import publish

publish.retry_delay_seconds = 0
code = main(sys.argv[2:])

from prefect import get_client
from prefect.logging.handlers import APILogHandler

APILogHandler().flush()

def every(read):
    found, offset = [], 0
    while batch := read(limit=200, offset=offset):
        found += [item.model_dump(mode="json") for item in batch]
        offset += len(batch)
    return found

with get_client(sync_client=True) as client:
    dump = {
        "code": code,
        "flow_runs": every(client.read_flow_runs),
        "task_runs": every(client.read_task_runs),
        "logs": every(client.read_logs),
        "artifacts": every(client.read_artifacts),
        "variables": [variable.model_dump(mode="json") for variable in client.read_variables()],
        "blocks": [block.model_dump(mode="json") for block in client.read_block_documents()],
    }
Path(sys.argv[1]).write_text(json.dumps(dump), encoding="utf-8")
"""


def test_a_whole_run_that_publishes_to_the_hub_leaves_the_token_nowhere(tmp_path: Path, hub: FakeHub) -> None:
    """The token authenticates every Hub call and is written to no log, artifact, run record or file."""
    hub.token = TOKEN
    hub.fail("commit", 503)
    env = cli_env(
        tmp_path,
        HF_TOKEN=TOKEN,
        HF_ENDPOINT=hub.url,
        HF_HUB_OFFLINE="0",
        HF_HUB_DISABLE_XET="1",  # the plain LFS route the fake Hub speaks
        HF_HOME=str(tmp_path / "hf-home"),
        HF_DEBUG="1",  # huggingface_hub logs each request as a curl command
        NO_PROXY="127.0.0.1",
        PREFECT_LOGGING_LEVEL="DEBUG",
        PREFECT_LOGGING_EXTRA_LOGGERS="huggingface_hub",
    )
    dump_path, log = tmp_path / "api-dump.json", tmp_path / "console.log"
    args = ["-c", RUN_AND_DUMP, str(dump_path), *cli_args(*TINY_RUN, f"publish.target=hub:{REPO}")[2:]]
    assert run(args, env, tmp_path, log) == 0, log.read_text()[-4000:]

    # the token was in use: every authenticated call carried it, and the upload went through after the 503
    authenticated = [request for request in hub.seen if request.route != "lfs-upload"]
    assert authenticated and all(r.headers["authorization"] == f"Bearer {TOKEN}" for r in authenticated)
    # two commits per version (onto `versions`, then `main`) and the one the 503 refused
    assert hub.routes().count("commit") == 3 and "README.md" in hub.repos[REPO]

    # the places that would show a leak were written: console and API logs, the curl lines, the error, artifacts
    console = log.read_text(encoding="utf-8")
    dump = json.loads(dump_path.read_text(encoding="utf-8"))
    logged = "\n".join(entry["message"] for entry in dump["logs"])
    assert dump["code"] == 0 and "Published smoke" in console and "Published smoke" in logged
    assert "curl" in console and "curl" in logged and "503" in logged
    assert {"published-model", "publish-gate", "experiment-summary"} <= {a["key"] for a in dump["artifacts"]}
    assert any("experiment" in flow_run["parameters"] for flow_run in dump["flow_runs"])

    # the token in none of it, nor in any file the run left (store, PREFECT_HOME with its database, HF_HOME, ...)
    secret = TOKEN.removeprefix("hf_")
    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert any(path.name == "prefect.db" for path in files) and any(path.name == "README.md" for path in files)
    assert any(".tfevents." in path.name for path in files)  # what TensorBoard was sent is among them
    assert [path for path in files if secret.encode() in path.read_bytes()] == []
    assert all(secret.encode() not in content for content in hub.repos[REPO].values())
