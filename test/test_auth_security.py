"""OAuth client credentials, environments, and keeping secrets out of every output."""

from __future__ import annotations

import base64
import json
import logging
import ssl
import threading

import pytest
import urllib3
from support import FAST_RETRIES, make_config, submit

import zuora_sdk
from zuora_sdk.exceptions import AuthenticationError, InsecureTransportError
from zuora_sdk.testing import ZuoraSimulator


@pytest.fixture
def sim(sim: ZuoraSimulator) -> ZuoraSimulator:
    """The tests here reach the simulator over HTTP (``sim.base_url``): started."""
    return sim.start()


def oauth_config(sim: ZuoraSimulator, **kwargs: object) -> zuora_sdk.Configuration:
    return zuora_sdk.Configuration(
        host=sim.base_url, client_id=sim.client_id, client_secret=sim.client_secret, retries=FAST_RETRIES,
        **kwargs,  # type: ignore[arg-type]
    )


def test_oauth_token_is_fetched_lazily_and_cached(sim: ZuoraSimulator) -> None:
    with zuora_sdk.ApiClient(oauth_config(sim)) as client:
        assert sim.stats.token_requests == 0
        api = zuora_sdk.CustomObjectJobsApi(client)
        for _ in range(3):
            api.get_all_custom_object_bulk_jobs()
    assert sim.stats.token_requests == 1


