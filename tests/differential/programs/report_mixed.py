# A small reporting module mixing the legacy forms inside functions: select(), case(), exists(), DML
# constructors, Table methods, union() keywords and with_only_columns().
import sqlalchemy as sa

metadata = sa.MetaData()
departments = sa.Table(
    "departments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("title", sa.String(20)),
)
employees = sa.Table(
    "employees",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("dept_id", sa.ForeignKey("departments.id")),
    sa.Column("name", sa.String(20)),
    sa.Column("salary", sa.Integer),
)


def load(conn):
    conn.execute(departments.insert(), [{"id": 1, "title": "ops"}, {"id": 2, "title": "dev"}, {"id": 3, "title": "hr"}])
    for i, (d, n, s) in enumerate([(1, "ann", 50), (1, "bob", 70), (2, "cid", 90), (2, "dee", 40)], 1):
        conn.execute(sa.insert(employees, values={"id": i, "dept_id": d, "name": n, "salary": s}))


def give_raise(conn, dept_id, amount):
    stmt = sa.update(
        employees,
        employees.c.dept_id == dept_id,
        values={"salary": employees.c.salary + amount},
    )
    return conn.execute(stmt).rowcount


def salary_report(conn):
    level = sa.case(
        [(employees.c.salary >= 80, "senior"), (employees.c.salary >= 50, "mid")],
        else_="junior",
    )
    stmt = sa.select(
        [
            departments.c.title,
            employees.c.name,
            level.label("level"),
        ],
        departments.c.id == employees.c.dept_id,
        order_by=[departments.c.title, employees.c.name],
    )
    return [tuple(r) for r in conn.execute(stmt)]


def empty_departments(conn):
    staffed = sa.exists([employees.c.id], employees.c.dept_id == departments.c.id)
    return [tuple(r) for r in conn.execute(departments.select(~staffed))]


def names(conn):
    stmt = sa.union(
        sa.select([departments.c.title.label("label")]),
        sa.select([employees.c.name]),
        order_by="label",
    )
    return [r[0] for r in conn.execute(stmt)]


def headcount(conn):
    stmt = sa.select([employees], employees.c.salary > 45).with_only_columns([sa.func.count(employees.c.id)])
    return conn.execute(stmt).scalar()


engine = sa.create_engine("sqlite://")
metadata.create_all(engine)
with engine.begin() as conn:
    load(conn)
    print("raised:", give_raise(conn, 1, 5))
    conn.execute(employees.delete(employees.c.name == "dee"))

with engine.connect() as conn:
    print("report:", salary_report(conn))
    print("empty:", empty_departments(conn))
    print("names:", names(conn))
    print("headcount:", headcount(conn))
