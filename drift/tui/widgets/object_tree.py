"""The object tree: schemas > tables > columns, indexes, constraints; views, functions, sequences, enums.

Each node carries a `NodeRef` (its kind and finding-style path) and a severity glyph when findings sit
at or under it. Table members are added when a table is first expanded, so a 5,000-table database
builds in a blink. Objects the database lacks but a finding names ("missing") appear as dim ghosts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from drift.model import Catalog, Finding, Schema, Severity, Table
from drift.model.findings import SEVERITY_RANK
from drift.tui.widgets.severity import label

EXPAND_SCHEMAS = 3  # open every schema on the first load when there are at most this many
EXPAND_TABLES = 100  # and its Tables group when it holds at most this many tables
_CONSTRAINT_TYPES = ("primary_key", "foreign_key", "unique", "check", "exclusion")
_MEMBER_GROUP = {
    "column": "Columns",
    "index": "Indexes",
    "trigger": "Triggers",
    "policy": "Policies",
    **dict.fromkeys(_CONSTRAINT_TYPES, "Constraints"),
}


Item = tuple[str, str, tuple[str, ...], str]  # kind, name, path, note (a type, "PK", "missing", ...)


@dataclass(frozen=True)
class NodeRef:
    """What a tree node stands for. `kind` is a Finding.object_type, 'database' or 'group'."""

    kind: str
    path: tuple[str, ...] = ()
    group: str = ""


def _worst(severities: Iterable[Severity | None]) -> Severity | None:
    found: list[Severity] = [s for s in severities if s is not None]
    if not found:
        return None
    return max(found, key=SEVERITY_RANK.__getitem__)


class ObjectTree(Tree[NodeRef]):
    """Tree of the live database's objects, marked with the worst severity under each node."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("database", data=NodeRef("database"), id=id)
        self.catalog = Catalog()
        self.worst: dict[tuple[str, ...], Severity] = {}
        self._ghosts: dict[tuple[str, ...], list[Finding]] = {}
        self._filled: set[tuple[str, ...]] = set()
        self._pending: dict[NodeRef, list[Item]] = {}
        self.guide_depth = 2
        self.show_root = True

    # building -------------------------------------------------------------------------------
    def show(
        self, catalog: Catalog, findings: Iterable[Finding], worst: dict[tuple[str, ...], Severity]
    ) -> None:
        """Rebuild from a new load, keeping the expanded nodes and the cursor where they were."""
        expanded = self._expanded_refs()
        cursor = self.cursor_node.data if self.cursor_node is not None else None
        self.catalog, self.worst = catalog, worst
        self._ghosts = {}
        for f in findings:
            if f.change == "missing":
                self._ghosts.setdefault(f.path[:-1], []).append(f)
        self._filled = set()
        self._pending = {}
        self.clear()
        root = self.root
        root.set_label(label(catalog.database or "database", _worst(worst.values())))
        for schema in catalog.schemas:
            self._add_schema(root, schema, expand=len(catalog.schemas) <= EXPAND_SCHEMAS)
        for f in self._ghosts.get((), []):
            root.add_leaf(
                label(f.path[0], f.severity, dim=True, suffix="missing"), NodeRef(f.object_type, f.path)
            )
        root.expand()
        self._restore(root, expanded, cursor)

    def _expanded_refs(self) -> set[NodeRef]:
        refs: set[NodeRef] = set()
        stack = [self.root]
        while stack:
            node = stack.pop()
            if node.is_expanded and node.data is not None:
                refs.add(node.data)
            stack.extend(node.children)
        return refs

    def _restore(self, node: TreeNode[NodeRef], expanded: set[NodeRef], cursor: NodeRef | None) -> None:
        for child in node.children:
            if child.data in expanded:
                self._fill(child)
                child.expand()
                self._restore(child, expanded, cursor)
            if cursor is not None and child.data == cursor:
                self.move_cursor(child)

    def _add_schema(self, parent: TreeNode[NodeRef], schema: Schema, *, expand: bool) -> None:
        path = (schema.name,)
        node = parent.add(label(schema.name, self.worst.get(path)), NodeRef("schema", path), expand=expand)
        name = schema.name
        groups: list[tuple[str, list[Item]]] = [
            ("Tables", [("table", t.name, (name, t.name), "") for t in schema.tables if not t.is_view]),
            ("Views", [(t.kind, t.name, (name, t.name), "") for t in schema.tables if t.is_view]),
            ("Functions", [("function", f.signature, (name, f.signature), "") for f in schema.functions]),
            ("Sequences", [("sequence", s.name, (name, s.name), "") for s in schema.sequences]),
            ("Enums", [("enum", e.name, (name, e.name), "") for e in schema.enums]),
            ("Domains", [("domain", d.name, (name, d.name), "") for d in schema.domains]),
        ]
        ghosts = self._ghosts.get(path, [])
        for title, items in groups:
            items += [
                (g.object_type, g.path[-1], g.path, "missing")
                for g in ghosts
                if _group_of_schema_member(g.object_type) == title
            ]
            self._add_group(
                node, path, title, items, expand=title == "Tables" and len(items) <= EXPAND_TABLES
            )

    def _add_group(
        self, parent: TreeNode[NodeRef], path: tuple[str, ...], title: str, items: list[Item], *, expand: bool
    ) -> None:
        """A 'Tables (12)' style node; its children are added when it is first expanded."""
        if not items:
            return
        real = sum(1 for item in items if item[3] != "missing")
        ref = NodeRef("group", path, title)
        worst = _worst(self.worst.get(item[2]) for item in items)
        group = parent.add(label(f"{title} ({real})", worst), ref)
        self._pending[ref] = items
        if expand:
            self._fill(group)
            group.expand()

    def _fill(self, node: TreeNode[NodeRef]) -> None:
        """Add a group's objects, or a table's member groups, the first time the node opens."""
        ref = node.data
        if ref is None:
            return
        items = self._pending.pop(ref, None)
        if items is not None:
            for kind, name, path, note in items:
                ghost = note == "missing"
                text = label(name, self.worst.get(path), dim=ghost, suffix=note)
                if kind in ("table", "view", "materialized_view") and not ghost:
                    node.add(text, NodeRef(kind, path))
                else:
                    node.add_leaf(text, NodeRef(kind, path))
            return
        if ref.kind not in ("table", "view", "materialized_view") or ref.path in self._filled:
            return
        self._filled.add(ref.path)
        table = self.catalog.get_table(*ref.path[:2])
        if table is None:
            return
        members = _members(table, ref.path)
        for f in self._ghosts.get(ref.path, []):
            members.setdefault(_MEMBER_GROUP.get(f.object_type, "Other"), []).append(
                (f.object_type, f.path[-1], f.path, "missing")
            )
        for title, group_items in members.items():
            self._add_group(node, ref.path, title, group_items, expand=False)

    def _on_tree_node_expanded(self, event: Tree.NodeExpanded[NodeRef]) -> None:
        self._fill(event.node)

    def find_node(self, path: tuple[str, ...]) -> TreeNode[NodeRef] | None:
        """The node for an object path, adding the nodes on the way if needed ("reveal in tree")."""
        stack = [self.root]
        while stack:
            node = stack.pop()
            ref = node.data
            if ref is not None and ref.kind != "group" and ref.path == path:
                return node
            if ref is not None and ref.path == path[: len(ref.path)]:
                self._fill(node)
            stack.extend(node.children)
        return None