def test_expired_token_is_refreshed_once_and_the_call_retried(sim: ZuoraSimulator) -> None:
    with zuora_sdk.ApiClient(oauth_config(sim)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        job_id = submit(api)
        sim.expire_tokens()
        assert api.get_custom_object_bulk_job(job_id).id == job_id
    assert sim.stats.token_requests == 2
    assert [e.status for e in sim.request_log if e.route == "get"] == [401, 200]


def test_token_is_renewed_before_it_expires() -> None:
    now = [0.0]  # the client's clock
    with ZuoraSimulator(token_ttl=1) as sim, zuora_sdk.ApiClient(oauth_config(sim, clock=lambda: now[0])) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        api.get_all_custom_object_bulk_jobs()
        now[0] += 0.6  # past half of the one-second life
        sim.advance(2)  # the first token is now expired on the server
        api.get_all_custom_object_bulk_jobs()
        assert sim.stats.token_requests == 2
        assert all(e.status != 401 for e in sim.request_log)


def test_a_persistent_401_is_raised_after_one_refresh(sim: ZuoraSimulator) -> None:
    sim.inject("list", status=401, body={"message": "Authentication error"}, times=10)
    with zuora_sdk.ApiClient(oauth_config(sim)) as client, pytest.raises(zuora_sdk.UnauthorizedException):
        zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()
    assert sim.stats.requests["list"] == 2
    assert sim.stats.token_requests == 2


def test_many_threads_through_token_expiry_make_one_token_request(sim: ZuoraSimulator) -> None:
    with zuora_sdk.ApiClient(oauth_config(sim)) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        errors: list[BaseException] = []
        start = threading.Barrier(16)

        def work() -> None:
            try:
                start.wait()
                for _ in range(5):
                    api.get_all_custom_object_bulk_jobs()
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        def run_all() -> None:
            threads = [threading.Thread(target=work) for _ in range(16)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()

        run_all()
        assert not errors and sim.stats.token_requests == 1
        sim.expire_tokens()
        run_all()
        assert not errors and sim.stats.token_requests == 2


def test_bad_client_credentials_raise_a_clear_authentication_error(sim: ZuoraSimulator) -> None:
    config = zuora_sdk.Configuration(host=sim.base_url, client_id=sim.client_id, client_secret="wrong-secret-123")
    with zuora_sdk.ApiClient(config) as client, pytest.raises(AuthenticationError) as raised:
        zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()
    exc = raised.value
    assert isinstance(exc, zuora_sdk.UnauthorizedException) and exc.status == 401
    assert "oauth token" in str(exc).lower() and exc.body
    assert "wrong-secret-123" not in str(exc) and "wrong-secret-123" not in (exc.body or "")
    assert sim.stats.requests.get("list", 0) == 0


def test_environments_and_from_env() -> None:
    assert zuora_sdk.Environment.parse("eu-production").value == "https://rest.eu.zuora.com"
    assert zuora_sdk.Environment.parse("https://rest.apisandbox.zuora.com/") is zuora_sdk.Environment.US_API_SANDBOX
    with pytest.raises(zuora_sdk.ApiValueError, match="unknown Zuora environment"):
        zuora_sdk.Environment.parse("mars")
    config = zuora_sdk.Configuration.from_env({"ZUORA_ENVIRONMENT": "apac_production", "ZUORA_ACCESS_TOKEN": "tok"})
    assert config.host == "https://rest.ap.zuora.com" and config.access_token == "tok"
    config = zuora_sdk.Configuration.from_env(
        {"ZUORA_HOST": "https://rest.test.zuora.com", "ZUORA_ENVIRONMENT": "eu_production",
         "ZUORA_CLIENT_ID": "id", "ZUORA_CLIENT_SECRET": "secret"}
    )
    assert config.host == "https://rest.test.zuora.com" and config.auth_kind == "oauth client credentials"
    with pytest.raises(zuora_sdk.ApiValueError, match="ZUORA_CLIENT_SECRET"):
        zuora_sdk.Configuration.from_env({"ZUORA_CLIENT_ID": "id"})
    assert zuora_sdk.Configuration().host == "https://rest.zuora.com"


def test_oauth_from_env_against_the_simulator(sim: ZuoraSimulator) -> None:
    env = {"ZUORA_HOST": sim.base_url, "ZUORA_CLIENT_ID": sim.client_id, "ZUORA_CLIENT_SECRET": sim.client_secret}
    with zuora_sdk.ApiClient(zuora_sdk.Configuration.from_env(env)) as client:
        assert zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs().jobs == []


def test_no_secret_in_repr_or_debug_report() -> None:
    config = zuora_sdk.Configuration(access_token="tok-SECRET-1", client_id="cid", client_secret="cs-SECRET-2")
    for text in (repr(config), str(config), config.to_debug_report()):
        assert "SECRET" not in text


def test_plain_http_to_a_remote_host_is_refused_before_sending() -> None:
    config = zuora_sdk.Configuration(host="http://rest.example.invalid", access_token="tok")
    with zuora_sdk.ApiClient(config) as client, pytest.raises(InsecureTransportError, match="plain http"):
        zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()
    oauth = zuora_sdk.Configuration(host="http://rest.example.invalid", client_id="a", client_secret="b")
    with zuora_sdk.ApiClient(oauth) as client, pytest.raises(InsecureTransportError):
        zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()


def test_tls_verification_is_on_and_configurable() -> None:
    with zuora_sdk.ApiClient(zuora_sdk.Configuration(access_token="t")) as client:
        kw = client.rest_client.pool_manager.connection_pool_kw
        assert kw["cert_reqs"] == ssl.CERT_REQUIRED
    config = zuora_sdk.Configuration(access_token="t", ssl_ca_cert="/etc/ssl/certs/ca-certificates.crt")
    config.cert_file, config.key_file = "/tmp/client.pem", "/tmp/client.key"
    config.proxy = "http://proxy.internal:3128"
    with zuora_sdk.ApiClient(config) as client:
        manager = client.rest_client.pool_manager
        assert isinstance(manager, urllib3.ProxyManager)
        kw = manager.connection_pool_kw
        assert kw["ca_certs"] == "/etc/ssl/certs/ca-certificates.crt"
        assert kw["cert_file"] == "/tmp/client.pem" and kw["key_file"] == "/tmp/client.key"


def test_debug_logging_during_a_full_run_never_shows_a_secret(caplog: pytest.LogCaptureFixture) -> None:
    root_level = logging.getLogger().level
    with ZuoraSimulator() as sim:
        sim.inject("list", status=503)
        sim.inject("upload", action="drop_after")
        config = oauth_config(sim, debug=True)
        with caplog.at_level(logging.DEBUG), zuora_sdk.ApiClient(config) as client:
            api = zuora_sdk.CustomObjectJobsApi(client)
            api.get_all_custom_object_bulk_jobs()
            tokens = [client.credentials.authorization()]
            job_id = submit(api)
            api.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, "Name__c\nA\n")
            sim.expire_tokens()
            api.get_custom_object_bulk_job(job_id)
            with pytest.raises(zuora_sdk.NotFoundException) as raised:
                api.get_custom_object_bulk_job("missing")
            tokens.append(client.credentials.authorization())
            config.debug = False
        secrets = [sim.client_secret, sim.access_token] + [t.split()[-1] for t in tokens if t]
        assert len(set(secrets)) == 4
    assert logging.getLogger().level == root_level
    text = caplog.text + str(raised.value) + repr(config)
    assert "retrying" in text and "Zuora-Request-Id" in text
    for secret in secrets:
        assert secret not in text


def test_our_logger_only(sim: ZuoraSimulator) -> None:
    before = {name: logging.getLogger(name).level for name in ("", "urllib3")}
    config = make_config(sim, debug=True)
    config.debug = False
    assert {name: logging.getLogger(name).level for name in ("", "urllib3")} == before


def test_calls_go_through_a_configured_proxy(sim: ZuoraSimulator) -> None:
    # The host does not resolve: the call can only succeed by going through the proxy.
    config = zuora_sdk.Configuration(host="http://rest.zuora.invalid", access_token=sim.access_token,
                                     proxy=sim.base_url, allow_insecure_http=True)
    with zuora_sdk.ApiClient(config) as client:
        jobs = zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs(page_size=5)
    assert jobs.jobs == [] and sim.stats.requests["list"] == 1


def test_a_token_refreshed_on_an_unread_answer_leaves_the_connection_usable(sim: ZuoraSimulator) -> None:
    # Without preloading, the 401's body is still unread when the request is sent again.
    config = zuora_sdk.Configuration(
        host=sim.base_url, client_id=sim.client_id, client_secret=sim.client_secret, retries=0
    )
    with zuora_sdk.ApiClient(config) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        job_id = submit(api)
        sim.expire_tokens()
        raw = api.get_custom_object_bulk_job_without_preload_content(job_id)
        assert raw.status == 200 and json.loads(raw.read())["Id"] == job_id
        raw.release_conn()
        assert api.get_custom_object_bulk_job(job_id).id == job_id


@pytest.mark.parametrize("host", ["HTTP://rest.example.invalid", "Http://rest.example.invalid/"])
def test_plain_http_is_refused_whatever_the_case_of_the_scheme(host: str) -> None:
    config = zuora_sdk.Configuration(host=host, access_token="tok-SECRET")
    assert config.host == "http://rest.example.invalid"
    with zuora_sdk.ApiClient(config) as client, pytest.raises(InsecureTransportError):
        zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()


@pytest.mark.parametrize("host", ["rest.zuora.com", "127.0.0.2:8080", "ftp://rest.zuora.com", "https://", "https://h?x=1"])
def test_a_host_that_is_not_an_http_url_is_refused_at_once(host: str) -> None:
    with pytest.raises(zuora_sdk.ApiValueError, match="host"):
        zuora_sdk.Configuration(host=host, access_token="t")
    config = zuora_sdk.Configuration(access_token="t")
    with pytest.raises(zuora_sdk.ApiValueError, match="host"):
        config.host = host


@pytest.mark.parametrize(
    "host", ["http://192.0.2.2:8080\\@localhost", "https://user:pass@rest.zuora.com", "https://rest zuora.com"]
)
def test_a_host_that_parsers_could_read_differently_is_refused(host: str) -> None:
    with pytest.raises(zuora_sdk.ApiValueError, match="host") as raised:
        zuora_sdk.Configuration(host=host, access_token="t")
    assert "pass" not in str(raised.value)


def test_credentials_are_not_sent_in_clear_through_a_plain_http_proxy(sim: ZuoraSimulator) -> None:
    config = zuora_sdk.Configuration(host=sim.base_url, access_token="tok-SECRET",
                                     proxy="http://proxy.example.invalid:3128")
    with zuora_sdk.ApiClient(config) as client, pytest.raises(InsecureTransportError, match=r"proxy\.example"):
        zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()


def test_a_host_found_fit_for_plain_http_lets_no_other_by(sim: ZuoraSimulator) -> None:
    # The verdict on a loopback host is kept per client: it must not carry over to another host or proxy.
    config = zuora_sdk.Configuration(host=sim.base_url, access_token=sim.access_token)
    with zuora_sdk.ApiClient(config) as client:
        api = zuora_sdk.CustomObjectJobsApi(client)
        api.get_all_custom_object_bulk_jobs()
        config.host = "http://rest.example.invalid"
        with pytest.raises(InsecureTransportError, match=r"rest\.example"):
            api.get_all_custom_object_bulk_jobs()
        config.host = sim.base_url
        config.proxy = "http://proxy.example.invalid:3128"
        with pytest.raises(InsecureTransportError, match=r"proxy\.example"):
            api.get_all_custom_object_bulk_jobs()
        config.proxy = None
        api.get_all_custom_object_bulk_jobs()
    assert sum(sim.stats.requests.values()) == 2  # the refused calls sent nothing


@pytest.mark.parametrize("options", [{"_headers": {"authorization": "Bearer tok-SECRET"}},
                                     {"_request_auth": {"key": "AUTHORIZATION", "value": "Bearer tok-SECRET"}},
                                     {"_headers": {"Cookie": "session=tok-SECRET"}}])
def test_secret_headers_of_any_case_are_not_sent_in_clear(options: dict[str, object]) -> None:
    config = zuora_sdk.Configuration(host="http://rest.example.invalid")
    with zuora_sdk.ApiClient(config) as client, pytest.raises(InsecureTransportError):
        zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs(**options)  # type: ignore[arg-type]


@pytest.mark.parametrize("token", ["tok-SECRET\n", "tok-SECRET\r\nX-Evil: 1", "tok-SECRET\u2019"])
def test_a_token_a_header_cannot_carry_is_refused_without_showing_it(sim: ZuoraSimulator, token: str) -> None:
    config = zuora_sdk.Configuration(host=sim.base_url, access_token=token)
    with zuora_sdk.ApiClient(config) as client, pytest.raises(AuthenticationError) as raised:
        zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()
    assert "SECRET" not in str(raised.value) and "SECRET" not in repr(raised.value)
    assert sim.stats.requests.get("list", 0) == 0


@pytest.mark.parametrize("credentials", [{"access_token": "t"}, {"client_id": "id", "client_secret": "secret"}],
                         ids=["token", "oauth"])
def test_https_through_a_plain_http_proxy_is_a_tunnel_and_allowed(credentials: dict[str, str]) -> None:
    config = zuora_sdk.Configuration(host="https://rest.zuora.invalid", retries=0,
                                     proxy="http://proxy.example.invalid:3128", **credentials)
    with zuora_sdk.ApiClient(config) as client, pytest.raises(zuora_sdk.ApiException) as raised:
        zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()
    # It went for the proxy (which does not resolve): the credentials would travel inside TLS.
    assert not isinstance(raised.value, InsecureTransportError) and "proxy.example.invalid" in str(raised.value)


def test_a_loopback_host_through_an_https_proxy_is_allowed() -> None:
    config = zuora_sdk.Configuration(host="http://127.0.0.1:9", access_token="t", retries=0,
                                     proxy="https://proxy.example.invalid:3128")
    with zuora_sdk.ApiClient(config) as client, pytest.raises(zuora_sdk.ApiException) as raised:
        zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()
    # Both hops are safe (this machine, and TLS to the proxy): it went for the proxy, which does not resolve.
    assert not isinstance(raised.value, InsecureTransportError) and "proxy.example.invalid" in str(raised.value)


def test_proxy_credentials_in_the_url_become_a_proxy_authorization_header() -> None:
    config = zuora_sdk.Configuration(access_token="t", proxy="http://user:pa%20SECRET@proxy.internal:3128")
    with zuora_sdk.ApiClient(config) as client:
        manager = client.rest_client.pool_manager
        assert isinstance(manager, urllib3.ProxyManager)
        assert "SECRET" not in manager.proxy.url
        expected = "Basic " + base64.b64encode(b"user:pa SECRET").decode()
        assert manager.proxy_headers["proxy-authorization"] == expected


def test_a_malformed_proxy_url_is_refused_without_showing_it() -> None:
    config = zuora_sdk.Configuration(access_token="t", proxy="http://u:pw#SECRET@proxy.internal:99999")
    with pytest.raises(zuora_sdk.ApiValueError, match="proxy") as raised:
        zuora_sdk.ApiClient(config)
    assert "SECRET" not in str(raised.value)


@pytest.mark.parametrize("status", [200, 399])  # any status below 400: not an error answer
def test_a_token_endpoint_answer_that_cannot_be_read_is_not_kept(sim: ZuoraSimulator, status: int) -> None:
    sim.inject("token", status=status, body="access_token=tok-SECRET&expires_in=3600")
    with zuora_sdk.ApiClient(oauth_config(sim)) as client, pytest.raises(AuthenticationError) as raised:
        zuora_sdk.CustomObjectJobsApi(client).get_all_custom_object_bulk_jobs()
    assert raised.value.body is None and "SECRET" not in str(raised.value)
