"""A preset's versions in a Hugging Face Hub model repo: a tag per version, `main` = production.

Each version is one commit on the `versions` branch holding exactly its files and a `version.json`, tagged `v<n>`.
`main` holds the production version's files: promoting or rolling back commits that version's tree onto `main`,
so `from_pretrained(repo)` loads production and `revision="v2"` any version; `main`'s history is the record of
every promotion. A refused version never reaches `main`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tourism_grpo.publishing.registry import VERSION_FILE, RegistryError, Version
from tourism_grpo.publishing.upload import hub_endpoint, hub_errors

VERSIONS_BRANCH = "versions"
PRODUCTION_BRANCH = "main"
_TAG = re.compile(r"v(\d+)")


class HubRegistry:
    """The `Registry` of a Hub repo; Hub failures come out as the Publish* errors of publishing/upload.py."""

    def __init__(self, repo_id: str, token: str | None, private: bool = True) -> None:
        from huggingface_hub import HfApi

        self.repo_id, self.token, self.private = repo_id, token, private
        self.endpoint = hub_endpoint()
        self.api = HfApi(endpoint=self.endpoint, token=token)
        self.where = f"the Hub repo {repo_id} at {self.endpoint}"
        # files of versions added by this object: promoting one just added needs no download
        self._added: dict[int, Path] = {}

    def _download(self, revision: str) -> Path:
        from huggingface_hub import snapshot_download

        with hub_errors(self.repo_id, self.endpoint):
            return Path(snapshot_download(self.repo_id, revision=revision, endpoint=self.endpoint, token=self.token))

    def _version_file(self, revision: str) -> Version | None:
        from huggingface_hub import hf_hub_download
        from huggingface_hub.errors import EntryNotFoundError, RepositoryNotFoundError, RevisionNotFoundError

        with hub_errors(self.repo_id, self.endpoint):
            try:
                path = hf_hub_download(
                    self.repo_id, VERSION_FILE, revision=revision, endpoint=self.endpoint, token=self.token
                )
            except (EntryNotFoundError, RevisionNotFoundError, RepositoryNotFoundError):
                return None
        return Version.model_validate_json(Path(path).read_text(encoding="utf-8"))

    def _tags(self) -> dict[int, str]:
        from huggingface_hub.errors import RepositoryNotFoundError

        with hub_errors(self.repo_id, self.endpoint):
            try:
                refs = self.api.list_repo_refs(self.repo_id)
            except RepositoryNotFoundError:
                return {}
        return {int(m.group(1)): tag.target_commit for tag in refs.tags if (m := _TAG.fullmatch(tag.name))}

    def versions(self) -> list[Version]:
        """Every tagged version, oldest first."""
        found = []
        for number, commit in sorted(self._tags().items()):
            version = self._version_file(f"v{number}")
            if version is not None:
                found.append(version.model_copy(update={"commit": commit}))
        return found

    def production(self) -> int | None:
        """The version on `main`, or None before the first promotion."""
        version = self._version_file(PRODUCTION_BRANCH)
        return version.version if version else None

    def _replace_tree(self, branch: str, files: Path, version: Version, message: str) -> Any:
        """One commit making `branch` hold exactly `files` and the version's record."""
        from huggingface_hub import CommitOperationAdd, CommitOperationDelete

        added = {
            path.relative_to(files).as_posix(): path
            for path in sorted(files.rglob("*"))
            if path.is_file() and path.name != VERSION_FILE and ".cache" not in path.relative_to(files).parts
        }
        record = version.model_dump_json(indent=2, exclude={"commit"}).encode("utf-8")
        operations: list[Any] = [CommitOperationAdd(name, str(path)) for name, path in added.items()]
        operations.append(CommitOperationAdd(VERSION_FILE, record))
        present = self.api.list_repo_files(self.repo_id, revision=branch)
        stale = [name for name in present if name not in added and name not in (VERSION_FILE, ".gitattributes")]
        operations += [CommitOperationDelete(name) for name in stale]
        return self.api.create_commit(self.repo_id, operations, commit_message=message, revision=branch)

    def add(self, version: Version, files: Path) -> Version:
        """Commit the version onto the `versions` branch and tag it with the next free number."""
        from huggingface_hub.errors import HfHubHTTPError

        with hub_errors(self.repo_id, self.endpoint):
            self.api.create_repo(self.repo_id, repo_type="model", private=self.private, exist_ok=True)
            self.api.create_branch(self.repo_id, branch=VERSIONS_BRANCH, exist_ok=True)
            number = max(self._tags(), default=0) + 1
            numbered = version.model_copy(update={"version": number})
            message = f"{numbered.tag}: {version.experiment} ({version.adapter})"
            commit = self._replace_tree(VERSIONS_BRANCH, files, numbered, message)
            try:
                self.api.create_tag(self.repo_id, tag=numbered.tag, revision=commit.oid, tag_message=message)
            except HfHubHTTPError as error:
                if error.response is None or error.response.status_code != 409:
                    raise
                raise RegistryError(
                    f"Another publish tagged {numbered.tag} of {self.repo_id} at the same time; rerun this one and it "
                    "takes the next number."
                ) from None
        self._added[number] = files
        return numbered.model_copy(update={"commit": commit.oid})

    def set_production(self, number: int) -> None:
        """Commit version `number`'s tree onto `main`."""
        version = self._version_file(f"v{number}")
        if version is None:
            raise RegistryError(f"{self.where} has no version v{number}.")
        folder = self._added.get(number) or self._download(f"v{number}")
        with hub_errors(self.repo_id, self.endpoint):
            self._replace_tree(PRODUCTION_BRANCH, folder, version, f"Production: v{number} ({version.adapter})")

    def files(self, number: int) -> Path:
        """A local snapshot of version `number`."""
        return self._download(f"v{number}")

    def url(self, version: Version) -> str:
        """The version's page on the Hub."""
        return f"{self.endpoint}/{self.repo_id}/tree/{version.tag}"
