"""Near-duplicate candidates: a covering index for large batches, the GIN index for small ones

The pipeline looks for earlier mentions of the last 30 days sharing a MinHash band with a
batch. It scanned `ix_mentions_ws_published` and read every row from the heap, wide rows
with their text, to test eight bands: about 80 ms a batch of 500 over 1M mentions. This
index holds what that test needs (and the columns of the row-level security policy), so
the scan reads no heap page: about 30 ms.

An index-only scan still reads the heap for rows on pages the visibility map does not mark
all-visible, which in an insert-only table is what autovacuum has not reached yet: by
default it comes after 20 % of the table has been inserted (200,000 rows of a 1M table).
`mentions` gets it after 1 % (plus the base 1,000); those vacuums skip the pages already
all-visible and, with almost no dead rows, the indexes.

That scan costs the same for a batch of 5 items as for one of 500 (about 60-120 ms at
90,000 mentions in 30 days). A small batch instead looks its few bands up in the GIN index
on `minhash_bands`, which no query used until now: `vigie_neardup_by_band()` runs that
lookup with index and sequential scans disabled, because the planner misestimates `&&` on
bigint arrays and otherwise picks a per-row test of the whole array (seconds). Every GIN
lookup also reads the index's whole pending list (inserts not merged yet, up to 4 MB by
default): 15 ms per lookup after a few thousand inserts. This index keeps it to 256 kB:
about 2 ms, for more frequent, smaller merges.

Revision ID: b1e55ed00005
Revises: a0717a0e0004
Create Date: 2026-11-26 02:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b1e55ed00005"
down_revision: str | None = "a0717a0e0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Near-duplicate candidates of a small batch, through the GIN index. `OFFSET 0` keeps the
# workspace and date tests out of the lookup (ANDed with a bitmap of the workspace's 30 days,
# 100,000 entries, it took 5 ms instead of 0.3); the settings forbid the plans that test
# every row's array instead.
BY_BAND = """CREATE OR REPLACE FUNCTION vigie_neardup_by_band(ws uuid, bands bigint[])
RETURNS TABLE (id uuid, group_id uuid, minhash_bands bigint[], title text, text text)
LANGUAGE sql STABLE SET enable_seqscan = off SET enable_indexscan = off AS $$
SELECT m.id, m.group_id, m.minhash_bands, m.title::text, m.text::text
FROM (SELECT * FROM mentions WHERE minhash_bands && bands OFFSET 0) m
WHERE m.workspace_id = ws AND m.published_at > now() - interval '30 days'
ORDER BY m.published_at DESC LIMIT 500
$$"""


def upgrade() -> None:
    op.execute(BY_BAND)
    op.execute("ALTER INDEX ix_mentions_minhash_bands SET (gin_pending_list_limit = 256)")
    op.create_index(
        "ix_mentions_neardup", "mentions", ["workspace_id", sa.text("published_at DESC")],
        postgresql_include=["id", "organization_id", "minhash_bands"],
        postgresql_where=sa.text("minhash_bands IS NOT NULL"))
    op.execute("ALTER TABLE mentions SET (autovacuum_vacuum_insert_scale_factor = 0.01)")


def downgrade() -> None:
    op.execute("ALTER TABLE mentions RESET (autovacuum_vacuum_insert_scale_factor)")
    op.drop_index("ix_mentions_neardup", table_name="mentions")
    op.execute("DROP FUNCTION vigie_neardup_by_band(uuid, bigint[])")
    op.execute("ALTER INDEX ix_mentions_minhash_bands RESET (gin_pending_list_limit)")
