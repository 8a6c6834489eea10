"""The model names are listed once (zuora_sdk.models.__all__); everything else derives from that list."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import zuora_sdk
import zuora_sdk.models

ROOT = Path(__file__).resolve().parent.parent


def type_checking_imports(path: Path) -> dict[str, str]:
    """name -> module of every `from M import name` under `if TYPE_CHECKING:` in a file."""
    found: dict[str, str] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom):
                    found.update({alias.name: statement.module or "" for alias in statement.names})
    return found


def test_what_type_checkers_see_in_the_models_package_is_its_one_list() -> None:
    seen = type_checking_imports(ROOT / "zuora_sdk" / "models" / "__init__.py")
    assert sorted(seen) == sorted(zuora_sdk.models.__all__)
    for name, module in seen.items():  # and each from the module its name says, where run time looks
        assert module == f"zuora_sdk.models.{zuora_sdk.models._module_of(name)}", name
        assert getattr(zuora_sdk.models, name).__module__ == module


def test_the_package_takes_the_model_names_from_the_models_package() -> None:
    assert tuple(zuora_sdk._MODELS) == tuple(zuora_sdk.models.__all__)
    assert set(zuora_sdk.models.__all__) <= set(zuora_sdk.__all__)
    seen = type_checking_imports(ROOT / "zuora_sdk" / "__init__.py")
    assert seen["*"] == "zuora_sdk.models"  # type checkers read zuora_sdk.models.__all__ itself
    assert not set(seen) & set(zuora_sdk.models.__all__)  # ... and no second list of the names
    for name in zuora_sdk.models.__all__:
        assert getattr(zuora_sdk, name) is getattr(zuora_sdk.models, name)


def test_type_checkers_set_every_model_field_by_its_python_name() -> None:
    # alias="Id" alone would make type checkers ask for Id= instead of id=; each model declares its
    # constructor for them. Every field is passed as None, by its Python name.
    lines = ["import zuora_sdk"]
    for name in zuora_sdk.models.__all__:
        cls = getattr(zuora_sdk.models, name)
        if hasattr(cls, "model_fields"):
            arguments = ", ".join(f"{field}=None" for field in cls.model_fields)
            lines.append(f"zuora_sdk.{name}({arguments})")
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "-c", "\n".join(lines)], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_package_reads_the_model_names_only_when_asked() -> None:
    # `import zuora_sdk` stays one module; importing a private submodule does not go looking among models.
    code = ("import sys, zuora_sdk\nfrom zuora_sdk._core import install_check\n"
            "print('zuora_sdk.models' in sys.modules, zuora_sdk.CustomObjectBulkJobRequest.__name__,"
            " 'zuora_sdk.models' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "CustomObjectBulkJobRequest", "True"]
