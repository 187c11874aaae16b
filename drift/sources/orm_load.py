"""Find the application's SQLAlchemy metadata from a `--orm` target such as `app.models:Base`.

Why this exists: importing someone else's models module runs their code, and what goes wrong there
(a typo in the target, a missing dependency, a module-level error) must come back as one line that
says what to fix, never a traceback from deep inside importlib.
"""

from __future__ import annotations

import importlib
import os
import sys
import sysconfig
import traceback
from pathlib import Path
from types import ModuleType

from sqlalchemy import MetaData
from sqlalchemy.orm import registry as Registry

from drift.errors import InputError

_LIBRARY_DIRS = tuple({sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")})
FORM = "'package.module:attr' or 'path/to/models.py:attr' (e.g. app.models:Base)"


def load_orm_target(target: str) -> list[MetaData]:
    """Import `target` and return the MetaData it names, in order and without duplicates.

    `package.module:attr` is imported with the current directory on `sys.path`; `path/to/models.py:attr`
    is imported from its file (as part of its package when its folder has an `__init__.py`). `attr`
    (dotted, e.g. `Base.metadata`, is fine) may be a declarative base class, a `MetaData`, a
    `registry`, or a list/tuple of them.
    """
    module_part, sep, attr = target.strip().rpartition(":")
    if not sep or not module_part or not attr:
        raise InputError(f"ORM target {target!r} must be {FORM}")
    if module_part.endswith(".py") or "/" in module_part or os.sep in module_part:
        module = _import_file(module_part)
    else:
        module = _import_module(module_part)
    obj: object = module
    for part in attr.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise InputError(_missing_attribute(module, module_part, attr)) from None
    metadatas = _as_metadatas(obj)
    if metadatas is None:
        raise InputError(
            f"ORM target {target!r} is a {type(obj).__name__}, not a declarative base class, "
            f"a MetaData or a list of them{_exports_hint(module)}"
        )
    return metadatas


def _as_metadatas(obj: object) -> list[MetaData] | None:
    items = list(obj) if isinstance(obj, list | tuple) else [obj]
    out: list[MetaData] = []
    for item in items:
        metadata = item if isinstance(item, MetaData) else getattr(item, "metadata", None)
        if not isinstance(metadata, MetaData):
            return None
        if not any(metadata is seen for seen in out):
            out.append(metadata)
    return out


def metadata_candidates(module: ModuleType) -> list[str]:
    """Public names in `module` that look like metadata, as `name (kind)`."""
    found = []
    for name, value in sorted(vars(module).items()):
        if name.startswith("_"):
            continue
        if isinstance(value, MetaData):
            found.append(f"{name} (MetaData)")
        elif isinstance(value, Registry):
            found.append(f"{name} (registry)")
        elif isinstance(value, type) and isinstance(value.__dict__.get("metadata"), MetaData):
            found.append(f"{name} (declarative base)")
    return found


def _exports_hint(module: ModuleType) -> str:
    candidates = metadata_candidates(module)
    if not candidates:
        return "; nothing in the module looks like SQLAlchemy metadata (a declarative base or a MetaData)"
    return "; it exports " + ", ".join(candidates)


def _missing_attribute(module: ModuleType, module_name: str, attr: str) -> str:
    return f"ORM module {module_name!r} has no attribute {attr!r}{_exports_hint(module)}"


def _import_module(name: str) -> ModuleType:
    cwd = os.getcwd()
    if cwd not in sys.path and "" not in sys.path:
        sys.path.insert(0, cwd)
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as e:
        if e.name and (name == e.name or name.startswith(e.name + ".")):
            raise InputError(
                f"cannot import ORM module {name!r}: no module named {e.name!r} "
                f"(looked in the current directory {cwd} and on sys.path)"
            ) from None
        raise InputError(_import_failure(name, e)) from None
    except (Exception, SystemExit) as e:
        raise InputError(_import_failure(name, e)) from None


def _import_file(path_text: str) -> ModuleType:
    path = Path(path_text)
    if not path.is_file():
        raise InputError(f"ORM models file {path_text} does not exist (expected {FORM})")
    path = path.resolve()
    if path.suffix != ".py":
        raise InputError(f"ORM models file {path_text} is not a .py file (expected {FORM})")
    # Import it under its package name when it sits in a package, so its own imports (relative or
    # absolute) see the same module objects and no table is defined twice.
    root, parts = path.parent, [path.stem]
    while (root / "__init__.py").is_file():
        parts.insert(0, root.name)
        root = root.parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    name = ".".join(parts)
    module = sys.modules.get(name)
    if module is not None and Path(getattr(module, "__file__", "") or "").resolve() != path:
        raise InputError(
            f"ORM models file {path_text} would be imported as {name!r}, which is already another "
            "module; use the 'package.module:attr' form"
        )
    try:
        return importlib.import_module(name)
    except (Exception, SystemExit) as e:
        raise InputError(_import_failure(path_text, e)) from None


def _import_failure(name: str, error: BaseException) -> str:
    """One line: which module, which error, and where in the user's code it was raised."""
    message = str(error).strip().splitlines()[0] if str(error).strip() else ""
    where = ""
    if isinstance(error, SyntaxError) and error.filename:
        where = f" ({error.filename}, line {error.lineno})"
        message = error.msg
    else:
        frames = [f for f in traceback.extract_tb(error.__traceback__) if not f.filename.startswith("<")]
        # the innermost frame in the user's code, not in SQLAlchemy or the standard library
        user = [f for f in frames if not f.filename.startswith(_LIBRARY_DIRS)] or frames
        if user:
            where = f" ({user[-1].filename}, line {user[-1].lineno})"
    detail = f"{type(error).__name__}: {message}" if message else type(error).__name__
    return f"importing ORM module {name!r} failed: {detail}{where}"
