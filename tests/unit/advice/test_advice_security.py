"""plaintext-secret, rls-disabled-with-policies, public-table-grant."""

from __future__ import annotations

import pytest
from advice_builders import catalog, col, paths, run, table

from drift.advice.security import secret_kind
from drift.model import Column, Policy, Privilege


@pytest.mark.parametrize(
    ("name", "type_", "kind"),
    [
        ("access_token", "text", "secret"),
        ("refresh_token", "text", "secret"),
        ("accessToken", "character varying(255)", "secret"),
        ("token", "text", "secret"),
        ("password_reset_token", "text", "secret"),
        ("client_secret", "text", "secret"),
        ("api_key", "character varying", "secret"),
        ("apikey", "text", "secret"),
        ("APIKey", "text", "secret"),
        ("stripe_secret_key", "text", "secret"),
        ("aws_access_key", "text", "secret"),
        ("ssh_private_key", "text", "secret"),
        ("oauth_tokens", "jsonb", "secret"),
        ("backup_tokens", "text[]", "secret"),
        ("password", "text", "password"),
        ("passwd", "character varying(64)", "password"),
        # metadata about a secret, a transformed secret, or not text
        ("token_expiry", "timestamp without time zone", None),
        ("token_expiry", "text", None),
        ("token_type", "text", None),
        ("api_key_id", "text", None),
        ("api_key_last4", "text", None),
        ("refresh_token_at", "timestamp with time zone", None),
        ("password_hash", "text", None),
        ("hashed_password", "text", None),
        ("encrypted_password", "character varying", None),
        ("password_digest", "text", None),
        ("access_token_enc", "text", None),
        ("encrypted_access_token", "bytea", None),
        ("access_token", "bytea", None),
        ("token_count", "integer", None),
        ("has_token", "boolean", None),
        ("public_key", "text", None),
        ("key", "text", None),
        ("tokenizer", "text", None),
    ],
)
def test_secret_kind(name: str, type_: str, kind: str | None) -> None:
    assert secret_kind(Column(name=name, type=type_)) == kind


def test_comment_saying_hash_clears_password() -> None:
    assert secret_kind(Column(name="password", type="text", comment="bcrypt hash")) is None


def test_tokens_are_warnings_password_is_info() -> None:
    users = table("users", "id", col("password", "text"))
    accounts = table(
        "social_accounts",
        "id",
        col("access_token", "text"),
        col("refresh_token", "text"),
        col("token_expiry", "timestamp without time zone"),
    )
    found = run(catalog(users, accounts), rule="plaintext-secret")
    assert {f.path: f.severity for f in found} == {
        ("public", "social_accounts", "access_token"): "warning",
        ("public", "social_accounts", "refresh_token"): "warning",
        ("public", "users", "password"): "info",
    }
    pw = next(f for f in found if f.path[1] == "users")
    assert "hash" in pw.message
    assert all(f.fix is None for f in found)


def test_configured_severity_overrides_the_per_column_default() -> None:
    users = table("users", "id", col("password", "text"), col("api_token", "text"))
    found = run(catalog(users), rule="plaintext-secret", severity="error")
    assert {f.severity for f in found} == {"error"}


def test_rls_disabled_with_policies() -> None:
    pol = Policy(name="own_rows", using="(owner = CURRENT_USER)")
    off = table("docs", "id", policies=(pol,))
    on = table("notes", "id", policies=(pol,), rls_enabled=True)
    bare = table("plain", "id")
    (f,) = run(catalog(off, on, bare), rule="rls-disabled-with-policies")
    assert f.path == ("public", "docs")
    assert f.fix is not None and f.fix.endswith("ALTER TABLE public.docs ENABLE ROW LEVEL SECURITY;")


def test_public_grants() -> None:
    read = table("ref", "id", privileges=(Privilege(grantee="PUBLIC", privilege="SELECT"),))
    write = table(
        "open",
        "id",
        privileges=(
            Privilege(grantee="PUBLIC", privilege="INSERT"),
            Privilege(grantee="PUBLIC", privilege="SELECT"),
            Privilege(grantee="app", privilege="DELETE"),
        ),
    )
    found = run(catalog(read, write), rule="public-table-grant")
    assert paths(found) == [("public", "open", "PUBLIC"), ("public", "ref", "PUBLIC")]
    assert [f.severity for f in found] == ["warning", "info"]
    assert found[0].fix == "REVOKE INSERT, SELECT ON public.open FROM PUBLIC;"
