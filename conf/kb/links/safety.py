"""What the external check may ask about: http(s) only and never credentials (lychee would send
them); and which redirects make a link broken: to another scheme, or from https to plain http."""

from __future__ import annotations

from urllib.parse import urlsplit

FOLLOWED_SCHEMES = ("http", "https")


def refusal(url: str) -> str | None:
    """Why ``url`` is not requested, or None when it may be."""
    parts = urlsplit(url)
    if parts.scheme not in FOLLOWED_SCHEMES:
        return f"only http and https URLs are followed, not '{parts.scheme}:'"
    if parts.username is not None or parts.password is not None:
        return (
            "the URL carries credentials (user:password@): remove them from the link; "
            "the check never sends credentials"
        )
    if not parts.hostname:
        return "the URL names no host"
    return None


def redirect_refusal(origin: str, target: str) -> str | None:
    """Why a redirect from ``origin`` to ``target`` makes the link broken, or None."""
    reason = refusal(target)
    if reason:
        return f"redirect to {target} not followed: {reason}"
    if urlsplit(origin).scheme == "https" and urlsplit(target).scheme == "http":
        return f"redirect from https to plain http ({target}): link to an https address"
    return None
