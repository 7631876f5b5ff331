"""A step declared once: its id follows its inputs' ids and its settings, its lineage is written with every artifact,
and an artifact an earlier run made is found again."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
from pydantic import BaseModel

from tourism_grpo.storage import ArtifactRef, ArtifactStore
from tourism_grpo.storage.steps import Step, input_ids, settings_of
from tourism_grpo.training.params import BaseModelRef


class Settings(BaseModel):
    size: int = 3


def _ref(artifact: str) -> ArtifactRef:
    return ArtifactRef(id=artifact, name="t", kind="table", uri="/x", sha256="0")


def test_references_are_parents_and_everything_else_is_a_parameter() -> None:
    arguments = {
        "table": _ref("a"),
        "splits": {"train": _ref("b"), "eval": _ref("c")},
        "base": BaseModelRef(uri="/m", id="m"),
        "params": Settings(),
        "prompt": None,
        "name": "x",
    }
    assert input_ids(arguments) == ["a", "b", "c", "m"]
    assert settings_of(arguments) == {"params": {"size": 3}, "name": "x"}


def test_the_id_changes_with_a_parent_a_setting_or_the_version_and_with_nothing_else() -> None:
    step = Step("count", "1")
    arguments = {"table": _ref("a"), "params": Settings()}
    same = step.id({"table": _ref("a"), "params": Settings()})
    assert step.id(arguments) == same and same.startswith("count-")
    assert step.id({**arguments, "table": _ref("b")}) != same
    assert step.id({**arguments, "params": Settings(size=4)}) != same
    assert Step("count", "2").id(arguments) != same
    ignoring = Step("count", "1", parameters=lambda arguments: {})
    assert ignoring.id({**arguments, "params": Settings(size=4)}) == ignoring.id(arguments)


def test_output_writes_lineage_and_finds_what_an_earlier_run_wrote(tmp_path: Path) -> None:
    store = ArtifactStore(str(tmp_path))
    step = Step("count", "1")
    out = step.output({"table": _ref("a"), "params": Settings()}, store)
    assert out.existing("table", "counts") is None
    table = out.table(pa.table({"n": [1, 2]}), "counts", experiment="demo")
    part = out.table(pa.table({"n": [3]}), "counts", "eval")
    assert part.id == f"{out.id}-eval" and table.id == out.id
    manifest = store.manifest(table)
    assert (manifest["step"], manifest["step_version"], manifest["parents"]) == ("count", "1", ["a"])
    assert (manifest["parameters"], manifest["experiment"]) == ({"params": {"size": 3}}, "demo")
    again = step.output({"table": _ref("a"), "params": Settings()}, store)
    assert again.existing("table", "counts") == table and again.existing("table", "counts", "eval") == part


def test_a_folder_build_adds_what_it_learned_to_the_manifest(tmp_path: Path) -> None:
    store = ArtifactStore(str(tmp_path))
    out = Step("convert", "1").output({"base": "x"}, store)

    def build(folder: Path) -> dict[str, str]:
        (folder / "weights").write_text("w")
        return {"licence": "gemma"}

    folder = out.folder(build, "model", source="x")
    manifest = store.manifest(folder)
    assert (manifest["licence"], manifest["source"], manifest["parameters"]) == ("gemma", "x", {"base": "x"})
    # a one-line build returns whatever its last call did: that is no manifest field
    other = out.folder(lambda folder: (folder / "f").write_text("abc"), "other")
    assert set(store.manifest(other)) == {"id", "name", "kind", "sha256", "created_at", *out.lineage}
