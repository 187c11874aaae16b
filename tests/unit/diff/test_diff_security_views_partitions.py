"""Row-level security, policies, privileges, triggers, views and partitions."""

from __future__ import annotations

from diff_builders import catalog, col, diff, only, rules, table

from drift.diff import split_statements
from drift.model import Index, Policy, PrimaryKey, Privilege, Table, Trigger

# --- RLS and policies --------------------------------------------------------------------------


def docs(**kw: object) -> Table:
    return table("docs", "id", col("owner_id"), **kw)


POLICY = Policy(
    name="own_docs", roles=("app",), using="(owner_id = (current_setting('app.user'::text))::integer)"
)


def test_rls_enabled_and_forced() -> None:
    found = diff(catalog(docs(rls_enabled=True, rls_forced=True)), catalog(docs()))
    assert rules(found) == [
        ("table.rls_enabled", ("public", "docs")),
        ("table.rls_forced", ("public", "docs")),
    ]
    assert found[0].fix == "ALTER TABLE public.docs ENABLE ROW LEVEL SECURITY;"
    assert found[1].fix == "ALTER TABLE public.docs FORCE ROW LEVEL SECURITY;"
    assert all(f.severity == "error" for f in found)


def test_policy_missing_unexpected() -> None:
    f = only(diff(catalog(docs(policies=(POLICY,))), catalog(docs())))
    assert (f.rule, f.path) == ("policy.missing", ("public", "docs", "own_docs"))
    assert f.fix == (
        "CREATE POLICY own_docs ON public.docs AS PERMISSIVE FOR ALL TO app "
        "USING ((owner_id = (current_setting('app.user'::text))::integer));"
    )
    f = only(diff(catalog(docs()), catalog(docs(policies=(POLICY,)))))
    assert (f.rule, f.fix) == ("policy.unexpected", "DROP POLICY IF EXISTS own_docs ON public.docs;")


def test_policy_changed() -> None:
    changed = POLICY.model_copy(update={"using": "true", "roles": ("public",)})
    found = diff(catalog(docs(policies=(POLICY,))), catalog(docs(policies=(changed,))))
    assert [f.rule for f in found] == ["policy.roles", "policy.using"]
    assert found[0].fix == "ALTER POLICY own_docs ON public.docs TO app;"
    assert found[1].fix == (
        "ALTER POLICY own_docs ON public.docs USING ((owner_id = (current_setting('app.user'::text))::integer));"
    )
    restrictive = POLICY.model_copy(update={"permissive": False})
    f = only(diff(catalog(docs(policies=(POLICY,))), catalog(docs(policies=(restrictive,)))))
    assert f.rule == "policy.permissive"
    assert split_statements(f.fix or "")[0] == "DROP POLICY IF EXISTS own_docs ON public.docs"
    spaced = POLICY.model_copy(update={"using": "owner_id = current_setting('app.user')::integer"})
    assert diff(catalog(docs(policies=(POLICY,))), catalog(docs(policies=(spaced,)))) == []


# --- privileges --------------------------------------------------------------------------------


def test_privileges_are_info() -> None:
    sel = Privilege(grantee="app_reader", privilege="SELECT")
    ins = Privilege(grantee="PUBLIC", privilege="INSERT")
    found = diff(catalog(docs(privileges=(sel,))), catalog(docs(privileges=(ins,))))
    assert [(f.rule, f.path[-1], f.severity) for f in found] == [
        ("privilege.unexpected", "PUBLIC:INSERT", "info"),
        ("privilege.missing", "app_reader:SELECT", "info"),
    ]
    assert found[0].fix == "REVOKE INSERT ON TABLE public.docs FROM PUBLIC;"
    assert found[1].fix == "GRANT SELECT ON TABLE public.docs TO app_reader;"
    # the error policy makes unexpected objects errors, not privileges
    strict = diff(catalog(docs()), catalog(docs(privileges=(ins,))), default_unexpected="error")
    assert only(strict).severity == "info"


def test_grant_option() -> None:
    sel = Privilege(grantee="app", privilege="SELECT", grantable=True)
    f = only(
        diff(
            catalog(docs(privileges=(sel,))),
            catalog(docs(privileges=(sel.model_copy(update={"grantable": False}),))),
        )
    )
    assert (f.rule, f.fix) == (
        "privilege.grantable",
        "GRANT SELECT ON TABLE public.docs TO app WITH GRANT OPTION;",
    )


# --- triggers ----------------------------------------------------------------------------------

TRG = Trigger(
    name="docs_touch",
    definition="CREATE TRIGGER docs_touch BEFORE UPDATE ON public.docs FOR EACH ROW EXECUTE FUNCTION touch()",
)


def test_trigger_missing_changed_disabled() -> None:
    f = only(diff(catalog(docs(triggers=(TRG,))), catalog(docs())))
    assert (f.rule, f.fix) == ("trigger.missing", TRG.definition + ";")
    after = TRG.model_copy(update={"definition": TRG.definition.replace("BEFORE", "AFTER")})
    f = only(diff(catalog(docs(triggers=(TRG,))), catalog(docs(triggers=(after,)))))
    assert f.rule == "trigger.definition"
    assert split_statements(f.fix or "") == [
        "DROP TRIGGER IF EXISTS docs_touch ON public.docs",
        TRG.definition,
    ]
    off = TRG.model_copy(update={"enabled": "disabled"})
    f = only(diff(catalog(docs(triggers=(TRG,))), catalog(docs(triggers=(off,)))))
    assert (f.rule, f.fix) == ("trigger.enabled", "ALTER TABLE public.docs ENABLE TRIGGER docs_touch;")
    assert only(diff(catalog(docs()), catalog(docs(triggers=(TRG,))))).rule == "trigger.unexpected"


