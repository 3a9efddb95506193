"""Alembic migrations of the records store, applied by `monitor.store.RecordStore` on open."""
