"""Security rules: `plaintext-secret`, `rls-disabled-with-policies`, `public-table-grant`.

drift never reads rows, so `plaintext-secret` judges by names and types: a text column whose name
ends in a secret noun (token, secret, api key, password...) probably holds that secret readable by
anyone with SELECT, in every backup and every replica.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from drift.advice.column_scan import column_text_test
from drift.advice.rule import RuleContext
from drift.advice.sqltext import name_words, qualified
from drift.model import Column, Finding, Severity

# --- plaintext-secret --------------------------------------------------------------------------

# The last word(s) of the name must be one of these: `token_expiry` or `api_key_id` are metadata
# about a secret, not the secret.
_SECRET_LAST_WORDS = frozenset(
    {"token", "tokens", "secret", "secrets", "apikey", "apikeys", "passphrase", "credential", "credentials"}
)
_SECRET_KEYS = frozenset({"api", "access", "private", "secret", "signing", "encryption", "master"})
_PASSWORD_WORDS = frozenset({"password", "passwords", "passwd", "pwd"})
# Any of these words says the value is transformed, not the secret itself.
_TRANSFORMED = frozenset(
    {
        "hash",
        "hashed",
        "digest",
        "bcrypt",
        "scrypt",
        "argon",
        "argon2",
        "pbkdf2",
        "crypt",
        "crypted",
        "encrypted",
        "enc",
        "cipher",
        "ciphertext",
        "sha",
        "sha1",
        "sha256",
        "sha512",
        "md5",
        "salt",
        "hmac",
        "kms",
        "vault",
    }
)
_COMMENT_SAYS_SAFE = re.compile(r"hash|bcrypt|scrypt|argon|pbkdf|encrypt|digest", re.IGNORECASE)
_TEXTUAL = re.compile(
    r"^(?:[\w\"]+\.)?(?:text|character varying|character|varchar|citext|json|jsonb)(?:\(\d+\))?(?:\[\])?$"
)


def secret_kind(column: Column) -> str | None:
    """'password', 'secret' or None, from the column's name, type and comment."""
    return _secret_kind(column.name, column.type, column.comment)


@column_text_test
def _secret_kind(name: str, type_: str, comment: str | None) -> str | None:
    if not _TEXTUAL.match(type_):
        return None
    words = name_words(name)
    if not words or _TRANSFORMED & set(words):
        return None
    if comment and _COMMENT_SAYS_SAFE.search(comment):
        return None
    last = words[-1]
    if last in _PASSWORD_WORDS:
        return "password"
    if last in _SECRET_LAST_WORDS:
        return "secret"
    if last in ("key", "keys") and len(words) >= 2 and words[-2] in _SECRET_KEYS:
        return "secret"
    return None


def check_plaintext_secret(ctx: RuleContext) -> Iterator[Finding]:
    for schema, table, column in ctx.columns_where(_secret_kind):
        kind = secret_kind(column)
        if kind is None:
            continue
        where = f"{schema.name}.{table.name}.{column.name}"
        severity: Severity
        if kind == "password":
            severity = "info"
            message = (
                f"Column {where} ({column.type}) is named like a password. Confirm it stores a "
                "salted hash (bcrypt, scrypt, argon2), never the password itself; if so, say so in "
                "the name (password_hash) or a column comment mentioning the hash."
            )
        else:
            severity = "warning"
            message = (
                f"Column {where} ({column.type}) is named like a secret and is stored as plain "
                "text: anyone with SELECT on the table, every backup, replica and log of it can use "
                "it. Encrypt it in the application (or keep it in a secrets manager) and store the "
                "ciphertext, or store only a hash if the value is just compared."
            )
        yield ctx.finding(
            object_type="column",
            path=(schema.name, table.name, column.name),
            message=message,
            evidence={
                "type": column.type,
                "looks_like": kind,
                "name_words": name_words(column.name),
                "comment": column.comment,
            },
            severity=severity,
        )


# --- rls-disabled-with-policies ----------------------------------------------------------------


def check_rls_disabled_with_policies(ctx: RuleContext) -> Iterator[Finding]:
    for schema, table in ctx.user_tables(partitions=False):
        if not table.policies or table.rls_enabled:
            continue
        names = [p.name for p in table.policies]
        yield ctx.finding(
            object_type="table",
            path=(schema.name, table.name),
            message=(
                f"Table {schema.name}.{table.name} has {len(names)} row-level security "
                f"polic{'y' if len(names) == 1 else 'ies'} ({', '.join(names)}) but row-level "
                "security is disabled, so none of them is applied: every role with table privileges "
                "sees and changes every row."
            ),
            evidence={"policies": names, "rls_enabled": False, "rls_forced": table.rls_forced},
            fix=(
                "-- check first that every role that must keep access has a permissive policy\n"
                f"ALTER TABLE {qualified(schema.name, table.name)} ENABLE ROW LEVEL SECURITY;"
            ),
        )


# --- public-table-grant ------------------------------------------------------------------------

_WRITE_PRIVILEGES = frozenset({"INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"})


def check_public_table_grant(ctx: RuleContext) -> Iterator[Finding]:
    for schema, table in ctx.user_tables("table", "partitioned_table", "view", "materialized_view"):
        granted = sorted({p.privilege.upper() for p in table.privileges if p.grantee.upper() == "PUBLIC"})
        if not granted:
            continue
        writes = [p for p in granted if p in _WRITE_PRIVILEGES]
        target = qualified(schema.name, table.name)
        yield ctx.finding(
            object_type="privilege",
            path=(schema.name, table.name, "PUBLIC"),
            message=(
                f"{schema.name}.{table.name} grants {', '.join(granted)} to PUBLIC: every role that can "
                "log in to this database has "
                + ("write access to it, including roles created later." if writes else "read access to it.")
            ),
            evidence={"privileges": granted, "grantee": "PUBLIC", "kind": table.kind},
            fix=f"REVOKE {', '.join(granted)} ON {target} FROM PUBLIC;",
            severity="warning" if writes else "info",
        )
