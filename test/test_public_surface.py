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

SEED = Path(__file__).resolve().parent / "data" / "seed_CustomObjectJobsApi.md"
SIGNATURE = re.compile(r"^> (\w+) (\w+)\((.*)\)$", re.MULTILINE)
SEED_SIGNATURES = SIGNATURE.findall(SEED.read_text(encoding="utf-8"))


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
    hints = inspect.get_annotations(getattr(zuora_sdk.CustomObjectJobsApi, method), eval_str=True)
    assert hints["return"].__name__ == returns


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
    with pytest.raises(AttributeError):
        zuora_sdk.NoSuchThing  # noqa: B018


def test_import_is_lazy() -> None:
    code = "import sys, zuora_sdk; print(sorted(m for m in ('pydantic', 'urllib3') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_py_typed_is_shipped() -> None:
    assert (Path(zuora_sdk.__file__).parent / "py.typed").exists()
