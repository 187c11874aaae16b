"""Configuration layering and its one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from drift.config import load_config
from drift.errors import ConfigError


def test_layers_file_env_flags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg_file = tmp_path / "drift.toml"
    cfg_file.write_text(
        'dsn = "postgresql://file/db"\nfail_on = "warning"\nschemas = ["app"]\n'
        'expected = "schema_dir"\n[severity]\n"column.default" = "info"\n'
        '[[ignore]]\npath = "public.legacy_*"\nreason = "being retired"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("DRIFT_FAIL_ON", "info")
    monkeypatch.delenv("DRIFT_DSN", raising=False)
    cfg = load_config(cfg_file, dsn="postgresql://flag/db")
    assert cfg.dsn == "postgresql://flag/db"  # flag beats file
    assert cfg.fail_on == "info"  # env beats file
    assert cfg.schemas == ["app"]
    assert cfg.expected == (tmp_path / "schema_dir").resolve()  # relative to the file
    assert cfg.severity_for("column.default", "error") == "info"
    assert cfg.severity_for("column.type", "error") == "error"
    assert cfg.ignored_by("public.legacy_orders.id", "column.type") is not None
    assert cfg.ignored_by("public.orders", "table.missing") is None


def test_dsn_order_with_a_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # --dsn, then DRIFT_DSN, then DATABASE_URL, then the file: environment variables beat a file.
    cfg_file = tmp_path / "drift.toml"
    cfg_file.write_text('dsn = "postgresql://file/db"\n', encoding="utf-8")
    monkeypatch.delenv("DRIFT_DSN", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert load_config(cfg_file).dsn == "postgresql://file/db"
    monkeypatch.setenv("DATABASE_URL", "postgresql://database-url/db")
    assert load_config(cfg_file).dsn == "postgresql://database-url/db"
    monkeypatch.setenv("DRIFT_DSN", "postgresql://drift-dsn/db")
    assert load_config(cfg_file).dsn == "postgresql://drift-dsn/db"
    assert load_config(cfg_file, dsn="postgresql://flag/db").dsn == "postgresql://flag/db"


def test_pyproject_section(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.drift]\nfail_on = "warning"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DRIFT_FAIL_ON", raising=False)
    assert load_config().fail_on == "warning"


def test_unknown_key_suggests_the_closest(tmp_path: Path) -> None:
    cfg_file = tmp_path / "drift.toml"
    cfg_file.write_text('fail_onn = "warning"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown key 'fail_onn' \(did you mean 'fail_on'\?\)"):
        load_config(cfg_file)


def test_bad_value_and_bad_toml(tmp_path: Path) -> None:
    cfg_file = tmp_path / "drift.toml"
    cfg_file.write_text('fail_on = "sometimes"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"drift\.toml: 'fail_on'"):
        load_config(cfg_file)
    cfg_file.write_text("fail_on = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(cfg_file)


def test_ignore_entry_needs_a_reason(tmp_path: Path) -> None:
    cfg_file = tmp_path / "drift.toml"
    cfg_file.write_text('[[ignore]]\npath = "x.*"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"ignore\.0\.reason"):
        load_config(cfg_file)
