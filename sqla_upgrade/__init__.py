"""sqla-upgrade: migrate code from SQLAlchemy 1.3/1.4 to 2.0 (and 2.1)."""

__version__ = "0.1.0"
