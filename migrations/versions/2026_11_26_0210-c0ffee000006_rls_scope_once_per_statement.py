"""Row-level security reads the tenant scope once per statement, not once per row

Policies called `vigie_ids('app.org_ids')` (and `vigie_user_id()`, `vigie_system()`)
directly. PostgreSQL inlines these SQL functions, so every row a statement checked parsed
the setting again: `current_setting`, `string_to_array`, a cast to uuid[]. That is about
0.6 µs a row, half the cost of the pipeline's near-duplicate scan. Wrapped in a scalar
sub-select, each one is an InitPlan, computed once per statement. The rows a policy lets
through are the same.

Every `tenant_isolation` policy is rewritten from its own definition (pg_policies), so
this covers every table that has one. `app.core.rls` writes the new form for later tables.

Revision ID: c0ffee000006
Revises: b1e55ed00005
Create Date: 2026-11-26 02:10:00
"""
import re
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0ffee000006"
down_revision: str | None = "b1e55ed00005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As PostgreSQL prints policies (pg_policies): the plain calls, and the sub-selects
# (`= ANY (( SELECT vigie_ids(...) AS vigie_ids)::uuid[])`).
_PLAIN = re.compile(r"(?<!SELECT )(vigie_ids\('[a-z_.]+'::text\)|vigie_user_id\(\)"
                    r"|vigie_system\(\))")
_WRAPPED_IDS = re.compile(r"\(\( SELECT (vigie_ids\('[a-z_.]+'::text\)) AS \w+\)::uuid\[\]\)")
_WRAPPED = re.compile(r"\( SELECT (vigie_user_id\(\)|vigie_system\(\)) AS \w+\)")


def _wrap(expression: str) -> str:
    def sub_select(match: re.Match[str]) -> str:
        call = match.group(1)
        return f"((SELECT {call})::uuid[])" if call.startswith("vigie_ids") else f"(SELECT {call})"
    return _PLAIN.sub(sub_select, expression)


def _unwrap(expression: str) -> str:
    return _WRAPPED.sub(r"\1", _WRAPPED_IDS.sub(r"(\1)", expression))


def _rewrite(change: Callable[[str], str]) -> None:
    bind = op.get_bind()
    policies = bind.execute(sa.text(
        "SELECT tablename, qual, with_check FROM pg_policies "
        "WHERE schemaname = current_schema() AND policyname = 'tenant_isolation'")).all()
    for table, using, check in policies:
        clauses = [f"USING ({change(using)})" if using else "",
                   f"WITH CHECK ({change(check)})" if check else ""]
        op.execute(f'ALTER POLICY tenant_isolation ON "{table}" {" ".join(clauses)}')


def upgrade() -> None:
    _rewrite(_wrap)


def downgrade() -> None:
    _rewrite(_unwrap)
