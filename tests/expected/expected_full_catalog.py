"""A hand-built catalog that uses every field of every object kind, with awkward names and text.

Used by the round-trip tests: `load_expected(write_expected(c))` must give `c` back exactly.
"""

from __future__ import annotations

from drift.model.catalog import (
    Catalog,
    CheckConstraint,
    Column,
    ColumnPrivilege,
    Domain,
    Enum,
    ExclusionConstraint,
    Extension,
    ForeignKey,
    Function,
    Index,
    Policy,
    PrimaryKey,
    Privilege,
    Schema,
    Sequence,
    Table,
    Trigger,
    UniqueConstraint,
)
from drift.model.identity import identity_sequence

# Text that YAML likes to reinterpret or mangle.
AWKWARD_TEXT = (
    "",
    " ",
    "null",
    "Null",
    "~",
    "true",
    "yes",
    "on",
    "No",
    "0",
    "-1",
    "1.5",
    "0o17",
    "0x1F",
    "1e3",
    ".inf",
    "2024-01-01",
    "=",
    "<<",
    "a: b",
    "a:b",
    "# not a comment",
    "x #y",
    "- dash",
    "[x]",
    "{x}",
    "a, b",
    "'quoted'",
    '"double"',
    "back\\slash",
    "it's",
    " lead",
    "trail ",
    "tab\there",
    "line\nbreak",
    "crlf\r\nline",
    "ends with newline\n",
    "two newlines\n\n",
    "\n",
    "\n\nleading newlines",
    "  indented\nfirst",
    "   \nspaces-only first line",
    "nbsp\u00a0here",
    "unicode ünï 日本 🐘",
    "\u2028line separator",
    "bom\ufeff",
    "ctrl\x01\x7f",
    "@at",
    "%percent",
    "!bang",
    "&anchor",
    "*alias",
    "|pipe",
    ">fold",
    "`tick",
    "?q",
    "trailing colon:",
)

VIEW_SQL = " SELECT u.id,\n    u.email\n   FROM public.users u\n  WHERE (u.active AND (u.email <> ''::text));"
FUNCTION_BODY = "\nBEGIN\n\tNEW.updated_at := now();  \n\n\tRETURN NEW;\nEND;\n"


