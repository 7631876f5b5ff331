"""Talking to the Hugging Face Hub: where it is, and its failures turned into ones that say what to do."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

# besides 5xx: request timeout and rate limit pass with time; 412: a commit raced another one onto its branch
TRANSIENT_STATUS = (408, 412, 429)


class PublishError(RuntimeError):
    """A publish that cannot succeed as configured; retrying does not help."""


class PublishAuthError(PublishError):
    """The Hub refused the token (401/403), or there is no token."""


class PublishTransientError(RuntimeError):
    """A failure that may pass (5xx, 408/429, timeouts, dropped connections): worth a retry."""


def hub_endpoint() -> str:
    """The Hub to talk to: `HF_ENDPOINT` as set now (huggingface_hub reads it once, at import), else huggingface.co."""
    from huggingface_hub import constants

    return (os.environ.get("HF_ENDPOINT") or constants.ENDPOINT).rstrip("/")


def _summary(error: BaseException) -> str:
    return re.sub(r"\s+", " ", str(error)).strip()[:400]


def classify(error: BaseException, repo_id: str, endpoint: str) -> Exception | None:
    """The error to raise instead of a huggingface_hub/HTTP one, or None for one this does not know.

    The replacements carry only text: huggingface_hub's HTTP errors keep the request, whose headers hold the token,
    and pickle it along, so one persisted as a failed task's result would write the token to the result store.
    """
    import httpx2
    from huggingface_hub.errors import HfHubHTTPError, LocalEntryNotFoundError, OfflineModeIsEnabled

    if isinstance(error, OfflineModeIsEnabled):
        return PublishError(
            f"Cannot publish to {endpoint}: HF_HUB_OFFLINE is set, and huggingface_hub then refuses every request. "
            "Unset it for the publishing run, or publish to the local registry (--set publish.target=local)."
        )
    if isinstance(error, HfHubHTTPError) and error.response is not None:
        status = error.response.status_code
        if status in (401, 403):
            return PublishAuthError(
                f"The Hub at {endpoint} refused the token for {repo_id} ({status}). Check that it is current and may "
                f"write to '{repo_id.split('/')[0]}' (a fine-grained token needs write access to that namespace), and "
                "that the Prefect Secret block named by publish.token_secret (or HF_TOKEN) holds it. Not retried: "
                "the same token fails the same way."
            )
        if status in TRANSIENT_STATUS or status >= 500:
            return PublishTransientError(
                f"The Hub at {endpoint} answered {status} while publishing {repo_id}: {_summary(error)}"
            )
        return PublishError(f"The Hub at {endpoint} answered {status} while publishing {repo_id}: {_summary(error)}")
    if isinstance(error, LocalEntryNotFoundError):  # a download that failed (network, 5xx) with nothing cached
        return PublishTransientError(f"Could not read {repo_id} from the Hub at {endpoint}: {_summary(error)}")
    if isinstance(error, httpx2.TransportError):
        return PublishTransientError(
            f"Could not talk to the Hub at {endpoint} while publishing {repo_id}: {type(error).__name__}: "
            f"{_summary(error)}"
        )
    return None


@contextmanager
def hub_errors(repo_id: str, endpoint: str) -> Iterator[None]:
    """Turn the huggingface_hub/HTTP failures of the calls inside into the Publish* errors (others pass as they are)."""
    try:
        yield
    except Exception as error:
        replacement = classify(error, repo_id, endpoint)
        if replacement is None:
            raise
        raise replacement from None
