"""A fake Hugging Face Hub on 127.0.0.1 (the endpoints huggingface_hub calls to create a repo, commit to a branch,
tag, list refs and trees, and download) and evaluation reports."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

from tourism_grpo.evaluation.report import METRICS, ChampionComparison, EvalReport, MetricRow
from tourism_grpo.storage import ArtifactRef

REPO = r"(?P<repo>[^/]+/[^/]+)"
# (method, path pattern) -> route; the client's endpoints with HF_HUB_DISABLE_XET=1 (plain LFS batch API)
ROUTES = [
    ("POST", re.compile(r"/api/repos/create"), "create"),
    ("POST", re.compile(r"/api/validate-yaml"), "validate-yaml"),
    ("GET", re.compile(rf"/api/models/{REPO}(/revision/(?P<revision>[^/]+))?"), "repo-info"),
    ("GET", re.compile(rf"/api/models/{REPO}/refs"), "refs"),
    ("GET", re.compile(rf"/api/models/{REPO}/tree/(?P<revision>[^/]+)(/.*)?"), "tree"),
    ("POST", re.compile(rf"/api/models/{REPO}/branch/(?P<branch>[^/]+)"), "branch"),
    ("POST", re.compile(rf"/api/models/{REPO}/tag/(?P<revision>[^/]+)"), "tag"),
    ("POST", re.compile(rf"/api/models/{REPO}/preupload/[^/]+"), "preupload"),
    ("POST", re.compile(rf"/{REPO}\.git/info/lfs/objects/batch"), "lfs-batch"),
    ("PUT", re.compile(r"/lfs-upload/(?P<oid>[0-9a-f]{64})"), "lfs-upload"),
    ("POST", re.compile(rf"/api/models/{REPO}/commit/(?P<revision>[^/]+)"), "commit"),
    ("HEAD", re.compile(rf"/{REPO}/resolve/(?P<revision>[^/]+)/(?P<path>.+)"), "resolve-file"),
    ("GET", re.compile(rf"/{REPO}/resolve/(?P<revision>[^/]+)/(?P<path>.+)"), "resolve-file"),
]
GITATTRIBUTES = b"*.safetensors filter=lfs diff=lfs merge=lfs -text\n"


@dataclass
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    route: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Reply:
    """A status with a JSON body, or with raw bytes and headers (downloads)."""

    status: int
    payload: dict[str, Any] | list[Any] | bytes = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


def _missing(code: str, message: str) -> Reply:
    # huggingface_hub tells a missing repo, revision and file apart by this header
    return Reply(404, {"error": message}, {"X-Error-Code": code})


@dataclass
class FakeHub:
    """Repos as git-like commits, branches and tags, LFS objects, and the requests that made them;
    `fail(route, status)` answers a route's next call so."""

    token: str
    commits: dict[str, dict[str, bytes]] = field(default_factory=dict)
    branches: dict[str, dict[str, str]] = field(default_factory=dict)
    tags: dict[str, dict[str, str]] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)
    private: dict[str, bool] = field(default_factory=dict)
    lfs: dict[str, bytes] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    faults: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (_Handler,), {"hub": self}))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def repos(self) -> dict[str, dict[str, bytes]]:
        """Each repo's files on `main`."""
        return {repo: self.commits[branches["main"]] for repo, branches in self.branches.items()}

    def files(self, repo: str, revision: str) -> dict[str, bytes]:
        """A repo's files at a branch, tag or commit."""
        oid = self._resolve(repo, revision)
        assert oid is not None, f"{repo} has no revision {revision}"
        return self.commits[oid]

    @property
    def url(self) -> str:
        """The endpoint to give the client (HF_ENDPOINT)."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> None:
        """Serve in a background thread."""
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and free the port."""
        self._server.shutdown()
        self._server.server_close()

    def fail(self, route: str, *statuses: int, after: int = 0) -> None:
        """Answer the next calls of `route` with these statuses, in order, once `after` more calls went through."""
        self.faults.setdefault(route, []).extend([0] * after + list(statuses))

    def routes(self) -> list[str]:
        """The routes called so far, in order."""
        return [request.route for request in self.seen]

    def respond(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        """The reply to one request (called by the handler thread)."""
        route, match = "unknown", None
        for route_method, pattern, name in ROUTES:
            match = pattern.fullmatch(path)
            if route_method == method and match:
                route = name
                break
        with self._lock:
            self.seen.append(Seen(method, path, route, headers, body))
            if self.faults.get(route) and (status := self.faults[route].pop(0)):
                return Reply(status, {"error": f"injected {status}"})
            # LFS PUTs go to a pre-signed storage URL: the client sends no token there
            if route != "lfs-upload" and headers.get("authorization") != f"Bearer {self.token}":
                return Reply(401, {"error": "Invalid credentials in Authorization header"})
            handler = getattr(self, "_" + route.replace("-", "_"), None)
            if handler is None or match is None:
                return Reply(404, {"error": f"no route for {method} {path}"})
            arguments = {key: unquote(value) for key, value in match.groupdict().items() if value is not None}
            if "repo" in arguments and route != "lfs-batch" and arguments["repo"] not in self.branches:
                return _missing("RepoNotFound", "Repository not found")
            return handler(body, **arguments)

    def _resolve(self, repo: str, revision: str) -> str | None:
        if revision in self.commits:
            return revision
        return self.branches[repo].get(revision) or self.tags.get(repo, {}).get(revision)

    def _new_commit(self, files: dict[str, bytes], parent: str) -> str:
        oid = hashlib.sha1(
            json.dumps([parent, sorted((k, hashlib.sha256(v).hexdigest()) for k, v in files.items())]).encode()
        ).hexdigest()
        self.commits[oid] = files
        self.parents[oid] = parent
        return oid

    def history(self, repo: str, branch: str) -> list[str]:
        """The commits of a branch, newest first."""
        oids, oid = [], self.branches[repo][branch]
        while oid:
            oids.append(oid)
            oid = self.parents[oid]
        return oids

    def _create(self, body: bytes) -> Reply:
        payload = json.loads(body)
        repo = f"{payload['organization']}/{payload['name']}"
        if repo in self.branches:
            return Reply(409, {"error": "You already created this model repo", "url": f"{self.url}/{repo}"})
        # like the Hub: a new repo's main holds one commit with .gitattributes
        self.branches[repo] = {"main": self._new_commit({".gitattributes": GITATTRIBUTES}, parent="")}
        self.private[repo] = payload.get("visibility") == "private"
        return Reply(200, {"url": f"{self.url}/{repo}", "name": repo, "id": hashlib.sha1(repo.encode()).hexdigest()})

    def _validate_yaml(self, body: bytes) -> Reply:
        return Reply(200, {"errors": [], "warnings": []})

    def _repo_info(self, body: bytes, repo: str, revision: str = "main") -> Reply:
        oid = self._resolve(repo, revision)
        if oid is None:
            return _missing("RevisionNotFound", f"Invalid rev id: {revision}")
        siblings = [{"rfilename": name} for name in sorted(self.commits[oid])]
        return Reply(200, {"id": repo, "sha": oid, "private": self.private[repo], "siblings": siblings})

    def _refs(self, body: bytes, repo: str) -> Reply:
        def refs(kind: str, names: dict[str, str]) -> list[dict[str, str]]:
            return [{"name": n, "ref": f"refs/{kind}/{n}", "targetCommit": oid} for n, oid in names.items()]

        return Reply(
            200,
            {
                "branches": refs("heads", self.branches[repo]),
                "tags": refs("tags", self.tags.get(repo, {})),
                "converts": [],
                "pullRequests": [],
            },
        )

    def _tree(self, body: bytes, repo: str, revision: str) -> Reply:
        oid = self._resolve(repo, revision)
        if oid is None:
            return _missing("RevisionNotFound", f"Invalid rev id: {revision}")
        return Reply(
            200,
            [
                {"type": "file", "path": name, "size": len(data), "oid": hashlib.sha1(data).hexdigest()}
                for name, data in sorted(self.commits[oid].items())
            ],
        )

    def _branch(self, body: bytes, repo: str, branch: str) -> Reply:
        if branch in self.branches[repo]:
            return Reply(409, {"error": f"Branch {branch} already exists"})
        start = json.loads(body or b"{}").get("startingPoint", "main")
        self.branches[repo][branch] = self._resolve(repo, start) or self.branches[repo]["main"]
        return Reply(200, {})

    def _tag(self, body: bytes, repo: str, revision: str) -> Reply:
        tag = json.loads(body)["tag"]
        if tag in self.tags.get(repo, {}):
            return Reply(409, {"error": f"Tag {tag} already exists"})
        oid = self._resolve(repo, revision)
        if oid is None:
            return _missing("RevisionNotFound", f"Invalid rev id: {revision}")
        self.tags.setdefault(repo, {})[tag] = oid
        return Reply(200, {})

    def _preupload(self, body: bytes, repo: str) -> Reply:
        files = json.loads(body)["files"]
        modes = ["lfs" if f["path"].endswith(".safetensors") else "regular" for f in files]
        return Reply(
            200,
            {
                "files": [
                    {"path": f["path"], "uploadMode": mode, "shouldIgnore": False}
                    for f, mode in zip(files, modes, strict=True)
                ]
            },
        )

    def _lfs_batch(self, body: bytes, repo: str) -> Reply:
        objects = []
        for obj in json.loads(body)["objects"]:
            entry = {"oid": obj["oid"], "size": obj["size"]}
            if obj["oid"] not in self.lfs:  # stored objects need no upload: the client skips them
                entry["actions"] = {"upload": {"href": f"{self.url}/lfs-upload/{obj['oid']}"}}
            objects.append(entry)
        return Reply(200, {"transfer": "basic", "objects": objects})

    def _lfs_upload(self, body: bytes, oid: str) -> Reply:
        if hashlib.sha256(body).hexdigest() != oid:
            return Reply(400, {"error": "content does not match its oid"})
        self.lfs[oid] = body
        return Reply(200, {})

    def _commit(self, body: bytes, repo: str, revision: str) -> Reply:
        if revision not in self.branches[repo]:
            return _missing("RevisionNotFound", f"Invalid rev id: {revision}")
        parent = self.branches[repo][revision]
        files = dict(self.commits[parent])
        for line in body.splitlines():
            item = json.loads(line)
            value = item["value"]
            # like the Hub: a commit made on top of another head than the branch's now is refused
            if item["key"] == "header" and value.get("parentCommit") not in (None, parent):
                return Reply(412, {"error": "A commit has happened since. Please refresh and try again."})
            if item["key"] == "deletedFile" and value["path"] not in files:
                return Reply(404, {"error": f"A file with this name doesn't exist: {value['path']}"})
            if item["key"] == "file":
                files[value["path"]] = base64.b64decode(value["content"])
            elif item["key"] == "lfsFile":
                if value["oid"] not in self.lfs:
                    return Reply(422, {"error": f"LFS object {value['oid']} was never uploaded"})
                files[value["path"]] = self.lfs[value["oid"]]
            elif item["key"] == "deletedFile":
                files.pop(value["path"], None)
        oid = self._new_commit(files, parent)
        self.branches[repo][revision] = oid
        return Reply(200, {"commitUrl": f"{self.url}/{repo}/commit/{oid}", "commitOid": oid})

    def _resolve_file(self, body: bytes, repo: str, revision: str, path: str) -> Reply:
        oid = self._resolve(repo, revision)
        if oid is None:
            return _missing("RevisionNotFound", f"Invalid rev id: {revision}")
        if path not in self.commits[oid]:
            return _missing("EntryNotFound", f"{path} does not exist at {revision}")
        data = self.commits[oid][path]
        return Reply(200, data, {"X-Repo-Commit": oid, "ETag": f'"{hashlib.sha256(data).hexdigest()}"'})


class _Handler(BaseHTTPRequestHandler):
    hub: FakeHub

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean

    def _body(self) -> bytes:
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0].strip(), 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            self.rfile.readline()
            return b"".join(chunks)
        return self.rfile.read(int(self.headers.get("content-length") or 0))

    def _handle(self) -> None:
        headers = {key.lower(): value for key, value in self.headers.items()}
        reply = self.hub.respond(self.command, self.path.split("?")[0], headers, self._body())
        raw = reply.payload if isinstance(reply.payload, bytes) else json.dumps(reply.payload).encode()
        self.send_response(reply.status)
        self.send_header(
            "Content-Type", "application/octet-stream" if isinstance(reply.payload, bytes) else "application/json"
        )
        self.send_header("Content-Length", str(len(raw)))
        for key, value in reply.headers.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(raw)

    do_GET = do_POST = do_PUT = do_HEAD = _handle


