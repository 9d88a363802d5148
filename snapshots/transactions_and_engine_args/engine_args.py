from sqlalchemy import create_engine, engine_from_config
from sqlalchemy.future import create_engine as create_future_engine

engine = create_engine("sqlite:///app.db")
other = create_engine("sqlite:///app.db")
future = create_future_engine("sqlite://")
configured = engine_from_config(config, "sqlalchemy.")
laid_out = create_engine(
    "sqlite:///app.db",
    echo=True,
)
dropped_last = create_engine(
    "sqlite:///app.db",
    echo=True,
    convert_unicode=True  # comment
)
# reported
legacy = create_engine("sqlite://", future=False)
flag = create_engine("sqlite://", future=settings.FUTURE)
latin = create_engine("mysql://", encoding="latin1")
insensitive = create_engine("sqlite://", case_sensitive=False)
streaming = create_engine("postgresql://", server_side_cursors=True)
threadlocal = create_engine("sqlite://", strategy="threadlocal")
computed = create_engine("sqlite://", convert_unicode=flag())
