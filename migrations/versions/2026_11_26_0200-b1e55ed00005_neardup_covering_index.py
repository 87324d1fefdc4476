"""Near-duplicate candidates from a covering index instead of the table

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

The GIN index on `minhash_bands` goes: no query uses it (looking bands up in it one by one
fetches every mention that ever shared a band, at random across the table), and every
insert paid for its eight keys.

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


def upgrade() -> None:
    op.drop_index("ix_mentions_minhash_bands", table_name="mentions")
    op.create_index(
        "ix_mentions_neardup", "mentions", ["workspace_id", sa.text("published_at DESC")],
        postgresql_include=["id", "organization_id", "minhash_bands"],
        postgresql_where=sa.text("minhash_bands IS NOT NULL"))
    op.execute("ALTER TABLE mentions SET (autovacuum_vacuum_insert_scale_factor = 0.01)")


def downgrade() -> None:
    op.execute("ALTER TABLE mentions RESET (autovacuum_vacuum_insert_scale_factor)")
    op.drop_index("ix_mentions_neardup", table_name="mentions")
    op.create_index("ix_mentions_minhash_bands", "mentions", ["minhash_bands"],
                    postgresql_using="gin")
