"""Alembic environment for fairplan's store (`db.schema.metadata`).

`db.migrate` runs migrations in-process and hands over its open connection, already
inside the transaction and holding the migration lock, in
``config.attributes["connection"]``. Run from the `alembic` command line instead
(e.g. to write a new revision with ``--autogenerate``), the URL comes from
``-x url=...`` or `sqlalchemy.url`.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from db.migrate import VERSION_TABLE
from db.schema import metadata

config = context.config


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        render_as_batch=True,  # SQLite can only ALTER through table copies
        compare_server_default=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        raise SystemExit("give the database: alembic -x url=sqlite:///fairplan.db upgrade head")
    with create_engine(url).begin() as conn:
        _run(conn)
