"""Why the tenant turns a request down. Each refusal carries Zuora's message; the service picks the reply."""

from __future__ import annotations


class Refusal(Exception):
    """The tenant will not do what was asked; its state is unchanged."""


class InvalidRequest(Refusal, ValueError):
    """A job request that breaks the contract (400, SUBMIT_INVALID)."""


class FileRefused(Refusal):
    """A file upload or cancel the job's state does not allow (400, FILE_INVALID)."""


class UnknownJob(Refusal, LookupError):
    """No job has the given id (404)."""


class JobLimitReached(Refusal):
    """Too many jobs accepted, pending or in progress at once (429)."""


class QuotaExhausted(Refusal):
    """The request quota of the current window is used up (429)."""


class NotAuthenticated(Refusal):
    """No valid bearer token (401)."""


class UnsupportedGrant(Refusal):
    """The token request asks for a grant other than client_credentials (400)."""


class InvalidClient(Refusal):
    """The token request's client credentials are wrong (401)."""
