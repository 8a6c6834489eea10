"""The SDK's own workings, behind its public modules (``api_client``, ``rest``, ``configuration``,
``exceptions``, ``api_response``, ``models``, ``api``, ``zuora_client``): nothing here is a
public name, and nothing here imports those modules' callers (see docs/architecture.md)."""
