"""Code written for the official generated zuora-sdk runs here unchanged but for the host.

Each test is written the way the official README, the seed's examples and Zuora's API reference
show it: ZuoraClient and ZuoraEnvironment, ``err.code == 71012520``, ``request_timeout``,
``from zuora_sdk.rest import ApiException``, the generated Configuration's parameters.
"""

from __future__ import annotations

import logging
import os
import threading
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
import urllib3
from pydantic import ValidationError

import zuora_sdk
from zuora_sdk import configuration as configuration_module
from zuora_sdk.rest import ApiException
from zuora_sdk.testing import ZuoraSimulator
from zuora_sdk.zuora_client import ZuoraClient, ZuoraEnvironment

CSV = "Name__c,Year__c\nModel S,2024\nModel 3,2023\n"


@pytest.fixture
def sim(sim: ZuoraSimulator) -> ZuoraSimulator:
    """The tests here reach the simulator over HTTP (``sim.base_url``): started."""
    return sim.start()


@pytest.fixture(autouse=True)
def fresh_warnings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test sees the once-per-process warnings afresh, and leaves the logger as it was."""
    monkeypatch.setattr(configuration_module, "_warned", set())
    logger = logging.getLogger("zuora_sdk")
    level, handlers = logger.level, list(logger.handlers)
    yield
    logger.setLevel(level)
    logger.handlers[:] = handlers


def get_client() -> ZuoraClient | None:
    """The official README's client, as written there, but for the host line."""
    try:
        client = ZuoraClient(client_id=os.environ.get('ZUORA_CLIENT_ID'),
                             client_secret=os.environ.get('ZUORA_CLIENT_SECRET'),
                             env=ZuoraEnvironment.SBX)
        client.set_base_url(os.environ['SIMULATOR_HOST'])  # the one change: the simulator stands in for Zuora
        client.initialize()
        client.set_debug(True)
    except ApiException as ex:
        print("Error create api client", ex)
    else:
        return client
    return None


@pytest.fixture
def oauth_env(sim: ZuoraSimulator, monkeypatch: pytest.MonkeyPatch) -> ZuoraSimulator:
    monkeypatch.setenv("ZUORA_CLIENT_ID", sim.client_id)
    monkeypatch.setenv("ZUORA_CLIENT_SECRET", sim.client_secret)
    monkeypatch.setenv("SIMULATOR_HOST", sim.base_url)
    return sim


# -- ZuoraClient ------------------------------------------------------------------------------------


