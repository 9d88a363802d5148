# A Session the tool cannot prove (an unannotated parameter) with `.query(Model)` on it: an unsafe fix,
# applied here with --unsafe-fixes.
import sqlite3

from sqlalchemy import Column, ForeignKey, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, relationship, sessionmaker, subqueryload

Base = declarative_base()


class Course(Base):
    __tablename__ = "courses"
    id = Column(Integer, primary_key=True)
    name = Column(String)
    lessons = relationship("Lesson", order_by="Lesson.id")


class Lesson(Base):
    __tablename__ = "lessons"
    id = Column(Integer, primary_key=True)
    course_id = Column(ForeignKey("courses.id"))
    title = Column(String)


def courses(sess):
    return sess.query(Course).options(subqueryload("lessons")).join("lessons").distinct().all()


engine = create_engine("sqlite:///app.db")
Base.metadata.create_all(engine)
make = sessionmaker(bind=engine)
with make() as s:
    s.add(Course(name="sql", lessons=[Lesson(title="select"), Lesson(title="join")]))
    s.commit()
    found = courses(s)
    print([(c.name, "lessons" in c.__dict__, [l.title for l in c.lessons]) for c in found])
print("second connection:", sqlite3.connect("app.db").execute("SELECT count(*) FROM lessons").fetchone())
