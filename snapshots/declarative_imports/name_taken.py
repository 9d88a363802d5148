from sqlalchemy.orm import relation


def relationship(a, b):
    return (a, b)


children = relation("Child")
