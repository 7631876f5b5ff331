"""Versions and the production alias of a preset's published models, in the artifact store (the local registry).

Every publish adds a numbered version, also one the gate refused (kept, never production), so that what was tried
stays listed with its reason. `production` names one accepted version; promote and rollback move it and nothing
else. The Hub keeps the same in a model repo (publishing/hub_registry.py); both answer the `Registry` protocol.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, Field

from tourism_grpo.evaluation.champion import Champion
from tourism_grpo.storage import ArtifactRef, ArtifactStore
from tourism_grpo.training.params import BaseModelRef

PRODUCTION = "production"
VERSION_FILE = "version.json"
ALIASES_FILE = "aliases.json"
MERGED = "merged"  # a version's optional merged model, a subfolder beside its adapter


class Version(BaseModel):
    """One published model of a preset: what it is made of and what the gate said of it."""

    version: int = Field(0, description="1, 2, ...: given by the registry when the version is added.")
    experiment: str
    publish_id: str = Field(description="The publish step's output id: a retried publish finds its version.")
    adapter: str = Field(description="The adapter's artifact id.")
    base: BaseModelRef = Field(description="What the adapter loads on: versions keep the adapter, not a merged copy.")
    created_at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    accepted: bool = Field(description="The gate passed it (or the run forced it): it may be production.")
    reasons: list[str] = Field(default_factory=list, description="The gate's failed checks, for a refused version.")
    summary: str = Field("", description="The primary metric's change, one line.")
    folder: ArtifactRef | None = Field(None, description="Local registry: the published folder in the store.")
    commit: str | None = Field(None, description="Hub: the commit holding the version's files.")
    held_out: ArtifactRef | None = Field(
        None, description="The rows it was evaluated on: the first version's are the preset's fixed held-out set."
    )
    evaluation: ArtifactRef | None = Field(None, description="Its per-row evaluation table, with its answers.")
    eval_settings: str = Field("", description="Digest of the decoding and framing its answers were made with.")
    judged_against: int | None = Field(
        None, description="The production version it was compared with when published (None: none, its base only)."
    )

    @property
    def tag(self) -> str:
        """`v<number>`, as the Hub tags it and the CLI names it."""
        return f"v{self.version}"


class Aliases(BaseModel):
    """The production alias, and every version it has named, in order: a version once production and rolled back
    from is not made production again by rerunning its publish."""

    production: int | None = None
    promoted: list[int] = Field(default_factory=list)

    def moved_to(self, number: int) -> Aliases:
        """The aliases after `number` becomes production."""
        return Aliases(production=number, promoted=[*self.promoted, number])


class RegistryError(ValueError):
    """A version or alias that is not there, or a promotion the registry refuses; the message says what to do."""


class Registry(Protocol):
    """Where a preset's versions live: the local registry or a Hub repo."""

    where: str

    def versions(self) -> list[Version]: ...

    def aliases(self) -> Aliases: ...

    def production(self) -> int | None: ...

    def add(self, version: Version, files: Path) -> Version: ...

    def set_production(self, number: int) -> None: ...

    def files(self, number: int) -> Path: ...

    def url(self, version: Version) -> str: ...


class LocalRegistry:
    """`registry/<experiment>/versions/v<n>.json` beside the store's published folders, and `aliases.json`."""

    def __init__(self, store: ArtifactStore, experiment: str) -> None:
        self.store, self.experiment = store, experiment
        self.where = f"the local registry at {store.path('registry', experiment)}"

    def _version_path(self, number: int) -> str:
        return self.store.path("registry", self.experiment, "versions", f"v{number}.json")

    def versions(self) -> list[Version]:
        """Every version, oldest first."""
        paths = self.store.fs.glob(self.store.path("registry", self.experiment, "versions", "v*.json"))
        found = [Version.model_validate_json(self.store.fs.cat_file(path)) for path in paths]
        return sorted(found, key=lambda version: version.version)

    def aliases(self) -> Aliases:
        """The production alias and its history."""
        text = self.store.read_text(self.store.path("registry", self.experiment, ALIASES_FILE))
        return Aliases.model_validate_json(text) if text else Aliases()

    def production(self) -> int | None:
        """The production version's number, or None before the first accepted one."""
        return self.aliases().production

    def add(self, version: Version, files: Path) -> Version:
        """Record `version` under the next free number (the first writer of a number keeps it)."""
        number = max((known.version for known in self.versions()), default=0) + 1
        while True:
            numbered = version.model_copy(update={"version": number})
            if self.store.create_text(self._version_path(number), numbered.model_dump_json(indent=2)):
                return numbered
            number += 1

    def set_production(self, number: int) -> None:
        """Point the production alias at version `number`."""
        moved = self.aliases().moved_to(number)
        self.store.replace_text(self.store.path("registry", self.experiment, ALIASES_FILE), moved.model_dump_json())

    def files(self, number: int) -> Path:
        """A local folder with the version's files (adapter, card, framing)."""
        folder = version_of(self, number).folder
        assert folder is not None  # every local version records its folder
        return self.store.local_folder(folder)

    def url(self, version: Version) -> str:
        """Where the version's files are."""
        assert version.folder is not None
        return Path(version.folder.uri).as_uri() if self.store.is_local else version.folder.uri


