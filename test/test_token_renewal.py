"""When an OAuth token is renewed, and what the client says about it.

Renewal is timed on the client's clock (``Configuration.clock``), which these tests move by hand;
the simulator's tokens live long enough that it never refuses one, so every renewal counted here
is the client's own decision. All in process: no socket, no real waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from support import make_config

import zuora_sdk
from zuora_sdk.testing import ZuoraSimulator
from zuora_sdk.zuora_client import ZuoraClient


class Clock:
    """The client's clock: seconds that move only when a test says so."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def token_requests(sim: ZuoraSimulator) -> int:
    """Requests that reached the token endpoint, injected answers included."""
    return sum(entry.route == "token" for entry in sim.request_log)


def oauth_config(
    sim: ZuoraSimulator, clock: Callable[[], float] = time.monotonic, **kwargs: Any
) -> zuora_sdk.Configuration:
    return make_config(sim, access_token=None, client_id=sim.client_id, client_secret=sim.client_secret,
                       clock=clock, **kwargs)


def zuora_client(sim: ZuoraSimulator, config: zuora_sdk.Configuration | None = None) -> ZuoraClient:
    config = config if config is not None else oauth_config(sim)
    return ZuoraClient(sim.client_id, sim.client_secret, None, config)


@pytest.mark.parametrize(
    ("ttl", "renewed_after"),
    [(3600, 3540.0), (101, 50.5)],  # a minute before expiry; half-way through a life too short for that
    ids=["a-minute-before", "half-way"],
)
def test_a_token_is_renewed_a_minute_before_it_expires_or_half_way_through_a_short_life(
    ttl: int, renewed_after: float
) -> None:
    sim, clock = ZuoraSimulator(token_ttl=ttl), Clock(1000.0)
    with zuora_sdk.ApiClient(oauth_config(sim, clock)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        api.get_all_custom_object_bulk_jobs()
        assert token_requests(sim) == 1
        clock.now = 1000.0 + renewed_after - 0.5
        api.get_all_custom_object_bulk_jobs()
        assert token_requests(sim) == 1  # not yet
        clock.now = 1000.0 + renewed_after  # the very moment it is due
        api.get_all_custom_object_bulk_jobs()
        assert token_requests(sim) == 2
        api.get_all_custom_object_bulk_jobs()
        assert token_requests(sim) == 2  # the new one is kept
    assert all(entry.status == 200 for entry in sim.request_log)


def test_a_token_answered_without_its_lifetime_is_taken_to_last_an_hour(sim: ZuoraSimulator) -> None:
    clock = Clock(1000.0)
    sim.inject("token", status=200, body={"access_token": sim.access_token}, times=2)  # no expires_in
    with zuora_sdk.ApiClient(oauth_config(sim, clock)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        api.get_all_custom_object_bulk_jobs()
        clock.now = 1000.0 + 3540 - 0.5
        api.get_all_custom_object_bulk_jobs()
        assert token_requests(sim) == 1
        clock.now = 1000.0 + 3540  # a minute before the hour
        api.get_all_custom_object_bulk_jobs()
        assert token_requests(sim) == 2


def test_zuora_client_renews_a_token_at_its_refresh_interval_until_auto_auth_stops() -> None:
    sim, clock = ZuoraSimulator(token_ttl=3600), Clock(0.0)
    client = zuora_client(sim, oauth_config(sim, clock))
    client.set_refresh_interval(120)
    client.initialize()
    clock.now = 119.0
    client.initialize()
    assert token_requests(sim) == 1
    clock.now = 120.0
    client.initialize()
    assert token_requests(sim) == 2  # 120 s old: renewed though it lives an hour
    client.stop_auto_auth()
    client.refresh_token()  # at 120: from now on renewed a minute before expiry only
    clock.now = 120.0 + 3539.0
    client.initialize()
    assert token_requests(sim) == 3
    clock.now = 120.0 + 3540.0
    client.initialize()
    assert token_requests(sim) == 4


def test_token_info_shows_when_the_token_expires_and_only_the_start_of_the_token() -> None:
    sim = ZuoraSimulator(token_ttl=3600)
    client = zuora_client(sim)
    info = client.get_token_info()
    assert info["access_token"] is None and info["is_expired"] and client.is_token_expired()
    sim.inject("token", status=200, body={"access_token": "tok-SECRET-1234", "expires_in": 3600})
    before = time.time()
    client.initialize()
    after = time.time()
    info = client.get_token_info()
    assert info["access_token"] == "tok-..."
    assert before + 3600 - 0.01 <= info["expires_at"].timestamp() <= after + 3600 + 0.01
    assert not info["is_expired"] and not client.is_token_expired()


def test_a_token_the_endpoint_says_is_already_expired_is_not_kept() -> None:
    sim, clock = ZuoraSimulator(), Clock()
    # The static token is valid on the simulator whatever expires_in says.
    sim.inject("token", status=200, body={"access_token": sim.access_token, "expires_in": -30}, times=3)
    client = zuora_client(sim, oauth_config(sim, clock))
    before = time.time()
    client.initialize()
    after = time.time()
    assert client.is_token_expired()
    assert before - 0.01 <= client.get_token_info()["expires_at"].timestamp() <= after + 0.01  # now, not earlier
    api = zuora_sdk.CustomObjectJobsApi(client.api_client)
    api.get_all_custom_object_bulk_jobs()
    api.get_all_custom_object_bulk_jobs()  # the clock has not moved: each call fetched a token still
    assert token_requests(sim) == 3


class RenewWhileInFlight:
    """Hands requests to the simulator; while the first list request is on its way, the token is
    renewed (as another thread of the program would, with ZuoraClient.refresh_token)."""

    def __init__(self, sim: ZuoraSimulator) -> None:
        self.inner = sim.transport()
        self.renew: Callable[[], None] = lambda: None

    def request(self, method: str, url: str, headers: Mapping[str, str], *args: Any, **kwargs: Any) -> Any:
        if url.endswith("/objects/jobs") and method == "GET":
            renew, self.renew = self.renew, lambda: None
            renew()
        return self.inner.request(method, url, headers, *args, **kwargs)

    def clear(self) -> None:
        self.inner.clear()


def test_a_refused_token_does_not_throw_away_the_one_renewed_meanwhile() -> None:
    # The tokens compare above the refused one, so that no ordering of them could stand in for equality.
    sim = ZuoraSimulator(access_token="zz-static-token-of-the-simulator")
    transport = RenewWhileInFlight(sim)
    client = zuora_client(sim, oauth_config(sim, transport=transport))
    sim.inject("token", status=200, body={"access_token": "aa-unknown-to-the-server", "expires_in": 3600})
    sim.inject("token", status=200, body={"access_token": sim.access_token, "expires_in": 3600})
    client.initialize()
    transport.renew = client.refresh_token
    zuora_sdk.CustomObjectJobsApi(client.api_client).get_all_custom_object_bulk_jobs()
    # Sent with the old token and refused (401), then sent again with the renewed one: no third token.
    assert [entry.status for entry in sim.request_log if entry.route == "list"] == [401, 200]
    assert token_requests(sim) == 2


def test_a_refused_token_is_not_sent_again_when_a_renewal_handed_it_back() -> None:
    sim = ZuoraSimulator()
    transport = RenewWhileInFlight(sim)
    client = zuora_client(sim, oauth_config(sim, transport=transport))
    refused = {"access_token": "tok-unknown-to-the-server", "expires_in": 3600}
    sim.inject("token", status=200, body=refused, times=2)
    client.initialize()
    transport.renew = client.refresh_token
    zuora_sdk.CustomObjectJobsApi(client.api_client).get_all_custom_object_bulk_jobs()
    assert [entry.status for entry in sim.request_log if entry.route == "list"] == [401, 200]
    assert token_requests(sim) == 3  # the third one is the simulator's own, which it accepts
