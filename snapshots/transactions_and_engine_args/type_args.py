from sqlalchemy import Column, Enum, MetaData, String, Table, Text, Unicode, UnicodeText, types
from sqlalchemy.dialects import mysql
from sqlalchemy.dialects.mysql import VARCHAR

metadata = MetaData()
users = Table(
    "users",
    metadata,
    Column("name", String(50)),
    Column("title", Unicode(50)),
    Column("bio", UnicodeText()),
    # reported: 1.x stored these as bytes
    Column("raw", UnicodeText(convert_unicode="force")),
    Column("lossy", Unicode(50, convert_unicode="force", unicode_error="ignore")),
    Column("notes", Text(), nullable=True),
    Column("kind", Enum("a", "b", name="kind")),
    Column("code", types.String(10)),
    Column("my", VARCHAR(10, charset="utf8")),
    Column("mode", mysql.ENUM("a", "b", quoting="quoted")),
)
