from sqlalchemy import create_engine, select

engine = create_engine("sqlite:///app.db")


def check(users, key):
    with engine.connect() as conn:
        row = conn.execute(select(users)).first()
        if "name" in row._mapping:
            print("has name")
        found = key in row._mapping and not "x" in row._mapping
        print((key in row._mapping) == True, [(k in row._mapping) for k in ("a", "b")], (key or "id") in row._mapping)
        assert "id" in row._mapping
        return "id" in row._mapping