class RegistryState(BaseModel):
    """What a run of a preset takes from its registry before it trains: the fixed held-out set, and where the
    versions stand (what the run adds is judged against them)."""

    held_out: ArtifactRef | None = None
    production: int | None = None
    newest: int = 0  # the newest version's number: what a run adds comes after it


def registry_state(registry: Registry, store: ArtifactStore) -> RegistryState:
    """The preset's fixed held-out set: the eval rows of its first version that recorded them (None before the
    first publish); its production version and its newest."""
    versions = registry.versions()
    first = next((version for version in versions if version.held_out is not None), None)
    held_out = first.held_out if first is not None else None
    if first is not None and held_out is not None and store.find("table", held_out.name, held_out.id) is None:
        raise RegistryError(
            f"{registry.where}: {first.tag} was evaluated on the held-out rows {held_out.id}, which are not in the "
            f"store {store.root}. Every version of a preset is judged on those rows: run with the store that "
            f"published {first.tag} (--store or TOURISM_GRPO_HOME)."
        )
    newest = max((version.version for version in versions), default=0)
    return RegistryState(held_out=held_out, production=registry.production(), newest=newest)


def champion_for(registry: Registry, adapter: str) -> Champion | None:
    """The version an adapter is judged against: production, never itself; for an adapter already published (a
    rerun), the one it was judged against then, so that the rerun finds its evaluation and its version again."""
    earlier = next((version for version in registry.versions() if version.adapter == adapter), None)
    number = earlier.judged_against if earlier is not None else registry.production()
    if number is None:
        return None
    version = version_of(registry, number)
    return Champion(
        version=number,
        adapter=version.adapter,
        base=version.base,
        files=str(registry.files(number)),
        answers=version.evaluation,
        settings=version.eval_settings,
    )


def promotes_on_publish(aliases: Aliases, version: Version) -> bool:
    """Whether publishing `version` makes it production: accepted, judged against the production version as it is
    now (another run may have moved it meanwhile), never production before (a rerun does not undo a rollback), and
    newer than production (a slower concurrent publish does not push a newer version out)."""
    return (
        version.accepted
        and version.judged_against == aliases.production
        and version.version not in aliases.promoted
        and (aliases.production is None or version.version > aliases.production)
    )


def version_of(registry: Registry, number: int) -> Version:
    """Version `number`, or RegistryError listing the ones there are."""
    versions = registry.versions()
    for version in versions:
        if version.version == number:
            return version
    known = ", ".join(version.tag for version in versions) or "none yet"
    raise RegistryError(f"{registry.where} has no version v{number} (versions: {known}).")


def parse_version(text: str) -> int:
    """`v3` or `3` -> 3; RegistryError for anything else."""
    digits = text.removeprefix("v")
    if not digits.isdigit() or int(digits) < 1:
        raise RegistryError(f"{text!r} is not a version: give v1, v2, ... (`tourism-grpo models list` shows them).")
    return int(digits)


def resolve(registry: Registry, name: str) -> Version:
    """The version `name` means: `production` or `v<n>`."""
    if name == PRODUCTION:
        number = registry.production()
        if number is None:
            raise RegistryError(f"{registry.where} has no production version yet: no version has passed the gate.")
        return version_of(registry, number)
    return version_of(registry, parse_version(name))


def promote(registry: Registry, number: int, force: bool = False) -> Version:
    """Make version `number` production; a version the gate refused only with `force`."""
    version = version_of(registry, number)
    if not version.accepted and not force:
        raise RegistryError(
            f"{version.tag} of {version.experiment} was refused by the gate ({'; '.join(version.reasons)}); "
            "promote it anyway with --force."
        )
    registry.set_production(number)
    return version


def rollback(registry: Registry, number: int | None = None) -> Version:
    """Make production the given version, or the newest accepted one older than the current production."""
    if number is not None:
        return promote(registry, number)
    current = registry.production()
    if current is None:
        raise RegistryError(f"{registry.where} has no production version to roll back from.")
    older = [v for v in registry.versions() if v.accepted and v.version < current]
    if not older:
        raise RegistryError(f"{registry.where}: no accepted version older than v{current} to roll back to.")
    return promote(registry, older[-1].version)


def version_table(versions: list[Version], production: int | None) -> str:
    """Versions as a markdown table, production marked (`models list`, the registry artifact, the model card)."""
    lines = ["| version | created | adapter | gate | primary metric |", "|---|---|---|---|---|"]
    for version in versions:
        marker = f"**{version.tag}** (production)" if version.version == production else version.tag
        gate = "passed" if version.accepted else "refused: " + "; ".join(version.reasons)
        lines.append(f"| {marker} | {version.created_at} | `{version.adapter}` | {gate} | {version.summary} |")
    return "\n".join(lines)
