# Join tuples `join((Target, onclause))` and relationship chains `join(A.r1, B.r2)`: 2.0 takes one target
# (and its onclause) per .join() call; isouter= applies to every hop, as 1.x did.
import sqlite3

from sqlalchemy import Column, ForeignKey, Integer, String, create_engine
from sqlalchemy.orm import Session, declarative_base, relationship

Base = declarative_base()


class Department(Base):
    __tablename__ = "departments"
    id = Column(Integer, primary_key=True)
    title = Column(String)
    staff = relationship("Employee")


class Employee(Base):
    __tablename__ = "employees"
    id = Column(Integer, primary_key=True)
    department_id = Column(ForeignKey("departments.id"))
    name = Column(String)
    laptops = relationship("Laptop")


class Laptop(Base):
    __tablename__ = "laptops"
    id = Column(Integer, primary_key=True)
    employee_id = Column(ForeignKey("employees.id"))
    serial = Column(String)


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
session = Session(engine)
session.add_all([
    Department(title="ops", staff=[Employee(name="eve", laptops=[Laptop(serial="L1")]), Employee(name="mo")]),
    Department(title="dev"),
])
session.commit()

q = session.query(Department.title, Employee.name)
print(q.join((Employee, Department.staff)).order_by(Employee.name).all())
print(q.join((Employee, Department.id == Employee.department_id)).order_by(Employee.name).all())
print(
    session.query(Department.title, Laptop.serial)
    .join((Employee, Department.staff), (Laptop, Employee.laptops))
    .all()
)
print(session.query(Department.title).join(Department.staff, Employee.laptops).all())
print(
    session.query(Department.title, Laptop.serial)
    .join(Department.staff, Employee.laptops, isouter=True)
    .order_by(Department.title, Laptop.serial)
    .all()
)
session.close()
print("second connection:", sqlite3.connect("app.db").execute("SELECT count(*) FROM laptops").fetchone())
