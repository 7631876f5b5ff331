"""Promise: flow runs on the same store and the same inputs at once leave one intact copy of each artifact.

Two processes (two workers, as a scale-out deployment has them) run the data flow with refresh against one Prefect
API and one store; a rendezvous before each write makes them write every artifact at the same moment. Afterwards every
artifact is there once and whole, both runs hand on the same references, and every result Prefect cached (both runs
wrote each record) points at the committed bytes.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from tests.reliability.runs import cli_env, committed, kill_group, start, temporary_files, wait_for
from tourism_grpo.data.params import DataParams, SubsetParams
from tourism_grpo.data.source_spec import SourceSpec
from tourism_grpo.flows.prepare_data import PreparedData
from tourism_grpo.storage import ArtifactRef, ArtifactStore

pytestmark = pytest.mark.slow

RUNS = 2
# a few thousand generated rows, so that each table write takes a moment
DATA = DataParams(
    source=SourceSpec(uri="synthetic:qa?rows=4000&seed=3"),
    subset=SubsetParams(train_size=1500, eval_size=300, seed=5),
)

# One flow run with refresh (no cache read: both runs compute every step). Imports first, then a barrier (argv 2 says
# ready, argv 3 releases); then, before each write to the store, a rendezvous in argv 4 where this run (argv 5) waits
# for the others (argv 7 runs in all), so that they write each artifact at the same moment. Its result goes to argv 6.
WORKER = """
import sys, time
from pathlib import Path
from tourism_grpo.data.params import DataParams
from tourism_grpo.flows.prepare_data import prepare_data
from tourism_grpo.storage import ArtifactStore

data = DataParams.model_validate_json(sys.argv[1])
ready, go, meet, me, out = (Path(arg) for arg in sys.argv[2:7])
runs = int(sys.argv[7])

def rendezvous(write):
    def meet_then_write(self, *args, name, artifact, **kwargs):
        place = meet / f"{write.__name__}-{name}-{artifact}"
        place.mkdir(parents=True, exist_ok=True)
        (place / me.name).touch()
        deadline = time.monotonic() + 30
        while len(list(place.iterdir())) < runs and time.monotonic() < deadline:
            time.sleep(0.005)
        return write(self, *args, name=name, artifact=artifact, **kwargs)
    return meet_then_write

ArtifactStore.write_table = rendezvous(ArtifactStore.write_table)
ArtifactStore.write_folder = rendezvous(ArtifactStore.write_folder)
ready.touch()
while not go.exists():
    time.sleep(0.01)
state = prepare_data(data, refresh=True, return_state=True)
out.write_text(state.result().model_dump_json(), encoding="utf-8")
"""


def _refs_in(value: Any) -> list[ArtifactRef]:
    """Every ArtifactRef inside a task's result (a reference, or a model holding some)."""
    if isinstance(value, ArtifactRef):
        return [value]
    if isinstance(value, BaseModel):
        return [ref for field in type(value).model_fields for ref in _refs_in(getattr(value, field))]
    if isinstance(value, dict):
        return [ref for item in value.values() for ref in _refs_in(item)]
    return []


def _cached_results(root: Path) -> list[Any]:
    """The result of every record Prefect persisted under the store (each must be whole JSON holding a pickle)."""
    import cloudpickle

    results = []
    for path in sorted((root / "prefect").iterdir()):
        record = json.loads(path.read_text(encoding="utf-8"))
        assert record["metadata"]["serializer"]["type"] == "pickle", path
        results.append(cloudpickle.loads(base64.b64decode(record["result"])))
    return results


@pytest.fixture
def prefect_api_url(prefect_api: None) -> str:
    """The URL of the session's Prefect API, for processes this test starts."""
    from prefect.settings import PREFECT_API_URL

    return str(PREFECT_API_URL.value())


def test_two_data_flow_runs_at_once_on_one_store_leave_one_whole_copy_of_each_artifact(
    tmp_path: Path, prefect_api_url: str
) -> None:
    """Both runs complete with identical references; each artifact is committed once, whole, with nothing torn."""
    env = cli_env(tmp_path, PREFECT_API_URL=prefect_api_url)
    store, go, meet = tmp_path / "store", tmp_path / "go", tmp_path / "meet"
    processes = []
    try:
        for index in range(RUNS):
            ready, out, log = (tmp_path / f"{name}-{index}" for name in ("ready", "result.json", "run.log"))
            args = ["-c", WORKER, DATA.model_dump_json(), *map(str, (ready, go, meet, f"run-{index}", out, RUNS))]
            processes.append((start(args, env, tmp_path, log), ready, out, log))
        for process, ready, _, log in processes:
            wait_for(ready.exists, process, 120, "the worker's imports", log)
        go.touch()
        for process, _, _, log in processes:
            assert process.wait(300) == 0, log.read_text()[-4000:]
    finally:
        for process, *_ in processes:
            kill_group(process)

    results = [PreparedData.model_validate_json(out.read_text(encoding="utf-8")) for _, _, out, _ in processes]
    assert all(result == results[0] for result in results[1:])  # the same ids and the same sha256
    refs = committed(store)  # every table and folder reads back whole, none visible without its manifest
    keys = [(ref.kind, ref.name, ref.id) for ref in refs]
    assert len(keys) == len(set(keys))
    # each of them was written by both runs at the same moment: every write met its twin at the rendezvous
    meetings = {place.name: len(list(place.iterdir())) for place in meet.iterdir()}
    assert meetings == {f"write_{kind}-{name}-{artifact}": RUNS for kind, name, artifact in keys}
    for part, ref in results[0].refs().items():
        assert ref in refs, f"the {part} reference of the runs is not what the store holds"
    for table in Path(store).glob("tables/*"):  # one data file and one manifest per artifact, nothing else
        files = Counter(path.name.split(".")[0] for path in table.iterdir())
        assert set(files.values()) == {2}, files
    assert temporary_files(store) == []
    # a later run that finds these results cached gets references to the committed bytes
    artifacts = ArtifactStore(str(store))
    cached = [ref for result in _cached_results(store) for ref in _refs_in(result)]
    assert {ref.name for ref in cached} >= {"source-qa", "subset-train", "subset-eval", "subset-train-enriched"}
    for ref in cached:
        assert artifacts.find(ref.kind, ref.name, ref.id) == ref
