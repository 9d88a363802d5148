from sqlalchemy.engine import Row
from sqlalchemy.engine.result import RowProxy


def show(row: Row, legacy: RowProxy, other: dict):
    print(row._mapping["name"], row._mapping.keys(), dict(row._mapping), "name" in row)
    print(legacy._mapping["name"], legacy._mapping.items())
    print(other["name"], other.keys())
