from sqlalchemy import union, union_all

bound = union(s1, s2, bind=engine)
splat = union_all(s1, s2, **options)
unknown = union(s1, s2, whereclause=t.c.x == 1)
flag = union(s1, s2, use_labels=labelled)
labelled = union(s1, s2, use_labels=True)
