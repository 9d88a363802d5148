"""`Query.get()` (legacy since 1.4, still in 2.0 and 2.1) → `Session.get()`.

Rewritten, safe, when the session is proven (a Session, a scoped_session, a sessionmaker's Session) and the
single query entity is a proven mapped class (a declarative model, a class mapped by `mapper(C, t)` /
`registry.map_imperatively()` anywhere in the project, `cls` in a classmethod of one, a Flask-SQLAlchemy
`db.Model` subclass):

* `session.query(User).get(5)` → `session.get(User, 5)`;
* the links Session.get has a parameter for: `.options(a, b)` → `options=[a, b]` (several `.options()` are
  concatenated), `.populate_existing()` → `populate_existing=True`, `.with_for_update()` →
  `with_for_update=True`, `.with_for_update(nowait=True)` → `with_for_update={"nowait": True}` (1.4's
  positional order read, nowait, of, skip_locked, key_share is kept), `.execution_options(**x)` →
  `execution_options=x` / `execution_options={"a": 1, **x}`;
* a generator-expression key `get(x for x in k)` becomes `tuple(x for x in k)` (it needs its own
  parentheses once it is not the only argument);
* Flask-SQLAlchemy's `User.query.get(5)` → `db.session.get(User, 5)` when `User` derives from `db.Model`,
  `db` is a `SQLAlchemy()` built without `query_class=`/`model_class=`, no class on the way binds `query` or
  `query_class`, and a name visible at the call is that same `db`: `Model.query` is then
  `db.session.query(Model)`. No import is added (Flask applications are prone to import cycles).

Session.get() does what Query.get() did on 1.4 (the same identity-map lookup, options, populate_existing,
FOR UPDATE and execution options; 1.4's Session.get() accepts all of them), so the output also runs on 1.4.
Both reject the same entities (an aliased() class, a column, several entities).

Unsafe fixes (--unsafe-fixes): the same rewrite when only one of the two is proven: the session (the entity
is a name inference cannot follow, e.g. a parameter), or the entity (the session is, e.g. an unannotated
`session` parameter).

Reported, not rewritten (Query.get() still works on 2.0, so these are advice): any other link before
`.get()`: 1.4 raised for criteria (`filter`, `join`, `limit`, `select_from`, ...) and ignored `order_by`,
`distinct`, `autoflush`, `params`, ...; Session.get() has none of them. Also repeated `with_for_update()` /
`populate_existing()` / `execution_options()` links, positional `execution_options()`, a chain whose comments
the one-line call would lose, a key whose evaluation would move before calls in the options, and
`Model.query.get()` on a mapped class whose Flask-SQLAlchemy `db` cannot be found at the call.
"""

from __future__ import annotations

import ast
from typing import List, Optional, Sequence, Tuple

import libcst as cst

from sqla_upgrade.chain import comments_within
from sqla_upgrade.codemod import Example, Safety, SqlaCodemod
from sqla_upgrade.detect import Sites
from sqla_upgrade.kinds import Kind, is_sqla_qualified
from sqla_upgrade.scopes import LOCAL, BindingKind

#: the links Session.get() has a parameter for
_LINKS = ("options", "populate_existing", "with_for_update", "execution_options")
#: Query.with_for_update()'s positional parameters in 1.4 (2.0 takes keywords only)
_FOR_UPDATE_POSITIONAL = ("read", "nowait", "of", "skip_locked", "key_share")
_SESSIONS = (Kind.SESSION, Kind.SCOPED_SESSION)
_LITERALS = (cst.Integer, cst.Float, cst.SimpleString, cst.ConcatenatedString, cst.Imaginary)


