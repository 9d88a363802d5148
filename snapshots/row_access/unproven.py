import csv
import sqlite3

import sqlalchemy as sa


def legacy_report(conn, rows_in):
    # conn is not proven a Connection: a 1.x row most likely, reported
    for row in conn.execute(sa.select([sa.text("1")])):
        print(row["name"], row.keys(), dict(row), "name" in row)
    first = conn.execute("SELECT 1").first()
    print(first["x"], first.has_key("x"))
    # no execute() on the way: left alone
    for item in rows_in:
        print(item["name"], item.keys())
    record = {"name": 1}
    print(record["name"], record.keys(), dict(record), "name" in record)


def sqlite_rows(path):
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    for row in db.execute("SELECT name FROM t"):
        print(row["name"], row.keys(), dict(row))
    cur = db.cursor()
    print(cur.execute("SELECT 1").fetchone()["x"])


def csv_rows(path):
    with open(path) as f:
        for row in csv.DictReader(f):
            print(row["name"], row.keys(), "name" in row)


def rebound(conn, rows_in):
    # `row` is bound twice, once to what is not a result's row: left alone
    for row in conn.execute("SELECT 1"):
        print(row["name"])
    for row in rows_in:
        print(row["name"])