# --- views -------------------------------------------------------------------------------------


def view(definition: str, *columns: str, kind: str = "view") -> Table:
    return table("v", *columns, kind=kind, view_definition=definition)


def test_view_definition_canonical_and_changed() -> None:
    exp = catalog(view(" SELECT docs.id,\n    docs.owner_id\n   FROM docs;", "id", "owner_id"))
    same = catalog(view("select docs.id, docs.owner_id from docs", "id", "owner_id"))
    assert diff(exp, same) == []
    narrower = catalog(view(" SELECT docs.id\n   FROM docs;", "id"))
    f = only(diff(exp, narrower))
    assert f.rule == "view.definition"
    assert (f.fix or "").startswith("CREATE OR REPLACE VIEW public.v AS")
    wider = catalog(view(" SELECT docs.id,\n docs.owner_id, 1 AS x\n   FROM docs;", "id", "owner_id", "x"))
    f = only(diff(exp, wider))
    assert split_statements(f.fix or "")[0] == "DROP VIEW public.v"  # columns removed: replace is not enough


def test_materialized_view_is_rebuilt_with_indexes() -> None:
    mv = view(" SELECT 1 AS x;", "x", kind="materialized_view").model_copy(
        update={"indexes": (Index(name="v_x", keys=("x",)),)}
    )
    other = view(" SELECT 2 AS x;", "x", kind="materialized_view").model_copy(update={"indexes": mv.indexes})
    f = only(diff(catalog(mv), catalog(other)))
    assert f.rule == "materialized_view.definition"
    assert split_statements(f.fix or "") == [
        "DROP MATERIALIZED VIEW public.v",
        "CREATE MATERIALIZED VIEW public.v AS\nSELECT 1 AS x",
        "CREATE INDEX IF NOT EXISTS v_x ON public.v (x)",
    ]


# --- partitions --------------------------------------------------------------------------------


def parent(**kw: object) -> Table:
    base: dict[str, object] = {
        "kind": "partitioned_table",
        "partition_key": "RANGE (day)",
        "primary_key": PrimaryKey(name="events_pkey", columns=("day",)),
    }
    base.update(kw)
    return table("events", col("day", "date", nullable=False), "n", **base)


def part(name: str, bound: str, **kw: object) -> Table:
    return table(
        name,
        col("day", "date", nullable=False),
        "n",
        partition_of="public.events",
        partition_bound=bound,
        primary_key=PrimaryKey(name=f"{name}_pkey", columns=("day",)),
        **kw,
    )


JAN = "FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')"
FEB = "FOR VALUES FROM ('2024-02-01') TO ('2024-03-01')"


def test_missing_partitioned_table_is_one_finding_with_its_partitions() -> None:
    f = only(diff(catalog(parent(), part("events_2024_01", JAN)), catalog()))
    assert (f.rule, f.path) == ("table.missing", ("public", "events"))
    stmts = split_statements(f.fix or "")
    assert stmts[0].endswith(") PARTITION BY RANGE (day)")
    assert stmts[1] == f"CREATE TABLE public.events_2024_01 PARTITION OF public.events\n{JAN}"


def test_missing_partition() -> None:
    f = only(diff(catalog(parent(), part("events_2024_01", JAN)), catalog(parent())))
    assert (f.rule, f.path) == ("table.missing", ("public", "events_2024_01"))


def test_partition_bound_changed() -> None:
    f = only(diff(catalog(parent(), part("p", JAN)), catalog(parent(), part("p", FEB))))
    assert f.rule == "table.partition_bound"
    assert split_statements(f.fix or "") == [
        "ALTER TABLE public.events DETACH PARTITION public.p",
        f"ALTER TABLE public.events ATTACH PARTITION public.p {JAN}",
    ]


def test_detached_partition() -> None:
    detached = table(
        "p", col("day", "date", nullable=False), "n", primary_key=PrimaryKey(name="p_pkey", columns=("day",))
    )
    f = only(diff(catalog(parent(), part("p", JAN)), catalog(parent(), detached)))
    assert (f.rule, f.expected, f.actual) == ("table.partition_of", "public.events", None)
    assert f.fix == f"ALTER TABLE public.events ATTACH PARTITION public.p {JAN};"


def test_partition_key_changed_has_no_automatic_fix() -> None:
    f = only(diff(catalog(parent()), catalog(parent(partition_key="LIST (n)"))))
    assert (f.rule, f.fix) == ("table.partition_key", None)


def test_index_missing_on_parent_is_reported_once() -> None:
    pidx = Index(name="events_n_idx", keys=("n",))
    cidx = Index(name="p_n_idx", keys=("n",))
    exp = catalog(parent(indexes=(pidx,)), part("p", JAN, indexes=(cidx,)))
    act = catalog(parent(), part("p", JAN))
    assert rules(diff(exp, act)) == [("index.missing", ("public", "events", "events_n_idx"))]
