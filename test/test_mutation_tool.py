"""The mutation tool's choice of tests: the lines a mutant's statement covers (test/mutation.py)."""

from __future__ import annotations

import ast

from mutation import _statement_lines

SOURCE = """\
import os

@decorate(
    1)
def f(a=1):
    x = g(
        a,
    )
    if x and (
        a
    ):
        return 1
    try:
        pass
    except ValueError:
        pass
"""


def lines_of(text: str) -> list[int]:
    return [number for number, line in enumerate(SOURCE.splitlines(), 1) if text in line]


def statement_of(text: str) -> list[str]:
    lines = _statement_lines(ast.parse(SOURCE), lines_of(text)[0])
    return [SOURCE.splitlines()[number - 1].strip() for number in sorted(lines)]


def test_a_line_inside_a_statement_of_several_lines_stands_for_all_of_them() -> None:
    assert statement_of("        a,") == ["x = g(", "a,", ")"]


def test_a_compound_statement_is_its_header_without_its_body() -> None:
    assert statement_of("if x and") == ["if x and (", "a", "):"]
    assert statement_of("except ValueError") == ["try:", "except ValueError:"]


def test_a_definition_is_its_signature_and_decorators() -> None:
    assert statement_of("def f") == ["@decorate(", "1)", "def f(a=1):"]


def test_a_line_outside_any_statement_is_line_zero() -> None:
    assert _statement_lines(ast.parse("import os\n\n\nx = 1\n"), 2) == {0}