def _users() -> Table:
    return Table(
        name="users",
        owner="app",
        comment="People who log in.\nSecond line.",
        columns=(
            Column(name="id", position=1, type="bigint", nullable=False, identity="always"),
            Column(name="email", position=2, type="text", nullable=False, collation="C", comment="login"),
            # position 3 was dropped
            Column(name="active", position=4, type="boolean", nullable=False, default="true"),
            Column(
                name="slug", position=5, type="text", generated="lower(email)", generated_storage="stored"
            ),
            Column(name="org_id", position=6, type="integer", identity="by default", nullable=False),
            Column(
                name="status", position=7, type="character varying(20)", default="'active'::character varying"
            ),
            Column(
                name="on", position=8, type='"integer not null"'
            ),  # a (quoted) type name that looks like shorthand
            Column(name="yes", position=9, type="numeric(10,2)", default="0"),
            Column(name="Mixed Case", position=10, type='"char"'),
            Column(name="tags", position=11, type="text[]", default="'{}'::text[]"),
            Column(
                name="shout", position=12, type="text", generated="upper(email)", generated_storage="virtual"
            ),
        ),
        # id's identity with options (written as identity_options), org_id's with the defaults
        # (not written, so not compared: see without_extension_objects)
        identity_sequences=(
            identity_sequence("users_id_seq", "users.id", "bigint", start=1000, increment=7, cache=20),
            identity_sequence("users_org_id_seq", "users.org_id", "integer"),
        ),
        primary_key=PrimaryKey(name="users_pkey", columns=("id",)),
        foreign_keys=(
            ForeignKey(
                name="users_org_fk",
                columns=("org_id",),
                ref_schema="Odd Schema ünï",
                ref_table="orgs",
                ref_columns=("id",),
                on_delete="CASCADE",
                on_update="SET NULL",
                match="FULL",
                deferrable=True,
                initially_deferred=True,
                validated=False,
            ),
            ForeignKey(
                name="users_self_fk",
                columns=("id",),
                ref_schema="public",
                ref_table="users",
                ref_columns=("id",),
            ),
        ),
        unique_constraints=(
            UniqueConstraint(name="users_email_key", columns=("email",)),
            UniqueConstraint(
                name="users_slug_org_key",
                columns=("slug", "org_id"),
                nulls_not_distinct=True,
                deferrable=True,
                initially_deferred=True,
            ),
        ),
        check_constraints=(
            CheckConstraint(name="users_email_check", expression="(email ~~ '%@%'::text)"),
            CheckConstraint(
                name="users_org_check", expression="(org_id > 0)", validated=False, no_inherit=True
            ),
        ),
        indexes=(
            Index(name="users_pkey", keys=("id",), unique=True, constraint="users_pkey"),
            Index(
                name="users_email_key",
                keys=("email",),
                unique=True,
                constraint="users_email_key",
                comment="hi",
            ),
            Index(
                name="users_slug_org_key",
                keys=("slug", "org_id"),
                unique=True,
                nulls_not_distinct=True,
                constraint="users_slug_org_key",
            ),
            Index(name="users_lower_email_idx", keys=("lower(email)",)),
            Index(
                name="users_active_idx",
                keys=("org_id", "id DESC NULLS LAST"),
                include=("email", "status"),
                method="btree",
                predicate="(active AND (status)::text <> 'x'::text)",
                valid=False,
                ready=False,
                tablespace="fast",
                comment="partial",
            ),
            Index(name="users_tags_idx", keys=("tags",), method="gin"),
            Index(name="users_unique_idx", keys=("email", "org_id"), unique=True, nulls_not_distinct=True),
        ),
        triggers=(
            Trigger(
                name="users_touch",
                definition="CREATE TRIGGER users_touch BEFORE UPDATE ON public.users "
                "FOR EACH ROW EXECUTE FUNCTION public.touch()",
            ),
            Trigger(
                name="users_audit",
                definition="CREATE TRIGGER users_audit AFTER INSERT ON public.users "
                "FOR EACH STATEMENT EXECUTE FUNCTION public.audit()",
                enabled="disabled",
            ),
        ),
        rls_enabled=True,
        rls_forced=True,
        policies=(
            Policy(name="everyone"),
            Policy(
                name="own rows",
                command="UPDATE",
                permissive=False,
                roles=("app", "admin"),
                using="(id = (current_setting('app.user_id'::text))::bigint)",
                with_check="(org_id IS NOT NULL)",
            ),
        ),
        privileges=(
            Privilege(grantee="PUBLIC", privilege="SELECT"),
            Privilege(grantee="admin", privilege="DELETE", grantable=True),
            Privilege(grantee="admin", privilege="SELECT", grantable=True),
            Privilege(grantee="app", privilege="INSERT"),
        ),
        column_privileges=(
            ColumnPrivilege(column="Mixed Case", grantee="analyst", privilege="SELECT"),
            ColumnPrivilege(column="email", grantee="PUBLIC", privilege="REFERENCES"),
            ColumnPrivilege(column="email", grantee="analyst", privilege="SELECT"),
            ColumnPrivilege(column="on", grantee="Odd Role", privilege="UPDATE", grantable=True),
            ColumnPrivilege(column="status", grantee="Odd Role", privilege="UPDATE", grantable=True),
        ),
    )


