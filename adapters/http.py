"""Shared HTTP handling for the messaging vendors: timeouts, and which failures are worth retrying."""
from __future__ import annotations

import requests

from core.notify.channels import SendFailed

TIMEOUT = (5, 15)  # connect, read (seconds)


def call(session: requests.Session, vendor: str, method: str, url: str, **kwargs) -> requests.Response:
    """One request; a refusal raises SendFailed (retryable for timeouts, 429 and 5xx)."""
    try:
        response = session.request(method, url, timeout=TIMEOUT, **kwargs)
    except requests.RequestException as error:
        raise SendFailed(f"{vendor} could not be reached: {error.__class__.__name__}", retryable=True) from error
    if response.status_code == 429 or response.status_code >= 500:
        raise SendFailed(f"{vendor} answered {response.status_code}: {_text(response)}", retryable=True)
    if response.status_code >= 400:
        raise SendFailed(f"{vendor} refused the message ({response.status_code}): {_text(response)}")
    return response


def json_body(response: requests.Response, vendor: str) -> dict:
    # Gupshup labels its JSON text/html; parse the body whatever the Content-Type says.
    try:
        return response.json() if response.content else {}
    except ValueError as error:
        raise SendFailed(f"{vendor} answered something that is not JSON: {_text(response)}") from error


def _text(response: requests.Response) -> str:
    return response.text[:200]