def query_get_site(call: ast.Call) -> bool:
    """`<x>.<method>(...).get(...)` or `<x>.query.get(...)` (detect.py's `where`: not `d.get(k)`)."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return False
    value = func.value
    return (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)) or (
        isinstance(value, ast.Attribute) and value.attr == "query"
    )


def _code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)


class _Chain:
    """`<S>.query(<E>).<links>.get(<key>)` or `<X>.query.<links>.get(<key>)`, taken apart."""

    def __init__(self, get: cst.Call) -> None:
        self.links: List[cst.Call] = []  # outermost first
        self.query: Optional[cst.Call] = None  # the `.query(...)` call
        self.flask: Optional[cst.Attribute] = None  # the `X.query` attribute
        node = get.func.value  # type: ignore[attr-defined]
        while isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            if node.func.attr.value == "query":
                self.query = node
                break
            self.links.append(node)
            node = node.func.value
        else:
            if isinstance(node, cst.Attribute) and node.attr.value == "query":
                self.flask = node
        self.links.reverse()


def _inert(node: cst.BaseExpression, names) -> bool:
    """Evaluating ``node`` earlier or later changes nothing: names, attributes, literals, displays and
    operators of such, and calls of SQLAlchemy's own functions (loader options) with such arguments."""
    if isinstance(node, (cst.Name,) + _LITERALS):
        return True
    if isinstance(node, cst.Attribute):
        return _inert(node.value, names)
    if isinstance(node, (cst.Tuple, cst.List)):
        return all(_inert(e.value, names) for e in node.elements)
    if isinstance(node, cst.UnaryOperation):
        return _inert(node.expression, names)
    if isinstance(node, cst.Subscript):
        return _inert(node.value, names) and all(
            isinstance(e.slice, cst.Index) and _inert(e.slice.value, names) for e in node.slice
        )
    if isinstance(node, cst.Call):
        func = node.func
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Call):
            callee_ok = _inert(func.value, names)  # `joinedload(A.b).joinedload(B.c)`
        else:
            qualified = names.qualified_names(func) if isinstance(func, (cst.Name, cst.Attribute)) else set()
            callee_ok = bool(qualified) and all(is_sqla_qualified(q) for q in qualified)
        return callee_ok and all(_inert(a.value, names) for a in node.args)
    return False


