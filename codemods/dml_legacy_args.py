"""`insert(t, values=..., inline=True)` / `update(t, where, values)` / `delete(t, where)` → generative chains.

SQLAlchemy 1.4 deprecated every argument of the `insert()`, `update()` and `delete()` constructors but the
table (RemovedIn20Warning, b8d9); 2.0 raises `TypeError` for them. Each becomes the generative method that
1.4 already had, so the output also runs on 1.4:

    insert(t, values={"x": 1}, inline=True, returning=[t.c.id], prefixes=["OR IGNORE"])
    → insert(t).values({"x": 1}).inline().returning(t.c.id).prefix_with("OR IGNORE")
    update(t, t.c.id == 1, {"x": 2})                  → update(t).where(t.c.id == 1).values({"x": 2})
    update(t, preserve_parameter_order=True).values([(t.c.y, 1), (t.c.x, 2)])
                                                      → update(t).ordered_values((t.c.y, 1), (t.c.x, 2))
    update(t, mysql_limit=10)                         → update(t).with_dialect_options(mysql_limit=10)

Callees are matched by qualified name: `insert`/`update`/`delete` (and the `Insert`/`Update`/`Delete`
classes) imported from SQLAlchemy, and the PostgreSQL/MySQL/SQLite `insert()`, which inherited the same
constructor. A user's own `insert()` and `insert(t)` / `insert(t).values(...)` (already 2.0) are left alone.

The argument map and what 1.4 did with each argument are in `sqla_upgrade/legacy_dml.py` (shared with
table-dml-args). Edge cases: a `whereclause` that may be None (1.4 skipped it, 2.0 renders WHERE NULL) is
reported, and one whose value is unknown (a parameter) is an unsafe fix; `update(..., return_defaults=[cols])`
becomes `.return_defaults()` because 1.4's update() ignored the columns; a variable `returning=`/`prefixes=`/
ordered-values list is splatted (`*x`) as an unsafe fix unless it provably holds a list. `bind=` stays in the
call and is reported (execute the statement on a Connection); `*args`/`**kw`, non-literal flags, and
`returning=` together with `return_defaults=` are reported, never guessed. A single-line call becomes a
single-line chain; a multi-line call a parenthesised chain, one method per line, comments kept.
"""

from __future__ import annotations

from typing import Optional, Tuple

import libcst as cst

from sqla_upgrade.detect import Sites, has_arguments
from sqla_upgrade.kinds import sqla_names
from sqla_upgrade.codemod import Example, Safety
from sqla_upgrade.legacy_dml import DIALECT_INSERTS, LegacyDmlCodemod, dml_callee_kind


class DmlLegacyArgs(LegacyDmlCodemod):
    ID = "dml-legacy-args"
    SUMMARY = "insert()/update()/delete() legacy arguments → .where()/.values()/.returning()/... chains"
    SAFETY = Safety.HEURISTIC
    ERROR_CODE = "b8d9"
    MIN_TARGET = "2.0"
    # The callee's own name is spelled in the file (in the call or in its import), whatever the import style.
    TRIGGERS = (b"insert", b"update", b"delete", b"Insert", b"Update", b"Delete")
    SITES = Sites(
        calls=frozenset(sqla_names("insert", "update", "delete", "Insert", "Update", "Delete") | DIALECT_INSERTS),
        where=has_arguments,
    )
    EMITS = (
        b".where(",
        b".values(",
        b".ordered_values(",
        b".inline(",
        b".returning(",
        b".return_defaults(",
        b".prefix_with(",
        b".with_dialect_options(",
    )
    EXAMPLES = (
        Example(
            before="from sqlalchemy import insert\n\n"
            'stmt = insert(t, values={"x": 1}, inline=True, returning=[t.c.id])\n',
            after="from sqlalchemy import insert\n\n"
            'stmt = insert(t).values({"x": 1}).inline().returning(t.c.id)\n',
        ),
        Example(
            before="import sqlalchemy as sa\n\nstmt = sa.update(t, t.c.id == 1, {\"x\": 2}, mysql_limit=1)\n",
            after="import sqlalchemy as sa\n\n"
            'stmt = sa.update(t).where(t.c.id == 1).values({"x": 2}).with_dialect_options(mysql_limit=1)\n',
        ),
        Example(
            before="from sqlalchemy import update\n\n"
            "stmt = update(t, preserve_parameter_order=True).values([(t.c.y, 1), (t.c.x, 2)])\n",
            after="from sqlalchemy import update\n\nstmt = update(t).ordered_values((t.c.y, 1), (t.c.x, 2))\n",
        ),
    )

    METHOD_FORM = False

    def match(self, call: cst.Call) -> Optional[Tuple[str, Optional[str]]]:
        kind = dml_callee_kind(self.qualified_names(call.func))
        return None if kind is None else (kind, None)
