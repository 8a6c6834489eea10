"""The public surface users of the generated SDK rely on: names, signatures, modules."""

from __future__ import annotations

import importlib
import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

import zuora_sdk
from zuora_sdk.api_response import ApiResponse
from zuora_sdk.testing import ZuoraSimulator

SEED = Path(__file__).resolve().parent / "data" / "seed_CustomObjectJobsApi.md"
SIGNATURE = re.compile(r"^> (\w+) (\w+)\((.*)\)$", re.MULTILINE)
SEED_SIGNATURES = SIGNATURE.findall(SEED.read_text(encoding="utf-8"))


@pytest.fixture
def sim(sim: ZuoraSimulator) -> ZuoraSimulator:
    """The tests here reach the simulator over HTTP (``sim.base_url``): started."""
    return sim.start()


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def test_seed_has_six_methods() -> None:
    assert len(SEED_SIGNATURES) == 6


@pytest.mark.parametrize(("returns", "method", "params"), SEED_SIGNATURES, ids=[s[1] for s in SEED_SIGNATURES])
def test_method_matches_the_seed(returns: str, method: str, params: str) -> None:
    pieces = [p.strip() for p in params.split(",")]
    names = [p.split("=")[0] for p in pieces]
    required = {p for p in pieces if "=" not in p}
    for variant in ("", "_with_http_info", "_without_preload_content"):
        fn = getattr(zuora_sdk.CustomObjectJobsApi, method + variant)
        signature = inspect.signature(fn)
        ours = [n for n, p in signature.parameters.items() if n != "self" and p.kind is not p.VAR_KEYWORD]
        assert ours == names, variant
        for name in names:
            default = signature.parameters[name].default
            assert (default is inspect.Parameter.empty) == (name in required), name
    # Models are imported at a method's first call, so annotations name them as strings.
    hints = inspect.get_annotations(getattr(zuora_sdk.CustomObjectJobsApi, method))
    assert hints["return"] == returns and hasattr(zuora_sdk.models, returns)


def test_variants_are_documented_wrappers() -> None:
    api = zuora_sdk.CustomObjectJobsApi
    assert api.get_custom_object_bulk_job_with_http_info.__name__ == "get_custom_object_bulk_job_with_http_info"
    assert api.get_custom_object_bulk_job_with_http_info.__doc__ == api.get_custom_object_bulk_job.__doc__
    assert api.cancel_custom_object_bulk_job is api.p_atch_custom_object_bulk_job
    assert ApiResponse.__name__ == "ApiResponse"


MODELS = zuora_sdk._MODELS


@pytest.mark.parametrize("name", MODELS)
def test_model_is_importable_from_its_module_and_the_packages(name: str) -> None:
    module = importlib.import_module(f"zuora_sdk.models.{snake(name)}")
    cls = getattr(module, name)
    assert getattr(zuora_sdk.models, name) is cls
    assert getattr(zuora_sdk, name) is cls


def test_exceptions_and_core_names() -> None:
    from zuora_sdk import exceptions, rest

    for name in ("ApiTypeError", "ApiValueError", "ApiKeyError", "ApiAttributeError", "OpenApiException",
                 "ApiException", "BadRequestException", "UnauthorizedException", "ForbiddenException",
                 "NotFoundException", "ServiceException"):
        assert getattr(zuora_sdk, name) is getattr(exceptions, name)
    assert rest.ApiException is exceptions.ApiException
    for name in zuora_sdk.__all__:
        assert getattr(zuora_sdk, name) is not None
    with pytest.raises(AttributeError, match="NoSuchThing"):
        zuora_sdk.NoSuchThing  # noqa: B018


def test_import_is_lazy() -> None:
    code = "import sys, zuora_sdk; print(sorted(m for m in ('pydantic', 'urllib3') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_subpackages_are_attributes_after_import_zuora_sdk() -> None:
    code = "import zuora_sdk; print(zuora_sdk.models.CustomObjectBulkJobRequest.__name__, zuora_sdk.rest.__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["CustomObjectBulkJobRequest", "zuora_sdk.rest"]


