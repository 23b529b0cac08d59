"""Where sessions are kept: an append-only log of commands and the events they produced.

The default backend is one SQLite file per session; another backend (e.g. PostgreSQL for
a multi-site exercise) implements `SessionStore` and nothing else changes.
"""

from tabletop.store.base import Record, SessionMeta, SessionStore, StoreError
from tabletop.store.sqlite import SQLiteStore, is_database

__all__ = ["Record", "SQLiteStore", "SessionMeta", "SessionStore", "StoreError", "is_database"]