def _group_of_schema_member(kind: str) -> str:
    return {
        "table": "Tables",
        "view": "Views",
        "materialized_view": "Views",
        "function": "Functions",
        "sequence": "Sequences",
        "enum": "Enums",
        "domain": "Domains",
    }.get(kind, "")


def _members(table: Table, path: tuple[str, ...]) -> dict[str, list[Item]]:
    def at(name: str) -> tuple[str, ...]:
        return (*path, name)

    constraints: list[Item] = []
    if table.primary_key is not None:
        pk = table.primary_key
        constraints.append(("primary_key", pk.name, at(pk.name), "PK"))
    constraints += [("foreign_key", c.name, at(c.name), "FK") for c in table.foreign_keys]
    constraints += [("unique", c.name, at(c.name), "UQ") for c in table.unique_constraints]
    constraints += [("check", c.name, at(c.name), "CK") for c in table.check_constraints]
    constraints += [("exclusion", c.name, at(c.name), "EX") for c in table.exclusion_constraints]
    return {
        "Columns": [("column", c.name, at(c.name), c.type) for c in table.columns],
        "Indexes": [("index", i.name, at(i.name), "unique" if i.unique else "") for i in table.indexes],
        "Constraints": constraints,
        "Triggers": [("trigger", t.name, at(t.name), "") for t in table.triggers],
        "Policies": [("policy", p.name, at(p.name), "") for p in table.policies],
    }


def node_text(node: TreeNode[NodeRef]) -> str:
    """The plain label of a node (for tests and the status line)."""
    lab = node.label
    return lab.plain if isinstance(lab, Text) else str(lab)