def metric_rows(**changes: tuple[float, float, float, float]) -> list[MetricRow]:
    """Rows of every metric: (base, tuned, ci_low, ci_high) where given, else an unchanged metric."""
    rows = []
    for metric, higher_is_better in METRICS.items():
        base, tuned, low, high = changes.get(metric, (0.5, 0.5, -0.01, 0.01))
        rows.append(
            MetricRow(
                metric=metric,
                base=base,
                tuned=tuned,
                diff=tuned - base,
                ci_low=low,
                ci_high=high,
                higher_is_better=higher_is_better,
            )
        )
    return rows


def report(
    per_row: ArtifactRef, adapter_id: str, champion: int | None = None, **changes: tuple[float, float, float, float]
) -> EvalReport:
    """An evaluation report over 100 questions with these metric changes, against the base and, where `champion`
    names the production version, against it by the same changes."""
    compared = ChampionComparison(version=champion, rows=metric_rows(**changes)) if champion is not None else None
    return EvalReport(
        rows=metric_rows(**changes), examples=100, per_row=per_row, adapter_id=adapter_id, champion=compared
    )


# a real gain on the primary metric, nothing degenerated
HEALTHY = {
    "tfidf_similarity": (0.20, 0.26, 0.03, 0.09),
    "repeated_ngram_share": (0.05, 0.06, -0.01, 0.03),
    "eos_rate": (0.95, 0.94, -0.04, 0.02),
    "distinct_2": (0.80, 0.79, -0.03, 0.01),
}
# the same kind of gain bought with keyword stuffing: repetition up, answers that stop ending
HACKED = {
    "tfidf_similarity": (0.20, 0.31, 0.07, 0.15),
    "repeated_ngram_share": (0.05, 0.34, 0.24, 0.34),
    "eos_rate": (0.95, 0.41, -0.63, -0.45),
    "distinct_2": (0.80, 0.77, -0.06, 0.00),
}