class QueryGet(SqlaCodemod):
    ID = "query-get"
    SUMMARY = "session.query(Model).get(pk) (and Flask's Model.query.get(pk)) → session.get(Model, pk, ...)"
    SAFETY = Safety.HEURISTIC
    ERROR_CODE = None
    MIN_TARGET = "2.0"
    # both forms spell `query`: `session.query(Model)...get()` and `Model.query...get()`
    TRIGGERS = (b"query",)
    SITES = Sites(methods=frozenset({"get"}), where=query_get_site)
    EXAMPLES = (
        Example(
            before="from sqlalchemy.orm import Session, declarative_base, joinedload\n\nBase = declarative_base()\n\n\n"
            "class User(Base):\n    ...\n\n\n"
            "def load(session: Session, user_id):\n"
            "    return session.query(User).options(joinedload(User.addresses)).with_for_update(nowait=True).get(user_id)\n",
            after="from sqlalchemy.orm import Session, declarative_base, joinedload\n\nBase = declarative_base()\n\n\n"
            "class User(Base):\n    ...\n\n\n"
            "def load(session: Session, user_id):\n"
            "    return session.get(User, user_id, options=[joinedload(User.addresses)], with_for_update={\"nowait\": True})\n",
        ),
        Example(
            before="from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n\n\nclass User(db.Model):\n"
            "    id = db.Column(db.Integer, primary_key=True)\n\n\nuser = User.query.get(5)\n",
            after="from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n\n\nclass User(db.Model):\n"
            "    id = db.Column(db.Integer, primary_key=True)\n\n\nuser = db.session.get(User, 5)\n",
        ),
        Example(
            before="from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\nclass User(Base):\n    ...\n\n\n"
            "def load(session, user_id):\n    return session.query(User).get(user_id)\n",
            after="from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\nclass User(Base):\n    ...\n\n\n"
            "def load(session, user_id):\n    return session.get(User, user_id)\n",
            unsafe=True,
        ),
    )

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "get"):
            return updated_node
        chain = _Chain(original_node)
        if chain.query is not None:
            return self._session_get(original_node, updated_node, chain)
        if chain.flask is not None:
            return self._flask_get(original_node, updated_node, chain)
        return updated_node

    # -- which calls ----------------------------------------------------------------------------------

    @staticmethod
    def _single_positional(call: cst.Call) -> Optional[cst.BaseExpression]:
        if len(call.args) == 1 and call.args[0].keyword is None and not call.args[0].star:
            return call.args[0].value
        return None

    def _session_get(self, original: cst.Call, updated: cst.Call, chain: _Chain) -> cst.BaseExpression:
        query = chain.query
        assert query is not None and isinstance(query.func, cst.Attribute)
        session_kind = self.kind_of(query.func.value)
        entity = self._single_positional(query)
        key = self._single_positional(original)
        if entity is None or key is None:
            return updated
        entity_kind = self.kind_of(entity)
        session_proven = session_kind in _SESSIONS
        entity_proven = entity_kind == Kind.MAPPED_CLASS
        if entity_kind not in (Kind.MAPPED_CLASS, Kind.UNKNOWN):
            return updated  # a literal, a user's own class, a Table: not a Query.get() that worked
        if not session_proven and not (session_kind == Kind.UNKNOWN and entity_proven):
            return updated
        session = _code(query.func.value)
        more = ", ..." if chain.links else ""
        advice = f"use {session}.get({_code(entity)}, {_code(key)}{more})"
        kwargs, problem = self._rewritable(original, chain, entity, key)
        if problem is not None:
            self.report(original, f"Query.get() is legacy: {advice}; not rewritten: {problem}")
            return updated
        if not (session_proven and entity_proven):
            unproven = f"{session} is not proven to be a Session" if not session_proven else (
                f"{_code(entity)} is not proven to be a mapped class"
            )
            if not self.allow_unsafe(original, f"Query.get() is legacy: {advice} ({unproven})"):
                return updated
        new_query = self._updated_query(updated)
        if new_query is None:
            return updated  # an earlier codemod changed the chain: leave it
        receiver = new_query.func.value  # type: ignore[attr-defined]
        new_entity = new_query.args[0].value
        return self._build(receiver, new_entity, updated, kwargs)

    def _flask_get(self, original: cst.Call, updated: cst.Call, chain: _Chain) -> cst.BaseExpression:
        attr = chain.flask
        assert attr is not None
        model = attr.value
        key = self._single_positional(original)
        if key is None or self.kind_of(model) != Kind.MAPPED_CLASS:
            return updated  # a user's own class with a `query` attribute is none of ours
        db, why = self._flask_db(model)
        more = ", ..." if chain.links else ""
        advice = f"use session.get({_code(model)}, {_code(key)}{more}) with the session {_code(model)}.query queries"
        kwargs, problem = self._rewritable(original, chain, model, key)
        problem = why or problem
        if problem is not None or db is None:
            if db is not None:
                advice = f"use {db}.session.get({_code(model)}, {_code(key)}{more})"
            self.report(original, f"Query.get() is legacy: {advice}; not rewritten: {problem}")
            return updated
        new_model = self._updated_flask_model(updated)
        if new_model is None:
            return updated
        receiver = cst.Attribute(value=cst.Name(db), attr=cst.Name("session"))
        return self._build(receiver, new_model, updated, kwargs)

    # -- Flask-SQLAlchemy -----------------------------------------------------------------------------

    def _flask_db(self, model: cst.BaseExpression) -> Tuple[Optional[str], Optional[str]]:
        """The name, visible here, of the Flask-SQLAlchemy instance whose session ``model.query`` uses;
        else (None, why not)."""
        names = self.state.names
        identity: Optional[str] = None
        if isinstance(model, cst.Name):
            found = names.lookup(model.value)  # type: ignore[union-attr]
            if found is not None and len(found[1]) == 1 and found[1][0].kind == BindingKind.CLASS:
                binding = found[1][0]
                identity, why = self._local_model_db(binding.node, binding.scope, 0)
                if identity is None:
                    return None, why
        if identity is None:
            index = names.index  # type: ignore[union-attr]
            qualified = self.qualified_names(model)
            if index is None or len(qualified) != 1 or LOCAL in qualified:
                return None, "the model's Flask-SQLAlchemy db is not known here"
            identity = index.flask_db(next(iter(qualified)))  # type: ignore[attr-defined]
            if identity is None:
                return None, "the model's Flask-SQLAlchemy db is not known (or it sets query/query_class)"
            fact = index.fact(identity)  # type: ignore[attr-defined]
            if fact is not None and {"query_class", "model_class", "**"} & set(fact.keywords):
                return None, "its SQLAlchemy() sets query_class/model_class"
        name = identity.rpartition(".")[2]
        if self._identity(cst.Name(name)) != identity:
            return None, f"no name {name} visible here refers to that SQLAlchemy() instance"
        return name, None

    def _identity(self, name: cst.Name) -> Optional[str]:
        """The dotted name a name stands for: an import's target, or this module's own module-level name."""
        names = self.state.names
        qualified = names.qualified_names(name)  # type: ignore[union-attr]
        if len(qualified) == 1 and LOCAL not in qualified:
            return next(iter(qualified))
        found = names.lookup(name.value)  # type: ignore[union-attr]
        if found is not None and found[0].is_module:
            return f"{names.module_name}.{name.value}"  # type: ignore[union-attr]
        return None

    def _local_model_db(self, node: cst.ClassDef, scope, depth: int) -> Tuple[Optional[str], Optional[str]]:
        """For a class of this file: the identity of the `db` whose `db.Model` it derives from."""
        names = self.state.names
        if depth > 8:
            return None, "the class hierarchy is too deep"
        if _binds(node, ("query", "query_class")):
            return None, f"{node.name.value} sets query or query_class"
        with names.within(scope):  # type: ignore[union-attr]
            for base in node.bases:
                value = base.value
                if isinstance(value, cst.Attribute) and value.attr.value == "Model" and isinstance(value.value, cst.Name):
                    if self.kind_of(value.value) == Kind.FLASK_SQLALCHEMY:
                        if self._custom_query_class(value.value):
                            return None, "its SQLAlchemy() sets query_class/model_class"
                        return self._identity(value.value), None
                if isinstance(value, cst.Name):
                    found = names.lookup(value.value)  # type: ignore[union-attr]
                    if found is not None and len(found[1]) == 1 and found[1][0].kind == BindingKind.CLASS:
                        inner = found[1][0]
                        db, why = self._local_model_db(inner.node, inner.scope, depth + 1)
                        if db is not None or why is not None:
                            return db, why
                        continue
                index = names.index  # type: ignore[union-attr]
                qualified = self.qualified_names(value)
                if index is not None and len(qualified) == 1 and LOCAL not in qualified:
                    db = index.flask_db(next(iter(qualified)))  # type: ignore[attr-defined]
                    if db is not None:
                        return db, None
        return None, None

    def _custom_query_class(self, db: cst.Name) -> bool:
        values = self.bound_values(db)
        if not values:
            return False  # imported: the index's fact is checked by the caller's path
        return any(
            isinstance(v, cst.Call) and any(a.star == "**" or (a.keyword is not None and a.keyword.value in ("query_class", "model_class")) for a in v.args)
            for v in values
        )

    # -- the links ------------------------------------------------------------------------------------

    def _rewritable(
        self, call: cst.Call, chain: _Chain, entity: cst.BaseExpression, key: cst.BaseExpression
    ) -> Tuple[List[cst.Arg], Optional[str]]:
        """Session.get()'s keyword arguments for the chain, or why it cannot become one call."""
        problem = self._unsupported(chain)
        if problem is not None:
            return [], problem
        kwargs, problem = self._keywords(chain)
        if problem is None:
            problem = self._order_problem(chain, key)
        if problem is None and self._loses_comments(call, [entity, key, *[a.value for c in chain.links for a in c.args]]):
            problem = "the chain holds comments the one-line call would lose"
        return kwargs, problem

    @staticmethod
    def _unsupported(chain: _Chain) -> Optional[str]:
        for link in chain.links:
            method = link.func.attr.value  # type: ignore[attr-defined]
            if method not in _LINKS:
                return f".{method}() before .get(), which Session.get() has no parameter for"
        for method in ("populate_existing", "with_for_update", "execution_options"):
            if sum(1 for link in chain.links if link.func.attr.value == method) > 1:  # type: ignore[attr-defined]
                return f".{method}() more than once"
        return None

    def _keywords(self, chain: _Chain) -> Tuple[List[cst.Arg], Optional[str]]:
        """Session.get()'s keyword arguments for the links (in its signature's order), or why not."""
        by_method = {m: [c for c in chain.links if c.func.attr.value == m] for m in _LINKS}  # type: ignore[attr-defined]
        out: List[cst.Arg] = []
        options: List[cst.Element] = []
        for link in by_method["options"]:
            for a in link.args:
                if a.keyword is not None or a.star == "**":
                    return [], ".options() with keyword arguments"
                options.append(cst.StarredElement(a.value) if a.star == "*" else cst.Element(a.value))
        if options:
            out.append(_kwarg("options", cst.List(_commas(options))))
        if by_method["populate_existing"]:
            if by_method["populate_existing"][0].args:
                return [], ".populate_existing() with arguments"
            out.append(_kwarg("populate_existing", cst.Name("True")))
        if by_method["with_for_update"]:
            value = self._dict_of(by_method["with_for_update"][0].args, _FOR_UPDATE_POSITIONAL)
            if value is None:
                return [], "the .with_for_update() arguments"
            out.append(_kwarg("with_for_update", value if value is not True else cst.Name("True")))
        if by_method["execution_options"]:
            args = by_method["execution_options"][0].args
            if len(args) == 1 and args[0].star == "**":
                value = args[0].value
            else:
                value = self._dict_of(args, ())
                if value is None or value is True:
                    return [], "the .execution_options() arguments"
            out.append(_kwarg("execution_options", value))
        return out, None

    @staticmethod
    def _dict_of(args: Sequence[cst.Arg], positional: Sequence[str]):
        """``(a, b=1, **kw)`` → ``{"read": a, "b": 1, **kw}``; True for no arguments; None if impossible."""
        if not args:
            return True
        elements: List[cst.BaseDictElement] = []
        index = 0
        for a in args:
            if a.star == "**":
                elements.append(cst.StarredDictElement(a.value))
            elif a.star:
                return None
            elif a.keyword is None:
                if index >= len(positional) or any(e for e in elements if isinstance(e, cst.StarredDictElement)):
                    return None
                elements.append(cst.DictElement(cst.SimpleString(f'"{positional[index]}"'), a.value))
                index += 1
            else:
                elements.append(cst.DictElement(cst.SimpleString(f'"{a.keyword.value}"'), a.value))
        return cst.Dict(_commas(elements))

    def _order_problem(self, chain: _Chain, key: cst.BaseExpression) -> Optional[str]:
        """Session.get() evaluates the key before the options; 1.x evaluated the links first."""
        names = self.state.names
        link_args = [a.value for c in chain.links for a in c.args]
        if not link_args or _inert(key, names) or all(_inert(v, names) for v in link_args):
            return None
        return "the key would be evaluated before the arguments of the links, which call functions"

    @staticmethod
    def _loses_comments(call: cst.Call, kept: Sequence[cst.BaseExpression]) -> bool:
        return len(comments_within(call)) > sum(len(comments_within(k)) for k in kept)

    # -- building -------------------------------------------------------------------------------------

    @staticmethod
    def _updated_query(updated: cst.Call) -> Optional[cst.Call]:
        chain = _Chain(updated)
        return chain.query if chain.query is not None and len(chain.query.args) == 1 else None

    @staticmethod
    def _updated_flask_model(updated: cst.Call) -> Optional[cst.BaseExpression]:
        chain = _Chain(updated)
        return chain.flask.value if chain.flask is not None else None

    def _build(self, receiver: cst.BaseExpression, entity: cst.BaseExpression, updated: cst.Call, kwargs: List[cst.Arg]) -> cst.Call:
        key = updated.args[0].value
        if isinstance(key, cst.GeneratorExp) and not key.lpar:
            if self.state.names.lookup("tuple") is None and not self.qualified_names(cst.Name("tuple")):  # type: ignore[union-attr]
                key = cst.Call(func=cst.Name("tuple"), args=[cst.Arg(key)])
            else:
                key = key.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        args = [cst.Arg(entity), cst.Arg(key), *kwargs]
        return cst.Call(
            func=cst.Attribute(value=receiver, attr=cst.Name("get")),
            args=[a.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))) for a in args[:-1]] + [args[-1]],
            lpar=updated.lpar,
            rpar=updated.rpar,
        )


def _kwarg(name: str, value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(
        value=value,
        keyword=cst.Name(name),
        equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")),
    )


def _commas(elements: list) -> list:
    return [
        e.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))) if i < len(elements) - 1 else e
        for i, e in enumerate(elements)
    ]


def _binds(node: cst.ClassDef, attrs: Sequence[str]) -> bool:
    """Whether the class body binds any of ``attrs`` (an assignment or a def)."""
    body = node.body.body if isinstance(node.body, cst.IndentedBlock) else []
    for stmt in body:
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)) and stmt.name.value in attrs:
            return True
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else (
                    [small.target] if isinstance(small, cst.AnnAssign) else []
                )
                if any(isinstance(t, cst.Name) and t.value in attrs for t in targets):
                    return True
    return False