def test_the_official_readme_flow_runs_without_a_thread_or_a_print(
    oauth_env: ZuoraSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    threads = set(threading.enumerate())
    client = get_client()
    assert client is not None
    api = client.custom_object_jobs_api()
    request = zuora_sdk.CustomObjectBulkJobRequest(namespace="default", object="vehicle", operation="create")
    job = api.post_custom_object_bulk_job(request)
    job = api.post_upload_file_for_custom_object_bulk_job("text/csv", job.id, CSV)
    job = api.get_custom_object_bulk_job(job.id)
    assert job.status == "completed" and job.records_processed == 2
    assert api.get_custom_object_bulk_job_errors(job.id).errors == []
    assert [j.id for j in api.get_all_custom_object_bulk_jobs().jobs or []] == [job.id]
    started = set(threading.enumerate()) - threads
    assert all("process_request_thread" in thread.name for thread in started)  # the simulator's, only
    assert capsys.readouterr().out == ""
    assert oauth_env.stats.token_requests == 1
    assert oauth_env.request_log[0].path == "/oauth/token"


def test_refused_credentials_fail_at_initialize(
    oauth_env: ZuoraSimulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ZUORA_CLIENT_SECRET", "not-the-secret")
    assert get_client() is None
    out = capsys.readouterr().out
    assert out.startswith("Error create api client (401)") and "not-the-secret" not in out


def test_missing_credentials_are_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZUORA_CLIENT_ID", raising=False)
    client = ZuoraClient(client_id=os.environ.get("ZUORA_CLIENT_ID"), client_secret="s", env=ZuoraEnvironment.SBX)
    with pytest.raises(zuora_sdk.ApiValueError, match="client_id and a client_secret"):
        client.initialize()


def test_environments_are_the_official_ones() -> None:
    assert {env.name: env.value for env in ZuoraEnvironment} == {
        "SBX": "https://rest.apisandbox.zuora.com",
        "SBX_NA": "https://rest.sandbox.na.zuora.com",
        "SBX_EU": "https://rest.sandbox.eu.zuora.com",
        "CSBX": "https://rest.test.zuora.com",
        "CSBX_EU": "https://rest.test.eu.zuora.com",
        "CSBX_AP": "https://rest.test.ap.zuora.com",
        "PROD": "https://rest.zuora.com",
        "PROD_NA": "https://rest.na.zuora.com",
        "PROD_EU": "https://rest.eu.zuora.com",
        "PROD_AP": "https://rest.ap.zuora.com",
    }
    assert {env.value for env in ZuoraEnvironment} == {env.value for env in zuora_sdk.Environment}
    client = ZuoraClient("id", "secret", ZuoraEnvironment.PROD_EU)
    assert client.configuration.host == "https://rest.eu.zuora.com" and "secret" not in repr(client)
    mine = zuora_sdk.Configuration(timeout=3)
    assert ZuoraClient("id", "secret", None, config=mine).configuration is mine and mine.host == "https://rest.zuora.com"


def test_token_methods(oauth_env: ZuoraSimulator) -> None:
    client = get_client()
    assert client is not None
    info = client.get_token_info()
    token = client.api_client.credentials.authorization()
    assert token is not None and info["access_token"] == token[len("Bearer "):][:4] + "..."
    assert info["is_expired"] is False and not client.is_token_expired()
    assert info["expires_at"] > __import__("datetime").datetime.now()
    assert info["auto_auth_active"] is True and info["refresh_interval"] == 600
    assert info["retry_config"] == {"max_retries": 3, "retry_base_delay": 0.5}
    client.refresh_token()
    assert oauth_env.stats.token_requests == 2 and client.api_client.credentials.authorization() != token
    credentials: Any = client.api_client.credentials
    assert credentials.max_age == 600  # the calls' own token renewal follows the interval
    client.set_refresh_interval(120)
    assert client.get_refresh_interval() == 120 and credentials.max_age == 120
    with pytest.raises(ValueError, match="at least 60"):
        client.set_refresh_interval(59)
    client.stop_auto_auth()
    assert client.get_token_info()["auto_auth_active"] is False and credentials.max_age is None
    assert client.custom_object_jobs_api().get_all_custom_object_bulk_jobs().jobs == []  # tokens still work
    assert client.is_thread_safe()


def test_a_token_is_renewed_once_refresh_interval_old() -> None:
    from zuora_sdk._core.auth import OAuthClientCredentials

    fetched: list[str] = []

    def fetch() -> tuple[str, float]:
        fetched.append(f"t{len(fetched)}")
        return fetched[-1], 3600.0

    oauth = OAuthClientCredentials(fetch)
    assert oauth.authorization() == oauth.authorization() == "Bearer t0"
    oauth.max_age = 0.0  # renewed at every use from now on
    oauth.refresh()
    assert oauth.authorization() == "Bearer t2" and oauth.token == "t2"


def test_settings_reach_the_wire(oauth_env: ZuoraSimulator) -> None:
    client = get_client()
    assert client is not None
    client.set_zuora_version("2025-08-12")
    client.set_entity_id("8a8082c45aa81b51015ad68743a85c5d")
    client.add_default_header("Zuora-Track-Id", "migration-1")
    client.set_accept_encoding("gzip")
    client.custom_object_jobs_api().get_all_custom_object_bulk_jobs()
    sent = oauth_env.request_log[-1].headers
    assert sent["Zuora-Version"] == "2025-08-12" and client.get_zuora_version("2024-05-20") == "2025-08-12"
    assert sent["Zuora-Entity-Ids"] == client.get_entity_id() == "8a8082c45aa81b51015ad68743a85c5d"
    assert sent["Zuora-Track-Id"] == "migration-1" and sent["Accept-Encoding"] == client.get_accept_encoding()
    assert client.get_default_headers()["Zuora-Track-Id"] == "migration-1"
    assert ZuoraClient("i", "s", None).get_zuora_version() == "2024-05-20"


def test_set_request_timeout_bounds_every_call(oauth_env: ZuoraSimulator) -> None:
    client = get_client()
    assert client is not None
    client.set_retry_config(1, 1)  # one attempt
    assert client.get_retry_config() == {"max_retries": 1, "retry_base_delay": 1.0}
    client.set_request_timeout((3, 0.2))
    assert client.get_request_timeout() == (3, 0.2) and client.api_client.request_timeout == (3, 0.2)
    oauth_env.inject("list", action="delay", delay=1.0)
    with pytest.raises(ApiException) as info:
        client.custom_object_jobs_api().get_all_custom_object_bulk_jobs()
    assert isinstance(info.value, zuora_sdk.ApiTimeoutError)
    with pytest.raises(ValueError, match="between 1 and 10"):
        client.set_retry_config(0, 1)


def test_other_apis_raise_one_clear_error() -> None:
    client = ZuoraClient("id", "secret", ZuoraEnvironment.SBX)
    for name in ("accounts_api", "o_auth_api", "subscriptions_api", "custom_object_records_api"):
        with pytest.raises(zuora_sdk.ApiAttributeError, match="covers Zuora's Custom Object Jobs API only"):
            getattr(client, name)()
        assert not hasattr(client, name)
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        client.nothing_here  # noqa: B018


# -- code from Zuora's API reference and the seed ------------------------------------------------------


def test_row_error_codes_compare_as_documented(sim: ZuoraSimulator) -> None:
    configuration = zuora_sdk.Configuration(host=sim.base_url, access_token=sim.access_token)
    with zuora_sdk.ApiClient(configuration) as api_client:
        api_instance = zuora_sdk.CustomObjectJobsApi(api_client)
        request = zuora_sdk.CustomObjectBulkJobRequest(namespace="default", object="vehicle", operation="update")
        job = api_instance.post_custom_object_bulk_job(request)
        api_instance.post_upload_file_for_custom_object_bulk_job("text/csv", job.id, "Id,Name__c\n123,Ghost\n")
        bad_ids = []
        for err in api_instance.get_custom_object_bulk_job_errors(job.id).errors or []:
            if err.code == 71012520:
                bad_ids.append((err.row, err.message))
        assert bad_ids == [(2, 'input string "123" is not a valid UUID')]
        failed = api_instance.get_custom_object_bulk_job(job.id)
        assert failed.status == "failed" and failed.error is not None and failed.error.code == 71013620
        try:
            api_instance.get_custom_object_bulk_job("4e8b1b9e-0000-4000-8000-000000000000")
        except ApiException as e:
            assert e.status == 404 and e.data is not None and e.data.code == 71013040


def test_the_seed_pattern_runs_each_method(sim: ZuoraSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    """The seed's example pattern with real values instead of placeholders, through all six methods."""
    from pprint import pprint

    os.environ["BEARER_TOKEN"] = sim.access_token
    try:
        configuration = zuora_sdk.Configuration(host=sim.base_url)
        configuration = zuora_sdk.Configuration(access_token=os.environ["BEARER_TOKEN"])
        configuration.host = sim.base_url
        with zuora_sdk.ApiClient(configuration) as api_client:
            api_instance = zuora_sdk.CustomObjectJobsApi(api_client)
            custom_object_bulk_job_request = zuora_sdk.CustomObjectBulkJobRequest(
                namespace="default", object="vehicle", operation="create"
            )
            try:
                api_response = api_instance.post_custom_object_bulk_job(custom_object_bulk_job_request,
                                                                         zuora_version='2024-05-20')
                print("The response of CustomObjectJobsApi->post_custom_object_bulk_job:\n")
                pprint(api_response)
                job_id = api_response.id
                api_instance.post_upload_file_for_custom_object_bulk_job("text/csv", job_id, CSV)
                pprint(api_instance.get_custom_object_bulk_job(job_id))
                pprint(api_instance.get_custom_object_bulk_job_errors(job_id))
                pprint(api_instance.get_all_custom_object_bulk_jobs(page_size=20))
                other = api_instance.post_custom_object_bulk_job(custom_object_bulk_job_request)
                pprint(api_instance.p_atch_custom_object_bulk_job(other.id))
            except Exception as e:
                print("Exception when calling CustomObjectJobsApi: %s\n" % e)  # noqa: UP031 (as the seed writes it)
    finally:
        del os.environ["BEARER_TOKEN"]
    out = capsys.readouterr().out
    assert "Exception when calling" not in out, out
    assert out.count("The response of") == 1 and "status='cancelled'" in out


def test_except_api_exception_catches_an_answer_that_is_not_the_model(
    sim: ZuoraSimulator, api: zuora_sdk.CustomObjectJobsApi
) -> None:
    sim.inject("get", status=200, body=b"")
    try:
        api.get_custom_object_bulk_job("4e8b1b9e-0000-4000-8000-000000000000")
    except ApiException as e:
        caught: Any = e
    assert isinstance(caught, zuora_sdk.UnexpectedResponseError) and caught.status == 200


def test_what_generated_sdk_code_catches_for_a_bad_model_value() -> None:
    with pytest.raises(ValidationError):
        zuora_sdk.CustomObjectBulkJobRequest(namespace="default", object="vehicle", operation="upsert")
    assert list(zuora_sdk.CustomObjectBulkJobRequestOperation) == ["delete", "create", "update"]


# -- the generated Configuration's parameters -------------------------------------------------------------


def test_a_bearer_api_key_authenticates(sim: ZuoraSimulator) -> None:
    for api_key, prefix in (({"bearerAuth": sim.access_token}, None),
                            ({"Authorization": sim.access_token}, {"Authorization": "Bearer"})):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            configuration = zuora_sdk.Configuration(host=sim.base_url, api_key=api_key, api_key_prefix=prefix)
        with zuora_sdk.ApiClient(configuration) as api_client:
            assert zuora_sdk.CustomObjectJobsApi(api_client).get_all_custom_object_bulk_jobs().jobs == []


@pytest.mark.parametrize(
    ("kwargs", "named", "instead"),
    [
        ({"api_key": {"api_key": "k"}}, "api_key", "access_token="),
        ({"username": "u"}, "username", "client_id="),
        ({"password": "hunter2-secret"}, "password", "client_id="),
        ({"server_operation_index": {"get_custom_object_bulk_job": 1}}, "server_operation_index", "_host_index"),
        ({"server_variables": {"region": "eu"}}, "server_variables", "environment="),
    ],
)
def test_parameters_without_a_meaning_here_warn_once(kwargs: dict[str, Any], named: str, instead: str) -> None:
    with pytest.warns(UserWarning, match=f"Configuration.{named} is not used") as caught:
        zuora_sdk.Configuration(**kwargs)
    assert instead in str(caught[0].message) and caught[0].filename == __file__
    assert all("hunter2" not in str(w.message) for w in caught)  # a value is never repeated
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        zuora_sdk.Configuration(**kwargs)  # once per process


def test_generated_sdk_attributes_without_a_meaning_here_warn() -> None:
    configuration = zuora_sdk.Configuration()
    with pytest.warns(UserWarning, match="logger_file is not used.*FileHandler"):
        configuration.logger_file = "sdk.log"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        configuration.logger_file = None  # unsetting says nothing


def test_the_generated_sdk_credential_helpers_answer_as_there() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the settings below mean nothing to this API, and say so
        configuration = zuora_sdk.Configuration(
            api_key={"bearerAuth": "tok", "partner": "k", "blank": ""}, api_key_prefix={"partner": "Token"},
            username="ann", password="pa:ss",
        )
        asked: list[Any] = []
        configuration.refresh_api_key_hook = asked.append
    assert configuration.get_api_key_with_prefix("bearerAuth") == "tok"
    assert configuration.get_api_key_with_prefix("partner") == "Token k"
    assert configuration.get_api_key_with_prefix("missing", alias="bearerAuth") == "tok"
    assert configuration.get_api_key_with_prefix("missing") is None
    assert configuration.get_api_key_with_prefix("blank", alias="bearerAuth") is None  # present but empty
    assert asked == [configuration] * 5  # the hook runs before each lookup
    assert configuration.get_basic_auth_token() == urllib3.make_headers(basic_auth="ann:pa:ss")["authorization"]
    assert zuora_sdk.Configuration().get_basic_auth_token() == urllib3.make_headers(basic_auth=":")["authorization"]


def test_retries_as_the_generated_sdk_takes_them(sim: ZuoraSimulator) -> None:
    configuration = zuora_sdk.Configuration(
        host=sim.base_url, access_token=sim.access_token,
        retries=urllib3.Retry(total=1, backoff_factor=0.001, status_forcelist=[503]),
    )
    policy = configuration.retry_policy
    assert (policy.max_retries, policy.backoff_initial, policy.statuses) == (1, 0.001, frozenset({503}))
    sim.inject("list", status=503, times=1)
    with zuora_sdk.ApiClient(configuration) as api_client:
        assert zuora_sdk.CustomObjectJobsApi(api_client).get_all_custom_object_bulk_jobs().jobs == []
    configuration.retries = 0
    assert configuration.retry_policy.max_retries == 0
    with pytest.raises(zuora_sdk.ApiTypeError):
        configuration.retries = "twice"


def test_request_auth_elsewhere_than_a_header_is_refused(api: zuora_sdk.CustomObjectJobsApi) -> None:
    with pytest.raises(zuora_sdk.ApiValueError, match="in a header"):
        api.get_all_custom_object_bulk_jobs(_request_auth={"in": "query", "key": "token", "value": "x"})
