import sqlalchemy as sa

engine = sa.create_engine("sqlite://")

print(sa.inspect(engine).get_table_names())
print(sa.inspect(engine).has_table("users"))
insp = sa.inspect(engine)
also = sa.inspect(engine)
insp.reflect_table(sa.Table("users", sa.MetaData()), None)
