# render_as_batch may already be among the **options: adding it could pass it twice. Reported.
from alembic import context

OPTIONS = {"compare_type": True}


def run_migrations_online(connection):
    context.configure(connection=connection, **OPTIONS)