def _public() -> Schema:
    events = Table(
        name="events",
        kind="partitioned_table",
        owner="app",
        partition_key="RANGE (day)",
        columns=(Column(name="day", position=1, type="date", nullable=False),),
    )
    events_2024 = Table(
        name="events_2024",
        owner="app",
        partition_of="public.events",
        partition_bound="FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
        columns=(Column(name="day", position=1, type="date", nullable=False),),
    )
    events_default = Table(
        name="events_default",
        owner="app",
        partition_of="public.events",
        partition_bound="DEFAULT",
        unlogged=True,
        columns=(Column(name="day", position=1, type="date", nullable=False),),
    )
    child = Table(
        name="admins",
        owner=None,  # differs from the table owner the file names
        inherits=("public.users", "Odd Schema ünï.orgs"),
        columns=(Column(name="level", position=1, type="integer"),),
    )
    remote = Table(
        name="remote_things",
        kind="foreign_table",
        owner="app",
        columns=(Column(name="x", position=1, type="integer"),),
    )
    odd_kind = Table(name="partitioned_without_key", kind="partitioned_table", owner="app")
    keyed_table = Table(name="keyed_but_plain", kind="table", owner="app", partition_key="LIST (x)")
    active_users = Table(
        name="active_users",
        kind="view",
        owner="reporter",
        view_definition=VIEW_SQL,
        comment="Who is active",
        columns=(
            Column(name="id", position=1, type="bigint"),
            Column(name="email", position=2, type="text", default="'n/a'::text"),
        ),
        triggers=(
            Trigger(
                name="active_users_insert",
                definition="CREATE TRIGGER active_users_insert INSTEAD OF INSERT ON public.active_users "
                "FOR EACH ROW EXECUTE FUNCTION public.touch()",
            ),
        ),
        privileges=(Privilege(grantee="reporter", privilege="SELECT"),),
    )
    stats = Table(
        name="user_stats",
        kind="materialized_view",
        owner="app",
        view_definition=" SELECT count(*) AS n\n   FROM public.users;",
        columns=(Column(name="n", position=1, type="bigint"),),
        indexes=(Index(name="user_stats_n_idx", keys=("n",), unique=True),),
    )
    ext_table = Table(name="pg_stat_statements_info", owner="postgres", extension="pg_stat_statements")
    empty = Table(name="empty", owner="app")
    reservations = Table(
        name="reservations",
        owner="app",
        columns=(
            Column(name="room", position=1, type="integer"),
            Column(name="during", position=2, type="tsrange"),
        ),
        exclusion_constraints=(
            ExclusionConstraint(
                name="no_overlap", definition="EXCLUDE USING gist (room WITH =, during WITH &&)"
            ),
            ExclusionConstraint(
                name="no_overlap_later",
                definition="EXCLUDE USING gist (during WITH &&)",
                deferrable=True,
                initially_deferred=True,
            ),
        ),
        indexes=(
            Index(name="no_overlap", keys=("room", "during"), method="gist", constraint="no_overlap"),
            Index(name="no_overlap_later", keys=("during",), method="gist", constraint="no_overlap_later"),
        ),
    )
    odd_pk = Table(
        name="odd_pk",
        owner="app",
        columns=(Column(name="a", position=0, type="integer"), Column(name="b", position=0, type="integer")),
        primary_key=PrimaryKey(name="odd", columns=("a", "b"), deferrable=True, initially_deferred=True),
        indexes=(Index(name="odd", keys=("a", "b"), unique=True, constraint="odd"),),
    )
    pk_without_index = Table(
        name="pk_without_index_entry",
        owner="app",
        columns=(Column(name="a", position=1, type="integer", nullable=False),),
        primary_key=PrimaryKey(name="pk_without_index_entry_pkey", columns=("a",)),
        indexes=(
            Index(
                name="pk_without_index_entry_pkey",
                keys=('"a"',),  # spelled as reflection might: not what build.py would imply
                unique=True,
                constraint="pk_without_index_entry_pkey",
            ),
        ),
    )
    awkward = Table(
        name="awkward",
        owner="app",
        comment="every awkward string as a column name, string default and comment",
        columns=tuple(
            Column(
                name=text or "empty-name",
                position=i + 1,
                type="text",
                default="'" + text.replace("'", "''") + "'",  # a default is SQL, never a bare name
                comment=text,
            )
            for i, text in enumerate(AWKWARD_TEXT)
        ),
        check_constraints=tuple(
            CheckConstraint(name=f"check {i}", expression=text) for i, text in enumerate(AWKWARD_TEXT)
        ),
    )
    long_args = ", ".join(f"argument_number_{i} character varying(255)" for i in range(40))
    return Schema(
        name="public",
        owner="pg_database_owner",
        comment="standard public schema",
        tables=(
            _users(),
            events,
            events_2024,
            events_default,
            child,
            remote,
            odd_kind,
            keyed_table,
            active_users,
            stats,
            ext_table,
            empty,
            reservations,
            odd_pk,
            pk_without_index,
            awkward,
        ),
        sequences=(
            Sequence(name="plain_seq"),
            Sequence(
                name="users_id_seq",
                data_type="integer",
                start=100,
                increment=-2,
                min_value=-2147483648,
                max_value=9223372036854775807,
                cache=20,
                cycle=True,
                owned_by="users.id",
                comment="ids",
            ),
            Sequence(name="ext_seq", extension="some_ext"),
        ),
        enums=(
            Enum(name="mood", labels=("sad", "ok", "happy")),
            Enum(name="weird labels", labels=AWKWARD_TEXT, comment="labels YAML would mangle"),
            Enum(name="ext_enum", labels=("a",), extension="some_ext"),
            Enum(name="no_labels", labels=()),
        ),
        domains=(
            Domain(name="email", base_type="text"),
            Domain(
                name="positive",
                base_type="numeric(12,2)",
                nullable=False,
                default="1",
                checks=("(VALUE > (0)::numeric)", "(VALUE < (1000)::numeric)"),
                collation="C",
                comment="money",
            ),
            Domain(name="ext_domain", base_type="text", extension="some_ext"),
        ),
        functions=(
            Function(name="touch", returns="trigger", language="plpgsql", definition=FUNCTION_BODY),
            Function(
                name="add",
                arguments="a integer, b integer",
                returns="integer",
                volatility="immutable",
                strict=True,
                parallel="safe",
                config=('search_path=pg_catalog, "My Schema", pg_temp', "work_mem=64MB"),
                definition="SELECT a + b",
                comment="adds",
            ),
            Function(
                name="add", arguments="a numeric, b numeric", returns="numeric", definition="SELECT a + b"
            ),
            Function(
                name="do_things",
                arguments="IN x integer, INOUT y text",
                kind="procedure",
                language="plpgsql",
                security_definer=True,
                volatility="stable",
                definition="BEGIN y := y || x; END",
            ),
            Function(name="total", arguments="integer", kind="aggregate", returns="integer"),
            Function(
                name="ranker", kind="window", returns="bigint", language="internal", definition="window_rank"
            ),
            Function(name="long_signature", arguments=long_args, returns="void"),
            Function(name="gen_random_uuid", returns="uuid", language="c", extension="pgcrypto"),
        ),
    )


