"""Fetching an http(s) URL, with a timeout and a size cap."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request

from newsroom.errors import UserError

MAX_BYTES = 20 * 1024 * 1024
USER_AGENT = "wiredesk/0.1"


def fetch_url(url: str, timeout: float = 20.0) -> bytes:
    """GET ``url`` and return its body; raise UserError naming the URL and the reason."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        reason = f"HTTP {exc.code} {exc.reason}"
    except urllib.error.URLError as exc:
        reason = _describe(exc.reason, timeout)
    except (OSError, ValueError, http.client.HTTPException) as exc:
        reason = _describe(exc, timeout)
    else:
        if len(body) <= MAX_BYTES:
            return body
        reason = f"larger than {MAX_BYTES // 2**20} MB"
    raise UserError(f"Could not fetch {url}: {reason}")


def _describe(problem: object, timeout: float) -> str:
    if isinstance(problem, TimeoutError):
        return f"no answer within {timeout:g} s"
    return str(problem) or type(problem).__name__
