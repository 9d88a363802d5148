import enum

import sqlalchemy as sa
from sqlalchemy import Column, Enum, Integer, MetaData, Sequence, Table
from sqlalchemy.types import Variant

metadata = MetaData()


class Color(enum.Enum):
    red = 1
    crimson = 1
    blue = 2


class Size(enum.Enum):
    small = "s"
    large = "l"


items = Table(
    "items",
    metadata,
    Column("id", Integer, Sequence("item_id_seq", start=1), primary_key=True),
    Column("other", Integer, sa.Sequence("other_seq", metadata=metadata, start=1)),
    Column("kept", Integer, Sequence("kept_seq", start=10)),
    Column("positional", Integer, Sequence("pos_seq", 5)),
    Column("color", Enum(Color, omit_aliases=False)),
    Column("size", Enum(Size)),
    Column("color2", sa.Enum(Color, name="color2", omit_aliases=True)),
    Column("strings", Enum("a", "b", name="letters")),
)
multi = Sequence(
    "multi_seq",
    increment=-1,
    start=1,
)
typ = Integer().with_variant(sa.String(), "sqlite")
if isinstance(typ, Variant) or isinstance(typ, (sa.types.Variant, int)):
    print("variant")
drop = sa.schema.DropSequence(sa.schema.Sequence("old_seq"))