def test_building_a_client_loads_no_model() -> None:
    code = (
        "import sys, zuora_sdk\n"
        "api = zuora_sdk.CustomObjectJobsApi(zuora_sdk.ApiClient(zuora_sdk.Configuration(access_token='t')))\n"
        "print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'zuora_sdk.models.'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_call_loads_only_the_models_it_needs(sim: ZuoraSimulator) -> None:
    code = (
        "import sys, zuora_sdk\n"
        f"config = zuora_sdk.Configuration(host={sim.base_url!r}, access_token={sim.access_token!r})\n"
        "zuora_sdk.CustomObjectJobsApi(zuora_sdk.ApiClient(config)).get_all_custom_object_bulk_jobs()\n"
        "print(*(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('zuora_sdk.models.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = set(out.split())
    assert "custom_object_bulk_job_response_collection" in loaded
    assert not loaded & {"custom_object_bulk_job_request", "custom_object_bulk_job_error_response_collection"}


def test_py_typed_is_shipped() -> None:
    assert (Path(zuora_sdk.__file__).parent / "py.typed").exists()


OFFICIAL_CLIENT_METHODS = (
    "initialize", "refresh_token", "is_token_expired", "get_token_info", "stop_auto_auth", "set_refresh_interval",
    "get_refresh_interval", "set_retry_config", "get_retry_config", "set_base_url", "set_zuora_version",
    "get_zuora_version", "add_default_header", "get_default_headers", "set_entity_id", "get_entity_id", "set_debug",
    "set_accept_encoding", "get_accept_encoding", "set_request_timeout", "get_request_timeout",
    "custom_object_jobs_api", "is_thread_safe",
)


def test_zuora_client_module_is_the_official_entry_point() -> None:
    from zuora_sdk.zuora_client import ZuoraClient, ZuoraEnvironment

    assert list(inspect.signature(ZuoraClient).parameters) == ["client_id", "client_secret", "env", "config"]
    assert inspect.signature(ZuoraClient).parameters["config"].default is None
    for name in OFFICIAL_CLIENT_METHODS:
        assert callable(getattr(ZuoraClient, name)), name
    assert [env.name for env in ZuoraEnvironment] == [
        "SBX", "SBX_NA", "SBX_EU", "CSBX", "CSBX_EU", "CSBX_AP", "PROD", "PROD_NA", "PROD_EU", "PROD_AP"
    ]
    assert zuora_sdk.zuora_client.ZuoraClient is ZuoraClient
    assert zuora_sdk.UnexpectedResponseError.__mro__[1] is zuora_sdk.ApiException


def _copy_of_the_package(folder: Path) -> Path:
    import shutil

    shutil.copytree(Path(zuora_sdk.__file__).parent, folder / "zuora_sdk", ignore=shutil.ignore_patterns("__pycache__"))
    return folder / "zuora_sdk"


def _import_in(folder: Path, module: str, site: bool = True) -> subprocess.CompletedProcess[str]:
    # The folder comes first on sys.path (as the current directory of `python -c`). Without site
    # packages, no other zuora_sdk (such as an editable install's) can win over a folder that is
    # only a namespace package.
    flags = [] if site else ["-S"]
    return subprocess.run([sys.executable, *flags, "-c", f"import {module}"], cwd=folder, capture_output=True,
                          text=True)


@pytest.mark.parametrize(
    ("mix", "module"),
    [
        ("official files left in ours", "zuora_sdk"),
        ("official __init__ over ours", "zuora_sdk.workflows"),
        ("official __init__ over ours", "zuora_sdk.testing"),
        ("official __init__ over ours", "zuora_sdk.cli"),
        ("our __init__ uninstalled with the official", "zuora_sdk.workflows"),
    ],
)
def test_a_mix_with_the_official_sdk_is_refused_with_the_repair(tmp_path: Path, mix: str, module: str) -> None:
    package = _copy_of_the_package(tmp_path)
    if mix != "our __init__ uninstalled with the official":
        (package / "api" / "accounts_api.py").write_text("class AccountsApi:\n    pass\n")
    if mix == "official __init__ over ours":
        (package / "__init__.py").write_text("from zuora_sdk.api.accounts_api import AccountsApi\n")
    if mix == "our __init__ uninstalled with the official":
        (package / "__init__.py").unlink()
    done = _import_in(tmp_path, module, site=mix != "our __init__ uninstalled with the official")
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()
    assert any("MixedInstallationError" in line for line in last), done.stderr
    assert "pip uninstall -y zuora-sdk zuora-sdk-jobs" in done.stderr and "pip install zuora-sdk-jobs" in done.stderr


def test_our_package_alone_passes_the_check(tmp_path: Path) -> None:
    _copy_of_the_package(tmp_path)
    for module in ("zuora_sdk", "zuora_sdk.testing", "zuora_sdk.cli"):
        assert _import_in(tmp_path, module).returncode == 0
