# Look-alikes: a DBAPI cursor, subprocess, a celery task, a user's own execute()/scalar(): untouched.
import sqlite3
import subprocess

from celery import Celery
from sqlalchemy import create_engine

app = Celery()
engine = create_engine("sqlite:///app.db")


@app.task
def job():
    return 1


class Query:
    def execute(self):
        return []

    def scalar(self):
        return 0


def run():
    cursor = sqlite3.connect("app.db").cursor()
    cursor.execute("SELECT 1")
    subprocess.run(["ls"]).check_returncode()
    job.apply_async()
    q = Query()
    q.execute()
    q.scalar()
    with engine.connect() as conn:
        conn.execute(text("SELECT 1")).scalar()
