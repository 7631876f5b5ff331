"""A fake Hugging Face Hub on 127.0.0.1 (just what create_repo and upload_folder call) and evaluation reports."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tourism_grpo.evaluation.report import METRICS, EvalReport, MetricRow
from tourism_grpo.storage import ArtifactRef

# (method, path pattern) -> route; the client's endpoints with HF_HUB_DISABLE_XET=1 (plain LFS batch API)
ROUTES = [
    ("POST", re.compile(r"/api/repos/create"), "create"),
    ("POST", re.compile(r"/api/validate-yaml"), "validate-yaml"),
    ("GET", re.compile(r"/api/models/(?P<repo>[^/]+/[^/]+)(/revision/.*)?"), "repo-info"),
    ("POST", re.compile(r"/api/models/(?P<repo>[^/]+/[^/]+)/preupload/[^/]+"), "preupload"),
    ("POST", re.compile(r"/(?P<repo>[^/]+/[^/]+)\.git/info/lfs/objects/batch"), "lfs-batch"),
    ("PUT", re.compile(r"/lfs-upload/(?P<oid>[0-9a-f]{64})"), "lfs-upload"),
    ("POST", re.compile(r"/api/models/(?P<repo>[^/]+/[^/]+)/commit/[^/]+"), "commit"),
]


@dataclass
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    route: str
    headers: dict[str, str]
    body: bytes


@dataclass
class FakeHub:
    """Repos, LFS objects and the requests that made them; `fail(route, status)` answers a route's next call so."""

    token: str
    repos: dict[str, dict[str, bytes]] = field(default_factory=dict)
    private: dict[str, bool] = field(default_factory=dict)
    lfs: dict[str, bytes] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    faults: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (_Handler,), {"hub": self}))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

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

    def fail(self, route: str, *statuses: int) -> None:
        """Answer the next calls of `route` with these statuses, in order."""
        self.faults.setdefault(route, []).extend(statuses)

    def routes(self) -> list[str]:
        """The routes called so far, in order."""
        return [request.route for request in self.seen]

    def respond(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        """Status and JSON body for one request (called by the handler thread)."""
        route, match = "unknown", None
        for route_method, pattern, name in ROUTES:
            match = pattern.fullmatch(path)
            if route_method == method and match:
                route = name
                break
        with self._lock:
            self.seen.append(Seen(method, path, route, headers, body))
            if self.faults.get(route):
                status = self.faults[route].pop(0)
                return status, {"error": f"injected {status}"}
            # LFS PUTs go to a pre-signed storage URL: the client sends no token there
            if route != "lfs-upload" and headers.get("authorization") != f"Bearer {self.token}":
                return 401, {"error": "Invalid credentials in Authorization header"}
            handler = getattr(self, "_" + route.replace("-", "_"), None)
            if handler is None or match is None:
                return 404, {"error": f"no route for {method} {path}"}
            return handler(body, **match.groupdict())

    def _create(self, body: bytes) -> tuple[int, dict[str, Any]]:
        payload = json.loads(body)
        repo = f"{payload['organization']}/{payload['name']}"
        if repo in self.repos:
            return 409, {"error": "You already created this model repo", "url": f"{self.url}/{repo}"}
        self.repos[repo] = {}
        self.private[repo] = payload.get("visibility") == "private"
        return 200, {"url": f"{self.url}/{repo}", "name": repo, "id": hashlib.sha1(repo.encode()).hexdigest()}

    def _validate_yaml(self, body: bytes) -> tuple[int, dict[str, Any]]:
        return 200, {"errors": [], "warnings": []}

    def _repo_info(self, body: bytes, repo: str) -> tuple[int, dict[str, Any]]:
        if repo not in self.repos:
            return 404, {"error": "Repository not found"}
        return 200, {"id": repo, "sha": "0" * 40, "private": self.private[repo], "siblings": []}

    def _preupload(self, body: bytes, repo: str) -> tuple[int, dict[str, Any]]:
        files = json.loads(body)["files"]
        modes = ["lfs" if f["path"].endswith(".safetensors") else "regular" for f in files]
        return 200, {
            "files": [
                {"path": f["path"], "uploadMode": mode, "shouldIgnore": False}
                for f, mode in zip(files, modes, strict=True)
            ]
        }

    def _lfs_batch(self, body: bytes, repo: str) -> tuple[int, dict[str, Any]]:
        objects = []
        for obj in json.loads(body)["objects"]:
            entry = {"oid": obj["oid"], "size": obj["size"]}
            if obj["oid"] not in self.lfs:  # stored objects need no upload: the client skips them
                entry["actions"] = {"upload": {"href": f"{self.url}/lfs-upload/{obj['oid']}"}}
            objects.append(entry)
        return 200, {"transfer": "basic", "objects": objects}

    def _lfs_upload(self, body: bytes, oid: str) -> tuple[int, dict[str, Any]]:
        if hashlib.sha256(body).hexdigest() != oid:
            return 400, {"error": "content does not match its oid"}
        self.lfs[oid] = body
        return 200, {}

    def _commit(self, body: bytes, repo: str) -> tuple[int, dict[str, Any]]:
        files = {}
        for line in body.splitlines():
            item = json.loads(line)
            value = item["value"]
            if item["key"] == "file":
                files[value["path"]] = base64.b64decode(value["content"])
            elif item["key"] == "lfsFile":
                if value["oid"] not in self.lfs:
                    return 422, {"error": f"LFS object {value['oid']} was never uploaded"}
                files[value["path"]] = self.lfs[value["oid"]]
        self.repos[repo].update(files)
        oid = hashlib.sha1(body).hexdigest()
        return 200, {"commitUrl": f"{self.url}/{repo}/commit/{oid}", "commitOid": oid}


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
        status, payload = self.hub.respond(self.command, self.path.split("?")[0], headers, self._body())
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = _handle


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


def report(per_row: ArtifactRef, adapter_id: str, **changes: tuple[float, float, float, float]) -> EvalReport:
    """An evaluation report over 100 questions with these metric changes."""
    return EvalReport(rows=metric_rows(**changes), examples=100, per_row=per_row, adapter_id=adapter_id)


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
