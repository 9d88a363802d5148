"""The multidb template: per-engine upgrade_<name>()/downgrade_<name>() functions; helpers are not touched."""
from alembic import op
import sqlalchemy as sa

revision = "m1"
down_revision = "m0"


def upgrade(engine_name: str) -> None:
    globals()["upgrade_%s" % engine_name]()


def downgrade(engine_name: str) -> None:
    globals()["downgrade_%s" % engine_name]()


def upgrade_engine1() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_user_email", ["email"])


def downgrade_engine1() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_constraint("uq_user_email", type_="unique")


def upgrade_engine2() -> None:
    if op.get_context().dialect.name == "sqlite":
        with op.batch_alter_table("event", schema=None) as batch_op:
            batch_op.drop_column("payload")


def _helper():
    op.drop_column("event", "payload")
