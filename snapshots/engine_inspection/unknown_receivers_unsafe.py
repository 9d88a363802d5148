from sqlalchemy import inspect, MetaData

metadata = MetaData()


class Repository:
    def __init__(self, engine):
        self.engine = engine

    def tables(self):
        # Not proven an Engine: table_names() is an unsafe fix, has_table() and transaction() stay (an
        # Inspector's has_table and a redis client's transaction are valid 2.0 code).
        return inspect(self.engine).get_table_names(), self.engine.has_table("t"), self.engine.transaction(work)

    def reflect(self, insp, table):
        insp.reflect_table(table, None)

    def run(self, bind):
        return bind.run_callable(work)


def work(conn):
    return 1
