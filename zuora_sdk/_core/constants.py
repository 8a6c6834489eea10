"""Every default the SDK uses, in one place, so each can be read and changed once."""

from __future__ import annotations

DEFAULT_HOST = "https://rest.zuora.com"
DEFAULT_ZUORA_VERSION = "2024-05-20"
USER_AGENT = "zuora-sdk-jobs-python/0.1.0"

# Timeouts, seconds.
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 60.0
UPLOAD_READ_TIMEOUT = 300.0  # the server answers an upload only after taking the whole file
# Each attempt may spend this many read timeouts on the network in all (Configuration.attempt_timeout),
# plus a second for each SLOWEST_TRANSFER_BYTES it sends or receives: a trickle is cut, a big transfer is not.
ATTEMPT_READ_TIMEOUTS = 3
SLOWEST_TRANSFER_BYTES = 64 * 1024

# Answers, once decompressed. The errors of a job with a million failed rows come to about 150-300 MB
# (150 to 300 bytes per row error: code, message, row and the record echoed back; a job file of at
# most 15 MB leaves a million rows 15 bytes each), so the ceiling sits well above it.
MAX_RESPONSE_BYTES = 512 * 1024 * 1024
ERROR_BODY_BYTES = 64 * 1024  # the part of an error answer kept for its exception; the rest is not read

# Retries.
MAX_RETRIES = 2
BACKOFF_INITIAL = 0.5
BACKOFF_MAX = 8.0
RETRY_BUDGET = 180.0  # overall seconds a call may spend waiting between attempts
MAX_SERVER_WAIT_HINT = 120.0  # longest Retry-After / RateLimit-Reset we will sleep for

# OAuth tokens are refreshed this many seconds before they expire.
TOKEN_REFRESH_MARGIN = 60.0

# Service limits (API-FACTS.md).
MAX_PAGE_SIZE = 100
MAX_TRACK_ID_LENGTH = 64
MAX_IDEMPOTENCY_KEY_LENGTH = 255
MAX_FILE_BYTES = 15 * 1024 * 1024
MAX_CONCURRENT_JOBS = 5

# Job polling.
POLL_INITIAL = 1.0
POLL_MULTIPLIER = 1.5
POLL_MAX = 20.0
WAIT_TIMEOUT = 15 * 60.0
# The bulk loader reads all its jobs in one request and paces itself by when they should finish,
# so it can afford to look often: a freed job slot is refilled within this much (plus a few %).
LOAD_POLL_SHORTEST = 0.05
LOAD_JOB_TIMEOUT = 60 * 60.0  # the bulk loader waits this long for each of its jobs
RECONCILE_CLOCK_SKEW = 120.0  # seconds of client/server clock difference tolerated when looking for a job

TERMINAL_STATUSES = frozenset({"completed", "failed", "cancelled"})
ACTIVE_STATUSES = frozenset({"accepted", "pending", "in_progress"})
