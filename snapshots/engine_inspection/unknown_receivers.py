from sqlalchemy import MetaData

metadata = MetaData()


class Repository:
    def __init__(self, engine):
        self.engine = engine

    def tables(self):
        # Not proven an Engine: table_names() is an unsafe fix, has_table() and transaction() stay (an
        # Inspector's has_table and a redis client's transaction are valid 2.0 code).
        return self.engine.table_names(), self.engine.has_table("t"), self.engine.transaction(work)

    def reflect(self, insp, table):
        insp.reflecttable(table, None)

    def run(self, bind):
        return bind.run_callable(work)


def work(conn):
    return 1