def full_catalog() -> Catalog:
    """Every field of every object kind, in three schemas plus awkward schema names."""
    odd = Schema(
        name="Odd Schema ünï",
        owner="someone else",
        tables=(
            Table(
                name="orgs",
                owner="someone else",
                columns=(Column(name="id", position=1, type="integer", nullable=False),),
                primary_key=PrimaryKey(name="orgs_pkey", columns=("id",)),
                indexes=(Index(name="orgs_pkey", keys=("id",), unique=True, constraint="orgs_pkey"),),
            ),
        ),
    )
    return Catalog(
        database="appdb",
        server_version="18.0",
        schemas=(
            _public(),
            odd,
            Schema(name="App"),
            Schema(name="app", comment="lower-case twin of App"),
            Schema(name="_database"),
            Schema(name=".hidden"),
            Schema(name="sub/dir"),
            Schema(name="empty_with_owner", owner="x"),
        ),
        extensions=(
            Extension(name="pgcrypto", version="1.3", schema_name="public"),
            Extension(name="hstore", version="1.8", schema_name="Odd Schema ünï"),
            Extension(name="plpgsql", version=None),
            Extension(name="some_ext", version="1.0"),
        ),
    )


def without_extension_objects(catalog: Catalog) -> Catalog:
    """What `write_expected` keeps: no database/server_version, no extension-owned objects, and
    only the identity sequences whose options differ from the defaults (`identity_options`)."""
    schemas = []
    for s in catalog.schemas:
        update = {
            kind: tuple(o for o in getattr(s, kind) if o.extension is None)
            for kind in ("tables", "sequences", "enums", "domains", "functions")
        }
        update["tables"] = tuple(table_as_written(t) for t in update["tables"])
        schemas.append(s.model_copy(update=update))
    return catalog.model_copy(update={"database": None, "server_version": None, "schemas": tuple(schemas)})


def identity_sequences_as_written(catalog: Catalog) -> Catalog:
    """`catalog` with each table's identity sequences as an expected-schema file keeps them."""
    schemas = tuple(
        s.model_copy(update={"tables": tuple(table_as_written(t) for t in s.tables)}) for s in catalog.schemas
    )
    return catalog.model_copy(update={"schemas": schemas})


def table_as_written(table: Table) -> Table:
    """`table` as an expected-schema file gives it back: only the identity sequences whose options
    differ from the server's defaults (what `drift init` writes as `identity_options`), named as
    the loader names them; no options (None) when it has none (`options` is then not written)."""
    if table.options == ():
        table = table.model_copy(update={"options": None})
    if not table.identity_sequences:
        return table
    types = {c.name: c.type for c in table.columns}
    kept = []
    for seq in table.identity_sequences:
        column = (seq.owned_by or "").split(".", 1)[1]
        if seq.model_copy(update={"name": ""}) != identity_sequence("", seq.owned_by or "", types[column]):
            kept.append(seq.model_copy(update={"name": f"{table.name}_{column}_seq"}))
    return table.model_copy(update={"identity_sequences": tuple(kept)})
