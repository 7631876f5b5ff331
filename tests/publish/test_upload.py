"""Adding a version to a Hub repo: its errors say what to do and, unlike huggingface_hub's own, carry no token."""

from __future__ import annotations

import pickle
import traceback
from pathlib import Path

import pytest

from tests.publish.fakes import FakeHub
from tests.publish.helpers import TOKEN
from tourism_grpo.publishing.hub_registry import HubRegistry
from tourism_grpo.publishing.registry import Version
from tourism_grpo.publishing.upload import PublishError, PublishTransientError
from tourism_grpo.training.params import BaseModelRef

REPO = "tourism-lab/upload-test"


def _add(tmp_path: Path) -> Version:
    """Add a version holding one small file, as publishing does."""
    (tmp_path / "adapter_config.json").write_text("{}")
    base = BaseModelRef(uri="base", id="base-1")
    version = Version(experiment="demo", publish_id="p-1", adapter="a-1", base=base, accepted=True)
    return HubRegistry(REPO, TOKEN).add(version, tmp_path)


def test_a_transient_error_keeps_the_status_and_drops_the_request_that_holds_the_token(
    tmp_path: Path, hub: FakeHub
) -> None:
    from huggingface_hub import HfApi
    from huggingface_hub.errors import HfHubHTTPError

    hub.fail("create", 503, 503)
    with pytest.raises(HfHubHTTPError) as raw:
        HfApi(endpoint=hub.url, token=TOKEN).create_repo(REPO, exist_ok=True)
    # why the translation matters: huggingface_hub's error pickles its response, request headers and all
    assert TOKEN.encode() in pickle.dumps(raw.value)

    with pytest.raises(PublishTransientError, match=f"answered 503 while publishing {REPO}") as error:
        _add(tmp_path)
    assert TOKEN.encode() not in pickle.dumps(error.value)
    assert error.value.__cause__ is None and error.value.__suppress_context__
    assert TOKEN not in "".join(traceback.format_exception(error.value))


def test_offline_mode_is_a_clear_error_and_sends_nothing(
    tmp_path: Path, hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(PublishError, match="HF_HUB_OFFLINE is set"):
        _add(tmp_path)
    assert hub.seen == []


def test_a_hub_that_cannot_be_reached_is_a_transient_error(tmp_path: Path, hub: FakeHub) -> None:
    hub.stop()
    with pytest.raises(PublishTransientError, match=r"Could not talk to the Hub .* ConnectError"):
        _add(tmp_path)
