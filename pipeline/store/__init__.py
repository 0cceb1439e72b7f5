"""The only place with SQL. One submodule per area; every function takes ``db: sqlite_utils.Database``.

- ``db``: open_db (WAL, foreign keys, migrations with a backup first), transactions.
- ``migrations``: the schema as named migration functions (an applied one is never edited).
- ``transcripts``: transcripts, turns, passages (ingest side).
- ``suggestions``: machine suggestions and the review queue.
- ``decisions``: append-only decisions and the current coding.
- ``users``: accounts of coders and leads.
"""

from pipeline.store.db import open_db, transaction  # noqa: F401
