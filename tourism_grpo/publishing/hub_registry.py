"""A preset's versions in a Hugging Face Hub model repo: a tag per version, `main` = production.

Each version is one commit on the `versions` branch holding exactly its files and a `version.json`, tagged `v<n>`.
`main` holds the production version's files and `aliases.json` (production and every version it has named):
promoting or rolling back commits that version's tree onto `main`, so `from_pretrained(repo)` loads production and
`revision="v2"` any version. A refused version never reaches `main`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tourism_grpo.publishing.registry import ALIASES_FILE, MERGED, VERSION_FILE, Aliases, RegistryError, Version
from tourism_grpo.publishing.upload import PublishTransientError, hub_endpoint, hub_errors

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

    def _download(self, revision: str, ignore: list[str] | None = None) -> Path:
        from huggingface_hub import snapshot_download

        with hub_errors(self.repo_id, self.endpoint):
            return Path(
                snapshot_download(
                    self.repo_id, revision=revision, endpoint=self.endpoint, token=self.token, ignore_patterns=ignore
                )
            )

    def _file(self, name: str, revision: str) -> str | None:
        """A small file's text at a revision, or None where the repo, revision or file is not there (a network failure
        is not that: it comes out as PublishTransientError)."""
        from huggingface_hub import hf_hub_download
        from huggingface_hub.errors import RemoteEntryNotFoundError, RepositoryNotFoundError, RevisionNotFoundError

        with hub_errors(self.repo_id, self.endpoint):
            try:
                path = hf_hub_download(self.repo_id, name, revision=revision, endpoint=self.endpoint, token=self.token)
            except (RemoteEntryNotFoundError, RevisionNotFoundError, RepositoryNotFoundError):
                return None
        return Path(path).read_text(encoding="utf-8")

    def _refs(self) -> tuple[dict[int, str], dict[str, str]]:
        """Version number -> tagged commit, and branch -> head commit (empty for a repo not created yet)."""
        from huggingface_hub.errors import RepositoryNotFoundError

        with hub_errors(self.repo_id, self.endpoint):
            try:
                refs = self.api.list_repo_refs(self.repo_id)
            except RepositoryNotFoundError:
                return {}, {}
        tags = {int(m.group(1)): tag.target_commit for tag in refs.tags if (m := _TAG.fullmatch(tag.name))}
        return tags, {branch.name: branch.target_commit for branch in refs.branches}

    def versions(self) -> list[Version]:
        """Every tagged version, oldest first."""
        found = []
        for _, commit in sorted(self._refs()[0].items()):
            # read at the tagged commit: a commit id is never stale in huggingface_hub's cache, a tag name may be
            text = self._file(VERSION_FILE, commit)
            if text is not None:
                found.append(Version.model_validate_json(text).model_copy(update={"commit": commit}))
        return found

    def aliases(self) -> Aliases:
        """The production alias and its history, as `main`'s head commit holds them."""
        head = self._refs()[1].get(PRODUCTION_BRANCH)
        text = self._file(ALIASES_FILE, head) if head else None
        return Aliases.model_validate_json(text) if text else Aliases()

    def production(self) -> int | None:
        """The version on `main`, or None before the first promotion."""
        return self.aliases().production

    def _replace_tree(self, branch: str, files: Path, records: dict[str, str], message: str) -> Any:
        """One commit making `branch` hold exactly `files` and `records`, on top of the head it read: a concurrent
        commit in between makes the Hub refuse this one (412) instead of mixing two trees."""
        from huggingface_hub import CommitOperationAdd, CommitOperationDelete

        added = {
            path.relative_to(files).as_posix(): path
            for path in sorted(files.rglob("*"))
            if path.is_file() and path.name not in records and ".cache" not in path.relative_to(files).parts
        }
        operations: list[Any] = [CommitOperationAdd(name, str(path)) for name, path in added.items()]
        operations += [CommitOperationAdd(name, text.encode("utf-8")) for name, text in records.items()]
        head = self._refs()[1][branch]
        present = self.api.list_repo_files(self.repo_id, revision=head)
        stale = [name for name in present if name not in added and name not in records and name != ".gitattributes"]
        operations += [CommitOperationDelete(name) for name in stale]
        return self.api.create_commit(
            self.repo_id, operations, commit_message=message, revision=branch, parent_commit=head
        )

    def _record(self, version: Version) -> str:
        # the store path of the version's folder means nothing on the Hub
        return version.model_dump_json(indent=2, exclude={"commit", "folder"})

    def add(self, version: Version, files: Path) -> Version:
        """Commit the version onto the `versions` branch and tag it with the next free number."""
        from huggingface_hub.errors import HfHubHTTPError

        with hub_errors(self.repo_id, self.endpoint):
            self.api.create_repo(self.repo_id, repo_type="model", private=self.private, exist_ok=True)
            self.api.create_branch(self.repo_id, branch=VERSIONS_BRANCH, exist_ok=True)
            number = max(self._refs()[0], default=0) + 1
            numbered = version.model_copy(update={"version": number})
            message = f"{numbered.tag}: {version.experiment} ({version.adapter})"
            commit = self._replace_tree(VERSIONS_BRANCH, files, {VERSION_FILE: self._record(numbered)}, message)
            try:
                self.api.create_tag(self.repo_id, tag=numbered.tag, revision=commit.oid, tag_message=message)
            except HfHubHTTPError as error:
                if error.response is None or error.response.status_code != 409:
                    raise
                # a retry lists the tags again and takes the next number; this commit stays untagged, unlisted
                raise PublishTransientError(
                    f"Another publish tagged {numbered.tag} of {self.repo_id} at the same time."
                ) from None
        self._added[number] = files
        return numbered.model_copy(update={"commit": commit.oid})

    def set_production(self, number: int) -> None:
        """Commit version `number`'s tree onto `main`, with the aliases moved to it."""
        tags = self._refs()[0]
        text = self._file(VERSION_FILE, tags[number]) if number in tags else None
        if text is None:
            raise RegistryError(f"{self.where} has no version v{number}.")
        version = Version.model_validate_json(text)
        folder = self._added.get(number) or self._download(tags[number])
        records = {VERSION_FILE: self._record(version), ALIASES_FILE: self.aliases().moved_to(number).model_dump_json()}
        with hub_errors(self.repo_id, self.endpoint):
            self._replace_tree(PRODUCTION_BRANCH, folder, records, f"Production: v{number} ({version.adapter})")

    def files(self, number: int) -> Path:
        """A local snapshot of version `number`'s adapter, card and framing: what generate and a champion's answers
        load. A merged copy of the model is left on the Hub (a merged 8B is 16 GB)."""
        return self._download(f"v{number}", ignore=[f"{MERGED}/*"])

    def url(self, version: Version) -> str:
        """The version's page on the Hub."""
        return f"{self.endpoint}/{self.repo_id}/tree/{version.tag}"
