"""`load_orm_target`: both target forms, every kind of attribute, and one-line errors for bad input.

No server needed. Each test writes its models into a fresh directory under a module name of its
own, so imports never leak between tests.
"""

from __future__ import annotations

import sys
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from drift.errors import InputError
from drift.sources.orm import load_orm_target

MODELS = """
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)


reporting = sa.MetaData(schema="reporting")
sa.Table("daily", reporting, sa.Column("day", sa.Date, primary_key=True))
ALL = [Base, reporting]
engine_url = "postgresql://localhost/app"
"""


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, str]]:
    """A current directory holding a package with a unique name; its modules are forgotten after."""
    package = f"app_{uuid.uuid4().hex[:8]}"
    (tmp_path / package).mkdir()
    (tmp_path / package / "__init__.py").write_text("")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))
    yield tmp_path, package
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]


def _write(root: Path, relative: str, source: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source))


def _error(target: str) -> str:
    with pytest.raises(InputError) as err:
        load_orm_target(target)
    message = str(err.value)
    assert "\n" not in message, "errors are one line"
    return message


def test_module_form_with_a_declarative_base(workdir: tuple[Path, str]) -> None:
    root, package = workdir
    _write(root, f"{package}/models.py", MODELS)
    [metadata] = load_orm_target(f"{package}.models:Base")
    assert list(metadata.tables) == ["users"]


def test_metadata_list_and_dotted_attribute(workdir: tuple[Path, str]) -> None:
    root, package = workdir
    _write(root, f"{package}/models.py", MODELS)
    both = load_orm_target(f"{package}.models:ALL")
    assert [sorted(md.tables) for md in both] == [["users"], ["reporting.daily"]]
    [metadata] = load_orm_target(f"{package}.models:reporting")
    assert isinstance(metadata, sa.MetaData) and metadata is both[1]
    assert load_orm_target(f"{package}.models:Base.metadata") == both[:1]
    assert load_orm_target(f"{package}.models:User") == both[:1]  # a mapped class has the metadata too


def test_file_form_inside_a_package_uses_relative_imports(workdir: tuple[Path, str]) -> None:
    root, package = workdir
    _write(root, f"{package}/base.py", MODELS)
    _write(root, f"{package}/models.py", "from .base import Base, User\n")
    [metadata] = load_orm_target(f"{package}/models.py:Base")
    assert list(metadata.tables) == ["users"]
    # the same module object as the dotted form: the tables are not defined twice
    assert load_orm_target(f"{package}.models:Base") == [metadata]


def test_file_form_outside_a_package(workdir: tuple[Path, str]) -> None:
    root, _ = workdir
    name = f"loose_{uuid.uuid4().hex[:8]}"
    _write(root, f"somewhere/{name}.py", MODELS)
    try:
        [metadata] = load_orm_target(f"somewhere/{name}.py:Base")
        assert list(metadata.tables) == ["users"]
    finally:
        sys.modules.pop(name, None)


def test_no_colon_says_the_expected_form() -> None:
    message = _error("app.models")
    assert "'package.module:attr'" in message and "'path/to/models.py:attr'" in message


@pytest.mark.parametrize("target", ["app.models:", ":Base", ""])
def test_empty_parts_say_the_expected_form(target: str) -> None:
    assert "must be 'package.module:attr'" in _error(target)


def test_missing_module(workdir: tuple[Path, str]) -> None:
    message = _error("no_such_module_anywhere.models:Base")
    assert "cannot import ORM module 'no_such_module_anywhere.models'" in message
    assert "no module named 'no_such_module_anywhere'" in message
    assert "current directory" in message


def test_error_raised_while_importing(workdir: tuple[Path, str]) -> None:
    root, package = workdir
    _write(root, f"{package}/models.py", "import os\n\nRATIO = 1 / 0\n")
    message = _error(f"{package}.models:Base")
    assert f"importing ORM module '{package}.models' failed" in message
    assert "ZeroDivisionError: division by zero" in message
    assert "models.py, line 3" in message


def test_missing_dependency_of_the_module(workdir: tuple[Path, str]) -> None:
    root, package = workdir
    _write(root, f"{package}/models.py", "import flask_sqlalchemy_not_installed\n")
    message = _error(f"{package}.models:db")
    assert f"importing ORM module '{package}.models' failed" in message
    assert "ModuleNotFoundError: No module named 'flask_sqlalchemy_not_installed'" in message


def test_syntax_error_in_the_module(workdir: tuple[Path, str]) -> None:
    root, package = workdir
    _write(root, f"{package}/models.py", "x = 1\nclass Broken(\n")
    message = _error(f"{package}.models:Base")
    assert "SyntaxError" in message and "line 2" in message


def test_error_from_sqlalchemy_while_mapping(workdir: tuple[Path, str]) -> None:
    root, package = workdir
    _write(
        root,
        f"{package}/models.py",
        """
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

        class Base(DeclarativeBase):
            pass

        class NoKey(Base):
            __tablename__ = "no_key"
            name: Mapped[str] = mapped_column()
        """,
    )
    message = _error(f"{package}.models:Base")
    assert "ArgumentError" in message and "primary key" in message
    assert "models.py, line" in message  # the line in the user's file, not in SQLAlchemy


def test_missing_attribute_lists_what_looks_like_metadata(workdir: tuple[Path, str]) -> None:
    root, package = workdir
    _write(root, f"{package}/models.py", MODELS)
    message = _error(f"{package}.models:Bsae")
    assert f"ORM module '{package}.models' has no attribute 'Bsae'" in message
    assert "it exports Base (declarative base), reporting (MetaData)" in message
    assert "User" not in message  # mapped classes are not offered: the base is what to name


def test_missing_attribute_in_a_module_without_metadata(workdir: tuple[Path, str]) -> None:
    root, package = workdir
    _write(root, f"{package}/models.py", "X = 1\n")
    assert "nothing in the module looks like SQLAlchemy metadata" in _error(f"{package}.models:Base")


def test_attribute_of_the_wrong_kind(workdir: tuple[Path, str]) -> None:
    root, package = workdir
    _write(root, f"{package}/models.py", MODELS)
    message = _error(f"{package}.models:engine_url")
    assert "is a str, not a declarative base class, a MetaData or a list of them" in message
    assert "it exports Base (declarative base)" in message


def test_missing_file() -> None:
    message = _error("does/not/exist.py:Base")
    assert "ORM models file does/not/exist.py does not exist" in message


def test_file_that_is_not_python(workdir: tuple[Path, str]) -> None:
    root, _ = workdir
    _write(root, "models/schema.sql", "CREATE TABLE t ();\n")
    assert "is not a .py file" in _error("models/schema.sql:Base")
