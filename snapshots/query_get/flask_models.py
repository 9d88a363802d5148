from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
custom = SQLAlchemy(query_class=object)


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class Admin(User):
    pass


class Tagged(db.Model):
    query_class = object
    id = db.Column(db.Integer, primary_key=True)


class Odd(custom.Model):
    id = custom.Column(custom.Integer, primary_key=True)


def views(ident):
    a = db.session.get(User, ident)
    b = db.session.get(Admin, ident, options=[db.joinedload(User.id)])
    c = Tagged.query.get(ident)
    d = Odd.query.get(ident)
    e = db.session.get(User, ident)
    return a, b, c, d, e


def shadowed(db, ident):
    return User.query.get(ident)
