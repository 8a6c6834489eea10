"""Zuora error codes the simulator answers with.

Custom Objects codes are 8 digits: a 6-digit resource code and a 2-digit category (20 invalid
value, 21 unknown field, 22 missing required field, 30 rule restriction, 40 not found,
50 contention, 70 limit exceeded). The first three and ROW_INVALID_ID are documented for these
endpoints; the rest follow the same scheme and are the simulator's choice.
"""

SUBMIT_INVALID = 71013020  # 400 on POST /objects/jobs (documented)
FILE_INVALID = 71013620  # 400 on upload and cancel (documented)
NOT_FOUND = 71013040  # 404 for an unknown job (documented)

CONCURRENT_JOB_LIMIT = 71013070  # 429: a 6th job while 5 are accepted, pending or in progress
RATE_LIMIT = 71000070  # 429: the request quota of the window is used up
IDEMPOTENCY_IN_FLIGHT = 71013050  # 409: the first request with this key is still being processed
IDEMPOTENCY_MISMATCH = 71013030  # 422: the key was used for another method or path

# Row errors (GET /objects/jobs/{id}/errors) and the error of a failed job.
ROW_INVALID_VALUE = 71013620
ROW_UNKNOWN_FIELD = 71013621
ROW_MISSING_REQUIRED = 71013622
ROW_NOT_FOUND = 71013640
ROW_INVALID_ID = 71012520  # an update Id that is not a UUID (documented: 'input string "123" is not a valid UUID')
