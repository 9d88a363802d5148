# An explicit render_as_batch=False is the user's choice: reported, not changed. True and expressions
# are left alone (a second run of this codemod changes nothing).
from alembic import context


def run_migrations_offline():
    context.configure(url="sqlite:///app.db", render_as_batch=False)


def run_migrations_online(connection):
    context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")


def run_for_tests(connection):
    context.configure(connection=connection, render_as_batch=True)
